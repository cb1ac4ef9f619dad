"""The signed actor network, actors coloured by camp."""

from __future__ import annotations

import datetime as dt
import math
from typing import TYPE_CHECKING, Any, cast

import numpy as np
import numpy.typing as npt

from ..analysis import CoalitionResult, SignedNetwork
from ..analysis.statements import Level
from ..graph import StanceGraph
from ..options import Method
from ._camps import Camps, camps_of, resolve
from ._labels import place_labels
from ._style import (
    LABEL,
    NEGATIVE,
    POSITIVE,
    SMALL,
    TITLE,
    UNALIGNED,
    camp_color,
    darker,
    new_axes,
    nothing_to_draw,
    root_figure,
    wrapped_name,
)
from ._ties import Tie, ties

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["coalition_graph"]

Positions = npt.NDArray[np.float64]

#: Node marker areas (points²): the least and the most connected actor.
SMALLEST, LARGEST = 90.0, 320.0
#: Line widths (points) of the weakest and the strongest tie.
THINNEST, THICKEST = 0.6, 3.6
#: Space between camps' discs, in layout units, the margin of a disc around its members, and
#: the distance between the rings of a camp.
GAP, DISC, RING = 1.5, 0.45, 1.0
#: Space between actors in the rows of camps of one and of the unaligned.
ROW = 2.2


def coalition_graph(
    data: StanceGraph | CoalitionResult,
    *,
    graph: StanceGraph | None = None,
    ax: Axes | None = None,
    level: Level = "state",
    seed: int = 0,
    as_of: dt.date | str | None = None,
    k: int | None = None,
    method: Method = "auto",
    max_actors: int = 60,
    max_ties: int = 300,
) -> Axes:
    """Draw the signed actor network of a debate, each actor coloured by its camp.

    Each camp of several members has a pale disc of its own: its most connected member in the
    middle, the others on rings around it (in the order of a seeded spring layout), the discs
    around a circle with the two largest camps opposite each other; camps of one and the
    unaligned actors (grey) stand in rows below. Labels, in a dark shade of their camp's
    colour, never overlap (see :mod:`~stancegraph.draw._labels`). A solid grey
    line joins actors who agree, a red (vermillion) one actors in conflict, on the balance of
    their tie (agreement minus conflict); a dashed line marks a tie whose weight comes mostly
    from ``skeptical-of`` statements. Line width grows with the weight, marker size with the
    actor's total tie weight. The legend names each camp by its most connected members.

    Parameters
    ----------
    data : StanceGraph or CoalitionResult
        A graph (its coalitions are found with :func:`~stancegraph.coalitions` at ``level``
        with ``seed``) or a result already found.
    graph : StanceGraph, optional
        With a result: its graph, for actors' names and to tell skeptical ties (without it,
        ids are shown and no tie is dashed).
    ax : matplotlib Axes, optional
        Where to draw; a new figure when None.
    level : "state" or "stated"
        As in :func:`~stancegraph.coalitions` (ignored for a result).
    seed : int
        Seeds the coalitions and the layout: the same input and seed give the same picture.
    max_actors, max_ties : int
        At most this many actors (the most connected) and ties (the strongest) are drawn.
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
    >>> ax = coalition_graph(nato)
    >>> sum(len(c.get_offsets()) for c in ax.collections if c.get_label().startswith(("Camp", "Un")))
    18
    >>> [t.get_text() for t in ax.get_legend().get_texts()][:2]
    ['Camp 1 (8): United Kingdom, Estonia, Latvia, …', 'Camp 2 (5): France, Germany, a diplomat, …']
    """
    graph, result = resolve(data, graph, level, seed, as_of, k, method)
    ax = new_axes(ax)
    network = result.network
    title = f"Who agrees with whom: the camps of the debate ({result.level} level)"
    if len(network) < 2:
        return nothing_to_draw(ax, title, "the debate has fewer than two actors")
    camps = camps_of(result, graph)
    drawn = _most_connected(network, max_actors)
    sub = network.subnetwork(drawn)
    groups = _groups(sub, camps)
    xy, discs, outward = _layout(sub, groups, seed)
    strength = sub.degree()
    drawn_ties = ties(sub, graph, cast(Level, result.level), max_ties)
    _draw_discs(ax, discs, sub, camps)
    _draw_ties(ax, xy, drawn_ties)
    area = SMALLEST + (LARGEST - SMALLEST) * strength / max(float(strength.max()), 1e-12)
    _draw_nodes(ax, sub, xy, area, camps)
    shown = f"the {len(sub)} most connected of {len(network)} actors; " \
        if len(sub) < len(network) else ""
    k, unaligned = len(result.coalitions), len(result.unaligned)
    ax.set_title(f"{title}\n{shown}{k} camp{'s' * (k != 1)}, {unaligned} unaligned; "
                 f"ties against the camps (frustration): {result.frustration:g}",
                 fontsize=TITLE, loc="left")
    _legends(ax, drawn_ties)
    _frame(ax, xy)
    _equal_scale(ax)
    names = [wrapped_name(graph, id) for id in sub.ids]
    colours = [darker(camp_color(camps.colour_index(id))) for id in sub.ids]
    place_labels(ax, xy, names, np.sqrt(area) / 2, fontsize=LABEL, priority=strength,
                 prefer=outward, colors=colours)
    return ax


