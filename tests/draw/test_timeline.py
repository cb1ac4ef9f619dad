from __future__ import annotations

from pathlib import Path

import pytest
from matplotlib.collections import PathCollection

import stancegraph as sg
from stancegraph.draw import timeline
from tests.draw.pictures import legend_texts, write_files

DEBATE = """
sources:
  - {id: paper, title: A paper, date: 2024-05-10}
actors:
  - {id: a, type: State, name: A}
  - {id: b, type: State, name: B}
positions:
  - {id: x, type: PolicyOption, name: X}
  - {id: y, type: PolicyOption, name: Y}
stances:
  - {id: a-x, holder: a, relation: supports, target: x, date: 2024-05-01, retracted_on: 2024-05-20}
  - {id: a-y, holder: a, relation: opposes, target: y, date: 2024-05-02, retracted: true}
  - {id: b-x-1, holder: b, relation: opposes, target: x, date: 2024-05-03, superseded_by: b-x-2}
  - {id: b-x-2, holder: b, relation: skeptical-of, target: x, date: 2024-05-15}
  - {id: b-y, holder: b, relation: supports, target: y, source: paper}
  - {id: b-y-2, holder: b, relation: supports, target: y}
"""


def _scatter(ax: object, label: str) -> list[tuple[float, float]]:
    found = [c for c in ax.collections  # type: ignore[attr-defined]
             if isinstance(c, PathCollection) and c.get_label() == label]
    return [tuple(p) for c in found for p in c.get_offsets()]


def test_retractions_replacements_and_undated_stances_are_marked(tmp_path: Path) -> None:
    import matplotlib.dates as mdates

    ax = timeline(sg.loads(DEBATE))
    write_files(ax, tmp_path, "timeline")
    rows = [t.get_text() for t in ax.get_yticklabels()]
    assert rows == ["A · X", "A · Y", "B · X", "B · Y"]
    day = lambda text: float(mdates.datestr2num(text))  # noqa: E731
    # a-x retracted on 2024-05-20: a cross there; a-y retracted, no date: a cross on it.
    assert sorted(_scatter(ax, "retracted")) == [(day("2024-05-02"), 1.0),
                                                 (day("2024-05-20"), 0.0)]
    # b-x-1 ends where b-x-2 begins.
    assert _scatter(ax, "superseded") == [(day("2024-05-15"), 2.0)]
    # b-y takes the paper's date (a hollow marker); b-y-2 has no date: the undated column.
    supports = _scatter(ax, "supports")
    assert (day("2024-05-10"), 3.0) in supports
    undated = [x for x, y in supports if y == 3.0 and x > day("2024-05-20")]
    assert len(undated) == 1
    assert any(t.get_text() == "undated" for t in ax.texts)
    texts = legend_texts(ax)
    assert {"retracted (on the day, if known)", "superseded (on the day)",
            "dated by its source"} <= set(texts)


def test_the_seed_debate_marks_bidens_retracted_remark(nato: sg.StanceGraph,
                                                       tmp_path: Path) -> None:
    ax = timeline(nato, actors=["joe-biden", "olaf-scholz"])
    write_files(ax, tmp_path, "biden")
    assert [t.get_text() for t in ax.get_yticklabels()] == [
        "Joe Biden · Putin cannot remain in power",
        "Olaf Scholz · Abandon the NATO-Russia Found…", "Olaf Scholz · A cease-fire in Ukraine"]
    assert len(_scatter(ax, "retracted")) == 1


def test_filters_and_caps(nato: sg.StanceGraph) -> None:
    ax = timeline(nato, targets=["dialogue-with-putin"])
    assert all("Dialogue with Putin" in t.get_text() for t in ax.get_yticklabels())
    ax = timeline(nato, max_rows=5)
    assert len(ax.get_yticklabels()) == 5 and "rows 1–5 of" in ax.get_title(loc="left")
    with pytest.raises(sg.UnknownIdError, match="did you mean 'germany'"):
        timeline(nato, actors=["germny"])


@pytest.mark.parametrize("text", ["actors: []", "actors: [{id: a, type: State, name: A}]"])
def test_nothing_to_draw(text: str, tmp_path: Path) -> None:
    ax = timeline(sg.loads(text))
    assert any("Nothing to draw" in t.get_text() for t in ax.texts)
    write_files(ax, tmp_path, "empty")


def test_only_undated_stances(tmp_path: Path) -> None:
    g = sg.loads("""
actors: [{id: a, type: State, name: A}]
positions: [{id: x, type: Claim, name: X}]
stances: [{holder: a, relation: opposes, target: x}]
""")
    ax = timeline(g)
    write_files(ax, tmp_path, "undated")
    assert len(_scatter(ax, "opposes")) == 1
