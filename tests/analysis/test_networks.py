from __future__ import annotations

import math

import numpy as np
import pytest
import scipy.sparse as sp

import stancegraph as sg

# a and b agree on x and y, disagree on z; c opposes a directly; d is silent.
G = """
actors:
  - {id: a, type: State, name: A}
  - {id: b, type: State, name: B}
  - {id: c, type: State, name: C}
  - {id: d, type: State, name: D}
positions:
  - {id: x, type: PolicyOption, name: X}
  - {id: y, type: PolicyOption, name: Y}
  - {id: z, type: PolicyOption, name: Z}
stances:
  - {holder: a, relation: supports, target: x}
  - {holder: b, relation: supports, target: x}
  - {holder: a, relation: opposes, target: y}
  - {holder: b, relation: opposes, target: y}
  - {holder: a, relation: supports, target: z}
  - {holder: b, relation: opposes, target: z}
  - {holder: c, relation: opposes, target: a}
  - {holder: c, relation: supports, target: x}
"""


@pytest.fixture(scope="module")
def g() -> sg.StanceGraph:
    return sg.loads(G)


def tie(net: sg.SignedNetwork, a: str, b: str) -> tuple[float, float]:
    i, j = net.index[a], net.index[b]
    return float(net.positive[i, j]), float(net.negative[i, j])


def test_affiliation(g: sg.StanceGraph) -> None:
    aff = sg.affiliation(g)
    assert aff.actors == ("a", "b", "c", "d") and aff.targets == ("a", "x", "y", "z")
    assert aff.net.toarray().tolist() == [[0, 1, -1, 1], [0, 1, -1, -1], [-1, 1, 0, 0],
                                          [0, 0, 0, 0]]
    bipartite = aff.to_networkx()
    assert bipartite.edges["c", "x"]["weight"] == 1.0


def test_congruence_conflict_and_ambivalence(g: sg.StanceGraph) -> None:
    net = sg.signed_network(g)
    assert tie(net, "a", "b") == (2.0, 1.0)  # x, y agree; z disagrees: ambivalent
    assert tie(net, "a", "c") == (1.0, 1.0)  # agree on x; c opposes a directly
    assert tie(net, "b", "c") == (1.0, 0.0)
    assert net.isolated() == ["d"]
    edge = net.to_networkx().edges["a", "b"]
    assert edge == {"positive": 2.0, "negative": 1.0, "weight": 1.0, "sign": 1,
                    "ambivalent": True}
    only_pos, only_neg = sg.congruence_network(g), sg.conflict_network(g)
    assert tie(only_pos, "a", "b") == (2.0, 0.0) and tie(only_neg, "a", "b") == (0.0, 1.0)
    assert tie(only_neg, "a", "c") == (0.0, 1.0)


def test_direct_ties_can_be_left_out(g: sg.StanceGraph) -> None:
    assert tie(sg.signed_network(g, direct=0.0), "a", "c") == (1.0, 0.0)


def test_matrices_are_symmetric_with_empty_diagonal(g: sg.StanceGraph) -> None:
    net = sg.signed_network(g)
    for m in (net.positive, net.negative):
        assert (m != m.T).nnz == 0 and not m.diagonal().any()


@pytest.mark.parametrize(("normalization", "expected"), [
    # |x_a|² = |x_b|² = 3, congruence 2, conflict 1
    ("average", (2 / 3, 1 / 3)),
    ("jaccard", (2 / (3 + 3 - 2), 1 / (3 + 3 - 1))),
    ("cosine", (2 / 3, 1 / 3)),
])
def test_normalisations(g: sg.StanceGraph, normalization: str,
                        expected: tuple[float, float]) -> None:
    net = sg.signed_network(g, normalization=normalization, direct=0.0)  # type: ignore[arg-type]
    got = tie(net, "a", "b")
    assert math.isclose(got[0], expected[0]) and math.isclose(got[1], expected[1])


