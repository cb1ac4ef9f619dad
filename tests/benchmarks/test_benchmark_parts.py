"""The parts of the coalition benchmark (benchmarks/): the SSBM, the metrics, the baselines.

benchmarks/ is not a package of stancegraph: its modules are loaded from their files.
"""

from __future__ import annotations

import doctest
import itertools
import math
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np
import pytest
import scipy.linalg as la
import scipy.sparse as sp

from stancegraph.analysis.signed import SignedNetwork, canonical_labels, frustration
from tests.benchmarks.loading import load_benchmark

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"


def _load(name: str) -> ModuleType:
    return load_benchmark(name)


@pytest.fixture(scope="session")
def ssbm() -> ModuleType:
    return _load("ssbm")


@pytest.fixture(scope="session")
def metrics() -> ModuleType:
    return _load("metrics")


@pytest.fixture(scope="session")
def baselines() -> ModuleType:
    return _load("baselines")


@pytest.fixture(scope="session")
def coalitions() -> ModuleType:
    path = list(sys.path)
    try:
        return _load("coalitions")  # it puts benchmarks/ on sys.path for its siblings
    finally:
        sys.path[:] = path


# --- the signed stochastic block model ----------------------------------------------------


def _edges(net: SignedNetwork) -> int:
    return int(net.positive.nnz + net.negative.nnz) // 2


def test_ssbm_shapes_and_symmetry(ssbm: ModuleType) -> None:
    net, planted = ssbm.signed_sbm(500, 4, avg_degree=12, noise=0.2, seed=3)
    assert len(net) == 500 and planted.shape == (500,) and planted.dtype == np.int64
    assert list(net.ids) == sorted(net.ids)
    assert np.bincount(planted).tolist() == [125, 125, 125, 125]
    for matrix in (net.positive, net.negative):
        assert matrix.shape == (500, 500)
        assert abs(matrix - matrix.T).sum() == 0
        assert matrix.diagonal().sum() == 0
        assert set(np.unique(matrix.data).tolist()) == {1.0}
    assert net.positive.multiply(net.negative).nnz == 0  # a pair is one edge, of one sign


def test_ssbm_edge_count_matches_the_binomial(ssbm: ModuleType) -> None:
    n, degree = 2000, 20
    net, _ = ssbm.signed_sbm(n, 2, avg_degree=degree, noise=0.1, seed=0)
    pairs = n * (n - 1) / 2
    p = degree / (n - 1)
    mean, sd = pairs * p, math.sqrt(pairs * p * (1 - p))
    assert abs(_edges(net) - mean) < 5 * sd
    assert abs(net.degree().mean() - degree) < 10 * sd / n


@pytest.mark.parametrize("noise", [0.0, 0.1, 0.35, 0.5, 1.0])
def test_ssbm_flips_signs_at_the_noise_rate(ssbm: ModuleType, noise: float) -> None:
    net, planted = ssbm.signed_sbm(3000, 3, avg_degree=20, noise=noise, seed=1)
    m = _edges(net)
    flipped = frustration(net, planted) / m  # a flipped edge is exactly a frustrated one
    sd = math.sqrt(noise * (1 - noise) / m)
    assert abs(flipped - noise) <= 5 * sd + 1e-12
    # Without noise: positive inside clusters, negative between (1 - 1/k of pairs are between).
    if noise == 0.0:
        assert net.negative.nnz / (2 * m) == pytest.approx(2 / 3, abs=0.02)


def test_ssbm_is_deterministic_for_a_seed(ssbm: ModuleType) -> None:
    a, pa = ssbm.signed_sbm(800, 5, avg_degree=15, noise=0.2, seed=7)
    b, pb = ssbm.signed_sbm(800, 5, avg_degree=15, noise=0.2, seed=7)
    c, pc = ssbm.signed_sbm(800, 5, avg_degree=15, noise=0.2, seed=8)
    assert np.array_equal(pa, pb) and a.ids == b.ids
    assert (a.positive != b.positive).nnz == 0 and (a.negative != b.negative).nnz == 0
    assert not np.array_equal(pa, pc) or (a.positive != c.positive).nnz > 0


