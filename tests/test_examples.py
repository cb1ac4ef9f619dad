"""Every script and notebook in examples/ runs, and the README's commands are the ones CI runs."""

from __future__ import annotations

import json
import re
import runpy
import shutil
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).parents[1]
SCRIPTS = sorted((ROOT / "examples").glob("*.py"))
NOTEBOOKS = sorted((ROOT / "examples").glob("*.ipynb"))


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.name)
def test_example_runs(script: Path, capsys: pytest.CaptureFixture[str],
                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "argv", [str(script)])
    runpy.run_path(str(script), run_name="__main__")
    assert capsys.readouterr().out.strip()


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_committed_without_outputs(path: Path) -> None:
    notebook = nbformat.read(path, as_version=4)
    nbformat.validate(notebook)
    assert notebook.metadata["kernelspec"]["name"] == "python3"
    for cell in notebook.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, cell.source[:40]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_runs_end_to_end(path: Path, tmp_path: Path,
                                  monkeypatch: pytest.MonkeyPatch) -> None:
    # The kernel shows figures as Jupyter does (the tests' own backend is Agg).
    monkeypatch.setenv("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    # Run where the notebook's data is, but in a copy, so that its exports land in tmp_path.
    for data in (ROOT / "examples").glob("*.yaml"):
        shutil.copy(data, tmp_path)
    notebook = nbformat.read(path, as_version=4)
    # The kernel must be this environment's Python (python3 resolves to sys.executable).
    notebook.cells.append(nbformat.v4.new_code_cell("import json, sys\n"
                                                     "print(json.dumps(sys.prefix))"))
    NotebookClient(notebook, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(tmp_path)}}).execute()
    outputs = [output for cell in notebook.cells if cell.cell_type == "code"
               for output in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    assert json.loads(outputs[-1]["text"]) == sys.prefix
    html = [o["data"]["text/html"] for o in outputs if "text/html" in o.get("data", {})]
    assert any("59 stances" in h and "Camp 1" in h for h in html)  # the graph's summary
    assert any("<strong>CoalitionResult</strong>" in h and "<img" in h for h in html)
    pictures = [o for o in outputs if "image/png" in o.get("data", {})]
    assert len(pictures) >= 2  # the coalition graph and the stance matrix
    exports = tmp_path / "exports"
    assert sorted(p.name for p in exports.iterdir()) == [
        "nato_2022.gexf", "nato_2022.graphml", "nato_2022.ttl", "nato_2022_camps.gexf"]


def test_quickstart_answers_the_first_questions(capsys: pytest.CaptureFixture[str]) -> None:
    runpy.run_path(str(ROOT / "examples" / "quickstart.py"), run_name="__main__")
    out = capsys.readouterr().out
    assert "estonia, latvia, lithuania, poland, united-kingdom" in out
    assert "joe-biden supports putin-cannot-remain-in-power" in out


def test_readme_python_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    readme = (ROOT / "README.md").read_text()
    blocks = re.findall(r"```python\n(.*?)```", readme, flags=re.S)
    assert blocks
    monkeypatch.chdir(ROOT)
    for block in blocks:
        namespace: dict[str, object] = {}
        exec(compile(block, "README.md", "exec"), namespace)
        # Check the values the README shows in its comments.
        for line in block.splitlines():
            code, _, shown = line.partition("#")
            shown = shown.strip()
            if shown.startswith(("[", "(")):
                assert repr(eval(code, namespace)) == shown, line


def test_ci_runs_the_readme_test_command() -> None:
    readme = (ROOT / "README.md").read_text()
    ci = (ROOT / ".ci" / "run").read_text()
    commands = [line for line in readme.splitlines() if line.startswith("python3 -m venv")]
    assert len(commands) == 2
    assert commands[1] in ci
