"""Statement datasets aggregated by DuckDB equal the in-memory path: ``affiliation`` of
``read_statements`` of the same files, on every input both can hold."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import stancegraph as sg
from stancegraph.analysis import Affiliation

pytest.importorskip("duckdb")

EXAMPLES = Path(__file__).parents[2] / "examples"
DEBATES = sorted((Path(__file__).parents[1] / "debates").glob("*.yaml"))


def assert_same(found: Affiliation, expected: Affiliation) -> None:
    assert found.actors == expected.actors
    assert found.targets == expected.targets
    assert found.level == expected.level
    np.testing.assert_allclose(found.positive.toarray(), expected.positive.toarray(),
                               rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(found.negative.toarray(), expected.negative.toarray(),
                               rtol=1e-9, atol=1e-12)


OPTIONS = [dict(level=level, dedupe=dedupe, as_of=as_of, broader=broader)
           for level in ("state", "stated") for dedupe in ("document", "none", "week", "month")
           for as_of in (None, "2022-03-26") for broader in ("supports", "none", "all")]


@pytest.mark.parametrize("suffix", ["parquet", "csv"])
@pytest.mark.parametrize("debate", [EXAMPLES / "nato_2022.yaml", *DEBATES],
                         ids=lambda p: p.stem)
def test_debates_as_tables_aggregate_as_in_memory(tmp_path: Path, debate: Path,
                                                   suffix: str) -> None:
    path = tmp_path / f"stances.{suffix}"
    sg.write_statements(sg.load(debate), path)
    mapping = path.with_name("stances.mapping.yaml")
    g = sg.read_statements(path, mapping=mapping)
    with sg.StatementTables(path, mapping=mapping) as tables:
        for options in OPTIONS:
            assert_same(tables.affiliation(**options), sg.affiliation(g, **options))
        assert_same(tables.affiliation(min_confidence=0.5),
                    sg.affiliation(g, min_confidence=0.5))


def test_coalitions_and_camp_count_as_in_memory(tmp_path: Path) -> None:
    nato = sg.load(EXAMPLES / "nato_2022.yaml")
    path = tmp_path / "stances.parquet"
    sg.write_statements(nato, path)
    with sg.StatementTables(path, mapping=path.with_name("stances.mapping.yaml")) as tables:
        found = tables.coalitions(k=4, method="spectral")
        counted = tables.count_camps()
    expected = sg.coalitions(nato, k=4, method="spectral")
    assert [c.members for c in found.coalitions] == [c.members for c in expected.coalitions]
    assert counted.k == sg.count_camps(nato).k


# -- random datasets ---------------------------------------------------------------------------
STATES = ["s0", "s1", "s2", "s3"]
POSITIONS = ["q0", "q1", "q2", "q3"]
START = dt.date(2022, 1, 1)


def base_graph() -> sg.StanceGraph:
    """Nodes and relations: a leader from a date, a spokesperson, a bloc with a member that
    leaves it, positions in a chain of broader ones."""
    return sg.loads("""
actors:
  - {id: s0, type: State, name: S0}
  - {id: s1, type: State, name: S1}
  - {id: s2, type: State, name: S2}
  - {id: s3, type: State, name: S3}
  - {id: p0, type: Person, name: P0}
  - {id: p1, type: Person, name: P1}
  - {id: b0, type: Bloc, name: B0, members: [s1, s2]}
positions:
  - {id: q0, type: PolicyOption, name: Q0}
  - {id: q1, type: PolicyOption, name: Q1, broader: q0}
  - {id: q2, type: PolicyOption, name: Q2, broader: q1}
  - {id: q3, type: Claim, name: Q3}
sources:
  - {id: d0, type: Source, title: D0, date: 2022-01-20}
relations:
  - {subject: p0, relation: leads, object: s0, start: 2022-01-15}
  - {subject: p1, relation: speaks-for, object: p0}
  - {subject: s3, relation: member-of, object: b0, end: 2022-01-25}