def test_ssbm_random_sizes_and_bad_arguments(ssbm: ModuleType) -> None:
    _, planted = ssbm.signed_sbm(1000, 4, avg_degree=5, noise=0.0, seed=0, sizes="random")
    assert set(planted.tolist()) == {0, 1, 2, 3} and np.bincount(planted).min() > 180
    with pytest.raises(ValueError, match="unknown sizes"):
        ssbm.signed_sbm(10, 2, 3, 0.0, sizes="skewed")
    with pytest.raises(ValueError, match="noise must be in"):
        ssbm.signed_sbm(10, 2, 3, 1.5)
    with pytest.raises(ValueError, match="avg_degree must be in"):
        ssbm.signed_sbm(10, 2, 30, 0.1)
    with pytest.raises(ValueError, match="1 <= k <= n"):
        ssbm.signed_sbm(10, 11, 3, 0.1)


def test_ssbm_is_fast_at_the_benchmark_size(ssbm: ModuleType) -> None:
    import time

    start = time.perf_counter()
    net, _ = ssbm.signed_sbm(10_000, 5, avg_degree=50, noise=0.1, seed=0)
    assert time.perf_counter() - start < 3.0  # about 0.1 s; no dense n x n anywhere
    assert abs(_edges(net) - 250_000) < 3_000


# --- metrics ------------------------------------------------------------------------------


def _pair_counting_ari(a: list[int], b: list[int]) -> float:
    """ARI from the four pair counts (Hubert & Arabie 1985 in Steinley's 2004 form)."""
    same_same = same_diff = diff_same = diff_diff = 0
    for i, j in itertools.combinations(range(len(a)), 2):
        x, y = a[i] == a[j], b[i] == b[j]
        same_same += x and y
        same_diff += x and not y
        diff_same += y and not x
        diff_diff += not x and not y
    num = 2 * (same_same * diff_diff - same_diff * diff_same)
    den = ((same_same + same_diff) * (same_diff + diff_diff)
           + (same_same + diff_same) * (diff_same + diff_diff))
    return 1.0 if den == 0 else num / den


def test_ari_is_one_for_the_same_partition_relabelled(metrics: ModuleType) -> None:
    rng = np.random.default_rng(0)
    a = rng.integers(0, 6, size=300)
    relabel = rng.permutation(6) + 10
    assert metrics.adjusted_rand_index(a, relabel[a]) == pytest.approx(1.0)
    assert metrics.adjusted_rand_index(a, [f"c{x}" for x in a]) == pytest.approx(1.0)
    assert metrics.adjusted_rand_index([0, 0, 0], [1, 1, 1]) == 1.0


def test_ari_is_near_zero_for_independent_partitions(metrics: ModuleType) -> None:
    rng = np.random.default_rng(1)
    values = [metrics.adjusted_rand_index(rng.integers(0, 5, 5000), rng.integers(0, 5, 5000))
              for _ in range(5)]
    assert max(abs(v) for v in values) < 0.005


def test_ari_hand_computed(metrics: ModuleType) -> None:
    # Table [[2, 1, 0], [0, 1, 2]]: index = 2, rows 3 + 3 = 6, cols 1 + 1 + 1 = 3, C(6, 2) = 15;
    # expected = 6 * 3 / 15 = 1.2, max = 4.5: ARI = 0.8 / 3.3 = 8 / 33.
    assert metrics.adjusted_rand_index([0, 0, 0, 1, 1, 1], [0, 0, 1, 1, 2, 2]) == pytest.approx(
        8 / 33)
    # Table [[2, 1], [0, 3]]: index 1 + 3 = 4, rows 3 + 3 = 6, cols 1 + 6 = 7, C(6, 2) = 15;
    # expected 42 / 15 = 2.8, max 6.5: ARI = 1.2 / 3.7 = 12 / 37.
    assert metrics.adjusted_rand_index([0, 0, 0, 1, 1, 1], [0, 0, 1, 1, 1, 1]) == pytest.approx(
        12 / 37)
    # Table [[2, 0], [1, 1]]: index 1, rows 1 + 1, cols 3 + 0, C(4, 2) = 6; expected 2 * 3 / 6
    # = 1 = index: exactly chance, ARI 0.
    assert metrics.adjusted_rand_index([0, 0, 1, 1], [0, 0, 0, 1]) == 0.0


