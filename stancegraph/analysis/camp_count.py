"""How many camps a debate holds, counted from its actor × target matrix.

With ``k`` left free, :func:`~stancegraph.analysis.coalitions` minimises frustration, and a
debate whose camps differ in profile but are not opposed (two camps that agree on half the
targets are, on balance, slightly tied) comes out as fewer, merged camps. :func:`count_camps`
counts the camps that the profiles themselves hold, for use as ``k``:

1. **Profile dimensions** (Horn's parallel analysis, 1965): the singular values of the
   degree-normalised net actor × target matrix ``D_a^{-1/2} X D_t^{-1/2}`` (``D`` the total
   stance weight of each actor and target, regularised by its mean), each actor's row taken
   relative to the average profile, are compared with the largest singular value of the same
   matrix with the sign of every cell flipped on a fair coin (the largest of ``draws`` such
   draws): the noise edge. Flipping keeps who takes a stance on what and how strongly, and
   destroys only which way: the values above the edge are the dimensions along which actors'
   profiles differ from the average.
2. **Camps.** ``k`` camps with distinct profiles differ from their average along ``k - 1``
   dimensions (two camps along one, the line between them): ``r`` dimensions count ``r + 1``
   camps. A consensus, where everyone leans the same way, has none: one camp.

Measured on seeded synthetic debates (:mod:`stancegraph.synth`, uniform targets, 20% sign
noise, 20 stances per actor), 1 to 3 planted camps are counted exactly from 30,000 stances,
and 5 from 100,000 and 1,000,000 (``benchmarks/results/scale.md``). The count is
conservative: below the noise a camp is not counted (4 of 5 camps at 10,000 stances), and when
a few targets draw most stances (Zipf-like popularity) their weight raises the noise edge, so
fewer camps are counted than planted.

>>> count = count_camps(nato)
>>> count.k, count.dimensions
(2, 1)
>>> from stancegraph.analysis import coalitions
>>> camp = coalitions(nato, k=count.k).coalition_of
>>> camp("france") == camp("germany"), camp("france") == camp("united-kingdom")
(True, False)
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp
from scipy.sparse.linalg import ArpackError, LinearOperator, svds

from ..graph import StanceGraph
from .networks import Affiliation, Normalization, _by_popularity, _inputs
from .spectral import _RETRIES, _dense_eigh, top_eigenpairs
from .statements import Dedupe, Level, Statements

__all__ = ["CampCount", "count_camps"]

#: Below this many rows or columns the singular values come from a dense SVD.
_DENSE_BELOW = 60


@dataclass(frozen=True)
class CampCount:
    """What :func:`count_camps` found."""

    #: The number of camps to ask :func:`~stancegraph.analysis.coalitions` for.
    k: int
    #: Dimensions along which profiles differ from the average, above the sign-flipped null.
    dimensions: int
    #: The leading singular values of the normalised matrix, and the largest of each null.
    singular_values: tuple[float, ...]
    null_values: tuple[float, ...]


def count_camps(
    g: StanceGraph | Statements | Affiliation,
    *,
    level: Level = "state",
    dedupe: Dedupe = "document",
    normalization: Normalization = "none",
    seed: int = 0,
    max_k: int = 20,
    draws: int = 3,
) -> CampCount:
    """Count the camps of a debate (see the module docstring), up to ``max_k``; ``seed``
    seeds the null draws, so the same input and seed give the same count.

    ``level``, ``dedupe`` and ``normalization`` are those of
    :func:`~stancegraph.analysis.coalitions`, so that ``coalitions(g, k=count_camps(g).k)``
    partitions the matrix the count was made on.
    """
    aff, _ = _inputs(g, level, dedupe, normalization)
    profiles = _by_popularity(aff) if normalization == "popularity" else aff
    values, null = _profile_values(profiles.net, max_k=max_k, draws=draws, seed=seed)
    edge = float(null.max(initial=0.0))  # the noise edge: the largest null value
    dimensions = int(np.sum(values > edge * (1 + 1e-9)))
    k = dimensions + 1
    return CampCount(k, dimensions, tuple(values.round(6).tolist()),
                     tuple(null.round(6).tolist()))


def _profile_values(x: sp.csr_array, *, max_k: int, draws: int, seed: int
                    ) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """The leading singular values of the normalised, centred ``x``, and the largest of each
    of its sign-flipped nulls (largest first)."""
    x = sp.csr_array(x, dtype=np.float64)
    x.eliminate_zeros()
    rows = np.flatnonzero(np.diff(x.indptr))
    x = x[rows]
    cols = np.flatnonzero(np.asarray(abs(x).sum(axis=0)).ravel())
    x = x[:, cols].tocsr()
    count = min(max_k + 1, min(x.shape) - 1) if min(x.shape) > 1 else 0
    if count <= 0 or x.nnz == 0:
        return np.zeros(0), np.zeros(0)
    row_weight = np.asarray(abs(x).sum(axis=1)).ravel()
    col_weight = np.asarray(abs(x).sum(axis=0)).ravel()
    left = sp.diags_array(1.0 / np.sqrt(row_weight + row_weight.mean()))
    right = sp.diags_array(1.0 / np.sqrt(col_weight + col_weight.mean()))

    def values(m: sp.csr_array, count: int) -> npt.NDArray[np.float64]:
        scaled = (left @ m @ right).tocsr()
        mean = np.asarray(scaled.sum(axis=0)).ravel() / scaled.shape[0]  # the average profile
        if min(scaled.shape) < _DENSE_BELOW:
            found = _dense_singular_values(scaled.toarray() - mean)
        else:
            found = _sparse_singular_values(scaled, mean, count, seed)
        return np.sort(np.asarray(found, dtype=np.float64))[::-1][:count]

    rng = np.random.default_rng(seed)
    nulls = []
    for _ in range(draws):
        flipped = x.copy()
        flipped.data = flipped.data * rng.choice([-1.0, 1.0], size=flipped.nnz)
        nulls.append(values(flipped, min(count, 2)))
    return values(x, count), np.sort([found[0] for found in nulls])[::-1]


def _dense_singular_values(m: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """All singular values of ``m``; if LAPACK's SVD fails, from the eigenvalues of the Gram
    matrix of the smaller side (never an exception from the numeric routine)."""
    try:
        return np.asarray(np.linalg.svd(m, compute_uv=False))
    except np.linalg.LinAlgError:
        pass
    gram = m.T @ m if m.shape[1] <= m.shape[0] else m @ m.T
    found = _dense_eigh(gram)
    return np.zeros(0) if found is None else np.sqrt(np.clip(found[0], 0.0, None))


def _sparse_singular_values(scaled: sp.csr_array, mean: npt.NDArray[np.float64], count: int,
                            seed: int) -> npt.NDArray[np.float64]:
    """The ``count`` largest singular values of ``scaled`` minus ``mean`` from every row, by
    ``svds`` from seeded starts; if it fails, from the leading eigenvalues of the Gram
    operator of the smaller side (:func:`~stancegraph.analysis.spectral.top_eigenpairs`, which
    has its own fallbacks)."""
    rows, cols = scaled.shape
    ones = np.ones(rows)

    def product(v: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        return np.asarray(scaled @ v - np.outer(ones, mean @ v).reshape((rows,) + v.shape[1:]))

    def transposed(u: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        return np.asarray(scaled.T @ u - np.outer(mean, ones @ u).reshape((cols,) + u.shape[1:]))

    centred = LinearOperator(scaled.shape, matvec=product, rmatvec=transposed,
                             matmat=product, rmatmat=transposed, dtype=np.float64)
    for attempt in range(_RETRIES):
        v0 = np.random.default_rng(seed if attempt == 0 else [seed, attempt]
                                   ).standard_normal(min(scaled.shape))
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                found = svds(centred, k=count, v0=v0, return_singular_vectors=False)
        except (ArpackError, np.linalg.LinAlgError, ValueError):
            continue
        if np.all(np.isfinite(found)):
            return np.asarray(found, dtype=np.float64)

    def gram(v: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        return transposed(product(v)) if cols <= rows else product(transposed(v))

    squares, _ = top_eigenpairs(gram, min(rows, cols), count, seed=seed)
    return np.sqrt(np.clip(squares, 0.0, None))
