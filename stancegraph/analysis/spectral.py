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
2. **k-means** (k-means++ seeding, several restarts, seeded) on the row-normalised embedding in
   ``k - 1`` and ``k`` dimensions, and, for networks of up to ``SPONGE_START_MAX`` actors held as
   matrices, on SPONGE's embedding (Cucuringu et al. 2019), which helps near the detection
   threshold of sparse graphs. A factored network (a projection ``A Aᵀ`` of actor × target
   profiles; see :mod:`~stancegraph.analysis.signed`) starts instead from its profiles in ``k``
   dimensions, the leading singular vectors of ``A`` (:func:`profile_embedding`: what a plain
   SVD pipeline clusters; the embedding in ``k`` dimensions is the same but for the degree
   weighting), beside its embedding in ``k - 1``. Two or three starts. The restarts run on a
   seeded sample of at most ``KMEANS_SAMPLE`` actors, then the best centroids settle on all.
3. **Local moves**, from each start; the partition with the least frustration is returned.
   Each actor moves to the camp its net ties pull it to most, if that lowers frustration; when
   ``k`` is free, an actor at odds with every camp (its own included) stands alone, two camps
   whose net tie is positive merge, and a camp whose two halves (split along the leading
   eigenvector of its net ties) are net opposed splits. Every accepted step lowers
   frustration, so the result is never worse than the spectral start. With ``k`` given and
   ``exactly``, no move empties a camp, and starts with fewer than ``k`` camps are topped up
   first. With ``k`` fixed and many actors to move, a round first moves them all at once and
   keeps that if it lowers frustration (one product with the network instead of a step per
   actor), else moves them one at a time; a factored network's camp profiles are kept up to
   date as actors move, so a round costs one product with ``A``.

