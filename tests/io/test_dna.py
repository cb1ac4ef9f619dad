"""Discourse Network Analyzer (DNA 3) databases, read directly: built here with sqlite3."""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
import tempfile
import warnings
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import stancegraph as sg
from tests.io.dna_builder import DnaBuilder, synthetic
from tests.test_cli import run

TEXT = ("Berlin, 1 March. Olaf Scholz said: \"We will not send tanks.\" 🙂 Friedrich Merz "
        "replied that Germany must send tanks now. The Greens agreed.")


def _debate(path: Path) -> Path:
    """A small debate using every field the reader maps."""
    with DnaBuilder(path) as db:
        db.variable("agreement")
        db.execute("INSERT INTO VARIABLES (Variable, DataType, StatementTypeId) VALUES "
                   "('intensity', 'integer', 1), ('comment', 'long text', 1), "
                   "('topic', 'short text', 1)")
        doc = db.document(TEXT, title="Tank debate", author="A. Reporter", source="Der Spiegel",
                          section="Politics", notes="front page", type="newspaper",
                          date=dt.date(2023, 1, 12))
        empty = db.document("No statements here.", title="  ", date=dt.date(2023, 1, 13))
        assert empty == 2
        db.entity("organization", "SPD", color=(227, 0, 15),
                  attributes={"Type": "Organisation", "Alias": "Social Democrats",
                              "Notes": "Social Democratic Party of Germany",
                              "Country": "Germany"})
        db.entity("organization", "Germany", attributes={"Type": "state"})
        db.entity("organization", "CDU", attributes={"Type": "party"})
        tanks = db.entity("concept", "Send tanks to Ukraine", color=None,
                          attributes={"Type": "Policy option"})
        db.entity("concept", "Send Leopard 2 tanks", child_of=tanks)
        db.entity("concept", "Russia will escalate", attributes={"Type": "Claim"})
        db.entity("person", "Olaf Scholz", attributes={"Type": "Chancellor"})
        db.entity("person", "Nobody Quoted")  # never in a statement: still an actor
        db.statement(doc, quote="We will not send tanks.", person="Olaf Scholz",
                     organization="SPD", concept="Send tanks to Ukraine", agreement=0)
        db.statement(doc, quote="Germany must send tanks now", person="Friedrich Merz",
                     organization="CDU", concept="Send Leopard 2 tanks", agreement=1,
                     intensity=3, comment="  strong wording ", topic="Defence")
        db.statement(doc, quote="The Greens agreed.", organization="Germany",
                     concept="Send tanks to Ukraine", agreement=1)
        db.statement(doc, quote="Olaf Scholz said", person="Olaf Scholz", organization="SPD",
                     concept="Russia will escalate", agreement=1)
    return path


@pytest.fixture(scope="module")
def debate_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _debate(tmp_path_factory.mktemp("dna") / "debate.dna")


@pytest.fixture(scope="module")
def debate(debate_file: Path) -> sg.StanceGraph:
    return sg.load(debate_file)


# -- the mapping, field by field ---------------------------------------------------------------

def test_documents_are_sources(debate: sg.StanceGraph) -> None:
    assert debate.node("document-1") == sg.Source(
        id="document-1", title="Tank debate", author="A. Reporter", publisher="Der Spiegel",
        date=dt.date(2023, 1, 12), description="front page",
        tags=["section:Politics", "type:newspaper"])
    # a blank title is named after the document; a document with no statements is kept
    assert debate.node("document-2") == sg.Source(id="document-2", title="DNA document 2",
                                                  date=dt.date(2023, 1, 13))


def test_organizations_are_actors_with_their_attributes_and_colour(
        debate: sg.StanceGraph) -> None:
    assert debate.node("spd") == sg.Organization(
        id="spd", name="SPD", aliases=["Social Democrats"],
        description="Social Democratic Party of Germany",
        tags=["color:#e3000f", "country:Germany"])
    assert debate.node("germany") == sg.State(id="germany", name="Germany")  # Type: state
    assert debate.node("cdu") == sg.Organization(id="cdu", name="CDU", tags=["type:party"])


