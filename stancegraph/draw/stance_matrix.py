"""Actors × targets, each cell coloured by the stance the actor takes on the target."""

from __future__ import annotations

import datetime as dt
import textwrap
from typing import TYPE_CHECKING, cast

import numpy as np

from ..analysis import CoalitionResult
from ..analysis.statements import Level
from ..graph import StanceGraph
from ..options import Method
from ._camps import Camps, camps_of, drawn
from ._cells import CATEGORIES, Cells, cells
from ._style import (
    CONFIDENCE_BANDS,
    LABEL,
    RELATION_COLORS,
    SMALL,
    TITLE,
    camp_color,
    confidence_band,
    darker,
    display_name,
    new_axes,
    nothing_to_draw,
    paler,
    root_figure,
)

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.patches import Patch

__all__ = ["stance_matrix"]

#: What each category is called in the legend.
MEANING = {"supports": "supports", "opposes": "opposes", "skeptical-of": "skeptical of",
           "mixed": "supports and opposes (or doubts)", "none": "no stance"}


def stance_matrix(
    g: StanceGraph,
    *,
    ax: Axes | None = None,
    level: Level = "state",
    seed: int = 0,
    result: CoalitionResult | None = None,
    as_of: dt.date | str | None = None,
    k: int | None = None,
    method: Method = "auto",
    max_actors: int = 60,
    max_targets: int = 40,
) -> Axes:
    """Draw a heatmap of actors × targets: who supports, opposes or doubts what.

    Rows are the actors with a current stance at ``level`` (statements rolled up as for
    :func:`~stancegraph.coalitions`), grouped by camp (a coloured bar on the left; camps in
    order, members most connected first, the unaligned last). Columns are the targets, the
    most divisive first: the most actors on the smaller side of support versus opposition
    (skepticism counts as opposition), then the most even split, then the most actors with a
    stance. A cell is ``supports``, ``opposes``, ``skeptical-of``, ``mixed`` (support and
    opposition or doubt, e.g. from statements of two of a state's leaders) or empty.

    A cell is as sure as the most confident statement behind it (the least sure side of a
    mixed cell): below confidence 0.8 it is paler, below 0.5 (an inference) palest and
    hatched, so an inferred stance never looks like one on record; the legend says which is
    which.

    Parameters
    ----------
    g : StanceGraph
    ax : matplotlib Axes, optional
        Where to draw; a new figure sized to the matrix when None.
    level : "state" or "stated"
    seed : int
        Seeds the coalitions (when ``result`` is not given).
    result : CoalitionResult, optional
        Camps already found (at the same level), to group the rows by.
    max_actors, max_targets : int
        At most this many rows (the actors with most stances) and columns (the most
        divisive targets).
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
    >>> ax = stance_matrix(nato)
    >>> ax.images[0].get_array().shape
    (17, 29)
    >>> [t.get_text().split(" (")[0] for t in ax.get_legend().get_texts()][:2]  # the camps
    ['Camp 1', 'Camp 2']
    """
    g, result = drawn(g, result, level, seed, as_of, k, method)
    camps = camps_of(result, g)
    found = cells(g, cast(Level, result.level), camps, max_actors, max_targets)
    size = (max(7.5, 4.8 + 0.3 * len(found.targets)), 3.6 + 0.3 * len(found.actors))
    ax = new_axes(ax, size)
    title = f"Who stands where ({result.level} level): actors by camp × targets, most " \
        "divisive first"
    if not found.actors:
        return nothing_to_draw(ax, title, "no actor takes a current stance")
    _draw_cells(ax, found, g)
    _draw_camps(ax, found, camps)
    shown = f"showing {len(found.actors)} of {found.total_actors} actors and " \
        f"{len(found.targets)} of {found.total_targets} targets" \
        if (len(found.actors), len(found.targets)) != (found.total_actors, found.total_targets) \
        else ""
    ax.set_title(_wrapped(title, shown, ax), fontsize=TITLE, loc="left")
    return ax


def _wrapped(title: str, shown: str, ax: Axes) -> str:
    """The title in lines that fit the figure (about ten characters an inch at the title's
    size, less the names on the left), with ``shown`` kept whole."""
    width = max(48, int((root_figure(ax).get_figwidth() - 1.6) * 10))
    lines = textwrap.wrap(title, width, break_long_words=False)
    if shown and len(f"{lines[-1]}; {shown}") <= width:
        lines[-1] = f"{lines[-1]}; {shown}"
    elif shown:
        lines.append(shown)
    return "\n".join(lines)