def _most_connected(network: SignedNetwork, limit: int) -> npt.NDArray[np.int64]:
    """Positions of the ``limit`` actors with the most tie weight (ties by id), in id order."""
    if len(network) <= limit:
        return np.arange(len(network), dtype=np.int64)
    degree = network.degree()
    ranked = sorted(range(len(network)), key=lambda i: (-degree[i], network.ids[i]))[:limit]
    return np.asarray(sorted(ranked), dtype=np.int64)


def _groups(sub: SignedNetwork, camps: Camps) -> list[list[int]]:
    """The drawn actors by camp (camp order), the unaligned last (possibly empty)."""
    groups: list[list[int]] = [[] for _ in camps.result.coalitions]
    unaligned: list[int] = []
    for i, id in enumerate(sub.ids):
        c = camps.camp(id)
        (unaligned if c is None else groups[c]).append(i)
    return [g for g in groups if g] + [unaligned]


def _layout(sub: SignedNetwork, groups: list[list[int]],
            seed: int) -> tuple[Positions, list[tuple[float, float, float, int]], Positions]:
    """Where each actor goes: each camp of several members in a disc of its own, the discs on
    a circle; camps of one in a row below, the unaligned in rows below them.

    Returns the positions, each disc as (x, y, radius, one member), and the direction
    pointing out of its camp from each actor (up where there is none), where its label goes
    best.
    """
    xy = np.zeros((len(sub), 2))
    outward = np.tile([0.0, 1.0], (len(sub), 1))
    big = [members for members in groups[:-1] if len(members) > 1]
    loners = [members[0] for members in groups[:-1] if len(members) == 1]
    positive = sub.positive.tocsr()
    radii = []
    for members in big:
        inner, radius = _camp_layout(positive[members][:, members], seed)
        xy[members] = inner
        radii.append(radius + DISC)
    centres = _camp_centres(radii)
    for members, centre in zip(big, centres, strict=True):
        off_centre = np.hypot(*xy[members].T) > 1e-9
        outward[np.asarray(members)[off_centre]] = xy[members][off_centre]
        xy[members] += centre
    r = np.asarray(radii)
    left, right = (float((centres[:, 0] - r).min()), float((centres[:, 0] + r).max())) \
        if big else (-1.0, 1.0)
    top = float((centres[:, 1] - r).min()) - GAP if big else 0.0
    for row in (loners, groups[-1]):
        top = _rows(xy, row, left, right, top)
    discs = [(float(x), float(y), radius, members[0])
             for (x, y), radius, members in zip(centres, radii, big, strict=True)]
    return xy, discs, outward


