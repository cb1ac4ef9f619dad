"""Actors on the left, the targets of their stances on the right, a line for each stance."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, cast

import numpy as np

from ..analysis import CoalitionResult
from ..analysis.statements import Level
from ..graph import StanceGraph
from ..model import STANCE_RELATIONS
from ..options import Method
from ._camps import Camps, camps_of, drawn
from ._cells import Cells, cells
from ._style import (
    CONFIDENCE_BANDS,
    DASHED,
    LABEL,
    RELATION_COLORS,
    SMALL,
    TITLE,
    camp_color,
    confidence_band,
    display_name,
    new_axes,
    nothing_to_draw,
)

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["stance_map"]

#: Horizontal positions of the actors' and the targets' columns.
LEFT, RIGHT = 0.0, 1.0


def stance_map(
    g: StanceGraph,
    *,
    ax: Axes | None = None,
    level: Level = "state",
    seed: int = 0,
    result: CoalitionResult | None = None,
    as_of: dt.date | str | None = None,
    k: int | None = None,
    method: Method = "auto",
    max_actors: int = 40,
    max_targets: int = 40,
) -> Axes:
    """Draw who takes which stance on what: actors on the left, targets on the right.

    Actors are the ones with a current stance at ``level`` (as for
    :func:`~stancegraph.coalitions`), grouped by camp and coloured by it (camps in order,
    members most connected first, the unaligned last). Each target sits at the mean height
    of the actors taking a stance on it, which keeps lines short and crossings few (ties: the
    more divisive first). A line joins an actor to a target for each relation it takes on it:
    ``supports`` blue, ``opposes`` vermillion, ``skeptical-of`` orange and dashed; a line is
    as sure as the most confident statement behind it: paler and thinner below confidence
    0.8, palest and thinnest below 0.5 (an inference), as the legend says.

    Parameters
    ----------
    g : StanceGraph
    ax : matplotlib Axes, optional
        Where to draw; a new figure sized to the lists when None.
    level : "state" or "stated"
    seed : int
        Seeds the coalitions (when ``result`` is not given).
    result : CoalitionResult, optional
        Camps already found (at the same level), to group the actors by.
    max_actors, max_targets : int
        At most this many actors (those with most stances) and targets (the most divisive).
    as_of : date or ISO text, optional
        Draw the debate as it stood on this day, with the camps found from it (see
        :func:`~stancegraph.as_of`; a result is drawn as of its own day).
    k, method : optional
        The number of camps and the method, as in :func:`~stancegraph.coalitions` (ignored
        for a result).

    Returns
    -------
    matplotlib Axes

    Examples
    --------
    >>> ax = stance_map(nato)
    >>> sorted(c.get_label() for c in ax.collections if c.get_label() in STANCE_RELATIONS)
    ['opposes', 'skeptical-of', 'supports']
    """
    g, result = drawn(g, result, level, seed, as_of, k, method)
    camps = camps_of(result, g)
    found = cells(g, cast(Level, result.level), camps, max_actors, max_targets)
    ax = new_axes(ax, (12.0, max(6.0, 1.8 + 0.26 * max(len(found.actors),
                                                        len(found.targets)))))
    title = f"Who takes which stance on what ({result.level} level)"
    if not found.actors:
        return nothing_to_draw(ax, title, "no actor takes a current stance")
    actor_y, target_y = _heights(found, [camps.camp(a) for a in found.actors])
    _draw_lines(ax, found, actor_y, target_y)
    _draw_nodes(ax, found, camps, actor_y, target_y, g)
    shown = f"; showing {len(found.actors)} of {found.total_actors} actors and " \
        f"{len(found.targets)} of {found.total_targets} targets" \
        if (len(found.actors), len(found.targets)) != (found.total_actors, found.total_targets) \
        else ""
    ax.set_title(f"{title}: actors by camp (left), positions and actors they take a stance "
                 f"on (right){shown}", fontsize=TITLE, loc="left", wrap=True)
    ax.set_xlim(LEFT - 0.02, RIGHT + 0.02)
    ax.set_ylim(-0.03, 1.03)
    ax.set_axis_off()
    return ax


def _heights(found: Cells, camp: list[int | None]) -> tuple[np.ndarray, np.ndarray]:
    """Actors from top to bottom, a gap between camps; targets in order of the mean height of
    their actors, evenly spaced."""
    slot = np.cumsum([0.0] + [1.0 + 0.8 * (a != b) for a, b in zip(camp, camp[1:],
                                                                  strict=False)])
    actor_y = 1.0 - slot / slot[-1] if len(slot) > 1 else np.array([0.5])
    linked = found.bits > 0
    mean = (actor_y @ linked) / linked.sum(axis=0)
    order = sorted(range(len(found.targets)), key=lambda j: (-round(float(mean[j]), 9), j))
    slots = np.linspace(1.0, 0.0, len(order)) if len(order) > 1 else np.array([0.5])
    target_y = np.zeros(len(order))
    target_y[order] = slots
    return actor_y, target_y


#: Opacity and width (points) of a line in each confidence band.
LINE_OPACITY, LINE_WIDTH = 0.9, (1.4, 1.2, 1.0)


def _draw_lines(ax: Axes, found: Cells, actor_y: np.ndarray, target_y: np.ndarray) -> None:
    from matplotlib.collections import LineCollection
    from matplotlib.colors import to_rgba

    for k, relation in enumerate(STANCE_RELATIONS):
        rows, cols = np.nonzero(found.bits & (1 << k))
        if not len(rows):
            continue
        segments = [_curve(actor_y[i], target_y[j]) for i, j in zip(rows, cols, strict=True)]
        bands = [confidence_band(float(found.confidence[i, j, k]))
                 for i, j in zip(rows, cols, strict=True)]
        ax.add_collection(LineCollection(
            segments, colors=[to_rgba(RELATION_COLORS[relation],
                                      LINE_OPACITY * CONFIDENCE_BANDS[b][1]) for b in bands],
            linewidths=[LINE_WIDTH[b] for b in bands], zorder=1,
            linestyles=(0, (4, 2.5)) if relation in DASHED else "solid", label=relation))


def _curve(y0: float, y1: float, points: int = 24) -> np.ndarray:
    """An S-shaped line from (LEFT, y0) to (RIGHT, y1): level at both ends."""
    t = np.linspace(0.0, 1.0, points)
    ease = t * t * (3 - 2 * t)
    return np.column_stack([LEFT + (RIGHT - LEFT) * t, y0 + (y1 - y0) * ease])


def _draw_nodes(ax: Axes, found: Cells, camps: Camps, actor_y: np.ndarray,
                target_y: np.ndarray, g: StanceGraph) -> None:
    from matplotlib.lines import Line2D

    colour = [camps.colour_index(a) for a in found.actors]
    nodes = []
    for name, col in [*camps.legend(), ("Unaligned: no signed tie", camp_color(None))]:
        chosen = [i for i, c in enumerate(colour)
                  if camp_color(c) == col and (c is None) == (col == camp_color(None))]
        if chosen:
            nodes.append(ax.scatter(np.full(len(chosen), LEFT), actor_y[chosen], s=70, c=col,
                                    edgecolors="white", linewidths=1.0, zorder=3, label=name))
    ax.scatter(np.full(len(target_y), RIGHT), target_y, s=45, marker="s", c="#5A5A5A",
               zorder=3, label="target")
    for i, a in enumerate(found.actors):
        ax.text(LEFT - 0.012, actor_y[i], display_name(g, a, 30), ha="right", va="center",
                fontsize=SMALL)
    for j, t in enumerate(found.targets):
        ax.text(RIGHT + 0.012, target_y[j], display_name(g, t, 40), ha="left", va="center",
                fontsize=SMALL)
    lines = [Line2D([], [], color=RELATION_COLORS[r], linewidth=2,
                    linestyle=(0, (4, 2.5)) if r in DASHED else "solid",
                    label=r.replace("-", " ")) for r in STANCE_RELATIONS]
    sure = [Line2D([], [], color="#333333", alpha=LINE_OPACITY * opacity,
                   linewidth=LINE_WIDTH[band] + 0.6, label=meaning + ", thinner" * (band == 1) + ", thinnest" * (band == 2))
            for band, (_, opacity, meaning) in enumerate(CONFIDENCE_BANDS)]
    ax.legend(handles=[*lines, *sure, *nodes],
              title="Stances (lines: colour the relation, paleness the confidence) and camps (dots)",
              loc="upper center", bbox_to_anchor=(0.5, 0.0), ncols=2, fontsize=SMALL,
              title_fontsize=LABEL, frameon=False)