""", format="yaml")


HOLDERS = [*STATES, "p0", "p1", "b0", "New Org"]
TARGETS = [*POSITIONS, *STATES, "p0", "Fresh Idea"]


@st.composite
def datasets(draw: Any) -> list[dict[str, Any]]:
    n = draw(st.integers(1, 40))
    rows = []
    for i in range(n):
        holder = draw(st.sampled_from(HOLDERS))
        target = draw(st.sampled_from([t for t in TARGETS if t != holder]))
        row = {
            "id": f"r{i}",
            "holder": holder,
            "relation": draw(st.sampled_from(["supports", "opposes", "skeptical-of"])),
            "target": target,
            "date": draw(st.one_of(st.none(), st.integers(0, 40).map(
                lambda d: START + dt.timedelta(days=d)))),
            "source": draw(st.sampled_from([None, "d0", "d1", "d2"])),
            "confidence": draw(st.sampled_from([None, 0.3, 0.5, 0.8, 1.0])),
            "except": draw(st.sampled_from([None, ["s1"], ["s2", "s3"]]))
            if holder == "b0" else None,
            "retracted": draw(st.sampled_from([None, False, True])),
            "retracted_on": None,
            "superseded_by": None,
        }
        if row["retracted"] and draw(st.booleans()):
            row["retracted_on"] = (row["date"] or START) + dt.timedelta(
                days=draw(st.integers(0, 20)))
        rows.append(row)
    for i, row in enumerate(rows):  # replaced by a later stance of its holder
        later = [f"r{j}" for j in range(i + 1, n) if rows[j]["holder"] == row["holder"]
                 and (row["date"] is None or rows[j]["date"] is None
                      or rows[j]["date"] >= row["date"])]
        if later and draw(st.integers(0, 3)) == 0:
            row["superseded_by"] = draw(st.sampled_from(later))
    return rows


def write(rows: list[dict[str, Any]], path: Path) -> None:
    columns = {k: [r[k] for r in rows] for k in rows[0]}
    if path.suffix == ".parquet":
        pq.write_table(pa.table(columns), path)
        return
    import csv
    import json

    with path.open("w", newline="", encoding="utf-8") as f:
        out = csv.writer(f, lineterminator="\r\n")
        out.writerow(columns)
        for r in rows:
            out.writerow(["" if v is None else json.dumps(v) if isinstance(v, list)
                          else str(v).lower() if isinstance(v, bool) else v
                          for v in r.values()])


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=datasets(), suffix=st.sampled_from(["parquet", "csv"]),
       level=st.sampled_from(["state", "stated"]),
       dedupe=st.sampled_from(["document", "none", "week", "month", "year"]),
       broader=st.sampled_from(["supports", "none", "all"]),
       as_of=st.sampled_from([None, "2022-01-10", "2022-01-22", "2022-02-05"]),
       least=st.sampled_from([None, 0.5]))
def test_random_datasets_aggregate_as_in_memory(tmp_path_factory: Any, rows: Any, suffix: str,
                                                level: Any, dedupe: Any, broader: Any,
                                                as_of: Any, least: Any) -> None:
    folder = tmp_path_factory.mktemp("dataset")
    sg.save(base_graph(), folder / "graph.yaml")
    path = folder / f"stances.{suffix}"
    write(rows, path)
    mapping = {"graph": str(folder / "graph.yaml")}
    g = sg.read_statements(path, mapping=mapping)
    options = dict(level=level, dedupe=dedupe, broader=broader, as_of=as_of,
                   min_confidence=least)
    found = sg.affiliation_from_tables(path, mapping=mapping, **options)
    assert_same(found, sg.affiliation(g, **options))


# -- datasets of many files ----------------------------------------------------------------------
def partitioned(folder: Path, suffix: str = "parquet") -> Path:
    """The seed's stances as a dataset partitioned by month, with its mapping and graph."""
    nato = sg.load(EXAMPLES / "nato_2022.yaml")
    whole = folder / f"all.{suffix}"
    sg.write_statements(nato, whole)
    table = pq.read_table(whole) if suffix == "parquet" else None
    data = folder / "statements"
    if table is not None:
        months = [str(d)[:7] if d is not None else "none" for d in table["date"].to_pylist()]
        for month in sorted(set(months)):
            part = data / f"month={month}"
            part.mkdir(parents=True)
            keep = pa.array([m == month for m in months])
            pq.write_table(table.filter(keep), part / "part-0.parquet")
    else:
        lines = whole.read_text(encoding="utf-8").splitlines(keepends=True)
        data.mkdir()
        (data / f"a.{suffix}").write_text("".join(lines[:8]), encoding="utf-8")
        (data / f"b.{suffix}").write_text(lines[0] + "".join(lines[8:]), encoding="utf-8")
    return whole