@pytest.mark.parametrize("seed", range(8))
def test_ari_agrees_with_the_pair_counting_formula(metrics: ModuleType, seed: int) -> None:
    rng = np.random.default_rng(seed)
    n = int(rng.integers(2, 25))
    a = rng.integers(0, int(rng.integers(1, 5)), n).tolist()
    b = rng.integers(0, int(rng.integers(1, 5)), n).tolist()
    assert metrics.adjusted_rand_index(a, b) == pytest.approx(_pair_counting_ari(a, b), abs=1e-12)
    assert metrics.adjusted_rand_index(a, b) == pytest.approx(metrics.adjusted_rand_index(b, a))


def test_ari_needs_matching_label_vectors(metrics: ModuleType) -> None:
    with pytest.raises(ValueError, match="two label vectors of one length"):
        metrics.adjusted_rand_index([0, 1], [0, 1, 1])


def test_relative_frustration(metrics: ModuleType, ssbm: ModuleType) -> None:
    net, planted = ssbm.signed_sbm(400, 2, avg_degree=10, noise=0.0, seed=0)
    assert metrics.relative_frustration(net, planted, planted) == 1.0
    assert metrics.relative_frustration(net, np.zeros(400), planted) == math.inf
    noisy, truth = ssbm.signed_sbm(400, 2, avg_degree=10, noise=0.2, seed=0)
    everyone = np.zeros(400, dtype=np.int64)
    expected = frustration(noisy, everyone) / frustration(noisy, truth)
    assert metrics.relative_frustration(noisy, everyone, truth) == pytest.approx(expected)


# --- baselines ----------------------------------------------------------------------------

METHODS = ["sponge", "signed_laplacian"]


def _method(baselines: ModuleType, name: str, **options: Any) -> Any:
    function = getattr(baselines, name)
    return lambda net, k: function(net, k, **options)


@pytest.fixture(scope="session")
def noiseless(ssbm: ModuleType) -> tuple[SignedNetwork, np.ndarray]:
    result: tuple[SignedNetwork, np.ndarray] = ssbm.signed_sbm(300, 3, avg_degree=30, noise=0.0,
                                                               seed=0)
    return result


@pytest.mark.parametrize("name, options", [
    ("sponge", {}),
    ("signed_laplacian", {}),
    ("signed_laplacian", {"normalisation": "sym"}),
    ("signed_laplacian", {"n_vectors": 2}),
])
def test_baselines_recover_a_noiseless_dense_ssbm(
    baselines: ModuleType, metrics: ModuleType, noiseless: tuple[SignedNetwork, np.ndarray],
    name: str, options: dict[str, Any]
) -> None:
    net, planted = noiseless
    labels = _method(baselines, name, **options)(net, 3)
    assert metrics.adjusted_rand_index(planted, labels) > 0.95


@pytest.mark.parametrize("name", METHODS)
def test_baselines_return_a_deterministic_canonical_partition(
    baselines: ModuleType, ssbm: ModuleType, name: str
) -> None:
    net, _ = ssbm.signed_sbm(400, 4, avg_degree=8, noise=0.25, seed=2)
    first = getattr(baselines, name)(net, 4, seed=5)
    again = getattr(baselines, name)(net, 4, seed=5)
    assert isinstance(first, np.ndarray) and first.dtype == np.int64 and first.shape == (400,)
    assert np.array_equal(first, again)
    assert np.array_equal(first, canonical_labels(first))
    assert set(first.tolist()) <= set(range(4))