def test_cosine_differs_from_average_for_unequal_activity(g: sg.StanceGraph) -> None:
    # |x_b|² = 3, |x_c|² = 2 (x and, as a projected target, a), congruence 1 on x. With
    # actor_targets="direct" (the default) a is not projected: see test_direct_ties.py.
    cos = tie(sg.signed_network(g, normalization="cosine", direct=0.0, actor_targets="both"),
              "b", "c")[0]
    avg = tie(sg.signed_network(g, normalization="average", direct=0.0, actor_targets="both"),
              "b", "c")[0]
    assert math.isclose(cos, 1 / math.sqrt(3 * 2)) and math.isclose(avg, 1 / 2.5)


def test_popularity_weighs_each_target_by_the_inverse_of_its_stance_weight(
        g: sg.StanceGraph) -> None:
    # x is held by a, b and c (weight 3), y and z by a and b (2 each); direct ties unscaled.
    net = sg.signed_network(g, normalization="popularity")
    assert np.allclose(tie(net, "a", "b"), (1 / 3 + 1 / 2, 1 / 2))
    assert np.allclose(tie(net, "a", "c"), (1 / 3, 1.0))
    assert np.allclose(tie(net, "b", "c"), (1 / 3, 0.0))
    factored = sg.signed_network(g, normalization="popularity", form="factored")
    assert np.allclose(factored.positive.toarray(), net.positive.toarray())
    assert np.allclose(factored.negative.toarray(), net.negative.toarray())
    only_pos = sg.congruence_network(g, normalization="popularity")
    assert np.allclose(tie(only_pos, "a", "b"), (1 / 3 + 1 / 2, 0.0))


def test_unknown_normalisation(g: sg.StanceGraph) -> None:
    with pytest.raises(sg.ArgumentError, match="unknown normalization 'max'"):
        sg.signed_network(g, normalization="max")  # type: ignore[arg-type]


def test_actor_to_actor_debate_works_as_a_signed_social_network() -> None:
    # No positions at all: who allies with or opposes whom.
    g = sg.loads("""
actors: [{id: a, type: State, name: A}, {id: b, type: State, name: B},
         {id: c, type: State, name: C}, {id: d, type: State, name: D}]
stances:
  - {holder: a, relation: supports, target: b}
  - {holder: c, relation: supports, target: d}
  - {holder: a, relation: opposes, target: c}
  - {holder: d, relation: opposes, target: b}
""")
    net = sg.signed_network(g)
    assert tie(net, "a", "b") == (1.0, 0.0) and tie(net, "a", "c") == (0.0, 1.0)
    result = sg.coalitions(g)
    assert [c.members for c in result.coalitions] == [("a", "b"), ("c", "d")]


def test_from_edges_and_errors() -> None:
    net = sg.SignedNetwork.from_edges(["a", "b"], [("a", "b", -2.0), ("a", "a", 5.0)])
    assert tie(net, "a", "b") == (0.0, 2.0) and net.positive.nnz == 0
    with pytest.raises(sg.UnknownIdError, match="unknown actor 'c'"):
        sg.SignedNetwork.from_edges(["a", "b"], [("a", "c", 1.0)])
    with pytest.raises(sg.InvalidRecordError, match="ids repeat"):
        sg.SignedNetwork.from_edges(["a", "a"], [])
    bad = np.array([[0, -1], [-1, 0]], dtype=float)
    with pytest.raises(sg.InvalidRecordError, match="negative weights"):
        sg.SignedNetwork(("a", "b"), sp.csr_array(bad), sp.csr_array((2, 2)))
    with pytest.raises(sg.InvalidRecordError, match="not symmetric"):
        sg.SignedNetwork(("a", "b"), sp.csr_array(np.array([[0, 1.0], [0, 0]])),
                         sp.csr_array((2, 2)))
    with pytest.raises(sg.InvalidRecordError, match="ties actors to themselves"):
        sg.SignedNetwork(("a", "b"), sp.csr_array(np.eye(2)), sp.csr_array((2, 2)))
    with pytest.raises(sg.InvalidRecordError, match="not finite"):
        sg.SignedNetwork.from_edges(["a", "b"], [("a", "b", float("nan"))])