Every eigensolver call goes through :func:`top_eigenpairs`, which retries Lanczos from other
seeded starts and falls back to a dense solver, then to LOBPCG: no ARPACK or LAPACK error
escapes (an operator that is zero, ARPACK's "starting vector is zero", has eigenvalue 0).
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp
from scipy.cluster.vq import kmeans2, vq
from scipy.sparse.linalg import (
    ArpackError,
    ArpackNoConvergence,
    LinearOperator,
    eigsh,
    lobpcg,
)

from ..errors import InvalidRecordError
from .signed import (
    FactoredNetwork,
    Labels,
    SignedNetwork,
    _operator,
    canonical_labels,
    frustration,
)

__all__ = ["estimate_k", "local_moves", "profile_embedding", "spectral_embedding",
           "spectral_partition", "sponge_embedding", "top_eigenpairs"]

_EPS = 1e-12
#: Networks held as matrices with at most this many tied actors also start from SPONGE's
#: embedding: there it costs about as much as the method's own, and near the detection
#: threshold of sparse graphs it often leads to a less frustrated partition (on dense ones
#: too, at times).
SPONGE_START_MAX = 2000
#: Relative accuracy of the eigenvalues of the embeddings found by Lanczos. The embeddings
#: are starts for k-means and the local moves after it, which need the leading subspace, not
#: digits: once the leading eigenvalues stand clear of the rest it converges long before
#: each eigenvalue is resolved from its neighbours (on a network of 50,000 actors eight times
#: sooner than at 1e-6, at the same subspace), and the number of camps compares each value with
#: a noise edge that is no closer.
EMBEDDING_TOL = 1e-3
#: k-means restarts run on a seeded sample of at most this many points (see :func:`_kmeans`).
KMEANS_SAMPLE = 2048
#: Dense eigensolver below this many actors: exact and faster than Lanczos there.
_DENSE_BELOW = 400
#: When Lanczos fails, a symmetric operator of up to this many rows is solved densely (its
#: matrix built from products with the identity, in blocks).
_DENSE_FALLBACK_MAX = 4000
#: Seeded start vectors Lanczos is tried with before the next fallback.
RETRIES = 3

Matrix = npt.NDArray[np.float64]


def top_eigenpairs(product: Callable[[Matrix], Matrix], n: int, count: int, *, seed: int = 0,
                   tol: float = 1e-6, maxiter: int | None = None) -> tuple[Matrix, Matrix]:
    """The ``count`` largest eigenpairs (values, vectors as columns; largest first) of the
    symmetric ``n × n`` operator ``product`` (``product(V)`` for a vector or a block of
    columns), without letting a failure of the eigensolver escape.

    Lanczos (ARPACK's ``eigsh``) is tried from ``RETRIES`` seeded start vectors (a start that
    the operator maps to zero, or that lies in its null space, is ARPACK error -9); if it still
    fails, operators of up to ``_DENSE_FALLBACK_MAX`` rows are solved densely, larger ones by
    LOBPCG. An operator that is zero has only the eigenvalue 0: seeded orthonormal vectors are
    returned for it. What no solver finds is left out: fewer than ``count`` pairs may come back
    (never more). The same input and seed give the same result.

    >>> w = np.diag([3.0, 1.0, 2.0])
    >>> values, vectors = top_eigenpairs(lambda v: w @ v, 3, 2)
    >>> values.round(6).tolist(), np.abs(vectors).round(6).T.tolist()
    ([3.0, 2.0], [[1.0, 0.0, 0.0], [0.0, 0.0, 1.0]])
    >>> values, vectors = top_eigenpairs(lambda v: 0 * v, 5, 2)  # ARPACK: "vector is zero"
    >>> values.tolist(), vectors.shape
    ([0.0, 0.0], (5, 2))
    """
    count = max(0, min(count, n))
    if count == 0:
        return np.zeros(0), np.zeros((n, 0))
    rng = np.random.default_rng(seed)
    probe = rng.standard_normal((n, min(count + 2, n)))
    if not np.any(np.abs(np.asarray(product(probe), dtype=np.float64)) > _EPS):
        basis, _ = np.linalg.qr(probe[:, :count])
        return np.zeros(count), np.asarray(basis)
    if count < n - 1:  # ARPACK needs k < n
        operator = LinearOperator((n, n), matvec=product, matmat=product, dtype=np.float64)
        for attempt in range(RETRIES):
            v0 = np.random.default_rng(seed if attempt == 0 else [seed, attempt]
                                       ).standard_normal(n)
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    values, vectors = eigsh(operator, k=count, which="LA", v0=v0, tol=tol,
                                            maxiter=maxiter or max(1000, 20 * n))
            except ArpackNoConvergence as err:  # keep what converged, if anything did
                values, vectors = err.eigenvalues, err.eigenvectors
            except (ArpackError, np.linalg.LinAlgError, ValueError):
                continue
            if len(values) and np.all(np.isfinite(values)) and np.all(np.isfinite(vectors)):
                return _largest_first(np.asarray(values), np.asarray(vectors), count)
    if n <= _DENSE_FALLBACK_MAX:
        dense = np.empty((n, n))
        for lo in range(0, n, 512):
            block = np.zeros((n, min(512, n - lo)))
            block[np.arange(lo, lo + block.shape[1]), np.arange(block.shape[1])] = 1.0
            dense[:, lo:lo + block.shape[1]] = product(block)
        found = dense_eigh((dense + dense.T) / 2)
        if found is not None:
            return _largest_first(found[0], found[1], count)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            operator = LinearOperator((n, n), matvec=product, matmat=product, dtype=np.float64)
            values, vectors = lobpcg(operator, probe, tol=tol, maxiter=500, largest=True)
        if np.all(np.isfinite(values)) and np.all(np.isfinite(vectors)):
            return _largest_first(np.asarray(values), np.asarray(vectors), count)
    except (np.linalg.LinAlgError, ValueError, ArithmeticError):
        pass
    return np.zeros(0), np.zeros((n, 0))  # nothing found: the callers start without it


def dense_eigh(m: Matrix) -> tuple[Matrix, Matrix] | None:
    """All eigenpairs of a dense symmetric matrix (ascending), or None if LAPACK fails."""
    if not np.all(np.isfinite(m)):
        return None
    try:
        values, vectors = np.linalg.eigh(m)
        return np.asarray(values), np.asarray(vectors)
    except np.linalg.LinAlgError:
        pass
    from scipy.linalg import eigh

    try:
        values, vectors = eigh(m, driver="ev")
        return np.asarray(values), np.asarray(vectors)
    except (np.linalg.LinAlgError, ValueError):
        return None


def _largest_first(values: Matrix, vectors: Matrix, count: int) -> tuple[Matrix, Matrix]:
    order = np.argsort(values, kind="stable")[::-1][:count]
    return values[order], vectors[:, order]


def spectral_partition(
    network: SignedNetwork, k: int | None = None, *, seed: int = 0, max_k: int = 20,
    restarts: int = 4, exactly: bool = False,
) -> Labels:
    """Partition a signed network into camps; ``k`` camps if given, else as many as it holds.

    Returns canonical labels (0, 1, ... in order of first appearance), one per actor. Actors
    without ties are singletons. With ``k`` the actors with ties are put in at most ``k``
    camps (a camp the local moves empty stays empty: what the frustration index wants); with
    ``exactly`` also in exactly ``k`` non-empty ones -- k-means starts short of ``k`` are
    topped up by putting alone the actors whose ties to their camp are weakest, and no local
    move empties a camp -- and fewer than ``k`` actors with ties is an error.

    Examples
    --------
    >>> net = SignedNetwork.from_edges("abcdef", [
    ...     ("a", "b", 1), ("b", "c", 1), ("a", "c", 1), ("d", "e", 1), ("e", "f", 1),
    ...     ("d", "f", 1), ("a", "d", -1), ("b", "e", -1), ("c", "f", -1), ("c", "d", 0.5)])
    >>> spectral_partition(net).tolist()
    [0, 0, 0, 1, 1, 1]
    >>> spectral_partition(net, 3, exactly=True).tolist()
    [0, 0, 1, 2, 2, 2]
    """
    n = len(network)
    if k is not None and k < 1:
        raise InvalidRecordError("k must be at least 1", id=str(k), expected="k >= 1 or None")
    labels = np.arange(n, dtype=np.int64)
    active = np.flatnonzero(network.degree() > 1e-12)
    if exactly and k is not None and k > len(active):
        raise InvalidRecordError(
            f"{k} camps asked for, but only {len(active)} actors have ties", field="k",
            expected=f"k <= {len(active)}, the number of actors with ties")
    if len(active) == 0:
        return canonical_labels(labels)
    sub = network.subnetwork(active) if len(active) < n else network
    m = len(active)
    if k is None:
        vectors, values = _leading(sub, max_k, seed)
        start_k = min(m, estimate_k(values, sub))
    else:
        start_k = min(k, m)
        # A factored network takes k - 1 dimensions of its embedding (the profiles give k).
        wanted = start_k - 1 if sub.is_factored and start_k > 1 else start_k
        vectors, values = spectral_embedding(sub, min(wanted, m - 1), seed=seed)
    rng = np.random.default_rng(seed)
    embeddings: list[npt.NDArray[np.float64]] = []
    if start_k > 1:
        # Starts: the embedding in k - 1 dimensions (the k - 1 directions of k camps that are
        # each other's opposites) and in k, and SPONGE's where it is cheap (see
        # SPONGE_START_MAX; it needs the matrices). A factored network's own ties are A Aᵀ:
        # in k dimensions its embedding is, but for the degree weighting, its profiles' (the
        # SVD of A), which start in its place.
        dimensions = [max(start_k - 1, 1)] if sub.is_factored else \
            sorted({max(start_k - 1, 1), start_k})
        embeddings = [vectors[:, :dims] for dims in dimensions if dims <= vectors.shape[1]]
        if sub.is_factored:
            embeddings.append(profile_embedding(sub, start_k, seed=seed))
        elif m <= SPONGE_START_MAX:
            embeddings.append(sponge_embedding(sub, start_k - 1, seed=seed))
    starts = [_kmeans(e, start_k, rng, restarts) for e in embeddings if e.shape[1]] or \
        [np.zeros(m, dtype=np.int64)]
    best: tuple[float, Labels] | None = None
    if exactly and k is not None:
        starts = [_fill_camps(sub, start, k) for start in starts]
    for start in starts:  # each refined; the least frustration wins (ties: the first)
        found = local_moves(sub, start, k_fixed=k is not None, keep_camps=exactly)
        cost = frustration(sub, found)
        if best is None or cost < best[0] - _EPS:
            best = (cost, found)
    assert best is not None
    labels[active] = best[1] + n  # keep clear of the singletons' labels
    return canonical_labels(labels)


def _leading(network: SignedNetwork, max_k: int, seed: int
             ) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """Enough leading eigenpairs to count the camps (up to ``max_k``) and embed them."""
    m = len(network)
    dims = min(8, m - 1)
    while True:
        vectors, values = spectral_embedding(network, dims, seed=seed)
        k = estimate_k(values, network)
        if k <= dims // 2 or dims >= min(2 * max_k, m - 1):
            return vectors, values
        dims = min(2 * dims, 2 * max_k, m - 1)


@contextmanager
def scanning(network: SignedNetwork, dimensions: int) -> Iterator[None]:
    """While partitioning ``network`` into 1, 2, ... camps (the scan of ``count_camps``'s
    block model), solve each embedding for ``dimensions`` at least, once, and slice it for
    each number of camps: one solve instead of one per number. Outside the scan an embedding
    is solved for the dimensions asked, so a result never depends on what was asked before."""
    previous = getattr(network, "_scan_dimensions", 0)
    network._scan_dimensions = max(previous, dimensions)  # type: ignore[attr-defined]
    try:
        yield
    finally:
        network._scan_dimensions = previous  # type: ignore[attr-defined]


def _kept(network: SignedNetwork, kind: str, dimensions: int, seed: int,
          solve: Callable[[int], tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]]
          ) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """``solve(dimensions)``, or within :func:`scanning` the first ``dimensions`` columns of
    one solve for the scan's dimensions, kept on the network for the rest of the scan."""
    ahead = min(getattr(network, "_scan_dimensions", 0), len(network) - 1)
    if ahead <= dimensions:
        return solve(dimensions)
    kept: dict[tuple[str, int, int], tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]]
    kept = network.__dict__.setdefault("_scan_embeddings", {})
    key = (kind, ahead, seed)
    if key not in kept:
        kept[key] = solve(ahead)
    vectors, values = kept[key]
    return vectors[:, :dimensions], values[:dimensions]


