from __future__ import annotations

import datetime as dt

import pytest

import stancegraph as sg


@pytest.fixture
def g() -> sg.StanceGraph:
    return sg.loads("""
sources:
  - {id: paper, title: Paper, date: 2022-03-29}
  - {id: leak, title: Leak, reported_in: paper}
actors:
  - {id: a, type: State, name: A}
  - {id: b, type: State, name: B}
positions:
  - {id: p, type: PolicyOption, name: P}
relations:
  - {subject: a, relation: talks-with, object: b, date: 2022-03-28}
stances:
  - {id: dated, holder: a, relation: supports, target: p, date: 2022-03-01}
  - {id: by-source, holder: b, relation: supports, target: p, source: leak}
  - {id: undated, holder: b, relation: opposes, target: p}
  - {id: taken-back, holder: a, relation: opposes, target: p, date: 2022-03-10, retracted_on: 2022-03-20}
  - {id: taken-back-undated, holder: b, relation: opposes, target: p, date: 2022-03-10, retracted: true}
  - {id: first, holder: a, relation: opposes, target: b, date: 2022-03-01, superseded_by: second}
  - {id: second, holder: a, relation: supports, target: b, date: 2022-03-15}
""")


def ids(g: sg.StanceGraph) -> list[str]:
    return [s.id or "" for s in g.stances]


def test_stance_date_falls_back_to_the_sources(g: sg.StanceGraph) -> None:
    assert sg.stance_date(g, g.stance("by-source")) == dt.date(2022, 3, 29)
    assert sg.stance_date(g, g.stance("undated")) is None


def test_as_of_applies_dates(g: sg.StanceGraph) -> None:
    assert ids(sg.as_of(g, "2022-02-01")) == ["undated"]
    assert "by-source" not in sg.as_of(g, "2022-03-28")
    assert "by-source" in sg.as_of(g, dt.date(2022, 3, 29))


def test_as_of_applies_retractions_when_they_happened(g: sg.StanceGraph) -> None:
    before = sg.as_of(g, "2022-03-15")
    assert "taken-back" in before
    assert before.stance("taken-back").retracted is False  # not yet known on that day
    assert "taken-back" not in sg.as_of(g, "2022-03-20")
    assert "taken-back-undated" not in sg.as_of(g, "2022-03-10")


def test_as_of_applies_replacements_when_they_happened(g: sg.StanceGraph) -> None:
    early = sg.as_of(g, "2022-03-10")
    assert "first" in early and early.stance("first").superseded_by is None
    late = sg.as_of(g, "2022-03-15")
    assert "first" not in late and "second" in late


def test_as_of_keeps_nodes_and_filters_relations(g: sg.StanceGraph) -> None:
    early = sg.as_of(g, "2022-03-01")
    assert early.nodes == g.nodes and not early.relations
    assert list(sg.as_of(g, "2022-03-28").relations) == ["a.talks-with.b"]


def test_as_of_leaves_the_graph_alone(g: sg.StanceGraph) -> None:
    before = sg.dumps(g)
    sg.as_of(g, "2022-03-01")
    assert sg.dumps(g) == before


def test_as_of_result_is_a_working_graph(g: sg.StanceGraph) -> None:
    view = sg.as_of(g, "2022-03-15")
    view.add_stance(holder="b", relation="supports", target="a")
    assert sg.loads(sg.dumps(view)) == view
