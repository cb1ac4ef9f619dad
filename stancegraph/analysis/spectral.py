"""Scalable coalition detection: a regularised signed spectral embedding, k-means, then local
moves that never increase frustration.

1. **Embedding.** With ``A = P - N`` the net tie matrix and ``d`` the total (absolute) tie weight
   of each actor, take the leading eigenvectors of the regularised, symmetrically normalised
   signed adjacency ``D_τ^{-1/2} A D_τ^{-1/2}``, ``D_τ = diag(d) + τ I`` with ``τ`` the mean
   degree. Its top eigenvectors are the bottom ones of the normalised signed Laplacian of
   Kunegis et al. (2010); the degree regularisation (Amini et al. 2013, "Pseudo-likelihood
   methods for community detection in large sparse networks"; Qin & Rohe 2013) keeps sparse
   graphs from putting their eigenvectors on a few high-degree actors. For ``k`` camps the
   informative directions are the ``k - 1`` largest eigenvalues (as in SPONGE, Cucuringu et al.
   2019); with ``k`` unknown it is estimated from how many eigenvalues stand clear of the noise
   bulk.
2. **k-means** (k-means++ seeding, several restarts, seeded) on the row-normalised embedding,
   in ``k - 1``, ``k`` and ``2k`` dimensions: three starts.
3. **Local moves**, from each start; the partition with the least frustration is returned. Each actor moves to the camp its net ties pull it to most, if that lowers
   frustration; when ``k`` is free, an actor at odds with every camp (its own included) stands
   alone, two camps whose net tie is positive merge, and a camp whose two halves (split along the
   leading eigenvector of its net ties) are net opposed splits. Every accepted step lowers frustration, so the
   result is never worse than the spectral start.
"""

from __future__ import annotations

import warnings

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp
from scipy.cluster.vq import kmeans2
from scipy.sparse.linalg import ArpackNoConvergence, eigsh

from ..errors import InvalidRecordError
from .signed import Labels, SignedNetwork, canonical_labels, frustration

__all__ = ["estimate_k", "local_moves", "spectral_embedding", "spectral_partition"]

_EPS = 1e-12
#: Dense eigensolver below this many actors: exact and faster than Lanczos there.
_DENSE_BELOW = 400


def spectral_partition(
    network: SignedNetwork, k: int | None = None, *, seed: int = 0, max_k: int = 20,
    restarts: int = 8,
) -> Labels:
    """Partition a signed network into camps; ``k`` camps if given, else as many as it holds.

    Returns canonical labels (0, 1, ... in order of first appearance), one per actor. Actors
    without ties are singletons.

    Examples
    --------
    >>> net = SignedNetwork.from_edges("abcdef", [
    ...     ("a", "b", 1), ("b", "c", 1), ("a", "c", 1), ("d", "e", 1), ("e", "f", 1),
    ...     ("d", "f", 1), ("a", "d", -1), ("b", "e", -1), ("c", "f", -1), ("c", "d", 0.5)])
    >>> spectral_partition(net).tolist()
    [0, 0, 0, 1, 1, 1]
    """
    n = len(network)
    if k is not None and k < 1:
        raise InvalidRecordError("k must be at least 1", id=str(k), expected="k >= 1 or None")
    labels = np.arange(n, dtype=np.int64)
    active = np.flatnonzero(network.degree() > 0)
    if len(active) == 0:
        return canonical_labels(labels)
    sub = network.subnetwork(active) if len(active) < n else network
    m = len(active)
    if k is None:
        vectors, values = _leading(sub, max_k, seed)
        start_k = min(m, estimate_k(values, sub))
    else:
        start_k = min(k, m)
        vectors, values = spectral_embedding(sub, min(2 * start_k, m - 1), seed=seed)
    rng = np.random.default_rng(seed)
    best: tuple[float, Labels] | None = None
    # Several starts -- embeddings of k - 1, k and 2k dimensions -- each refined; the partition
    # with the least frustration wins (ties: the first).
    for dims in sorted({max(start_k - 1, 1), start_k, 2 * start_k}):
        if start_k <= 1 or vectors.shape[1] == 0:
            start = np.zeros(m, dtype=np.int64)
        else:
            start = _kmeans(vectors[:, :dims], start_k, rng, restarts)
        found = local_moves(sub, start, k_fixed=k is not None)
        cost = frustration(sub, found)
        if best is None or cost < best[0] - _EPS:
            best = (cost, found)
        if start_k <= 1 or dims >= vectors.shape[1]:
            break
    assert best is not None
    labels[active] = best[1] + n  # keep clear of the singletons' labels
    return canonical_labels(labels)


