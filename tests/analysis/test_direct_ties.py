"""Stances on actors are direct signed ties, and by default only that (issue 13, item 1).

"A opposes C" and "B opposes C" do not make A and B agree unless ``actor_targets="both"`` asks
for it: balance is for the partitioner to infer, not for the network to pre-bake.
"""

from __future__ import annotations

import importlib.util
import math
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np
import pytest

import stancegraph as sg
from stancegraph.analysis.coalitions import partition
from stancegraph.model import Stance, State

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"


def _load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"_benchmarks_{name}", BENCHMARKS / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look modules up by name
    spec.loader.exec_module(module)
    return module


def tie(net: sg.SignedNetwork, a: str, b: str) -> tuple[float, float]:
    i, j = net.index[a], net.index[b]
    return float(net.positive[i, j]), float(net.negative[i, j])


# a and b both oppose c; d supports c. No positions.
ENEMIES = """
actors: [{id: a, type: State, name: A}, {id: b, type: State, name: B},
         {id: c, type: State, name: C}, {id: d, type: State, name: D}]
stances:
  - {holder: a, relation: opposes, target: c}
  - {holder: b, relation: opposes, target: c}
  - {holder: d, relation: supports, target: c}
"""

# a and b agree on x; c agrees with them on x but opposes a directly; b and c both oppose d.
MIXED = """
actors: [{id: a, type: State, name: A}, {id: b, type: State, name: B},
         {id: c, type: State, name: C}, {id: d, type: State, name: D}]
positions:
  - {id: x, type: PolicyOption, name: X}
  - {id: y, type: PolicyOption, name: Y}
stances:
  - {holder: a, relation: supports, target: x}
  - {holder: b, relation: supports, target: x}
  - {holder: b, relation: opposes, target: y}
  - {holder: c, relation: supports, target: x}
  - {holder: c, relation: opposes, target: a}
  - {holder: b, relation: opposes, target: d}
  - {holder: c, relation: opposes, target: d}
"""


def test_a_shared_enemy_is_not_a_tie_by_default() -> None:
    g = sg.loads(ENEMIES)
    net = sg.signed_network(g)
    assert tie(net, "a", "b") == (0.0, 0.0)  # no "enemy of my enemy" pre-baked
    assert tie(net, "a", "d") == (0.0, 0.0)
    assert tie(net, "a", "c") == (0.0, 1.0) and tie(net, "c", "d") == (1.0, 0.0)
    both = sg.signed_network(g, actor_targets="both")
    assert tie(both, "a", "b") == (1.0, 0.0)  # co-affiliation through c, on request
    assert tie(both, "a", "d") == (0.0, 1.0)
    assert tie(both, "a", "c") == (0.0, 1.0)


def test_an_actor_only_debate_is_its_direct_signed_network() -> None:
    g = sg.loads(ENEMIES)
    direct = sg.SignedNetwork.from_edges(
        ["a", "b", "c", "d"], [("a", "c", -1.0), ("b", "c", -1.0), ("d", "c", 1.0)])
    for form in ("explicit", "factored"):
        net = sg.signed_network(g, form=form)
        assert np.array_equal(net.positive.toarray(), direct.positive.toarray())
        assert np.array_equal(net.negative.toarray(), direct.negative.toarray())


def test_mixed_debates_add_the_projection_of_positions_and_the_direct_ties() -> None:
    g = sg.loads(MIXED)
    net = sg.signed_network(g)
    assert tie(net, "a", "b") == (1.0, 0.0)  # x
    assert tie(net, "a", "c") == (1.0, 1.0)  # x, and c opposes a: ambivalent
    assert tie(net, "b", "c") == (1.0, 0.0)  # x; their shared opposition to d is not a tie
    assert tie(net, "b", "d") == (0.0, 1.0) and tie(net, "c", "d") == (0.0, 1.0)
    both = sg.signed_network(g, actor_targets="both")
    assert tie(both, "b", "c") == (2.0, 0.0)  # x and d
    assert tie(sg.congruence_network(g), "b", "c") == (1.0, 0.0)
    assert tie(sg.congruence_network(g, actor_targets="both"), "b", "c") == (2.0, 0.0)
    assert tie(sg.conflict_network(g), "a", "c") == (0.0, 1.0)


