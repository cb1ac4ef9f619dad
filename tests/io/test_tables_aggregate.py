"""Statement datasets aggregated by DuckDB equal the in-memory path: ``affiliation`` of
``read_statements`` of the same files, on every input both can hold."""

from __future__ import annotations

import datetime as dt
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
    return sg.loads(f"""
actors:
  - {{id: s0, type: State, name: S0}}
  - {{id: s1, type: State, name: S1}}
  - {{id: s2, type: State, name: S2}}
  - {{id: s3, type: State, name: S3}}
  - {{id: p0, type: Person, name: P0}}
  - {{id: p1, type: Person, name: P1}}
  - {{id: b0, type: Bloc, name: B0, members: [s1, s2]}}
positions:
  - {{id: q0, type: PolicyOption, name: Q0}}
  - {{id: q1, type: PolicyOption, name: Q1, broader: q0}}
  - {{id: q2, type: PolicyOption, name: Q2, broader: q1}}
  - {{id: q3, type: Claim, name: Q3}}
sources:
  - {{id: d0, type: Source, title: D0, date: 2022-01-20}}
relations:
  - {{subject: p0, relation: leads, object: s0, start: 2022-01-15}}
  - {{subject: p1, relation: speaks-for, object: p0}}
  - {{subject: s3, relation: member-of, object: b0, end: 2022-01-25}}
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
