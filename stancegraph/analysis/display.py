"""The numerics that the pictures and the explorer page need, kept with the other numerics:
a camp's spectral embedding, each actor's strongest ties, and one set of camps matched to
another."""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp
from scipy.optimize import linear_sum_assignment
from scipy.sparse.linalg import ArpackError, eigsh

from .signed import SignedNetwork

__all__ = ["agreement_embedding", "matched_camps", "strongest_ties"]


def agreement_embedding(agreement: Any, seed: int) -> npt.NDArray[np.float64]:
    """Each actor's position (n x 2) by the second and third leading eigenvectors of the
    normalised ``agreement`` (a symmetric sparse matrix; seeded start; actors without
    agreement at the middle). Where no spectrum can be read, positions round a circle.

    A ring of eight, each agreeing with its two neighbours, goes round a circle in its order:

    >>> ring = sp.csr_array(np.roll(np.eye(8), 1, axis=1) + np.roll(np.eye(8), -1, axis=1))
    >>> xy = agreement_embedding(ring, 0)
    >>> turn = np.unwrap(np.arctan2(xy[:, 1], xy[:, 0]))
    >>> set(np.round(np.abs(np.diff(turn)) / (np.pi / 4), 6).tolist())  # steps of 1/8 turn
    {1.0}
    """
    n = agreement.shape[0]
    degree = np.asarray(agreement.sum(axis=1)).ravel()
    scale = sp.diags_array(np.divide(1.0, np.sqrt(degree), out=np.zeros(n), where=degree > 0))
    normalised = (scale @ sp.csr_array(agreement) @ scale).tocsr()
    start = np.random.default_rng(seed).random(n)
    try:
        _, vectors = eigsh(normalised, k=3, which="LA", v0=start)
        xy = vectors[:, :2] * np.sign(vectors[np.argmax(np.abs(vectors[:, :2]), axis=0),
                                               [0, 1]])
    except (ArpackError, ValueError):  # no spectrum to read: the given order goes round
        xy = np.column_stack([np.cos(np.arange(n)), np.sin(np.arange(n))])
    return np.asarray(xy, dtype=np.float64)


def strongest_ties(network: SignedNetwork, per_actor: int) -> tuple[
        npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.float64],
        npt.NDArray[np.float64]]:
    """The ties among the ``per_actor`` strongest (agreement plus conflict) of either end:
    (rows, cols, agreement, conflict), each pair once (row < col), in row-major order. Equal
    weights are taken in the order of the other end.

    >>> net = SignedNetwork.from_edges("abc", [("a", "b", 3), ("a", "c", -1), ("b", "c", 2)])
    >>> rows, cols, plus, minus = strongest_ties(net, 1)
    >>> rows.tolist(), cols.tolist(), plus.tolist(), minus.tolist()
    ([0, 1], [1, 2], [3.0, 2.0], [0.0, 0.0])
    """
    upper = sp.triu(network.positive + network.negative, k=1).tocoo()
    keep = _strongest(upper, len(network), per_actor)
    rows, cols = upper.row[keep].astype(np.int64), upper.col[keep].astype(np.int64)
    order = np.lexsort((cols, rows))
    rows, cols = rows[order], cols[order]
    plus = np.asarray(network.positive.tocsr()[rows, cols], dtype=np.float64).ravel()
    minus = np.asarray(network.negative.tocsr()[rows, cols], dtype=np.float64).ravel()
    return rows, cols, plus, minus


def _strongest(ties: Any, n: int, per_actor: int) -> npt.NDArray[np.int64]:
    """Indices of the ties (a COO upper triangle of ``n`` actors) among the ``per_actor``
    strongest of either end, in order.

    >>> t = sp.coo_array(([3.0, 1.0, 2.0], ([0, 0, 1], [1, 2, 2])), shape=(3, 3))
    >>> _strongest(t, 3, 1).tolist()  # 0's strongest is 0-1, 1's 0-1, 2's 1-2
    [0, 2]
    """
    if not len(ties.data):
        return np.zeros(0, dtype=np.int64)
    index = np.arange(1, len(ties.data) + 1, dtype=np.float64)  # 1-based: 0 is "no tie"
    ends = (np.concatenate([ties.row, ties.col]), np.concatenate([ties.col, ties.row]))
    both = sp.csr_array((np.concatenate([ties.data, ties.data]), ends), shape=(n, n))
    which = sp.csr_array((np.concatenate([index, index]), ends), shape=(n, n))
    both.sort_indices()
    which.sort_indices()
    chosen = []
    for r in range(n):
        lo, hi = both.indptr[r], both.indptr[r + 1]
        mine = which.data[lo:hi]
        if hi - lo > per_actor:  # the row is sorted by column: equal weights by column
            mine = mine[_largest(both.data[lo:hi], per_actor)]
        chosen.append(mine)
    return np.unique(np.concatenate(chosen)).astype(np.int64) - 1


def _largest(weight: Any, k: int) -> npt.NDArray[np.int64]:
    """Positions of the ``k`` largest weights, equal ones by position."""
    kth = np.partition(weight, len(weight) - k)[len(weight) - k]
    above = np.flatnonzero(weight > kth)
    level = np.flatnonzero(weight == kth)[:k - len(above)]
    return np.concatenate([above, level]).astype(np.int64)


def matched_camps(camps: npt.ArrayLike, reference: npt.ArrayLike, count: int,
                  reference_count: int) -> npt.NDArray[np.int64]:
    """For each of ``count`` camps, the reference camp (of ``reference_count``) it shares
    most actors with, one each (an assignment maximising the actors shared), -1 for a camp
    that shares none with any it could take. ``camps[i]`` and ``reference[i]`` are actor
    ``i``'s camp in each, negative for none.

    >>> matched_camps([1, 1, 0, 0, -2, 2], [0, 0, 0, 1, 1, -1], 3, 2).tolist()
    [1, 0, -1]
    """
    mine, theirs = np.asarray(camps, dtype=np.int64), np.asarray(reference, dtype=np.int64)
    found = np.full(count, -1, dtype=np.int64)
    both = (mine >= 0) & (theirs >= 0)
    if count and reference_count and both.any():
        overlap = np.zeros((count, reference_count), dtype=np.int64)
        np.add.at(overlap, (mine[both], theirs[both]), 1)
        rows, cols = linear_sum_assignment(-overlap)
        for r, c in zip(rows.tolist(), cols.tolist(), strict=True):
            if overlap[r, c] > 0:
                found[r] = c
    return found