def _draw_cells(ax: Axes, found: Cells, g: StanceGraph) -> None:
    from matplotlib.colors import BoundaryNorm, ListedColormap
    from matplotlib.patches import Patch

    colours = ListedColormap([RELATION_COLORS[c] for c in CATEGORIES])
    norm = BoundaryNorm(np.arange(len(CATEGORIES) + 1) - 0.5, len(CATEGORIES))
    category = found.category
    ax.imshow(category, cmap=colours, norm=norm, aspect="auto", interpolation="nearest")
    rows, cols = category.shape
    _draw_confidence(ax, found)
    ax.set_xticks(range(cols), [display_name(g, t, 36) for t in found.targets], rotation=55,
                  ha="right", rotation_mode="anchor", fontsize=SMALL)
    ax.set_yticks(range(rows), [display_name(g, a, 28) for a in found.actors], fontsize=SMALL)
    ax.set_xticks(np.arange(cols + 1) - 0.5, minor=True)
    ax.set_yticks(np.arange(rows + 1) - 0.5, minor=True)
    ax.grid(which="minor", color="white", linewidth=1.2)
    ax.grid(which="major", visible=False)
    ax.tick_params(which="both", length=0)
    ax.tick_params(axis="y", pad=14)  # room for the camps' bar
    for spine in ax.spines.values():
        spine.set_visible(False)
    present = [c for k, c in enumerate(CATEGORIES) if c == "none" or (category == k).any()]
    handles = [Patch(facecolor=RELATION_COLORS[c], edgecolor="#BBBBBB", linewidth=0.5,
                     label=MEANING[c]) for c in (*present[1:], present[0])]
    handles += _confidence_handles()
    legend = ax.legend(handles=handles, title="Stance", loc="upper left",
                       bbox_to_anchor=(1.01, 1.0), fontsize=SMALL, title_fontsize=LABEL,
                       frameon=False, alignment="left")
    ax.add_artist(legend)
    legend.set_clip_on(False)  # add_artist clips it to the axes, which leaves it out of the layout


def _draw_confidence(ax: Axes, found: Cells) -> None:
    """Pale the cells below full confidence (a white veil), and hatch the least sure."""
    from matplotlib.patches import Rectangle

    category = found.category
    sure = found.cell_confidence
    for i, j in zip(*np.nonzero(category > 0), strict=True):
        band = confidence_band(float(sure[i, j]))
        if not band:
            continue
        colour = RELATION_COLORS[CATEGORIES[category[i, j]]]
        ax.add_patch(Rectangle(
            (j - 0.5, i - 0.5), 1.0, 1.0, facecolor=paler(colour, band),
            edgecolor=darker(colour, 0.1), linewidth=0.0, hatch="///" if band == 2 else None,
            zorder=1.5, label=f"confidence band {band}"))


def _confidence_handles() -> list[Patch]:
    """The legend's confidence entries, on the colour of support."""
    from matplotlib.patches import Patch

    colour = RELATION_COLORS["supports"]
    heading = Patch(facecolor="none", edgecolor="none", label="how sure (shown on supports):")
    return [heading, *(Patch(facecolor=paler(colour, band), edgecolor=darker(colour, 0.1),
                             linewidth=0.0, hatch="///" if band == 2 else None,
                             label=meaning + ", hatched" * (band == 2))
                       for band, (_, _, meaning) in enumerate(CONFIDENCE_BANDS))]


def _draw_camps(ax: Axes, found: Cells, camps: Camps) -> None:
    """A bar left of the rows in each actor's camp colour, and lines between the camps."""
    from matplotlib.patches import Patch, Rectangle

    colour = [camps.colour_index(a) for a in found.actors]
    for row, c in enumerate(colour):
        ax.add_patch(Rectangle((-0.5 - 0.45, row - 0.5), 0.35, 1.0, facecolor=camp_color(c),
                               edgecolor="white", linewidth=0.8, clip_on=False))
    camp = [camps.camp(a) for a in found.actors]
    for row in range(1, len(camp)):
        if camp[row] != camp[row - 1]:
            ax.axhline(row - 0.5, color="#333333", linewidth=1.4)
    shown = {c for c in colour}
    handles = [Patch(facecolor=col, label=name) for name, col in camps.legend()
               if any(camp_color(c) == col and c is not None for c in shown)]
    if None in shown:
        handles.append(Patch(facecolor=camp_color(None), label="Unaligned: no signed tie"))
    ax.legend(handles=handles, title="Camp (bar left of the names)", loc="lower left",
              bbox_to_anchor=(1.01, 0.0), fontsize=SMALL, title_fontsize=LABEL,
              frameon=False, alignment="left")
