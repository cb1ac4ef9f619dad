"""Seating each actor with the camp whose line it shares most.

A camp's *line* on a target is the way most of its members' stance weight on the target
goes: support, opposition, or none when it is evenly split or unstated. An actor *shares*
a line by the weight of its stances that go the line's way, less the weight that goes
against it. :func:`seat_by_lines` takes the camps a partition found and moves each member
of a camp to the camp whose line it shares most, recomputes the lines, and repeats until
no member moves -- each round raises the total weight of stances that go their own camp's
way (a round of k-modes, Huang 1998, on signed, weighted profiles), so it ends.

Why, after the least frustrated partition: the pull of a camp on an actor in the signed
network is the actor's agreement with every member, summed, so a larger camp pulls harder
than a smaller one whose line the actor shares more, and two camps whose lines agree on
most targets merge although each holds to its own line on the rest. Seated by lines, each
actor counts each camp's position once per target, whatever the camp's size: where camps
are planted (``benchmarks/scale.py``) the seating is that of the planted lines, which the
least frustrated partition alone misses by a few points of ARI.

>>> import scipy.sparse as sp
>>> profiles = sp.csr_array([[1.0, 1, 1, 1], [1, 1, 1, 1], [1, 1, -1, -1], [1, 1, -1, -1],
...                          [1, 0, -1, -1]])
>>> seat_by_lines(profiles, np.array([0, 0, 1, 1, 0])).tolist()  # the last one: camp 1's line
[0, 0, 1, 1, 1]
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from .signed import Labels

__all__ = ["line_agreement", "seat_by_lines"]

#: Rounds of seating at most (each round moves every member who shares another camp's line
#: more; it ends long before this on any debate seen).
MAX_ROUNDS = 50
_EPS = 1e-9


def line_agreement(profiles: sp.csr_array | npt.ArrayLike, labels: npt.ArrayLike) -> float:
    """How well the camps ``labels`` hold to their lines: the stance weight of every actor
    that goes its own camp's line, less the weight that goes against it (what
    :func:`seat_by_lines` raises; an actor alone holds its own line).

    >>> line_agreement(np.array([[1.0, -1], [1, 1], [-1, 1]]), [0, 0, 1])
    4.0
    """
    lab = np.asarray(labels, dtype=np.int64)
    x = sp.csr_array(profiles, dtype=np.float64)
    if len(lab) == 0 or x.nnz == 0:
        return 0.0
    lines = _lines(x.T.tocsr(), lab, np.arange(len(lab)), int(lab.max()) + 1)
    return float(np.sum(np.asarray(x @ lines)[np.arange(len(lab)), lab]))


def _lines(flipped: sp.csr_array, labels: Labels, members: npt.NDArray[np.intp],
           camps: int) -> npt.NDArray[np.float64]:
    """The line of each camp (targets × camps: 1, -1 or 0) from the stances of ``members``
    (``flipped``: the profiles transposed, targets × actors)."""
    onehot = sp.csr_array((np.ones(len(members)), (members, labels[members])),
                          shape=(flipped.shape[1], camps))
    return np.asarray(np.sign((flipped @ onehot).toarray()), dtype=np.float64)


def seat_by_lines(profiles: sp.csr_array | npt.ArrayLike, labels: npt.ArrayLike, *,
                  max_rounds: int = MAX_ROUNDS) -> Labels:
    """The ``labels`` of the actors (the rows of the actor × target ``profiles``, net stance
    weight: support positive) after each member of a camp of two or more moves to the camp
    whose line it shares strictly more, until none does (see the module docstring).

    Actors alone stay alone, no camp is joined by one, and a move that would leave a camp
    with fewer than two members is not made: the camps stay as many. Labels are kept as
    given (not renumbered).

    >>> seat_by_lines(np.array([[1.0, -1], [1, -1], [-1, 1]]), [0, 0, 1]).tolist()
    [0, 0, 1]
    """
    lab = np.array(labels, dtype=np.int64)
    x = sp.csr_array(profiles, dtype=np.float64)
    n = len(lab)
    if n == 0 or x.nnz == 0:
        return lab
    k = int(lab.max()) + 1
    sizes = np.bincount(lab, minlength=k)
    camps = np.flatnonzero(sizes >= 2)  # camps of two or more: the ones seated
    if len(camps) < 2:
        return lab
    flipped = x.T.tocsr()
    for _ in range(max_rounds):
        member = np.flatnonzero(sizes[lab] >= 2)
        lines = _lines(flipped, lab, member, k)[:, camps]
        shared = np.asarray(x[member] @ lines)  # each member's share of each camp's line
        own = shared[np.arange(len(member)), np.searchsorted(camps, lab[member])]
        best = np.argmax(shared, axis=1)  # the first of equals
        gain = shared[np.arange(len(member)), best] - own
        movers = np.flatnonzero(gain > _EPS)
        if not len(movers):
            break
        moved = False
        # Most to gain first; a camp keeps two members at least.
        for m in movers[np.argsort(-gain[movers], kind="stable")].tolist():
            i, to = int(member[m]), int(camps[best[m]])
            if sizes[lab[i]] <= 2:
                continue
            sizes[lab[i]] -= 1
            sizes[to] += 1
            lab[i] = to
            moved = True
        if not moved:
            break
    return lab
