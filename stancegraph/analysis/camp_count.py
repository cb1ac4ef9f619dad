"""How many camps a debate holds: the default of :func:`~stancegraph.analysis.coalitions`.

With ``k`` left free, :func:`~stancegraph.analysis.coalitions` partitions the debate into the
number of camps :func:`count_camps` finds. One rule would not do for every debate, so the count
is made on the evidence the signed network has, by one of two rules (:attr:`CampCount.rule`):

1. **Block model** (``"block model"``; every network whose ties are listed, which is every
   debate below ``FACTOR_ABOVE`` ties). For ``k = 1, 2, ...`` the network is partitioned into
   ``k`` camps (:func:`~stancegraph.analysis.coalitions.partition`), and each partition is
   scored by the nats needed to code the network with it: every pair of tied actors is a
   positive tie, a negative one or none, with one distribution of the three inside camps and
   one between camps, at their maximum likelihood, plus the camp labels at the entropy of
   the camp sizes (a minimum description length). The ``k`` that codes the network shortest
   wins: a split pays for its labels only when it explains the signs better, so noise is not
   cut into camps. The scan goes on while a larger ``k`` did better within the last three (a
   sparse five-camp network codes longer with two or three camps than with one, shorter with
   five). Then an actor that agrees with no member of its camp, in a camp dense enough in
   agreement that each member should agree with some (:data:`_OUTSIDER_LEVEL`), or in any
   camp when that codes the network shorter, is put alone:
   it was placed there only as the enemy of the camp's enemies, as a lone actor opposed to
   both camps (Russia on the seed) lands in one when the number of camps is fixed.
   When the expectation turns some agreement into conflict
   (:func:`~stancegraph.analysis.coalitions.turns_agreement`; never on a sparse network),
   the same scan is made of the network's agreement beyond expectation
   (:func:`~stancegraph.analysis.signed.beyond_expectation`: each agreement less what the
   two actors' overall agreement predicts) with the spectral method; when its camps split
   those of the ties as stated, and do nothing else
   (:func:`~stancegraph.analysis.coalitions.splits_camps`), its count is the answer, and
   its camps are the outsiders alone and the others partitioned by the method asked for --
   a consensus every actor shares (an alliance's, rolled up to all its members) was holding
   those camps together (the seed: the Baltic states share the allies' consensus with Paris, and their
   calls for weapons and their skepticism with London and Warsaw). Otherwise the ties as
   stated decide: a dense debate with one dissent stays one camp, where the expectation
   alone would cut the dissenter off.
2. **Profiles** (``"profiles"``; factored networks, too large to list the ties): Horn's
   parallel analysis (1965) of the actor × target matrix. The singular values of the
   degree-normalised net matrix ``D_a^{-1/2} X D_t^{-1/2}`` (``D`` the total stance weight of
   each actor and target, regularised by its mean), each row taken relative to the average
   profile, are compared one by one with the 95% quantile of the same values of the matrix
   with the sign of every cell flipped on a fair coin, and must exceed it by 1%. Flipping
   keeps who takes a stance on what and how strongly and destroys only which way: the
   leading values above their null are the dimensions along which profiles differ. (The
   margin: real dimensions push the data's noise values down the ranks — the shift that
   Dobriban & Owen, *Deterministic parallel analysis*, JRSS B 2019, correct for — and at a
   million stances the null's quantiles are so tight that those noise values clear them by
   0.02-0.2%, while the weakest planted dimension of the benchmark clears its own by 2.8%;
   the noise edge alone, the null's largest value, would miss camps under Zipf popularity,
   whose null has spikes of its own.) ``r`` dimensions count ``r + 1`` camps (two camps
   differ along one line). Camps with distinct but uncorrelated profiles, which the signed
   network's balance merges, are counted this way.

The evidence is ``benchmarks/results/camp_count.md`` (``python benchmarks/camp_count.py``):
twelve-state debates in one, two and three camps are counted exactly; on the seed Russia is
kept apart from both camps; on signed block models written as stances (n = 1,000, degree 10
and 50) the default's ARI is that of the partition told the planted number, except near the
detection threshold (five camps at degree 10 with 10% sign noise), where the planted
partition itself codes longer than one camp: no structure is found rather than noise split;
planted profile camps at 100,000 and 1,000,000 stances are counted as told, under uniform and
Zipf popularity (without the margin, the uniform million counted 8).

>>> count = count_camps(nato)
>>> count.k, count.rule, count.outsiders
(5, 'block model', ('dialogue-skeptic-diplomats', 'russia', 'senior-official'))
>>> from stancegraph.analysis import coalitions
>>> camp = coalitions(nato).coalition_of
>>> camp("france") == camp("germany"), camp("france") == camp("united-kingdom")
(True, False)
>>> camp("russia") in (camp("france"), camp("united-kingdom"))
False
"""

