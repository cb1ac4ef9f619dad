"""Names from data files are drawn as text, never read as matplotlib mathtext."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from matplotlib.cbook import is_math_text
from matplotlib.text import Text

import stancegraph as sg
from tests.test_cli import run

# An unknown mathtext command made every drawing fail; a pair of dollar signs turned the text
# between them into italic maths ("Cost 5*vs*10 budget").
HOSTILE = {
    "bad-command": r"$\foo$",
    "prices": "Cost $5 vs $10 budget",
    "escaped": r"Already \$ escaped $x$",
    "lone": "Just one $ sign",
    "tex": r"$\frac{1}{0}$ and $^$",
}

Q = {key: json.dumps(value) for key, value in HOSTILE.items()}  # YAML reads JSON strings

DEBATE = f"""
actors:
  - {{id: bad-command, type: Organization, name: {Q["bad-command"]}}}
  - {{id: prices, type: Organization, name: {Q["prices"]}}}
  - {{id: escaped, type: Organization, name: {Q["escaped"]}}}
  - {{id: plain, type: Organization, name: Plain}}
positions:
  - {{id: lone, type: PolicyOption, name: {Q["lone"]}}}
  - {{id: tex, type: PolicyOption, name: {Q["tex"]}}}
stances:
  - {{holder: bad-command, relation: supports, target: lone, date: 2024-01-01}}
  - {{holder: prices, relation: supports, target: lone, date: 2024-01-02}}
  - {{holder: escaped, relation: opposes, target: lone, date: 2024-01-03}}
  - {{holder: plain, relation: opposes, target: lone, date: 2024-01-03}}
  - {{holder: bad-command, relation: opposes, target: tex, date: 2024-01-04}}
  - {{holder: escaped, relation: supports, target: tex, date: 2024-01-05}}
  - {{holder: plain, relation: supports, target: tex, date: 2024-01-05}}
"""


@pytest.fixture(scope="module")
def debate() -> sg.StanceGraph:
    return sg.loads(DEBATE)


def _shown(text: Text) -> str:
    """What matplotlib draws for a text artist (its mathtext preprocessing undone)."""
    raw = text.get_text()
    assert not is_math_text(raw), f"drawn as mathtext: {raw}"
    return raw.replace(r"\$", "$")


@pytest.mark.parametrize("kind", ["coalition_graph", "stance_map", "stance_matrix", "timeline"])
def test_names_with_dollar_signs_are_drawn_as_written(debate: sg.StanceGraph, kind: str) -> None:
    draw: Any = getattr(sg.draw, kind)
    ax = draw(debate)
    figure = ax.get_figure(root=True)
    for fmt in ("png", "svg"):
        assert sg.draw.render(ax, fmt)  # drawing does not fail
    shown = " ".join(_shown(t) for t in figure.findobj(Text))
    names = [HOSTILE["bad-command"], HOSTILE["prices"]] if kind != "timeline" else []
    if kind in ("stance_map", "stance_matrix"):
        names += [HOSTILE["lone"], HOSTILE["tex"]]
    for name in names:
        assert name in shown


def test_the_cli_draws_every_kind_of_a_hostile_debate(tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "debate.yaml"
    data.write_text(DEBATE, encoding="utf-8")
    for kind in ("coalitions", "stances", "matrix", "timeline"):
        out = tmp_path / f"{kind}.png"
        code, _, err = run(capsys, "draw", str(data), "-o", str(out), "--kind", kind)
        assert code == 0, err
        assert out.read_bytes().startswith(b"\x89PNG")
