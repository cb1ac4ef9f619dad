"""Who takes which stance on what, at a level of analysis: the cells of the stance matrix and
the lines of the stance map, with the actors in camp order and the targets by divisiveness."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from ..analysis import statements
from ..analysis.statements import Level
from ..graph import StanceGraph
from ..model import STANCE_RELATIONS
from ._camps import Camps

__all__ = ["CATEGORIES", "Cells", "cells", "divisiveness"]

#: The categories of a cell: no stance, one relation, or support together with opposition or
#: skepticism ("mixed").
CATEGORIES = ("none", "supports", "opposes", "skeptical-of", "mixed")
_BIT = {r: 1 << i for i, r in enumerate(STANCE_RELATIONS)}  # supports 1, opposes 2, skeptical 4


@dataclass(frozen=True)
class Cells:
    """Actors (rows, camp order) × targets (columns, most divisive first).

    ``bits[i, j]`` holds one bit per relation the actor takes on the target (``supports`` 1,
    ``opposes`` 2, ``skeptical-of`` 4); ``category`` indexes :data:`CATEGORIES`.
    ``confidence[i, j, k]`` is the highest confidence of the statements behind relation ``k``
    (of :data:`~stancegraph.model.STANCE_RELATIONS`) of the cell (1 when not given, 0 when the
    actor does not take it); ``cell_confidence`` that of the cell as drawn.
    """

    actors: tuple[str, ...]
    targets: tuple[str, ...]
    bits: npt.NDArray[np.int64]
    total_actors: int
    total_targets: int
    confidence: npt.NDArray[np.float64]

    @property
    def category(self) -> npt.NDArray[np.int64]:
        b = self.bits
        support, against = (b & 1) > 0, (b & 6) > 0
        return np.select([support & against, (b & 2) > 0, (b & 4) > 0, support],
                         [4, 2, 3, 1], default=0).astype(np.int64)

    @property
    def cell_confidence(self) -> npt.NDArray[np.float64]:
        """How sure each cell is: the least of its relations' confidences (a mixed cell is
        only as sure as its least sure side), 1 for an empty cell."""
        taken = self.confidence > 0
        return np.where(taken.any(axis=2), np.where(taken, self.confidence, 1.0).min(axis=2),
                        1.0)


def cells(g: StanceGraph, level: Level, camps: Camps, max_actors: int,
          max_targets: int) -> Cells:
    """The current stances at ``level``, as stated (a stance on a narrower position is not
    drawn again on the broader one; the camps' explanations say what counted through
    ``broader``): the actors with at least one (camp order, the
    unaligned last; the ``max_actors`` with most stances when there are more), and the
    ``max_targets`` most divisive targets.

    >>> from stancegraph.draw._camps import camps_of
    >>> c = cells(nato, "state", camps_of(sg.coalitions(nato), nato), 60, 40)
    >>> c.targets[:2], c.bits.shape
    (('dialogue-with-putin', 'negotiations-on-putins-terms'), (17, 29))
    """
    rows = statements(g, level=level, broader="none")
    bits = np.zeros((len(rows.actors), len(rows.targets)), dtype=np.int64)
    relation_bit = np.array([_BIT[r] for r in STANCE_RELATIONS], dtype=np.int64)
    np.bitwise_or.at(bits, (rows.holder, rows.target), relation_bit[rows.relation])
    stated = g.stance_columns().confidence[rows.stance] if len(rows) else np.zeros(0)
    sure = np.zeros((*bits.shape, len(STANCE_RELATIONS)))
    np.maximum.at(sure, (rows.holder, rows.target, rows.relation),
                  np.where(np.isnan(stated), 1.0, stated))
    counts = (bits > 0).sum(axis=1)
    total_targets = int((bits > 0).any(axis=0).sum())
    active = [i for i in range(len(rows.actors)) if counts[i]]
    if len(active) > max_actors:
        active = sorted(sorted(active, key=lambda i: (-counts[i], rows.actors[i]))[:max_actors])
    position = {m: (c, k) for c, members in enumerate(camps.ranked)
                for k, m in enumerate(members)}
    unplaced = (len(camps.ranked), 0)
    active.sort(key=lambda i: (*position.get(rows.actors[i], unplaced), rows.actors[i]))
    bits, sure = bits[active], sure[active]
    used = np.flatnonzero((bits > 0).any(axis=0))
    score = divisiveness(bits[:, used])
    ranked = sorted(range(len(used)), key=lambda j: (*(-s for s in score[j]),
                                                      rows.targets[used[j]]))[:max_targets]
    columns = used[ranked]
    return Cells(tuple(rows.actors[i] for i in active), tuple(rows.targets[j] for j in columns),
                 bits[:, columns], int((counts > 0).sum()), total_targets, sure[:, columns])


def divisiveness(bits: npt.NDArray[np.int64]) -> list[tuple[float, float, int]]:
    """How divisive each column's target is: (actors on the smaller side, balance, actors
    with a stance), larger is more divisive.

    The sides are support and opposition (skepticism counting as opposition; an actor on both
    counts half on each). The balance is 1 for an even split and 0 for unanimity.

    >>> divisiveness(np.array([[1, 1], [2, 1], [4, 1]]))
    [(1.0, 0.666667, 3), (0.0, 0.0, 3)]
    """
    support = ((bits & 1) > 0).astype(float)
    against = ((bits & 6) > 0).astype(float)
    both = support * against
    s = (support - both / 2).sum(axis=0)
    o = (against - both / 2).sum(axis=0)
    stated = s + o
    balance = np.divide(2 * np.minimum(s, o), stated, out=np.zeros_like(stated),
                        where=stated > 0)
    return [(float(min(a, b)), round(float(c), 6), int(n))
            for a, b, c, n in zip(s, o, balance, stated, strict=True)]
