"""Statement tables (CSV, TSV, JSON Lines, Parquet): round trips, mappings, lookup tables, ids
made from names, and the bad-row corpus -- every bad row reported at once, with its row, line,
field, value and what was expected; ``on_error="skip"`` loads the rest and says what it left.
"""

from __future__ import annotations

import csv
import io
import json
import sys
import tempfile
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import stancegraph as sg
from stancegraph.io.tables.convert import companion_mapping, companions, table_losses
from stancegraph.model import is_id
from tests.strategies import graphs

ROOT = Path(__file__).parents[2]
EXAMPLES = ROOT / "examples"
FORMATS = ("csv", "tsv", "jsonl", "parquet")
SETTINGS = settings(max_examples=40, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture,
                                           HealthCheck.filter_too_much])
HEADER = ["holder", "relation", "target", "date", "source", "speaker", "quote"]


def csv_text(rows: list[list[Any]], delimiter: str = ",") -> str:
    # Cells holding "\r" or "\n" must be quoted: the writer quotes the characters of its
    # line terminator only, so it is "\r\n" (with "\n", a bare "\r" in a cell was written
    # unquoted, and every reader rightly takes it for the end of a line).
    out = io.StringIO(newline="")
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return out.getvalue()


def table_file(folder: Path, rows: list[list[Any]], fmt: str = "csv",
               name: str = "statements") -> Path:
    """The rows (the first is the header) as a table file of the format."""
    path = folder / f"{name}.{fmt}"
    header, body = [str(c) for c in rows[0]], rows[1:]
    if fmt in ("csv", "tsv"):
        path.write_text(csv_text(rows, "," if fmt == "csv" else "\t"), encoding="utf-8")
    elif fmt == "jsonl":
        path.write_text("".join(json.dumps({k: v for k, v in zip(header, row, strict=True)
                                            if v is not None}) + "\n" for row in body),
                        encoding="utf-8")
    else:
        import pyarrow as pa
        import pyarrow.parquet as pq

        columns = {name: [row[k] for row in body] for k, name in enumerate(header)}
        pq.write_table(pa.table(columns), path)
    return path


def read_csv(text: str, **options: Any) -> sg.StanceGraph:
    return sg.read_statements(io.StringIO(text), format="csv", **options)


def bad_rows(path: Path, **options: Any) -> sg.BadRowsError:
    with pytest.raises(sg.BadRowsError) as caught:
        sg.read_statements(path, **options)
    return caught.value


def only(err: sg.BadRowsError) -> sg.RowProblem:
    assert len(err.problems) == 1, err.problems
    return err.problems[0]


@pytest.fixture
def folder() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as name:
        yield Path(name)


# -- round trips -------------------------------------------------------------------------------

def _table_ready(g: sg.StanceGraph) -> sg.StanceGraph | None:
    """The graph with what a statement table holds: no bloc exceptions (a table has no bloc
    memberships), no two statements alike (the reader refuses repeats); None if it has such."""
    stances = [s.model_copy(update={"except_": ()}) for s in g.stances]
    keys = {(s.holder, s.relation, s.target, s.date, s.source, s.speaker, s.quote)
            for s in stances}
    if len(keys) < len(stances):
        return None
    kinds: dict[str, list[Any]] = {"sources": [], "actors": [], "positions": []}
    for node in g.nodes.values():
        kinds["sources" if node.type == "Source" else
              "actors" if node.type in sg.model.ACTOR_TYPES else "positions"].append(node)
    new = sg.StanceGraph()
    new.add_all(**kinds, stances=stances)
    return new


table_graphs = graphs().map(_table_ready).filter(lambda g: g is not None)


def held_in_a_table(g: sg.StanceGraph) -> tuple[dict[str, sg.Stance], dict[str, tuple[str, str]]]:
    """The stances, and the id, type and name (a source's title) of the nodes they name."""
    stances = {s.id: s for s in g.stances}
    named = {id for s in stances.values() for id in (s.holder, s.target, s.speaker, s.source)
             if id in g.nodes}
    nodes = {id: (g.nodes[id].type, getattr(g.nodes[id], "name", None) or
                  getattr(g.nodes[id], "title", "")) for id in named}
    return stances, nodes


def assert_same_table(back: sg.StanceGraph, g: sg.StanceGraph) -> None:
    stances, nodes = held_in_a_table(g)
    assert {s.id: s for s in back.stances} == stances
    assert held_in_a_table(back)[1] == nodes
    conditions = {c for s in stances.values() for c in s.conditions if is_id(c)}
    assert set(back.nodes) == set(nodes) | conditions


@pytest.mark.parametrize("fmt", FORMATS)
@SETTINGS
@given(g=table_graphs)
def test_write_then_read_gives_the_same_stances(folder: Path, fmt: str,
                                                g: sg.StanceGraph) -> None:
    path = Path(tempfile.mkdtemp(dir=folder)) / f"stances.{fmt}"
    sg.write_statements(g, path)
    assert_same_table(sg.read_statements(path), g)
    # No temporary file left; beside the table, what it cannot hold (issue 16), if anything.
    beside = [p.name for p in companions(path)] if table_losses(g) else []
    assert sorted(p.name for p in path.parent.iterdir()) == sorted([path.name, *beside])
    if beside:  # read with the mapping written beside it, the table is the graph again
        assert sg.read_statements(path, mapping=companion_mapping(path)) == g