from __future__ import annotations

import datetime as dt
import warnings
from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp
from scipy.sparse.linalg import ArpackError, LinearOperator, svds

from ..errors import check_choice
from ..graph import StanceGraph
from ..progress import stepped
from .coalitions import (
    EXACT_MAX_ACTORS,
    METHODS,
    Method,
    partition,
    splits_camps,
    turns_agreement,
)
from .networks import (
    ActorTargets,
    Affiliation,
    Normalization,
    by_popularity,
    network_inputs,
    network_of_inputs,
    profile_affiliation,
)
from .signed import Labels, SignedNetwork, beyond_expectation, canonical_labels
from .spectral import RETRIES, dense_eigh, scanning, top_eigenpairs
from .statements import Broader, Dedupe, Level, Statements

__all__ = ["CampCount", "count_camps"]

#: Below this many rows or columns the singular values come from a dense SVD.
_DENSE_BELOW = 60
#: Null draws of the parallel analysis when ``draws`` is not given: many for a small matrix,
#: where one draw's largest values scatter widely, a few for a large one.
_SMALL_DRAWS, _LARGE_DRAWS = 200, 5
#: How far above its null's quantile a singular value must be to count (relative).
_MARGIN = 0.01
#: Relative accuracy of the sparse singular values (ARPACK's ``tol`` on their squares): a
#: hundredth of the margin, reached in about two thirds of the iterations of full precision.
_SVD_TOL = 1e-4
#: With ``draws`` left to the default, a large matrix's parallel analysis first compares this
#: many values (seven dimensions, eight camps), and all ``max_k + 1`` only when each of them
#: counts.
_FIRST_VALUES = 8
#: The quantile of the null each observed singular value must exceed.
_QUANTILE = 0.95
#: The scan of the block-model rule solves each spectral embedding once, for this many
#: dimensions (eight camps; more are solved when asked for), and slices it for each number.
_SCAN_AHEAD = 8
#: The scan of the block-model rule stops after this many numbers of camps in a row that do
#: not code the network shorter than the best so far (the code length is not unimodal: on a
#: sparse five-camp network two or three camps code it longer than one).
_PATIENCE = 3
#: An actor with no agreement with any member of its camp is put alone when, by the camp's
#: density of agreement, the chance that any of its members agrees with none is at most
#: one minus this (see :func:`_detach_outsiders`).
_OUTSIDER_LEVEL = 0.95

Rule = Literal["block model", "profiles"]


@dataclass(frozen=True)
class CampCount:
    """What :func:`count_camps` found."""

    #: The number of camps: those of ``coalitions(g)``, and ``coalitions(g, k=count.k)``
    #: partitions into as many.
    k: int
    #: Dimensions along which profiles differ from the average, above the sign-flipped null.
    dimensions: int
    #: The leading singular values of the normalised matrix, and the null's 95% quantile of
    #: each (the same number of values); the first null value is the noise edge that each
    #: singular value must exceed to count as a dimension.
    singular_values: tuple[float, ...]
    null_values: tuple[float, ...]
    #: ``"block model"`` when ``k`` was chosen by the code length of the signed network's
    #: partitions (a network whose ties are listed), ``"profiles"`` when it was counted from
    #: the profile dimensions (a factored network, too large to list its ties).
    rule: str = "profiles"
    #: For the block-model rule, the code length in nats of the partition into 1, 2, ...
    #: camps (the scan stops three past the shortest); those of the agreement beyond
    #: expectation when its camps were taken (see the module docstring).
    code_lengths: tuple[float, ...] = ()
    #: Actors put alone because they agree with no member of the camp the partition gave
    #: them (block-model rule), counted in ``k``.
    outsiders: tuple[str, ...] = ()


