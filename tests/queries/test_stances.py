from __future__ import annotations

import pytest

import stancegraph as sg


def test_stances_filters_and_sorts(nato: sg.StanceGraph) -> None:
    found = sg.stances(nato, target="dialogue-with-putin")
    assert {s.target for s in found} == {"dialogue-with-putin"}
    dates = [sg.stance_date(nato, s) for s in found]
    assert dates == sorted(dates, key=lambda d: (d is None, d))
    assert {s.holder for s in sg.stances(nato, relation="skeptical-of",
                                         source="document-dialogue")} == {
        "united-kingdom", "poland", "central-eastern-europe"}


def test_stances_of(nato: sg.StanceGraph) -> None:
    assert {s.target for s in sg.stances_of(nato, "andrzej-duda")} == {
        "negotiations-on-putins-terms"}


def test_holders_stated_and_effective(nato: sg.StanceGraph) -> None:
    stated = sg.holders(nato, "abandon-founding-act", "opposes", effective=False)
    assert stated == ["germany", "olaf-scholz"]
    rolled = sg.holders(nato, "ceasefire", "supports")
    assert "germany" in rolled and "germany" not in sg.holders(nato, "ceasefire", "supports",
                                                               effective=False)


def test_holders_can_read_narrower_positions(nato: sg.StanceGraph) -> None:
    assert sg.holders(nato, "heavy-weapons-for-ukraine", "opposes") == []
    assert "france" in sg.holders(nato, "heavy-weapons-for-ukraine", "opposes",
                                  include_narrower=True)


def test_bad_arguments(nato: sg.StanceGraph) -> None:
    with pytest.raises(sg.ArgumentError, match="unknown stance relation 'likes'"):
        sg.holders(nato, "ceasefire", "likes")
    with pytest.raises(sg.UnknownIdError, match="did you mean 'ceasefire'"):
        sg.stances(nato, target="ceasfire")
    with pytest.raises(sg.ArgumentError, match="unknown actor type 'Country'"):
        sg.actors(nato, "Country")
    with pytest.raises(sg.ArgumentError, match="unknown position type"):
        sg.positions(nato, "Law")
    with pytest.raises(sg.IntegrityError, match="a Person has no members"):
        sg.members(nato, "joe-biden")
    with pytest.raises(sg.IntegrityError, match="not a position"):
        sg.narrower(nato, "france")


def test_members_recursive_or_not_and_by_date(nato: sg.StanceGraph) -> None:
    assert sg.members(nato, "central-eastern-europe", recursive=False) == [
        "baltic-states", "hungary", "poland"]
    assert sg.members(nato, "western-european-governments") == []
    g = sg.loads("""
actors:
  - {id: eu, type: Organization, name: EU}
  - {id: uk, type: State, name: UK}
relations:
  - {subject: uk, relation: member-of, object: eu, start: 1973-01-01, end: 2020-01-31}
""")
    assert sg.members(g, "eu") == ["uk"]
    assert sg.members(g, "eu", as_of=__import__("datetime").date(2021, 1, 1)) == []