def spectral_embedding(
    network: SignedNetwork, dimensions: int, *, seed: int = 0
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """The ``dimensions`` leading eigenvectors (columns, largest eigenvalue first) and their
    eigenvalues of the regularised normalised signed adjacency (see the module docstring)."""
    n = len(network)
    dimensions = max(0, min(dimensions, n - 1))
    if dimensions == 0:
        return np.zeros((n, 0)), np.zeros(0)
    return _kept(network, "spectral", dimensions, seed,
                 lambda count: _spectral_embedding(network, count, seed))


def _spectral_embedding(network: SignedNetwork, dimensions: int, seed: int
                        ) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    n = len(network)
    degree = network.degree()
    tau = float(degree.mean())
    scale = 1.0 / np.sqrt(degree + tau)
    if n < _DENSE_BELOW and not network.is_factored:
        m = sp.diags_array(scale) @ network.difference @ sp.diags_array(scale)
        found = dense_eigh(m.toarray())
        if found is None:
            values, vectors = _leading_eigenpairs(network, scale, dimensions, seed)
        else:
            values, vectors = found[0][::-1][:dimensions], found[1][:, ::-1][:, :dimensions]
    else:
        values, vectors = _leading_eigenpairs(network, scale, dimensions, seed)
    # Fix each eigenvector's sign so the result does not depend on the solver's choice.
    signs = np.sign(vectors[np.argmax(np.abs(vectors), axis=0), np.arange(vectors.shape[1])])
    return vectors * np.where(signs == 0, 1, signs), values


def _leading_eigenpairs(network: SignedNetwork, scale: npt.NDArray[np.float64], count: int,
                       seed: int) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """Largest eigenpairs of ``S W S`` (S = diag(scale)) by Lanczos, through products only."""
    n = len(network)

    def product(v: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        v = np.asarray(v, dtype=np.float64)
        if v.ndim == 2:
            return scale[:, None] * network.net_product(scale[:, None] * v)
        return scale * network.net_product(scale * v)

    return top_eigenpairs(product, n, count, seed=seed, tol=EMBEDDING_TOL)


def profile_embedding(network: SignedNetwork, dimensions: int, *, seed: int = 0
                      ) -> npt.NDArray[np.float64]:
    """The actors' stance profiles along the ``dimensions`` directions in which they differ
    most: ``U S``, the leading left singular vectors of a factored network's net actor ×
    target matrix ``A`` scaled by the singular values (the start of a plain SVD pipeline).
    Where camps hold distinct profiles this is where they part, whatever the degrees; the
    network's own embedding weighs the same ties by degree. Empty for a network held as its
    tie matrices (it keeps no profiles).

    The singular pairs come from the Gram operator of ``A``'s smaller side, by
    :func:`top_eigenpairs` (with its fallbacks).

    >>> import scipy.sparse as sp
    >>> a = sp.csr_array([[1.0, 1.0], [1.0, 0.0], [-1.0, -1.0]])
    >>> net = SignedNetwork.factored("abc", a.multiply(a > 0), -a.multiply(a < 0))
    >>> profile_embedding(net, 1).round(3).ravel().tolist()
    [1.404, 0.788, -1.404]
    """
    n = len(network)
    if not isinstance(network, FactoredNetwork):
        return np.zeros((n, 0))
    a = network.factor_products()[0]
    side = min(a.shape)
    dimensions = max(0, min(dimensions, side))
    if dimensions == 0:
        return np.zeros((n, 0))
    by_columns = a.shape[1] <= a.shape[0]  # eigenvectors of AᵀA (targets), else of AAᵀ

    def product(v: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        return np.asarray(a.T @ (a @ v) if by_columns else a @ (a.T @ v))

    values, vectors = top_eigenpairs(product, side, dimensions, seed=seed, tol=EMBEDDING_TOL)
    if vectors.shape[1] == 0:
        return np.zeros((n, 0))  # no start from here; the others remain
    values = np.sqrt(np.clip(values, 0.0, None))
    # U S = A V for the right singular vectors V; U S = U * s for the left ones.
    embedded = np.asarray(a @ vectors) if by_columns else vectors * values
    signs = np.sign(embedded[np.argmax(np.abs(embedded), axis=0), np.arange(embedded.shape[1])])
    return np.asarray(embedded * np.where(signs == 0, 1, signs))


def sponge_embedding(network: SignedNetwork, dimensions: int, *, seed: int = 0,
                     tau: float = 1.0) -> npt.NDArray[np.float64]:
    """SPONGE's embedding (Cucuringu et al. 2019): the ``dimensions`` smallest generalised
    eigenvectors of ``(L+ + τ D-) v = λ (L- + τ D+) v``, by LOBPCG with a Jacobi
    preconditioner (dense below a few hundred actors). Actors need at least one tie."""
    n = len(network)
    dimensions = max(0, min(dimensions, n - 1))
    if dimensions == 0:
        return np.zeros((n, 0))
    return _kept(network, f"sponge {tau!r}", dimensions, seed,
                 lambda count: (_sponge_embedding(network, count, seed, tau), np.zeros(0)))[0]


def _sponge_embedding(network: SignedNetwork, dimensions: int, seed: int, tau: float
                      ) -> npt.NDArray[np.float64]:
    n = len(network)
    positive, negative = network.positive, network.negative
    d_pos = np.asarray(positive.sum(axis=1)).ravel()
    d_neg = np.asarray(negative.sum(axis=1)).ravel()
    a = (sp.diags_array(d_pos + tau * d_neg) - positive).tocsr()
    # L- + τ D+ is singular where an actor has no positive tie and its negative ties close a
    # component; a small ridge keeps it positive definite.
    ridge = 1e-6 * (1.0 + float(np.mean(d_pos + d_neg)))
    b = (sp.diags_array(d_neg + tau * d_pos + ridge) - negative).tocsr()
    size = min(n, dimensions + 4)  # four guard vectors
    if n < max(_DENSE_BELOW, 5 * size):
        from scipy.linalg import eigh

        try:
            _, vectors = eigh(a.toarray(), b.toarray(), subset_by_index=[0, dimensions - 1])
        except np.linalg.LinAlgError:
            return np.zeros((n, 0))  # no start from here; the others remain
        return np.asarray(vectors)
    start = np.random.default_rng(seed).standard_normal((n, size))
    diagonal = a.diagonal()
    precondition = sp.diags_array(1.0 / np.where(diagonal > 0, diagonal, 1.0))
    a, b = _operator(a), _operator(b)  # dense when dense enough: BLAS is quicker there
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # an unconverged start is one start among three
            # A start for k-means needs directions, not digits: a loose tolerance halves the
            # cost.
            values, vectors = lobpcg(a, start, B=b, M=precondition, tol=1e-4, maxiter=500,
                                     largest=False)
    except (np.linalg.LinAlgError, ValueError, ArithmeticError):
        return np.zeros((n, 0))  # no start from here; the others remain
    if not (np.all(np.isfinite(values)) and np.all(np.isfinite(vectors))):
        return np.zeros((n, 0))
    return np.asarray(vectors[:, np.argsort(values)[:dimensions]])


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
    """Labels of k-means on the row-normalised ``data``: the best of ``restarts`` seeded runs
    (k-means++ seeding) by inertia. With more than :data:`KMEANS_SAMPLE` points the restarts
    run on a seeded sample of that many, and the best one's centroids are then settled on
    every point: enough points to place a handful of centroids, at a fraction of the cost."""
    norms = np.linalg.norm(data, axis=1, keepdims=True)
    points = data / np.where(norms > 0, norms, 1.0)
    sample = points
    if len(points) > KMEANS_SAMPLE:
        sample = points[np.sort(rng.choice(len(points), KMEANS_SAMPLE, replace=False))]
    best: tuple[float, npt.NDArray[np.float64], Labels] | None = None
    with warnings.catch_warnings():
        # Few or repeated points leave clusters empty; the local moves that follow handle
        # any labelling, so scipy's warnings about it are noise here.
        warnings.simplefilter("ignore", RuntimeWarning)
        warnings.simplefilter("ignore", UserWarning)
        for _ in range(restarts):
            centroids, labels = _kmeans2(sample, k, rng, iterations=30)
            inertia = float(((sample - centroids[labels]) ** 2).sum())
            if best is None or inertia < best[0] - 1e-12:
                best = (inertia, centroids, np.asarray(labels, dtype=np.int64))
        assert best is not None
        if sample is points:
            return best[2]
        _, labels = _settle(points, best[1], None, iterations=30)
    return np.asarray(labels, dtype=np.int64)


def _kmeans2(points: npt.NDArray[np.float64], k: int, rng: np.random.Generator, *,
             iterations: int) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.intp]]:
    """``kmeans2(points, k, minit="++", seed=rng, iter=iterations)``, with the same result,
    but stopped once an iteration leaves the labels as they were (see :func:`_settle`).

    >>> points = np.random.default_rng(1).standard_normal((200, 3))
    >>> a = kmeans2(points, 4, minit="++", seed=np.random.default_rng(5), iter=30)
    >>> b = _kmeans2(points, 4, np.random.default_rng(5), iterations=30)
    >>> np.array_equal(a[0], b[0]) and np.array_equal(a[1], b[1])
    True
    """
    # One step returns (centroids after it, labels it assigned from the centroids before).
    centroids, labels = kmeans2(points, k, minit="++", seed=rng, iter=1)
    return _settle(points, centroids, labels, iterations=iterations - 1)


def _settle(points: npt.NDArray[np.float64], centroids: npt.NDArray[np.float64],
            labels: npt.NDArray[np.intp] | None, *, iterations: int
            ) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.intp]]:
    """Up to ``iterations`` steps of scipy's k-means from the matrix of ``centroids``
    (``kmeans2(points, centroids, minit="matrix", iter=1)`` each), stopped once a step leaves
    the labels as they were: ``labels`` are those the centroids were last computed from (None:
    none yet).

    scipy's k-means runs every iteration it is given. When one leaves the labels unchanged,
    the centroids it computes are those it started from (the means of the same clusters; an
    empty cluster keeps its centroid), so every later iteration repeats it exactly: stopping
    there returns the same centroids and labels."""
    for _ in range(iterations):
        centroids, again = kmeans2(points, centroids, minit="matrix", iter=1)
        if labels is not None and np.array_equal(again, labels):
            break  # a fixed point: the centroids no longer move
        labels = again
    if labels is None:  # no step taken: the labels of the centroids given
        labels = vq(points, centroids)[0]
    return centroids, np.asarray(labels, dtype=np.intp)


