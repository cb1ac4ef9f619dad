"""exact_partition: proven-optimal coalitions, checked against brute force over all partitions."""

from __future__ import annotations

import itertools
import math
from functools import cache

import numpy as np
import numpy.typing as npt
import pytest
import scipy.sparse as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from stancegraph.analysis import exact
from stancegraph.analysis.exact import ExactSolution, exact_partition
from stancegraph.analysis.signed import SignedNetwork, canonical_labels, frustration
from stancegraph.errors import InvalidRecordError

#: (positive, negative) parts of one pair: none, plain ties, and ambivalent ones (some cancel).
TIES = [(0.0, 0.0), (1.0, 0.0), (0.0, 1.0), (2.0, 0.0), (0.0, 2.0), (0.5, 0.0), (0.0, 0.5),
        (1.0, 1.0), (2.0, 1.0), (1.0, 2.0), (0.5, 1.5), (3.0, 0.5)]
#: The same, most of them net negative and those first, so that many coalitions are needed.
RIVAL_TIES = [(0.0, 1.0), (1.0, 2.0), (0.0, 2.0), (0.5, 1.5), (2.0, 0.0), (0.0, 0.5),
              (1.0, 1.0), (1.0, 0.0)]


# ---------------------------------------------------------------------------- brute force


@cache
def set_partitions(n: int) -> npt.NDArray[np.int8]:
    """Every partition of n items, one per row, as restricted growth strings.

    Row r gives item i the block ``row[i]``; each item joins an earlier block or opens the next
    one, so each partition appears exactly once (Bell(n) rows: 1, 1, 2, 5, 15, ..., 115975).
    """
    rows = np.zeros((1, 0), dtype=np.int8)
    top = np.full(1, -1)  # the highest block used so far
    for _ in range(n):
        choices = top + 2  # join block 0..top, or open block top + 1
        parent = np.repeat(np.arange(rows.shape[0]), choices)
        block = np.arange(parent.size) - np.repeat(np.cumsum(choices) - choices, choices)
        rows = np.concatenate([rows[parent], block[:, None].astype(np.int8)], axis=1)
        top = np.maximum(top[parent], block)
    return rows


def brute_force(net: SignedNetwork, k: int | None = None) -> float:
    """The least frustration over all partitions (with at most k blocks)."""
    n = len(net)
    if n == 0:
        return 0.0
    parts = set_partitions(n)
    pos, neg = net.positive.toarray(), net.negative.toarray()
    cost = np.zeros(parts.shape[0])
    for i, j in itertools.combinations(range(n), 2):
        if pos[i, j] or neg[i, j]:
            cost += np.where(parts[:, i] == parts[:, j], neg[i, j], pos[i, j])
    if k is not None:
        cost[parts.max(axis=1) + 1 > k] = np.inf
    return float(cost.min())


def test_set_partitions_counts_bell_numbers() -> None:
    assert [set_partitions(n).shape[0] for n in range(8)] == [1, 1, 2, 5, 15, 52, 203, 877]
    rows = set_partitions(4)
    assert len({tuple(canonical_labels(r)) for r in rows}) == 15  # all distinct partitions


# ------------------------------------------------------------------------------ networks


def network(n: int, ties: dict[tuple[int, int], tuple[float, float]]) -> SignedNetwork:
    edges: list[tuple[str, str, float]] = []
    for (i, j), (p, q) in ties.items():
        edges += [(str(i), str(j), p), (str(i), str(j), -q)]
    return SignedNetwork.from_edges([str(i) for i in range(n)], edges)


@st.composite
def signed_networks(draw: st.DrawFn, max_n: int = 10, complete: bool = False) -> SignedNetwork:
    """Random networks; ``complete`` ties every pair, mostly negatively (one group, rivals)."""
    n = draw(st.integers(1, max_n))
    pairs = list(itertools.combinations(range(n), 2))
    present = [True] * len(pairs) if complete else draw(
        st.lists(st.booleans(), min_size=len(pairs), max_size=len(pairs)))
    ties = st.sampled_from(RIVAL_TIES if complete else TIES)
    values = draw(st.lists(ties, min_size=len(pairs), max_size=len(pairs)))
    chosen = zip(pairs, values, present, strict=True)
    return network(n, {pair: value for pair, value, keep in chosen if keep})


def random_network(n: int, density: float, seed: int) -> SignedNetwork:
    rng = np.random.default_rng(seed)
    ties = {(i, j): TIES[int(rng.integers(1, len(TIES)))]
            for i, j in itertools.combinations(range(n), 2) if rng.random() < density}
    return network(n, ties)