@pytest.mark.parametrize("name", METHODS)
def test_baselines_handle_isolated_actors(baselines: ModuleType, name: str) -> None:
    ids = [f"a{i}" for i in range(8)]
    edges = [("a0", "a1", 1), ("a1", "a2", 1), ("a0", "a2", 1), ("a3", "a4", 1), ("a4", "a5", 1),
             ("a3", "a5", 1), ("a0", "a3", -1), ("a1", "a4", -1), ("a2", "a5", -1)]
    net = SignedNetwork.from_edges(ids, edges)  # a6 and a7 have no tie
    labels = getattr(baselines, name)(net, 2)
    assert labels.shape == (8,)
    assert len(set(labels[:3].tolist())) == 1 and len(set(labels[3:6].tolist())) == 1
    assert labels[0] != labels[3]


def test_baselines_with_one_cluster_or_too_few_actors(baselines: ModuleType) -> None:
    net = SignedNetwork.from_edges("abc", [("a", "b", 1), ("b", "c", -1)])
    assert baselines.sponge(net, 1).tolist() == [0, 0, 0]
    assert baselines.signed_laplacian(net, 3).tolist() == [0, 1, 2]


def test_signed_laplacian_rejects_unknown_normalisation(
    baselines: ModuleType, noiseless: tuple[SignedNetwork, np.ndarray]
) -> None:
    with pytest.raises(ValueError, match="unknown normalisation 'cheeger'"):
        baselines.signed_laplacian(noiseless[0], 3, normalisation="cheeger")


def test_eigensolver_matches_a_dense_solve(baselines: ModuleType, ssbm: ModuleType) -> None:
    net, _ = ssbm.signed_sbm(400, 3, avg_degree=12, noise=0.1, seed=4)
    pos, neg = net.positive, net.negative
    dp = np.asarray(pos.sum(axis=1)).ravel()
    dn = np.asarray(neg.sum(axis=1)).ravel()
    a = (sp.diags_array(dp + dn) - pos).tocsr()
    b = (sp.diags_array(dn + dp) - neg).tocsr()
    found = baselines.smallest_eigenvectors(a, b, 2, seed=0)
    expected = la.eigh(a.toarray(), b.toarray(), eigvals_only=True, subset_by_index=[0, 1])
    assert found.values == pytest.approx(expected, rel=1e-5)
    assert found.residual < 1e-5


def test_kmeans_is_seeded_and_finds_obvious_groups(baselines: ModuleType) -> None:
    rng = np.random.default_rng(0)
    centres = np.array([[0.0, 0.0], [10.0, 0.0], [0.0, 10.0]])
    truth = np.repeat(np.arange(3), 50)
    points = centres[truth] + rng.normal(scale=0.5, size=(150, 2))
    labels = baselines.kmeans(points, 3, seed=1)
    assert np.array_equal(labels, baselines.kmeans(points, 3, seed=1))
    assert np.array_equal(labels, canonical_labels(truth))


# --- the runner and the doctests ----------------------------------------------------------


def test_a_cell_runs_and_renders(coalitions: ModuleType, baselines: ModuleType,
                                 tmp_path: Path) -> None:
    table = {"sponge": lambda net, k: baselines.sponge(net, k),
             "signed-laplacian": lambda net, k: baselines.signed_laplacian(net, k)}
    cell = coalitions.run_cell(300, 2, 20, 0.1, table, repeat=2)
    assert set(cell.outcomes) == {"sponge", "signed-laplacian"}
    assert all(o.ari > 0.9 and o.seconds > 0 for o in cell.outcomes.values())
    assert coalitions.check(cell) is None  # no stancegraph column, no check
    text = coalitions.render([cell], ["a note"], 1.0, {"CPU": "test"}, quick=True, repeat=2)
    assert "| 300 | 2 | 20 | 0.1 |" in text and "a note" in text and "No checks" in text
    out = tmp_path / "deep" / "report.md"
    coalitions.write_atomically(out, text)
    assert out.read_text() == text and list(out.parent.iterdir()) == [out]


@pytest.mark.parametrize("name", ["ssbm", "metrics"])
def test_benchmark_doctests(name: str, ssbm: ModuleType, metrics: ModuleType) -> None:
    module = {"ssbm": ssbm, "metrics": metrics}[name]
    failures, tried = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert tried > 0 and failures == 0