def local_moves(
    network: SignedNetwork, labels: npt.ArrayLike, *, k_fixed: bool = True, max_rounds: int = 50,
    keep_camps: bool = False,
) -> Labels:
    """Improve a partition by moving single actors (and, unless ``k_fixed``, by opening new
    camps and merging camps); every accepted change lowers frustration. With ``k_fixed`` and
    ``keep_camps`` no move empties a camp, so the number of camps stays as given.

    >>> net = SignedNetwork.from_edges("abcd", [("a", "b", 1), ("c", "d", 1), ("a", "c", -1),
    ...                                         ("b", "d", -1)])
    >>> local_moves(net, [0, 1, 0, 1]).tolist()
    [0, 0, 1, 1]
    """
    lab = np.array(labels, dtype=np.int64, copy=True)
    if len(lab) == 0:
        return lab
    lab = canonical_labels(lab)
    pulls = (_FactoredPulls(network) if isinstance(network, FactoredNetwork)
             else _ExplicitPulls(network))
    ahead: npt.NDArray[np.float64] | None = pulls.start(lab, int(lab.max()) + 1)
    for _ in range(max_rounds):  # ahead: the pulls of lab, when known
        moved, ahead = _move_round(pulls, lab, allow_new=not k_fixed,
                                   keep=k_fixed and keep_camps, pull=ahead)
        merged = False if k_fixed else _merge_camps(network, lab)
        split = False if k_fixed or moved or merged else _split_camps(network, lab)
        if merged or split:  # the camps kept are out of date
            ahead = pulls.start(lab, int(lab.max()) + 1)
        if not moved and not merged and not split:
            break
    return canonical_labels(lab)


