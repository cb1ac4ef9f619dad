"""Coalitions and signed networks from actor × target matrices summed elsewhere (a SPARQL store)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings

import stancegraph as sg
from stancegraph.analysis import affiliation, signed_network, statements
from stancegraph.analysis.coalitions import HEADLINE_CONFIDENCE
from tests.strategies import graphs


def _without_evidence(result: sg.CoalitionResult) -> dict[str, object]:
    data = result.to_dict()
    for camp in data["coalitions"]:
        for stand in camp["unites"]:
            stand["evidence"] = []
            # What needs the statements themselves: skepticism apart from opposition, and
            # membership of an organisation that takes the stand.
            stand["relation"], stand["skeptical"] = stand["direction"], None
            stand["via"] = []  # the narrower positions a stand is held through
            del stand["shared"]
    for pair in data["divides"]:
        for divide in pair["targets"]:
            divide["a"], divide["b"] = divide["a_direction"], divide["b_direction"]
    return data


@pytest.mark.parametrize("level", ["stated", "state"])
def test_coalitions_from_the_affiliation_are_those_of_the_graph(nato: sg.StanceGraph,
                                                               level: str) -> None:
    aff = affiliation(nato, level=level)  # type: ignore[arg-type]
    assert aff.level == level
    # the stands and divides count the statements on record, as coalitions() does
    stated = affiliation(nato, level=level, min_confidence=HEADLINE_CONFIDENCE)  # type: ignore[arg-type]
    found = sg.coalitions_from_affiliation(aff, stated=stated)
    assert _without_evidence(found) == _without_evidence(sg.coalitions(nato, level=level))  # type: ignore[arg-type]
    assert found.level == level
    assert all(not stand.evidence for camp in found.coalitions for stand in camp.unites)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(g=graphs())
def test_the_network_from_the_affiliation_is_the_graphs(g: sg.StanceGraph) -> None:
    # Direct stances on actors are read from the affiliation's actor columns.
    rows = statements(g, level="state")
    for normalization in ("none", "jaccard"):
        a = signed_network(rows, normalization=normalization)
        b = signed_network(affiliation(rows), normalization=normalization)
        assert a.ids == b.ids
        assert np.allclose(a.positive.toarray(), b.positive.toarray())
        assert np.allclose(a.negative.toarray(), b.negative.toarray())


def test_rows_build_an_affiliation() -> None:
    aff = sg.Affiliation.from_rows(
        ["b", "a"], ["t"], [("a", "t", "supports", 0.5), ("a", "t", "supports", 0.5),
                            ("b", "t", "opposes", 1.0), ("b", "t", "skeptical-of", 0.5)])
    assert aff.actors == ("a", "b") and aff.level is None
    assert aff.positive.toarray().tolist() == [[1.0], [0.0]]
    assert aff.negative.toarray().tolist() == [[0.0], [1.5]]
    with pytest.raises(sg.InvalidRecordError, match="unknown stance relation 'likes'"):
        sg.Affiliation.from_rows(["a"], ["t"], [("a", "t", "likes", 1.0)])
    with pytest.raises(sg.InvalidRecordError, match="not listed 'c'"):
        sg.Affiliation.from_rows(["a"], ["t"], [("c", "t", "supports", 1.0)])
