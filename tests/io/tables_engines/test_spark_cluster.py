"""The local Spark cluster (spark_cluster.py) reads a hive-partitioned Parquet dataset written by
pyarrow, and its executors are separate JVMs that share the work."""

from __future__ import annotations

import os
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from tests.io.tables_engines.spark_cluster import executor_count

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

# (actor, score, year)
ROWS = [(f"actor-{i % 5}", (i * 7) % 11 - 3, 2021 + i % 2) for i in range(200)]


def _write_dataset(root: Path) -> None:
    """ROWS as hive partitions year=2021/ and year=2022/, several small files in each."""
    pa = pytest.importorskip("pyarrow")
    ds = pytest.importorskip("pyarrow.dataset")
    actors, scores, years = zip(*ROWS, strict=True)
    table = pa.table({"actor": actors, "score": scores, "year": years})
    ds.write_dataset(table, root, format="parquet",
                     partitioning=["year"], partitioning_flavor="hive",
                     max_rows_per_file=25, max_rows_per_group=25)


def _expected(years: Iterable[int]) -> dict[tuple[int, str], tuple[int, int, int]]:
    """(year, actor) -> (sum, max, count) of the scores, in plain Python."""
    out: dict[tuple[int, str], tuple[int, int, int]] = {}
    for actor, score, year in ROWS:
        if year in years:
            total, top, n = out.get((year, actor), (0, score, 0))
            out[year, actor] = (total + score, max(top, score), n + 1)
    return out


def _grouped(spark: SparkSession, path: str, **options: str
             ) -> dict[tuple[int, str], tuple[int, int, int]]:
    """The SQL GROUP BY of the dataset at ``path`` (a folder or a glob), through a temp view."""
    spark.read.options(**options).parquet(path).createOrReplaceTempView("statements")
    try:
        rows = spark.sql("SELECT year, actor, SUM(score) AS total, MAX(score) AS top, "
                         "COUNT(*) AS n FROM statements GROUP BY year, actor").collect()
    finally:
        spark.catalog.dropTempView("statements")
    return {(r["year"], r["actor"]): (r["total"], r["top"], r["n"]) for r in rows}


def test_sql_over_a_partitioned_parquet_dataset(spark: SparkSession, tmp_path: Path) -> None:
    _write_dataset(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["year=2021", "year=2022"]
    assert _grouped(spark, str(tmp_path)) == _expected({2021, 2022})
    assert _grouped(spark, str(tmp_path / "year=*" / "*.parquet"),
                    basePath=str(tmp_path)) == _expected({2021, 2022})
    assert _grouped(spark, str(tmp_path / "year=2022" / "*.parquet"),
                    basePath=str(tmp_path)) == _expected({2022})


def test_separate_executor_processes_do_the_work(spark: SparkSession, tmp_path: Path) -> None:
    from pyspark import SparkContext

    def executor_jvm(rows: Iterable[Any]) -> Iterator[tuple[int, int]]:
        """(the pid of the JVM above this Python worker, how many rows it read)."""
        pid = os.getpid()
        while pid > 1 and Path(f"/proc/{pid}/comm").read_text().strip() != "java":
            pid = int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
        time.sleep(0.5)  # one executor alone cannot take every task
        yield pid, sum(1 for _ in rows)

    _write_dataset(tmp_path)
    assert executor_count(spark) >= 2
    work = spark.read.parquet(str(tmp_path)).rdd.mapPartitions(executor_jvm).collect()
    assert sum(n for _, n in work) == len(ROWS)
    jvms = {pid for pid, _ in work}
    driver = SparkContext._gateway.proc.pid  # type: ignore[union-attr]
    assert len(jvms) >= 2 and driver not in jvms and 1 not in jvms
