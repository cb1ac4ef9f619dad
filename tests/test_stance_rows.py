"""The bulk path for stances: it may only accept rows the model path accepts, to the same graph."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

import stancegraph as sg
from stancegraph._stance_rows import StanceRows


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
})


def _rows(items: list[dict[str, Any]]) -> StanceRows:
    rows = StanceRows.empty()
    for item in items:
        fields = dict(item)
        rows.append(fields.pop("id"), fields.pop("holder"), fields.pop("relation"),
                    fields.pop("target"), **fields)
    return rows


@settings(max_examples=300, deadline=None)
@given(st.lists(_row, max_size=6))
def test_accepted_rows_are_what_the_models_accept(items: list[dict[str, Any]]) -> None:
    rows = _rows(items)
    bulk = _base()
    rejected = bulk._add_stance_rows(rows)
    accepted = [k for k in range(len(rows)) if k not in set(rejected)]
    by_models = _base()
    by_models.add_all(stances=[sg.Stance.model_validate(rows.fields_of(k)) for k in accepted])
    assert bulk == by_models
    assert [s.id for s in bulk.stances][1:] == [rows.id[k] for k in accepted]


def test_the_common_shape_is_accepted_in_bulk() -> None:
    rows = _rows([
        {"id": "s1", "holder": "germany", "relation": "opposes", "target": "tanks",
         "date": dt.date(2022, 3, 24), "confidence": 0.5, "source": "paper",
         "speaker": "olaf-scholz", "quote": "No tanks.", "attribution": "on-record"},
        {"id": "s2", "holder": "duo", "relation": "skeptical-of", "target": "france",
         "source": "https://example.org/a"},
    ])
    g = _base()
    assert g._add_stance_rows(rows) == []
    assert g.stance("s1") == sg.Stance(
        id="s1", holder="germany", relation="opposes", target="tanks", date="2022-03-24",
        confidence=0.5, source="paper", speaker="olaf-scholz", quote="No tanks.",
        attribution="on-record")
    assert g.stance("s2").source == "https://example.org/a"


def test_rows_it_cannot_prove_valid_are_returned_not_added() -> None:
    rows = _rows([
        {"id": "s1", "holder": "germany", "relation": "opposes", "target": "germany"},
        {"id": "s2", "holder": "tanks", "relation": "opposes", "target": "germany"},
        {"id": "s3", "holder": "germany", "relation": "opposes", "target": "tanks",
         "confidence": math.nan},
        {"id": "s4", "holder": "germany", "relation": "opposes", "target": "tanks",
         "quote": " padded "},
        {"id": "old", "holder": "germany", "relation": "opposes", "target": "tanks"},
    ])
    g = _base()
    assert g._add_stance_rows(rows) == [0, 1, 2, 3, 4]
    assert len(g.stances) == 1


def test_the_stance_table_and_its_records_hold_every_field_of_the_model() -> None:
    # One field list: the model's. The table stores the fields it has no column for as
    # objects, in the model's order, and its records name them in the same order.
    from stancegraph._stance_table import _OBJECT_FIELDS, COLUMN_FIELDS, StanceRecord
    from stancegraph.model import Stance

    assert set(COLUMN_FIELDS) <= set(Stance.model_fields)
    assert set(COLUMN_FIELDS) | set(_OBJECT_FIELDS) == set(Stance.model_fields)
    assert StanceRecord._fields == COLUMN_FIELDS + _OBJECT_FIELDS