def test_persons_are_people(debate: sg.StanceGraph) -> None:
    assert debate.node("olaf-scholz") == sg.Person(id="olaf-scholz", name="Olaf Scholz",
                                                   tags=["type:Chancellor"])
    assert debate.node("friedrich-merz") == sg.Person(id="friedrich-merz", name="Friedrich Merz")
    assert debate.node("nobody-quoted").type == "Person"


def test_concepts_are_positions(debate: sg.StanceGraph) -> None:
    assert debate.node("send-tanks-to-ukraine") == sg.PolicyOption(
        id="send-tanks-to-ukraine", name="Send tanks to Ukraine")
    assert debate.node("send-leopard-2-tanks") == sg.PolicyOption(
        id="send-leopard-2-tanks", name="Send Leopard 2 tanks", broader="send-tanks-to-ukraine")
    assert debate.node("russia-will-escalate") == sg.Claim(id="russia-will-escalate",
                                                           name="Russia will escalate")
    assert sg.narrower(debate, "send-tanks-to-ukraine") == ["send-leopard-2-tanks"]


def test_statements_are_stances(debate: sg.StanceGraph) -> None:
    assert debate.stance("statement-1") == sg.Stance(
        id="statement-1", holder="spd", relation="opposes", target="send-tanks-to-ukraine",
        date=dt.date(2023, 1, 12), source="document-1", speaker="olaf-scholz",
        quote="We will not send tanks.")
    # agreement 1 is supports; the other variables of the type are kept in the note; the
    # quote is cut at Java's UTF-16 offsets, past the emoji
    assert debate.stance("statement-2") == sg.Stance(
        id="statement-2", holder="cdu", relation="supports", target="send-leopard-2-tanks",
        date=dt.date(2023, 1, 12), source="document-1", speaker="friedrich-merz",
        quote="Germany must send tanks now",
        note="comment: strong wording; intensity: 3; topic: Defence")
    third = debate.stance("statement-3")
    assert (third.holder, third.relation, third.speaker) == ("germany", "supports", None)
    assert len(debate.stances) == 4


def test_speaks_for_relations_are_deduplicated(debate: sg.StanceGraph) -> None:
    relations = sorted((r.subject, r.relation, r.object) for r in debate.relations.values())
    assert relations == [("friedrich-merz", "speaks-for", "cdu"),
                         ("olaf-scholz", "speaks-for", "spd")]
    effective = sg.effective_stances(debate, holder="spd")
    assert {e.target for e in effective} == {"send-tanks-to-ukraine", "russia-will-escalate"}


def test_the_graph_is_valid_in_every_format(debate: sg.StanceGraph) -> None:
    assert sg.loads(sg.dumps(debate)) == debate
    assert sg.loads(sg.dumps(debate, format="turtle"), format="turtle") == debate


def test_statements_with_notes_and_without_take_the_same_checks(tmp_path: Path) -> None:
    # Stances with a note go through the models, the others through the bulk path.
    with DnaBuilder(tmp_path / "a.dna") as db:
        db.execute("INSERT INTO VARIABLES (Variable, DataType, StatementTypeId) "
                   "VALUES ('comment', 'long text', 1)")
        doc = db.document("Yes. No.")
        for i in range(4):
            db.statement(doc, quote="Yes.", organization=f"Org {i}", concept="Plan",
                         agreement=i % 2, **({"comment": "x"} if i % 2 else {}))
    g = sg.load(tmp_path / "a.dna")
    assert [s.id for s in g.stances] == [f"statement-{i}" for i in (1, 2, 3, 4)]  # DNA's order
    assert [s.note for s in g.stances] == [None, "comment: x", None, "comment: x"]


# -- ids from names ----------------------------------------------------------------------------

