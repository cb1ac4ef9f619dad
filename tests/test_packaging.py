"""The package list in pyproject.toml names every package, the ontology files install, and the
package ships like a real one: an MIT licence in the wheel and the sdist, the version written
once, a citation file and a changelog that agree with it."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest
import tomllib
import yaml

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


# -- what ships: the licence, one version, the citation ----------------------------------------

PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]


def test_the_version_is_written_once() -> None:
    # pyproject.toml reads stancegraph.__version__; no other file writes it out.
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert "version" not in PROJECT and "version" in PROJECT["dynamic"]
    assert config["tool"]["setuptools"]["dynamic"]["version"] == {
        "attr": "stancegraph.__version__"}
    written = re.compile(r"""^\s*(__version__|version)\s*[:=]\s*["']?\d+\.\d+""", re.MULTILINE)
    found = sorted(str(p.relative_to(ROOT)) for p in
                   [ROOT / "pyproject.toml", ROOT / "setup.py", ROOT / "setup.cfg",
                    *(ROOT / "stancegraph").rglob("*.py")]
                   if p.exists() and written.search(p.read_text(encoding="utf-8")))
    assert found == ["stancegraph/__init__.py"]
    assert re.fullmatch(r"\d+\.\d+\.\d+", stancegraph.__version__)


def test_the_licence_is_mit_for_the_stancegraph_developers() -> None:
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert PROJECT["license"] == "MIT" and PROJECT["license-files"] == ["LICENSE"]
    assert text.startswith("MIT License\n")
    assert re.search(r"^Copyright \(c\) \d{4} stancegraph developers$", text, re.MULTILINE)
    assert "THE SOFTWARE IS PROVIDED \"AS IS\", WITHOUT WARRANTY OF ANY KIND" in text


def test_the_citation_file_is_cff_1_2_0_of_this_version() -> None:
    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    # What the CFF 1.2.0 schema requires, and the types it gives the fields used here.
    assert {"cff-version", "message", "title", "authors"} <= set(citation)
    assert citation["cff-version"] == "1.2.0" and citation["type"] == "software"
    assert all(isinstance(citation[k], str) and citation[k].strip()
               for k in ("message", "title", "abstract", "url"))
    assert citation["authors"] == [{"name": "stancegraph developers"}]
    assert citation["version"] == stancegraph.__version__
    assert citation["license"] == PROJECT["license"]
    assert citation["url"] == PROJECT["urls"]["Homepage"]
    assert set(citation["keywords"]) == set(PROJECT["keywords"])


def test_the_changelog_keeps_a_changelog() -> None:
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    versions = re.findall(r"^## \[([^\]]+)\](?: - (\d{4}-\d{2}-\d{2}))?$", text, re.MULTILINE)
    assert versions[0] == ("Unreleased", "")
    assert (stancegraph.__version__, versions[1][1]) in versions and versions[1][1]
    kinds = set(re.findall(r"^### (.+)$", text, re.MULTILINE))
    assert kinds <= {"Added", "Changed", "Deprecated", "Removed", "Fixed", "Security"}
    assert PROJECT["urls"]["Changelog"].endswith("/CHANGELOG.md")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The wheel and the sdist, built offline from a copy of what the build reads."""
    pytest.importorskip("setuptools", minversion="77")  # the test extra has it
    work = tmp_path_factory.mktemp("build")
    source = work / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy(ROOT / name, source / name)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for folder in ("stancegraph", "ontology"):
        shutil.copytree(ROOT / folder, source / folder, ignore=ignore)
    out = work / "dist"
    code = ("import sys\nfrom setuptools import build_meta as backend\n"  # it resets sys.argv
            "out = sys.argv[1]\nbackend.build_wheel(out)\nbackend.build_sdist(out)\n")
    done = subprocess.run([sys.executable, "-c", code, str(out)], cwd=source,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    (wheel,), (sdist,) = out.glob("*.whl"), out.glob("*.tar.gz")
    return wheel, sdist


def test_the_wheel_ships_the_licence_and_the_version(built: tuple[Path, Path]) -> None:
    wheel, _ = built
    version = stancegraph.__version__
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        info = f"stancegraph-{version}.dist-info"
        assert f"{info}/licenses/LICENSE" in names
        assert archive.read(f"{info}/licenses/LICENSE") == (ROOT / "LICENSE").read_bytes()
        metadata = archive.read(f"{info}/METADATA").decode()
    assert wheel.name == f"stancegraph-{version}-py3-none-any.whl"
    assert f"\nVersion: {version}\n" in metadata
    assert "\nLicense-Expression: MIT\n" in metadata and "\nLicense-File: LICENSE\n" in metadata
    for label, url in PROJECT["urls"].items():
        assert f"\nProject-URL: {label}, {url}\n" in metadata
    assert "stancegraph/py.typed" in names
    assert {f"stancegraph/ontology/{name}" for name in ontology.FILES} <= names


def test_the_sdist_ships_the_licence(built: tuple[Path, Path]) -> None:
    _, sdist = built
    with tarfile.open(sdist) as archive:
        names = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}
    assert {"LICENSE", "pyproject.toml", "README.md", "stancegraph/__init__.py"} <= names
