"""Two published spectral methods for k-way clustering of signed networks, as baselines.

* :func:`sponge` -- SPONGE, Signed Positive Over Negative Generalised Eigenproblem
  (Cucuringu, Davies, Glielmo & Tyagi, AISTATS 2019): the ``k - 1`` smallest eigenvectors of
  the pencil ``(L+ + tau_n D-, L- + tau_p D+)``, then k-means on their rows.
* :func:`signed_laplacian` -- the signed Laplacian ``Lbar = Dbar - A`` of Kunegis, Schmidt,
  Lommatzsch, Lerner, De Luca & Albayrak (SDM 2010), ``Dbar = diag(sum_j |A_ij|)``; by default
  its random-walk normalisation (the generalised problem ``Lbar v = lambda Dbar v``, the
  relaxation of the signed normalised cut), then k-means on the rows of the eigenvectors.

Both are written from the papers; the SigNet package (Cucuringu et al.'s reference code,
which needs scikit-learn) was read for the conventions it settles (``k - 1`` eigenvectors for
SPONGE, ``tau_p = tau_n = 1``), not copied. Differences from SigNet: the eigensolver is LOBPCG
with a Jacobi preconditioner, a seeded start and a checked residual (SigNet: unpreconditioned
LOBPCG from an unseeded start, up to ``n`` iterations, no check); isolated nodes are set aside
(their zero rows make the pencil singular and the signed Laplacian's null space meaningless)
and join the largest cluster afterwards; the embedding is not rescaled by the eigenvalues.

Everything stays sparse: the cost is a few hundred sparse products with ``n x m`` blocks
(``m`` a little more than the number of eigenvectors) plus k-means.
"""

from __future__ import annotations

import warnings

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp
import scipy.sparse.linalg as sla
from scipy.cluster.vq import kmeans2

from stancegraph.analysis.signed import SignedNetwork, canonical_labels

__all__ = ["EigenResult", "kmeans", "signed_laplacian", "smallest_eigenvectors", "sponge"]

Labels = npt.NDArray[np.int64]
Matrix = npt.NDArray[np.float64]
NORMALISATIONS = ("rw", "sym", "none")
RESIDUAL_WARNING = 1e-3  # relative residual above which the eigenvectors are reported unreliable


class EigenResult:
    """Eigenvalues (ascending), eigenvectors (columns) and the largest relative residual."""

    def __init__(self, values: Matrix, vectors: Matrix, residual: float, iterations: int) -> None:
        self.values = values
        self.vectors = vectors
        self.residual = residual
        self.iterations = iterations

    def __repr__(self) -> str:
        return (f"<EigenResult: {self.values.size} pairs, residual {self.residual:.1e}, "
                f"{self.iterations} iterations>")


def smallest_eigenvectors(
    a: sp.csr_array,
    b: sp.csr_array | None,
    count: int,
    seed: int = 0,
    tol: float = 1e-6,
    maxiter: int = 2000,
) -> EigenResult:
    """The ``count`` smallest eigenpairs of ``a v = lambda b v`` (``b`` None: the identity).

    ``a`` must be symmetric positive semi-definite and ``b`` symmetric positive definite.
    LOBPCG (Knyazev 2001) from a seeded Gaussian start, with a few guard vectors beyond
    ``count`` (convergence of the wanted ones then depends on the gap to the first unwanted
    guard, not to the next eigenvalue) and the Jacobi preconditioner ``diag(a)^-1``.
    The relative residual ``|a v - lambda b v| / (|a|_1 |v|)`` of the returned pairs is
    computed here (LOBPCG's own convergence report is silenced); above ``RESIDUAL_WARNING`` a
    ``RuntimeWarning`` says the eigenvectors are unreliable.
    """
    n = a.shape[0]
    size = min(n, count + max(4, count))
    if n < 5 * size:  # LOBPCG's own rule of thumb: small problems are solved densely
        dense_b = None if b is None else b.toarray()
        values, vectors = _dense_eigh(a.toarray(), dense_b, count)
        return _result(a, b, values, vectors, 0)
    rng = np.random.default_rng(seed)
    start = rng.standard_normal((n, size))
    diagonal = a.diagonal()
    inverse = np.where(diagonal > 0, 1.0 / np.where(diagonal > 0, diagonal, 1.0), 1.0)
    precondition = sp.diags_array(inverse).tocsr()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # non-convergence is judged by our residual below
        values, vectors, history = sla.lobpcg(a, start, B=b, M=precondition, tol=tol,
                                              maxiter=maxiter, largest=False,
                                              retResidualNormsHistory=True)
    order = np.argsort(values)[:count]
    result = _result(a, b, values[order], vectors[:, order], len(history))
    if result.residual > RESIDUAL_WARNING:
        warnings.warn(f"LOBPCG stopped after {result.iterations} iterations with relative "
                      f"residual {result.residual:.1e}: the eigenvectors are inaccurate",
                      RuntimeWarning, stacklevel=2)
    return result