def _rows(xy: Positions, members: list[int], left: float, right: float, top: float) -> float:
    """Put ``members`` in centred rows from ``top`` down, each row on a shallow arc (so that
    no tie runs through a third actor); return the top of what goes below."""
    if not members:
        return top
    per_row = max(3, int((right - left) / ROW) + 1)
    for k, i in enumerate(members):
        row, col = divmod(k, per_row)
        offset = col - (min(per_row, len(members) - row * per_row) - 1) / 2
        xy[i] = ((left + right) / 2 + ROW * offset, top - 0.8 * ROW * row + 0.25 * offset ** 2)
    return top - 0.8 * ROW * ((len(members) - 1) // per_row) - GAP


def _camp_layout(agreement: Any, seed: int) -> tuple[Positions, float]:
    """Positions of a camp's members around (0, 0), and the radius they take.

    The member with the most agreement inside the camp sits in the middle, the others on
    rings around it (6 on the first, 12 on the second, ...), in order of agreement. Around a
    ring, members follow the angles of a seeded spring layout, so that those who agree most
    sit side by side.
    """
    import networkx as nx

    n = agreement.shape[0]
    if n == 1:
        return np.zeros((1, 2)), 0.0
    coo = agreement.tocoo()
    ties: nx.Graph[int] = nx.Graph()
    ties.add_nodes_from(range(n))
    ties.add_weighted_edges_from((int(a), int(b), float(w))
                                 for a, b, w in zip(coo.row, coo.col, coo.data, strict=True)
                                 if a < b)
    spring = nx.spring_layout(ties, seed=seed, weight="weight")
    inside = np.asarray(agreement.sum(axis=1)).ravel()
    ranked = sorted(range(n), key=lambda i: (-round(float(inside[i]), 9), i))
    xy = np.zeros((n, 2))
    ring, start = 1, 1
    while start < n:
        members = ranked[start:start + 6 * ring]
        angle = {m: math.atan2(spring[m][1], spring[m][0]) for m in members}
        for k, m in enumerate(sorted(members, key=lambda m: (angle[m], m))):
            theta = math.pi / 2 + 2 * math.pi * k / len(members) + ring * 0.4
            xy[m] = (RING * ring * math.cos(theta), RING * ring * math.sin(theta))
        start += 6 * ring
        ring += 1
    return xy, RING * (ring - 1)


def _camp_centres(radii: list[float]) -> Positions:
    """Centres of discs of ``radii`` around a circle, at least GAP apart, each taking a share
    of the circle as wide as it is; the first on the left, the second opposite."""
    k = len(radii)
    if k < 2:
        return np.zeros((k, 2))
    width = [2 * r + GAP for r in radii]
    if k == 2:
        return np.array([[-(width[0] + width[1]) / 4, 0.0], [(width[0] + width[1]) / 4, 0.0]])
    # Clockwise from the left: the first camp, the third, fifth, ... over the top, the second,
    # then the fourth, sixth, ... back along the bottom.
    around = [0, *range(2, k, 2), 1, *reversed(range(3, k, 2))]
    total = sum(width)
    angle, before = {}, 0.0
    for c in around:
        angle[c] = math.pi - 2 * math.pi * (before + width[c] / 2 - width[0] / 2) / total
        before += width[c]
    radius = max(
        (width[a] + width[b]) / 2 / (2 * math.sin(abs(angle[a] - angle[b]) / 2))
        for a, b in zip(around, around[1:] + around[:1], strict=True)
    )
    return np.array([[radius * math.cos(angle[c]), radius * math.sin(angle[c])]
                     for c in range(k)])


def _draw_discs(ax: Axes, discs: list[tuple[float, float, float, int]], sub: SignedNetwork,
                camps: Camps) -> None:
    """A pale disc behind each camp of several members, in the camp's colour."""
    from matplotlib.patches import Circle

    for x, y, r, member in discs:
        colour = camp_color(camps.colour_index(sub.ids[member]))
        ax.add_patch(Circle((x, y), r, facecolor=colour, alpha=0.12, edgecolor="none",
                            zorder=0))


def _draw_ties(ax: Axes, xy: Positions, drawn: list[Tie]) -> None:
    from matplotlib.collections import LineCollection

    if not drawn:
        return
    strongest = max(abs(t.weight) for t in drawn)
    styles = (("agreement", POSITIVE, False), ("conflict", NEGATIVE, False),
              ("agreement, mostly shared skepticism", POSITIVE, True),
              ("conflict, mostly skepticism", NEGATIVE, True))
    for label, colour, skeptical in styles:
        chosen = [t for t in drawn if (t.weight > 0) == (colour == POSITIVE)
                  and t.skeptical == skeptical]
        if not chosen:
            continue
        lines = LineCollection(
            [[xy[t.a], xy[t.b]] for t in chosen],
            linewidths=[THINNEST + (THICKEST - THINNEST) * abs(t.weight) / strongest
                        for t in chosen],
            colors=colour, alpha=0.55 if colour == POSITIVE else 0.5, zorder=1, label=f"tie: {label}", capstyle="round",
            linestyles=(0, (4, 2.5)) if skeptical else "solid")
        ax.add_collection(lines)


def _draw_nodes(ax: Axes, sub: SignedNetwork, xy: Positions, area: npt.NDArray[np.float64],
                camps: Camps) -> None:
    colour_of = [camps.colour_index(id) for id in sub.ids]
    legend = dict(camps.legend())
    for label, colour in list(legend.items()) + [("Unaligned: no signed tie", UNALIGNED)]:
        chosen = [i for i, c in enumerate(colour_of) if camp_color(c) == colour
                  and (c is None) == (colour == UNALIGNED)]
        if not chosen:
            continue
        ax.scatter(xy[chosen, 0], xy[chosen, 1], s=area[chosen], c=colour, label=label,
                   edgecolors="white", linewidths=1.2, zorder=3)


def _legends(ax: Axes, drawn: list[Tie]) -> None:
    """The ties' legend (bottom right), then the camps' (top right: ``ax.get_legend()``)."""
    from matplotlib.lines import Line2D

    kinds: list[tuple[str, str, Any, bool]] = [("agreement", POSITIVE, "solid", True), ("conflict", NEGATIVE, "solid", True),
             ("mostly from skepticism", POSITIVE, (0, (4, 2.5)),
              any(t.skeptical for t in drawn))]
    handles = [Line2D([], [], color=colour, linestyle=style, linewidth=2, label=label)
               for label, colour, style, shown in kinds if shown]
    handles.append(Line2D([], [], color="none", label="width: weight of the tie"))
    ties_legend = ax.legend(handles=handles, title="Ties (on balance)", loc="lower left",
                            bbox_to_anchor=(1.01, 0.0), fontsize=SMALL, title_fontsize=SMALL,
                            frameon=False, alignment="left")
    ax.add_artist(ties_legend)
    nodes = [c for c in ax.collections if str(c.get_label()).startswith(("Camp", "Unaligned"))]
    ax.legend(handles=nodes, title="Camps (named by their most connected members)",
              loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=SMALL,
              title_fontsize=SMALL, frameon=False, markerscale=0.8, alignment="left")


def _frame(ax: Axes, xy: Positions) -> None:
    """Limits around the nodes with room for labels; no axis lines or ticks."""
    low, high = xy.min(axis=0), xy.max(axis=0)
    span = np.maximum(high - low, 1.0)
    ax.set_xlim(low[0] - 0.12 * span[0] - 0.3, high[0] + 0.12 * span[0] + 0.3)
    ax.set_ylim(low[1] - 0.1 * span[1] - 0.3, high[1] + 0.14 * span[1] + 0.4)
    ax.set_axis_off()


def _equal_scale(ax: Axes) -> None:
    """Widen the x or the y limits so that one unit is as long on both axes (discs stay
    round), for the axes' size once the layout engine has run."""
    root_figure(ax).draw_without_rendering()
    box = ax.get_window_extent()
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    per_pixel = max((x1 - x0) / box.width, (y1 - y0) / box.height)
    xc, yc = (x0 + x1) / 2, (y0 + y1) / 2
    ax.set_xlim(xc - per_pixel * box.width / 2, xc + per_pixel * box.width / 2)
    ax.set_ylim(yc - per_pixel * box.height / 2, yc + per_pixel * box.height / 2)
