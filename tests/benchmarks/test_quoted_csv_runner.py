"""benchmarks/quoted_csv.py runs and checks that both readers agree."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.benchmarks.loading import load_benchmark

pytest.importorskip("pyarrow")


def test_the_quoted_csv_report_checks_both_readers(tmp_path: Path) -> None:
    bench = load_benchmark("quoted_csv")
    out = tmp_path / "quoted_csv.md"
    assert bench.main(["--sizes", "3000", "--repeat", "1", "--out", str(out)]) == 0
    text = out.read_text()
    assert "- PASS n=3,000: both readers give the same columns and the same lines" in text
    assert "Written by `python benchmarks/quoted_csv.py --sizes 3000`" in text