def _dense_eigh(a: Matrix, b: Matrix | None, count: int) -> tuple[Matrix, Matrix]:
    import scipy.linalg as la

    values, vectors = la.eigh(a, b, subset_by_index=[0, count - 1])
    return np.asarray(values), np.asarray(vectors)


def _result(
    a: sp.csr_array, b: sp.csr_array | None, values: Matrix, vectors: Matrix, iterations: int
) -> EigenResult:
    bv = vectors if b is None else b @ vectors
    scale = float(sla.norm(a, ord=1)) or 1.0
    norms = np.linalg.norm(vectors, axis=0)
    norms[norms == 0] = 1.0
    residual = np.linalg.norm(a @ vectors - bv * values, axis=0) / (scale * norms)
    return EigenResult(np.asarray(values, dtype=np.float64),
                       np.asarray(vectors, dtype=np.float64),
                       float(residual.max()) if residual.size else 0.0, iterations)


def kmeans(points: Matrix, k: int, seed: int = 0, n_init: int = 10, iterations: int = 50) -> Labels:
    """k-means of the rows of ``points``: the best of ``n_init`` k-means++ runs.

    scipy's ``kmeans2`` (``minit="++"``) runs a fixed number of Lloyd iterations; the run with
    the lowest within-cluster sum of squares is kept. Seeded, so deterministic.
    """
    data = np.asarray(points, dtype=np.float64)
    if data.ndim == 1:
        data = data[:, None]
    if k <= 1 or data.shape[0] <= 1:
        return np.zeros(data.shape[0], dtype=np.int64)
    rng = np.random.default_rng(seed)
    best: tuple[float, Labels] | None = None
    for _ in range(n_init):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "one of the clusters is empty": still a partition
            centroids, labels = kmeans2(data, k, iter=iterations, minit="++", seed=rng)
        inertia = float(((data - centroids[labels]) ** 2).sum())
        if best is None or inertia < best[0]:
            best = (inertia, np.asarray(labels, dtype=np.int64))
    assert best is not None
    return canonical_labels(best[1])


def _with_isolated(network: SignedNetwork, labels_of_rest: Labels, keep: npt.NDArray[np.intp]) -> Labels:
    """Labels for every node: the clustered ones as given, isolated ones in the largest cluster."""
    labels = np.empty(len(network), dtype=np.int64)
    if keep.size == 0:
        labels[:] = 0
        return labels
    counts = np.bincount(labels_of_rest)
    labels[:] = int(np.argmax(counts))
    labels[keep] = labels_of_rest
    return canonical_labels(labels)


def _connected(network: SignedNetwork) -> tuple[npt.NDArray[np.intp], sp.csr_array, sp.csr_array]:
    keep = np.flatnonzero(network.degree() > 0)
    if keep.size == len(network):
        return keep, network.positive, network.negative
    sub = network.subnetwork(keep.tolist())
    return keep, sub.positive, sub.negative


def _degrees(matrix: sp.csr_array) -> Matrix:
    return np.asarray(matrix.sum(axis=1)).ravel()


