"""What a statement table cannot hold goes beside it (issue 16; docs/tables.md, *Writing*).

A table holds the stances and, of each node a stance names, its id, type and name. Written to
a file, the rest -- relations between actors, bloc members, sources' dates, aliases, nodes no
stance names -- goes beside it, in ``<stem>.graph.yaml``, named by ``<stem>.mapping.yaml``;
read with that mapping the table gives back the graph it was written from, so the same camps.
As text (``sg.dumps``) a warning names what is left out. The mapping's ``graph:`` key also
serves hand-made tables: statements in a spreadsheet, actors and relations in YAML.
"""

from __future__ import annotations

import tempfile
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

import stancegraph as sg
from stancegraph.io.tables.convert import companion_mapping, companions, table_losses
from tests.strategies import graphs

ROOT = Path(__file__).parents[2]
DEBATES = [ROOT / "examples" / "nato_2022.yaml",
           *sorted((ROOT / "tests" / "debates").glob("*.yaml"))]
FORMATS = ("csv", "tsv", "jsonl", "parquet")


@pytest.fixture(scope="module")
def folder() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as name:
        yield Path(name)


@pytest.mark.parametrize("debate", DEBATES, ids=lambda p: p.stem)
def test_a_table_round_trip_keeps_the_camps(folder: Path, debate: Path) -> None:
    g = sg.load(debate)
    camps = sg.coalitions(g).to_dict()
    for fmt in FORMATS:
        path = folder / f"{debate.stem}.{fmt}"
        sg.save(g, path)
        mapping = companion_mapping(path)
        assert mapping is not None and mapping == companions(path)[1]
        # As `stancegraph import TABLE --mapping MAP --on-error skip` reads it.
        back = sg.read_statements(path, mapping=mapping, on_error="skip")
        assert back == g, fmt
        assert sg.coalitions(back).to_dict() == camps, fmt
        out = folder / f"{debate.stem}-{fmt}.yaml"
        report = sg.import_table(path, out, mapping=mapping, on_error="skip")
        assert report.skipped == () and sg.load(out) == g


def test_what_the_table_alone_loses_is_what_changes_the_camps(folder: Path) -> None:
    """The issue's reproduction: the table alone loses relations and bloc members, and
    some debate's camps change with them; table_losses names each of those."""
    changed = []
    for debate in DEBATES:
        g = sg.load(debate)
        path = folder / f"alone-{debate.stem}.csv"
        sg.save(g, path)
        losses = table_losses(g)
        assert any("relations between actors" in loss for loss in losses)
        assert any(loss.startswith("the members of") for loss in losses)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", sg.SkippedRowsWarning)
            alone = sg.read_statements(path, on_error="skip")
        if sg.coalitions(alone).to_dict() != sg.coalitions(g).to_dict():
            changed.append(debate.stem)
    assert changed  # what the companion files prevent


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(g=graphs())
def test_table_losses_says_exactly_when_the_table_alone_is_not_the_graph(
        g: sg.StanceGraph) -> None:
    with tempfile.TemporaryDirectory() as name:
        path = Path(name) / "stances.csv"
        sg.save(g, path)
        losses = table_losses(g)
        assert (companion_mapping(path) is not None) == bool(losses)
        if losses:
            assert sg.read_statements(path, mapping=companion_mapping(path)) == g
        else:
            assert sg.read_statements(path) == g
            assert [p.name for p in Path(name).iterdir()] == ["stances.csv"]


def test_dumps_warns_naming_what_is_left_out() -> None:
    g = sg.loads("""
actors: [{id: pm, type: Person, name: PM}, {id: uk, type: State, name: UK, wikidata: Q145}]
positions: [{id: x, type: PolicyOption, name: X}]
relations: [{subject: pm, relation: leads, object: uk}]
stances: [{holder: pm, relation: opposes, target: x}]
""")
    with pytest.warns(sg.StanceGraphWarning) as caught:
        sg.dumps(g, format="csv")
    message = str(caught[0].message)
    assert "1 relation between actors (leads)" in message
    assert "1 node no stance names (uk)" in message
    plain = sg.loads("""
actors: [{id: uk, type: State, name: UK}]
positions: [{id: x, type: PolicyOption, name: X}]
stances: [{holder: uk, relation: opposes, target: x}]
""")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert sg.loads(sg.dumps(plain, format="csv"), format="csv") == plain