def _leading(network: SignedNetwork, max_k: int, seed: int
             ) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """Enough leading eigenpairs to count the camps (up to ``max_k``) and embed them twice."""
    m = len(network)
    dims = min(8, m - 1)
    while True:
        vectors, values = spectral_embedding(network, dims, seed=seed)
        k = estimate_k(values, network)
        if k <= dims // 2 or dims >= min(2 * max_k, m - 1):
            return vectors, values
        dims = min(2 * dims, 2 * max_k, m - 1)


def spectral_embedding(
    network: SignedNetwork, dimensions: int, *, seed: int = 0
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """The ``dimensions`` leading eigenvectors (columns, largest eigenvalue first) and their
    eigenvalues of the regularised normalised signed adjacency (see the module docstring)."""
    n = len(network)
    dimensions = max(0, min(dimensions, n - 1))
    if dimensions == 0:
        return np.zeros((n, 0)), np.zeros(0)
    degree = network.degree()
    tau = float(degree.mean())
    scale = 1.0 / np.sqrt(degree + tau)
    a = network.difference
    m = sp.diags_array(scale) @ a @ sp.diags_array(scale)
    if n < _DENSE_BELOW:
        values, vectors = np.linalg.eigh(m.toarray())
        values, vectors = values[::-1][:dimensions], vectors[:, ::-1][:, :dimensions]
    else:
        v0 = np.random.default_rng(seed).standard_normal(n)
        try:
            values, vectors = eigsh(m, k=dimensions, which="LA", v0=v0, tol=1e-6,
                                    maxiter=max(1000, 20 * n))
        except ArpackNoConvergence as err:  # keep what converged
            values, vectors = err.eigenvalues, err.eigenvectors
        order = np.argsort(values)[::-1]
        values, vectors = values[order], vectors[:, order]
    # Fix each eigenvector's sign so the result does not depend on the solver's choice.
    signs = np.sign(vectors[np.argmax(np.abs(vectors), axis=0), np.arange(vectors.shape[1])])
    return vectors * np.where(signs == 0, 1, signs), values


def estimate_k(values: npt.NDArray[np.float64], network: SignedNetwork) -> int:
    """Number of camps: one plus the eigenvalues that stand clear of the noise bulk.

    For a random signed network of mean degree ``d`` the bulk of the normalised spectrum
    (with ``τ = d``) reaches about ``1 / sqrt(d)``; eigenvalues above it carry structure.
    """
    d = float(network.degree().mean())
    if d <= 0:
        return 1
    edge = 1.0 / np.sqrt(d) if d > 1 else 0.5
    return 1 + int(np.sum(values > edge))


def _kmeans(data: npt.NDArray[np.float64], k: int, rng: np.random.Generator,
            restarts: int) -> Labels:
    norms = np.linalg.norm(data, axis=1, keepdims=True)
    points = data / np.where(norms > 0, norms, 1.0)
    best: tuple[float, Labels] | None = None
    for _ in range(restarts):
        with warnings.catch_warnings():
            # Few or repeated points leave clusters empty; the local moves that follow handle
            # any labelling, so scipy's warnings about it are noise here.
            warnings.simplefilter("ignore", RuntimeWarning)
            warnings.simplefilter("ignore", UserWarning)
            centroids, labels = kmeans2(points, k, minit="++", seed=rng, iter=30)
        inertia = float(((points - centroids[labels]) ** 2).sum())
        if best is None or inertia < best[0] - 1e-12:
            best = (inertia, np.asarray(labels, dtype=np.int64))
    assert best is not None
    return best[1]


def local_moves(
    network: SignedNetwork, labels: npt.ArrayLike, *, k_fixed: bool = True, max_rounds: int = 50
) -> Labels:
    """Improve a partition by moving single actors (and, unless ``k_fixed``, by opening new
    camps and merging camps); every accepted change lowers frustration.

    >>> net = SignedNetwork.from_edges("abcd", [("a", "b", 1), ("c", "d", 1), ("a", "c", -1),
    ...                                         ("b", "d", -1)])
    >>> local_moves(net, [0, 1, 0, 1]).tolist()
    [0, 0, 1, 1]
    """
    lab = np.array(labels, dtype=np.int64, copy=True)
    w = network.difference
    w.sort_indices()
    indptr, indices, data = w.indptr, w.indices, w.data
    n = len(lab)
    if n == 0:
        return lab
    for _ in range(max_rounds):
        moved = _move_round(indptr, indices, data, lab, allow_new=not k_fixed)
        merged = False if k_fixed else _merge_camps(w, lab)
        split = False if k_fixed or moved or merged else _split_camps(w, lab)
        if not moved and not merged and not split:
            break
    return canonical_labels(lab)


def _move_round(indptr: npt.NDArray[np.int32], indices: npt.NDArray[np.int32],
                data: npt.NDArray[np.float64], lab: Labels, *, allow_new: bool) -> bool:
    """One round: find actors a move would help (vectorised), then move them one at a time."""
    n = len(lab)
    k = int(lab.max()) + 1
    onehot = sp.csr_array((np.ones(n), (np.arange(n), lab)), shape=(n, k))
    w = sp.csr_array((data, indices, indptr), shape=(n, n))
    pull = (w @ onehot).toarray()  # pull[i, c]: net tie of i to camp c
    own = pull[np.arange(n), lab]
    best = pull.max(axis=1)
    if allow_new:
        best = np.maximum(best, 0.0)  # a camp of its own pulls 0
    candidates = np.flatnonzero(best - own > _EPS)
    sizes = np.bincount(lab, minlength=k).tolist()
    moved = False
    for i in candidates:
        nbrs = indices[indptr[i]:indptr[i + 1]]
        weights = data[indptr[i]:indptr[i + 1]]
        k = len(sizes)
        pulls = np.bincount(lab[nbrs], weights=weights, minlength=k)
        current = lab[i]
        target = int(np.argmax(pulls))
        gain = pulls[target] - pulls[current]
        if allow_new and pulls[target] < -_EPS and sizes[current] > 1:
            # At odds with every camp, its own included: it stands alone.
            target, gain = k, -pulls[current]
        if gain > _EPS and target != current:
            if target == k:
                sizes.append(0)
            sizes[current] -= 1
            sizes[target] += 1
            lab[i] = target
            moved = True
    if moved:
        lab[:] = canonical_labels(lab)
    return moved


def _split_camps(w: sp.csr_array, lab: Labels) -> bool:
    """Split camps in two along the leading eigenvector of their net ties, where the two
    halves' net tie is negative (so the split lowers frustration)."""
    split = False
    next_label = int(lab.max()) + 1
    for camp in range(int(lab.max()) + 1):
        members = np.flatnonzero(lab == camp)
        if len(members) < 2:
            continue
        inner = w[members][:, members]
        if inner.nnz == 0:
            continue
        if len(members) < _DENSE_BELOW:
            values, vectors = np.linalg.eigh(inner.toarray())
            vector = vectors[:, -1]
        else:
            v0 = np.random.default_rng(0).standard_normal(len(members))
            try:
                _, vectors = eigsh(inner.astype(np.float64), k=1, which="LA", v0=v0, tol=1e-4,
                                   maxiter=20 * len(members))
            except ArpackNoConvergence:
                continue
            vector = vectors[:, 0]
        side = vector > 0
        if side.all() or not side.any():
            continue
        between = float(inner[side][:, ~side].sum())
        if between < -_EPS:
            lab[members[side]] = next_label
            next_label += 1
            split = True
    if split:
        lab[:] = canonical_labels(lab)
    return split


def _merge_camps(w: sp.csr_array, lab: Labels) -> bool:
    """Merge the pairs of camps whose net tie is positive, strongest first."""
    n = len(lab)
    k = int(lab.max()) + 1
    onehot = sp.csr_array((np.ones(n), (np.arange(n), lab)), shape=(n, k))
    between = (onehot.T @ w @ onehot).toarray()
    np.fill_diagonal(between, 0.0)
    merged = False
    target = np.arange(k)
    while True:
        a, b = np.unravel_index(np.argmax(between), between.shape)
        if between[a, b] <= _EPS:
            break
        # Merging b into a lowers frustration by between[a, b].
        between[a, :] += between[b, :]
        between[:, a] += between[:, b]
        between[a, a] = 0.0
        between[b, :] = 0.0
        between[:, b] = 0.0
        target[target == b] = a
        merged = True
    if merged:
        lab[:] = canonical_labels(target[lab])
    return merged
