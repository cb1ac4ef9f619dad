from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import stancegraph as sg
from stancegraph.analysis import canonical_labels, frustration, spectral_partition
from stancegraph.analysis.spectral import estimate_k, local_moves, spectral_embedding


def planted(n: int, k: int, degree: float, noise: float, seed: int
            ) -> tuple[sg.SignedNetwork, np.ndarray]:
    """A small signed stochastic block model (the benchmark has the full generator)."""
    rng = np.random.default_rng(seed)
    truth = np.arange(n) % k
    edges = []
    p = degree / (n - 1)
    for i in range(n):
        for j in range(i + 1, n):
            if rng.random() < p:
                sign = 1 if truth[i] == truth[j] else -1
                edges.append((str(i), str(j), -sign if rng.random() < noise else sign))
    return sg.SignedNetwork.from_edges([str(i) for i in range(n)], edges), truth


def same_partition(a: np.ndarray, b: np.ndarray) -> bool:
    return bool(np.array_equal(canonical_labels(a), canonical_labels(b)))


@pytest.mark.parametrize("k", [2, 3, 5])
def test_recovers_planted_camps_with_and_without_k(k: int) -> None:
    net, truth = planted(300, k, 30, 0.05, seed=k)
    assert same_partition(spectral_partition(net, k), truth)
    found = spectral_partition(net)
    # Without k, an actor whose noisy ties oppose every camp may stand alone: that lowers
    # frustration below the planted partition's. The k camps themselves are the planted ones.
    assert frustration(net, found) <= frustration(net, truth)
    sizes = np.bincount(found)
    camps = np.argsort(-sizes)[:k]
    inside = np.isin(found, camps)
    assert inside.mean() >= 0.98
    assert same_partition(found[inside], truth[inside])


def test_estimates_the_number_of_camps() -> None:
    net, _ = planted(400, 4, 40, 0.0, seed=1)
    _, values = spectral_embedding(net, 10)
    assert estimate_k(values, net) == 4


def test_deterministic_for_a_seed() -> None:
    net, _ = planted(300, 3, 8, 0.25, seed=7)
    assert np.array_equal(spectral_partition(net, 3, seed=1), spectral_partition(net, 3, seed=1))


def test_isolated_actors_are_singletons() -> None:
    net = sg.SignedNetwork.from_edges("abcd", [("a", "b", 1.0)])
    labels = spectral_partition(net)
    assert labels[0] == labels[1] and len({labels[2], labels[3], labels[0]}) == 3


def test_bad_k() -> None:
    with pytest.raises(sg.InvalidRecordError, match="k must be at least 1"):
        spectral_partition(sg.SignedNetwork.from_edges("ab", []), 0)


weights = st.sampled_from([-2.0, -1.0, -0.5, 0.5, 1.0, 2.0])


@settings(max_examples=60, deadline=None)
@given(st.integers(2, 25).flatmap(lambda n: st.tuples(
    st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1), weights), max_size=4 * n),
    st.lists(st.integers(0, 3), min_size=n, max_size=n), st.booleans())))
def test_local_moves_never_increase_frustration(case: tuple) -> None:
    edges, labels, k_fixed = case
    n = len(labels)
    ids = [str(i) for i in range(n)]
    net = sg.SignedNetwork.from_edges(ids, [(ids[i], ids[j], w) for i, j, w in edges])
    moved = local_moves(net, labels, k_fixed=k_fixed)
    assert frustration(net, moved) <= frustration(net, labels) + 1e-9
    if k_fixed:
        assert len(set(moved.tolist())) <= len(set(labels))


@pytest.mark.parametrize("dims", [2, 4, 5, 7])  # scipy's vq switches to BLAS at 5 features
@pytest.mark.parametrize("k", [2, 5, 9])
def test_kmeans_stopped_at_a_fixed_point_returns_what_scipy_returns(dims: int, k: int) -> None:
    import warnings

    from scipy.cluster.vq import kmeans2

    from stancegraph.analysis.spectral import _kmeans2

    rng = np.random.default_rng(dims * 10 + k)
    centres = rng.standard_normal((4, dims))
    points = centres[rng.integers(0, 4, 300)] + 0.6 * rng.standard_normal((300, dims))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # k = 9 leaves clusters empty
        for seed in range(3):
            for iterations in (1, 2, 30):
                want = kmeans2(points, k, minit="++", seed=np.random.default_rng(seed),
                               iter=iterations)
                got = _kmeans2(points, k, np.random.default_rng(seed), iterations=iterations)
                assert np.array_equal(want[0], got[0]) and np.array_equal(want[1], got[1])


def test_factored_camp_profiles_are_the_sparse_product_to_the_last_bit() -> None:
    import scipy.sparse as sp

    from stancegraph.analysis.spectral import _FactoredPulls

    rng = np.random.default_rng(3)
    n, targets = 400, 60
    plus = sp.random_array((n, targets), density=0.1, rng=rng, format="csr")
    minus = sp.random_array((n, targets), density=0.1, rng=rng, format="csr")
    net = sg.SignedNetwork.factored([f"a{i}" for i in range(n)], plus * 0.37, minus * 1.9)
    pulls = _FactoredPulls(net)
    for k in (1, 3, 7):
        lab = rng.integers(0, k, n)
        pulls.start(lab, k)
        onehot = sp.csr_array((np.ones(n), (np.arange(n), lab)), shape=(n, k))
        want = np.asarray((pulls.a.T @ onehot).toarray())
        assert pulls.q.shape == want.shape
        assert np.array_equal(pulls.q.view(np.int64), want.view(np.int64))
