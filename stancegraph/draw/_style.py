"""The drawings' shared style: an Okabe–Ito palette, sizes readable on a slide, empty-plot notes.

Nothing here changes matplotlib's global state: colours and sizes are passed to each artist,
so every drawing works under any matplotlib style the caller has chosen.
"""

from __future__ import annotations

import io
import textwrap
from typing import TYPE_CHECKING, Literal

from ..errors import InvalidRecordError, UnknownFormatError
from ..graph import StanceGraph

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure, SubFigure

__all__ = [
    "CAMP_COLORS",
    "NEGATIVE",
    "POSITIVE",
    "RELATION_COLORS",
    "UNALIGNED",
    "CONFIDENCE_BANDS",
    "FIRM",
    "WEAK",
    "camp_color",
    "confidence_band",
    "darker",
    "paler",
    "display_name",
    "new_axes",
    "nothing_to_draw",
    "plain_text",
    "render",
    "root_figure",
    "wrapped_name",
]

# Okabe & Ito (2008), "Color universal design": eight colours told apart with every common
# colour-vision deficiency. Vermillion is kept for conflict, so camps never wear it.
BLACK, ORANGE, SKY_BLUE, BLUISH_GREEN = "#000000", "#E69F00", "#56B4E9", "#009E73"
YELLOW, BLUE, VERMILLION, REDDISH_PURPLE = "#F0E442", "#0072B2", "#D55E00", "#CC79A7"

#: Camp colours in order: camp 1 takes the first. Blue and orange, which also stand for
#: support and skepticism, come last.
CAMP_COLORS = (SKY_BLUE, BLUISH_GREEN, REDDISH_PURPLE, YELLOW, BLACK, BLUE, ORANGE)
#: Actors in no camp (no signed tie).
UNALIGNED = "#9E9E9E"
#: Ties of agreement and of conflict in the coalition graph.
POSITIVE, NEGATIVE = "#4D4D4D", VERMILLION
#: Stance relations; ``"none"`` and ``"mixed"`` are the stance matrix's other cells.
RELATION_COLORS = {"supports": BLUE, "opposes": VERMILLION, "skeptical-of": ORANGE,
                   "mixed": REDDISH_PURPLE, "none": "#EFEFEF"}
#: Relations drawn as dashed lines (skepticism leans against without rejecting).
DASHED = {"skeptical-of"}

#: Confidence thresholds: a stance at ``FIRM`` or above (or with no confidence given: full
#: strength) is drawn in full colour; below it, paler; below ``WEAK``, palest (and hatched,
#: dotted or marked, as each picture can). Data files lower the confidence of a stance read
#: from a source rather than stated in it, so pale means inferred or uncertain.
FIRM, WEAK = 0.8, 0.5
#: For each confidence band (0: firm, 1: below FIRM, 2: below WEAK): the share of white mixed
#: into a colour, the opacity of a line, and what the legends call it.
CONFIDENCE_BANDS = (
    (0.0, 1.0, f"confidence ≥ {FIRM:g} (or not given)"),
    (0.5, 0.45, f"confidence {WEAK:g}–{FIRM:g}: paler"),
    (0.72, 0.22, f"confidence < {WEAK:g} (inferred): palest"),
)

#: Font sizes (points) readable when the figure fills a slide.
TITLE, LABEL, SMALL = 13.0, 10.5, 9.5
#: The default figure size (inches) when no ``ax`` is given.
SIZE = (11.0, 7.5)


def camp_color(index: int | None) -> str:
    """The colour of camp ``index`` (0-based), grey for None (unaligned).

    Camps past the palette share its last colour.

    >>> camp_color(0), camp_color(None), camp_color(99)
    ('#56B4E9', '#9E9E9E', '#E69F00')
    """
    if index is None:
        return UNALIGNED
    return CAMP_COLORS[min(index, len(CAMP_COLORS) - 1)]


def darker(colour: str, share: float = 0.45) -> str:
    """``colour`` mixed with ``share`` of black: a camp's colour dark enough for text.

    >>> darker("#56B4E9")
    '#2f6380'
    """
    from matplotlib.colors import to_hex, to_rgb

    red, green, blue = to_rgb(colour)
    return to_hex((red * (1 - share), green * (1 - share), blue * (1 - share)))


def confidence_band(confidence: float) -> int:
    """The band of a confidence: 0 firm (``FIRM`` or more; NaN, not given, counts as full),
    1 below ``FIRM``, 2 below ``WEAK``.

    >>> [confidence_band(c) for c in (1.0, float("nan"), 0.8, 0.6, 0.3)]
    [0, 0, 0, 1, 2]
    """
    if confidence != confidence or confidence >= FIRM:
        return 0
    return 1 if confidence >= WEAK else 2


