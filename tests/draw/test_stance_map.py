from __future__ import annotations

from pathlib import Path

import pytest
from matplotlib.collections import LineCollection

import stancegraph as sg
from stancegraph.draw import stance_map
from stancegraph.draw._camps import camps_of
from stancegraph.draw._cells import cells
from tests.draw.pictures import legend_texts, markers, overlapping_labels, write_files


@pytest.mark.parametrize("level", ["state", "stated"])
def test_actors_left_by_camp_targets_right_a_line_per_stance(
        nato: sg.StanceGraph, level: str, tmp_path: Path) -> None:
    result = sg.coalitions(nato, level=level)  # type: ignore[arg-type]
    ax = stance_map(nato, result=result)
    write_files(ax, tmp_path, f"map-{level}")
    found = cells(nato, result.level, camps_of(result, nato), 40, 40)
    actors = markers(ax, "Camp", "Unaligned")
    assert sum(len(c.get_offsets()) for c in actors) == len(found.actors)
    assert len(markers(ax, "target")[0].get_offsets()) == len(found.targets)
    lines = {c.get_label(): c for c in ax.collections if isinstance(c, LineCollection)}
    assert sum(len(c.get_segments()) for c in lines.values()) == sum(
        bin(int(b)).count("1") for b in found.bits.ravel())
    for relation, collection in lines.items():
        dashed = collection.get_linestyles()[0][1] is not None
        assert dashed == (relation == "skeptical-of")
    names = camps_of(result, nato).legend()
    assert [n for n, _ in names] == [t for t in legend_texts(ax) if t.startswith("Camp")]
    assert overlapping_labels(ax) == []


@pytest.mark.parametrize("text", ["actors: []", "actors: [{id: a, type: State, name: A}]"])
def test_nothing_to_draw(text: str, tmp_path: Path) -> None:
    ax = stance_map(sg.loads(text))
    assert any("Nothing to draw" in t.get_text() for t in ax.texts)
    write_files(ax, tmp_path, "empty")


def test_one_actor_with_a_stance(tmp_path: Path) -> None:
    g = sg.loads("""
actors: [{id: a, type: State, name: A}]
positions: [{id: x, type: Claim, name: X}]
stances: [{holder: a, relation: skeptical-of, target: x}]
""")
    ax = stance_map(g)
    write_files(ax, tmp_path, "one")
    assert legend_texts(ax)[-1] == "Unaligned: no signed tie"  # no tie to anyone
