"""as_of and between are column masks (StanceGraph.restricted): they give what the rule by the
models gives, stance for stance, on random graphs."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import stancegraph as sg
from stancegraph.queries import between, relation_holds, stance_date
from tests.strategies import graphs


def _as_of_by_models(g: sg.StanceGraph, when: dt.date) -> dict[str, sg.Stance]:
    """The documented rule, stance by stance (the implementation before the columns)."""
    in_effect = {}
    for stance in g.stances:
        date = stance_date(g, stance)
        in_effect[stance.id] = date is None or date <= when
    kept = {}
    for stance in g.stances:
        if not in_effect[stance.id]:
            continue
        retracted_by = stance.retracted_on or stance_date(g, stance)
        if stance.retracted and (retracted_by is None or retracted_by <= when):
            continue
        if stance.superseded_by is not None and in_effect.get(stance.superseded_by, False):
            continue
        kept[stance.id] = stance.model_copy(update={"retracted": False, "retracted_on": None,
                                                    "superseded_by": None})
    return kept


days = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2030, 12, 31))


@settings(max_examples=150, deadline=None)
@given(g=graphs(), when=days)
def test_as_of_is_the_rule_by_the_models(g: sg.StanceGraph, when: dt.date) -> None:
    view = sg.as_of(g, when)
    assert {s.id: s for s in view.stances} == _as_of_by_models(g, when)
    assert [s.id for s in view.stances] == [s.id for s in g.stances if s.id in view]
    assert set(view.relations) == {i for i, r in g.relations.items() if relation_holds(r, when)}
    assert view.nodes == g.nodes


@settings(max_examples=100, deadline=None)
@given(g=graphs(), start=days, end=days)
def test_between_keeps_what_was_said_from_start_on(g: sg.StanceGraph, start: dt.date,
                                                   end: dt.date) -> None:
    week = between(g, start, end)
    expected = {i: s for i, s in _as_of_by_models(g, end).items()
                if (d := stance_date(g, g.stance(i))) is None or d >= start}
    assert {s.id: s for s in week.stances} == expected


def test_restricted_copies_rows_and_refuses_rows_it_lacks(nato: sg.StanceGraph) -> None:
    rows = np.array([5, 0, 3])
    part = nato.restricted(rows, relations=[])
    assert [s.id for s in part.stances] == [nato.stances[i].id for i in (5, 0, 3)]
    assert part.stance(nato.stances[3].id) == nato.stances[3]
    assert not part.relations and part.nodes == nato.nodes
    assert len(nato.restricted([]).stances) == 0
    with pytest.raises(sg.ArgumentError, match="no such stance row '999'"):
        nato.restricted([1, 999])
    part.add_stance(holder="france", relation="supports", target="dialogue-with-putin",
                    id="france.again")  # a restricted graph is a graph of its own
    assert "france.again" not in nato