def assert_valid(net: SignedNetwork, sol: ExactSolution) -> None:
    assert sol.labels.dtype == np.int64 and sol.labels.shape == (len(net),)
    assert np.array_equal(canonical_labels(sol.labels), sol.labels)
    assert sol.frustration == pytest.approx(frustration(net, sol.labels), abs=1e-9)
    assert 0.0 <= sol.lower_bound <= sol.frustration
    assert sol.gap >= 0.0
    assert sol.status in exact.STATUSES
    assert sol.optimal == (sol.status == "optimal")
    if sol.optimal:
        assert sol.gap == 0.0 and sol.lower_bound == sol.frustration


# -------------------------------------------------------------------- optimal, by brute force


@settings(max_examples=40, deadline=None)
@given(signed_networks())
def test_frustration_is_the_brute_force_minimum(net: SignedNetwork) -> None:
    sol = exact_partition(net)
    assert_valid(net, sol)
    assert sol.optimal
    assert sol.frustration == pytest.approx(brute_force(net), abs=1e-9)


@settings(max_examples=25, deadline=None)
@given(st.one_of(signed_networks(max_n=8), signed_networks(max_n=8, complete=True)))
def test_at_most_k_coalitions_is_the_brute_force_minimum(net: SignedNetwork) -> None:
    free = int(exact_partition(net).labels.max(initial=0)) + 1
    for k in range(1, free + 1):  # every k that binds, and one that does not
        sol = exact_partition(net, k=k)
        assert_valid(net, sol)
        assert sol.optimal
        assert int(sol.labels.max(initial=0)) + 1 <= k
        assert sol.frustration == pytest.approx(brute_force(net, k), abs=1e-9)


@settings(max_examples=20, deadline=None)
@given(st.integers(3, 5), st.data())
def test_every_solution_of_the_reduced_program_decodes_to_no_worse_a_partition(
    n: int, data: st.DataObject
) -> None:
    """The proof in the module docstring, checked on every 0-1 vector x of small programs."""
    w = np.zeros((n, n))
    for i, j in itertools.combinations(range(n), 2):
        w[i, j] = w[j, i] = data.draw(st.sampled_from([-2.0, -1.0, 0.0, 0.0, 1.0, 2.0]))
    iu, ju = np.triu_indices(n, 1)
    pair = exact._pair_index(n, iu, ju)
    apex, end1, end2 = exact._triples(n, w > 0)
    xs = np.array(list(itertools.product([False, True], repeat=iu.size)))
    feasible = ~np.any(xs[:, pair[apex, end1]] & xs[:, pair[apex, end2]]
                       & ~xs[:, pair[end1, end2]], axis=1)
    best = math.inf
    for x in xs[feasible]:
        labels = exact._decode(w, x.astype(np.float64), iu, ju)
        assert exact._cost(w, labels) <= -float(w[iu, ju] @ x) + 1e-12
        best = min(best, -float(w[iu, ju] @ x))
    partitions = set_partitions(n)
    assert best == pytest.approx(min(exact._cost(w, p.astype(np.int64)) for p in partitions))


# ------------------------------------------------------------------------------- examples


def test_two_clear_camps() -> None:
    net = SignedNetwork.from_edges("abcdef", [
        ("a", "b", 2), ("b", "c", 1), ("a", "c", 1), ("d", "e", 1), ("e", "f", 2),
        ("a", "d", -1), ("b", "e", -2), ("c", "f", -1), ("c", "d", 0.5)])
    sol = exact_partition(net)
    assert sol.labels.tolist() == [0, 0, 0, 1, 1, 1]
    assert (sol.frustration, sol.lower_bound, sol.gap, sol.optimal, sol.status) == (
        0.5, 0.5, 0.0, True, "optimal")


@pytest.mark.parametrize(("signs", "labels"), [
    ((1, 1, 1), [0, 0, 0]),
    ((1, -1, -1), [0, 0, 1]),
    ((-1, -1, -1), [0, 1, 2]),
])
def test_balanced_triangles_have_no_frustration(signs: tuple[int, int, int],
                                                labels: list[int]) -> None:
    ab, bc, ac = signs
    net = SignedNetwork.from_edges("abc", [("a", "b", ab), ("b", "c", bc), ("a", "c", ac)])
    sol = exact_partition(net)
    assert sol.labels.tolist() == labels
    assert sol.frustration == 0.0 and sol.optimal


