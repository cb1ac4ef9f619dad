"""The bulk door for stances: it accepts and refuses exactly what the model path does, to the
same graph, in the rows' order, and names every refused row."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

import stancegraph as sg
import stancegraph.graph
from stancegraph._stance_rows import Coded, MadeIds, StanceRows, check_rows


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
    return check_rows(rows, nodes=g._nodes, codes=g._codes,
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


def test_an_id_too_long_for_the_model_is_refused_in_bulk_too(tmp_path: Any) -> None:
    # An id's characters need no escape: one longer than MAX_TEXT_BYTES is refused by the
    # model, and the bulk door must not accept it (a graph it could not write and read back).
    too_long = "s" * (sg.model.MAX_TEXT_BYTES + 1)
    rows = _rows([{"id": too_long, "holder": "germany", "relation": "opposes",
                   "target": "tanks"},
                  {"id": "s2", "holder": "germany", "relation": "supports", "target": "tanks"}])
    g = _base()
    assert _check(g, rows).rejected == [0]
    refused = g.add_stance_rows(rows, on_error="skip")
    assert [r.row for r in refused] == [0] and "too long" in refused[0].error.message
    # made ids: each of holder, relation and target an id, together one too long
    half = sg.model.MAX_TEXT_BYTES // 2
    holder, target = "a" * half, "b" * half
    path = tmp_path / "long.csv"
    others = ["opposes", "supports", "skeptical-of"]  # (more rows than nodes: checked in bulk)
    path.write_text(f"holder,relation,target\n{holder},supports,{target}\n"
                    + "".join(f"c,{relation},{target}\n" for relation in others))
    with pytest.raises(sg.BadRowsError) as info:
        sg.read_statements(path)
    assert "line 2, row 1, field 'id'" in str(info.value) and "too long" in str(info.value)
    with pytest.warns(sg.SkippedRowsWarning):
        kept = sg.read_statements(path, on_error="skip")
    assert [s.id for s in kept.stances] == [f"c.{relation}.{target}" for relation in others]


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


def _spelt(holders: list[str], relations: list[str], targets: list[str]) -> list[str]:
    """Ids as a data file makes them: holder.relation.target, .2, .3, ... when repeated."""
    seen: dict[str, int] = {}
    ids = []
    for base in map(".".join, zip(holders, relations, targets, strict=True)):
        seen[base] = seen.get(base, 0) + 1
        ids.append(base if seen[base] == 1 else f"{base}.{seen[base]}")
    return ids


_made = st.lists(st.tuples(st.sampled_from(["germany", "duo", "tanks", "a.b", "Bad Id"]),
                           st.sampled_from(["supports", "opposes", "likes"]),
                           st.sampled_from(["tanks", "france", "paper-claim", "b.c", "r1"])),
                 max_size=8)


@settings(max_examples=200, deadline=None)
@given(_made, st.lists(st.integers(0, 7), max_size=4))
def test_made_ids_are_the_ids_they_spell(rows: list[tuple[str, str, str]],
                                         taken: list[int]) -> None:
    columns = [list(column) for column in zip(*rows, strict=True)] if rows else [[], [], []]
    made = MadeIds(*(Coded.from_list(column) for column in columns))
    spelt = _spelt(*columns)
    assert made.tolist() == list(made) == spelt and len(made) == len(spelt)
    assert [made[k] for k in range(len(made))] == spelt
    chosen = np.array(sorted({k for k in taken if k < len(rows)}), dtype=np.intp)
    assert made.take(chosen).tolist() == [spelt[k] for k in chosen.tolist()]
    # A graph given them holds what it holds given the list, and refuses the same rows
    # (such as a made id the graph holds already: "germany.opposes.tanks" below).
    def door(ids: Any) -> tuple[sg.StanceGraph, list[tuple[int, str]]]:
        g = _base()
        g.add_stance(id="germany.opposes.tanks", holder="germany", relation="opposes",
                     target="paper-claim")
        rows_ = StanceRows(ids, *columns, *([Coded.constant(None, len(rows))] * 6))
        refused = g.add_stance_rows(rows_, on_error="skip")
        return g, [(r.row, r.error.message) for r in refused]

    made_graph, made_refused = door(made)
    listed_graph, listed_refused = door(list(spelt))
    assert made_graph == listed_graph and made_refused == listed_refused
    assert [s.id for s in made_graph.stances] == [s.id for s in listed_graph.stances]


@settings(max_examples=100, deadline=None)
@given(_made.filter(bool), st.integers(1, 200), st.lists(st.integers(0, 10**6), max_size=6))
def test_a_few_made_ids_are_numbered_without_numbering_all(
        rows: list[tuple[str, str, str]], copies: int, taken: list[int]) -> None:
    # enough rows that a few are numbered on their own (numbers_at), not all at once
    columns = [list(column) * copies for column in zip(*rows, strict=True)]
    spelt = _spelt(*columns)
    chosen = np.array(sorted({k % len(spelt) for k in taken}), dtype=np.intp)
    made = MadeIds(*(Coded.from_list(column) for column in columns))
    assert made.take(chosen).tolist() == [spelt[k] for k in chosen.tolist()]
    assert made.tolist() == spelt  # (and all numbered afterwards, the same)
    assert made.take(chosen).tolist() == [spelt[k] for k in chosen.tolist()]
    # a graph's stances at a few positions, their ids spelt together
    holder_ids = {h: f"h{k}" for k, h in enumerate(sorted(set(columns[0])))}
    target_ids = {t: f"t{k}" for k, t in enumerate(sorted(set(columns[2])))}
    g = sg.StanceGraph()
    g.add_all(actors=[sg.State(id=id, name=id) for id in holder_ids.values()],
              positions=[sg.PolicyOption(id=id, name=id) for id in target_ids.values()])
    coded = [Coded.from_list([holder_ids[h] for h in columns[0]]),
             Coded.from_list([r if r != "likes" else "supports" for r in columns[1]]),
             Coded.from_list([target_ids[t] for t in columns[2]])]
    none = Coded.constant(None, len(spelt))
    assert g.add_stance_rows(StanceRows(MadeIds(*coded), *coded, *[none] * 6)) == []
    positions = [int(k) for k in chosen[::-1]]
    assert [s.id for s in g.stances.take(positions)] == [g.stances[k].id for k in positions]
    with pytest.raises(IndexError):
        g.stances.take([len(spelt)])


def test_a_table_of_made_ids_spells_them_when_asked() -> None:
    g = _base()
    n = 1000
    holders = Coded(["germany", "france"], np.arange(n, dtype=np.intp) % 2)
    relations = Coded.constant("opposes", n)
    targets = Coded.constant("tanks", n)
    made = MadeIds(holders, relations, targets)
    none = Coded.constant(None, n)
    assert g.add_stance_rows(StanceRows(made, holders, relations, targets, *[none] * 6)) == []
    table = g._table
    assert table._unspelt and table._indexed == 1  # nothing spelt nor indexed but "old"
    assert g.stances[4].id == "france.opposes.tanks.2" and table._unspelt
    assert g.stance("germany.opposes.tanks.500").holder == "germany"
    assert g.stance_rows(["france.opposes.tanks", "old", "nothing"]).tolist() == [2, 0, -1]
    # a failed add, then one that reorders: the index follows
    with pytest.raises(sg.StanceGraphError):
        g.add_stance_rows(_rows([{"id": "s1", "holder": "germany", "relation": "opposes",
                                  "target": "tanks"},
                                 {"id": "s2", "holder": "nobody", "relation": "opposes",
                                  "target": "tanks"}]))
    assert "s1" not in g and len(g.stances) == n + 1
    rows = StanceRows.empty()
    rows.append("s0", "germany", "supports", "tanks", note="a model's row, added after")
    rows.append("s1", "germany", "opposes", "tanks")
    rows.append("s2", "france", "supports", "tanks")
    g.add_stance_rows(rows)
    assert [s.id for s in g.stances][-3:] == ["s0", "s1", "s2"]
    assert [g.stance(id).id for id in ("s0", "s1", "s2")] == ["s0", "s1", "s2"]
    assert g.stance_rows(["s0", "s1", "s2"]).tolist() == [n + 1, n + 2, n + 3]


def test_stance_columns_are_kept_until_the_graph_changes() -> None:
    g = _base()
    first = g.stance_columns()
    first.holder[0] = 99  # a copy: the next call is not changed
    again = g.stance_columns()
    assert again.holder[0] == g.stance_columns().holder[0] != 99
    assert again.ids == ("old",) and again.strength is not None
    views = g.stance_columns(copy=False)  # no copy: read-only views of the kept arrays
    with pytest.raises(ValueError):
        views.holder[0] = 99
    assert views.holder.tolist() == again.holder.tolist()
    assert all(not getattr(views, name).flags.writeable for name in ("holder", "target",
               "relation", "date", "confidence", "retracted", "superseded", "retracted_on"))
    g.add_stance(id="s0", holder="france", relation="opposes", target="tanks", strength=0.5)
    g.add_stance(id="s2", holder="germany", relation="supports", target="tanks")
    g.add_stance(id="s1", holder="germany", relation="opposes", target="tanks",
                 superseded_by="s2")
    after = g.stance_columns()
    assert after.ids == ("old", "s0", "s2", "s1")
    assert after.superseded.tolist() == [False, False, False, True]
    assert after.superseded_by == (None, None, None, "s2")
    assert after.strength is not None and after.strength[1] == 0.5
    assert after.node_ids == tuple(g._code_ids)
    assert views.holder.tolist() == [views.holder[0]]  # the views taken before are unchanged


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
