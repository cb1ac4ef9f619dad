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
    assert main(["draw", str(ROOT / "examples" / "nato_2022.yaml"), "-o",
                 str(tmp_path / "x.png"), "--days", "3"]) == 2
    assert main(["draw", str(ROOT / "examples" / "nato_2022.yaml"), "-o", str(out),
                 "--days", "3"]) == 0
    assert len(_data(out.read_text(encoding="utf-8"))["days"]) == 3


def test_the_page_has_the_camps_and_what_divides_them(nato: sg.StanceGraph) -> None:
    data = explorer_data(sg.coalitions(nato), nato)
    assert data["camps"][0]["unites"][0] == "supports Dialogue with Putin"
    assert data["divides"][0]["targets"][0].startswith("Dialogue with Putin: camp 1 supports")


def _data(page: str) -> dict:  # type: ignore[type-arg]
    found = re.search(r'<script type="application/json" id="data">(.*?)</script>', page, re.S)
    assert found is not None
    return json.loads(found.group(1))  # type: ignore[no-any-return]


def test_each_day_of_the_slider_has_its_camps_and_ties(nato: sg.StanceGraph) -> None:
    import base64

    import numpy as np

    data = _data(explore(nato).html)
    days = data["days"]
    assert [d["day"] for d in days] == sorted(d["day"] for d in days)
    assert "2022-03-26" in [d["day"] for d in days]
    ids = [n["id"] for n in data["nodes"]]
    for day in days:
        result = sg.coalitions(nato, as_of=day["day"])
        for actor, colour in zip(ids, day["colour"], strict=True):
            if actor not in result.network.ids:
                assert colour == -2  # nothing said yet
            elif result.coalition_of(actor) is None:
                assert colour == -1
        # actors of one camp that day share a colour, actors of two camps differ
        for camp in result.coalitions:
            assert len({day["colour"][ids.index(m)] for m in camp.members}) == 1
        held = np.unpackbits(np.frombuffer(base64.b64decode(day["ties"]), dtype=np.uint8),
                             bitorder="little")[:len(data["edges"])]
        there = {a: i for i, a in enumerate(result.network.ids)}
        for e, bit in zip(data["edges"], held.tolist(), strict=True):
            tied = (e["source"] in there and e["target"] in there and
                    result.network.difference[there[e["source"]], there[e["target"]]] != 0)
            assert bool(bit) == bool(tied), (day["day"], e["source"], e["target"])
    last = days[-1]
    assert [c["colour"] for c in last["camps"]][:2] == [c["colour"] for c in data["camps"]][:2]


def test_a_days_camps_take_the_colours_of_the_camps_they_overlap() -> None:
    import numpy as np

    from stancegraph.draw.explore import _matched_colours

    final = np.array([0, 0, 0, 1, 1, -1])
    day = np.array([1, 1, 0, 0, -2, 2])  # day camp 1 ~ final 0, day camp 0 ~ final 1
    assert _matched_colours(day, final, (4, 2), 3).tolist() == [2, 4, 0]


def test_the_most_connected_are_labelled_and_each_keeps_its_strongest_ties() -> None:
    import numpy as np
    import scipy.sparse as sp

    from stancegraph.analysis.display import _strongest
    from stancegraph.draw.explore import LABELLED
    from stancegraph.synth import synthetic_debate

    g = synthetic_debate(800, actors=60, targets=12, seed=1)
    data = explorer_data(sg.coalitions(g, k=3), g)
    assert sum(n["forceLabel"] for n in data["nodes"]) == LABELLED
    small = explorer_data(sg.coalitions(sg.load(ROOT / "examples" / "nato_2022.yaml")), None)
    assert not any(n["forceLabel"] for n in small["nodes"])  # all shown where they fit
    biggest = sorted(data["nodes"], key=lambda n: -n["size"])[:LABELLED]
    assert all(n["forceLabel"] for n in biggest[:LABELLED - 5])  # sizes are rounded
    rng = np.random.default_rng(0)
    for _ in range(20):  # against choosing them one by one
        n = 30
        dense = np.triu(rng.integers(0, 4, size=(n, n)) * (rng.random((n, n)) < 0.6), k=1)
        upper = sp.coo_array(dense.astype(float))
        expected = set()
        for a in range(n):
            mine = [(-upper.data[t], int(upper.col[t] if upper.row[t] == a else upper.row[t]), t)
                    for t in range(len(upper.data)) if a in (upper.row[t], upper.col[t])]
            expected |= {t for _, _, t in sorted(mine)[:5]}
        assert _strongest(upper, n, 5).tolist() == sorted(expected)


def test_days_can_be_left_out_or_bounded(nato: sg.StanceGraph) -> None:
    import pytest

    assert "days" not in _data(explore(nato, days=0).html)
    assert len(_data(explore(nato, days=3).html)["days"]) == 3
    for wrong in (-1, 2.5, True):
        with pytest.raises(sg.errors.ArgumentError, match="days must be a whole number"):
            explore(nato, days=wrong)  # type: ignore[arg-type]


def test_a_factored_networks_net_ties_are_read_without_materialising() -> None:
    import numpy as np
    import scipy.sparse as sp

    from stancegraph.analysis.signed import SignedNetwork

    rng = np.random.default_rng(0)
    n, m = 80, 15
    plus = sp.random(n, m, density=0.2, random_state=1, format="csr")
    minus = sp.random(n, m, density=0.1, random_state=2, format="csr")
    direct = sp.random(n, n, density=0.02, random_state=3, format="csr")
    ids = [f"a{i}" for i in range(n)]
    factored = SignedNetwork.factored(ids, plus, minus, direct + direct.T, None)
    twin = SignedNetwork.factored(ids, plus, minus, direct + direct.T, None)
    rows, cols = rng.integers(0, n, size=500), rng.integers(0, n, size=500)
    expected = np.asarray(twin.difference.toarray()[rows, cols]).ravel()
    assert np.allclose(factored.net_at(rows, cols), expected)
    assert factored.is_factored and factored._explicit is None  # nothing materialised


def test_a_large_debates_days_keep_its_number_of_camps(nato: sg.StanceGraph,
                                                      monkeypatch: object) -> None:
    import sys

    explore_module = sys.modules["stancegraph.draw.explore"]

    monkeypatch.setattr(explore_module, "COUNTED_DAYS_MAX", 0)  # type: ignore[attr-defined]
    whole = len(sg.coalitions(nato).coalitions)
    days = _data(explore(nato).html)["days"]
    assert len(days[-1]["camps"]) == whole  # as many camps as the whole debate
    first = sg.coalitions(nato, as_of=days[0]["day"])
    assert int((first.network.degree() > 0).sum()) < whole  # too few tied: counted
    assert len(days[0]["camps"]) == len(first.coalitions)
