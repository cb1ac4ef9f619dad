"""The bulk door for stances: it accepts and refuses exactly what the model path does, to the
same graph, in the rows' order, and names every refused row."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

import stancegraph as sg
import stancegraph.graph
from stancegraph._stance_rows import StanceRows, check_rows


def _base() -> sg.StanceGraph:
    g = sg.StanceGraph()
    g.add_all(
        sources=[sg.Source(id="paper", title="A paper")],
        actors=[sg.State(id="germany", name="Germany"), sg.State(id="france", name="France"),
                sg.Person(id="olaf-scholz", name="Olaf Scholz"),
                sg.Bloc(id="duo", name="Duo", members=["germany", "france"])],
        positions=[sg.PolicyOption(id="tanks", name="Tanks"),
                   sg.Claim(id="paper-claim", name="A claim")],
        relations=[sg.Relation(id="r1", subject="olaf-scholz", relation="leads",
                               object="germany")],
        stances=[sg.Stance(id="old", holder="france", relation="supports", target="tanks")],
    )
    return g


_NAMES = ["germany", "france", "olaf-scholz", "duo", "tanks", "paper-claim", "paper", "r1",
          "old", "nobody", "Not An Id", ""]
_row = st.fixed_dictionaries({
    "id": st.sampled_from(["s1", "s2", "s3", "old", "r1", "tanks", "Bad Id", "s1", "s4\n"]),
    "holder": st.sampled_from(_NAMES),
    "relation": st.sampled_from(["supports", "opposes", "skeptical-of", "likes"]),
    "target": st.sampled_from(_NAMES),
    "date": st.one_of(st.none(), st.dates(min_value=dt.date(1990, 1, 1)),
                      st.just(dt.datetime(2022, 3, 24, 10, 0))),
    "confidence": st.one_of(st.none(), st.floats(min_value=-0.5, max_value=1.5),
                            st.sampled_from([math.nan, math.inf, 1])),
    "source": st.sampled_from([None, "paper", "germany", "https://example.org/a",
                               "https://example.org/a b", "https://example.org/a\n",
                               "https://example.org/a\x01", "https://example.org/a?\ue000",
                               "https://example.org/\u202e", "unknown-doc"]),
    "speaker": st.sampled_from([None, "olaf-scholz", "germany", "nobody"]),
    "quote": st.sampled_from([None, "We will not.", " padded ", "", "two\nlines", "nul\x00",
                              "lone \ud800"]),
    "attribution": st.sampled_from([None, "anonymous", "on-record", "rumour"]),
    "strength": st.one_of(st.none(), st.sampled_from([0.0, 0.5, 1.0, 1.5, math.nan, 1])),
    "intensity": st.sampled_from([None, "red-line", " padded ", "", "nul\x00"]),
})


def _rows(items: list[dict[str, Any]]) -> StanceRows:
    rows = StanceRows.empty()
    for item in items:
        fields = dict(item)
        rows.append(fields.pop("id"), fields.pop("holder"), fields.pop("relation"),
                    fields.pop("target"), **fields)
    return rows


def _one_by_one(rows: StanceRows) -> tuple[sg.StanceGraph, dict[int, str]]:
    """The graph the model path makes adding the rows one at a time, skipping those it
    refuses, and what it says of each refused row. A row is refused whose id an earlier row
    has, valid or not: one id, one record."""
    g = _base()
    refused: dict[int, str] = {}
    earlier: set[Any] = set()
    for k in range(len(rows)):
        try:
            stance = sg.Stance.model_validate(rows.fields_of(k))
            if stance.id in earlier:
                refused[k] = "duplicate id"
            else:
                g.add_all(stances=[stance])
        except ValidationError as err:
            refused[k] = sg.graph.pydantic_error(err, sg.Stance).message
        except sg.StanceGraphError as err:
            refused[k] = err.message
        earlier.add(rows.id[k])
    return g, refused


@settings(max_examples=300, deadline=None)
@given(st.lists(_row, max_size=6))
def test_the_bulk_door_accepts_and_refuses_what_the_models_do(
        items: list[dict[str, Any]]) -> None:
    rows = _rows(items)
    expected, expected_refused = _one_by_one(rows)
    bulk = _base()
    refused = bulk.add_stance_rows(rows, on_error="skip")
    assert bulk == expected
    assert [s.id for s in bulk.stances] == [s.id for s in expected.stances]  # rows' order
    assert {r.row: r.error.message for r in refused} == expected_refused
    assert all(r.error.record == f"stances[{r.row}]" for r in refused)
    # on_error="fail": all or nothing, every refused row named
    strict = _base()
    if refused:
        with pytest.raises(sg.StanceGraphError) as info:
            strict.add_stance_rows(rows, labels=[f"line {k + 2}" for k in range(len(rows))])
        assert strict == _base()
        err = info.value
        assert [e.record for e in (err, *err.others)] == [f"line {r.row + 2}" for r in refused]
    else:
        assert strict.add_stance_rows(rows) == [] and strict == expected


def test_the_common_shape_is_accepted_in_bulk() -> None:
    rows = _rows([
        {"id": "s1", "holder": "germany", "relation": "opposes", "target": "tanks",
         "date": dt.date(2022, 3, 24), "confidence": 0.5, "source": "paper",
         "speaker": "olaf-scholz", "quote": "No tanks.", "attribution": "on-record"},
        {"id": "s2", "holder": "duo", "relation": "skeptical-of", "target": "france",
         "source": "https://example.org/a"},
    ])
    g = _base()
    assert _check(g, rows).rejected == []
    assert g.add_stance_rows(rows) == []
    assert g.stance("s1") == sg.Stance(
        id="s1", holder="germany", relation="opposes", target="tanks", date="2022-03-24",
        confidence=0.5, source="paper", speaker="olaf-scholz", quote="No tanks.",
        attribution="on-record")
    assert g.stance("s2").source == "https://example.org/a"


def _check(g: sg.StanceGraph, rows: StanceRows) -> Any:
    return check_rows(rows, nodes=g._nodes, codes=g._codes, code_ids=g._code_ids,
                      taken=g._table.row_of, relations=g._relations)


def test_rows_the_columns_cannot_prove_valid_go_to_the_models() -> None:
    rows = _rows([
        {"id": "s1", "holder": "germany", "relation": "opposes", "target": "germany"},
        {"id": "s2", "holder": "tanks", "relation": "opposes", "target": "germany"},
        {"id": "s3", "holder": "germany", "relation": "opposes", "target": "tanks",
         "confidence": math.nan},
        {"id": "s4", "holder": "germany", "relation": "opposes", "target": "tanks",
         "quote": " padded "},
        {"id": "old", "holder": "germany", "relation": "opposes", "target": "tanks"},
        {"id": None, "holder": "germany", "relation": "opposes", "target": "tanks"},
        {"id": "s7", "holder": "germany", "relation": "opposes", "target": "tanks"},
    ])
    rows.append("s8", "germany", "supports", "tanks", note="a row with a note")
    g = _base()
    assert _check(g, rows).rejected == [0, 1, 2, 3, 4, 5, 7]
    refused = g.add_stance_rows(rows, on_error="skip")
    assert [r.row for r in refused] == [0, 1, 2, 4]
    assert [s.id for s in g.stances] == ["old", "s4", "germany.opposes.tanks", "s7", "s8"]
    assert g.stance("s8").note == "a row with a note"


def test_the_door_refuses_a_stance_whose_successor_it_refused() -> None:
    rows = StanceRows.empty()
    rows.append("s1", "germany", "opposes", "tanks", superseded_by="s2")
    rows.append("s2", "germany", "supports", "nowhere")
    rows.append("s3", "france", "opposes", "tanks", superseded_by="s4")
    rows.append("s4", "france", "supports", "tanks")
    g = _base()
    refused = g.add_stance_rows(rows, on_error="skip")
    assert [(r.row, r.error.field) for r in refused] == [(0, "superseded_by"), (1, "target")]
    assert [s.id for s in g.stances][1:] == ["s3", "s4"]
    assert g.stance("s3").superseded_by == "s4"


def test_a_failed_door_leaves_the_graph_as_it_was() -> None:
    rows = _rows([{"id": f"s{k}", "holder": "germany", "relation": "opposes",
                   "target": "tanks"} for k in range(5)])
    rows.append("s5", "germany", "opposes", "tanks", conditions=["nowhere"])
    g = _base()
    before = g.counts()
    with pytest.raises(sg.UnknownIdError, match=r"^stances\[5\], field 'conditions'"):
        g.add_stance_rows(rows)
    assert g.counts() == before and g == _base()
    assert "s0" not in g
    with pytest.raises(sg.ArgumentError, match="2 labels for 6 rows"):
        g.add_stance_rows(rows, labels=["a", "b"])
    with pytest.raises(sg.ArgumentError, match="unknown on_error 'ignore'"):
        g.add_stance_rows(rows, on_error="ignore")  # type: ignore[arg-type]


def test_the_stance_table_and_its_records_hold_every_field_of_the_model() -> None:
    # One field list: the model's. The table stores the fields it has no column for as
    # objects, in the model's order, and its records name them in the same order.
    from stancegraph._stance_table import _OBJECT_FIELDS, COLUMN_FIELDS, StanceRecord
    from stancegraph.model import Stance

    assert set(COLUMN_FIELDS) <= set(Stance.model_fields)
    assert set(COLUMN_FIELDS) | set(_OBJECT_FIELDS) == set(Stance.model_fields)
    assert StanceRecord._fields == COLUMN_FIELDS + _OBJECT_FIELDS


def test_every_format_holds_every_field_of_the_model() -> None:
    # Adding a field to Stance must reach every format: the statement table's columns are the
    # model's fields (derived), and the RDF mapping and the table reader's parsers name them all.
    from stancegraph.io.rdf._mapping import STANCE_FIELDS
    from stancegraph.io.tables.mapping import STANCE_COLUMNS
    from stancegraph.io.tables.rows import _PARSERS
    from stancegraph.model import Stance

    names = {field.alias or name for name, field in Stance.model_fields.items()}
    assert set(STANCE_COLUMNS) == names
    assert set(STANCE_COLUMNS) <= set(_PARSERS)
    # RDF: the id is the node's IRI and the relation its class; every other field a predicate
    assert {f.name for f in STANCE_FIELDS} | {"id", "relation"} == set(Stance.model_fields)
    columns = sg.StanceGraph().stance_fields()
    assert list(columns) == list(Stance.model_fields)