@pytest.mark.parametrize("fmt", FORMATS)
def test_load_and_save_take_tables_by_suffix(folder: Path, fmt: str) -> None:
    g = sg.read_statements(EXAMPLES / "statements.csv",
                           mapping=EXAMPLES / "statements-mapping.yaml")
    path = folder / f"debate.{fmt}"
    sg.save(g, path)
    back = sg.load(path)
    assert {s.id: s for s in back.stances} == {s.id: s for s in g.stances}
    assert back.node("olaf-scholz") == sg.Person(id="olaf-scholz", name="Olaf Scholz")


def test_seed_debate_round_trips_with_what_is_written_beside_it(folder: Path,
                                                                nato: sg.StanceGraph) -> None:
    path = folder / "nato.parquet"
    sg.write_statements(nato, path)
    # Issue 16: with the mapping written beside it, the same graph, so the same camps.
    back = sg.read_statements(path, mapping=companion_mapping(path), on_error="skip")
    assert back == nato
    assert sg.coalitions(back).to_dict() == sg.coalitions(nato).to_dict()
    # The table alone has no bloc members: the stances with exceptions are bad rows.
    excepting = [s.id for s in nato.stances if s.except_]
    with pytest.warns(sg.SkippedRowsWarning,
                      match=rf"skipped {len(excepting)} of {len(nato.stances)} rows") as caught:
        alone = sg.read_statements(path, on_error="skip")
    assert {p.field for p in caught[0].message.problems} == {"except"}
    assert {s.id: s for s in alone.stances} == {s.id: s for s in nato.stances
                                                 if s.id not in excepting}


def test_text_tables_through_loads_and_dumps(nato: sg.StanceGraph) -> None:
    # As text there is nothing to write beside the table: a warning names what is left out.
    with pytest.warns(sg.StanceGraphWarning, match=r"leaves out \d+ relations between actors"):
        text = sg.dumps(nato, format="jsonl")
    assert json.loads(text.splitlines()[0])["holder"] == nato.stances[0].holder
    g = sg.read_statements(EXAMPLES / "statements.csv",
                           mapping=EXAMPLES / "statements-mapping.yaml")
    with pytest.warns(sg.StanceGraphWarning, match=r"leaves out .*the wikidata of \d+ actors"):
        text = sg.dumps(g, format="csv")
    g = sg.loads(text, format="csv")
    assert len(g.stances) == 16
    with pytest.raises(sg.UnknownFormatError, match=r"binary format 'parquet'"):
        sg.dumps(nato, format="parquet")
    with pytest.raises(sg.UnknownFormatError, match=r"cannot read from text the format "
                                                    r"'parquet'"):
        sg.loads("x", format="parquet")


