"""The pictures in examples/ are made by the commands the README shows."""

from __future__ import annotations

import re
import shlex
import struct
from pathlib import Path

import pytest

from stancegraph.cli import main

ROOT = Path(__file__).parents[2]
COMMANDS = re.findall(r"^stancegraph (draw .*-o (examples/\S+\.png).*)$",
                      (ROOT / "README.md").read_text(), flags=re.M)


def _size(png: bytes) -> tuple[int, int]:
    width, height = struct.unpack(">II", png[16:24])  # the IHDR chunk
    return width, height


def test_the_readme_shows_the_coalition_graph_and_how_each_picture_is_made() -> None:
    readme = (ROOT / "README.md").read_text()
    assert "![" in readme and "](examples/nato_2022_coalitions.png)" in readme
    assert sorted(out for _, out in COMMANDS) == ["examples/nato_2022_coalitions.png",
                                                  "examples/nato_2022_matrix.png"]


@pytest.mark.parametrize(("command", "out"), COMMANDS, ids=[out for _, out in COMMANDS])
def test_the_command_remakes_the_picture(command: str, out: str, tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str],
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    argv = shlex.split(command)
    made = tmp_path / "made.png"
    argv[argv.index("-o") + 1] = str(made)
    assert main(argv) == 0, capsys.readouterr().err
    shipped = (ROOT / out).read_bytes()
    # The same drawing; bytes may differ with the matplotlib and FreeType versions.
    assert _size(made.read_bytes()) == _size(shipped)