@stepped("counting camps")
def count_camps(
    g: StanceGraph | Statements | Affiliation,
    *,
    level: Level = "state",
    dedupe: Dedupe = "document",
    normalization: Normalization = "none",
    seed: int = 0,
    max_k: int = 20,
    draws: int | None = None,
    method: Method = "auto",
    time_limit: float = 10.0,
    broader: Broader = "supports",
    actor_targets: ActorTargets = "direct",
    as_of: dt.date | str | None = None,
) -> CampCount:
    """Count the camps of a debate (see the module docstring), up to ``max_k`` from the
    partition; ``seed`` seeds the null draws and the partitions, so the same input and seed
    give the same count.

    ``level``, ``dedupe``, ``normalization``, ``method``, ``time_limit``, ``broader``,
    ``actor_targets`` and ``as_of`` are those of
    :func:`~stancegraph.analysis.coalitions`, whose default (``k=None``) finds the camps
    counted here: ``coalitions(g).coalitions`` has ``count_camps(g).k`` camps. ``draws`` is the
    number of sign-flipped null matrices of the parallel analysis; by default up to 200 for a
    small matrix, down to 5 for a large one, and fewer once more could not change the count
    (after a tenth of them, two at least: see :func:`_decided`).

    Examples
    --------
    >>> count = count_camps(nato)
    >>> count.k, count.rule, count.outsiders
    (5, 'block model', ('dialogue-skeptic-diplomats', 'russia', 'senior-official'))
    >>> [round(c, 1) for c in count.code_lengths]  # nats, for 1, 2, ... camps
    [142.7, 126.2, 125.3, 125.7, 126.5, 128.1]

    The allies' consensus ties every two allies, so the ties as stated hold them in one camp;
    beyond expectation (the consensus discounted) three camps code the seed shortest: the two
    of the report, and the actors who agree with nobody -- Russia, the senior official and
    two anonymous diplomats, each opposing members of both camps; a camp without any
    agreement inside is not held together, so each is put alone.
    """
    aff, direct_ties = network_inputs(g, level, dedupe, normalization, broader, as_of)
    network = network_of_inputs(aff, direct_ties, normalization, actor_targets=actor_targets)
    return _count(aff, network, normalization=normalization, method=method, seed=seed,
                  max_k=max_k, draws=draws, time_limit=time_limit,
                  actor_targets=actor_targets)[0]


def count_and_partition(
    aff: Affiliation, network: SignedNetwork, *, normalization: Normalization, method: Method,
    seed: int, time_limit: float, max_k: int = 20, draws: int | None = None,
    actor_targets: ActorTargets = "direct",
) -> tuple[CampCount, tuple[Labels, str, bool | None, float | None]]:
    """The count and the partition into the camps counted (``partition``'s tuple): what
    :func:`~stancegraph.analysis.coalitions` uses when ``k`` is None."""
    count, found = _count(aff, network, normalization=normalization, method=method, seed=seed,
                          max_k=max_k, draws=draws, time_limit=time_limit,
                          actor_targets=actor_targets)
    if found is None:  # counted from the profiles: partition into as many camps
        tied = int(np.count_nonzero(network.degree() > 1e-12))
        found = partition(network, method=method, k=count.k if tied else None, seed=seed,
                          time_limit=time_limit)
    return count, found


def _count(
    aff: Affiliation, network: SignedNetwork, *, normalization: Normalization, method: Method,
    seed: int, time_limit: float, max_k: int, draws: int | None, actor_targets: ActorTargets,
) -> tuple[CampCount, tuple[Labels, str, bool | None, float | None] | None]:
    """The count, and the partition into the camps counted when the count made it (the block
    model's); None when the camps were counted from the profiles, whose count needs none."""
    check_choice(method, METHODS, "method")  # up front: a debate without ties never partitions
    profiles = profile_affiliation(aff, actor_targets)  # by default the positions only
    if normalization == "popularity":
        profiles = by_popularity(profiles)
    values, null = _profile_values(profiles.net, max_k=max_k, draws=draws, seed=seed)
    # Each value against the null's value of its rank, by a margin: at a million stances the
    # null's quantiles are so tight that the data's own noise values, pushed down the ranks by
    # the real dimensions, clear them by 0.02-0.2% (the rank shift that Dobriban & Owen 2019
    # correct for); a real dimension clears them by far more.
    above = values > null * (1 + _MARGIN)
    dimensions = int(np.argmin(above)) if not above.all() else len(above)
    profile = (tuple(values.round(6).tolist()), tuple(null.round(6).tolist()))
    if not network.is_factored:
        k, found, codes, outsiders = _block_model(network, method=method, seed=seed,
                                                  time_limit=time_limit, max_k=max_k)
        # Camps a consensus holds together: as in coalitions.camps_of, a quick spectral
        # look at the agreement beyond expectation, then the method asked for
        adjusted = beyond_expectation(network)
        if turns_agreement(network, adjusted):
            beyond = _block_model(adjusted, method="spectral", seed=seed,
                                  time_limit=time_limit, max_k=max_k)
            if splits_camps(network, found[0], beyond[1][0]) and method != "spectral":
                # as many camps, by the method asked for (one solve, not a scan)
                members = _members(adjusted, beyond[0], beyond[3], method=method, seed=seed,
                                   time_limit=time_limit)
                if members is not None:
                    beyond = (beyond[0], members, beyond[2], beyond[3])
            if splits_camps(network, found[0], beyond[1][0]):
                k, found, codes, outsiders = beyond
        return CampCount(k, dimensions, *profile, "block model", codes, outsiders), found
    tied = int(np.count_nonzero(network.degree() > 1e-12))
    k = max(1, min(dimensions + 1, tied))
    return CampCount(k, dimensions, *profile, "profiles"), None