def paler(colour: str, band: int) -> str:
    """``colour`` mixed with white as confidence ``band`` says (unchanged for band 0).

    >>> paler("#0072B2", 0), paler("#0072B2", 1)
    ('#0072b2', '#80b8d8')
    """
    from matplotlib.colors import to_hex, to_rgb

    white = CONFIDENCE_BANDS[band][0]
    red, green, blue = to_rgb(colour)
    return to_hex((red * (1 - white) + white, green * (1 - white) + white,
                   blue * (1 - white) + white))


def display_name(g: StanceGraph | None, id: str, width: int = 28) -> str:
    """The node's name (its id when it has none or the graph is unknown), shortened to
    ``width`` characters.

    >>> display_name(nato, "abandon-founding-act")
    'Abandon the NATO-Russia Fou…'
    >>> display_name(None, "france")
    'france'
    """
    node = g.nodes.get(id) if g is not None else None
    name = str(getattr(node, "name", None) or id)
    return plain_text(name if len(name) <= width else name[: width - 1].rstrip() + "…")


def plain_text(text: str) -> str:
    """``text`` as matplotlib should show it, character for character.

    matplotlib reads text between two dollar signs as mathtext (``$\\alpha$`` is drawn as α,
    and an unknown command such as ``$\\foo$`` fails the whole drawing); names come from data
    files, so every dollar sign is escaped and drawn as itself.

    >>> plain_text("Cost $5 vs $10 budget")
    'Cost \\\\$5 vs \\\\$10 budget'
    """
    return text.replace("$", "\\$")


def wrapped_name(g: StanceGraph | None, id: str, width: int = 24, lines: int = 2) -> str:
    """The node's name on at most ``lines`` lines of about ``width`` characters.

    >>> print(wrapped_name(nato, "western-european-governments"))
    some western European
    governments
    """
    name = display_name(g, id, width=10_000)
    return textwrap.fill(name, width=width, max_lines=lines, placeholder=" …")


def new_axes(ax: Axes | None, size: tuple[float, float] = SIZE) -> Axes:
    """The caller's ``ax``, or the axes of a new figure (no pyplot: no GUI backend needed)."""
    if ax is not None:
        return ax
    from matplotlib.figure import Figure

    return Figure(figsize=size, layout="constrained").add_subplot()


def nothing_to_draw(ax: Axes, title: str, why: str) -> Axes:
    """Write ``why`` in the middle of an empty ``ax`` under ``title``; return ``ax``."""
    ax.set_title(title, fontsize=TITLE)
    ax.text(0.5, 0.5, f"Nothing to draw: {why}", transform=ax.transAxes, ha="center",
            va="center", fontsize=LABEL, color="#555555", wrap=True)
    ax.set_axis_off()
    return ax


def root_figure(artist: Axes | Figure | SubFigure) -> Figure:
    """The figure that holds ``artist`` (the top one, for an axes in a subfigure)."""
    from matplotlib.figure import Figure, SubFigure

    if isinstance(artist, Figure):
        return artist
    if isinstance(artist, SubFigure):
        return artist.figure
    parent = artist.get_figure()
    if parent is None:
        raise InvalidRecordError("the axes belong to no figure", expected="axes of a figure")
    return root_figure(parent)


def render(picture: Axes | Figure | SubFigure, format: Literal["png", "svg", "pdf"] = "png",
           *, dpi: float = 150) -> bytes:
    """The file contents of a drawing (its axes or figure) as PNG, SVG or PDF, byte-stable.

    The metadata leaves out the date and matplotlib's version, and SVG ids come from a fixed
    salt, so drawing the same graph twice gives the same bytes.

    >>> from matplotlib.figure import Figure
    >>> fig = Figure(figsize=(2, 1))
    >>> render(fig, "png")[:4], render(fig, "png") == render(fig, "png")
    (b'\\x89PNG', True)
    """
    import matplotlib

    if format not in ("png", "svg", "pdf"):
        raise UnknownFormatError("cannot render to", id=str(format), expected="png, svg or pdf")
    metadata: dict[str, str | None] = {"Software": None} if format == "png" else \
        {"Date": None, "Creator": None} if format == "svg" else \
        {"CreationDate": None, "ModDate": None, "Producer": None}
    buffer = io.BytesIO()
    with matplotlib.rc_context({"svg.hashsalt": "stancegraph", "svg.fonttype": "path"}):
        root_figure(picture).savefig(buffer, format=format, dpi=dpi, metadata=metadata)
    return buffer.getvalue()