@pytest.mark.parametrize("suffix", ["parquet", "tsv"])
def test_a_directory_and_a_glob_of_files_aggregate_as_one_table(tmp_path: Path,
                                                                suffix: str) -> None:
    whole = partitioned(tmp_path, suffix)
    mapping = tmp_path / "all.mapping.yaml"
    expected = sg.affiliation(sg.read_statements(whole, mapping=mapping))
    pattern = "**/*.parquet" if suffix == "parquet" else f"*.{suffix}"
    for source in (tmp_path / "statements", f"{tmp_path / 'statements'}/{pattern}"):
        with sg.StatementTables(source, mapping=mapping) as tables:
            assert len(tables.dataset.files) > 1
            assert_same(tables.affiliation(), expected)


def test_json_lines(tmp_path: Path) -> None:
    nato = sg.load(EXAMPLES / "nato_2022.yaml")
    path = tmp_path / "stances.jsonl"
    sg.write_statements(nato, path)
    mapping = tmp_path / "stances.mapping.yaml"
    assert_same(sg.affiliation_from_tables(path, mapping=mapping, level="stated"),
                sg.affiliation(sg.read_statements(path, mapping=mapping), level="stated"))


def test_a_mapping_with_relation_values_lookup_tables_and_names(tmp_path: Path) -> None:
    table, mapping = EXAMPLES / "statements.csv", EXAMPLES / "statements-mapping.yaml"
    g = sg.read_statements(table, mapping=mapping)
    for level in ("state", "stated"):
        assert_same(sg.affiliation_from_tables(table, mapping=mapping, level=level),
                    sg.affiliation(g, level=level))


def test_an_agreement_scale_and_missing_markers(tmp_path: Path) -> None:
    path = tmp_path / "scale.csv"
    path.write_text("org,concept,agreement,weight\n"
                    "Germany,Grants,5,NA\nFrance,Grants,4,0.5\nPoland,Grants,1,\n"
                    "Poland,Loans,2,-\nGermany,Loans,4,0.9\n", encoding="utf-8")
    options = dict(columns={"holder": "org", "target": "concept", "relation": "agreement",
                            "confidence": "weight"}, scale=(1, 5), missing=["NA", "-"])
    g = sg.read_statements(path, **options)
    found = sg.affiliation_from_tables(path, **options)
    assert_same(found, sg.affiliation(g))
    assert float(found.net[found.actors.index("france"), found.targets.index("grants")]) == 0.25


# -- bad input ---------------------------------------------------------------------------------
def bad_dataset(folder: Path) -> Path:
    data = folder / "ds"
    (data / "year=2021").mkdir(parents=True)
    (data / "year=2022").mkdir()
    pq.write_table(pa.table({"holder": ["A", "B"], "relation": ["supports", "opposes"],
                             "target": ["x", "x"], "confidence": [0.5, 0.9]}),
                   data / "year=2021" / "p0.parquet")
    pq.write_table(pa.table({"holder": ["A", "B", "C"], "relation": ["supports", "agrees", "opposes"],
                             "target": ["x", "y", "y"], "confidence": [0.5, 1.5, None]}),
                   data / "year=2022" / "p0.parquet")
    return data


def test_bad_rows_are_reported_with_their_file_row_and_field(tmp_path: Path) -> None:
    data = bad_dataset(tmp_path)
    with pytest.raises(sg.BadRowsError) as caught:
        sg.affiliation_from_tables(data)
    err = caught.value
    assert err.file is not None and err.file.endswith("year=2022/p0.parquet")
    assert err.rows == (2,)
    assert {p.field for p in err.problems} == {"relation", "confidence"}
    assert "1 of 5 rows of" in str(err) and "nothing was aggregated" in str(err)
    assert "unknown relation value 'agrees'" in str(err)


def test_a_bad_date_in_a_csv_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("holder,relation,target,date\nA,supports,x,2022-01-01T10:00\n"
                    "B,supports,x,2022-13-01\nC,opposes,x,24/03/2022\n", encoding="utf-8")
    with pytest.raises(sg.BadRowsError) as caught:
        sg.affiliation_from_tables(path)
    assert caught.value.rows == (2, 3)
    assert "line 3, row 2, field 'date': not a calendar date" in str(caught.value)


