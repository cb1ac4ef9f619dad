"""The ``spark`` fixture: one local Spark cluster (spark_cluster.py) for the whole session.

Skipped where pyspark or Java is missing, except where STANCEGRAPH_SPARK_TESTS=required (CI):
there a missing one fails the tests."""

from __future__ import annotations

import importlib.util
import os
import shutil
from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

from tests.io.tables_engines.spark_cluster import local_cluster

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

REQUIRED = os.environ.get("STANCEGRAPH_SPARK_TESTS") == "required"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test that uses the ``spark`` fixture is ``slow`` (the cluster takes ~15 s)."""
    for item in items:
        if "spark" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.slow)


def _missing() -> str | None:
    """Why Spark cannot run here, or None."""
    if importlib.util.find_spec("pyspark") is None:
        return "pyspark is not installed (pip install 'pyspark>=4.0,<5')"
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        return "no java on PATH nor JAVA_HOME (Java 17+; Debian: openjdk-17-jre-headless)"
    return None


@pytest.fixture(scope="session")
def spark() -> Iterator[SparkSession]:
    """A SparkSession on a local cluster of two executor JVMs; shared, so leave no state
    behind (drop the temporary views a test registers)."""
    missing = _missing()
    if missing is not None:
        if REQUIRED:
            pytest.fail(f"STANCEGRAPH_SPARK_TESTS=required, but {missing}")
        pytest.skip(f"Spark: {missing}")
    with local_cluster(workers=2) as session:
        yield session
