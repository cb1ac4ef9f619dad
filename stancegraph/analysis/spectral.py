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
   threshold of sparse graphs: two or three starts.
3. **Local moves**, from each start; the partition with the least frustration is returned. Each actor moves to the camp its net ties pull it to most, if that lowers
   frustration; when ``k`` is free, an actor at odds with every camp (its own included) stands
   alone, two camps whose net tie is positive merge, and a camp whose two halves (split along the
   leading eigenvector of its net ties) are net opposed splits. Every accepted step lowers frustration, so the
   result is never worse than the spectral start. With ``k`` given and ``exactly``, no move
   empties a camp, and starts with fewer than ``k`` camps are topped up first.

Every eigensolver call goes through :func:`top_eigenpairs`, which retries Lanczos from other
seeded starts and falls back to a dense solver, then to LOBPCG: no ARPACK or LAPACK error
escapes (an operator that is zero, ARPACK's "starting vector is zero", has eigenvalue 0).
"""

from __future__ import annotations

import warnings
from collections.abc import Callable

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp
from scipy.cluster.vq import kmeans2
from scipy.sparse.linalg import (
    ArpackError,
    ArpackNoConvergence,
    LinearOperator,
    eigsh,
    lobpcg,
)

from ..errors import InvalidRecordError
from .signed import FactoredNetwork, Labels, SignedNetwork, canonical_labels, frustration

__all__ = ["estimate_k", "local_moves", "spectral_embedding", "spectral_partition",
           "sponge_embedding", "top_eigenpairs"]

_EPS = 1e-12
#: Networks held as matrices with at most this many tied actors also start from SPONGE's
#: embedding: there it costs about as much as the method's own, and near the detection
#: threshold of sparse graphs it often leads to a less frustrated partition.
SPONGE_START_MAX = 2000
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
        vectors, values = spectral_embedding(sub, min(start_k, m - 1), seed=seed)
    rng = np.random.default_rng(seed)
    if start_k <= 1 or vectors.shape[1] == 0:
        embeddings = []
    else:
        # Starts: embeddings of k - 1 and k dimensions, and SPONGE's where it is cheap (explicit
        # networks of up to SPONGE_START_MAX actors; it needs the matrices).
        embeddings = [vectors[:, :dims] for dims in sorted({max(start_k - 1, 1), start_k})
                      if dims <= vectors.shape[1]]
        if not sub.is_factored and m <= SPONGE_START_MAX:
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

    return top_eigenpairs(product, n, count, seed=seed, tol=1e-6)


def sponge_embedding(network: SignedNetwork, dimensions: int, *, seed: int = 0,
                     tau: float = 1.0) -> npt.NDArray[np.float64]:
    """SPONGE's embedding (Cucuringu et al. 2019): the ``dimensions`` smallest generalised
    eigenvectors of ``(L+ + τ D-) v = λ (L- + τ D+) v``, by LOBPCG with a Jacobi
    preconditioner (dense below a few hundred actors). Actors need at least one tie."""
    n = len(network)
    dimensions = max(0, min(dimensions, n - 1))
    if dimensions == 0:
        return np.zeros((n, 0))
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
    norms = np.linalg.norm(data, axis=1, keepdims=True)
    points = data / np.where(norms > 0, norms, 1.0)
    best: tuple[float, Labels] | None = None
    for _ in range(restarts):
        with warnings.catch_warnings():
            # Few or repeated points leave clusters empty; the local moves that follow handle
            # any labelling, so scipy's warnings about it are noise here.
            warnings.simplefilter("ignore", RuntimeWarning)
            warnings.simplefilter("ignore", UserWarning)
            centroids, labels = _kmeans2(points, k, rng, iterations=30)
        inertia = float(((points - centroids[labels]) ** 2).sum())
        if best is None or inertia < best[0] - 1e-12:
            best = (inertia, np.asarray(labels, dtype=np.int64))
    assert best is not None
    return best[1]


def _kmeans2(points: npt.NDArray[np.float64], k: int, rng: np.random.Generator, *,
             iterations: int) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.int32]]:
    """``kmeans2(points, k, minit="++", seed=rng, iter=iterations)``, with the same result,
    but stopped once an iteration leaves the labels as they were.

    scipy's k-means runs every iteration it is given. When one leaves the labels unchanged,
    the centroids it computes are those it started from (the means of the same clusters; an
    empty cluster keeps its centroid), so every later iteration repeats it exactly: stopping
    there returns the same centroids and labels.

    >>> points = np.random.default_rng(1).standard_normal((200, 3))
    >>> a = kmeans2(points, 4, minit="++", seed=np.random.default_rng(5), iter=30)
    >>> b = _kmeans2(points, 4, np.random.default_rng(5), iterations=30)
    >>> np.array_equal(a[0], b[0]) and np.array_equal(a[1], b[1])
    True
    """
    # One step returns (centroids after it, labels it assigned from the centroids before).
    centroids, labels = kmeans2(points, k, minit="++", seed=rng, iter=1)
    for _ in range(iterations - 1):
        centroids, again = kmeans2(points, centroids, minit="matrix", iter=1)
        if np.array_equal(again, labels):
            break  # a fixed point: the centroids no longer move
        labels = again
    return centroids, labels


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
    for _ in range(max_rounds):
        moved = _move_round(pulls, lab, allow_new=not k_fixed, keep=k_fixed and keep_camps)
        merged = False if k_fixed else _merge_camps(network, lab)
        split = False if k_fixed or moved or merged else _split_camps(network, lab)
        if not moved and not merged and not split:
            break
    return canonical_labels(lab)


class _ExplicitPulls:
    """Net tie of an actor to each camp, read from the rows of the explicit net matrix."""

    def __init__(self, network: SignedNetwork) -> None:
        w = network.difference
        w.sort_indices()
        self.w = w

    def start(self, lab: Labels, k: int) -> npt.NDArray[np.float64]:
        n = len(lab)
        onehot = sp.csr_array((np.ones(n), (np.arange(n), lab)), shape=(n, k))
        return np.asarray((self.w @ onehot).toarray())

    def row(self, i: int, lab: Labels, k: int) -> npt.NDArray[np.float64]:
        lo, hi = self.w.indptr[i], self.w.indptr[i + 1]
        return np.bincount(lab[self.w.indices[lo:hi]], weights=self.w.data[lo:hi],
                           minlength=k).astype(np.float64)

    def move(self, i: int, old: int, new: int) -> None:
        pass


class _FactoredPulls:
    """Net tie of an actor to each camp in a factored network: ``A_i · Q_c`` with the camps'
    target profiles ``Q = Aᵀ onehot`` kept up to date as actors move."""

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
        n = len(lab)
        # Q = Aᵀ onehot, without the sparse product: each sum adds the same entries in the same
        # order as scipy's product does (by row, then as stored), so it is the same float.
        if self.scaled_cols[0] != k:
            self.scaled_cols = (k, self.entry_cols * k)
        self.q = np.bincount(self.scaled_cols[1] + lab[self.entry_rows], weights=self.a.data,
                             minlength=self.a.shape[1] * k).reshape(-1, k)
        pull = np.asarray(self.a @ self.q)
        if self.d.nnz:  # direct ties (adding none changes no comparison below)
            onehot = sp.csr_array((np.ones(n), (np.arange(n), lab)), shape=(n, k))
            pull = pull + np.asarray((self.d @ onehot).toarray())
        pull[np.arange(n), lab] -= self.own
        return np.asarray(pull)

    def row(self, i: int, lab: Labels, k: int) -> npt.NDArray[np.float64]:
        if self.q.shape[1] < k:
            self.q = np.hstack([self.q, np.zeros((self.q.shape[0], k - self.q.shape[1]))])
        lo, hi = self.a.indptr[i], self.a.indptr[i + 1]
        pull = self.a.data[lo:hi] @ self.q[self.a.indices[lo:hi]]
        lo, hi = self.d.indptr[i], self.d.indptr[i + 1]
        pull = pull + np.bincount(lab[self.d.indices[lo:hi]], weights=self.d.data[lo:hi],
                                  minlength=k)
        pull[lab[i]] -= self.own[i]
        return np.asarray(pull)

    def move(self, i: int, old: int, new: int) -> None:
        if self.q.shape[1] <= new:
            self.q = np.hstack([self.q, np.zeros((self.q.shape[0], new + 1 - self.q.shape[1]))])
        lo, hi = self.a.indptr[i], self.a.indptr[i + 1]
        cols, values = self.a.indices[lo:hi], self.a.data[lo:hi]
        self.q[cols, old] -= values
        self.q[cols, new] += values


def _move_round(pulls: _ExplicitPulls | _FactoredPulls, lab: Labels, *, allow_new: bool,
                keep: bool = False) -> bool:
    """One round: find actors a move would help (vectorised), then move them one at a time;
    with ``keep``, never the last member of a camp."""
    n = len(lab)
    k = int(lab.max()) + 1
    pull = pulls.start(lab, k)  # pull[i, c]: net tie of i to camp c
    own = pull[np.arange(n), lab]
    best = pull.max(axis=1)
    if allow_new:
        best = np.maximum(best, 0.0)  # a camp of its own pulls 0
    candidates = np.flatnonzero(best - own > _EPS)
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
        lab[:] = canonical_labels(lab)
    return moved


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
