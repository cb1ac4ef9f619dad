"""Signed networks and affiliation matrices as labelled pandas DataFrames and igraph graphs:
ids as labels and vertex names, signs and weights as edge attributes, the same ties as the
networkx graphs."""

from __future__ import annotations

import sys
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import stancegraph as sg
from stancegraph.analysis import SignedNetwork

pd = pytest.importorskip("pandas")
ig = pytest.importorskip("igraph")

IDS = ["a", "b", "c", "d"]
SETTINGS = settings(max_examples=60, deadline=None)


def edges_of(graph: Any) -> dict[frozenset[str], dict[str, Any]]:
    """An igraph graph's edges by their ends' names, with their attributes."""
    names = graph.vs["name"]
    return {frozenset((names[e.source], names[e.target])): e.attributes() for e in graph.es}


def nx_edges_of(graph: Any) -> dict[frozenset[str], dict[str, Any]]:
    return {frozenset((u, v)): dict(data) for u, v, data in graph.edges(data=True)}


# -- signed networks ---------------------------------------------------------------------------

def test_the_seed_network_as_a_frame_is_its_matrices_labelled(nato: sg.StanceGraph) -> None:
    network = sg.signed_network(nato)
    for part, matrix in (("net", network.difference), ("positive", network.positive),
                         ("negative", network.negative)):
        frame = network.to_frame(part)
        assert list(frame.index) == list(frame.columns) == list(network.ids)
        assert frame.index.name == frame.columns.name == "actor"
        np.testing.assert_array_equal(frame.to_numpy(), matrix.toarray())
        sparse = network.to_frame(part, sparse=True)
        assert all(isinstance(t, pd.SparseDtype) for t in sparse.dtypes)
        assert sparse.sparse.to_dense().equals(frame)
    frame = network.to_frame()
    tie = network.to_networkx().edges["france", "germany"]
    assert frame.loc["france", "germany"] == frame.loc["germany", "france"] == tie["weight"]


def test_a_factored_network_gives_the_frame_of_its_projection() -> None:
    plus = np.array([[1, 0], [1, 0], [0, 1]])
    minus = np.array([[0, 1], [0, 0], [1, 0]])
    factored = SignedNetwork.factored("xyz", plus, minus)
    frame = factored.to_frame()
    assert frame.to_dict() == {"x": {"x": 0.0, "y": 1.0, "z": -2.0},
                               "y": {"x": 1.0, "y": 0.0, "z": -1.0},
                               "z": {"x": -2.0, "y": -1.0, "z": 0.0}}
    assert edges_of(factored.to_igraph()) == nx_edges_of(factored.to_networkx())


def test_the_seed_network_in_igraph_has_the_ties_of_networkx(nato: sg.StanceGraph) -> None:
    network = sg.signed_network(nato)
    graph = network.to_igraph()
    assert not graph.is_directed() and graph.vs["name"] == list(network.ids)
    assert edges_of(graph) == nx_edges_of(network.to_networkx())
    assert set(graph.es.attributes()) == {"positive", "negative", "weight", "sign",
                                          "ambivalent"}
    assert graph.es[graph.get_eid("france", "germany")]["sign"] == 1


@SETTINGS
@given(ties=st.lists(st.tuples(st.sampled_from(IDS), st.sampled_from(IDS),
                               st.integers(-3, 3).map(float)), max_size=12))
def test_any_network_has_the_same_ties_in_igraph_and_networkx(
        ties: list[tuple[str, str, float]]) -> None:
    network = SignedNetwork.from_edges(IDS, ties)
    graph = network.to_igraph()
    assert graph.vcount() == len(IDS) and graph.vs["name"] == IDS
    assert edges_of(graph) == nx_edges_of(network.to_networkx())
    ambivalent = {k for k, a in edges_of(graph).items() if a["ambivalent"]}
    assert all(a["positive"] > 0 and a["negative"] > 0
               for k, a in edges_of(graph).items() if k in ambivalent)
    net = network.to_frame()
    for pair, attributes in edges_of(graph).items():
        u, v = sorted(pair)
        assert net.loc[u, v] == attributes["weight"]
        assert attributes["sign"] == int(np.sign(attributes["weight"]))