@pytest.mark.parametrize("signs", [(1, 1, -1), (1, -1, 1), (-1, 1, 1)])
def test_an_unbalanced_triangle_frustrates_its_weakest_tie(signs: tuple[int, int, int]) -> None:
    ab, bc, ac = signs
    net = SignedNetwork.from_edges("abc", [("a", "b", 3 * ab), ("b", "c", 2 * bc),
                                           ("a", "c", 1.5 * ac)])
    sol = exact_partition(net)
    assert sol.optimal
    assert sol.frustration == min(3, 2, 1.5)


def test_isolated_actors_are_singletons() -> None:
    net = SignedNetwork.from_edges("abcde", [("b", "d", 1)])
    assert exact_partition(net).labels.tolist() == [0, 1, 2, 1, 3]


def test_components_are_kept_apart_in_order_of_their_first_actor() -> None:
    # {a, c} and {b, d, e} are joined only by negative ties; {f, g} by nothing.
    net = SignedNetwork.from_edges("abcdefg", [
        ("d", "b", 1), ("b", "e", 1), ("d", "e", 1), ("c", "a", 2), ("g", "f", 1),
        ("a", "b", -1), ("c", "e", -3)])
    sol = exact_partition(net)
    assert sol.labels.tolist() == [0, 1, 0, 1, 1, 2, 2]
    assert sol.frustration == 0.0


def test_all_positive_is_one_coalition_per_component() -> None:
    ties = [("a", "b", 1), ("b", "c", 1), ("d", "e", 2), ("e", "f", 0.5), ("d", "f", 1)]
    net = SignedNetwork.from_edges("abcdefg", ties)
    assert exact_partition(net).labels.tolist() == [0, 0, 0, 1, 1, 1, 2]


def test_all_negative_is_all_singletons() -> None:
    ties = [(a, b, -1.0) for a, b in itertools.combinations("abcde", 2)]
    sol = exact_partition(SignedNetwork.from_edges("abcde", ties))
    assert sol.labels.tolist() == [0, 1, 2, 3, 4]
    assert sol.frustration == 0.0 and sol.optimal


def test_pairs_whose_parts_cancel_do_not_bind() -> None:
    net = SignedNetwork.from_edges("ab", [("a", "b", 1), ("a", "b", -1)])
    sol = exact_partition(net)
    assert sol.frustration == 1.0 and sol.optimal


def test_the_empty_network() -> None:
    net = SignedNetwork.from_edges([], [])
    sol = exact_partition(net)
    assert sol.labels.shape == (0,) and sol.labels.dtype == np.int64
    assert (sol.frustration, sol.lower_bound, sol.gap, sol.optimal) == (0.0, 0.0, 0.0, True)
    assert exact_partition(net, k=2).labels.shape == (0,)


def test_same_result_twice() -> None:
    net = random_network(30, 0.3, seed=7)
    first, second = exact_partition(net), exact_partition(net)
    assert first.labels.tolist() == second.labels.tolist()
    assert first.frustration == second.frustration and first.status == second.status


def test_labels_are_read_only_and_the_repr_is_short() -> None:
    sol = exact_partition(SignedNetwork.from_edges("abc", [("a", "b", 1)]))
    with pytest.raises(ValueError, match="read-only"):
        sol.labels[0] = 5
    assert repr(sol) == "<ExactSolution: 3 actors in 2 coalitions, frustration 0, optimal>"


def test_max_nodes_counts_components_of_positive_ties_only() -> None:
    # 150 actors in one chain of negative ties: one tie component, but no positive ties.
    ids = [f"a{i}" for i in range(150)]
    net = SignedNetwork.from_edges(ids, [(a, b, -1) for a, b in itertools.pairwise(ids)])
    sol = exact_partition(net)
    assert sol.labels.tolist() == list(range(150)) and sol.optimal


# ------------------------------------------------------------------------- at most k coalitions


@pytest.mark.parametrize(("k", "least"), [(1, 10), (2, 4), (3, 2), (4, 1), (5, 0)])
def test_k_packs_rivals_as_evenly_as_it_can(k: int, least: float) -> None:
    ties = [(a, b, -1.0) for a, b in itertools.combinations("abcde", 2)]
    sol = exact_partition(SignedNetwork.from_edges("abcde", ties), k=k)
    assert sol.frustration == least and sol.optimal
    assert int(sol.labels.max()) + 1 == min(k, 5)


