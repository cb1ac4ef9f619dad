"""How good a found partition is: agreement with the planted one, and frustration.

* :func:`adjusted_rand_index` -- the Rand index corrected for chance (Hubert & Arabie 1985),
  computed from the contingency table of the two partitions: 1 for the same partition up to
  renaming the clusters, about 0 for independent ones (it can be negative).
* :func:`relative_frustration` -- the frustration of the found partition over that of the
  planted one: below 1 means the method found a partition that explains the signs better than
  the truth did (possible under noise), above 1 worse.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import numpy.typing as npt

from stancegraph.analysis.signed import SignedNetwork, frustration

__all__ = ["adjusted_rand_index", "contingency_table", "relative_frustration"]


def contingency_table(a: Any, b: Any) -> npt.NDArray[np.int64]:
    """``table[i, j]`` = how many items are in the i-th cluster of ``a`` and the j-th of ``b``.

    Clusters are numbered in sorted order of their labels.

    >>> contingency_table([0, 0, 1, 1], ["x", "y", "y", "y"]).tolist()
    [[1, 1], [0, 2]]
    """
    x, y = np.asarray(a), np.asarray(b)
    if x.ndim != 1 or x.shape != y.shape:
        raise ValueError(f"need two label vectors of one length, got shapes {x.shape}, {y.shape}")
    _, xi = np.unique(x, return_inverse=True)
    _, yi = np.unique(y, return_inverse=True)
    rows = int(xi.max()) + 1 if x.size else 0
    cols = int(yi.max()) + 1 if y.size else 0
    table = np.zeros((rows, cols), dtype=np.int64)
    np.add.at(table, (xi.ravel(), yi.ravel()), 1)
    return table


def _pairs(counts: npt.NDArray[np.int64]) -> int:
    """Sum of C(c, 2) over the counts, exactly (Python ints)."""
    return sum(int(c) * (int(c) - 1) // 2 for c in counts.ravel() if c > 1)


def adjusted_rand_index(a: Any, b: Any) -> float:
    """The adjusted Rand index of two partitions given as label vectors.

    With ``n_ij`` the contingency table, ``a_i`` and ``b_j`` its row and column sums,
    ``index = sum C(n_ij, 2)``, ``expected = sum C(a_i, 2) sum C(b_j, 2) / C(n, 2)`` and
    ``max = (sum C(a_i, 2) + sum C(b_j, 2)) / 2``, the ARI is
    ``(index - expected) / (max - expected)``. When ``max == expected`` (both partitions put
    everything in one cluster, or both make every item its own cluster) the partitions are
    identical and the ARI is 1.

    Examples
    --------
    >>> adjusted_rand_index([0, 0, 1, 1], [5, 5, 3, 3])
    1.0
    >>> round(adjusted_rand_index([0, 0, 0, 1, 1, 1], [0, 0, 1, 1, 2, 2]), 6)
    0.242424
    """
    table = contingency_table(a, b)
    n = int(table.sum())
    index = _pairs(table)
    rows = _pairs(table.sum(axis=1))
    cols = _pairs(table.sum(axis=0))
    total = n * (n - 1) // 2
    if total == 0:
        return 1.0
    expected = rows * cols / total
    maximum = (rows + cols) / 2
    if math.isclose(maximum, expected):
        return 1.0
    return float((index - expected) / (maximum - expected))


def relative_frustration(network: SignedNetwork, found: Any, planted: Any) -> float:
    """``frustration(found) / frustration(planted)`` on ``network``.

    When the planted partition has frustration 0 (no noise): 1.0 if the found one has 0 too,
    else ``inf`` -- the ratio cannot say how much worse; report ``frustration(found)`` beside
    it.

    >>> from stancegraph.analysis.signed import SignedNetwork
    >>> net = SignedNetwork.from_edges("abcd", [("a", "b", 1), ("c", "d", 1), ("a", "c", -1),
    ...                                         ("b", "d", 1)])
    >>> relative_frustration(net, [0, 0, 0, 0], [0, 0, 1, 1])
    1.0
    >>> relative_frustration(net, [0, 1, 0, 1], [0, 0, 1, 1])
    3.0
    """
    mine = frustration(network, found)
    truth = frustration(network, planted)
    if truth == 0.0:
        return 1.0 if mine == 0.0 else math.inf
    return mine / truth
