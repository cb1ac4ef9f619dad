"""The package list in pyproject.toml names every package, and the ontology files install."""

from __future__ import annotations

from pathlib import Path

import tomllib

import stancegraph
from stancegraph import ontology

ROOT = Path(__file__).parents[1]


def test_every_package_is_listed() -> None:
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
                 ["packages"])
    source = Path(stancegraph.__file__).parent
    found = {".".join(("stancegraph", *p.parent.relative_to(source).parts)).rstrip(".")
             for p in source.rglob("__init__.py")}
    assert found | {"stancegraph.ontology"} == listed


def test_ontology_files_are_installed() -> None:
    for name in ontology.FILES:
        assert ontology.read_text(name).strip(), name
