"""Node labels that do not overlap and sit nearest their own node: a deterministic placement of
text boxes in display space.

Labels are placed one at a time, the most prominent node's first. Each label tries boxes around
its node -- touching a ring around it in 24 directions, those nearest the preferred direction
first -- at growing distances, and takes the first box that overlaps no label placed before
it (with a word's gap to the side, so two labels never read as one) and no node marker, stays
inside the axes, and is nearer its own node than any other node, by a margin: a reader takes a
label for the nearest node's. If no box within reach meets all of this, the one that breaks it
least is taken (staying inside first, then being nearest its own node, then not overlapping),
and the label is reported as *missed*, so that the caller can give the nodes more room and
try again. Only arithmetic on the boxes' sizes: the same drawing gives the same placement. A
label placed away from its node is tied to it with a thin leader line.

Each label is an annotation whose ``xy`` is its node's position (and its ``gid`` the node's
id, when given), so what it labels stays in the drawing. Placement is computed for the
axes' size once the layout engine has run.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from ._style import root_figure

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.lines import Line2D
    from matplotlib.text import Annotation

__all__ = ["Labels", "arrange"]

Array = npt.NDArray[np.float64]
Mask = npt.NDArray[np.bool_]

#: Gap kept between a label and a marker, in pixels.
PAD = 2.5
#: Gap kept between two labels, in ems: to the side (a word's space) and above or below.
SIDE_GAP, LINE_GAP = 0.7, 0.2
#: Directions tried around a node (angles, in degrees from "right", counter-clockwise).
ANGLES = tuple(range(0, 360, 15))
#: Rings of positions tried, each half a label line further out.
RINGS = 40
#: Rings tried at once (the first free box of a chunk is taken, so most labels try few).
CHUNK = 4
#: How much nearer a label must be to its own node than to any other: pixels, and a share of
#: a line's height.
MARGIN, MARGIN_SHARE = 3.0, 0.3


class Labels:
    """Labels of the nodes at ``anchors`` (data coordinates), drawn on ``ax``, to be arranged.

    The annotations are made (at their nodes) and measured once; :meth:`arrange` finds their
    places for the axes' current limits and may be called again after the nodes have moved;
    :meth:`finish` moves the labels to the last places found and draws the leader lines.
    """

    def __init__(self, ax: Axes, anchors: Array, texts: Sequence[str], *, fontsize: float,
                 colors: Sequence[str] | None = None,
                 ids: Sequence[str] | None = None) -> None:
        from matplotlib import patheffects

        self.ax = ax
        self.anchors = np.asarray(anchors, dtype=np.float64)
        halo = [patheffects.withStroke(linewidth=2.5, foreground="white")]
        self.labels: list[Annotation] = []
        for i, text in enumerate(texts):
            at = (float(self.anchors[i, 0]), float(self.anchors[i, 1]))
            label = ax.annotate(text, xy=at, xytext=at, textcoords="data", ha="center",
                                va="center", fontsize=fontsize, annotation_clip=False,
                                color="#1A1A1A" if colors is None else colors[i], zorder=5,
                                path_effects=halo)
            label.set_clip_on(False)
            label.set_in_layout(False)
            if ids is not None:
                label.set_gid(ids[i])
            self.labels.append(label)
        figure = root_figure(ax)
        self.em = fontsize * figure.dpi / 72.0
        self.sizes = np.array([[b.width, b.height] for b in
                               (t.get_window_extent() for t in self.labels)]).reshape(-1, 2)
        self.centres = np.zeros((len(self.labels), 2))
        self.far = np.zeros(len(self.labels), dtype=bool)

    def retext(self, i: int, text: str, fontsize: float) -> None:
        """Change label ``i``'s text and font size (a label that found no place, narrower or
        smaller)."""
        label = self.labels[i]
        label.set_text(text)
        label.set_fontsize(fontsize)
        extent = label.get_window_extent()
        self.sizes[i] = (extent.width, extent.height)

    def overhang(self, marker_radius: Array, prefer: Array | None = None) -> Array:
        """How far (pixels: left, right, below, above) each label reaches past its node when
        it takes its first choice of place (toward ``prefer[i]``, default above), and its
        marker of ``marker_radius`` points: the room to leave round the nodes."""
        radius = np.asarray(marker_radius, dtype=np.float64) * root_figure(self.ax).dpi / 72.0
        found = np.zeros((len(self.labels), 4))
        for i, (size, r) in enumerate(zip(self.sizes, radius, strict=True)):
            toward = (0.0, 1.0) if prefer is None else prefer[i]
            centres, _ = _candidates(np.zeros(2), r, size / 2, toward, 0, 1)
            x, y = centres[0]
            found[i] = (max(size[0] / 2 - x, r), max(size[0] / 2 + x, r),
                        max(size[1] / 2 - y, r), max(size[1] / 2 + y, r))
        return found + PAD

    def arrange(self, anchors: Array, marker_radius: Array, *,
                priority: npt.ArrayLike | None = None, prefer: Array | None = None,
                apart_first: bool = False) -> Mask:
        """Find each label's place for nodes at ``anchors`` (data coordinates) with markers
        of ``marker_radius`` points, under the axes' current limits; return which labels
        found no place meeting every rule.

        Labels with a higher ``priority`` are placed first; ``prefer[i]`` is the direction
        (dx, dy) label ``i`` tries first (default: above). With ``apart_first``, a label that
        cannot have it all keeps off the other labels before it keeps nearest its node (the
        last resort: readable, tied to its node by a leader line).
        """
        n = len(self.labels)
        if not n:
            return np.zeros(0, dtype=bool)
        ax = self.ax
        self.anchors = np.asarray(anchors, dtype=np.float64)
        points = ax.transData.transform(self.anchors)
        radius = np.asarray(marker_radius, dtype=np.float64) * root_figure(ax).dpi / 72.0
        frame = ax.get_window_extent()
        bounds = np.array([[frame.x0, frame.y0], [frame.x1, frame.y1]])
        rank = np.zeros(n) if priority is None else -np.asarray(priority, dtype=np.float64)
        order = np.lexsort((np.arange(n), rank))
        self.centres, self.far, missed = arrange(
            points, self.sizes, radius, bounds, order, prefer,
            gap=(SIDE_GAP * self.em, LINE_GAP * self.em), margin=MARGIN + MARGIN_SHARE * self.em,
            apart_first=apart_first)
        return missed

    def finish(self) -> list[Line2D]:
        """Move the labels to their places and tie those away from their node to it; return
        the leader lines."""
        ax = self.ax
        if not self.labels:
            return []
        inverse = ax.transData.inverted()
        centres = inverse.transform(self.centres)
        lines: list[Line2D] = []
        for label, anchor, centre, far in zip(self.labels, self.anchors, centres, self.far,
                                              strict=True):
            label.xy = (float(anchor[0]), float(anchor[1]))
            label.set_position((float(centre[0]), float(centre[1])))
            if far:
                lines += ax.plot([anchor[0], centre[0]], [anchor[1], centre[1]],
                                 color="#8A8A8A", linewidth=0.6, zorder=4)
        return lines


def arrange(
    points: Array, sizes: Array, radius: Array, bounds: Array,
    order: Sequence[int] | npt.NDArray[np.int64] | None = None,
    prefer: Array | None = None, *, gap: tuple[float, float] = (PAD, PAD),
    margin: float = MARGIN, apart_first: bool = False,
) -> tuple[Array, Mask, Mask]:
    """Centres of label boxes (``sizes``: width, height) for nodes at ``points`` with markers
    of ``radius``, inside ``bounds`` (``[[x0, y0], [x1, y1]]``), placed in ``order``, each
    trying the directions nearest ``prefer[i]`` first (default: above); boxes keep ``gap``
    (x, y) from each other, and each is ``margin`` nearer its own point than any other
    (where a box cannot have both, it keeps off the other boxes first if ``apart_first``).

    Returns the centres, whether each label sits away from its node (past the first ring),
    and whether it found no box meeting every rule.

    >>> centres, far, missed = arrange(np.array([[0.0, 0.0], [30.0, 0.0]]),
    ...                                np.array([[10.0, 4.0]] * 2), np.array([1.0, 1.0]),
    ...                                np.array([[-50.0, -50.0], [80.0, 50.0]]))
    >>> centres.round(1).tolist(), missed.tolist()  # each above its own node
    ([[0.0, 5.5], [30.0, 5.5]], [False, False])
    """
    n = len(points)
    half = np.asarray(sizes, dtype=np.float64) / 2
    centres = np.zeros((n, 2))
    far = np.zeros(n, dtype=bool)
    missed = np.zeros(n, dtype=bool)
    placed: list[int] = []
    markers = np.column_stack([points, radius, radius])  # x, y, half width, half height
    gaps = np.array(gap, dtype=np.float64)
    for i in (range(n) if order is None else order):
        toward = (0.0, 1.0) if prefer is None else prefer[i]
        others = np.delete(markers, i, axis=0)
        boxes = np.column_stack([centres[placed], half[placed]]) if placed \
            else np.zeros((0, 4))
        best, best_cost, best_ring = np.zeros(2), math.inf, 0
        for first in range(0, RINGS, CHUNK):
            candidates, ring = _candidates(points[i], radius[i], half[i], toward, first,
                                           min(first + CHUNK, RINGS))
            inside = ((candidates - half[i] >= bounds[0]) &
                      (candidates + half[i] <= bounds[1])).all(axis=1)
            nearer = _nearer_another(candidates, half[i], points, i, margin)
            overlap = (_overlap(candidates, half[i], boxes, gaps)
                       + _overlap(candidates, half[i], others, np.array([PAD, PAD])))
            if apart_first:
                overlap = np.where(overlap > 0, 1e9 + overlap, 0.0)
            cost = overlap + np.where(nearer > 0, 1e6 + nearer, 0.0) + np.where(inside, 0.0, 1e12)
            k = int(np.argmin(cost))  # the first of the cheapest: the nearest, preferred
            if cost[k] < best_cost:
                best, best_cost, best_ring = candidates[k], float(cost[k]), int(ring[k])
            if best_cost <= 0:
                break
        centres[i], far[i], missed[i] = best, best_ring > 0, best_cost > 0
        placed.append(int(i))
    return centres, far, missed


def _candidates(point: Array, radius: float, half: Array, toward: Sequence[float],
                first: int, last: int) -> tuple[Array, npt.NDArray[np.int64]]:
    """Box centres around a node on rings ``first`` to ``last`` (exclusive), nearest first,
    and the ring of each: each ring tries every direction, those closest to ``toward`` first,
    the box pushed out along the direction until its nearest point is the ring's distance
    from the node."""
    step = half[1] + PAD / 2
    heading = math.atan2(toward[1], toward[0]) if any(toward) else math.pi / 2
    angles = sorted(ANGLES, key=lambda a: (round(-math.cos(math.radians(a) - heading), 9), a))
    unit = np.array([[math.cos(math.radians(a)), math.sin(math.radians(a))] for a in angles])
    rings = np.arange(first, last)
    reach = radius + PAD + step * rings
    # The distance from the node to a box centred t along a direction grows with t: the t
    # giving each ring's reach, by bisection.
    low = np.zeros((len(rings), len(unit)))
    high = np.full_like(low, 2.0 * float(reach[-1] + half.sum()))
    for _ in range(30):
        t = (low + high) / 2
        gap = np.maximum(np.abs(unit)[None, :, :] * t[:, :, None] - half, 0.0)
        short = np.hypot(gap[..., 0], gap[..., 1]) < reach[:, None]
        low, high = np.where(short, t, low), np.where(short, high, t)
    centres = point + unit[None, :, :] * high[:, :, None]
    return centres.reshape(-1, 2), np.repeat(rings, len(unit))


def _nearer_another(centres: Array, half: Array, points: Array, own: int,
                    margin: float) -> Array:
    """For a box of ``half`` size at each of ``centres``: by how much (pixels) some other
    point is nearer the box than ``points[own]`` is, less ``margin`` (0 when none is)."""
    if len(points) < 2:
        return np.zeros(len(centres))
    gap = np.maximum(np.abs(points[None, :, :] - centres[:, None, :]) - half, 0.0)
    distance = np.hypot(gap[..., 0], gap[..., 1])
    mine = distance[:, own].copy()
    distance[:, own] = np.inf
    return np.asarray(np.maximum(mine + margin - distance.min(axis=1), 0.0), dtype=np.float64)


def _overlap(centres: Array, half: Array, boxes: Array, gap: Array) -> Array:
    """Total overlap area (with ``gap``: x, y) of a box of ``half`` size at each of
    ``centres`` with ``boxes`` (rows: x, y, half width, half height)."""
    if not len(boxes):
        return np.zeros(len(centres))
    reach = half[None, :] + boxes[None, :, 2:] + gap
    room = reach - np.abs(centres[:, None, :] - boxes[None, :, :2])
    return np.asarray(np.where((room > 0).all(axis=2), room.prod(axis=2), 0.0).sum(axis=1),
                      dtype=np.float64)
