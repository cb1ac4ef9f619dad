"""The runners of issue 13's benchmarks: camp counting and the SSBM written as stances.

benchmarks/ is not a package of stancegraph: the runners are loaded from their files, with their
sibling modules importable (as when run as scripts).
"""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import pytest

from tests.benchmarks.loading import load_benchmark


@pytest.fixture(scope="module")
def camp_count() -> ModuleType:
    return load_benchmark("camp_count")


@pytest.fixture(scope="module")
def ssbm_stances() -> ModuleType:
    return load_benchmark("ssbm_stances")


def test_the_small_debates_and_the_seed_are_counted_right(camp_count: ModuleType) -> None:
    rows = camp_count.run_small()
    assert [(r["debate"], r["planted"], r["k"], r["right"]) for r in rows] == [
        ("two camps", 2, 2, True), ("three camps", 3, 3, True), ("one camp", 1, 1, True)]
    seed = camp_count.run_seed()
    assert seed["right"]
    assert ["russia"] in seed["camps"]


def test_the_report_marks_a_cell_that_falls_short(camp_count: ModuleType,
                                                  tmp_path: Path) -> None:
    small = [{"debate": "two camps", "planted": 2, "k": 2, "right": True, "s": 0.1}]
    seed = {"camps": [["france", "germany"]], "right": True, "s": 0.1}
    ssbm = [{"k": 5, "degree": 10, "noise": 0.1, "found": [1], "ari": 0.0, "told": 0.149,
             "s": 0.2, "s_told": 0.1},
            {"k": 2, "degree": 50, "noise": 0.0, "found": [2], "ari": 1.0, "told": 1.0,
             "s": 0.2, "s_told": 0.1}]
    text = camp_count.render(small, seed, ssbm, [], "python benchmarks/camp_count.py", 1.0)
    cells = [line for line in text.splitlines() if line.startswith("| 5 | 10 | 0.1")]
    assert len(cells) == 1 and "**no**" in cells[0]
    assert "**no**" not in next(line for line in text.splitlines()
                                if line.startswith("| 2 | 50 | 0 "))


def test_one_ssbm_cell_through_stances_matches_the_network(ssbm_stances: ModuleType) -> None:
    cell = ssbm_stances.run_cell(1000, 2, 10)
    assert abs(cell.ari["stances"] - cell.ari["network"]) <= 0.01
    assert cell.ari["stances"] > 0.7
    assert set(cell.seconds) >= {"stances", "statements", "network", "partition",
                                 "explanations", "network path", "sponge"}
    assert ssbm_stances.check(cell).split()[0] in {"PASS", "FAIL"}
    assert "ARI 0.880" in ssbm_stances.check(cell)  # the published cell (seed 0)
