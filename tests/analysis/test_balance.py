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


def test_seed_debate_is_polarised(nato: sg.StanceGraph) -> None:
    result = sg.coalitions(nato)
    assert result.polarisation > 0.8
    assert 0.5 < (result.balance_ratio or 0) <= 1
    index = sg.frustration_index(result.network)
    assert index.exact and index.value >= result.frustration - 1e-9
