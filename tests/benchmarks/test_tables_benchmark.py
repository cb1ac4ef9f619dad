"""benchmarks/tables.py keeps working: on a small dataset every method (stancegraph's
DuckDB aggregation included) gives the same matrix, cell by cell, as the in-memory path."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("duckdb")
pytest.importorskip("polars")

SCRIPT = Path(__file__).parents[2] / "benchmarks" / "tables.py"


def test_the_tables_benchmark_checks_pass() -> None:
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--check", "--statements", "20000", "--actors", "500",
         "--targets", "50", "--quiet", "0"], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "- FAIL" not in done.stdout
    assert "PASS stancegraph gives duckdb_bare's matrix cell by cell" in done.stdout
