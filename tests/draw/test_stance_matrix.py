from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from matplotlib.colors import to_hex

import stancegraph as sg
from stancegraph.draw import RELATION_COLORS, stance_matrix
from stancegraph.draw._camps import camps_of
from stancegraph.draw._cells import CATEGORIES, cells, divisiveness
from tests.draw.pictures import legend_texts, write_files


@pytest.mark.parametrize("level", ["state", "stated"])
def test_rows_by_camp_and_columns_most_divisive_first(
        nato: sg.StanceGraph, level: str, tmp_path: Path) -> None:
    result = sg.coalitions(nato, level=level)  # type: ignore[arg-type]
    ax = stance_matrix(nato, result=result)
    write_files(ax, tmp_path, f"matrix-{level}")
    found = cells(nato, result.level, camps_of(result, nato), 60, 40)
    assert ax.images[0].get_array().shape == (len(found.actors), len(found.targets))
    camp = [result.coalition_of(a) for a in found.actors]
    order = [len(result.coalitions) if c is None else c for c in camp]
    assert order == sorted(order)  # camps in order, the unaligned last
    score = divisiveness(found.bits)
    assert score == sorted(score, reverse=True)
    # The first camp at both levels is Paris's and Berlin's (Macron's at the stated level).
    assert [t.get_text() for t in ax.get_yticklabels()][0] == \
        ("France" if level == "state" else "Emmanuel Macron")


def test_the_seed_debate_splits_on_dialogue_and_weapons(nato: sg.StanceGraph) -> None:
    found = cells(nato, "state", camps_of(sg.coalitions(nato), nato), 60, 40)
    assert found.targets[0] == "dialogue-with-putin"
    row = dict(zip(found.actors, found.category[:, 0], strict=True))
    assert CATEGORIES[row["france"]] == "supports"
    assert CATEGORIES[row["united-kingdom"]] == "opposes"


def test_the_legend_explains_every_colour_shown(nato: sg.StanceGraph) -> None:
    ax = stance_matrix(nato)
    texts = legend_texts(ax)
    assert texts[:4] == ["supports", "opposes", "skeptical of", "no stance"]
    assert any(t.startswith("Camp 1 (7)") for t in texts)
    colours = {to_hex(c) for c in ax.images[0].cmap(np.arange(len(CATEGORIES)))}
    assert colours == {RELATION_COLORS[c].lower() for c in CATEGORIES}


def test_support_with_opposition_is_mixed(tmp_path: Path) -> None:
    g = sg.loads("""
actors:
  - {id: a, type: State, name: A}
  - {id: p, type: Person, name: P, role: president}
relations: [{subject: p, relation: leads, object: a}]
positions: [{id: x, type: Claim, name: X}]
stances:
  - {holder: a, relation: supports, target: x}
  - {holder: p, relation: skeptical-of, target: x}
""")
    ax = stance_matrix(g)
    assert ax.images[0].get_array().tolist() == [[CATEGORIES.index("mixed")]]
    assert "supports and opposes (or doubts)" in legend_texts(ax)
    write_files(ax, tmp_path, "mixed")


@pytest.mark.parametrize("text", ["actors: []", "actors: [{id: a, type: State, name: A}]"])
def test_nothing_to_draw(text: str, tmp_path: Path) -> None:
    ax = stance_matrix(sg.loads(text))
    assert any("Nothing to draw" in t.get_text() for t in ax.texts)
    write_files(ax, tmp_path, "empty")


def test_capped(nato: sg.StanceGraph) -> None:
    ax = stance_matrix(nato, max_actors=5, max_targets=4)
    assert ax.images[0].get_array().shape == (5, 4)
    assert "showing 5 of 17 actors and 4 of 29 targets" in ax.get_title(loc="left")


def test_a_result_as_of_a_day_is_drawn_as_of_that_day(nato: sg.StanceGraph) -> None:
    # The camps of 24 March were found from the stances in effect that day: the matrix draws
    # those, not the whole debate's 16 x 29.
    result = sg.coalitions(nato, as_of="2022-03-24")
    assert result.as_of is not None and result.as_of.isoformat() == "2022-03-24"
    assert result.statements is not None
    that_day = sg.as_of(nato, "2022-03-24")
    expected = cells(that_day, "state", camps_of(result, that_day), 60, 40)
    ax = stance_matrix(nato, result=result)
    assert ax.images[0].get_array().shape == (len(expected.actors), len(expected.targets))
    assert ax.images[0].get_array().shape != stance_matrix(nato).images[0].get_array().shape
