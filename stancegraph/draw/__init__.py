"""Pictures of a debate, drawn with matplotlib.

Every function takes the graph (or a coalition result), draws on the caller's ``ax`` (a new
figure when None), and returns the Axes. Nothing calls ``plt.show()`` or changes matplotlib's
global state; layouts are seeded, so the same input gives the same picture. matplotlib is
imported when a function runs, not when this package is imported.

- :func:`coalition_graph`: the signed actor network, actors coloured by camp;
- :func:`stance_map`: who takes which stance on what, actors grouped by camp;
- :func:`stance_matrix`: actors × targets, coloured by stance;
- :func:`timeline`: stances over time, retractions marked;
- :func:`explore`: an explorable page of the debate (one self-contained HTML file);
- :func:`render`: a drawing's PNG, SVG or PDF bytes, byte-stable.

Colours are Okabe and Ito's colour-blind-safe palette (:data:`CAMP_COLORS`,
:data:`RELATION_COLORS`); sizes are meant for a slide.

>>> ax = sg.draw.coalition_graph(nato)
>>> render(ax, "svg")[:5]
b'<?xml'
"""

from ._style import CAMP_COLORS, RELATION_COLORS, render
from .coalition_graph import coalition_graph
from .explore import Explorer, explore
from .stance_map import stance_map
from .stance_matrix import stance_matrix
from .timeline import timeline

__all__ = [
    "CAMP_COLORS",
    "Explorer",
    "RELATION_COLORS",
    "coalition_graph",
    "explore",
    "render",
    "stance_map",
    "stance_matrix",
    "timeline",
]
