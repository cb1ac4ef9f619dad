"""Spark, on a local cluster of separate executor processes, sums the same stance matrix as
DuckDB and as the in-memory path."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import stancegraph as sg
from tests.io.test_tables_aggregate import (
    EXAMPLES,
    assert_same,
    base_graph,
    datasets,
    partitioned,
    write,
)

pytestmark = pytest.mark.slow

OPTIONS = [dict(level="state"), dict(level="stated", dedupe="none"),
           dict(dedupe="week", as_of="2022-03-26"), dict(broader="all", min_confidence=0.5)]


@pytest.mark.parametrize("suffix", ["parquet", "tsv"])
def test_spark_duckdb_and_memory_agree_on_the_seed(tmp_path: Path, spark: Any,
                                                   suffix: str) -> None:
    whole = partitioned(tmp_path, suffix)
    mapping = tmp_path / "all.mapping.yaml"
    g = sg.read_statements(whole, mapping=mapping)
    with sg.StatementTables(tmp_path / "statements", engine="spark", connection=spark,
                            mapping=mapping) as on_spark, \
            sg.StatementTables(tmp_path / "statements", mapping=mapping) as on_duckdb:
        for options in OPTIONS:
            found = on_spark.affiliation(**options)
            assert_same(found, sg.affiliation(g, **options))
            assert_same(found, on_duckdb.affiliation(**options))
        camps = on_spark.coalitions()
    assert [c.members for c in camps.coalitions] == \
        [c.members for c in sg.coalitions(sg.load(EXAMPLES / "nato_2022.yaml")).coalitions]
    assert not [t for t in spark.catalog.listTables() if t.isTemporary]  # views dropped


@settings(max_examples=8, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(rows=datasets(), level=st.sampled_from(["state", "stated"]),
       dedupe=st.sampled_from(["document", "none", "month"]),
       as_of=st.sampled_from([None, "2022-01-22"]))
def test_random_datasets_on_spark(tmp_path_factory: Any, spark: Any, rows: Any, level: Any,
                                  dedupe: Any, as_of: Any) -> None:
    folder = tmp_path_factory.mktemp("dataset")
    sg.save(base_graph(), folder / "graph.yaml")
    path = folder / "stances.parquet"
    write(rows, path)
    mapping = {"graph": str(folder / "graph.yaml")}
    options = dict(level=level, dedupe=dedupe, as_of=as_of)
    found = sg.affiliation_from_tables(path, engine="spark", connection=spark, mapping=mapping,
                                       **options)
    assert_same(found, sg.affiliation(sg.read_statements(path, mapping=mapping), **options))


def test_bad_rows_on_spark_name_their_file(tmp_path: Path, spark: Any) -> None:
    from tests.io.test_tables_aggregate import bad_dataset

    with pytest.raises(sg.BadRowsError) as caught:
        sg.affiliation_from_tables(bad_dataset(tmp_path), engine="spark", connection=spark)
    assert caught.value.file is not None
    assert caught.value.file.endswith("year=2022/p0.parquet") and caught.value.rows == (2,)
