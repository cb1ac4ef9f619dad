from __future__ import annotations

import datetime as dt

import pytest

import stancegraph as sg
from stancegraph.queries import RollUp


@pytest.fixture
def g() -> sg.StanceGraph:
    return sg.loads("""
actors:
  - {id: uk, type: State, name: UK}
  - {id: pl, type: State, name: Poland}
  - {id: hu, type: State, name: Hungary}
  - {id: ee, type: State, name: Estonia}
  - {id: baltics, type: Bloc, name: Baltics, members: [ee]}
  - {id: east, type: Bloc, name: East, members: [pl, hu, baltics]}
  - {id: may, type: Person, name: Theresa May}
  - {id: johnson, type: Person, name: Boris Johnson}
  - {id: blain, type: Person, name: Max Blain}
positions:
  - {id: sanctions, type: PolicyOption, name: Sanctions}
relations:
  - {subject: may, relation: leads, object: uk, start: 2016-07-13, end: 2019-07-24}
  - {subject: johnson, relation: leads, object: uk, start: 2019-07-24}
  - {subject: blain, relation: speaks-for, object: johnson}
  - {subject: uk, relation: member-of, object: east, start: 2030-01-01}
stances:
  - {id: s-may, holder: may, relation: opposes, target: sanctions, date: 2018-01-01}
  - {id: s-may-late, holder: may, relation: opposes, target: sanctions, date: 2021-01-01}
  - {id: s-blain, holder: johnson, speaker: blain, relation: supports, target: sanctions, date: 2022-03-28}
  - {id: s-blain-own, holder: blain, relation: supports, target: sanctions, date: 2022-03-28}
  - {id: s-east, holder: east, relation: supports, target: sanctions, date: 2022-03-01, except: [hu]}
  - {id: s-old, holder: pl, relation: opposes, target: sanctions, retracted: true}
""")


def test_a_leader_counts_for_the_state_only_while_leading(g: sg.StanceGraph) -> None:
    by_stance = {e.stance.id: e for e in sg.effective_stances(g, holder="uk")}
    assert by_stance["s-may"].path == ("may", "uk") and by_stance["s-may"].via == ("leads",)
    assert "s-may-late" not in by_stance  # May no longer led the UK in 2021


def test_spokesperson_chains_up_to_the_state(g: sg.StanceGraph) -> None:
    own = [e for e in sg.effective_stances(g, holder="uk") if e.stance.id == "s-blain-own"]
    assert own[0].path == ("blain", "johnson", "uk")
    assert own[0].via == ("speaks-for", "leads") and own[0].derived


def test_bloc_stances_reach_nested_members_minus_exceptions(g: sg.StanceGraph) -> None:
    holders = {e.holder: e for e in sg.effective_stances(g) if e.stance.id == "s-east"}
    assert set(holders) == {"east", "pl", "baltics", "ee"}
    assert holders["ee"].path == ("east", "baltics", "ee")
    assert holders["ee"].via == ("bloc-member", "bloc-member")
    assert not holders["east"].derived
    # The UK joins the bloc by a member-of relation only from 2030.
    assert "uk" not in holders


def test_retracted_statements_are_left_out_unless_asked(g: sg.StanceGraph) -> None:
    assert [e.stance.id for e in sg.effective_stances(g, holder="pl")] == ["s-east"]
    with_retracted = sg.effective_stances(g, holder="pl", include_retracted=True)
    assert [e.stance.id for e in with_retracted] == ["s-east", "s-old"]


def test_results_are_sorted_and_repeatable(g: sg.StanceGraph) -> None:
    first = sg.effective_stances(g)
    keys = [(e.holder, e.target, e.stance.id, e.path) for e in first]
    assert keys == sorted(keys)
    assert first == sg.effective_stances(g)


def test_unknown_filters_are_errors(g: sg.StanceGraph) -> None:
    with pytest.raises(sg.UnknownIdError, match="unknown node 'ukk'"):
        sg.effective_stances(g, holder="ukk")


def test_an_actor_that_does_not_roll_counts_for_itself_alone(g: sg.StanceGraph,
                                                             nato: sg.StanceGraph) -> None:
    for graph in (g, nato):
        rollup = RollUp(graph)
        for actor in graph.actors:
            if rollup.rolls(actor):
                continue
            for day in (None, dt.date(2018, 1, 1), dt.date(2022, 3, 1), dt.date(2031, 1, 1)):
                for excluded in ((), tuple(graph.actors)[:3]):
                    paths = rollup.paths(actor, day, excluded)
                    assert [(p.path, p.terminal) for p in paths] == [((actor,), True)]
    rollup = RollUp(g)
    assert {a for a in g.actors if rollup.rolls(a)} == {"baltics", "east", "may", "johnson",
                                                        "blain"}
