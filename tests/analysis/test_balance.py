from __future__ import annotations

import pytest

import stancegraph as sg

TWO_CAMPS = [("a", "b", 1), ("c", "d", 1), ("a", "c", -1), ("b", "d", -1), ("a", "d", -1),
             ("b", "c", -1)]


def test_balance_ratio_counts_balanced_triangles() -> None:
    assert sg.balance_ratio(sg.SignedNetwork.from_edges("abcd", TWO_CAMPS)) == 1.0
    one_bad = TWO_CAMPS[:-1] + [("b", "c", 1)]  # triangles abc (+ + +)? no: a-c is -, so - + +
    ratio = sg.balance_ratio(sg.SignedNetwork.from_edges("abcd", one_bad))
    assert ratio == pytest.approx(0.5)  # abc and bcd unbalanced, abd and acd balanced
    assert sg.balance_ratio(sg.SignedNetwork.from_edges("ab", [("a", "b", 1)])) is None


def test_frustration_index_and_its_normalised_form() -> None:
    balanced = sg.frustration_index(sg.SignedNetwork.from_edges("abcd", TWO_CAMPS))
    assert (balanced.value, balanced.normalised, balanced.exact) == (0.0, 1.0, True)
    triangle = sg.SignedNetwork.from_edges("abc", [("a", "b", -1), ("b", "c", -1),
                                                   ("a", "c", -1)])
    worst = sg.frustration_index(triangle)
    assert worst.value == 1.0 and worst.normalised == pytest.approx(1 - 1 / 1.5)


def test_polarisation() -> None:
    net = sg.SignedNetwork.from_edges("abcd", TWO_CAMPS)
    assert sg.polarisation(net, [0, 0, 1, 1]) == 1.0
    # Split across the camps: most weight runs against this divide.
    assert sg.polarisation(net, [0, 1, 0, 1]) == pytest.approx(-1 / 3)
    assert sg.polarisation(net, [0, 0, 0, 0]) == 0.0  # one camp: consensus, not polarisation


def test_seed_debate_is_polarised_across_the_allies_consensus(nato: sg.StanceGraph) -> None:
    # The allies' consensus ties the two camps of the report, so their split is far from
    # perfect polarisation, though most weight still runs with it.
    result = sg.coalitions(nato)
    assert 0.3 < result.polarisation < 0.6
    assert sg.polarisation(result.network, [0] * len(result.network)) == 0.0
    assert 0.5 < (result.balance_ratio or 0) <= 1
    index = sg.frustration_index(result.network)
    # The camps found beyond the consensus cut its ties: as stated, they are more frustrated
    # than the most balanced split into two, which keeps the allies together.
    assert index.exact and index.value < result.frustration


def test_indices_take_a_graph(nato: sg.StanceGraph) -> None:
    """Issue 16: a graph is measured through the network coalitions() builds of it."""
    result = sg.coalitions(nato)
    assert sg.balance_ratio(nato) == pytest.approx(result.balance_ratio)
    assert sg.balance_ratio(nato) == sg.balance_ratio(sg.signed_network(nato))
    assert sg.polarisation(nato) == result.polarisation
    assert sg.polarisation(nato, result.labels) == result.polarisation
    camps = {a: c for c, camp in enumerate(result.coalitions) for a in camp.members}
    assert sg.polarisation(nato, camps) == result.polarisation
    assert sg.frustration_index(nato) == sg.frustration_index(result.network)
    day = "2022-03-25"
    assert sg.balance_ratio(nato, as_of=day) == \
        sg.balance_ratio(sg.signed_network(nato, as_of=day))
    assert sg.polarisation(nato, as_of=day) == sg.coalitions(nato, as_of=day).polarisation
    stated = sg.coalitions(nato, level="stated")
    assert sg.polarisation(nato, level="stated") == stated.polarisation


def test_indices_refuse_what_they_cannot_measure() -> None:
    net = sg.SignedNetwork.from_edges("abcd", TWO_CAMPS)
    with pytest.raises(sg.ArgumentError, match="polarisation of a network needs its camps"):
        sg.polarisation(net)
    with pytest.raises(sg.ArgumentError, match="one camp per actor"):
        sg.polarisation(net, [0, 1])
    with pytest.raises(sg.UnknownIdError, match="not an actor of the network 'e'"):
        sg.polarisation(net, {"a": 0, "e": 1})
    with pytest.raises(sg.ArgumentError, match="measures a signed network or a stance graph"):
        sg.balance_ratio([("a", "b", 1)])  # type: ignore[arg-type]
    with pytest.raises(sg.ArgumentError, match="network is measured as it is"):
        sg.balance_ratio(net, as_of="2022-03-25")
