"""Fixtures shared by the tests and the doctests: the seed debate, loaded once per session."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import stancegraph as sg

# Drawings are made headless: no GUI backend, in the tests and the doctests alike.
os.environ["MPLBACKEND"] = "Agg"

ROOT = Path(__file__).parent
NATO_YAML = ROOT / "examples" / "nato_2022.yaml"


@pytest.fixture(scope="session")
def nato() -> sg.StanceGraph:
    """The seed debate (examples/nato_2022.yaml). Do not mutate it: it is shared."""
    return sg.load(NATO_YAML)


@pytest.fixture(autouse=True)
def _doctest_namespace(doctest_namespace: dict[str, object], request: pytest.FixtureRequest) -> None:
    if "doctest_namespace" in request.fixturenames:
        doctest_namespace["nato"] = request.getfixturevalue("nato")
        doctest_namespace["NATO_YAML"] = NATO_YAML
        doctest_namespace["sg"] = sg
