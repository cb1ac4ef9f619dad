"""``k`` is honoured (issue 13, item 3): ``k=N`` gives exactly N non-empty camps whenever at
least N actors have ties, with both methods, the exact one at the optimum under that
constraint; otherwise a clear error."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import numpy as np
import pytest

import stancegraph as sg
from stancegraph.analysis import (
    affiliation,
    beyond_expectation,
    coalitions_from_affiliation,
    exact_partition,
    frustration,
    partition,
    signed_network,
    spectral_partition,
)
from stancegraph.analysis.balance import frustration_index
from stancegraph.analysis.signed import SignedNetwork
from stancegraph.analysis.spectral import local_moves
from stancegraph.cli import main
from stancegraph.errors import InvalidRecordError
from stancegraph.synth import synthetic_debate

NATO = str(Path(__file__).parents[2] / "examples" / "nato_2022.yaml")
METHODS = ("exact", "spectral")


def camps(result: sg.CoalitionResult) -> list[set[str]]:
    return [set(c.members) for c in result.coalitions]


def brute_force(net: SignedNetwork, k: int) -> float:
    """Least frustration over every partition of the actors into exactly k camps."""
    n = len(net)
    best = np.inf

    def grow(i: int, lab: list[int], used: int) -> None:
        nonlocal best
        if n - i < k - used:
            return
        if i == n:
            best = min(best, frustration(net, np.array(lab, dtype=np.int64)))
            return
        for c in range(min(used + 1, k)):
            grow(i + 1, [*lab, c], max(used, c + 1))

    grow(0, [], 0)
    return float(best)


def random_network(n: int, density: float, seed: int) -> SignedNetwork:
    rng = np.random.default_rng(seed)
    ids = [f"x{i}" for i in range(n)]
    edges = [(ids[i], ids[j], float(rng.choice([-2.0, -1.0, -0.5, 0.5, 1.0, 2.0])))
             for i, j in itertools.combinations(range(n), 2) if rng.random() < density]
    return SignedNetwork.from_edges(ids, edges)


# A clear two-camp debate of twelve states (written for this test): six back a joint fund and
# new sanctions, six oppose both; everyone's stances are consistent with their camp.
TWELVE = sg.loads(
    "actors: [" + ", ".join(f"{{id: s{i:02d}, type: State, name: S{i}}}" for i in range(12))
    + "]\npositions: [{id: fund, type: PolicyOption, name: Joint fund},"
    " {id: sanctions, type: PolicyOption, name: Sanctions},"
    " {id: talks, type: PolicyOption, name: Talks}]\nstances:\n"
    + "".join(f"  - {{holder: s{i:02d}, relation: {'supports' if i < 6 else 'opposes'}, "
              f"target: {t}}}\n" for i in range(12) for t in ("fund", "sanctions"))
    + "".join(f"  - {{holder: s{i:02d}, relation: supports, target: talks}}\n"
              for i in (0, 3, 7, 9)))


# ------------------------------------------------------------------------------- the seed


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("k", [2, 3, 4, 5])
def test_the_seed_gets_exactly_k_camps(nato: sg.StanceGraph, method: str, k: int) -> None:
    result = sg.coalitions(nato, k=k, method=method)  # type: ignore[arg-type]
    assert len(result.coalitions) == k
    assert all(c.members for c in result.coalitions)
    assert result.unaligned == sg.coalitions(nato).unaligned  # no untied actor fills a camp
    if method == "exact":
        assert result.optimal is True


@pytest.mark.parametrize("k", [2, 3, 4, 5])
def test_spectral_is_never_better_than_the_exact_optimum_under_k(nato: sg.StanceGraph,
                                                                 k: int) -> None:
    # on the network each partitions: the ties as stated, and beyond expectation
    network = sg.signed_network(nato)
    for net in (network, beyond_expectation(network)):
        exact, _, optimal, _ = partition(net, k=k, method="exact")
        spectral = partition(net, k=k, method="spectral")[0]
        assert optimal and frustration(net, spectral) >= frustration(net, exact) - 1e-9


def test_the_seed_at_k_2_and_3_keeps_the_reported_split(nato: sg.StanceGraph) -> None:
    for k in (2, 3):
        camp = sg.coalitions(nato, k=k).coalition_of
        assert camp("france") == camp("germany") != camp("united-kingdom") == camp("poland")


def test_cli_k_4_gives_four_camps(capsys: pytest.CaptureFixture[str]) -> None:
    for method in METHODS:
        assert main(["coalitions", NATO, "--k", "4", "--method", method,
                     "--format", "json"]) == 0
        out = json.loads(capsys.readouterr().out)
        assert len(out["coalitions"]) == 4 and out["method"] == method


# ------------------------------------------------------------------------ small debates


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("k", [1, 2, 3, 4, 6, 12])
def test_twelve_states_get_exactly_k_camps(method: str, k: int) -> None:
    result = sg.coalitions(TWELVE, k=k, method=method)  # type: ignore[arg-type]
    assert len(result.coalitions) == k
    assert sum(len(c) for c in camps(result)) == 12
    if k == 2:
        assert sorted(map(sorted, camps(result))) == [
            [f"s{i:02d}" for i in range(6)], [f"s{i:02d}" for i in range(6, 12)]]
    if k >= 2:  # extra camps only split a side, never mix the two
        for camp in camps(result):
            assert camp <= {f"s{i:02d}" for i in range(6)} or \
                camp <= {f"s{i:02d}" for i in range(6, 12)}


@pytest.mark.parametrize("method", METHODS)
def test_k_beyond_the_actors_with_ties_is_a_clear_error(method: str) -> None:
    g = sg.loads("""
actors: [{id: a, type: State, name: A}, {id: b, type: State, name: B},
         {id: c, type: State, name: C}, {id: d, type: State, name: D},
         {id: e, type: State, name: E}]