def test_ids_are_slugs_made_unique_in_a_documented_order(tmp_path: Path) -> None:
    with DnaBuilder(tmp_path / "ids.dna") as db:
        doc = db.document("Text.")
        db.entity("concept", "Müller")  # concepts come last, whatever their entity id
        db.entity("person", "Müller")
        db.entity("person", "Muller")
        db.entity("organization", "Müller")
        db.entity("organization", "Document 1")  # the id of document 1's source is reserved
        db.entity("organization", "Statement 1")  # and so are the stances' ids
        db.entity("organization", "???")
        db.statement(doc, start=0, stop=4, organization="Müller", concept="Müller", agreement=1)
    g = sg.load(tmp_path / "ids.dna")
    names = {id: node.name for id, node in g.nodes.items() if node.type != "Source"}
    # one value in several roles: the later nodes carry their role in their name and id, so
    # that no two nodes share a name (issue 15)
    assert names == {"muller": "Müller", "muller-2": "Muller",
                     "muller-organization": "Müller (organization)",
                     "document-1-2": "Document 1", "statement-1-2": "Statement 1",
                     "entity-7": "???", "muller-concept": "Müller (concept)"}
    assert (g.node("muller").type, g.node("muller-organization").type,
            g.node("muller-concept").type) == ("Person", "Organization", "PolicyOption")
    assert g.stance("statement-1").holder == "muller-organization"
    actors = [*g.actors.values(), *g.positions.values()]
    assert len({node.name for node in actors}) == len(actors)


# -- what is not a stance is reported ----------------------------------------------------------

def _with_skipped(path: Path) -> Path:
    with DnaBuilder(path) as db:
        doc = db.document("One. Two. Three. Four. Five. Six.")
        db.statement(doc, quote="One.", organization="A", concept="X", agreement=1)
        db.statement(doc, quote="Two.", organization="", concept="X", agreement=1)
        db.statement(doc, quote="Three.", organization="A", concept="", agreement=0)
        db.statement(doc, quote="Four.", organization="A", concept="X")  # no agreement
        db.statement(doc, quote="Five.", organization="A", concept="X", agreement=2)
        db.statement(doc, quote="Six.", type_id=3, note="An annotation")
        db.statement(doc, quote="Six.", type_id=2, narrator="Someone")
    return path


def test_statements_that_are_not_stances_are_skipped_and_reported(tmp_path: Path) -> None:
    path = _with_skipped(tmp_path / "skipped.dna")
    with pytest.warns(sg.SkippedStatementsWarning,
                      match=r"skipped\.dna: of 7 DNA statement\(s\), 1 skipped of type "
                      r"'Annotation' \(id 6\); 1 skipped of type 'NPF Story Element' \(id 7\); "
                      r"1 skipped with an agreement of 2 \(expected 1 or 0\) \(id 5\); 1 skipped "
                      r"with no agreement \(id 4\); 1 skipped with no concept \(id 3\); 1 "
                      r"skipped with no organization \(id 2\)") as caught:
        g = sg.load(path)
    assert [s.id for s in g.stances] == ["statement-1"]
    report = caught[0].message
    assert isinstance(report, sg.SkippedStatementsWarning) and report.skipped == {
        "of type 'Annotation'": [6], "of type 'NPF Story Element'": [7],
        "with an agreement of 2 (expected 1 or 0)": [5], "with no agreement": [4],
        "with no concept": [3], "with no organization": [2]}


def test_strict_refuses_statements_that_are_not_stances(tmp_path: Path) -> None:
    path = _with_skipped(tmp_path / "skipped.dna")
    with pytest.raises(sg.InvalidRecordError, match=r"skipped\.dna: DNA statements that are not "
                       r"stances in full: 1 of type 'Annotation' \(id 6\);.* -- or strict=False"):
        sg.load(path, strict=True)


def test_many_skipped_ids_are_shown_in_part(tmp_path: Path) -> None:
    with DnaBuilder(tmp_path / "many.dna") as db:
        doc = db.document("Note.")
        for _ in range(8):
            db.statement(doc, quote="Note.", type_id=3, note="x")
    with pytest.warns(sg.SkippedStatementsWarning, match=r"\(ids 1, 2, 3, 4, 5 and 3 more\)"):
        assert len(sg.load(tmp_path / "many.dna").stances) == 0


def test_a_span_outside_the_text_keeps_the_stance_without_its_quote(tmp_path: Path) -> None:
    with DnaBuilder(tmp_path / "span.dna") as db:
        doc = db.document("Short.  ")
        db.statement(doc, start=2, stop=40, organization="A", concept="X", agreement=1)
        db.statement(doc, start=6, stop=8, organization="A", concept="Y", agreement=1)
    with pytest.warns(sg.SkippedStatementsWarning,
                      match=r"1 kept without a quote, their span lying outside the document "
                      r"text \(id 1\)"):
        g = sg.load(tmp_path / "span.dna")
    # a span of whitespace is no quote, but nothing is lost
    assert [s.quote for s in g.stances] == [None, None]