def test_a_network_without_ties_is_its_actors_alone() -> None:
    network = SignedNetwork.from_edges(IDS, [])
    graph = network.to_igraph()
    assert graph.vcount() == 4 and graph.ecount() == 0 and graph.vs["name"] == IDS
    assert not network.to_frame().to_numpy().any()
    empty = SignedNetwork.from_edges([], [])
    assert empty.to_igraph().vcount() == 0 and empty.to_frame().shape == (0, 0)


def test_an_unknown_part_is_refused() -> None:
    network = SignedNetwork.from_edges(IDS, [("a", "b", 1.0)])
    with pytest.raises(sg.ArgumentError, match=r"unknown part 'postive' \(expected one of: "
                                               r"net, positive, negative; did you mean "
                                               r"'positive'\?\)"):
        network.to_frame("postive")


# -- affiliation -------------------------------------------------------------------------------

def test_the_seed_affiliation_as_a_frame_and_in_igraph(nato: sg.StanceGraph) -> None:
    aff = sg.affiliation(nato)
    frame = aff.to_frame()
    assert list(frame.index) == list(aff.actors) and list(frame.columns) == list(aff.targets)
    assert (frame.index.name, frame.columns.name) == ("actor", "target")
    np.testing.assert_array_equal(frame.to_numpy(), aff.net.toarray())
    np.testing.assert_array_equal(aff.to_frame("positive").to_numpy(), aff.positive.toarray())
    np.testing.assert_array_equal(aff.to_frame("negative").to_numpy(), aff.negative.toarray())
    graph = aff.to_igraph()
    reference = aff.to_networkx()
    assert edges_of(graph) == nx_edges_of(reference)
    kinds = dict(zip(graph.vs["name"], graph.vs["type"], strict=True))
    assert kinds == {n: bool(b) for n, b in reference.nodes(data="bipartite")}
    assert graph.vs["name"][:len(aff.actors)] == list(aff.actors)


def test_a_direct_stance_on_an_actor_ties_two_actors() -> None:
    aff = sg.Affiliation.from_rows(["a", "b"], ["b", "t"], [("a", "b", "opposes", 1.0),
                                                              ("a", "t", "supports", 2.0),
                                                              ("b", "t", "supports", 0.5),
                                                              ("b", "t", "opposes", 0.5)])
    graph = aff.to_igraph()
    assert graph.vs["name"] == ["a", "b", "t"] and graph.vs["type"] == [False, False, True]
    assert edges_of(graph) == {
        frozenset("ab"): {"positive": 0.0, "negative": 1.0, "weight": -1.0},
        frozenset("at"): {"positive": 2.0, "negative": 0.0, "weight": 2.0},
        frozenset("bt"): {"positive": 0.5, "negative": 0.5, "weight": 0.0}}
    assert aff.to_frame().loc["b"].tolist() == [0.0, 0.0]


# -- without the extras ------------------------------------------------------------------------

def test_without_igraph_the_error_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "igraph", None)
    network = SignedNetwork.from_edges(IDS, [("a", "b", 1.0)])
    message = (r"an igraph Graph needs the optional dependencies of stancegraph's 'igraph' "
               r"extra \(expected pip install 'stancegraph\[igraph\]'\)")
    with pytest.raises(sg.MissingExtraError, match=message) as err:
        network.to_igraph()
    assert err.value.extra == "igraph"
    with pytest.raises(sg.MissingExtraError, match=message):
        sg.Affiliation.from_rows(["a"], ["t"], []).to_igraph()


def test_without_pandas_the_error_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)
    message = r"a DataFrame needs .* 'pandas' extra \(expected pip install 'stancegraph\[pandas\]'\)"
    with pytest.raises(sg.MissingExtraError, match=message):
        SignedNetwork.from_edges(IDS, []).to_frame()
    with pytest.raises(sg.MissingExtraError, match=message):
        sg.Affiliation.from_rows(["a"], ["t"], []).to_frame()