class _ExplicitPulls:
    """Net tie of an actor to each camp, read from the rows of the explicit net matrix."""

    def __init__(self, network: SignedNetwork) -> None:
        w = network.difference
        w.sort_indices()
        self.w = w
        self.network = network

    def start(self, lab: Labels, k: int) -> npt.NDArray[np.float64]:
        onehot = np.zeros((len(lab), k))
        onehot[np.arange(len(lab)), lab] = 1.0
        return np.asarray(self.network.net_product(onehot))

    def current(self, lab: Labels, k: int) -> npt.NDArray[np.float64]:
        return self.start(lab, k)

    def row(self, i: int, lab: Labels, k: int) -> npt.NDArray[np.float64]:
        lo, hi = self.w.indptr[i], self.w.indptr[i + 1]
        return np.bincount(lab[self.w.indices[lo:hi]], weights=self.w.data[lo:hi],
                           minlength=k).astype(np.float64)

    def move(self, i: int, old: int, new: int) -> None:
        pass

    def move_all(self, actors: npt.NDArray[np.intp], old: Labels, new: Labels) -> None:
        pass

    def renumber(self, mapping: Labels, k: int) -> None:
        pass

    def state(self) -> object:
        return None

    def restore(self, state: object) -> None:
        pass


class _FactoredPulls:
    """Net tie of an actor to each camp in a factored network: ``A_i · Q_c`` with the camps'
    target profiles ``Q = Aᵀ onehot``, computed by :meth:`start` and kept up to date as actors
    move, so that a round of moves costs one product with ``A``."""

    def __init__(self, network: FactoredNetwork) -> None:
        _, _, d_pos, d_neg = network.factors
        self.a, _, square, cross = network.factor_products()
        self.d = (d_pos - d_neg).tocsr()
        self.own = square - cross
        self.q = np.zeros((self.a.shape[1], 0))
        # Row and column of each stored entry of A, in storage order.
        self.entry_rows = np.repeat(np.arange(self.a.shape[0], dtype=np.int64),
                                    np.diff(self.a.indptr))
        self.entry_cols = self.a.indices.astype(np.int64)
        self.scaled_cols = (0, self.entry_cols)  # (k, entry_cols * k) of the last start

    def start(self, lab: Labels, k: int) -> npt.NDArray[np.float64]:
        # Q = Aᵀ onehot, without the sparse product: each sum adds the same entries in the same
        # order as scipy's product does (by row, then as stored), so it is the same float.
        if self.scaled_cols[0] != k:
            self.scaled_cols = (k, self.entry_cols * k)
        self.q = np.bincount(self.scaled_cols[1] + lab[self.entry_rows], weights=self.a.data,
                             minlength=self.a.shape[1] * k).reshape(-1, k)
        return self.current(lab, k)

    def current(self, lab: Labels, k: int) -> npt.NDArray[np.float64]:
        """The pulls of ``lab`` from the profiles kept (those of ``lab``)."""
        n = len(lab)
        self._widen(k)
        pull = np.asarray(self.a @ self.q[:, :k])
        if self.d.nnz:  # direct ties (adding none changes no comparison below)
            onehot = sp.csr_array((np.ones(n), (np.arange(n), lab)), shape=(n, k))
            pull = pull + np.asarray((self.d @ onehot).toarray())
        pull[np.arange(n), lab] -= self.own
        return np.asarray(pull)

    def _widen(self, k: int) -> None:
        if self.q.shape[1] < k:
            self.q = np.hstack([self.q, np.zeros((self.q.shape[0], k - self.q.shape[1]))])

    def row(self, i: int, lab: Labels, k: int) -> npt.NDArray[np.float64]:
        self._widen(k)
        lo, hi = self.a.indptr[i], self.a.indptr[i + 1]
        pull = self.a.data[lo:hi] @ self.q[self.a.indices[lo:hi]]
        lo, hi = self.d.indptr[i], self.d.indptr[i + 1]
        pull = pull + np.bincount(lab[self.d.indices[lo:hi]], weights=self.d.data[lo:hi],
                                  minlength=k)
        pull[lab[i]] -= self.own[i]
        return np.asarray(pull)

    def move(self, i: int, old: int, new: int) -> None:
        self._widen(new + 1)
        lo, hi = self.a.indptr[i], self.a.indptr[i + 1]
        cols, values = self.a.indices[lo:hi], self.a.data[lo:hi]
        self.q[cols, old] -= values
        self.q[cols, new] += values

    def move_all(self, actors: npt.NDArray[np.intp], old: Labels, new: Labels) -> None:
        """Move ``actors`` (each in camp ``old``) to camps ``new`` at once."""
        k = max(int(new.max()) + 1, self.q.shape[1])
        self._widen(k)
        lo, hi = self.a.indptr[actors], self.a.indptr[actors + 1]
        counts = hi - lo
        at = np.repeat(lo - np.cumsum(counts) + counts, counts) + \
            np.arange(int(counts.sum()), dtype=np.int64)  # their entries of A
        cols, values = self.entry_cols[at], self.a.data[at]
        change = np.bincount(cols * k + np.repeat(new, counts), weights=values,
                             minlength=self.q.shape[0] * k)
        change -= np.bincount(cols * k + np.repeat(old, counts), weights=values,
                              minlength=self.q.shape[0] * k)
        self.q = self.q + change.reshape(-1, k)

    def renumber(self, mapping: Labels, k: int) -> None:
        """Camp ``c`` is now camp ``mapping[c]`` (-1: emptied), of ``k``."""
        self._widen(len(mapping))
        kept = np.flatnonzero(mapping >= 0)
        q = np.zeros((self.q.shape[0], k))
        q[:, mapping[kept]] = self.q[:, kept]
        self.q = q

    def state(self) -> object:
        """What the pulls are worked out from: the camps' profiles."""
        return self.q.copy()

    def restore(self, state: object) -> None:
        assert isinstance(state, np.ndarray)
        self.q = state


