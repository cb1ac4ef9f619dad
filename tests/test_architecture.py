"""The package's layers import one way: errors <- model <- graph <- queries <- analysis, io <- cli.

``draw`` sits beside ``io`` (neither imports the other): matplotlib pictures built on the graph,
its queries and the analysis, imported by the command line and, lazily, by ``stancegraph`` as
``sg.draw``; matplotlib appears nowhere else. ``frames`` and ``notebook`` (pandas tables and
Jupyter HTML, the notebook with a picture from ``draw``) sit above the analysis; the core reaches
them, and io's RDF, only through ``stancegraph._presenters``. No module imports a layer above
its own, at the top or inside a function.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import stancegraph as sg

PACKAGE = Path(sg.__file__).parent

# What each layer may import from stancegraph (besides itself and errors).
ALLOWED = {
    "errors": set(),
    "_lazy": set(),
    "_presenters": set(),
    "options": set(),
    "progress": set(),
    "model": set(),
    "_stance_table": {"model"},
    "_checks": {"model"},
    "_stance_rows": {"model"},
    "synth": {"model", "graph", "_stance_rows", "io"},
    "graph": {"model", "_checks", "_stance_rows", "_stance_table"},
    "queries": {"model", "graph", "_stance_table"},
    "analysis": {"model", "graph", "queries", "progress"},
    "frames": {"model", "graph", "queries", "analysis"},
    "notebook": {"model", "graph", "queries", "analysis", "draw"},
    "io": {"model", "graph", "_checks", "_stance_rows", "queries", "analysis", "ontology", "progress"},
    "draw": {"model", "graph", "queries", "analysis"},
    "cli": {"model", "graph", "queries", "analysis", "io", "draw", "__init__", "progress"},
    "__main__": {"cli"},
    "__init__": {"model", "graph", "queries", "analysis", "io", "ontology", "progress"},
}
# No layer imports one above it, not even inside a function: the graph's and a coalition
# result's conveniences (to_frame, _repr_html_, to_rdf, sparql) reach frames, notebook and io
# through stancegraph._presenters, filled by the package's top. Only the package's top may
# name the drawings for type checkers (its ``sg.draw`` is imported on first use).
LAZY = {"__init__": {"draw"}}
# Third-party libraries confined to the layers that need them.
CONFINED = {"yaml": {"io"}, "networkx": {"graph", "analysis", "io", "draw"},
            # The model asks pyoxigraph whether a URL is an IRI every RDF format can carry
            # (model._types.is_url): one definition of a valid IRI, not a second regex.
            "scipy": {"analysis"}, "rdflib": {"io"}, "pyoxigraph": {"io", "model"},
            "pyshacl": {"io"},
            "pandas": {"frames", "io"}, "pyarrow": {"io"},
            "matplotlib": {"draw"}, "tqdm": {"progress"},
            # names to ids (io._slugs); the networks' igraph bridges (analysis)
            "anyascii": {"io"}, "igraph": {"analysis"}}


def _layer(path: Path) -> str:
    return path.relative_to(PACKAGE).parts[0].removesuffix(".py")


def _imports(path: Path, *, top_level_only: bool = False) -> list[tuple[str, int]]:
    """(absolute stancegraph module or third-party top name, line) for each import."""
    tree = ast.parse(path.read_text(), filename=str(path))
    package = ["stancegraph", *path.relative_to(PACKAGE).with_suffix("").parts[:-1]]
    found = []
    nodes = tree.body if top_level_only else list(ast.walk(tree))
    for node in nodes:
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
                if node.module is None:  # from . import x: x is a submodule or a name
                    for alias in node.names:
                        sub = PACKAGE.joinpath(*base[1:], alias.name)
                        is_module = (sub.with_suffix(".py").exists() or sub.is_dir()
                                     or module + "." + alias.name == "stancegraph.ontology")
                        found.append((f"{module}.{alias.name}" if is_module else module,
                                      node.lineno))
                    continue
            else:
                module = node.module or ""
            found.append((module, node.lineno))
    return found


MODULES = sorted(PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_point_one_way(path: Path) -> None:
    layer = _layer(path)
    top_level = set(_imports(path, top_level_only=True))
    for module, line in _imports(path):
        parts = module.split(".")
        if parts[0] == "stancegraph":
            target = parts[1] if len(parts) > 1 else "__init__"
            if target in (layer, "errors", "_lazy", "_presenters", "options"):  # the base every layer may use
                continue
            lazy_ok = (module, line) not in top_level and target in LAZY.get(layer, set())
            assert target in ALLOWED[layer] or lazy_ok, \
                f"{path.name}:{line}: {layer} imports {module}"
        elif parts[0] in CONFINED:
            assert layer in CONFINED[parts[0]], f"{path.name}:{line}: {layer} imports {module}"


def test_the_walker_sees_relative_imports() -> None:
    found = dict(_imports(PACKAGE / "io" / "formats.py"))
    assert "stancegraph.graph" in found
    assert "stancegraph.io._files" in found


def test_package_is_typed() -> None:
    assert (PACKAGE / "py.typed").exists()


_LIGHT = """
import sys
import stancegraph as sg
heavy = ["rdflib", "pyoxigraph", "scipy", "matplotlib", "sqlite3", "pyarrow", "pandas",
         "networkx"]
print(" ".join(name for name in heavy if name in sys.modules))
g = sg.load(sys.argv[1])
print(" ".join(name for name in heavy if name in sys.modules))
sg.coalitions
print(" ".join(name for name in heavy if name in sys.modules))
"""


def test_import_and_a_yaml_file_load_none_of_the_heavy_libraries() -> None:
    # Formats and the analysis are imported on first use (stancegraph._lazy), networkx with
    # the first networkx view: importing the package and reading a YAML file need pydantic,
    # yaml and numpy only.
    import subprocess
    import sys

    seed = PACKAGE.parent / "examples" / "nato_2022.yaml"
    done = subprocess.run([sys.executable, "-c", _LIGHT, str(seed)], capture_output=True,
                          text=True, check=True)
    after_import, after_load, after_analysis = done.stdout.split("\n")[:3]
    assert after_import == "" and after_load == ""
    assert "scipy" in after_analysis.split()  # and the names still work


def test_every_public_name_is_listed_and_reachable() -> None:
    for name in sg.__all__:
        assert getattr(sg, name) is not None, name
    assert set(sg.__all__) <= set(dir(sg)) and "draw" in dir(sg)


def test_the_core_hands_its_conveniences_to_the_layers_above() -> None:
    from stancegraph import _presenters

    assert set(_presenters._PROVIDERS) == set(_presenters.JOBS)
    for job in _presenters.JOBS:
        module, _, name = _presenters._PROVIDERS[job].partition(":")
        assert _layer(PACKAGE.joinpath(*module.split(".")[1:]).with_suffix(".py")) in {
            "frames", "notebook", "io"}
        assert callable(_presenters.present(job)), job
