"""A timeline with more pairs than fit shows those that changed first, says what it leaves
out, and pages through the rest."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import stancegraph as sg
from stancegraph.draw import timeline
from tests.draw.pictures import legend_texts, write_files

# Eleven early, plain stances; then, late, a retraction, a replacement and a flip: cut by
# a timeline that kept the earliest rows.
DEBATE = "\n".join([
    "actors:",
    *(f"  - {{id: s{i:02d}, type: State, name: S{i:02d}}}" for i in range(11)),
    "  - {id: late, type: State, name: Late}",
    "positions:",
    *(f"  - {{id: p{i:02d}, type: PolicyOption, name: P{i:02d}}}" for i in range(11)),
    "stances:",
    *(f"  - {{holder: s{i:02d}, relation: supports, target: p{i:02d}, date: 2024-01-{i + 1:02d}}}"
      for i in range(11)),
    "  - {holder: s00, relation: supports, target: p01, date: 2024-01-02}",
    "  - {holder: s00, relation: supports, target: p01, date: 2024-01-09}",
    "  - {id: r, holder: late, relation: supports, target: p00, date: 2024-03-01,"
    " retracted_on: 2024-03-04}",
    "  - {id: old, holder: late, relation: opposes, target: p01, date: 2024-03-02,"
    " superseded_by: new}",
    "  - {id: new, holder: late, relation: supports, target: p01, date: 2024-03-05}",
    "  - {holder: late, relation: skeptical-of, target: p02, date: 2024-03-03}",
    "  - {holder: late, relation: opposes, target: p02, date: 2024-03-06}",
    "",
])
CHANGED = {"Late · P00", "Late · P01", "Late · P02"}


def _rows(ax: object) -> list[str]:
    return [t.get_text() for t in ax.get_yticklabels()]  # type: ignore[attr-defined]


def _note(ax: object) -> str:
    notes = [t for t in legend_texts(ax) if t.startswith("Not shown")]  # type: ignore[arg-type]
    assert len(notes) == 1
    return notes[0].replace("\n", " ")


def test_the_first_page_shows_what_changed_then_the_most_stated(tmp_path: Path) -> None:
    g = sg.loads(DEBATE)
    ax = timeline(g, max_rows=5)
    write_files(ax, tmp_path, "page1")
    rows = _rows(ax)
    assert CHANGED <= set(rows)  # the retraction, the replacement and the flip
    assert "S00 · P01" in rows  # stated twice: next after the changes
    assert len(rows) == 5
    title = ax.get_title(loc="left")
    assert "rows 1–5 of 15 holder–target pairs (page 1 of 3" in title
    assert _note(ax) == ("Not shown: 10 holder–target pairs with 10 stances, none of them "
                         "changed (retracted, superseded or flipped); pages 2 and 3 (page=) "
                         "show them.")
    assert any(c.get_label() == "retracted" for c in ax.collections)
    assert any(c.get_label() == "superseded" for c in ax.collections)


def test_pages_hold_every_pair_once_on_one_time_axis() -> None:
    g = sg.loads(DEBATE)
    seen: list[str] = []
    limits = set()
    for page in (1, 2, 3):
        ax = timeline(g, max_rows=5, page=page)
        seen += _rows(ax)
        limits.add(tuple(round(x, 6) for x in ax.get_xlim()))
        if page > 1:
            assert f"rows {5 * page - 4}–{min(5 * page, 15)} of 15" in ax.get_title(loc="left")
            assert re.match(r"Not shown: 10 holder–target pairs with 1[0-9] stances, 3 of them "
                            r"changed", _note(ax))
    assert len(seen) == len(set(seen)) == 15
    assert len(limits) == 1  # every page on the same days
    everything = timeline(g, max_rows=None)
    assert sorted(_rows(everything)) == sorted(seen)
    assert not [t for t in legend_texts(everything) if t.startswith("Not shown")]
    assert "page" not in everything.get_title(loc="left")


def test_pages_out_of_range_are_refused() -> None:
    g = sg.loads(DEBATE)
    with pytest.raises(sg.StanceGraphError, match=r"page '4' \(expected a page from 1 to 3"):
        timeline(g, max_rows=5, page=4)
    with pytest.raises(ValueError, match=r"page '0'"):
        timeline(g, max_rows=5, page=0)
    with pytest.raises(ValueError, match=r"max_rows '0' \(expected 1 or more rows a page"):
        timeline(g, max_rows=0)


def test_the_seed_timeline_shows_its_retractions_and_changes_by_default(
        nato: sg.StanceGraph) -> None:
    ax = timeline(nato)
    rows = set(_rows(ax))
    changed = {(s.holder, s.target) for s in nato.stances
               if s.retracted or s.superseded_by is not None}
    relations: dict[tuple[str, str], set[str]] = {}
    for s in nato.stances:
        relations.setdefault((s.holder, s.target), set()).add(s.relation)
    changed |= {pair for pair, found in relations.items() if len(found) > 1}
    assert changed
    for holder, target in changed:
        assert any(r.startswith(sg.draw._style.display_name(nato, holder, 24) + " · ")
                   and sg.draw._style.display_name(nato, target, 30) in r for r in rows)
    if len(relations) > 30:
        assert "Not shown" in " ".join(legend_texts(ax))