#: A round of local moves first tries moving all the actors a move would help at once when
#: there are at least this many (see :func:`_move_all`); fewer are moved one at a time.
BATCH_MOVES = 64


def _move_round(pulls: _ExplicitPulls | _FactoredPulls, lab: Labels, *, allow_new: bool,
                keep: bool = False, pull: npt.NDArray[np.float64] | None = None
                ) -> tuple[bool, npt.NDArray[np.float64] | None]:
    """One round: find actors a move would help (vectorised), then move them all at once if
    they are many and that lowers frustration (:func:`_move_all`), else one at a time; with
    ``keep``, never the last member of a camp. ``pull`` is the pulls of ``lab`` when known,
    else they are worked out from what ``pulls`` keeps. Returns whether some actor moved, and
    the pulls of the new labels when known."""
    n = len(lab)
    k = int(lab.max()) + 1
    if pull is None:
        pull = pulls.current(lab, k)  # pull[i, c]: net tie of i to camp c
    own = pull[np.arange(n), lab]
    best = np.zeros(n) if allow_new else pull[:, 0].copy()  # a camp of its own pulls 0
    for c in range(pull.shape[1]):  # by column: many times faster than along short rows
        np.maximum(best, pull[:, c], out=best)
    candidates = np.flatnonzero(best - own > _EPS)
    if not allow_new and len(candidates) >= BATCH_MOVES:
        ahead = _move_all(pulls, lab, pull, candidates, keep=keep)
        if ahead is not None:
            return True, ahead
    sizes = np.bincount(lab, minlength=k).tolist()
    moved = False
    for i in candidates:
        k = len(sizes)
        row = pulls.row(int(i), lab, k)
        current = int(lab[i])
        target = int(np.argmax(row))
        gain = row[target] - row[current]
        if allow_new and row[target] < -_EPS and sizes[current] > 1:
            # At odds with every camp, its own included: it stands alone.
            target, gain = k, -row[current]
        if keep and sizes[current] <= 1:
            continue
        if gain > _EPS and target != current:
            if target == k:
                sizes.append(0)
            sizes[current] -= 1
            sizes[target] += 1
            pulls.move(int(i), current, target)
            lab[i] = target
            moved = True
    if moved:
        _renumber(pulls, lab, len(sizes))
    return moved, None