def test_a_statement_type_can_be_chosen_by_its_label(tmp_path: Path) -> None:
    with DnaBuilder(tmp_path / "types.dna") as db:
        db.execute("UPDATE STATEMENTTYPES SET Label = 'Policy statement' WHERE ID = 1")
        db.statement(db.document("Yes."), quote="Yes.", organization="A", concept="X",
                     agreement=1)
    with pytest.raises(sg.InvalidRecordError, match=r"no statement type is labelled 'DNA "
                       r"Statement' \(expected one of: 'Policy statement', 'NPF Story Element', "
                       r"'Annotation'\)"):
        sg.load(tmp_path / "types.dna")
    g = sg.load(tmp_path / "types.dna", statement_type="Policy statement")
    assert [s.holder for s in g.stances] == ["a"]


def test_a_statement_type_without_the_variables_is_refused(tmp_path: Path) -> None:
    with DnaBuilder(tmp_path / "vars.dna") as db:
        db.execute("DELETE FROM VARIABLES WHERE Variable = 'concept' AND StatementTypeId = 1")
    with pytest.raises(sg.InvalidRecordError, match=r"STATEMENTTYPES ID 1: the statement type "
                       r"'DNA Statement' has no variable 'concept'"):
        sg.load(tmp_path / "vars.dna")
    with DnaBuilder(tmp_path / "kind.dna") as db:
        db.execute("UPDATE VARIABLES SET DataType = 'long text' WHERE Variable = 'agreement'")
    with pytest.raises(sg.InvalidRecordError, match=r"VARIABLES ID 4, field 'DataType': the "
                       r"variable 'agreement' has the wrong data type 'long text'"):
        sg.load(tmp_path / "kind.dna")


def test_an_integer_agreement_and_no_person_variable(tmp_path: Path) -> None:
    with DnaBuilder(tmp_path / "int.dna") as db:
        db.execute("DELETE FROM VARIABLES WHERE Variable = 'person' AND StatementTypeId = 1")
        db.execute("UPDATE VARIABLES SET DataType = 'integer' WHERE Variable = 'agreement'")
        db.statement(db.document("No."), quote="No.", organization="A", concept="X",
                     agreement=0)
    assert [s.relation for s in sg.load(tmp_path / "int.dna").stances] == ["opposes"]


# -- dates -------------------------------------------------------------------------------------

@pytest.mark.parametrize(("stored", "expected"), [
    (1_672_531_200, dt.date(2023, 1, 1)),  # seconds, as DNA 3 stores them
    (1_672_531_200_000, dt.date(2023, 1, 1)),  # milliseconds
    (-86_400, dt.date(1969, 12, 31)),
])
def test_document_dates(tmp_path: Path, stored: int, expected: dt.date) -> None:
    with DnaBuilder(tmp_path / "date.dna") as db:
        db.document("Text.", date=stored)
    assert sg.load(tmp_path / "date.dna").node("document-1").date == expected  # type: ignore


def test_a_date_out_of_range_is_refused(tmp_path: Path) -> None:
    with DnaBuilder(tmp_path / "date.dna") as db:
        db.document("Text.", date=10**17)
    with pytest.raises(sg.InvalidRecordError, match=r"DOCUMENTS ID 1, field 'Date': date out "
                       r"of range"):
        sg.load(tmp_path / "date.dna")


# -- files that are not DNA 3 databases --------------------------------------------------------

@pytest.mark.parametrize("version", ["2.0 beta 25", "30.1", "4.0.0", ""])
def test_other_versions_are_refused(tmp_path: Path, version: str) -> None:
    with DnaBuilder(tmp_path / "old.dna", version=version):
        pass
    with pytest.raises(sg.ParseError, match=rf"old\.dna: unsupported DNA database version "
                       rf"'{version}' \(expected a database of DNA 3"):
        sg.load(tmp_path / "old.dna")