positions: [{id: x, type: PolicyOption, name: X}]
stances:
  - {holder: a, relation: supports, target: x}
  - {holder: b, relation: opposes, target: x}
  - {holder: c, relation: supports, target: x}
""")
    assert len(sg.coalitions(g, k=3, method=method).coalitions) == 3  # type: ignore[arg-type]
    with pytest.raises(InvalidRecordError, match="4 camps asked for, but only 3 actors have ties"):
        sg.coalitions(g, k=4, method=method)  # type: ignore[arg-type]
    aff = affiliation(g, level="state")
    with pytest.raises(InvalidRecordError, match="4 camps asked for, but only 3 actors have ties"):
        coalitions_from_affiliation(aff, k=4, method=method)  # type: ignore[arg-type]


def test_k_on_separate_groups_that_agree_inside() -> None:
    # Two groups that never meet: 2 camps freely; 3 means splitting one at the least cost.
    g = sg.loads("""
actors: [{id: a, type: State, name: A}, {id: b, type: State, name: B},
         {id: c, type: State, name: C}, {id: d, type: State, name: D}]
positions: [{id: x, type: PolicyOption, name: X}, {id: y, type: PolicyOption, name: Y}]
stances:
  - {holder: a, relation: supports, target: x}
  - {holder: b, relation: supports, target: x}
  - {holder: c, relation: opposes, target: y}
  - {holder: d, relation: opposes, target: y}
""")
    for method in METHODS:
        for k in (1, 2, 3, 4):
            result = sg.coalitions(g, k=k, method=method)  # type: ignore[arg-type]
            assert len(result.coalitions) == k
        assert sg.coalitions(g, k=1, method=method).frustration == 0.0  # type: ignore[arg-type]


# ----------------------------------------------------------------- the partition functions


@pytest.mark.parametrize("seed", range(12))
def test_exactly_k_is_the_brute_force_optimum(seed: int) -> None:
    net = random_network(int(np.random.default_rng(seed).integers(3, 8)), 0.5, seed)
    for k in range(1, len(net) + 1):
        sol = exact_partition(net, k=k, exactly=True)
        assert int(sol.labels.max()) + 1 == k and sol.optimal
        assert sol.frustration == pytest.approx(brute_force(net, k), abs=1e-9)
    tied = net.degree() > 1e-12  # partition: exactly k camps of these, the others alone
    for k in range(1, int(tied.sum()) + 1):
        best = brute_force(net.subnetwork(np.flatnonzero(tied)), k)
        labels, used, optimal, _ = partition(net, method="exact", k=k)
        assert len(np.unique(labels[tied])) == k and used == "exact" and optimal
        assert not set(labels[tied]) & set(labels[~tied])
        assert frustration(net, labels) == pytest.approx(best, abs=1e-9)
        spectral = spectral_partition(net, k, exactly=True)
        assert len(np.unique(spectral[tied])) == k
        assert frustration(net, spectral) >= best - 1e-9


def test_exactly_needs_enough_actors() -> None:
    net = random_network(4, 0.8, 1)
    with pytest.raises(InvalidRecordError, match="5 coalitions asked for, but the network has"):
        exact_partition(net, k=5, exactly=True)
    with pytest.raises(InvalidRecordError, match="5 camps asked for, but only 4 actors have"):
        spectral_partition(net, 5, exactly=True)
    with pytest.raises(InvalidRecordError, match="5 camps asked for, but only 4 actors have"):
        partition(net, k=5)


@pytest.mark.parametrize("k", [2, 3, 5, 8])
def test_spectral_keeps_k_camps_on_larger_networks(k: int) -> None:
    g = synthetic_debate(3000, actors=500, targets=40, camps=2, seed=k, popularity="uniform")
    net = signed_network(g)
    for method in ("spectral", "auto"):
        labels, _, _, _ = partition(net, method=method, k=k)
        tied = net.degree() > 1e-12
        assert len(np.unique(labels[tied])) == k
        assert not set(labels[tied]) & set(labels[~tied])


def test_local_moves_keep_camps_never_empties_one() -> None:
    # b alone is pulled to a's camp; with keep_camps it must stay, as its camp's last member.
    net = SignedNetwork.from_edges("abc", [("a", "b", 1), ("b", "c", -1), ("a", "c", -1)])
    assert local_moves(net, [0, 1, 2]).tolist() == [0, 0, 1]
    assert local_moves(net, [0, 1, 2], keep_camps=True).tolist() == [0, 1, 2]


def test_the_low_level_defaults_stay_at_most_k() -> None:
    # A consensus: the frustration index (two camps at most) is 0, one camp.
    net = SignedNetwork.from_edges("abcd", [(a, b, 1.0) for a, b in itertools.combinations(
        "abcd", 2)])
    assert spectral_partition(net, 2).tolist() == [0, 0, 0, 0]
    assert exact_partition(net, k=2).labels.tolist() == [0, 0, 0, 0]
    assert frustration_index(net).value == 0.0
    assert int(spectral_partition(net, 2, exactly=True).max()) + 1 == 2


def test_same_input_same_camps_under_k(nato: sg.StanceGraph) -> None:
    for method in METHODS:
        first = sg.coalitions(nato, k=4, method=method)  # type: ignore[arg-type]
        second = sg.coalitions(nato, k=4, method=method)  # type: ignore[arg-type]
        assert first.to_dict() == second.to_dict()


def test_cli_k_beyond_the_actors_with_ties_is_an_error_not_a_traceback(
        capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["coalitions", NATO, "--k", "40"]) == 1
    captured = capsys.readouterr()
    assert "40 camps asked for, but only 17 actors have ties" in captured.err
    assert "Traceback" not in captured.err and captured.out == ""