def _block_model(network: SignedNetwork, *, method: Method, seed: int, time_limit: float,
                 max_k: int) -> tuple[int, tuple[Labels, str, bool | None, float | None],
                                      tuple[float, ...], tuple[str, ...]]:
    """The partition of the explicit ``network`` into the number of camps whose partition
    codes it shortest, with its outsiders put alone: (camps, ``partition``'s tuple, code
    lengths for 1, 2, ... camps, outsiders)."""
    n = len(network)
    tied = np.flatnonzero(network.degree() > 1e-12)
    if len(tied) < 2:  # nobody tied: everyone unaligned
        return 1, (np.arange(n, dtype=np.int64), "exact" if method == "auto" else method,
                   None, None), (), ()
    sub = network if len(tied) == n else network.subnetwork(tied)
    ties = sp.triu(sp.csr_array(sub.difference), k=1).tocoo()
    ties = (ties.row[ties.data != 0], ties.col[ties.data != 0], np.sign(ties.data[ties.data != 0]))
    last = min(max_k, len(tied))
    free = None
    if method == "exact" or (method == "auto" and sub.largest_part() <= EXACT_MAX_ACTORS):
        # The least frustrated partition of all: more camps than it has are not scanned
        # (they only add conflict between camps), and it is the one into as many camps.
        free = partition(sub, method=method, seed=seed, time_limit=time_limit)
        last = min(last, int(free[0].max()) + 1)
    codes: list[float] = []
    best: tuple[float, int, tuple[Labels, str, bool | None, float | None]] | None = None
    for k in range(1, last + 1):
        if free is not None and k == last:
            found = free
        else:
            with scanning(sub, min(last, _SCAN_AHEAD)):  # one embedding for the scan
                found = partition(sub, method=method, k=k, seed=seed, time_limit=time_limit)
        code = _code_length(ties, found[0])
        codes.append(round(code, 6))
        if best is None or code < best[0] - 1e-9:
            best = (code, k, found)
        elif k - best[1] >= _PATIENCE:
            break
    assert best is not None
    labels, used, optimal, gap = best[2]
    labels, alone = _detach_outsiders(ties, labels)
    full = np.arange(n, dtype=np.int64) + n  # actors without ties: alone, apart from camps
    full[tied] = labels
    outsiders = tuple(sorted(sub.ids[i] for i in alone))
    return int(labels.max()) + 1, (canonical_labels(full), used, optimal, gap), tuple(codes), \
        outsiders


def _members(network: SignedNetwork, k: int, outsiders: tuple[str, ...], *, method: Method,
             seed: int, time_limit: float
             ) -> tuple[Labels, str, bool | None, float | None] | None:
    """``k`` camps of ``network`` (``partition``'s tuple): the outsiders alone, the other
    actors with ties in the ``k`` minus as many camps the method finds; None when fewer of
    them are tied to each other than that."""
    tied = network.degree() > 1e-12
    alone = np.isin(np.arange(len(network)), [network.index[a] for a in outsiders])
    keep = np.flatnonzero(tied & ~alone)
    sub = network.subnetwork(keep)
    camps = k - len(outsiders)
    if camps < 1 or np.count_nonzero(sub.degree() > 1e-12) < camps:
        return None
    labels, used, optimal, gap = partition(sub, method=method, k=camps, seed=seed,
                                           time_limit=time_limit)
    full = np.arange(len(network), dtype=np.int64) + len(network)  # the others alone
    full[keep] = labels
    return canonical_labels(full), used, optimal, gap


Ties = tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.float64]]


