"""The signed stochastic block model (SSBM) of Cucuringu, Davies, Glielmo & Tyagi (AISTATS 2019).

``n`` nodes are split into ``k`` planted clusters. Each of the ``n (n - 1) / 2`` pairs is an
edge with probability ``p``; an edge inside a cluster is positive, one between clusters is
negative, and then every edge's sign is flipped independently with probability ``eta`` (the
noise). With ``eta = 0`` the planted partition has frustration 0; with ``eta = 1/2`` the signs
carry no information.

Edges are sampled, never a dense matrix: the number of edges is drawn from
``Binomial(n (n - 1) / 2, p)``, then that many distinct pairs uniformly at random (pairs drawn
with replacement, duplicates and self-pairs dropped, drawn again until enough, and a uniform
subset kept). The cost is linear in the number of edges, so ``n = 10,000`` at average degree 50
(250,000 edges) takes a fraction of a second.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from stancegraph.analysis.signed import SignedNetwork

__all__ = ["planted_sizes", "signed_sbm"]

Labels = npt.NDArray[np.int64]
SIZES = ("equal", "random")


def planted_sizes(n: int, k: int) -> list[int]:
    """Sizes of ``k`` clusters of ``n`` nodes as equal as can be (the first ones take the rest).

    >>> planted_sizes(10, 3)
    [4, 3, 3]
    """
    return [n // k + (1 if i < n % k else 0) for i in range(k)]


def signed_sbm(
    n: int,
    k: int,
    avg_degree: float,
    noise: float,
    seed: int = 0,
    sizes: str = "equal",
) -> tuple[SignedNetwork, Labels]:
    """A signed network drawn from the SSBM and its planted partition.

    Parameters
    ----------
    n : int
        Number of nodes (actors); their ids are ``"0000"``, ``"0001"``, ... (zero-padded, so
        that sorted ids follow the matrix order).
    k : int
        Number of planted clusters, ``1 <= k <= n``.
    avg_degree : float
        Expected degree of a node: each pair is an edge with probability
        ``p = avg_degree / (n - 1)``.
    noise : float
        ``eta``, the probability that an edge's sign is flipped, in ``[0, 1]``.
    seed : int
        Seed of the numpy Generator: the same arguments give the same network.
    sizes : {"equal", "random"}
        ``"equal"``: clusters of sizes :func:`planted_sizes` (differing by at most one), the
        nodes assigned by a random permutation; ``"random"``: each node joins a uniformly
        random cluster.

    Returns
    -------
    network : SignedNetwork
        Weights are 1: an edge is in ``positive`` or in ``negative``, never both.
    planted : numpy.ndarray of int64
        ``planted[i]`` is the planted cluster (``0 .. k-1``) of node ``i``.

    Examples
    --------
    >>> net, planted = signed_sbm(200, 4, avg_degree=10, noise=0.0, seed=1)
    >>> len(net), sorted(set(planted.tolist()))
    (200, [0, 1, 2, 3])
    >>> from stancegraph.analysis.signed import frustration
    >>> frustration(net, planted)
    0.0
    """
    if n < 1 or not 1 <= k <= n:
        raise ValueError(f"need n >= 1 and 1 <= k <= n, got n={n}, k={k}")
    if not 0.0 <= noise <= 1.0:
        raise ValueError(f"noise must be in [0, 1], got {noise}")
    p = avg_degree / (n - 1) if n > 1 else 0.0
    if not 0.0 <= p <= 1.0:
        raise ValueError(f"avg_degree must be in [0, n - 1], got {avg_degree} for n={n}")
    if sizes not in SIZES:
        raise ValueError(f"unknown sizes {sizes!r}; expected one of {SIZES}")

    rng = np.random.default_rng(seed)
    if sizes == "equal":
        planted = np.repeat(np.arange(k, dtype=np.int64), planted_sizes(n, k))
        planted = planted[rng.permutation(n)]
    else:
        planted = rng.integers(0, k, size=n, dtype=np.int64)

    pairs = n * (n - 1) // 2
    m = int(rng.binomial(pairs, p)) if pairs else 0
    rows, cols = _distinct_pairs(rng, n, m)

    inside = planted[rows] == planted[cols]
    flip = rng.random(m) < noise
    positive = inside != flip
    ids = tuple(f"{i:0{len(str(n - 1))}d}" for i in range(n))
    return (SignedNetwork(ids, _symmetric(rows[positive], cols[positive], n),
                          _symmetric(rows[~positive], cols[~positive], n)),
            planted)


def _distinct_pairs(
    rng: np.random.Generator, n: int, m: int
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """``m`` distinct unordered pairs ``i < j`` of ``range(n)``, uniformly at random, sorted."""
    keys = np.empty(0, dtype=np.int64)
    while keys.size < m:
        # A few more draws than needed, for the self-pairs and repeats that get dropped.
        draw = int((m - keys.size) * 1.1) + 16
        a = rng.integers(0, n, size=draw, dtype=np.int64)
        b = rng.integers(0, n, size=draw, dtype=np.int64)
        keep = a != b
        lo, hi = np.minimum(a[keep], b[keep]), np.maximum(a[keep], b[keep])
        keys = np.union1d(keys, lo * n + hi)
    if keys.size > m:  # a uniform subset of a uniform random set is uniform
        keys = np.sort(rng.choice(keys, size=m, replace=False))
    return keys // n, keys % n


def _symmetric(
    rows: npt.NDArray[np.int64], cols: npt.NDArray[np.int64], n: int
) -> sp.csr_array:
    data = np.ones(2 * rows.size, dtype=np.float64)
    r = np.concatenate([rows, cols])
    c = np.concatenate([cols, rows])
    matrix = sp.coo_array((data, (r, c)), shape=(n, n)).tocsr()
    matrix.sort_indices()
    return matrix
