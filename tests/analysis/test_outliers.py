from __future__ import annotations

import pytest

import stancegraph as sg


def test_hungary_stands_apart_from_central_and_eastern_europe(nato: sg.StanceGraph) -> None:
    (hungary,) = sg.outliers(nato, "central-eastern-europe")
    assert hungary.actor == "hungary" and hungary.alignment < 0
    # Only on the allies' consensus (no direct NATO military involvement) is Hungary with them.
    assert hungary.agrees == ("direct-nato-military-involvement",)
    assert "putin-serious-about-negotiating" in hungary.excepted


def test_a_united_bloc_has_no_outliers(nato: sg.StanceGraph) -> None:
    assert sg.outliers(nato, "baltic-states") == []
    assert sg.outliers(nato, "western-european-governments") == []  # no members listed


def test_a_member_voting_against_its_bloc() -> None:
    g = sg.loads("""
actors:
  - {id: party, type: Bloc, name: Party, members: [a, b, c, d]}
  - {id: a, type: Person, name: A}
  - {id: b, type: Person, name: B}
  - {id: c, type: Person, name: C}
  - {id: d, type: Person, name: D}
positions: [{id: x, type: PolicyOption, name: X}, {id: y, type: PolicyOption, name: Y}]
stances:
  - {holder: a, relation: supports, target: x}
  - {holder: b, relation: supports, target: x}
  - {holder: c, relation: supports, target: x}
  - {holder: d, relation: opposes, target: x}
  - {holder: a, relation: opposes, target: y}
  - {holder: b, relation: opposes, target: y}
  - {holder: d, relation: supports, target: y}
""")
    (d,) = sg.outliers(g, "party", level="stated")
    assert d.actor == "d" and d.opposes == ("x", "y") and d.alignment == -1.0


def test_outliers_need_a_bloc(nato: sg.StanceGraph) -> None:
    with pytest.raises(sg.IntegrityError, match="not a State's"):
        sg.outliers(nato, "france")