def _code_length(ties: Ties, labels: Labels) -> float:
    """Nats to code the signed network (each pair: a positive tie, a negative one or none) and
    the camps: a block model with one distribution of the three for pairs in the same camp
    and one for pairs in different camps, at their maximum likelihood, plus the labels at
    the entropy of the camp sizes."""
    rows, cols, signs = ties
    sizes = np.bincount(labels).astype(np.float64)
    m = float(sizes.sum())
    inside = float(np.sum(sizes * (sizes - 1) / 2))
    same = labels[rows] == labels[cols]
    length = -_xlogx(sizes, m)
    for mask, pairs in ((same, inside), (~same, m * (m - 1) / 2 - inside)):
        plus = float(np.count_nonzero(signs[mask] > 0))
        minus = float(np.count_nonzero(mask)) - plus
        length -= _xlogx(np.array([plus, minus, pairs - plus - minus]), pairs)
    return length


def _xlogx(counts: npt.NDArray[np.float64], total: float) -> float:
    """``sum(c log(c / total))`` over the positive counts."""
    c = counts[counts > 0]
    return float(np.sum(c * np.log(c / total))) if total > 0 else 0.0


def _detach_outsiders(ties: Ties, labels: Labels) -> tuple[Labels, list[int]]:
    """Put alone each actor that agrees with no member of its camp (no positive tie inside it)
    although, by the camp's density of agreement ``q`` among its other ``m`` members, the
    expected number of members agreeing with none, ``(m + 1) (1 - q)^m``, is at most
    ``1 - _OUTSIDER_LEVEL`` (a dense camp: its members all agree with some): such an actor was placed by
    its conflicts only (the enemy of its enemies), as a lone actor opposed to one camp lands
    in the other when the number of camps is fixed. A camp with no agreement inside at all
    is not held together: each member is put alone. Frustration cannot rise: only conflicts
    inside camps are removed."""
    rows, cols, signs = ties
    agree = (signs > 0) & (labels[rows] == labels[cols])
    agreeing = np.zeros(len(labels), dtype=np.int64)
    np.add.at(agreeing, rows[agree], 1)
    np.add.at(agreeing, cols[agree], 1)
    sizes = np.bincount(labels)
    agreements = np.bincount(labels[rows[agree]], minlength=len(sizes))  # positive pairs inside
    out = labels.copy()
    alone = []
    undecided = []
    for i in np.flatnonzero((agreeing == 0) & (sizes[labels] >= 2)).tolist():
        others = int(sizes[labels[i]]) - 1
        pairs = others * (others - 1) / 2
        density = agreements[labels[i]] / pairs if pairs else 0.0
        expected = (others + 1) * (1.0 - density) ** others  # members agreeing with none
        if agreements[labels[i]] == 0 or expected <= 1.0 - _OUTSIDER_LEVEL:
            alone.append(i)
        else:
            undecided.append(i)
    for j, i in enumerate(alone):
        out[i] = len(sizes) + j
    # In a sparser camp, such an actor goes alone when that codes the network shorter (its
    # own camp pays for its label; in a large block model it never does).
    code = _code_length(ties, out)
    for i in undecided:
        if np.count_nonzero(out == out[i]) < 2:
            continue
        trial = out.copy()
        trial[i] = out.max() + 1
        shorter = _code_length(ties, trial)
        if shorter < code - 1e-9:
            out, code = trial, shorter
            alone.append(i)
    return canonical_labels(out), sorted(alone)