def test_written_tables_show_lists_as_json_and_absent_values_as_empty(folder: Path) -> None:
    g = sg.loads("""
actors: [{id: fr, type: State, name: France}]
positions: [{id: ceasefire, type: PolicyOption, name: Cease-fire},
            {id: ceasefire-first, type: PolicyOption, name: Cease-fire first}]
stances: [{id: s1, holder: fr, relation: supports, target: ceasefire,
           conditions: ["talks; then more talks", ceasefire-first], note: "a, b"}]
""")
    path = folder / "s.csv"
    sg.write_statements(g, path)
    row = next(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    assert json.loads(row["conditions"]) == ["ceasefire-first", "talks; then more talks"]
    assert row["date"] == "" and row["retracted"] == "false" and row["note"] == "a, b"
    assert path.read_bytes().count(b"\r\n") == 2  # RFC 4180 line ends


# -- the example -------------------------------------------------------------------------------

def test_the_example_table_loads_the_seed_debates_statements(nato: sg.StanceGraph) -> None:
    g = sg.read_statements(EXAMPLES / "statements.csv",
                           mapping=EXAMPLES / "statements-mapping.yaml")
    assert g.counts() == {"actors": 10, "positions": 11, "sources": 2, "relations": 0,
                          "stances": 16}
    seed = {(s.holder, s.relation, s.target, s.date, s.speaker, s.source, s.quote)
            for s in nato.stances}
    for s in g.stances:
        assert (s.holder, s.relation, s.target, s.date, s.speaker, s.source, s.quote) in seed
    assert [s.id for s in g.stances] == [str(n) for n in range(1, 17)]
    assert g.node("elysee-official") == sg.Person(id="elysee-official", name="an Elysee official")
    assert g.node("germany") == sg.State(id="germany", name="Germany", wikidata="Q183")
    assert g.node("bloomberg-2022-03-29") == sg.Source(id="bloomberg-2022-03-29",
                                                       title="Bloomberg 2022-03-29")
    assert g.node("send-tanks") == sg.PolicyOption(id="send-tanks", name="Send tanks")


def test_a_table_named_like_the_fields_needs_no_mapping() -> None:
    g = read_csv(csv_text([
        ["holder", "relation", "target", "date", "source", "speaker", "quote", "attribution",
         "confidence"],
        ["germany", "opposes", "abandon-founding-act", "2022-03-24", "https://example.org/a",
         "olaf-scholz", "No.", "anonymous", "0.5"],
    ]))
    (s,) = g.stances
    assert (s.id, s.speaker, s.attribution, s.confidence, str(s.date)) == (
        "germany.opposes.abandon-founding-act", "olaf-scholz", "anonymous", 0.5, "2022-03-24")
    assert s.source == "https://example.org/a" and "https://example.org/a" not in g.nodes
    assert g.node("germany").type == "Organization" and g.node("olaf-scholz").type == "Person"
    assert g.node("abandon-founding-act").type == "PolicyOption"


# -- mappings ----------------------------------------------------------------------------------

DNA_ROWS: list[list[Any]] = [
    ["organization", "person", "concept", "agreement"],
    ["Germany", "Olaf Scholz", "Abandon the Founding Act", 0],
    ["Poland", None, "Abandon the Founding Act", 1],
]
DNA_COLUMNS = {"holder": "organization", "speaker": "person", "target": "concept",
               "relation": "agreement"}


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(("yes", "no"), [(1, 0), ("1", "0"), (1.0, 0.0), (True, False),
                                         ("yes", "no"), ("TRUE", "false")])
def test_relation_values_are_mapped(folder: Path, fmt: str, yes: Any, no: Any) -> None:
    rows = [DNA_ROWS[0], [*DNA_ROWS[1][:3], no], [*DNA_ROWS[2][:3], yes]]
    if fmt == "parquet" and type(yes) is not type(no):
        pytest.skip("a Parquet column has one type")
    g = sg.read_statements(table_file(folder, rows, fmt), columns=DNA_COLUMNS,
                           relations={1: "supports", 0: "opposes"})
    assert [(s.holder, s.relation) for s in g.stances] == [("germany", "opposes"),
                                                           ("poland", "supports")]


def test_a_mapping_file_holds_columns_relations_and_types(folder: Path) -> None:
    mapping = folder / "mapping.yaml"
    mapping.write_text("columns: {holder: organization, speaker: person, target: concept,\n"
                       "          relation: agreement}\n"
                       "relations: {yes: supports, no: opposes}  # YAML: yes is true\n"
                       "types: {holder: state, target: Claim}\n", encoding="utf-8")
    g = sg.read_statements(table_file(folder, DNA_ROWS), mapping=mapping)
    assert [s.relation for s in g.stances] == ["opposes", "supports"]
    assert g.node("poland").type == "State" and g.node("olaf-scholz").type == "Person"
    assert g.node("abandon-the-founding-act").type == "Claim"
    # Arguments override the file's keys; JSON files and dicts work alike.
    json_mapping = folder / "mapping.json"
    json_mapping.write_text(json.dumps({"columns": DNA_COLUMNS}), encoding="utf-8")
    g = sg.read_statements(table_file(folder, DNA_ROWS), mapping=json_mapping,
                           relations={0: "skeptical-of", 1: "supports"})
    assert [s.relation for s in g.stances] == ["skeptical-of", "supports"]
    assert sg.read_statements(table_file(folder, DNA_ROWS), mapping={
        "columns": DNA_COLUMNS, "relations": {1: "supports", 0: "opposes"}}) is not None


def test_load_takes_the_table_options(folder: Path) -> None:
    g = sg.load(table_file(folder, DNA_ROWS), columns=DNA_COLUMNS,
                relations={1: "supports", 0: "opposes"})
    assert len(g.stances) == 2
    with pytest.raises(sg.ArgumentError, match=r"takes no option 'column'.*did you mean "
                                                     r"'columns'"):
        sg.load(table_file(folder, DNA_ROWS), column=DNA_COLUMNS)


@pytest.mark.parametrize(("text", "match"), [
    ("colums: {holder: a}\n", r"mapping\.yaml, line 1, mapping key colums: unknown mapping key "
                              r"'colums'.*did you mean 'columns'\?"),
    ("columns:\n  holdr: a\n", r"line 2, mapping key columns\.holdr: unknown field 'holdr'.*"
                               r"did you mean 'holder'\?"),
    ("relations: {1: support}\n", r"line 1, mapping key relations\.1: not a stance relation: "
                                  r"'support'.*did you mean 'supports'\?"),
    ("relations: {1: supports, '1.0': opposes}\n", r"1 and '1\.0' are the same value"),
    ("types: {holder: Claim}\n", r"not a type a holder can have: 'Claim'"),
    ("missing: 3\n", r"missing holds something else"),
    ("actors: {file: a.csv}\n", r"unknown key 'file'"),
    ("- a\n", r"holds a mapping at the top level"),
])
def test_a_bad_mapping_file_is_refused_with_its_line(folder: Path, text: str,
                                                     match: str) -> None:
    mapping = folder / "mapping.yaml"
    mapping.write_text(text, encoding="utf-8")
    with pytest.raises(sg.StanceGraphError, match=match):
        sg.read_statements(table_file(folder, DNA_ROWS), mapping=mapping)


def test_a_column_mapped_to_a_missing_column_suggests_one(folder: Path) -> None:
    with pytest.raises(sg.ParseError, match=r"statements\.csv, line 1: the table has no column "
                                            r"'organisation' for the holder.*did you mean "
                                            r"'organization'\?"):
        sg.read_statements(table_file(folder, DNA_ROWS), columns={"holder": "organisation"})


def test_missing_markers_mean_no_value(folder: Path) -> None:
    rows = [HEADER, ["germany", "opposes", "x", "NA", "", "NA", "NA"]]
    (s,) = sg.read_statements(table_file(folder, rows), missing=["NA"]).stances
    assert (s.date, s.source, s.speaker, s.quote) == (None, None, None, None)
    err = bad_rows(table_file(folder, rows))  # without it, NA is a date it cannot read
    assert [p.field for p in err.problems] == ["date"]


# -- lookup tables and names -------------------------------------------------------------------

def test_lookup_tables_give_ids_types_and_names(folder: Path) -> None:
    actors = table_file(folder, [
        ["id", "type", "name", "aliases", "wikidata"],
        ["germany", "State", "Germany", "Berlin; Federal Republic of Germany", "Q183"],
        ["olaf-scholz", "person", "Olaf Scholz", "", "Q61053"],
    ], name="actors")
    targets = table_file(folder, [["id", "type", "name"],
                                  ["founding-act", "Agreement", "Abandon the Founding Act"]],
                         fmt="jsonl", name="targets")
    rows = [DNA_ROWS[0], ["Berlin", "Olaf Scholz", "Abandon the Founding Act", 0],
            *DNA_ROWS[2:]]
    g = sg.read_statements(table_file(folder, rows), columns=DNA_COLUMNS,
                           relations={1: "supports", 0: "opposes"}, actors=actors,
                           targets=targets)
    assert [(s.holder, s.speaker, s.target) for s in g.stances] == [
        ("germany", "olaf-scholz", "founding-act"), ("poland", None, "founding-act")]
    assert g.node("germany").aliases == ("Berlin", "Federal Republic of Germany")
    assert g.node("olaf-scholz").wikidata == "Q61053"
    assert g.node("founding-act").type == "Agreement"
    assert g.node("poland").type == "Organization"  # not listed: the default


def test_a_bad_lookup_table_lists_its_bad_rows(folder: Path) -> None:
    actors = table_file(folder, [["id", "type", "name", "wikidata"],
                                 ["poland", "Sate", "Poland", "Q36"],
                                 ["germany", "State", "Germany", "Q183"],
                                 ["france", "State", "France", "183"],
                                 ["germany", "State", "Germany", ""]], name="actors")
    with pytest.raises(sg.BadRowsError, match=r"actors\.csv: 3 of 4 rows of the actors lookup "
                                              r"table are not valid") as caught:
        sg.read_statements(table_file(folder, DNA_ROWS), columns=DNA_COLUMNS, actors=actors)
    assert [(p.row, p.line, p.field) for p in caught.value.problems] == [
        (1, 2, "type"), (3, 4, "wikidata"), (4, 5, "id")]
    assert "did you mean 'State'?" in str(caught.value)


def test_a_lookup_table_gives_bloc_members_for_except(folder: Path) -> None:
    actors = table_file(folder, [["id", "type", "name", "members"],
                                 ["eu", "Bloc", "EU", "fr; de"], ["fr", "State", "France", ""],
                                 ["de", "State", "Germany", ""]], name="actors")
    table = table_file(folder, [["holder", "relation", "target", "except"],
                                ["eu", "supports", "sanctions", "de"]])
    (s,) = sg.read_statements(table, actors=actors).stances
    assert s.except_ == ("de",)
    actors.write_text("id,type,name,members\neu,Bloc,EU,fr; xx\nfr,State,France,\n",
                      encoding="utf-8")
    with pytest.raises(sg.UnknownIdError, match=r"node 'eu' of the lookup tables, field "
                                                r"'members': unknown actor 'xx'"):
        sg.read_statements(table, actors=actors)


def test_names_become_ids_and_stay_names(folder: Path) -> None:
    rows = [HEADER, ["Bündnis 90/Die Grünen", "supports", "Four-day week", "", "Die Zeit",
                     "Ricarda Lang", ""]]
    g = sg.read_statements(table_file(folder, rows))
    assert g.node("bundnis-90-die-grunen") == sg.Organization(id="bundnis-90-die-grunen",
                                                               name="Bündnis 90/Die Grünen")
    assert g.node("die-zeit") == sg.Source(id="die-zeit", title="Die Zeit")
    assert g.node("ricarda-lang").type == "Person"


def test_two_names_making_one_id_are_refused_not_merged(folder: Path) -> None:
    path = table_file(folder, [HEADER, ["Olaf Scholz", "supports", "x", "", "", "", ""],
                               ["Olaf  Scholz", "opposes", "y", "", "", "", ""],
                               ["★", "opposes", "y", "", "", "", ""]])
    err = bad_rows(path)
    assert [(p.row, p.line, p.field, p.value) for p in err.problems] == [
        (2, 3, "holder", "Olaf  Scholz"), (3, 4, "holder", "★")]
    assert "'Olaf Scholz' (row 1) and this name both make the id 'olaf-scholz'" in str(err)
    assert "cannot make an id from the name '★'" in str(err)
    assert "lookup table" in (err.problems[0].expected or "")


def test_a_source_title_taken_by_an_actor_is_refused(folder: Path) -> None:
    path = table_file(folder, [HEADER, ["Reuters", "supports", "x", "", "Reuters", "", ""],
                               ["Reuters", "opposes", "y", "", "https://x.org/a b", "", ""]])
    err = bad_rows(path)
    assert [(p.row, p.field) for p in err.problems] == [(1, "source"), (2, "source")]
    assert "which an actor or a target has" in err.problems[0].message
    assert "not a valid URL" in err.problems[1].message


def test_conflicting_types_and_roles_are_refused(folder: Path) -> None:
    path = table_file(folder, [
        ["holder", "relation", "target", "speaker", "holder_type", "target_type"],
        ["germany", "supports", "x", "", "State", "Claim"],
        ["germany", "opposes", "y", "", "Person", ""],
        ["france", "opposes", "germany", "germany", "State", ""],
        ["italy", "opposes", "x", "", "Claim", ""],
        ["spain", "opposes", "spain", "", "", ""],
    ])
    err = bad_rows(path)
    assert [(p.row, p.field) for p in err.problems] == [
        (2, "holder_type"), (3, "speaker"), (4, "holder_type"), (5, "target")]
    text = str(err)
    assert "'germany' has the type 'State' in row 1, and here 'Person'" in text
    assert "the speaker is a State: 'germany' (expected a Person (row 1 makes 'germany' a " \
           "State))" in text
    assert "not a type a holder can have: 'Claim'" in text
    assert "an actor cannot hold a stance on itself: 'spain'" in text


# -- the bad-row corpus ------------------------------------------------------------------------

CORPUS = [
    # (what is wrong, the row, the field, what the message says, what it says is expected)
    ("missing holder", ["", "supports", "x", "2022-03-24", "", "", "q"], "holder",
     "no holder", "the id or name of the actor"),
    ("unknown relation", ["germany", "agrees", "x", "", "", "", ""], "relation",
     "unknown relation value 'agrees'", "one of: supports, opposes, skeptical-of"),
    ("bad date", ["germany", "opposes", "x", "24/03/2022", "", "", ""], "date",
     "not a date '24/03/2022'", "YYYY-MM-DD"),
    ("no such day", ["germany", "opposes", "x", "2022-02-30", "", "", ""], "date",
     "not a calendar date (day is out of range for month) '2022-02-30'", "YYYY-MM-DD"),
]
FIRST = ["a", "supports", "x", "2022-03-20", "s", "", "Yes."]


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(("what", "row", "field", "message", "expected"), CORPUS,
                         ids=[c[0] for c in CORPUS])
def test_a_bad_row_is_named_with_its_row_line_field_and_value(
        folder: Path, fmt: str, what: str, row: list[Any], field: str | None, message: str,
        expected: str) -> None:
    path = table_file(folder, [HEADER, FIRST, row], fmt)
    err = bad_rows(path)
    problem = only(err)
    assert (problem.row, problem.field) == (2, field)
    assert problem.line == {"parquet": None, "jsonl": 2}.get(fmt, 3)  # JSON Lines: no header
    assert message in str(problem) and expected in (problem.expected or "")
    assert str(err).startswith(f"{path}: 1 of 2 rows is not a valid statement; nothing was "
                               f"loaded (on_error='skip' loads the other 1):")
    with pytest.warns(sg.SkippedRowsWarning, match=rf"(?s)skipped 1 of 2 rows.*{field}"):
        g = sg.read_statements(path, on_error="skip")
    assert len(g.stances) == 1 and g.stances[0].holder == "a"


def test_every_bad_row_is_listed_at_once(folder: Path) -> None:
    path = table_file(folder, [HEADER, FIRST, *[c[1] for c in CORPUS],
                               ["germany", "opposes", "y", "", "", "", ""]])
    err = bad_rows(path)
    assert err.rows == (2, 3, 4, 5)
    assert [(p.line, p.field) for p in err.problems] == [
        (3, "holder"), (4, "relation"), (5, "date"), (6, "date")]
    assert str(err).count("\n") == 4  # the summary line, then one line per problem
    with pytest.warns(sg.SkippedRowsWarning) as caught:
        g = sg.read_statements(path, on_error="skip")
    assert caught[0].message.problems == err.problems
    assert [s.holder for s in g.stances] == ["a", "germany"]


def test_many_rows_with_one_problem_are_summed_up(folder: Path) -> None:
    rows = [["holder", "relation", "target"]] + [[f"a{i}", "1", "x"] for i in range(1000)]
    err = bad_rows(table_file(folder, rows))
    assert len(err.problems) == 1000
    assert str(err).splitlines()[1] == (
        "  rows 1, 2, 3, 4, 5 and 995 more (lines 2, 3, 4, 5, 6, ...), field 'relation': "
        "unknown relation value '1' (expected one of: supports, opposes, skeptical-of -- map "
        "other values with relations={...}, e.g. {1: 'supports', 0: 'opposes'})")


def test_not_utf8_names_the_file_and_line(folder: Path) -> None:
    path = folder / "statements.csv"
    path.write_bytes("\ufeffholder,relation,target\ngermany,opposes,x\n".encode()
                     + b"fran\xe7e,opposes,x\n")
    with pytest.raises(sg.ParseError, match=r"statements\.csv, line 3: not UTF-8 text \(byte "
                                            r"\d+ cannot be decoded\) \(expected a file saved "
                                            r"as UTF-8\)"):
        sg.read_statements(path)
    path.write_bytes("\ufeffholder,relation,target\ngermany,opposes,x\n".encode())
    assert len(sg.read_statements(path).stances) == 1  # a byte order mark is fine


@pytest.mark.parametrize("fmt", ["csv", "tsv"])
def test_an_empty_file_is_refused(folder: Path, fmt: str) -> None:
    path = folder / f"statements.{fmt}"
    path.write_text("\n\n", encoding="utf-8")
    with pytest.raises(sg.ParseError, match=rf"statements\.{fmt}: the table is empty: it has "
                                            r"no header row"):
        sg.read_statements(path)


def test_header_only_and_empty_json_lines_are_empty_graphs(folder: Path) -> None:
    assert sg.read_statements(table_file(folder, [HEADER])) == sg.StanceGraph()
    (folder / "s.jsonl").write_text("", encoding="utf-8")
    assert sg.read_statements(folder / "s.jsonl") == sg.StanceGraph()


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_missing_required_column_suggests_the_closest(folder: Path, fmt: str) -> None:
    path = table_file(folder, [["holders", "relation", "target"], ["a", "supports", "x"]], fmt)
    with pytest.raises(sg.ParseError, match=r"statements\.\w+(, line 1)?: the table has no "
                                            r"holder column \(expected a column named "
                                            r"'holder', or columns=\{'holder': 'its name'\} "
                                            r"\(its columns: holders, relation, target\); did "
                                            r"you mean 'holders'\?\)"):
        sg.read_statements(path)


def test_rows_that_cannot_be_read_are_bad_rows(folder: Path) -> None:
    path = folder / "statements.csv"
    path.write_text('holder,relation,target\na,supports,x\nb,opposes\n"c\nd",supports,x,y\n',
                    encoding="utf-8")
    err = bad_rows(path)
    assert [(p.row, p.line, p.message) for p in err.problems] == [
        (2, 3, "the row has 2 cells, the header 3"), (3, 4, "the row has 4 cells, the header 3")]
    jsonl = folder / "statements.jsonl"
    jsonl.write_text('{"holder": "a", "relation": "supports", "target": "x"}\n\n[1]\n{"holder"\n',
                     encoding="utf-8")
    err = bad_rows(jsonl)
    assert [(p.row, p.line) for p in err.problems] == [(2, 3), (3, 4)]
    assert "the line holds a JSON list" in str(err) and "not valid JSON" in str(err)


@pytest.mark.parametrize(("cell", "message"), [
    ("1.5", "a confidence out of range: '1.5'"), ("high", "not a number 'high'"),
])
def test_confidence_and_ids(folder: Path, cell: str, message: str) -> None:
    path = table_file(folder, [["id", "holder", "relation", "target", "confidence"],
                               ["s1", "a", "supports", "x", cell],
                               ["S 2", "a", "opposes", "x", ""],
                               ["s1", "a", "opposes", "y", ""],
                               ["a", "b", "opposes", "y", ""]])
    err = bad_rows(path)
    assert [(p.row, p.field) for p in err.problems] == [
        (1, "confidence"), (2, "id"), (4, "id")]
    assert message in str(err) and "not an id: 'S 2'" in str(err)
    assert "the id of a node too: 'a'" in str(err)


def test_a_repeated_id_is_refused(folder: Path) -> None:
    path = table_file(folder, [["id", "holder", "relation", "target"],
                               ["s1", "a", "supports", "x"], ["s1", "a", "opposes", "x"]])
    assert "the id of row 1 too: 's1'" in str(only(bad_rows(path)))


@pytest.mark.parametrize(("cell", "date"), [
    ("2022-03-24", "2022-03-24"), ("2022-03-24T23:30:00-05:00", "2022-03-24"),
    ("2022-03-24 10:00", "2022-03-24"), ("2022-03-24T10:00:00.5Z", "2022-03-24"),
])
def test_dates_and_datetimes_give_the_date_as_written(cell: str, date: str) -> None:
    g = read_csv(f"holder,relation,target,date\na,supports,x,{cell}\n")
    assert str(g.stances[0].date) == date


@pytest.mark.parametrize("cell", [1648080000, 20220324, 2022, 44644.0, True])
def test_numbers_are_not_dates(folder: Path, cell: Any) -> None:
    path = table_file(folder, [["holder", "relation", "target", "date"],
                               ["a", "supports", "x", cell]], "jsonl")
    assert "is not a date" in only(bad_rows(path)).message


def test_a_stance_with_model_only_fields_goes_through_the_model(folder: Path) -> None:
    path = table_file(folder, [
        ["id", "holder", "relation", "target", "retracted", "superseded_by", "conditions"],
        ["s1", "a", "supports", "x", "yes", "s2", "y; free text"],
        ["s2", "a", "opposes", "x", "", "", ""],
        ["s3", "a", "opposes", "z", "maybe", "s9", ""],
        ["s4", "a", "opposes", "w", "", "s9", ""],
    ])
    err = bad_rows(path)
    assert [(p.row, p.field) for p in err.problems] == [(3, "retracted"), (4, "superseded_by")]
    assert "unknown stance 's9'" in str(err)
    with pytest.warns(sg.SkippedRowsWarning):
        g = sg.read_statements(path, on_error="skip")
    s1 = g.stance("s1")
    assert (s1.retracted, s1.superseded_by, s1.conditions) == (True, "s2", ("free text", "y"))
    assert g.node("y").type == "PolicyOption"


def test_on_error_must_be_fail_or_skip(folder: Path) -> None:
    with pytest.raises(sg.ArgumentError, match=r"on_error must be 'fail' or 'skip', not "
                                                    r"'ignore'"):
        sg.read_statements(table_file(folder, DNA_ROWS), on_error="ignore")


def test_a_table_reader_refuses_other_formats() -> None:
    with pytest.raises(sg.UnknownFormatError, match=r"not a statement table format: 'yaml'"):
        sg.read_statements(EXAMPLES / "nato_2022.yaml")


def test_a_parquet_file_that_is_not_one(folder: Path) -> None:
    path = folder / "statements.parquet"
    path.write_bytes(b"holder,relation,target\n")
    with pytest.raises(sg.ParseError, match=r"statements\.parquet: not a readable Parquet file"):
        sg.read_statements(path)


def test_parquet_without_pyarrow_says_how_to_install_it(folder: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    path = table_file(folder, [HEADER, FIRST], "parquet")
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    with pytest.raises(sg.MissingExtraError, match=r"a Parquet table needs the optional "
                       r"dependencies of stancegraph's 'parquet' extra \(expected pip install "
                       r"'stancegraph\[parquet\]'\)"):
        sg.read_statements(path)


# -- import_table: the command line's import -------------------------------------------------

def test_import_writes_the_graph_and_reports(folder: Path) -> None:
    out = folder / "debate.ttl"
    report = sg.import_table(EXAMPLES / "statements.csv", out,
                             mapping=EXAMPLES / "statements-mapping.yaml")
    assert (report.rows, report.stances, report.skipped, report.ignored_columns) == (
        16, 16, (), ("coder",))
    assert len(sg.load(out).stances) == 16
    assert json.loads(json.dumps(report.to_dict()))["stances"] == 16


def test_a_failed_import_writes_nothing(folder: Path) -> None:
    table = table_file(folder, [HEADER, FIRST, *[c[1] for c in CORPUS]])
    out = folder / "debate.yaml"
    with pytest.raises(sg.BadRowsError):
        sg.import_table(table, out)
    assert not out.exists()
    out.write_text("old\n", encoding="utf-8")
    with pytest.raises(sg.BadRowsError):
        sg.import_table(table, out)
    assert out.read_text(encoding="utf-8") == "old\n"
    assert sorted(p.name for p in folder.iterdir()) == ["debate.yaml", "statements.csv"]
    with pytest.raises(sg.UnknownFormatError, match="reads but does not write"):
        sg.import_table(table, folder / "debate.dna")


def test_an_import_that_skips_reports_every_skipped_row(folder: Path) -> None:
    table = table_file(folder, [HEADER, FIRST, *[c[1] for c in CORPUS]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the report is the account: no warning
        report = sg.import_table(table, folder / "debate.json", on_error="skip")
    assert report.skipped_rows == (2, 3, 4, 5) and report.stances == 1
    text = str(report)
    assert "skipped 4 rows that are not valid statements:" in text
    assert "line 4, row 3, field 'relation': unknown relation value 'agrees'" in text


# -- any input ---------------------------------------------------------------------------------

CELLS = ["", " ", "NA", "a", "b", "Germany", "Olaf Scholz", "東京", "supports", "opposes",
         "skeptical-of", "1", "0", "yes", "2022-03-24", "2022-02-30", "24/03/2022", "0.5", "2",
         "-1", "nan", "inf", "https://example.org/a", "http://bad url", "[1, 2]", '["x"]',
         "a; b", "on-record", "anonymous", "State", "Person", "Claim", "true", "\x00", '"',
         ",", "\n", "\r", "\t", "s1", "a.supports.b"]
COLUMNS = ["id", "holder", "relation", "target", "date", "source", "speaker", "quote",
           "attribution", "confidence", "conditions", "except", "retracted", "retracted_on",
           "superseded_by", "note", "holder_type", "target_type", "holder_name", "source_title",
           "other"]


@st.composite
def tables(draw: st.DrawFn) -> list[list[Any]]:
    header = draw(st.lists(st.sampled_from(COLUMNS), min_size=1, max_size=8, unique=True))
    cell = st.sampled_from(CELLS) | st.text(max_size=6) | st.none() | st.booleans() | \
        st.integers() | st.floats() | st.lists(st.sampled_from(CELLS), max_size=2) | \
        st.dictionaries(st.text(max_size=2), st.integers(), max_size=1)
    body = draw(st.lists(st.lists(cell, min_size=len(header), max_size=len(header)),
                         max_size=6))
    return [header, *body]


def load_or_error(path: Path, **options: Any) -> sg.StanceGraphError | None:
    """Read the table; return the StanceGraphError it raised, or None. Anything else fails."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", sg.SkippedRowsWarning)
            result = sg.read_statements(path, **options)
    except sg.StanceGraphError as err:
        return err
    assert isinstance(result, sg.StanceGraph)
    return None


@SETTINGS
@given(rows=tables(), fmt=st.sampled_from(["csv", "tsv", "jsonl"]),
       on_error=st.sampled_from(["fail", "skip"]))
def test_any_table_loads_or_raises_a_stancegraph_error(folder: Path, rows: list[list[Any]],
                                                       fmt: str, on_error: str) -> None:
    path = table_file(Path(tempfile.mkdtemp(dir=folder)), rows, fmt)
    err = load_or_error(path, on_error=on_error, relations={"yes": "supports"})
    if isinstance(err, sg.BadRowsError):
        assert err.problems and all(1 <= p.row <= len(rows) - 1 for p in err.problems)
        first_line = 1 if fmt == "jsonl" else 2  # JSON Lines has no header line
        assert all(p.line is not None and p.line >= first_line for p in err.problems)
        assert str(path) in str(err)


@SETTINGS
@given(data=st.binary(max_size=200) | st.text(max_size=200).map(str.encode),
       fmt=st.sampled_from(FORMATS))
def test_any_bytes_load_or_raise_a_stancegraph_error(folder: Path, data: bytes,
                                                     fmt: str) -> None:
    path = Path(tempfile.mkdtemp(dir=folder)) / f"statements.{fmt}"
    path.write_bytes(data)
    load_or_error(path)


def test_yaml_reads_relation_keys_as_booleans() -> None:
    # Why value_key treats yes/no as 1/0: PyYAML (YAML 1.1) reads `yes:` as True.
    assert yaml.safe_load("{yes: supports, no: opposes}") == {True: "supports",
                                                              False: "opposes"}


_PLAIN_CELL = st.text(st.characters(blacklist_characters='"\0\r\n,\t',
                                    blacklist_categories=["Cs"]), max_size=6)


@SETTINGS
@given(header=st.lists(st.text("abcxyz_ ", min_size=1, max_size=4), min_size=1, max_size=4,
                       unique=True),
       cells=st.lists(st.lists(_PLAIN_CELL, min_size=1, max_size=5), max_size=6),
       ending=st.sampled_from(["\n", "\r\n", "\r"]), delimiter=st.sampled_from([",", "\t"]))
def test_arrow_reads_quote_free_tables_as_the_csv_module_does(
        header: list[str], cells: list[list[str]], ending: str, delimiter: str) -> None:
    """Large quote-free CSV and TSV tables are read by Arrow (when pyarrow is installed), others
    by the csv module: both must give the same table."""
    from unittest import mock

    from stancegraph.io.tables import files as _table_files

    rows = [header, *cells]  # some rows narrower or wider than the header
    text = "".join(delimiter.join(row) + ending for row in rows)
    fmt = "csv" if delimiter == "," else "tsv"

    def read(arrow: bool) -> Any:
        with mock.patch.object(_table_files, "_arrow_delimited",
                               _table_files._arrow_delimited if arrow else
                               (lambda *args: None)):
            try:
                table = _table_files.read_table(text, fmt, "t.csv")
            except sg.StanceGraphError as err:
                return str(err)
        return (table.columns, table.rows, {c: v.tolist() for c, v in table.cells.items()},
                [str(p) for p in table.problems])

    assert read(True) == read(False)


def test_repeated_statements_are_statements(folder: Path) -> None:
    # In discourse network analysis the same thing said twice counts twice (issue 15): rows
    # repeating a statement are kept, each a stance, and de-duplicated only by the analysis.
    path = table_file(folder, [HEADER, FIRST, FIRST, FIRST,
                               ["a", "opposes", "x", "2022-03-21", "t", "", "No."]])
    g = sg.read_statements(path)
    assert [s.id for s in g.stances] == ["a.supports.x", "a.supports.x.2", "a.supports.x.3",
                                         "a.opposes.x"]
    from stancegraph.analysis import affiliation

    assert affiliation(g, level="stated", dedupe="none").positive.sum() == 3
    assert affiliation(g, level="stated", dedupe="document").positive.sum() == 1


def test_made_ids_step_past_the_ids_taken(folder: Path) -> None:
    # Rows without an id get holder.relation.target, then .2, .3, ... past every id taken
    # before: by another row (a target with a dot), by a node (a source), in row order.
    header = ["holder", "relation", "target", "source"]
    path = table_file(folder, [header, ["a", "supports", "x.2", ""], ["a", "supports", "x", ""],
                               ["a", "supports", "x", ""], ["b", "opposes", "y", ""]])
    assert [s.id for s in sg.read_statements(path).stances] == [
        "a.supports.x.2", "a.supports.x", "a.supports.x.3", "b.opposes.y"]
    path = table_file(folder, [header, ["b", "opposes", "y", "b.opposes.y"],
                               ["b", "opposes", "y", ""], ["c", "opposes", "y", ""]])
    assert [s.id for s in sg.read_statements(path).stances] == [
        "b.opposes.y.2", "b.opposes.y.3", "c.opposes.y"]


def test_reading_a_csv_table_imports_no_pandas(folder: Path) -> None:
    # pyarrow reads it; some of pyarrow's conversions import pandas (a second's import)
    import subprocess

    path = table_file(folder, [HEADER, FIRST, ["b", "opposes", "x", "", "", "", ""]])
    done = subprocess.run([sys.executable, "-c", "import sys, stancegraph as sg; "
                           f"sg.read_statements({str(path)!r}); print('pandas' in sys.modules)"],
                          capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


R_EVENTS = """"","statement_id","time","organization","concept","agreement","document_id"
"1",1,"2005-01-26","EEA","CO2",0,1
"2",2,"2005-01-26","EEA","CO2",0,1
"3",3,"2005-02-02","Senate","CO2",0,2
"4",4,"2005-02-02","Senate","CO2",1,2
"""


def test_an_event_list_as_r_writes_it(folder: Path) -> None:
    # write.csv's row names (an empty header) and numeric statement and document ids
    path = folder / "events.csv"
    path.write_text(R_EVENTS, encoding="utf-8")
    report = sg.import_table(path, folder / "events.yaml",
                             columns={"holder": "organization", "target": "concept",
                                      "relation": "agreement", "date": "time",
                                      "source": "document_id", "id": "statement_id"},
                             relations={1: "supports", 0: "opposes"})
    g = sg.load(folder / "events.yaml")
    assert [s.id for s in g.stances] == [f"statement-{n}" for n in (1, 2, 3, 4)]
    assert [s.source for s in g.stances] == ["1", "1", "2", "2"]
    assert report.ignored_columns == ("(row names)",) and report.stances == 4


def test_an_agreement_scale_gives_sign_and_strength(folder: Path) -> None:
    # DNA's integer qualifiers written out by R (issue 15): -1/+1 and 1-5 scales
    rows = [["holder", "relation", "target"], ["a", "5", "x"], ["b", "2", "x"],
            ["c", "3", "x"], ["d", "4", "x"], ["e", "9", "x"]]
    path = table_file(folder, rows)
    err = bad_rows(path, scale=(1, 5))
    assert [(p.row, p.message) for p in err.problems] == [
        (3, "at the middle of the agreement scale from 1 to 5 (neither supports nor opposes)"),
        (5, "not a value on the agreement scale from 1 to 5")]
    with pytest.warns(sg.SkippedRowsWarning):
        g = sg.read_statements(path, scale=(1, 5), on_error="skip")
    assert [(s.holder, s.relation, s.strength, s.intensity) for s in g.stances] == [
        ("a", "supports", 1.0, "agreement 5 on a scale from 1 to 5"),
        ("b", "opposes", 0.5, "agreement 2 on a scale from 1 to 5"),
        ("d", "supports", 0.5, "agreement 4 on a scale from 1 to 5")]
    from stancegraph.analysis import affiliation

    assert sorted(affiliation(g, level="stated").net.toarray().ravel().tolist()) == [
        -0.5, 0.5, 1.0]
    signed = table_file(folder, [["holder", "relation", "target"], ["a", "-1", "x"],
                                 ["b", "1", "x"]], name="signed")
    g = sg.read_statements(signed, mapping={"scale": [-1, 1]})
    assert [(s.relation, s.strength) for s in g.stances] == [("opposes", 1.0),
                                                            ("supports", 1.0)]
    with pytest.raises(sg.InvalidRecordError, match="scale holds something else"):
        sg.read_statements(signed, mapping={"scale": [1]})