def _renumber(pulls: _ExplicitPulls | _FactoredPulls, lab: Labels, k: int) -> Labels:
    """Make ``lab`` (labels below ``k``) canonical, and the camps ``pulls`` keeps with it;
    return the mapping from each old label to its new one (-1: no longer used)."""
    canonical = canonical_labels(lab)
    mapping = np.full(k, -1, dtype=np.int64)
    mapping[lab] = canonical
    lab[:] = canonical
    pulls.renumber(mapping, int(canonical.max()) + 1)
    return mapping


def _move_all(pulls: _ExplicitPulls | _FactoredPulls, lab: Labels,
              pull: npt.NDArray[np.float64], candidates: npt.NDArray[np.intp], *,
              keep: bool) -> npt.NDArray[np.float64] | None:
    """Move every candidate at once to the camp that pulls it most, if that lowers
    frustration and (with ``keep``) empties no camp: then ``lab`` is changed and the pulls of
    its new labels returned. Otherwise nothing changes and None is returned.

    One move at a time never raises frustration, but costs a step per actor; all at once costs
    a product with the network, and where many actors each feel the others' moves only a
    little (a large network early on) it lowers frustration about as much. Where it does not
    (actors whose moves undo each other's gains) the round moves them one at a time. Only with
    the number of camps fixed: left free, actors at odds with every camp would go alone all at
    once, where one at a time the first to go changes the others' pulls."""
    n, k = pull.shape
    target = np.argmax(pull[candidates], axis=1)
    trial = lab.copy()
    trial[candidates] = target
    if keep and np.any(np.bincount(trial, minlength=k) < (np.bincount(lab, minlength=k) > 0)):
        return None
    saved = pulls.state()
    pulls.move_all(candidates, lab[candidates], target)
    ahead = pulls.current(trial, k)
    before, after = pull[np.arange(n), lab], ahead[np.arange(n), trial]
    # Twice the net tie inside camps: frustration is a constant less it.
    slack = 1e-9 * (float(np.abs(before).sum()) + float(np.abs(after).sum())) + _EPS
    if float(after.sum()) - float(before.sum()) <= slack:
        pulls.restore(saved)
        return None
    lab[:] = trial
    mapping = _renumber(pulls, lab, k)
    kept = np.flatnonzero(mapping >= 0)
    renumbered = np.zeros((n, int(lab.max()) + 1))
    renumbered[:, mapping[kept]] = ahead[:, kept]
    return renumbered