def test_k_one_is_one_coalition() -> None:
    net = random_network(8, 0.6, seed=3)
    sol = exact_partition(net, k=1)
    assert sol.labels.tolist() == [0] * 8
    assert sol.frustration == frustration(net, np.zeros(8, dtype=np.int64))


def test_a_loose_k_changes_nothing() -> None:
    net = random_network(12, 0.4, seed=5)
    free = exact_partition(net)
    bounded = exact_partition(net, k=12)
    assert bounded.labels.tolist() == free.labels.tolist()


def test_k_deals_the_coalitions_of_separate_groups_into_k() -> None:
    # Two separate two-camp groups and an isolated actor: 5 coalitions freely, 2 under k=2
    # at no extra frustration, as coalitions of different groups share nothing.
    net = SignedNetwork.from_edges("abcdefghi", [
        ("a", "b", 1), ("c", "d", 1), ("a", "c", -1), ("b", "d", -1),
        ("e", "f", 1), ("g", "h", 1), ("e", "g", -1), ("f", "h", -1)])
    free, bounded = exact_partition(net), exact_partition(net, k=2)
    assert int(free.labels.max()) + 1 == 5
    assert bounded.labels.tolist() == [0, 0, 1, 1, 0, 0, 1, 1, 0]
    assert bounded.frustration == free.frustration == 0.0 and bounded.optimal


# ---------------------------------------------------------------------------------- time


def test_a_tiny_time_limit_still_gives_a_valid_partition() -> None:
    net = random_network(40, 0.3, seed=1)
    for limit in (1e-9, 0.05):
        sol = exact_partition(net, time_limit=limit)
        assert_valid(net, sol)
    sol = exact_partition(net, time_limit=1e-9)  # no time to start the solver at all
    assert sol.status in ("optimal", "time limit, heuristic")


@pytest.mark.parametrize("k", [2, 3])
def test_a_tiny_time_limit_with_k_still_respects_k(k: int) -> None:
    net = random_network(30, 0.4, seed=2)
    sol = exact_partition(net, k=k, time_limit=1e-9)
    assert_valid(net, sol)
    assert int(sol.labels.max()) + 1 <= k


# -------------------------------------------------------------------------------- errors


@pytest.mark.parametrize("limit", [0, -1.0, math.nan, math.inf, True, "10"])
def test_time_limit_must_be_a_positive_number(limit: object) -> None:
    net = SignedNetwork.from_edges("ab", [("a", "b", 1)])
    with pytest.raises(InvalidRecordError, match="time_limit .* is not a positive number"):
        exact_partition(net, time_limit=limit)  # type: ignore[arg-type]


@pytest.mark.parametrize("k", [0, -2, True, 1.5])
def test_k_must_be_a_positive_integer(k: object) -> None:
    net = SignedNetwork.from_edges("ab", [("a", "b", 1)])
    with pytest.raises(InvalidRecordError, match="k .* is not a positive integer"):
        exact_partition(net, k=k)  # type: ignore[arg-type]


def test_max_nodes_must_be_a_positive_integer() -> None:
    net = SignedNetwork.from_edges("ab", [("a", "b", 1)])
    with pytest.raises(InvalidRecordError, match="max_nodes 0 is not a positive integer"):
        exact_partition(net, max_nodes=0)


def test_too_large_a_component_points_to_the_spectral_method() -> None:
    net = SignedNetwork.from_edges("abcde", [(a, b, 1) for a, b in itertools.pairwise("abcde")])
    with pytest.raises(InvalidRecordError, match=r"5 actors form one .*method='spectral'"):
        exact_partition(net, max_nodes=4)
    assert exact_partition(net, max_nodes=5).labels.tolist() == [0] * 5


def test_too_large_a_group_under_k_points_to_the_spectral_method() -> None:
    net = SignedNetwork.from_edges("abcd", [("a", "b", 1), ("c", "d", 1), ("b", "c", -1)])
    with pytest.raises(InvalidRecordError, match=r"4 actors form one group .*method='spectral'"):
        exact_partition(net, k=1, max_nodes=3)


def test_weights_must_be_finite() -> None:
    # The network refuses them before any solver sees them.
    bad = sp.csr_array(np.array([[0.0, math.nan], [math.nan, 0.0]]))
    with pytest.raises(InvalidRecordError, match="positive matrix holds weights that are not"):
        SignedNetwork(("a", "b"), bad, sp.csr_array((2, 2)))


def test_only_signed_networks_are_partitioned() -> None:
    with pytest.raises(InvalidRecordError, match="cannot partition a dict"):
        exact_partition({})  # type: ignore[arg-type]