def test_the_files_beside_are_readable_and_say_how_to_use_them(folder: Path,
                                                                nato: sg.StanceGraph) -> None:
    path = folder / "seed.tsv"
    sg.save(nato, path)
    graph, mapping = companions(path)
    text = mapping.read_text(encoding="utf-8")
    assert "graph: seed.graph.yaml" in text and "--mapping seed.mapping.yaml" in text
    assert "relations between actors" in text  # what it keeps, in a comment
    alone = sg.load(graph)  # a data file of its own: the graph without its stances
    assert len(alone.stances) == 0 and alone.nodes == nato.nodes
    assert alone.relations == nato.relations


def test_a_hand_made_table_reads_its_actors_and_relations_from_a_data_file(
        tmp_path: Path) -> None:
    (tmp_path / "actors.yaml").write_text("""
actors:
  - {id: baltics, type: Bloc, name: the Baltic states, members: [estonia, latvia]}
  - {id: estonia, type: State, name: Estonia}
  - {id: latvia, type: State, name: Latvia}
  - {id: lithuania, type: State, name: Lithuania}
  - {id: kallas, type: Person, name: Kaja Kallas, aliases: [Kallas]}
relations:
  - {subject: kallas, relation: leads, object: estonia}
  - {subject: lithuania, relation: member-of, object: baltics}
sources:
  - {id: paper, title: A paper, date: 2022-03-29}
""")
    (tmp_path / "map.yaml").write_text("graph: actors.yaml\n")
    (tmp_path / "s.csv").write_text(
        "holder,relation,target,except,source\n"
        "Kallas,opposes,Talks with Putin,,paper\n"
        "baltics,opposes,Concessions,\"[\"\"lithuania\"\"]\",paper\n"  # a member by relation
        "Hungary,supports,Talks with Putin,,\n")
    g = sg.read_statements(tmp_path / "s.csv", mapping=tmp_path / "map.yaml")
    assert [(s.holder, s.target, s.except_) for s in g.stances] == [
        ("kallas", "talks-with-putin", ()), ("baltics", "concessions", ("lithuania",)),
        ("hungary", "talks-with-putin", ())]
    assert g.node("baltics").members == ("estonia", "latvia")  # as the data file has it
    assert g.node("paper").date is not None  # the source with every field
    assert g.node("hungary").type == "Organization"  # made by the table, as ever
    assert sg.holders(g, "talks-with-putin", "opposes") == ["estonia", "kallas"]


def test_a_mapping_graph_is_a_data_file_of_nodes_and_relations(tmp_path: Path) -> None:
    table = tmp_path / "s.csv"
    table.write_text("holder,relation,target\nA,supports,X\n")
    (tmp_path / "with-stances.yaml").write_text("""
actors: [{id: a, type: State, name: A}]
positions: [{id: x, type: PolicyOption, name: X}]
stances: [{holder: a, relation: supports, target: x}]
""")
    with pytest.raises(sg.InvalidRecordError, match=r"holds 1 stance .*the table holds"):
        sg.read_statements(table, mapping={"graph": str(tmp_path / "with-stances.yaml")})
    with pytest.raises(sg.InvalidRecordError, match="not a statement table"):
        sg.read_statements(table, mapping={"graph": str(table)})
    with pytest.raises(sg.InvalidRecordError, match="graph holds something else"):
        sg.read_statements(table, mapping={"graph": 3})
    (tmp_path / "a.yaml").write_text("actors: [{id: a, type: State, name: A}]\n")
    (tmp_path / "actors.csv").write_text("id,type,name\na,State,A\n")
    with pytest.raises(sg.InvalidRecordError, match="both a lookup table and the mapping's graph"):
        sg.read_statements(table, mapping={"graph": str(tmp_path / "a.yaml"),
                                           "actors": str(tmp_path / "actors.csv")})