def _profile_values(x: sp.csr_array, *, max_k: int, draws: int | None, seed: int
                    ) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """The leading singular values of the normalised, centred ``x``, and the 95% quantile of
    each over its sign-flipped nulls (largest first; as many): ``max_k + 1`` of them, or
    :data:`_FIRST_VALUES` when those decide the count."""
    x = sp.csr_array(x, dtype=np.float64)
    x.eliminate_zeros()
    rows = np.flatnonzero(np.diff(x.indptr))
    x = x[rows]
    cols = np.flatnonzero(np.asarray(abs(x).sum(axis=0)).ravel())
    x = x[:, cols].tocsr()
    count = min(max_k + 1, min(x.shape) - 1) if min(x.shape) > 1 else 0
    if count <= 0 or x.nnz == 0:
        return np.zeros(0), np.zeros(0)
    adaptive = draws is None  # given: exactly that many
    if draws is None:
        draws = int(np.clip(200_000 // x.nnz, _LARGE_DRAWS, _SMALL_DRAWS))
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
        top = np.sort(np.asarray(found, dtype=np.float64))[::-1][:count]
        return np.concatenate([top, np.zeros(count - len(top))])

    def analysis(count: int) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
        observed = values(x, count)
        rng = np.random.default_rng(seed)
        nulls = []
        for _ in range(max(1, draws)):
            flipped = x.copy()
            flipped.data = flipped.data * rng.choice([-1.0, 1.0], size=flipped.nnz)
            nulls.append(values(flipped, count))
            if adaptive and len(nulls) >= max(2, draws // 10) and _decided(observed, nulls):
                break
        return observed, np.quantile(np.array(nulls), _QUANTILE, axis=0)

    # A large matrix's values come from an iterative solver, whose cost grows with the
    # number asked for: the first few first, all of them only when each of those counts.
    first = count if min(x.shape) < _DENSE_BELOW or not adaptive else min(count, _FIRST_VALUES)
    observed, null = analysis(first)
    if first < count and np.all(observed > null * (1 + _MARGIN)):
        observed, null = analysis(count)
    return observed, null


def _decided(observed: npt.NDArray[np.float64], nulls: list[npt.NDArray[np.float64]]) -> bool:
    """Whether more null draws could not change the count: for each rank up to the first
    whose value does not clear its null, the value lies outside the band in which the null's
    quantile (times the margin) may fall, the draws' range widened by that range on either
    side. A large matrix's nulls scatter little (at a million stances by about a tenth of the
    margin), and its values stand far above or just below them: two draws decide.

    >>> null = [np.array([1.0, 0.9]), np.array([1.01, 0.91])]
    >>> _decided(np.array([2.0, 0.5]), null), _decided(np.array([2.0, 0.92]), null)
    (True, False)
    """
    drawn = np.array(nulls)
    low, high = drawn.min(axis=0), drawn.max(axis=0)
    spread = high - low
    lowest, highest = (low - spread) * (1 + _MARGIN), (high + spread) * (1 + _MARGIN)
    for value, below, above in zip(observed.tolist(), lowest.tolist(), highest.tolist(),
                                   strict=True):
        if below <= value <= above:
            return False  # undecided: the quantile could fall either side of it
        if value < below:
            return True  # the first value that does not clear its null: the rest is moot
    return True


def _dense_singular_values(m: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """All singular values of ``m``; if LAPACK's SVD fails, from the eigenvalues of the Gram
    matrix of the smaller side (never an exception from the numeric routine)."""
    try:
        return np.asarray(np.linalg.svd(m, compute_uv=False))
    except np.linalg.LinAlgError:
        pass
    gram = m.T @ m if m.shape[1] <= m.shape[0] else m @ m.T
    found = dense_eigh(gram)
    return np.zeros(0) if found is None else np.sqrt(np.clip(found[0], 0.0, None))


def _sparse_singular_values(scaled: sp.csr_array, mean: npt.NDArray[np.float64], count: int,
                            seed: int) -> npt.NDArray[np.float64]:
    """The ``count`` largest singular values of ``scaled`` minus ``mean`` from every row, by
    ``svds`` from seeded starts; if it fails, from the leading eigenvalues of the Gram
    operator of the smaller side (:func:`~stancegraph.analysis.spectral.top_eigenpairs`, which
    has its own fallbacks)."""
    rows, cols = scaled.shape
    ones = np.ones(rows)
    flipped = scaled.T  # once: a view, but made anew on every use of ``.T``

    def product(v: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        return np.asarray(scaled @ v - np.outer(ones, mean @ v).reshape((rows,) + v.shape[1:]))

    def transposed(u: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        return np.asarray(flipped @ u - np.outer(mean, ones @ u).reshape((cols,) + u.shape[1:]))

    centred = LinearOperator(scaled.shape, matvec=product, rmatvec=transposed,
                             matmat=product, rmatmat=transposed, dtype=np.float64)
    for attempt in range(RETRIES):
        v0 = np.random.default_rng(seed if attempt == 0 else [seed, attempt]
                                   ).standard_normal(min(scaled.shape))
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                found = svds(centred, k=count, v0=v0, tol=_SVD_TOL,
                             return_singular_vectors=False)
        except (ArpackError, np.linalg.LinAlgError, ValueError):
            continue
        if np.all(np.isfinite(found)):
            return np.asarray(found, dtype=np.float64)

    def gram(v: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        return transposed(product(v)) if cols <= rows else product(transposed(v))

    squares, _ = top_eigenpairs(gram, min(rows, cols), count, seed=seed)
    return np.sqrt(np.clip(squares, 0.0, None))