def sponge(
    network: SignedNetwork,
    k: int,
    seed: int = 0,
    tau_p: float = 1.0,
    tau_n: float = 1.0,
    n_vectors: int | None = None,
) -> Labels:
    """Cluster a signed network into ``k`` groups with SPONGE (Cucuringu et al. 2019).

    With ``L+ = D+ - A+`` and ``L- = D- - A-`` (``D`` the diagonal degree matrices), SPONGE
    takes the eigenvectors of the ``n_vectors`` (default ``k - 1``) smallest eigenvalues of
    ``(L+ + tau_n D-) v = lambda (L- + tau_p D+) v`` -- directions few positive ties cross and
    many negative ties cross -- and runs k-means on their rows.

    Parameters
    ----------
    network : SignedNetwork
    k : int
        Number of clusters.
    seed : int
        Seeds the eigensolver's start and k-means.
    tau_p, tau_n : float
        Regularisation of the denominator and the numerator (the paper's default: 1 and 1).
    n_vectors : int, optional
        Embedding dimension; ``k - 1`` as in the paper and SigNet.

    Returns
    -------
    numpy.ndarray of int64
        ``labels[i]`` is the cluster of ``network.ids[i]``, numbered in order of first
        appearance (:func:`~stancegraph.analysis.signed.canonical_labels`).
    """
    keep, pos, neg = _connected(network)
    if k <= 1 or keep.size <= k:
        return _trivial(network, keep, k)
    d_pos, d_neg = _degrees(pos), _degrees(neg)
    numerator = (sp.diags_array(d_pos + tau_n * d_neg) - pos).tocsr()
    denominator = (sp.diags_array(d_neg + tau_p * d_pos) - neg).tocsr()
    count = n_vectors if n_vectors is not None else k - 1
    eig = smallest_eigenvectors(numerator, denominator, count, seed=seed)
    return _with_isolated(network, kmeans(eig.vectors, k, seed=seed), keep)


def signed_laplacian(
    network: SignedNetwork,
    k: int,
    seed: int = 0,
    normalisation: str = "rw",
    n_vectors: int | None = None,
) -> Labels:
    """Cluster a signed network into ``k`` groups with the signed Laplacian (Kunegis et al. 2010).

    ``Lbar = Dbar - A`` with ``A = A+ - A-`` and ``Dbar = diag(sum_j |A_ij|)`` is positive
    semi-definite (definite unless the graph is balanced); for ``k = 2`` its smallest
    eigenvector relaxes the signed ratio cut.

    Parameters
    ----------
    network : SignedNetwork
    k : int
        Number of clusters.
    seed : int
        Seeds the eigensolver's start and k-means.
    normalisation : {"rw", "sym", "none"}
        ``"rw"`` (default): ``Lbar v = lambda Dbar v``, i.e. the random-walk signed Laplacian
        ``I - Dbar^-1 A``, the relaxation of the signed normalised cut; ``"sym"``:
        ``I - Dbar^-1/2 A Dbar^-1/2`` (the same eigenvalues, eigenvectors scaled by
        ``Dbar^1/2``); ``"none"``: ``Lbar`` itself, the signed ratio cut. The unnormalised form
        fails on sparse graphs: its smallest eigenvectors sit on a few low-degree nodes (at
        average degree 10 its smallest eigenvalue, under 1, belongs to such a vector).
    n_vectors : int, optional
        Embedding dimension; default ``k``, the usual spectral-clustering recipe. In the SSBM
        only ``k - 1`` eigenvectors carry the partition (for ``k = 2``: the smallest one, the
        paper's signed bisection); ``n_vectors=k - 1`` gives that.

    Returns
    -------
    numpy.ndarray of int64
        As :func:`sponge`.
    """
    if normalisation not in NORMALISATIONS:
        raise ValueError(f"unknown normalisation {normalisation!r}; expected one of "
                         f"{NORMALISATIONS}")
    keep, pos, neg = _connected(network)
    if k <= 1 or keep.size <= k:
        return _trivial(network, keep, k)
    adjacency = (pos - neg).tocsr()
    dbar = _degrees(pos) + _degrees(neg)
    count = n_vectors if n_vectors is not None else k
    if normalisation == "none":
        laplacian = (sp.diags_array(dbar) - adjacency).tocsr()
        eig = smallest_eigenvectors(laplacian, None, count, seed=seed)
        vectors = eig.vectors
    else:
        root = sp.diags_array(1.0 / np.sqrt(dbar))
        laplacian = (sp.eye_array(dbar.size) - root @ adjacency @ root).tocsr()
        eig = smallest_eigenvectors(laplacian, None, count, seed=seed)
        vectors = eig.vectors if normalisation == "sym" else eig.vectors / np.sqrt(dbar)[:, None]
    return _with_isolated(network, kmeans(vectors, k, seed=seed), keep)


def _trivial(network: SignedNetwork, keep: npt.NDArray[np.intp], k: int) -> Labels:
    """Too few connected nodes for ``k`` clusters: each its own (up to k), the rest in 0."""
    labels = np.zeros(len(network), dtype=np.int64)
    if k > 1:
        labels[keep] = np.minimum(np.arange(keep.size), k - 1)
    return canonical_labels(labels)