def _fill_camps(network: SignedNetwork, labels: Labels, k: int) -> Labels:
    """Open camps until there are ``k`` (at most the number of actors): each time the actor,
    of a camp of two or more, with the weakest net tie to its own camp goes alone (the
    cheapest such move; ties: the first actor)."""
    lab = canonical_labels(np.asarray(labels, dtype=np.int64))
    count = int(lab.max()) + 1 if len(lab) else 0
    k = min(k, len(lab))
    if count >= k:
        return lab
    lab = lab.copy()
    pulls = (_FactoredPulls(network) if isinstance(network, FactoredNetwork)
             else _ExplicitPulls(network))
    while count < k:
        own = pulls.start(lab, count)[np.arange(len(lab)), lab]
        sizes = np.bincount(lab, minlength=count)
        own = np.where(sizes[lab] > 1, own, np.inf)
        lab[int(np.argmin(own))] = count
        count += 1
    return canonical_labels(lab)


def _camp_ties(network: SignedNetwork, lab: Labels) -> npt.NDArray[np.float64]:
    """Net tie between each pair of camps (and inside each, on the diagonal, counted twice)."""
    n = len(lab)
    k = int(lab.max()) + 1
    onehot = sp.csr_array((np.ones(n), (np.arange(n), lab)), shape=(n, k)).toarray()
    return np.asarray(onehot.T @ network.net_product(onehot))


def _split_camps(network: SignedNetwork, lab: Labels) -> bool:
    """Split camps in two along the leading eigenvector of their net ties, where the two
    halves' net tie is negative (so the split lowers frustration)."""
    split = False
    next_label = int(lab.max()) + 1
    for camp in range(int(lab.max()) + 1):
        members = np.flatnonzero(lab == camp)
        if len(members) < 2:
            continue
        inner = network.subnetwork(members)
        vector = _leading_vector(inner)
        if vector is None:
            continue
        side = vector > 0
        if side.all() or not side.any():
            continue
        between = float(side.astype(float) @ inner.net_product((~side).astype(float)))
        if between < -_EPS:
            lab[members[side]] = next_label
            next_label += 1
            split = True
    if split:
        lab[:] = canonical_labels(lab)
    return split


def _leading_vector(network: SignedNetwork) -> npt.NDArray[np.float64] | None:
    """The eigenvector of the largest eigenvalue of the net tie matrix, if it can be found."""
    n = len(network)
    if n < 100 and not network.is_factored:
        w = network.difference
        if w.nnz == 0:
            return None
        found = dense_eigh(w.toarray())
        return None if found is None else np.asarray(found[1][:, -1])
    values, vectors = top_eigenpairs(network.net_product, n, 1, seed=0, tol=1e-4,
                                     maxiter=20 * n)
    if vectors.shape[1] == 0:
        return None  # nothing found
    return np.asarray(vectors[:, 0])


def _merge_camps(network: SignedNetwork, lab: Labels) -> bool:
    """Merge the pairs of camps whose net tie is positive, strongest first."""
    k = int(lab.max()) + 1
    between = _camp_ties(network, lab)
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
