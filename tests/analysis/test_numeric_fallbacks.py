"""No traceback from a numeric routine (issue 13, item 6).

Every eigensolver call of the coalition engine goes through fallbacks: Lanczos from several
seeded starts, then a dense solver for small operators, then LOBPCG; the singular values of
the camp count through ``svds`` from several starts, then the Gram operator. A fuzz test over
random synthetic debates keeps ``coalitions`` and ``count_camps`` free of foreign exceptions.
"""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp
from scipy.sparse.linalg import ArpackError

import stancegraph as sg
from stancegraph.analysis import camp_count, spectral
from stancegraph.analysis.signed import SignedNetwork
from stancegraph.analysis.spectral import _leading_vector, top_eigenpairs
from stancegraph.errors import InvalidRecordError, StanceGraphError
from stancegraph.synth import synthetic_debate


def symmetric(n: int, seed: int) -> np.ndarray:
    m = np.random.default_rng(seed).standard_normal((n, n))
    return (m + m.T) / 2


def largest(m: np.ndarray, count: int) -> np.ndarray:
    return np.sort(np.linalg.eigvalsh(m))[::-1][:count]


# ------------------------------------------------------------------- the eigensolver helper


def test_a_zero_operator_is_arpack_error_9_and_gets_zero_eigenvalues() -> None:
    # ARPACK refuses it ("Starting vector is zero"): the crash of the 100k-stance debate.
    values, vectors = top_eigenpairs(lambda v: 0 * v, 300, 3, seed=4)
    assert values.tolist() == [0.0, 0.0, 0.0]
    assert vectors.shape == (300, 3)
    assert np.allclose(vectors.T @ vectors, np.eye(3))


def test_lanczos_agrees_with_the_dense_solver() -> None:
    m = symmetric(120, 1)
    values, vectors = top_eigenpairs(lambda v: m @ v, 120, 4, seed=2)
    assert np.allclose(values, largest(m, 4), atol=1e-6)
    assert np.allclose(m @ vectors, vectors * values, atol=1e-4)