@pytest.mark.parametrize(("source", "message"), [
    ("missing/*.parquet", "no statement tables found"),
    ("missing.parquet", "no such file, directory or glob"),
])
def test_nothing_to_read_is_an_error(tmp_path: Path, source: str, message: str) -> None:
    with pytest.raises(sg.ParseError, match=message):
        sg.affiliation_from_tables(tmp_path / source)


def test_mixed_formats_a_missing_column_and_clashing_names(tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_text("holder,relation,target\nA,supports,x\n", encoding="utf-8")
    pq.write_table(pa.table({"holder": ["Ger many", "ger-many"], "relation": ["supports"] * 2,
                             "target": ["x", "y"]}), tmp_path / "b.parquet")
    with pytest.raises(sg.ParseError, match="one table format"):
        sg.affiliation_from_tables(f"{tmp_path}/*")
    with pytest.raises(sg.ParseError, match="no column 'org' for the holder"):
        sg.affiliation_from_tables(tmp_path / "a.csv", columns={"holder": "org"})
    with pytest.raises(sg.InvalidRecordError, match="'Ger many', 'ger-many' all make the id"):
        sg.affiliation_from_tables(tmp_path / "b.parquet")
    with pytest.raises(sg.ArgumentError, match="unknown engine 'polars'"):
        sg.affiliation_from_tables(tmp_path / "a.csv", engine="polars")


def test_a_dataset_too_large_for_memory_spills_to_disk(tmp_path: Path) -> None:
    """DuckDB with a memory limit far below the data: the result is still exact."""
    import duckdb

    rng = np.random.default_rng(7)
    n = 400_000
    table = pa.table({
        "holder": [f"a{i}" for i in rng.integers(0, 3000, n)],
        "relation": rng.choice(["supports", "opposes", "skeptical-of"], n),
        "target": [f"t{i}" for i in rng.integers(0, 300, n)],
        "source": [f"d{i}" for i in rng.integers(0, n // 3, n)],
        "confidence": rng.choice([0.5, 0.75, 1.0], n)})
    pq.write_table(table, tmp_path / "big.parquet")
    g = sg.read_statements(tmp_path / "big.parquet")
    con = duckdb.connect(config={"memory_limit": "40MB", "threads": 1,
                                 "temp_directory": str(tmp_path / "spill")})
    found = sg.affiliation_from_tables(tmp_path / "big.parquet", connection=con,
                                       level="stated")
    assert_same(found, sg.affiliation(g, level="stated"))
    con.close()


# -- the command line --------------------------------------------------------------------------
def test_the_command_line_aggregates_a_glob(tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    from stancegraph.cli import main

    partitioned(tmp_path)
    mapping = str(tmp_path / "all.mapping.yaml")
    glob = f"{tmp_path}/statements/*/*.parquet"
    assert main(["coalitions", glob, "--engine", "duckdb", "--mapping", mapping,
                 "--format", "json"]) == 0
    found = json.loads(capsys.readouterr().out)
    expected = sg.coalitions(sg.load(EXAMPLES / "nato_2022.yaml")).to_dict()
    assert [c["members"] for c in found["coalitions"]] == \
        [c["members"] for c in expected["coalitions"]]
    assert main(["coalitions", glob, "--engine", "duckdb", "--mapping", mapping,
                 "--k", "count"]) == 0
    assert "5 coalitions at state level" in capsys.readouterr().out
    assert main(["stances", glob, "--engine", "duckdb", "--mapping", mapping,
                 "--actor", "germany"]) == 0
    engine_out = capsys.readouterr().out
    assert main(["stances", str(EXAMPLES / "nato_2022.yaml"), "--actor", "germany"]) == 0
    assert engine_out == capsys.readouterr().out
    assert main(["coalitions", glob, "--engine", "duckdb", "--store", "http://x/query"]) == 2
    assert "--engine reads FILE" in capsys.readouterr().err


def test_the_command_line_reports_bad_rows_without_a_traceback(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from stancegraph.cli import main

    data = bad_dataset(tmp_path)
    assert main(["coalitions", str(data), "--engine", "duckdb"]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and "row 2, field 'relation'" in err
