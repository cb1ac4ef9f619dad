"""DNA's networks in Python: the values DNA's authors publish for their sample database, cells
worked out by hand on databases in DNA 3's schema, and invariance to statement order.

References (repository leifeld/dna; docs/dna-networks.md lists the versions read):
``test-network.R`` is rDNA/rDNA/tests/testthat/test-network.R, ``test-backbone.R`` the backbone
tests beside it, ``manual`` the worked examples of manual/dna-manual.Rnw ("Exporting the Coded
Data", section named in each case).
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import stancegraph as sg
from stancegraph.analysis.dna_network import dna_network
from stancegraph.analysis.dna_statements import DnaStatements, week_number
from stancegraph.io.dna.table import read_dna_statements
from tests.io.dna_builder import DnaBuilder
from tests.io.dna_sample import build_sample

SAMPLE = Path("/work/shared/dna/sample.dna")
needs_sample = pytest.mark.skipif(not SAMPLE.exists(), reason="DNA's sample database is not here")

ASE = "Alliance to Save Energy"
EEA = "Energy and Environmental Analysis, Inc."
EPA = "Environmental Protection Agency"
NPRA = "National Petrochemical & Refiners Association"
SEN = "Senate"
SC = "Sierra Club"
PIRG = "U.S. Public Interest Research Group"
C1 = "CO2 legislation will not hurt the economy."
C2 = "Cap and trade is the solution."
C5 = "Emissions legislation should regulate CO2."
C6 = "There should be legislation to regulate emissions."


@pytest.fixture(scope="module", params=["original", "rebuilt"])
def sample(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
           ) -> DnaStatements:
    """DNA's sample database: the original where it is at hand, and rebuilt from its coded
    statements (tests/io/dna_sample.py) everywhere, so CI checks the values either way."""
    if request.param == "original":
        if not SAMPLE.exists():
            pytest.skip("DNA's sample database is not here (the rebuilt copy is tested)")
        return read_dna_statements(SAMPLE)
    return read_dna_statements(build_sample(tmp_path_factory.mktemp("dna") / "sample.dna"))


@needs_sample
def test_the_rebuilt_sample_holds_the_original_s_statements(tmp_path: Path) -> None:
    original = read_dna_statements(SAMPLE)
    rebuilt = read_dna_statements(build_sample(tmp_path / "sample.dna"))
    for name in ("ids", "documents", "times", "starts", "stops", "date_range", "kinds"):
        assert getattr(rebuilt, name) == getattr(original, name), name
    assert rebuilt.variables == original.variables
    assert rebuilt.document_fields == original.document_fields


def net(table: DnaStatements, **options: Any) -> sg.analysis.dna_network.DnaNetwork:
    return dna_network(table, **options)


# -- the published values ------------------------------------------------------------------------

def test_the_default_two_mode_network(sample: DnaStatements) -> None:
    nw = net(sample)  # test-network.R:16-29 (dim 7x6, sum 40, labels, "Ener* 2 0", start/stop)
    assert nw.matrix.shape == (7, 6) and nw.matrix.sum() == 40
    assert nw.row_labels[0] == ASE and nw.column_labels[:2] == (C1, C2)  # Java's string order
    assert nw.cell(EEA, C1) == 2 and nw.cell(EEA, C2) == 0
    assert (nw.start, nw.stop, nw.num_statements) == (
        dt.datetime(2005, 1, 26), dt.datetime(2005, 2, 16), 40)
    assert np.count_nonzero(nw.matrix) == 22  # test-network.R:59, the tidygraph's 22 edges
    # manual, "File Format": the concept x organization table, printed in full
    printed = [[0, 2, 1, 2, 2, 2, 1], [0, 0, 0, 0, 0, 0, 1], [1, 0, 0, 0, 0, 1, 1],
               [0, 0, 0, 0, 0, 1, 2], [2, 2, 0, 0, 1, 1, 1], [1, 0, 10, 2, 2, 1, 0]]
    transposed = net(sample, variable1="concept", variable2="organization")
    assert transposed.matrix.tolist() == printed
    assert transposed.column_labels == (ASE, EEA, EPA, NPRA, SEN, SC, PIRG)


def test_the_default_one_mode_network(sample: DnaStatements) -> None:
    nw = net(sample, network_type="onemode")  # test-network.R:31-43
    assert nw.matrix.shape == (7, 7) and nw.matrix.sum() == 276
    assert nw.cell(EPA, ASE) == 10 and nw.cell(EPA, EEA) == 2
    assert nw.row_labels[:2] == (ASE, EEA) and np.all(np.diag(nw.matrix) == 0)
    assert np.count_nonzero(np.triu(nw.matrix, 1)) == 21  # test-network.R:70
    assert nw.cell(SEN, SC) == 7  # manual, "Qualifier Aggregation", one-mode ignore


@pytest.mark.parametrize(("aggregation", "cell"), [
    ("congruence", 2), ("conflict", 5), ("subtract", -3)])  # manual, one-mode aggregations
def test_senate_and_sierra_club_under_each_aggregation(sample: DnaStatements, aggregation: str,
                                                       cell: float) -> None:
    nw = net(sample, network_type="onemode", qualifier_aggregation=aggregation)
    assert nw.cell(SEN, SC) == cell == nw.cell(SC, SEN)


def test_average_congruence_as_dna_normalises(sample: DnaStatements) -> None:
    nw = net(sample, network_type="onemode", qualifier_aggregation="congruence",
             normalization="average")  # test-network.R:80-94 (B)
    assert nw.matrix.shape == (7, 7) and round(nw.matrix.sum()) == 26
    assert nw.cell(EPA, SEN) == pytest.approx(22 / ((11 + 5) / 2))  # 2.75, issue 15's figure
    excluded = net(sample, network_type="onemode", qualifier_aggregation="congruence",
                   normalization="average",
                   exclude_values={"concept": [C6], "organization": [SEN, SC]})  # :96-118
    assert excluded.matrix.shape == (5, 5) and round(excluded.matrix.sum()) == 10
    only = net(sample, network_type="onemode", qualifier_aggregation="congruence",
               normalization="average", exclude_sections=["1"], invert_sections=True)  # :120
    assert only.matrix.shape == (4, 4)


def test_dna_s_cosine_and_jaccard(sample: DnaStatements) -> None:
    # Issue 15: DNA's cosine divides by n_i * n_j (Sierra Club 6, PIRG 6 statements)
    cosine = net(sample, network_type="onemode", normalization="cosine")
    ignore = net(sample, network_type="onemode")
    assert cosine.cell(SC, PIRG) == pytest.approx(ignore.cell(SC, PIRG) / 36)
    assert cosine.cell(SC, PIRG) == pytest.approx(1 / 6)
    # jaccard on (concept, agreement) cells, m11 a product: NPRA-Sierra conflict, once per
    # document: conflict 2 / (m10 2 + m01 5 + m11 0)
    jaccard = net(sample, network_type="onemode", qualifier_aggregation="conflict",
                  normalization="jaccard", duplicates="document")
    assert jaccard.cell(NPRA, SC) == pytest.approx(2 / 7)  # 0.286, issue 15's figure


def test_two_mode_aggregations(sample: DnaStatements) -> None:
    subtract = net(sample, qualifier_aggregation="subtract")  # manual, two-mode subtract
    assert subtract.cell(NPRA, C1) == -2 and subtract.cell(NPRA, C6) == -2
    combine = net(sample, qualifier_aggregation="combine", duplicates="document")  # rDNA chapter
    assert combine.matrix.shape == (7, 6) and combine.cell(EEA, C5) == 3
    assert sorted(combine.matrix[:, combine.column_labels.index(C6)].tolist()) == [
        0, 0, 1, 1, 1, 1, 2]


def test_duplicates(sample: DnaStatements) -> None:
    # manual, "Duplicates": across the range every cell is 0 or 1, but EEA contradicted itself
    across = net(sample, duplicates="acrossrange")
    assert set(np.unique(across.matrix)) <= {0, 1}
    per_document = net(sample, duplicates="document")  # issue 15: 22 in DNA
    assert per_document.matrix.sum() == 22
    # test-backbone.R:196: numStatementsFull 23 -- the backbone keeps the qualifier apart
    assert net(sample, duplicates="document", qualifier_aggregation="subtract"
               ).num_statements == 23
    kept_apart = net(sample, duplicates="acrossrange", qualifier_aggregation="combine")
    assert kept_apart.cell(EEA, C5) == 3  # supports and opposes: both kept


def test_other_variables_and_documents_as_nodes(sample: DnaStatements) -> None:
    persons = net(sample, variable2="person")  # manual, "Variable 1 and 2"
    column = persons.matrix[:, persons.column_labels.index("Christine Todd Whitman")]
    assert np.count_nonzero(column) == 1 and persons.cell(EPA, "Christine Todd Whitman") == 11
    authors = net(sample, variable1="author", variable1_document=True)
    assert authors.row_labels[0] == "Bluestein, Joel" and authors.matrix.sum() == 40
    sections = net(sample, network_type="onemode", variable1="section",
                   variable1_document=True)
    assert sections.row_labels == ("1", "867", "876")


def test_the_date_range_is_inclusive(sample: DnaStatements) -> None:
    # manual, "Time Series Options": from 27 January the first hearing (26 January) is out
    later = net(sample, start=dt.date(2005, 1, 27))
    assert later.num_statements == 36 and EEA not in later.row_labels
    assert net(sample, stop="2005-02-16").num_statements == 40
    assert net(sample, stop="2005-02-15T23:59:59").num_statements == 24  # documents 1 to 4
    assert net(sample, isolates=True, start=dt.date(2005, 1, 27)).matrix.shape == (6, 6)


# -- databases with integer scales and several years, worked out by hand --------------------------

def _scale_db(path: Path) -> Path:
    with DnaBuilder(path) as db:
        kind = db.statement_type("Scale", {"organization": "short text",
                                           "concept": "short text", "score": "integer"})
        doc = db.document("text", date=dt.date(2019, 1, 7))
        for organization, concept, score in (("A", "x", 1), ("B", "x", 5), ("C", "x", 3),
                                             ("A", "y", 3), ("B", "y", 3), ("D", "z", 7)):
            db.statement(doc, start=0, stop=1, type_id=kind, organization=organization,
                         concept=concept, score=score)
    return path


def test_an_integer_scale_weighs_each_pair_by_its_distance(tmp_path: Path) -> None:
    table = read_dna_statements(_scale_db(tmp_path / "scale.dna"), statement_type="Scale")
    assert table.kinds["score"] == "integer"
    options = {"network_type": "onemode", "qualifier": "score"}
    # levels 1, 3, 5, 7: range 6. A-B: x |1-5|/6, y 0; A-C: x |1-3|/6; B-C: x |5-3|/6
    congruence = net(table, qualifier_aggregation="congruence", **options)
    assert congruence.cell("A", "B") == pytest.approx((1 - 4 / 6) + 1)
    assert congruence.cell("A", "C") == pytest.approx(1 - 2 / 6)
    conflict = net(table, qualifier_aggregation="conflict", **options)
    assert conflict.cell("A", "B") == pytest.approx(4 / 6)
    subtract = net(table, qualifier_aggregation="subtract", **options)
    assert subtract.cell("B", "C") == pytest.approx((1 - 2 / 6) - 2 / 6)
    # D's statement is excluded, but its 7 still sets the range (DNA takes the levels from
    # every loaded statement)
    without_d = net(table, qualifier_aggregation="congruence",
                    exclude_values={"organization": ["D"]}, **options)
    assert without_d.row_labels == ("A", "B", "C")
    assert without_d.cell("A", "C") == pytest.approx(1 - 2 / 6)
    two_mode = net(table, qualifier="score", qualifier_aggregation="subtract")
    assert two_mode.cell("A", "y") == 3 and two_mode.cell("B", "x") == 5  # sums of the scores
    combine = net(table, qualifier="score", qualifier_aggregation="combine")
    # levels 1, 3, 5, 7 as bits 8, 4, 2, 1 (the first level the most significant)
    assert (combine.cell("A", "x"), combine.cell("C", "x"), combine.cell("D", "z")) == (8, 4, 1)
    activity = net(table, qualifier="score", qualifier_aggregation="subtract",
                   normalization="activity")
    assert activity.cell("A", "y") == pytest.approx(3 / 2)  # A's sum over its 2 statements


def _years_db(path: Path) -> Path:
    with DnaBuilder(path) as db:
        for day in (dt.date(2019, 1, 7), dt.date(2020, 1, 20), dt.date(2021, 1, 11)):
            doc = db.document("text", date=day)
            db.statement(doc, start=0, stop=1, organization="A", concept="x", agreement=1)
    return path


def test_months_and_weeks_compare_without_the_year_as_dna_does(tmp_path: Path) -> None:
    table = read_dna_statements(_years_db(tmp_path / "years.dna"))
    # 7 Jan 2019 and 11 Jan 2021 are both ISO week 2; 20 Jan 2020 is week 4; all in January
    assert [week_number(t.date()) for t in table.times] == [2, 4, 2]
    assert net(table, duplicates="year").matrix.sum() == 3
    assert net(table, duplicates="month").matrix.sum() == 1  # DNA: every January is one month
    assert net(table, duplicates="month", weeks="calendar").matrix.sum() == 3
    assert net(table, duplicates="week").matrix.sum() == 2  # weeks 2 and 4
    assert net(table, duplicates="week", weeks="calendar").matrix.sum() == 3
    # with a US locale, DNA's weeks start on Sunday and week 1 holds 1 January: 7 Jan 2019 is
    # week 2, 20 Jan 2020 week 4, 11 Jan 2021 week 3 -- the same file gives another network
    assert [week_number(t.date(), "dna-us") for t in table.times] == [2, 4, 3]
    assert net(table, duplicates="week", weeks="dna-us").matrix.sum() == 3


def test_a_text_qualifier_counts_categories(tmp_path: Path) -> None:
    rows = [{"organization": o, "concept": "x", "frame": f}
            for o, f in (("A", "p"), ("A", "p"), ("B", "q"), ("C", "p"))]
    table = DnaStatements.from_rows(rows, kinds={"organization": "short text",
                                                 "concept": "short text",
                                                 "frame": "short text"})
    options = {"network_type": "onemode", "qualifier": "frame"}
    # A says p twice, B q once: conflict adds the counts on categories only one used (2 + 1)
    assert net(table, qualifier_aggregation="conflict", **options).cell("A", "B") == 3
    assert net(table, qualifier_aggregation="congruence", **options).cell("A", "C") == 2
    assert net(table, qualifier_aggregation="subtract", **options).cell("A", "C") == 2


def test_arguments_dna_would_replace_silently_are_refused(sample: DnaStatements) -> None:
    with pytest.raises(sg.ArgumentError, match="twomode network cannot use this qualifier"):
        net(sample, qualifier_aggregation="congruence")
    with pytest.raises(sg.ArgumentError, match="onemode network cannot use this normalization"):
        net(sample, network_type="onemode", normalization="activity")
    with pytest.raises(sg.ArgumentError, match="unknown duplicates 'weekly'"):
        net(sample, duplicates="weekly")  # type: ignore[arg-type]
    with pytest.raises(sg.ArgumentError, match="has no variable 'actor'"):
        net(sample, variable1="actor")


# -- order -------------------------------------------------------------------------------------

_statement = st.fixed_dictionaries({
    "organization": st.sampled_from(["A", "B", "C", "D", ""]),
    "concept": st.sampled_from(["x", "y", "z"]),
    "agreement": st.sampled_from([0, 1]),
    "time": st.dates(dt.date(2019, 1, 1), dt.date(2021, 12, 31)),
    "document": st.integers(1, 4)})


@settings(max_examples=60, deadline=None)
@given(st.lists(_statement, min_size=1, max_size=25), st.randoms(use_true_random=False))
def test_networks_do_not_depend_on_the_order_statements_are_stored_in(
        rows: list[dict[str, Any]], rng: random.Random) -> None:
    for k, row in enumerate(rows):
        row["id"] = k + 1
    kinds = {"organization": "short text", "concept": "short text", "agreement": "boolean"}
    shuffled = rows[:]
    rng.shuffle(shuffled)
    a = DnaStatements.from_rows(rows, kinds=kinds)
    b = DnaStatements.from_rows(shuffled, kinds=kinds)
    for options in ({}, {"qualifier_aggregation": "combine", "duplicates": "document"},
                    {"network_type": "onemode", "qualifier_aggregation": "subtract",
                     "normalization": "jaccard", "duplicates": "week"},
                    {"network_type": "onemode", "normalization": "average",
                     "duplicates": "acrossrange"}):
        x, y = net(a, **options), net(b, **options)
        assert x.row_labels == y.row_labels and x.column_labels == y.column_labels
        assert np.array_equal(x.matrix, y.matrix), options


# -- files and the command line ------------------------------------------------------------------

#: manual, "File Format": the .dl file DNA writes for the concept x organization network
MANUAL_DL = """dl nr = 6, nc = 7, format = fullmatrix
row labels:
"CO2 legislation will not hurt the economy."
"Cap and trade is the solution."
"Climate change is caused by greenhouse gases (CO2)."
"Climate change is real and anthropogenic."
"Emissions legislation should regulate CO2."
"There should be legislation to regulate emissions."
col labels:
"Alliance to Save Energy"
"Energy and Environmental Analysis, Inc."
"Environmental Protection Agency"
"National Petrochemical & Refiners Association"
"Senate"
"Sierra Club"
"U.S. Public Interest Research Group"
data:
 0 2 1 2 2 2 1
 0 0 0 0 0 0 1
 1 0 0 0 0 1 1
 0 0 0 0 0 1 2
 2 2 0 0 1 1 1
 1 0 10 2 2 1 0"""


def test_the_files_dna_writes(sample: DnaStatements, tmp_path: Path) -> None:
    from stancegraph.io.dna import write_dna_network

    nw = net(sample, variable1="concept", variable2="organization")
    write_dna_network(nw, tmp_path / "net.dl")
    assert (tmp_path / "net.dl").read_text(encoding="utf-8") == MANUAL_DL
    write_dna_network(nw, tmp_path / "net.csv")
    lines = (tmp_path / "net.csv").read_text(encoding="utf-8").split("\n")
    # manual, "File Format": the CSV's rows (its header is printed with cut labels)
    assert lines[1] == '"CO2 legislation will not hurt the economy.";0;2;1;2;2;2;1'
    assert lines[6] == '"There should be legislation to regulate emissions.";1;0;10;2;2;1;0'
    average = net(sample, network_type="onemode", qualifier_aggregation="congruence",
                  normalization="average")
    write_dna_network(average, tmp_path / "average.csv")
    text = (tmp_path / "average.csv").read_text(encoding="utf-8")
    assert ";2.750000;" in text and ";1.333333;" in text  # EPA-Senate, ASE-EPA: six decimals
    write_dna_network(average, tmp_path / "average.graphml")
    import networkx as nx

    graph = nx.read_graphml(tmp_path / "average.graphml")
    by_label = {data["label"]: node for node, data in graph.nodes(data=True)}
    assert graph.edges[by_label[EPA], by_label[SEN]]["weight"] == pytest.approx(2.75)
    assert graph.number_of_edges() == np.count_nonzero(np.triu(average.matrix, 1))
    with pytest.raises(sg.ArgumentError, match="suffix .csv is not the format"):
        write_dna_network(nw, tmp_path / "x.csv", format="dl")


def test_the_network_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import json

    from tests.test_cli import run

    path = build_sample(tmp_path / "sample.dna")
    code, out, _ = run(capsys, "network", str(path), "--network-type", "onemode",
                       "--qualifier-aggregation", "subtract", "--format", "json")
    found = json.loads(out)
    assert code == 0 and found["statements"] == 40 and found["rows"][4] == SEN
    assert found["matrix"][4][5] == -3  # Senate-Sierra Club, manual
    code, out, _ = run(capsys, "network", str(path), "--variable1", "concept", "--variable2",
                       "organization", "-o", str(tmp_path / "net.dl"))
    assert code == 0 and out.endswith(" -> " + str(tmp_path / "net.dl") + "\n")
    assert (tmp_path / "net.dl").read_text(encoding="utf-8") == MANUAL_DL
    code, out, _ = run(capsys, "network", str(path), "--exclude", f"organization={SEN}",
                       "--exclude-sections", "1", "--invert-sections", "--format", "json")
    assert json.loads(out)["rows"] == [ASE, NPRA, SC, PIRG]
    code, _, err = run(capsys, "network", str(path), "--qualifier-aggregation", "congruence")
    assert code == 1 and "twomode network cannot use this qualifier aggregation" in err


def test_camps_from_a_dna_network_are_those_of_the_graph_read_from_the_same_file(
        tmp_path: Path) -> None:
    import warnings

    path = build_sample(tmp_path / "sample.dna")
    nw = sg.dna_network(path, qualifier_aggregation="subtract")
    aff = nw.to_affiliation()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", sg.SkippedStatementsWarning)
        g = sg.load(path)
    stated = sg.affiliation(g, level="stated", dedupe="none")
    name = {id: node.name for id, node in (*g.actors.items(), *g.positions.items())}
    organizations = [i for i, a in enumerate(stated.actors) if g.actors[a].type != "Person"]
    by_name = {(name[stated.actors[i]], name[stated.targets[j]]): stated.net[i, j]
               for i in organizations for j in range(len(stated.targets))}
    assert {(aff.actors[i], aff.targets[j]): aff.net[i, j]
            for i in range(len(aff.actors)) for j in range(len(aff.targets))} == by_name
    from_dna = sg.coalitions_from_affiliation(aff)
    from_graph = sg.coalitions(g, level="stated", dedupe="none")
    assert [sorted(c.members) for c in from_dna.coalitions] == [
        sorted(name[m] for m in c.members) for c in from_graph.coalitions]
    direct = sg.coalitions(nw)  # sg.coalitions takes the DNA network itself
    assert [c.members for c in direct.coalitions] == [c.members for c in from_dna.coalitions]
    with pytest.raises(sg.ArgumentError, match="has its own time span"):
        sg.coalitions(nw, as_of="2005-02-01")
    with pytest.raises(sg.ArgumentError, match="only a two-mode subtract network"):
        sg.dna_network(path).to_affiliation()


def test_an_r_event_list_of_the_sample_gives_dna_s_counts(tmp_path: Path) -> None:
    # The sample as rDNA's event list written by write.csv without its text column: 17 of its
    # 40 rows repeat an earlier one, and all 40 count (issue 15).
    import csv

    from tests.io.dna_sample import DOCUMENTS, STATEMENTS

    dates = {id: date for id, *_, date in DOCUMENTS}
    path = tmp_path / "events.csv"
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, quoting=csv.QUOTE_NONNUMERIC)
        writer.writerow(["", "statement_id", "time", "person", "organization", "concept",
                         "agreement", "document_id"])
        rows = [s for s in STATEMENTS if s[1] == 1]
        for k, (id, _, document, _, _, person, organization, concept, agreement, _) in \
                enumerate(rows, 1):
            writer.writerow([str(k), id, dates[document].isoformat(), person, organization,
                             concept, agreement, document])
    g = sg.read_statements(path, columns={
        "holder": "organization", "target": "concept", "relation": "agreement", "date": "time",
        "source": "document_id", "id": "statement_id"}, relations={1: "supports", 0: "opposes"})
    assert len(g.stances) == 40
    aff = sg.affiliation(g, level="stated", dedupe="none")
    dna = sg.dna_network(build_sample(tmp_path / "sample.dna"), qualifier_aggregation="subtract")
    cells = {(a, t): aff.net[i, j] for i, a in enumerate(aff.actors)
             for j, t in enumerate(aff.targets) if aff.net[i, j]}
    by_name = {(g.actors[a].name, g.positions[t].name): v for (a, t), v in cells.items()}
    assert by_name == {(r, c): dna.cell(r, c) for r in dna.row_labels for c in dna.column_labels
                       if dna.cell(r, c)}


@pytest.mark.parametrize("options", [
    {}, {"network_type": "onemode", "qualifier_aggregation": "subtract"},
    {"network_type": "onemode", "qualifier_aggregation": "congruence",
     "normalization": "average", "duplicates": "document"},
    {"qualifier_aggregation": "combine", "duplicates": "week"},
    {"variable1": "author", "variable1_document": True}])
def test_a_graph_read_from_a_dna_file_gives_the_file_s_networks(
        tmp_path: Path, options: dict[str, Any]) -> None:
    import warnings

    path = build_sample(tmp_path / "sample.dna")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", sg.SkippedStatementsWarning)
        g = sg.load(path)
    from_file, from_graph = sg.dna_network(path, **options), sg.dna_network(g, **options)
    assert from_graph.row_labels == from_file.row_labels
    assert from_graph.column_labels == from_file.column_labels
    assert np.allclose(from_graph.matrix, from_file.matrix)
    assert from_graph.num_statements == from_file.num_statements


def test_the_network_command_reads_any_data_file(capsys: pytest.CaptureFixture[str]) -> None:
    import json

    from tests.test_cli import NATO, run

    code, out, _ = run(capsys, "network", NATO, "--network-type", "onemode",
                       "--qualifier-aggregation", "subtract", "--format", "json")
    found = json.loads(out)
    expected = sg.dna_network(sg.load(NATO), network_type="onemode",
                              qualifier_aggregation="subtract")
    assert code == 0 and found["rows"] == list(expected.row_labels)
    assert found["matrix"] == expected.matrix.tolist()


def test_a_statement_whose_document_is_missing_is_left_out_and_said(tmp_path: Path) -> None:
    import sqlite3

    path = build_sample(tmp_path / "sample.dna")
    conn = sqlite3.connect(path)
    conn.execute("UPDATE STATEMENTS SET DocumentId = 99 WHERE ID = 41")
    conn.commit()
    conn.close()
    with pytest.warns(sg.SkippedStatementsWarning, match=r"1 statement\(s\) of type 'DNA "
                      r"Statement' whose document is missing left out \(ids 41\)"):
        table = read_dna_statements(path)
    assert len(table) == 39


def test_coalitions_of_a_dna_network_with_two_camps() -> None:
    rows = [{"organization": o, "concept": c, "agreement": int((o in "AB") == (c != "z"))}
            for o in "ABCD" for c in "xyz"]
    table = DnaStatements.from_rows(rows, kinds={"organization": "short text",
                                                 "concept": "short text",
                                                 "agreement": "boolean"})
    nw = dna_network(table, qualifier_aggregation="subtract")
    camps = sg.coalitions(nw)
    assert sorted(c.members for c in camps.coalitions) == [("A", "B"), ("C", "D")]


def test_time_windows_as_the_manual_prints_them(sample: DnaStatements) -> None:
    # manual, "Time Series Options": one-day windows from 27 January to 16 February 2005
    # (00:00:00), duplicates across the range; the hearings fall on 2, 10 and 16 February
    from stancegraph.analysis.dna_network import dna_time_windows

    windows = dna_time_windows(sample, time_window="days", window_size=1,
                               duplicates="acrossrange", start=dt.datetime(2005, 1, 27),
                               stop=dt.datetime(2005, 2, 16))
    assert len(windows) == 21 and windows[0].middle == dt.datetime(2005, 1, 27)
    by_day = {w.middle.date(): w for w in windows if w.num_statements}
    assert sorted(by_day) == [dt.date(2005, 2, 2), dt.date(2005, 2, 10), dt.date(2005, 2, 16)]
    feb2 = by_day[dt.date(2005, 2, 2)]
    assert feb2.row_labels == (EPA, SEN) and feb2.column_labels == (C1, C5, C6)
    assert feb2.matrix.tolist() == [[1, 0, 1], [1, 1, 1]]
    feb10 = by_day[dt.date(2005, 2, 10)]
    assert feb10.row_labels == (ASE,) and feb10.matrix.tolist() == [[1, 1, 1]]
    feb16 = by_day[dt.date(2005, 2, 16)]
    assert feb16.row_labels == (NPRA, SC, PIRG)
    assert feb16.matrix.tolist() == [[1, 0, 0, 0, 0, 1], [1, 0, 1, 1, 1, 1],
                                     [1, 1, 1, 1, 1, 0]]
    # a window of three days keeps only the days with a whole window inside the span
    wide = dna_time_windows(sample, window_size=3, start=dt.datetime(2005, 1, 27),
                            stop=dt.datetime(2005, 2, 16))
    assert [w.middle.day for w in wide][:2] == [28, 29] and len(wide) == 19
    assert wide[-1].stop == dt.datetime(2005, 2, 16)
