"""Every camp's legend entry names every member, or says how many it leaves out."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import stancegraph as sg
import stancegraph.draw._camps as camps_module
from stancegraph.draw import coalition_graph, stance_map, stance_matrix
from stancegraph.draw._camps import camps_of
from stancegraph.draw._style import display_name
from tests.draw.pictures import legend_texts

ROOT = Path(__file__).parents[2]
DEBATES = [ROOT / "examples" / "nato_2022.yaml",
           *sorted((ROOT / "tests" / "debates").glob("*.yaml"))]


def _names_in(entry: str) -> tuple[list[str], int]:
    """The names an entry lists, and how many more it says it leaves out."""
    listed = entry.split(":", 1)[1].replace("\n", " ")
    more = re.search(r"\+(\d+) more$", listed.strip())
    names = [n.strip() for n in listed.split(",") if n.strip() and not n.strip().startswith("+")]
    return names, int(more.group(1)) if more else 0


def _check(g: sg.StanceGraph, result: sg.CoalitionResult, texts: list[str],
           every_camp: bool = True) -> None:
    """Each camp's entry names its members or counts those it leaves out; with
    ``every_camp``, every camp has one (the matrix and the map show only the camps of the
    actors that take a stance, the coalition graph every camp)."""
    entries = [t for t in texts if t.startswith("Camp")]
    if every_camp:
        assert len(entries) == len(camps_of(result, g).legend())
    for camp, members in enumerate(result.ranked_members()):
        entry = next((t for t in entries if t.startswith(f"Camp {camp + 1} (")), None)
        if entry is None and not every_camp:
            continue
        assert entry is not None, f"no legend entry for camp {camp + 1}"
        names, more = _names_in(entry)
        assert f"({len(members)})" in entry.split(":")[0]
        # every member is named (its name, shortened as names are) or counted in "+N more"
        assert names == [display_name(g, m, camps_module.NAME) for m in members[:len(names)]]
        assert len(names) + more == len(members), entry


@pytest.mark.parametrize("path", DEBATES, ids=[p.stem for p in DEBATES])
def test_every_member_of_every_camp_is_in_the_legend(path: Path) -> None:
    g = sg.load(path)
    for level in ("state", "stated"):
        result = sg.coalitions(g, level=level)  # type: ignore[arg-type]
        _check(g, result, legend_texts(coalition_graph(result, graph=g)))
        _check(g, result, legend_texts(stance_matrix(g, result=result)), every_camp=False)
        _check(g, result, legend_texts(stance_map(g, result=result)), every_camp=False)


def test_the_seed_legend_names_poland(nato: sg.StanceGraph) -> None:
    result = sg.coalitions(nato)
    camp = result.coalition_of("poland")
    assert camp is not None
    entry = [t for t in legend_texts(coalition_graph(result, graph=nato))
             if t.startswith(f"Camp {camp + 1} (")]
    assert len(entry) == 1 and "Poland" in entry[0]


def test_a_camp_too_large_to_list_says_how_many_it_leaves_out() -> None:
    n = camps_module.NAMED + 7
    actors = "\n".join(f"  - {{id: s{i:02d}, type: State, name: State {i:02d}}}"
                       for i in range(n))
    actors += "\n  - {id: other, type: State, name: Other}"
    stances = "\n".join(f"  - {{holder: s{i:02d}, relation: supports, target: x}}"
                        for i in range(n))
    stances += "\n  - {holder: other, relation: opposes, target: x}"
    g = sg.loads(f"actors:\n{actors}\npositions: [{{id: x, type: Claim, name: X}}]\n"
                 f"stances:\n{stances}\n")
    result = sg.coalitions(g)
    texts = legend_texts(coalition_graph(result, graph=g))
    big = next(t for t in texts if t.startswith(f"Camp 1 ({n})"))
    assert big.replace("\n", " ").endswith(", +7 more")
    assert _names_in(big) == ([display_name(g, m, camps_module.NAME)
                               for m in result.ranked_members()[0][:camps_module.NAMED]], 7)
    _check(g, result, texts)


def test_camps_past_the_palette_share_an_entry_that_lists_their_members() -> None:
    # Nine isolated pairs: nine camps, more than the seven colours.
    actors = "\n".join(f"  - {{id: p{i}{s}, type: State, name: P{i}{s}}}"
                       for i in range(9) for s in "ab")
    positions = "\n".join(f"  - {{id: x{i}, type: Claim, name: X{i}}}" for i in range(9))
    stances = "\n".join(f"  - {{holder: p{i}{s}, relation: supports, target: x{i}}}"
                        for i in range(9) for s in "ab")
    g = sg.loads(f"actors:\n{actors}\npositions:\n{positions}\nstances:\n{stances}\n")
    result = sg.coalitions(g, k=9)
    assert len(result.coalitions) == 9
    names = camps_of(result, g).names
    shared = names[-1]
    assert shared.startswith("Camps 7–9, smaller (6):")
    listed, more = _names_in(shared)
    assert more == 0
    assert sorted(listed) == sorted(display_name(g, m, camps_module.NAME)
                                    for c in result.ranked_members()[6:] for m in c)
