"""The start-up benchmark's parts (benchmarks/startup.py), loaded from its file."""

from __future__ import annotations

import sys
from pathlib import Path
from types import ModuleType

import pytest

from tests.benchmarks.loading import load_benchmark


@pytest.fixture(scope="module")
def startup() -> ModuleType:
    return load_benchmark("startup")


def test_validation_imports_no_heavy_library(startup: ModuleType) -> None:
    assert startup.heavy_imported() == []


def test_a_timed_run_and_the_import_profile(startup: ModuleType) -> None:
    wall, cpu = startup.timed([sys.executable, "-c", "pass"])
    assert 0 < wall < 30 and cpu >= 0
    profile = startup.import_profile()
    assert profile[0][0] == "stancegraph" and profile[0][1] > 0


def test_the_report_is_written(startup: ModuleType, tmp_path: Path) -> None:
    out = tmp_path / "startup.md"
    assert startup.main(["--runs", "1", "--out", str(out)]) == 0
    text = out.read_text()
    assert "| `stancegraph validate examples/nato_2022.yaml` |" in text
    assert "Heavy libraries the validation imports: none." in text


def test_the_views_report_judges_each_size(tmp_path: Path) -> None:
    views = load_benchmark("views")
    row = views.run(2000, 1)
    assert 0 < row["kept"] < 2000
    text = views.render([row, {**row, "n": 9, "as_of": 3 * row["statements"]}], "cmd", 1.0)
    assert "- FAIL n=9: as_of takes 3.00 x statements()" in text


def test_the_dna_network_benchmark_checks_its_matrices(tmp_path: Path) -> None:
    bench = load_benchmark("dna_network")
    row = bench.run(3000, 1)
    assert row["same"] and row["onemode"] > 0
    out = tmp_path / "dna.md"
    assert bench.main(["--sizes", "2000", "--repeat", "1", "--out", str(out)]) == 0
    assert "| 2,000 |" in out.read_text()
