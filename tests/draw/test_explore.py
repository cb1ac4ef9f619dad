"""The explorer page (issue 17, work in progress): data, assets, escaping."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import stancegraph as sg
from stancegraph.draw.explore import explore, explorer_data

ROOT = Path(__file__).parents[2]


def test_the_vendored_libraries_are_what_npm_shipped() -> None:
    done = subprocess.run([sys.executable, str(ROOT / "tools" / "refresh_explorer_assets.py"),
                           "--check"], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr


def test_every_actor_is_a_node_with_its_camp(nato: sg.StanceGraph) -> None:
    result = sg.coalitions(nato)
    data = explorer_data(result, nato)
    assert [n["id"] for n in data["nodes"]] == list(result.network.ids)
    france = next(n for n in data["nodes"] if n["id"] == "france")
    assert france["camp"] == result.coalition_of("france") + 1  # type: ignore[operator]
    assert any(s.get("said_by") == "emmanuel-macron" for s in france["stances"])


def test_the_page_is_self_contained_and_escapes_the_data(tmp_path: Path) -> None:
    g = sg.loads("""
actors:
  - {id: a, type: State, name: "</script><script>alert(1)</script>"}
  - {id: b, type: State, name: B}
positions: [{id: p, type: PolicyOption, name: P}]
stances:
  - {holder: a, relation: supports, target: p, quote: "he said \\\\ </script> \\"no\\""}
  - {holder: b, relation: supports, target: p}
""")
    page = explore(g)
    assert "<script>alert" not in page.html and "</script> \\" not in page.html
    payload = re.search(r'<script type="application/json" id="data">(.*?)</script>',
                        page.html, re.S)
    assert payload is not None
    data = json.loads(payload.group(1))
    assert data["nodes"][0]["label"] == "</script><script>alert(1)</script>"
    path = page.save(tmp_path / "debate.html")
    assert path.read_text(encoding="utf-8") == page.html
    assert "default-src 'none'" in page.html  # the page may request nothing


def test_the_command_line_writes_the_page(tmp_path: Path, capsys: object) -> None:
    from stancegraph.cli import main

    out = tmp_path / "debate.html"
    assert main(["draw", str(ROOT / "examples" / "nato_2022.yaml"), "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert main(["draw", str(ROOT / "examples" / "nato_2022.yaml"), "-o",
                 str(tmp_path / "x.png"), "--kind", "explore"]) == 2


def test_the_page_has_the_camps_and_what_divides_them(nato: sg.StanceGraph) -> None:
    data = explorer_data(sg.coalitions(nato), nato)
    assert data["camps"][0]["unites"][0] == "supports Dialogue with Putin"
    assert data["divides"][0]["targets"][0].startswith("Dialogue with Putin: camp 1 supports")
