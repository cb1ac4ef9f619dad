"""DataFrames of a graph's records and of a coalition result (stancegraph/frames.py)."""

from __future__ import annotations

import collections
import datetime as dt
import sys
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings

import stancegraph as sg
from stancegraph.frames import FRAMES
from stancegraph.queries import is_current
from tests.strategies import graphs

SETTINGS = settings(max_examples=40, deadline=None)
LISTS = {"aliases", "tags", "members", "parties", "conditions", "except"}


def _same(cell: Any, value: Any) -> bool:
    """A frame's cell holds a record's value: dates as timestamps, absent values missing."""
    if value is None:
        return cell is None or bool(pd.isna(cell))
    if isinstance(value, dt.date):
        return bool(cell == pd.Timestamp(value))
    if isinstance(value, tuple):
        return tuple(cell) == value
    return bool(cell == value)


def check_records(frame: pd.DataFrame, models: list[Any], columns: tuple[str, ...]) -> None:
    assert list(frame.columns) == list(columns)
    assert isinstance(frame.index, pd.RangeIndex) and len(frame) == len(models)
    for row, model in zip(frame.itertuples(index=False), models, strict=True):
        fields = model.model_dump(by_alias=True)
        for name, cell in zip(columns, row, strict=True):
            if name in fields:
                assert _same(cell, fields[name]), (model.id, name, cell, fields[name])


def check_stances(g: sg.StanceGraph, frame: pd.DataFrame) -> None:
    stances = list(g.stances)
    check_records(frame, stances, FRAMES["stances"])
    for row, stance in zip(frame.itertuples(index=False), stances, strict=True):
        assert _same(row.effective_date, sg.stance_date(g, stance))
        assert row.current == is_current(stance)
    for name in ("date", "effective_date", "retracted_on"):
        assert str(frame[name].dtype) == "datetime64[s]"


@pytest.mark.parametrize("kind", [k for k in FRAMES if k not in ("stances", "targets")])
def test_record_frames_of_the_seed_debate(nato: sg.StanceGraph, kind: str) -> None:
    records = {"actors": nato.actors, "positions": nato.positions, "relations": nato.relations,
               "sources": nato.sources}[kind]
    check_records(nato.to_frame(kind), list(records.values()), FRAMES[kind])


def test_the_stance_frame_has_every_field_and_its_provenance(nato: sg.StanceGraph) -> None:
    frame = nato.to_frame()
    check_stances(nato, frame)
    row = frame.set_index("id").loc["volodymyr-zelenskyy.skeptical-of.france"]
    assert pd.isna(row["date"]) and row["effective_date"] == pd.Timestamp("2022-03-29")
    assert frame["current"].sum() == sum(is_current(s) for s in nato.stances)


def test_the_target_frame_counts_stances_and_holders(nato: sg.StanceGraph) -> None:
    frame = nato.to_frame("targets")
    assert list(frame.columns) == list(FRAMES["targets"])
    counts = collections.Counter((s.target, s.relation) for s in nato.stances)
    holders = collections.defaultdict(set)
    for s in nato.stances:
        holders[s.target].add(s.holder)
    assert sorted(frame["id"]) == sorted(holders)
    for row in frame.itertuples(index=False):
        for relation in sg.model.STANCE_RELATIONS:
            assert frame.loc[frame["id"] == row.id, relation].item() == counts[row.id, relation]
        assert row.holders == len(holders[row.id])
        assert row.kind == ("position" if row.id in nato.positions else "actor")
    assert frame["kind"].value_counts().to_dict() == {"position": 26, "actor": 4}


@SETTINGS
@given(g=graphs())
def test_frames_of_generated_graphs_hold_every_record(g: sg.StanceGraph) -> None:
    check_stances(g, g.to_frame("stances"))
    for kind, records in (("actors", g.actors), ("positions", g.positions),
                          ("relations", g.relations), ("sources", g.sources)):
        check_records(g.to_frame(kind), list(records.values()), FRAMES[kind])
    targets = g.to_frame("targets")
    assert targets[list(sg.model.STANCE_RELATIONS)].to_numpy().sum() == len(g.stances)


def test_an_empty_graph_gives_empty_frames_with_their_columns() -> None:
    g = sg.StanceGraph()
    for kind, columns in FRAMES.items():
        frame = g.to_frame(kind)
        assert frame.empty and list(frame.columns) == list(columns)


def test_dates_from_year_1_to_9999_fit() -> None:
    g = sg.loads("""
actors: [{id: a, type: State, name: A}]
positions: [{id: p, type: Claim, name: P}]
stances:
  - {id: early, holder: a, relation: supports, target: p, date: 0001-01-01}
  - {id: late, holder: a, relation: opposes, target: p, date: 9999-12-31,
     retracted_on: 9999-12-31}
""")
    frame = g.to_frame()
    assert [t.isoformat() for t in frame["date"]] == ["0001-01-01T00:00:00",
                                                      "9999-12-31T00:00:00"]


def test_an_unknown_table_is_refused(nato: sg.StanceGraph) -> None:
    with pytest.raises(sg.ArgumentError, match=r"unknown table 'actor' \(expected one of: "
                       r"stances, actors, .*; did you mean 'actors'\?\)"):
        nato.to_frame("actor")


def test_without_pandas_the_error_says_what_to_install(nato: sg.StanceGraph,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)
    message = (r"a DataFrame needs the optional dependencies of stancegraph's 'pandas' extra "
               r"\(expected pip install 'stancegraph\[pandas\]'\)")
    with pytest.raises(sg.MissingExtraError, match=message) as err:
        nato.to_frame()
    assert err.value.extra == "pandas" and isinstance(err.value, ImportError)
    with pytest.raises(sg.MissingExtraError, match=message):
        sg.coalitions(nato).to_frame()


# -- coalition results -------------------------------------------------------------------------

def test_a_coalition_frame_has_one_row_per_actor_with_its_camp(nato: sg.StanceGraph) -> None:
    result = sg.coalitions(nato)
    frame = result.to_frame()
    assert list(frame.columns) == ["actor", "coalition", "camp", "size", "cohesion"]
    assert list(frame["actor"]) == sorted(result.network.ids)
    labels = result.camp_labels()
    for row in frame.itertuples(index=False):
        index = result.coalition_of(row.actor)
        if index is None:
            assert (row.coalition, row.camp, row.size) == (-1, "unaligned", 0)
            assert np.isnan(row.cohesion)
            continue
        coalition = result.coalitions[index]
        assert (row.coalition, row.camp, row.size) == (index, labels[index],
                                                       len(coalition.members))
        assert _same(row.cohesion if not np.isnan(row.cohesion) else None, coalition.cohesion)
    assert frame["coalition"].dtype == np.int64


def test_a_coalition_frame_of_a_debate_without_ties_lists_everyone_unaligned() -> None:
    g = sg.loads("""
actors: [{id: a, type: State, name: A}, {id: b, type: State, name: B}]
positions: [{id: p, type: Claim, name: P}, {id: q, type: Claim, name: Q}]
stances: [{holder: a, relation: supports, target: p}, {holder: b, relation: opposes, target: q}]
""")
    frame = sg.coalitions(g).to_frame()
    assert frame.to_dict("list")["coalition"] == [-1, -1]