def test_a_failing_lanczos_falls_back_to_the_dense_solver(
        monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []

    def broken(*args: object, **kwargs: object) -> None:
        calls.append(1)
        raise ArpackError(-9)

    monkeypatch.setattr(spectral, "eigsh", broken)
    m = symmetric(80, 3)
    values, _ = top_eigenpairs(lambda v: m @ v, 80, 3, seed=0)
    assert len(calls) == spectral.RETRIES  # each seeded start tried once
    assert np.allclose(values, largest(m, 3), atol=1e-9)


def test_beyond_the_dense_limit_lobpcg_takes_over(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise ArpackError(-9)

    monkeypatch.setattr(spectral, "eigsh", broken)
    monkeypatch.setattr(spectral, "_DENSE_FALLBACK_MAX", 10)
    diagonal = np.r_[10.0, 9.0, np.linspace(0.0, 1.0, 198)]
    values, _ = top_eigenpairs(lambda v: (diagonal * v.T).T, 200, 2, seed=0, tol=1e-8)
    assert np.allclose(values, [10.0, 9.0], atol=1e-4)


def test_when_every_solver_fails_nothing_is_returned(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise np.linalg.LinAlgError("no")

    monkeypatch.setattr(spectral, "eigsh", broken)
    monkeypatch.setattr(spectral, "lobpcg", broken)
    monkeypatch.setattr(spectral, "_DENSE_FALLBACK_MAX", 10)
    values, vectors = top_eigenpairs(lambda v: v, 50, 2)
    assert values.shape == (0,) and vectors.shape == (50, 0)


def test_same_input_same_eigenpairs() -> None:
    m = symmetric(150, 9)
    first = top_eigenpairs(lambda v: m @ v, 150, 3, seed=5)
    second = top_eigenpairs(lambda v: m @ v, 150, 3, seed=5)
    assert np.array_equal(first[0], second[0]) and np.array_equal(first[1], second[1])


def test_the_leading_vector_of_a_large_camp_whose_ties_cancel() -> None:
    # 150 actors, a factored network whose stances cancel exactly: net ties all zero.
    n = 150
    a = sp.csr_array(np.ones((n, 1)))
    net = SignedNetwork.factored([f"a{i}" for i in range(n)], a, a)
    assert net.is_factored
    vector = _leading_vector(net)
    assert vector is not None and vector.shape == (n,)


def test_camp_count_survives_a_failing_svds(monkeypatch: pytest.MonkeyPatch) -> None:
    g = synthetic_debate(6000, actors=300, targets=80, camps=3, seed=1, popularity="uniform")
    expected = sg.count_camps(g)

    def broken(*args: object, **kwargs: object) -> None:
        raise ArpackError(-9)

    monkeypatch.setattr(camp_count, "svds", broken)
    fallback = sg.count_camps(g)
    assert fallback.k == expected.k
    assert np.allclose(fallback.singular_values, expected.singular_values, atol=1e-4)


def test_camp_count_survives_a_failing_dense_svd(monkeypatch: pytest.MonkeyPatch) -> None:
    g = synthetic_debate(600, actors=30, targets=12, camps=2, seed=2, popularity="uniform")
    expected = sg.count_camps(g)

    def broken(*args: object, **kwargs: object) -> None:
        raise np.linalg.LinAlgError("SVD did not converge")

    monkeypatch.setattr(np.linalg, "svd", broken)
    fallback = sg.count_camps(g)
    assert fallback.k == expected.k
    assert np.allclose(fallback.singular_values, expected.singular_values, atol=1e-6)


# ------------------------------------------------------------------------------ the crash


def test_the_issue_debate_gives_camps_not_a_traceback(tmp_path: object) -> None:
    """Issue 13 item 6: 100,000 stances, 5,000 actors, 500 targets, 4 camps (ARPACK -9)."""
    g = synthetic_debate(100000, actors=5000, targets=500, camps=4)
    result = sg.coalitions(g)
    assert result.method == "spectral" and len(result.coalitions) >= 2


# ---------------------------------------------------------------------------------- fuzz


def _cases() -> list[tuple[str, dict[str, object]]]:
    rng = np.random.default_rng(13)
    cases: list[tuple[str, dict[str, object]]] = []
    for i in range(24):
        actors = int(rng.choice([2, 3, 5, 12, 40, 150, 450, 700]))
        targets = int(rng.choice([1, 2, 5, 30, 200]))
        stances = int(rng.integers(1, 12) * max(actors, targets) // 2 + 1)
        cases.append((f"random{i}", dict(
            stances=stances, actors=actors, targets=targets, camps=int(rng.integers(1, 6)),
            noise=float(rng.choice([0.0, 0.2, 0.5])), seed=int(rng.integers(0, 1000)),
            popularity=str(rng.choice(["uniform", "zipf"])))))
    cases += [
        ("one target", dict(stances=400, actors=200, targets=1, camps=2, noise=0.2, seed=1,
                            popularity="uniform")),
        ("all agree", dict(stances=3000, actors=500, targets=20, camps=1, noise=0.0, seed=2,
                           popularity="zipf")),
        ("duplicate profiles", dict(stances=4000, actors=450, targets=2, camps=2, noise=0.0,
                                    seed=3, popularity="uniform")),
        ("one stance", dict(stances=1, actors=2, targets=1, camps=1, noise=0.0, seed=4,
                            popularity="uniform")),
        ("sparse many actors", dict(stances=600, actors=800, targets=300, camps=4, noise=0.2,
                                    seed=5, popularity="zipf")),
        ("pure noise", dict(stances=5000, actors=420, targets=50, camps=3, noise=0.5, seed=6,
                            popularity="uniform")),
    ]
    return cases


@pytest.mark.parametrize(("name", "params"), _cases(), ids=[c[0] for c in _cases()])
def test_fuzz_no_foreign_exception(name: str, params: dict[str, object]) -> None:
    g = synthetic_debate(**params)  # type: ignore[arg-type]
    result = sg.coalitions(g)
    tied = sum(len(c.members) for c in result.coalitions)
    count = sg.count_camps(g)
    assert count.k >= 1
    for k in sorted({1, 2, 3, count.k, 7}):
        for method in ("auto", "spectral"):
            try:
                found = sg.coalitions(g, k=k, method=method, time_limit=2.0)
            except StanceGraphError as err:  # only the documented refusal is allowed
                assert isinstance(err, InvalidRecordError) and k > tied, err
                continue
            assert len(found.coalitions) == k


def test_fuzz_all_isolated() -> None:
    g = sg.loads("actors: [" + ", ".join(f"{{id: a{i}, type: State, name: A{i}}}"
                                         for i in range(500)) + "]")
    assert sg.coalitions(g).coalitions == ()
    assert sg.count_camps(g).k == 1
    with pytest.raises(InvalidRecordError, match="2 camps asked for, but only 0 actors have"):
        sg.coalitions(g, k=2)


def test_a_failing_sponge_start_leaves_the_other_starts(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = np.random.default_rng(0)
    truth = np.arange(500) % 2
    ids = [str(i) for i in range(500)]
    edges = [(ids[i], ids[j], 1.0 if truth[i] == truth[j] else -1.0)
             for i, j in rng.integers(0, 500, size=(4000, 2)) if i != j]
    net = SignedNetwork.from_edges(ids, edges)
    expected = spectral.spectral_partition(net, 2)

    def broken(*args: object, **kwargs: object) -> None:
        raise np.linalg.LinAlgError("the leading minor is not positive definite")

    monkeypatch.setattr(spectral, "lobpcg", broken)
    assert spectral.sponge_embedding(net, 1).shape == (500, 0)
    assert np.array_equal(spectral.spectral_partition(net, 2), expected)
