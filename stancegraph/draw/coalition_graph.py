"""The signed actor network, actors coloured by camp."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

import numpy as np
import numpy.typing as npt

from ..analysis import CoalitionResult, SignedNetwork
from ..analysis.display import agreement_embedding
from ..analysis.statements import Level
from ..graph import StanceGraph
from ..options import Method
from ._camps import Camps, camps_of, resolve
from ._labels import Labels
from ._style import (
    FIRM,
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
    from matplotlib.collections import LineCollection, PathCollection
    from matplotlib.patches import Circle

__all__ = ["coalition_graph"]

Positions = npt.NDArray[np.float64]

#: Node marker areas (points²): the least and the most connected actor.
SMALLEST, LARGEST = 90.0, 320.0
#: Line widths (points) of the weakest and the strongest tie.
THINNEST, THICKEST = 0.6, 3.6
#: Space between camps' discs, in layout units, the margin of a disc around its members, and
#: the distance between the rings of a camp.
GAP, DISC, RING = 1.5, 0.45, 1.0
#: Camps up to this size stand on one circle; larger ones on circles round one of INNER.
ONE_CIRCLE, INNER = 12, 8
#: Space between actors in the rows of camps of one and of the unaligned.
ROW = 2.2
#: What follows a placement of the labels in which some found no place by their own node,
#: in turn: "grow" gives GROW times the room between the actors where they are, "squeeze"
#: sets them narrower, then smaller (the next of SQUEEZE: characters a line, lines, font
#: size). After the last, the labels stay where the last placement put them.
STEPS = ("grow", "grow", "squeeze", "grow", "grow", "squeeze", "grow", "grow", "squeeze",
         "grow", "grow")
GROW = 1.3
SQUEEZE = ((16, 3, 1.0), (16, 3, 0.85), (14, 4, 0.72))


@dataclass(frozen=True)
class Spacing:
    """How far apart the layout puts actors, as factors of the usual: the members of each
    camp's disc (and, in proportion, their disc's edge), the actors in the rows below, and
    the gaps between discs and rows."""

    rings: tuple[float, ...]
    row: float = 1.0
    gap: float = 1.0


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
    from ``skeptical-of`` statements, a dotted, paler one a tie whose weight comes mostly from
    statements below confidence 0.8 (inferred rather than on record; dash-dot when both).
    Line width grows with the weight, marker size with the actor's total tie weight. The
    legend lists each camp's members, the most connected first.

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
    >>> actors = [c for c in ax.collections if c.get_label().startswith(("Camp", "Un"))]
    >>> sum(len(c.get_offsets()) for c in actors) == len(sg.coalitions(nato).network)
    True
    >>> [t.get_text().split(" (")[0] for t in ax.get_legend().get_texts()][:2]
    ['Camp 1', 'Camp 2']
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
    shapes = [_camp_layout(sub.positive.tocsr()[members][:, members], seed)
              for members in groups[:-1] if len(members) > 1]
    spacing = Spacing((1.0,) * len(shapes))
    xy, discs, outward = _layout(sub, groups, shapes, spacing)
    strength = sub.degree()
    drawn_ties = ties(sub, graph, cast(Level, result.level), max_ties)
    circles = _draw_discs(ax, discs, sub, camps)
    lines = _draw_ties(ax, xy, drawn_ties)
    area = SMALLEST + (LARGEST - SMALLEST) * strength / max(float(strength.max()), 1e-12)
    nodes = _draw_nodes(ax, sub, xy, area, camps)
    shown = f"the {len(sub)} most connected of {len(network)} actors; " \
        if len(sub) < len(network) else ""
    k, unaligned = len(result.coalitions), len(result.unaligned)
    ax.set_title(f"{title}\n{shown}{k} camp{'s' * (k != 1)}, {unaligned} unaligned; "
                 f"ties against the camps (frustration): {result.frustration:g}",
                 fontsize=TITLE, loc="left")
    _legends(ax, drawn_ties)
    _label(ax, sub, graph, camps, groups, shapes, spacing, (circles, lines, nodes),
           np.sqrt(area) / 2, strength)
    return ax


def _label(ax: Axes, sub: SignedNetwork, graph: StanceGraph | None, camps: Camps,
           groups: list[list[int]], shapes: list[tuple[Positions, float]], spacing: Spacing,
           drawn: tuple[list[Circle], list[tuple[LineCollection, list[Tie]]],
                        list[tuple[PathCollection, list[int]]]],
           radius: npt.NDArray[np.float64], strength: npt.NDArray[np.float64]) -> None:
    """Label each actor by its marker, nearer it than any other (see
    :mod:`~stancegraph.draw._labels`). Where a label finds no such place, the actors around
    it get more room (its camp's disc grows, or the rows below spread) or the label is
    wrapped narrower, then set smaller, in the order of ``STEPS``."""
    names = [wrapped_name(graph, id) for id in sub.ids]
    colours = [darker(camp_color(camps.colour_index(id))) for id in sub.ids]
    disc_of = np.full(len(sub), -1)
    for d, members in enumerate(m for m in groups[:-1] if len(m) > 1):
        disc_of[members] = d
    labels = Labels(ax, np.zeros((len(sub), 2)), names, fontsize=LABEL, colors=colours,
                    ids=list(sub.ids))
    root_figure(ax).draw_without_rendering()  # the layout engine: the axes' size is final
    squeezed = np.zeros(len(sub), dtype=np.int64)
    xy, discs, outward = _layout(sub, groups, shapes, spacing)
    for step in (*STEPS, "stop"):
        _frame(ax, xy, labels.overhang(radius, outward))
        missed = labels.arrange(xy, radius, priority=strength, prefer=outward)
        if not missed.any():
            break
        if step == "stop":  # the last resort: labels kept apart, some by a leader line
            labels.arrange(xy, radius, priority=strength, prefer=outward, apart_first=True)
            break
        if step == "grow":
            grow = {int(d) for d in disc_of[missed]}
            spacing = Spacing(tuple(r * GROW if d in grow else r
                                    for d, r in enumerate(spacing.rings)),
                              spacing.row * (GROW if -1 in grow else 1.0),
                              spacing.gap * (math.sqrt(GROW) if grow - {-1} else 1.0))
            xy, discs, outward = _layout(sub, groups, shapes, spacing)
            _move(xy, discs, *drawn)
            continue
        for i in np.flatnonzero(missed & (squeezed < len(SQUEEZE))):
            width, lines, size = SQUEEZE[squeezed[i]]
            labels.retext(int(i), wrapped_name(graph, sub.ids[i], width, lines), LABEL * size)
            squeezed[i] += 1
    labels.finish()


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


def _layout(sub: SignedNetwork, groups: list[list[int]], shapes: list[tuple[Positions, float]],
            spacing: Spacing) -> tuple[Positions, list[tuple[float, float, float, int]], Positions]:
    """Where each actor goes: each camp of several members in a disc of its own (``shapes``:
    its members' positions and radius, from :func:`_camp_layout`), the discs on a circle;
    camps of one in a row below, the unaligned in rows below them; ``spacing`` apart.

    Returns the positions, each disc as (x, y, radius, one member), and the direction
    pointing out of its camp from each actor (up where there is none), where its label goes
    best.
    """
    xy = np.zeros((len(sub), 2))
    outward = np.tile([0.0, 1.0], (len(sub), 1))
    big = [members for members in groups[:-1] if len(members) > 1]
    loners = [members[0] for members in groups[:-1] if len(members) == 1]
    radii = []
    for members, (inner, radius), grow in zip(big, shapes, spacing.rings, strict=True):
        xy[members] = inner * grow
        radii.append((radius + DISC) * grow)
        outward[members] = inner
    centres = _camp_centres(radii, GAP * spacing.gap)
    for members, centre in zip(big, centres, strict=True):
        xy[members] += centre
    r = np.asarray(radii)
    left, right = (float((centres[:, 0] - r).min()), float((centres[:, 0] + r).max())) \
        if big else (-1.0, 1.0)
    top = float((centres[:, 1] - r).min()) - GAP * spacing.gap if big else 0.0
    for row in (loners, groups[-1]):
        top = _rows(xy, row, left, right, top, ROW * spacing.row)
    discs = [(float(x), float(y), radius, members[0])
             for (x, y), radius, members in zip(centres, radii, big, strict=True)]
    return xy, discs, outward


def _rows(xy: Positions, members: list[int], left: float, right: float, top: float,
          apart: float = ROW) -> float:
    """Put ``members`` in centred rows ``apart`` from ``top`` down, each row on a shallow arc
    (so that no tie runs through a third actor) whose ends, its highest points, rise a
    third of ``apart``; return the top of what goes below."""
    if not members:
        return top
    per_row = max(3, int((right - left) / apart) + 1)
    ends = (min(per_row, len(members)) - 1) / 2
    bend = apart / 3 / max(ends, 1.0) ** 2
    rise = bend * ends ** 2
    for k, i in enumerate(members):
        row, col = divmod(k, per_row)
        offset = col - (min(per_row, len(members) - row * per_row) - 1) / 2
        xy[i] = ((left + right) / 2 + apart * offset,
                 top - rise - 0.8 * apart * row + bend * offset ** 2)
    return top - rise - 0.8 * apart * ((len(members) - 1) // per_row) - GAP


def _camp_layout(agreement: Any, seed: int) -> tuple[Positions, float]:
    """Positions of a camp's members around (0, 0), about ``RING`` apart, and the radius they
    take.

    The members stand on circles ``RING`` apart round an empty middle, where labels and ties
    have room: all on one circle in a camp of up to ``ONE_CIRCLE``, else on as few circles as
    hold them (the inner one holding ``INNER``), shared out in proportion to their lengths,
    the members with the most agreement inside the camp innermost. Around a circle, members
    follow the angles of a seeded spring layout (of the agreement's leading eigenvectors in a
    camp of more than ``SPRING_MAX``), so that those who agree most sit side by side.
    """
    n = agreement.shape[0]
    if n == 1:
        return np.zeros((1, 2)), 0.0
    spring = _angles_spring(agreement, seed) if n <= SPRING_MAX else \
        dict(enumerate(agreement_embedding(agreement, seed)))
    inside = np.asarray(agreement.sum(axis=1)).ravel()
    ranked = sorted(range(n), key=lambda i: (-round(float(inside[i]), 9), i))
    if n <= ONE_CIRCLE:
        radii = [RING / (2 * math.sin(math.pi / max(n, 2)))]
    else:
        radii = [RING / (2 * math.sin(math.pi / INNER))]
        while sum(_room(r) for r in radii) < n:
            radii.append(radii[-1] + RING)
    room = [_room(r) for r in radii]
    counts = [n * r // sum(room) for r in room]
    for k in sorted(range(len(room)), key=lambda k: -room[k])[:n - sum(counts)]:
        counts[k] += 1  # the members left over, to the longest circles
    xy = np.zeros((n, 2))
    start = 0
    for ring, (radius, count) in enumerate(zip(radii, counts, strict=True)):
        members = ranked[start:start + count]
        angle = {m: math.atan2(spring[m][1], spring[m][0]) for m in members}
        for k, m in enumerate(sorted(members, key=lambda m: (angle[m], m))):
            theta = math.pi / 2 + 2 * math.pi * (k + 0.5 * (ring % 2)) / len(members)
            xy[m] = (radius * math.cos(theta), radius * math.sin(theta))
        start += count
    return xy, radii[-1]


#: Camps of more members than this take their members' angles from the agreement's leading
#: eigenvectors (seconds for thousands) rather than from a spring layout (minutes).
SPRING_MAX = 300


def _angles_spring(agreement: Any, seed: int) -> dict[int, Any]:
    """Each member's position in a seeded spring layout of the camp's agreement."""
    import networkx as nx

    n = agreement.shape[0]
    coo = agreement.tocoo()
    ties: nx.Graph[int] = nx.Graph()
    ties.add_nodes_from(range(n))
    ties.add_weighted_edges_from((int(a), int(b), float(w))
                                 for a, b, w in zip(coo.row, coo.col, coo.data, strict=True)
                                 if a < b)
    return dict(nx.spring_layout(ties, seed=seed, weight="weight"))


def _room(radius: float) -> int:
    """How many members stand ``RING`` apart on a circle of ``radius``."""
    return int(math.pi / math.asin(min(1.0, RING / (2 * radius))) + 1e-9)


def _camp_centres(radii: list[float], gap: float = GAP) -> Positions:
    """Centres of discs of ``radii`` around a circle, at least ``gap`` apart, each taking a
    share of the circle as wide as it is; the first on the left, the second opposite."""
    k = len(radii)
    if k < 2:
        return np.zeros((k, 2))
    width = [2 * r + gap for r in radii]
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
                camps: Camps) -> list[Circle]:
    """A pale disc behind each camp of several members, in the camp's colour."""
    from matplotlib.patches import Circle

    drawn = []
    for x, y, r, member in discs:
        colour = camp_color(camps.colour_index(sub.ids[member]))
        disc = Circle((x, y), r, facecolor=colour, alpha=0.12, edgecolor="none", zorder=0)
        ax.add_patch(disc)
        drawn.append(disc)
    return drawn


#: Dash patterns of ties: plain, mostly from skepticism, mostly inferred, both.
SOLID, DASHED, DOTTED, DASH_DOT = "solid", (0, (4, 2.5)), (0, (1, 1.8)), (0, (4, 2, 1, 2))
#: Opacity of ties of agreement and of conflict, and of inferred ties.
OPACITY = {True: 0.55, False: 0.5}
INFERRED_OPACITY = 0.35


def _dashes(skeptical: bool, inferred: bool) -> Any:
    return (DASH_DOT if skeptical else DOTTED) if inferred else DASHED if skeptical else SOLID


def _draw_ties(ax: Axes, xy: Positions, drawn: list[Tie]) -> list[tuple[LineCollection, list[Tie]]]:
    """The ties as lines, one collection for each kind, with the ties of each."""
    from matplotlib.collections import LineCollection

    found: list[tuple[LineCollection, list[Tie]]] = []
    if not drawn:
        return found
    strongest = max(abs(t.weight) for t in drawn)
    for positive in (True, False):
        for skeptical in (False, True):
            for inferred in (False, True):
                chosen = [t for t in drawn if (t.weight > 0) == positive
                          and t.skeptical == skeptical and t.inferred == inferred]
                if not chosen:
                    continue
                label = "agreement" if positive else "conflict"
                if skeptical:
                    label += ", mostly shared skepticism" if positive else ", mostly skepticism"
                if inferred:
                    label += ", mostly inferred"
                lines = LineCollection(
                    [[xy[t.a], xy[t.b]] for t in chosen],
                    linewidths=[THINNEST + (THICKEST - THINNEST) * abs(t.weight) / strongest
                                for t in chosen],
                    colors=POSITIVE if positive else NEGATIVE,
                    alpha=INFERRED_OPACITY if inferred else OPACITY[positive], zorder=1,
                    label=f"tie: {label}", capstyle="round",
                    linestyles=_dashes(skeptical, inferred))
                ax.add_collection(lines)
                found.append((lines, chosen))
    return found


def _draw_nodes(ax: Axes, sub: SignedNetwork, xy: Positions, area: npt.NDArray[np.float64],
                camps: Camps) -> list[tuple[PathCollection, list[int]]]:
    """The actors' markers, one collection for each camp colour, with the actors of each."""
    colour_of = [camps.colour_index(id) for id in sub.ids]
    found: list[tuple[PathCollection, list[int]]] = []
    legend = dict(camps.legend())
    for label, colour in list(legend.items()) + [("Unaligned: no signed tie", UNALIGNED)]:
        chosen = [i for i, c in enumerate(colour_of) if camp_color(c) == colour
                  and (c is None) == (colour == UNALIGNED)]
        if not chosen:
            continue
        found.append((ax.scatter(xy[chosen, 0], xy[chosen, 1], s=area[chosen], c=colour,
                                 label=label, edgecolors="white", linewidths=1.2, zorder=3),
                      chosen))
    return found


def _move(xy: Positions, discs: list[tuple[float, float, float, int]], circles: list[Circle],
          lines: list[tuple[LineCollection, list[Tie]]],
          nodes: list[tuple[PathCollection, list[int]]]) -> None:
    """Move the drawn discs, ties and markers to a new layout."""
    for (x, y, r, _), circle in zip(discs, circles, strict=True):
        circle.set_center((x, y))
        circle.set_radius(r)
    for collection, chosen in lines:
        collection.set_segments([np.array([xy[t.a], xy[t.b]]) for t in chosen])
    for markers, members in nodes:
        markers.set_offsets(xy[members])


def _legends(ax: Axes, drawn: list[Tie]) -> None:
    """The ties' legend (bottom right), then the camps' (top right: ``ax.get_legend()``)."""
    from matplotlib.lines import Line2D

    kinds: list[tuple[str, str, Any, float, bool]] = [
        ("agreement", POSITIVE, SOLID, OPACITY[True], True),
        ("conflict", NEGATIVE, SOLID, OPACITY[False], True),
        ("mostly from skepticism", POSITIVE, DASHED, OPACITY[True],
         any(t.skeptical for t in drawn)),
        (f"mostly inferred (confidence < {FIRM:g}): dotted, paler", POSITIVE, DOTTED,
         INFERRED_OPACITY, True),
        ("both: dash-dot", POSITIVE, DASH_DOT, INFERRED_OPACITY,
         any(t.skeptical and t.inferred for t in drawn)),
    ]
    handles = [Line2D([], [], color=colour, linestyle=style, linewidth=2, alpha=min(1.0, 1.6 * alpha),
                      label=label)
               for label, colour, style, alpha, shown in kinds if shown]
    handles.append(Line2D([], [], color="none", label="width: weight of the tie"))
    ties_legend = ax.legend(handles=handles, title="Ties (on balance)", loc="lower left",
                            bbox_to_anchor=(1.01, 0.0), fontsize=SMALL, title_fontsize=SMALL,
                            frameon=False, alignment="left")
    ax.add_artist(ties_legend)
    ties_legend.set_clip_on(False)  # add_artist clips it to the axes, which leaves it out of the layout
    nodes = [c for c in ax.collections if str(c.get_label()).startswith(("Camp", "Unaligned"))]
    ax.legend(handles=nodes, title="Camps (members, most connected first)",
              loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=SMALL,
              title_fontsize=SMALL, frameon=False, markerscale=0.8, alignment="left")


def _frame(ax: Axes, xy: Positions, overhang: npt.NDArray[np.float64]) -> None:
    """Limits, one unit as long on both axes (discs stay round), as large a scale as leaves
    each node's ``overhang`` (pixels: left, right, below, above) inside the axes, the nodes
    centred; no axis lines or ticks. For the axes' size once the layout engine has run."""
    box = ax.get_window_extent()
    size = np.array([box.width, box.height])
    low_reach, high_reach = overhang[:, [0, 2]], overhang[:, [1, 3]]

    def span(scale: float) -> npt.NDArray[np.float64]:  # pixels the drawing takes
        return np.asarray((xy * scale + high_reach).max(axis=0)
                          - (xy * scale - low_reach).min(axis=0), dtype=np.float64)

    low, high = 1e-9, 1.0
    while (span(high) <= size).all() and high < 1e12:
        low, high = high, high * 2
    for _ in range(60):  # the largest scale that fits, by bisection
        middle = (low + high) / 2
        low, high = (middle, high) if (span(middle) <= size).all() else (low, middle)
    scale = low
    first = (xy * scale - low_reach).min(axis=0)
    centre = (first + span(scale) / 2) / scale
    half = size / scale / 2
    ax.set_xlim(centre[0] - half[0], centre[0] + half[0])
    ax.set_ylim(centre[1] - half[1], centre[1] + half[1])
    ax.set_axis_off()