@pytest.mark.parametrize("version", ["3.0.7", "3.0.10", "3.1.0"])
def test_dna_3_versions_are_read(tmp_path: Path, version: str) -> None:
    with DnaBuilder(tmp_path / "new.dna", version=version):
        pass
    assert sg.load(tmp_path / "new.dna").counts()["stances"] == 0


def test_a_database_without_a_version_is_refused(tmp_path: Path) -> None:
    with DnaBuilder(tmp_path / "x.dna") as db:
        db.execute("DELETE FROM SETTINGS WHERE Property = 'version'")
    with pytest.raises(sg.ParseError, match=r"x\.dna: not a DNA database: its SETTINGS table "
                       r"has no 'version' row"):
        sg.load(tmp_path / "x.dna")


@pytest.mark.parametrize("content", [b"actors: []\n", b"\x00" * 50, b"SQLite format 3\x00"])
def test_a_file_that_is_not_sqlite_is_refused(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "x.dna"
    path.write_bytes(content)
    with pytest.raises(sg.ParseError, match=r"x\.dna: (not an SQLite database|cannot read)"):
        sg.load(path)


def test_an_sqlite_file_of_another_program_is_refused(tmp_path: Path) -> None:
    with sqlite3.connect(tmp_path / "other.dna") as conn:
        conn.execute("CREATE TABLE notes (id INTEGER)")
    conn.close()
    with pytest.raises(sg.ParseError, match=r"other\.dna: not a DNA database: it has no "
                       r"SETTINGS table"):
        sg.load(tmp_path / "other.dna")
    (tmp_path / "empty.dna").write_bytes(b"")  # an empty file is an empty SQLite database
    with pytest.raises(sg.ParseError, match=r"empty\.dna: not a DNA database"):
        sg.load(tmp_path / "empty.dna")


def test_missing_tables_and_columns_are_named(tmp_path: Path) -> None:
    with DnaBuilder(tmp_path / "t.dna") as db:
        db.execute("DROP TABLE DATALONGTEXT")
        db.execute("DROP TABLE ATTRIBUTEVALUES")
    with pytest.raises(sg.ParseError, match=r"t\.dna: not a DNA 3 database: it has no table "
                       r"DATALONGTEXT, ATTRIBUTEVALUES \(expected"):
        sg.load(tmp_path / "t.dna")
    with DnaBuilder(tmp_path / "c.dna") as db:
        db.execute("ALTER TABLE ENTITIES DROP COLUMN Red")
    with pytest.raises(sg.ParseError, match=r"c\.dna: not a DNA 3 database: table ENTITIES "
                       r"has no column Red"):
        sg.load(tmp_path / "c.dna")


def test_a_value_of_the_wrong_kind_is_named(tmp_path: Path) -> None:
    with DnaBuilder(tmp_path / "v.dna") as db:
        db.document("Text.", date=0)
        db.execute("UPDATE DOCUMENTS SET Date = '2023-01-01'")
    with pytest.raises(sg.InvalidRecordError, match=r"v\.dna, DOCUMENTS ID 1, field 'Date': a "
                       r"value of the wrong kind \(text\) \(expected an integer\)"):
        sg.load(tmp_path / "v.dna")
    with DnaBuilder(tmp_path / "c.dna") as db:
        db.entity("person", "X", color=(0, 300, 0))
    with pytest.raises(sg.InvalidRecordError, match=r"ENTITIES ID 1, field 'Green': colour "
                       r"component out of range: 300"):
        sg.load(tmp_path / "c.dna")


def test_an_error_names_the_dna_record(tmp_path: Path) -> None:
    with DnaBuilder(tmp_path / "cycle.dna") as db:
        first = db.entity("concept", "A")
        second = db.entity("concept", "B", child_of=first)
        db.execute("UPDATE ENTITIES SET ChildOf = ? WHERE ID = ?", (second, first))
    with pytest.raises(sg.IntegrityError, match=r"cycle\.dna, ENTITIES ID [12], field "
                       r"'broader'"):
        sg.load(tmp_path / "cycle.dna")


# -- read-only, from files only ----------------------------------------------------------------

def test_the_file_is_not_modified(tmp_path: Path) -> None:
    path = _with_skipped(tmp_path / "keep.dna")
    os.utime(path, (1_600_000_000, 1_600_000_000))
    before, stat = path.read_bytes(), path.stat()
    with pytest.warns(sg.SkippedStatementsWarning):
        sg.load(path)
    with pytest.raises(sg.InvalidRecordError):
        sg.load(path, strict=True)
    assert path.read_bytes() == before and path.stat().st_mtime == stat.st_mtime
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keep.dna"]  # no journal left


def test_a_read_only_file_is_read(tmp_path: Path, debate_file: Path) -> None:
    path = tmp_path / "ro.dna"
    path.write_bytes(debate_file.read_bytes())
    path.chmod(0o444)
    assert len(sg.load(path).stances) == 4


def test_the_database_is_read_from_a_path_only(tmp_path: Path, debate_file: Path) -> None:
    with open(debate_file, "rb") as stream:
        with pytest.raises(sg.ParseError, match="read from its file path, not from an open "
                           "stream"):
            sg.load(stream, format="dna")
    with pytest.raises(sg.UnknownFormatError, match=r"cannot read from text the format 'dna'"):
        sg.loads("", format="dna")
    with pytest.raises(sg.ParseError, match="URLs are not fetched"):
        sg.load("https://example.org/debate.dna")
    with pytest.raises(FileNotFoundError):
        sg.load(tmp_path / "missing.dna")
    with pytest.raises(sg.ArgumentError, match=r"the dna reader takes no option 'strcit' "
                       r".*did you mean 'strict'"):
        sg.load(debate_file, strcit=True)
    odd = tmp_path / "a ?#%20 name.dna"  # characters a file: URI must escape
    odd.write_bytes(debate_file.read_bytes())
    assert len(sg.load(odd).stances) == 4


def test_dna_is_read_but_not_written(tmp_path: Path, debate: sg.StanceGraph) -> None:
    with pytest.raises(sg.UnknownFormatError, match=r"reads but does not write the format "
                       r"'dna' \(expected a format it writes: .*yaml\)"):
        sg.save(debate, tmp_path / "out.dna")
    with pytest.raises(sg.UnknownFormatError, match=r"reads but does not write"):
        sg.dumps(debate, format="dna")
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(sg.UnknownFormatError, match=r"'\.unknown' \(expected one of: .*dna "
                       r"\(\.dna, read only\), "):
        sg.load(tmp_path / "x.unknown")


# -- the command line --------------------------------------------------------------------------

def test_commands_read_dna_files(capsys: pytest.CaptureFixture[str], debate_file: Path) -> None:
    code, out, _ = run(capsys, "show", str(debate_file))
    assert code == 0 and "Olaf Scholz" in out
    code, out, _ = run(capsys, "coalitions", str(debate_file), "--level", "stated",
                       "--format", "json")
    assert code == 0 and "spd" in out and json.loads(out)
    code, out, _ = run(capsys, "validate", str(debate_file))
    assert code == 0 and "4 stances" in out


def test_commands_report_a_bad_dna_file_in_one_line(capsys: pytest.CaptureFixture[str],
                                                    tmp_path: Path) -> None:
    with DnaBuilder(tmp_path / "old.dna", version="2.0 beta 25"):
        pass
    code, out, err = run(capsys, "show", str(tmp_path / "old.dna"))
    assert code == 1 and out == "" and err.count("\n") == 1
    assert "unsupported DNA database version '2.0 beta 25'" in err


# -- many and random databases -----------------------------------------------------------------

def test_a_synthetic_database_loads_through_the_bulk_path(tmp_path: Path) -> None:
    synthetic(tmp_path / "big.dna", statements=3000, organizations=40, persons=120,
              concepts=30, documents=200)
    g = sg.load(tmp_path / "big.dna")
    assert g.counts() == {"actors": 160, "positions": 30, "sources": 200, "relations": 120,
                          "stances": 3000}
    assert sg.loads(sg.dumps(g, format="json"), format="json") == g


NAMES = st.sampled_from(["", " ", "SPD", "spd", "Müller", "Muller", "Ölaf", "?", "Document 1",
                         "Statement 2", "Greens", "ÉU"])


@dataclass(frozen=True)
class Row:
    """A random statement: of type 1 (DNA Statement), 2 or 3, on a random span."""

    type_id: int
    values: dict[str, str | int | None]
    document: int
    start: int
    length: int

    def complete(self) -> bool:
        organization, concept = self.values.get("organization"), self.values.get("concept")
        return (self.type_id == 1 and str(organization).strip() != ""
                and str(concept).strip() != "" and self.values.get("agreement") in (0, 1))


default_values = st.fixed_dictionaries({
    "person": NAMES, "organization": NAMES, "concept": NAMES,
    "agreement": st.sampled_from([0, 1, 1, None, 2])})
rows = st.builds(Row, type_id=st.sampled_from([1, 1, 1, 2, 3]), values=default_values,
                 document=st.integers(1, 2), start=st.integers(0, 30),
                 length=st.integers(1, 30))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(statements=st.lists(rows, max_size=12),
       texts=st.lists(st.text(max_size=40), min_size=2, max_size=2),
       colors=st.lists(st.tuples(*[st.integers(0, 255)] * 3), max_size=3))
def test_random_databases_load_with_one_stance_per_complete_statement(
        statements: list[Row], texts: list[str], colors: list[tuple[int, int, int]]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "random.dna"
        with DnaBuilder(path) as db:
            for text in texts:
                db.document(text)
            for color, name in zip(colors, ["SPD", "Greens", "Müller"], strict=False):
                db.entity("organization", name, color=color, attributes={"Alias": name})
            for row in statements:
                db.statement(row.document, type_id=row.type_id, start=row.start,
                             stop=row.start + row.length,
                             **(row.values if row.type_id == 1 else {}))
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            g = sg.load(path)
        expected = [f"statement-{i}" for i, row in enumerate(statements, 1) if row.complete()]
        assert [s.id for s in g.stances] == expected
        reports = [w.message for w in caught if isinstance(w.message, sg.SkippedStatementsWarning)]
        assert len(caught) == len(reports) <= 1
        skipped = {reason: ids for report in reports for reason, ids in report.skipped.items()
                   if not reason.startswith("kept")}
        assert sum(map(len, skipped.values())) == len(statements) - len(expected)
        assert sg.loads(sg.dumps(g)) == g


@settings(max_examples=30, deadline=None)
@given(data=st.data())
def test_a_damaged_database_loads_or_raises_a_stancegraph_error(
        data: st.DataObject, debate_file: Path) -> None:
    content = bytearray(debate_file.read_bytes())
    for _ in range(data.draw(st.integers(1, 20))):
        content[data.draw(st.integers(0, len(content) - 1))] = data.draw(st.integers(0, 255))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "damaged.dna"
        path.write_bytes(bytes(content))
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", sg.SkippedStatementsWarning)
                sg.load(path)
        except sg.StanceGraphError:
            pass


def test_commands_report_skipped_statements_as_one_warning_line(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    with DnaBuilder(tmp_path / "partial.dna") as dna:
        doc = dna.document("Germany backs tanks. Someone said something.")
        dna.statement(doc, quote="Germany backs tanks.", organization="Germany",
                      concept="tanks", agreement=1)
        dna.statement(doc, quote="Someone said something.", organization="Someone")
    code, out, err = run(capsys, "validate", str(tmp_path / "partial.dna"))
    assert code == 0 and "1 stances" in out
    assert err.startswith("stancegraph: warning: ") and err.count("\n") == 1
    assert "SkippedStatementsWarning" not in err


def test_every_bad_statement_is_named_at_once(tmp_path: Path) -> None:
    # Notes holding a NUL character: no stance may hold one. Both statements are named, by
    # their DNA ids, in one error; nothing is loaded. (A quote holding one is dropped instead,
    # and the statement kept: see the next test.)
    with DnaBuilder(tmp_path / "nul.dna") as db:
        db.execute("INSERT INTO VARIABLES (Variable, DataType, StatementTypeId) "
                   "VALUES ('comment', 'long text', 1)")
        doc = db.document("Yes. Fine. No.")
        db.statement(doc, quote="Yes.", organization="Org A", concept="Plan", agreement=1,
                     comment="a\x00")
        db.statement(doc, quote="Fine.", organization="Org B", concept="Plan", agreement=1)
        db.statement(doc, quote="No.", organization="Org C", concept="Plan", agreement=0,
                     comment="b\x00")
    with pytest.raises(sg.InvalidRecordError) as info:
        sg.load(tmp_path / "nul.dna")
    err = info.value
    assert err.file == str(tmp_path / "nul.dna")
    assert [(e.record, e.field) for e in (err, *err.others)] == [
        ("STATEMENTS ID 1", "note"), ("STATEMENTS ID 3", "note")]
    assert str(err).startswith(f"{tmp_path / 'nul.dna'}, STATEMENTS ID 1, field 'note'")
    assert "\n  and 1 more:\n  STATEMENTS ID 3, field 'note'" in str(err)


def test_a_quote_no_text_may_hold_is_left_out_and_reported(tmp_path: Path) -> None:
    with DnaBuilder(tmp_path / "nul.dna") as db:
        doc = db.document("Yes\x00. Fine.")
        db.statement(doc, quote="Yes\x00.", organization="Org A", concept="Plan", agreement=1)
        db.statement(doc, quote="Fine.", organization="Org B", concept="Plan", agreement=1)
    with pytest.warns(sg.SkippedStatementsWarning, match=r"1 kept without a quote, their span "
                      r"holding a NUL or a lone surrogate, which no text may hold \(id 1\)"):
        g = sg.load(tmp_path / "nul.dna")
    assert [s.quote for s in g.stances] == [None, "Fine."]


def _as_integer_agreement(path: Path, values: dict[int, int]) -> Path:
    """The database with its agreement made an integer variable, 0 and 1 coded as ``values``."""
    conn = sqlite3.connect(path)
    (variable,) = conn.execute("SELECT ID FROM VARIABLES WHERE Variable = 'agreement' AND "
                               "StatementTypeId = 1").fetchone()
    conn.execute("UPDATE VARIABLES SET DataType = 'integer' WHERE ID = ?", (variable,))
    for statement, value in conn.execute("SELECT StatementId, Value FROM DATABOOLEAN WHERE "
                                         "VariableId = ?", (variable,)).fetchall():
        conn.execute("INSERT INTO DATAINTEGER (StatementId, VariableId, Value) VALUES (?, ?, ?)",
                     (statement, variable, values[value]))
    conn.execute("DELETE FROM DATABOOLEAN WHERE VariableId = ?", (variable,))
    conn.commit()
    conn.close()
    return path


def test_an_integer_agreement_scale_gives_sign_and_strength(tmp_path: Path) -> None:
    from tests.io.dna_sample import build_sample

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", sg.SkippedStatementsWarning)
        boolean = sg.load(build_sample(tmp_path / "b.dna"))
        # the sample coded -1/+1 (issue 15: 11 of its 40 statements were lost)
        signed = sg.load(_as_integer_agreement(build_sample(tmp_path / "s.dna"), {0: -1, 1: 1}))
    assert [(s.id, s.relation) for s in signed.stances] == [
        (s.id, s.relation) for s in boolean.stances]
    assert {s.strength for s in signed.stances} == {1.0}
    assert signed.stances[0].intensity == "agreement -1 on a scale from -1 to 1"
    # a 1-5 scale: 1 and 5 full strength, 2 and 4 half, 3 (the middle) neither
    with DnaBuilder(tmp_path / "five.dna") as db:
        doc = db.document("Text.")
        for k, score in enumerate((1, 2, 3, 4, 5)):
            db.statement(doc, start=0, stop=1, organization=f"Org {k}", concept="Plan",
                         agreement=score)
    _as_integer_agreement(tmp_path / "five.dna", {v: v for v in range(1, 6)})
    with pytest.warns(sg.SkippedStatementsWarning,
                      match=r"1 skipped at the middle of the agreement scale from 1 to 5 \(neither "
                            r"supports nor opposes\) \(id 3\)"):
        five = sg.load(tmp_path / "five.dna")
    assert [(s.holder, s.relation, s.strength) for s in five.stances] == [
        ("org-0", "opposes", 1.0), ("org-1", "opposes", 0.5), ("org-3", "supports", 0.5),
        ("org-4", "supports", 1.0)]
    # the signed projection weighs each stance by its strength
    aff = sg.affiliation(five, level="stated")
    assert sorted(v for v in aff.net.toarray().ravel().tolist() if v) == [-1.0, -0.5, 0.5, 1.0]