def test_normalisations_use_the_projected_columns_only() -> None:
    g = sg.loads(MIXED)
    # |x_b|² = 2 (x, y), |x_c|² = 1 (x; its stances on a and d are direct), congruence 1.
    cos = tie(sg.signed_network(g, normalization="cosine", direct=0.0), "b", "c")[0]
    assert math.isclose(cos, 1 / math.sqrt(2))
    cos_both = tie(sg.signed_network(g, normalization="cosine", direct=0.0,
                                     actor_targets="both"), "b", "c")[0]
    assert math.isclose(cos_both, 2 / math.sqrt(3 * 3))


def test_the_affiliation_keeps_stances_on_actors_for_explanations() -> None:
    g = sg.loads(MIXED)
    assert {"a", "d"} <= set(sg.affiliation(g).targets)
    result = sg.coalitions(g)
    assert result.coalition_of("b") == result.coalition_of("c") != result.coalition_of("d")


def test_the_store_path_follows_the_same_rule() -> None:
    g = sg.loads(ENEMIES)
    from_aff = sg.signed_network(sg.affiliation(g))
    assert np.array_equal(from_aff.positive.toarray(), sg.signed_network(g).positive.toarray())
    assert tie(from_aff, "a", "b") == (0.0, 0.0)


def test_unknown_actor_targets() -> None:
    g = sg.loads(ENEMIES)
    with pytest.raises(sg.ArgumentError, match="unknown actor_targets 'all'"):
        sg.signed_network(g, actor_targets="all")  # type: ignore[arg-type]
    with pytest.raises(sg.ArgumentError, match="unknown actor_targets 'x'"):
        sg.congruence_network(g, actor_targets="x")  # type: ignore[arg-type]


def _as_stances(net: sg.SignedNetwork) -> sg.StanceGraph:
    """Each tie of ``net`` written once, as a stance of the lower id on the higher."""
    coo = (net.positive - net.negative).tocoo()
    keep = coo.row < coo.col
    g = sg.StanceGraph()
    g.add_all(actors=[State(id=a, name=a) for a in net.ids],
              stances=[Stance(holder=net.ids[i], target=net.ids[j],
                              relation="supports" if w > 0 else "opposes")
                       for i, j, w in zip(coo.row[keep].tolist(), coo.col[keep].tolist(),
                                          coo.data[keep].tolist(), strict=True)])
    return g


@pytest.mark.parametrize(("n", "k", "degree"), [(300, 3, 20), (300, 2, 10)])
def test_ssbm_written_as_stances_partitions_like_its_signed_network(
        n: int, k: int, degree: int) -> None:
    ssbm, metrics = _load("ssbm"), _load("metrics")
    net, planted = ssbm.signed_sbm(n, k, degree, 0.2, seed=0)
    g = _as_stances(net)
    built = sg.signed_network(g)
    assert built.ids == net.ids  # ids are zero-padded, so the same order
    assert np.array_equal(built.positive.toarray(), net.positive.toarray())
    assert np.array_equal(built.negative.toarray(), net.negative.toarray())
    result = sg.coalitions(g, k=k, method="spectral")  # the exact solver would be slow
    camp: dict[str, int] = {m: i for i, c in enumerate(result.coalitions) for m in c.members}
    through_stances: list[Any] = [camp.get(a, -1) for a in net.ids]
    labels, *_ = partition(net, k=k, method="spectral")
    ari_stances = metrics.adjusted_rand_index(through_stances, planted)
    ari_network = metrics.adjusted_rand_index(labels, planted)
    assert abs(ari_stances - ari_network) <= 0.01
    assert ari_stances > 0.5
