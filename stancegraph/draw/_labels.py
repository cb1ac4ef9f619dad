"""Node labels that do not overlap: a deterministic placement of text boxes in display space.

Labels are placed one at a time, the most prominent node's first. Each label tries positions
around its node -- above, below, right, left, then the diagonals -- at growing distances, and
takes the first whose box overlaps no label placed before it, no node marker, and stays
inside the axes. If none is free within reach, the position with the least overlap is taken.
Only arithmetic on the boxes' sizes: the same drawing gives the same placement. A label placed
away from its node is tied to it with a thin leader line.

Placement is computed for the figure's size at drawing time (the layout engine runs first).
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
    from matplotlib.text import Text

__all__ = ["arrange", "place_labels"]

Array = npt.NDArray[np.float64]

#: Gap kept between boxes, in pixels.
PAD = 2.5
#: Directions tried around a node, in order: (dx, dy) of the box's offset.
DIRECTIONS = ((0, 1), (0, -1), (1, 0), (-1, 0), (1, 1), (-1, 1), (1, -1), (-1, -1))
#: Rings of positions tried, each a label height further out.
RINGS = 24


def place_labels(
    ax: Axes,
    anchors: Array,
    texts: Sequence[str],
    marker_radius: Array,
    *,
    fontsize: float,
    priority: npt.ArrayLike | None = None,
    prefer: Array | None = None,
    colors: Sequence[str] | None = None,
) -> list[Text]:
    """Write ``texts[i]`` near data point ``anchors[i]``, no two labels overlapping.

    ``marker_radius`` is each node marker's radius in points: labels keep off the markers.
    Labels with a higher ``priority`` are placed first (nearest their node); ``prefer[i]`` is
    the direction (dx, dy) label ``i`` tries first (default: above); ``colors[i]`` its text
    colour (default: near black). Returns the text artists, in the order of ``texts``.
    """
    from matplotlib import patheffects

    figure = root_figure(ax)
    halo = [patheffects.withStroke(linewidth=2.5, foreground="white")]
    labels = []
    for i, text in enumerate(texts):
        label = ax.text(float(anchors[i, 0]), float(anchors[i, 1]), text, ha="center", va="center", fontsize=fontsize,
                        color="#1A1A1A" if colors is None else colors[i], zorder=5, path_effects=halo, clip_on=False)
        label.set_in_layout(False)
        labels.append(label)
    if not labels:
        return labels
    figure.draw_without_rendering()  # runs the layout engine: transforms are final now
    sizes = np.array([[b.width, b.height] for b in (t.get_window_extent() for t in labels)])
    points = ax.transData.transform(anchors)
    radius = np.asarray(marker_radius, dtype=np.float64) * figure.dpi / 72.0
    frame = ax.get_window_extent()
    bounds = np.array([[frame.x0, frame.y0], [frame.x1, frame.y1]])
    rank = np.zeros(len(labels)) if priority is None else -np.asarray(priority, dtype=np.float64)
    order = np.lexsort((np.arange(len(labels)), rank))
    centres, far = arrange(points, sizes, radius, bounds, order, prefer)
    inverse = ax.transData.inverted()
    for label, centre in zip(labels, inverse.transform(centres), strict=True):
        label.set_position((float(centre[0]), float(centre[1])))
    for k in np.flatnonzero(far):
        (x0, y0), (x1, y1) = anchors[k], inverse.transform(centres[k])
        ax.plot([x0, x1], [y0, y1], color="#8A8A8A", linewidth=0.6, zorder=4)
    return labels


def arrange(
    points: Array, sizes: Array, radius: Array, bounds: Array,
    order: Sequence[int] | npt.NDArray[np.int64] | None = None,
    prefer: Array | None = None,
) -> tuple[Array, npt.NDArray[np.bool_]]:
    """Centres of label boxes (``sizes``: width, height) for nodes at ``points`` with markers
    of ``radius``, inside ``bounds`` (``[[x0, y0], [x1, y1]]``), placed in ``order``, each
    trying the directions nearest ``prefer[i]`` first (default: above).

    Returns the centres and whether each label sits away from its node (past the first ring).

    >>> centres, far = arrange(np.array([[0.0, 0.0], [1.0, 0.0]]), np.array([[10.0, 4.0]] * 2),
    ...                        np.array([1.0, 1.0]), np.array([[-50.0, -50.0], [50.0, 50.0]]))
    >>> centres.round(1).tolist()  # the first above its node; the second, blocked, beside
    [[0.0, 5.5], [9.5, -5.5]]
    """
    n = len(points)
    half = np.asarray(sizes, dtype=np.float64) / 2
    centres = np.zeros((n, 2))
    far = np.zeros(n, dtype=bool)
    placed: list[int] = []
    markers = np.column_stack([points, radius, radius])  # x, y, half width, half height
    for i in (range(n) if order is None else order):
        toward = (0.0, 1.0) if prefer is None else prefer[i]
        candidates = _candidates(points[i], radius[i], half[i], toward)
        inside = ((candidates - half[i] >= bounds[0]) &
                  (candidates + half[i] <= bounds[1])).all(axis=1)
        boxes = np.column_stack([centres[placed], half[placed]]) if placed \
            else np.zeros((0, 4))
        cost = _overlap(candidates, half[i], np.vstack([boxes, markers])) + np.where(
            inside, 0.0, 1e9)
        free = np.flatnonzero(cost <= 0)
        best = int(free[0]) if len(free) else int(np.argmin(cost))
        centres[i] = candidates[best]
        far[i] = best >= len(DIRECTIONS)
        placed.append(int(i))
    return centres, far


def _candidates(point: Array, radius: float, half: Array, toward: Sequence[float]) -> Array:
    """Box centres around a node, nearest first: each ring tries every direction, those
    closest to ``toward`` first."""
    step = 2 * half[1] + PAD
    norm = math.hypot(toward[0], toward[1]) or 1.0
    directions = sorted(DIRECTIONS, key=lambda d: -round(
        (d[0] * toward[0] + d[1] * toward[1]) / (norm * math.hypot(*d)), 6))
    found = []
    for ring in range(RINGS):
        for dx, dy in directions:
            reach = radius + PAD + ring * step
            found.append((point[0] + dx * (reach + half[0]), point[1] + dy * (reach + half[1])))
    return np.array(found)


def _overlap(centres: Array, half: Array, boxes: Array) -> Array:
    """Total overlap area (with the padding) of a box of ``half`` size at each of
    ``centres`` with ``boxes`` (rows: x, y, half width, half height)."""
    if not len(boxes):
        return np.zeros(len(centres))
    reach = half[None, :] + boxes[None, :, 2:] + PAD
    gap = reach - np.abs(centres[:, None, :] - boxes[None, :, :2])
    return np.asarray(np.where((gap > 0).all(axis=2), gap.prod(axis=2), 0.0).sum(axis=1),
                      dtype=np.float64)
