"""A factored network (kept as its actor × target matrices) behaves as its explicit twin."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import stancegraph as sg
from stancegraph.analysis import frustration, partition, spectral_partition, statements
from stancegraph.analysis.spectral import local_moves


def debate(seed: int, actors: int = 40, targets: int = 12, stances: int = 300) -> sg.StanceGraph:
    rng = np.random.default_rng(seed)
    camp = rng.integers(0, 3, size=actors)
    leaning = rng.choice([-1, 1], size=(3, targets))
    rows = []
    for i in range(stances):
        a, t = int(rng.integers(actors)), int(rng.integers(targets))
        sign = leaning[camp[a], t] * (1 if rng.random() < 0.85 else -1)
        relation = "supports" if sign > 0 else ("skeptical-of" if rng.random() < 0.3
                                                else "opposes")
        rows.append(f"  - {{holder: a{a}, relation: {relation}, target: t{t}, "
                    f"source: 'https://example.org/{i % 50}'}}")
    for _ in range(5):  # some direct ties between actors
        a, b = rng.integers(actors, size=2)
        if a != b:
            rows.append(f"  - {{holder: a{a}, relation: opposes, target: a{b}}}")
    text = ("actors: [" + ", ".join(f"{{id: a{i}, type: State, name: A{i}}}"
                                    for i in range(actors)) + "]\n"
            "positions: [" + ", ".join(f"{{id: t{i}, type: PolicyOption, name: T{i}}}"
                                       for i in range(targets)) + "]\n"
            "stances:\n" + "\n".join(rows) + "\n")
    return sg.loads(text)


@pytest.fixture(scope="module", params=["none", "cosine", "popularity"])
def pair(request: pytest.FixtureRequest) -> tuple[sg.SignedNetwork, sg.SignedNetwork]:
    rows = statements(debate(1))
    explicit = sg.signed_network(rows, normalization=request.param, form="explicit")
    factored = sg.signed_network(rows, normalization=request.param, form="factored")
    assert factored.is_factored and not explicit.is_factored
    return explicit, factored


def test_same_ties(pair: tuple[sg.SignedNetwork, sg.SignedNetwork]) -> None:
    explicit, factored = pair
    assert np.allclose(explicit.positive.toarray(), factored.positive.toarray())
    assert np.allclose(explicit.negative.toarray(), factored.negative.toarray())


def test_same_products_and_sums(pair: tuple[sg.SignedNetwork, sg.SignedNetwork]) -> None:
    explicit, factored = pair
    v = np.random.default_rng(0).standard_normal((len(explicit), 3))
    assert np.allclose(explicit.net_product(v), factored.net_product(v))
    assert np.allclose(explicit.tie_product(v), factored.tie_product(v))
    assert np.allclose(explicit.degree(), factored.degree())
    assert np.allclose(explicit.positive_sums(), factored.positive_sums())
    members = [0, 3, 5, 8, 13]
    assert np.allclose(explicit.within(members), factored.within(members))
    assert np.array_equal(explicit.parts(), factored.parts())


@settings(max_examples=30, deadline=None)
@given(st.lists(st.integers(0, 3), min_size=40, max_size=40))
def test_same_frustration(labels: list[int]) -> None:
    rows = statements(debate(1))
    explicit = sg.signed_network(rows, form="explicit")
    factored = sg.signed_network(rows, form="factored")
    assert frustration(factored, labels) == pytest.approx(frustration(explicit, labels))


@pytest.mark.parametrize("k_fixed", [True, False])
def test_same_local_moves(pair: tuple[sg.SignedNetwork, sg.SignedNetwork], k_fixed: bool) -> None:
    explicit, factored = pair
    start = np.arange(len(explicit)) % 3
    a = local_moves(explicit, start, k_fixed=k_fixed)
    b = local_moves(factored, start, k_fixed=k_fixed)
    assert frustration(explicit, a) == pytest.approx(frustration(explicit, b))
    assert frustration(explicit, b) <= frustration(explicit, start) + 1e-9


def test_spectral_on_both_forms(pair: tuple[sg.SignedNetwork, sg.SignedNetwork]) -> None:
    explicit, factored = pair
    a, b = spectral_partition(explicit, 3), spectral_partition(factored, 3)
    assert frustration(explicit, b) == pytest.approx(frustration(explicit, a), rel=0.05)


def test_coalitions_on_a_factored_network(monkeypatch: pytest.MonkeyPatch) -> None:
    # Three camps planted; told so, both forms partition the ties as stated alike. (The
    # explicit form may take the camps of the agreement beyond expectation instead, which a
    # factored network does not list -- see coalitions.camps_of; left free, each form counts
    # by its own rule: see camp_count.)
    g = debate(2)
    explicit = sg.coalitions(g, method="spectral", k=3)
    stated = partition(explicit.network, method="spectral", k=3)[0]
    monkeypatch.setattr("stancegraph.analysis.networks.FACTOR_ABOVE", 0)
    factored = sg.coalitions(g, method="spectral", k=3)
    assert factored.network.is_factored and factored.balance_ratio is None
    assert factored.frustration == pytest.approx(frustration(explicit.network, stated), rel=0.05)
    def covered(r: sg.CoalitionResult) -> int:
        return sum(len(c.members) for c in r.coalitions) + len(r.unaligned)

    assert covered(factored) == covered(explicit) == 40


def test_normalisations_that_cannot_be_factored() -> None:
    with pytest.raises(sg.InvalidRecordError, match="cannot be normalised by 'jaccard'"):
        sg.signed_network(debate(1), normalization="jaccard", form="factored")
    with pytest.raises(sg.ArgumentError, match="unknown form 'dense'"):
        sg.signed_network(debate(1), form="dense")  # type: ignore[arg-type]
