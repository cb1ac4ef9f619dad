from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import matplotlib
import matplotlib.style
import numpy as np
import pytest
from matplotlib.collections import LineCollection
from matplotlib.colors import to_hex
from matplotlib.figure import Figure

import stancegraph as sg
from stancegraph.draw import coalition_graph, render
from stancegraph.draw._camps import camps_of
from stancegraph.draw._style import UNALIGNED
from tests.draw.pictures import (
    figure_of,
    legend_texts,
    markers,
    overlapping_labels,
    write_files,
)

NODES = ("Camp", "Unaligned")


@pytest.mark.parametrize("level", ["state", "stated"])
def test_the_seed_debate_draws_one_marker_per_actor_coloured_by_camp(
        nato: sg.StanceGraph, level: str, tmp_path: Path) -> None:
    result = sg.coalitions(nato, level=level)  # type: ignore[arg-type]
    ax = coalition_graph(nato, level=level)  # type: ignore[arg-type]
    write_files(ax, tmp_path, f"camps-{level}")
    nodes = markers(ax, *NODES)
    assert sum(len(c.get_offsets()) for c in nodes) == len(result.network)
    points = np.vstack([c.get_offsets() for c in nodes])
    assert len(np.unique(points.round(6), axis=0)) == len(points)  # no actor drawn twice
    colours = [{to_hex(f) for f in c.get_facecolors()} for c in nodes]
    assert all(len(c) == 1 for c in colours)  # one colour per camp ...
    assert len({c.pop() for c in colours}) == len(nodes)  # ... and a different one each
    unaligned = [c for c in nodes if c.get_label().startswith("Unaligned")]
    assert [to_hex(c.get_facecolors()[0]) for c in unaligned] == [UNALIGNED.lower()]
    assert sum(len(c.get_offsets()) for c in unaligned) == len(result.unaligned)


def test_the_legend_names_every_camp(nato: sg.StanceGraph) -> None:
    result = sg.coalitions(nato)
    ax = coalition_graph(result, graph=nato)
    names = camps_of(result, nato).names
    legend = ax.get_legend()
    assert legend is not None
    assert [t.get_text() for t in legend.get_texts()] == [*names, "Unaligned: no signed tie"]
    assert names[0].startswith("Camp 1 (7): France, Germany")
    assert names[1].startswith("Camp 2 (7): United Kingdom, Estonia")
    assert {"agreement", "conflict", "mostly from skepticism"} <= set(legend_texts(ax))


@pytest.mark.parametrize("level", ["state", "stated"])
def test_labels_do_not_overlap(nato: sg.StanceGraph, level: str) -> None:
    ax = coalition_graph(nato, level=level)  # type: ignore[arg-type]
    assert len([t for t in ax.texts if t.get_text()]) == len(sg.coalitions(
        nato, level=level).network)  # type: ignore[arg-type]
    assert overlapping_labels(ax) == []


def test_labels_do_not_overlap_on_a_slide_sized_axes_of_the_callers(
        nato: sg.StanceGraph) -> None:
    ax = Figure(figsize=(10, 5.6)).add_subplot()
    assert coalition_graph(nato, ax=ax) is ax
    assert overlapping_labels(ax) == []


def _ties(ax: matplotlib.axes.Axes) -> dict[str, LineCollection]:
    return {c.get_label(): c for c in ax.collections if isinstance(c, LineCollection)}


def test_ties_are_solid_red_and_dashed_by_their_kind(nato: sg.StanceGraph) -> None:
    ties = _ties(coalition_graph(nato))
    assert {"tie: agreement", "tie: conflict"} <= set(ties)
    assert any("skepticism" in label for label in ties)
    for label, lines in ties.items():
        dashed = lines.get_linestyles()[0][1] is not None
        assert dashed == ("skepticism" in label or "inferred" in label), label
    assert to_hex(ties["tie: conflict"].get_colors()[0]) == "#d55e00"  # vermillion: red
    widths = ties["tie: conflict"].get_linewidths()
    assert min(widths) < max(widths)  # width by weight


SMALL = """
actors:
  - {id: a, type: State, name: A}
  - {id: b, type: State, name: B}
  - {id: c, type: State, name: C}
  - {id: d, type: State, name: D}
positions:
  - {id: x, type: Claim, name: X}
  - {id: y, type: PolicyOption, name: Y}
stances:
  - {holder: a, relation: skeptical-of, target: x}
  - {holder: b, relation: skeptical-of, target: x}
  - {holder: c, relation: supports, target: x}
  - {holder: a, relation: supports, target: y}
  - {holder: d, relation: opposes, target: y}
"""


def test_a_tie_is_dashed_when_most_of_its_weight_comes_from_skepticism() -> None:
    g = sg.loads(SMALL)
    ax = coalition_graph(g, level="stated")
    result = sg.coalitions(g, level="stated")
    ids = result.network.ids
    segments = {label: {tuple(sorted(_actor_at(ax, ids, p) for p in segment))
                        for segment in lines.get_segments()}
                for label, lines in _ties(ax).items()}
    # a and b share only their doubt of x; c's support of x is doubted by a and b; a and d
    # disagree outright on y.
    assert segments == {"tie: agreement, mostly shared skepticism": {("a", "b")},
                        "tie: conflict, mostly skepticism": {("a", "c"), ("b", "c")},
                        "tie: conflict": {("a", "d")}}
    # Without the graph, the result alone cannot tell doubt from opposition: nothing dashed.
    plain = _ties(coalition_graph(result))
    assert not any("skepticism" in label for label in plain)


def _actor_at(ax: matplotlib.axes.Axes, ids: tuple[str, ...], point: np.ndarray) -> str:
    for nodes in markers(ax, *NODES):
        offsets = nodes.get_offsets()
        hit = np.flatnonzero(np.hypot(*(offsets - point).T) < 1e-9)
        if len(hit):
            labels = [t for t in ax.texts if t.get_text()]
            near = min(labels, key=lambda t: np.hypot(*(np.array(t.get_position()) - point)))
            return near.get_text().lower()
    raise AssertionError(f"no actor at {point}")


def test_the_same_input_gives_the_same_bytes(nato: sg.StanceGraph) -> None:
    for fmt in ("png", "svg", "pdf"):
        first = render(figure_of(coalition_graph(nato, seed=3)), fmt)  # type: ignore[arg-type]
        second = render(figure_of(coalition_graph(nato, seed=3)), fmt)  # type: ignore[arg-type]
        assert first == second, fmt


def test_large_debates_are_capped(nato: sg.StanceGraph) -> None:
    ax = coalition_graph(nato, level="stated", max_actors=10, max_ties=5)
    assert sum(len(c.get_offsets()) for c in markers(ax, *NODES)) == 10
    assert sum(len(c.get_segments()) for c in _ties(ax).values()) <= 5
    assert "the 10 most connected of 34 actors" in ax.get_title(loc="left")


@pytest.mark.parametrize("text", [
    "actors: []",
    "actors: [{id: a, type: State, name: A}]",
    "actors: [{id: a, type: State, name: A}, {id: b, type: State, name: B}]",
])
def test_tiny_graphs_draw_without_error(text: str, tmp_path: Path) -> None:
    g = sg.loads(text)
    ax = coalition_graph(g)
    write_files(ax, tmp_path, "tiny")
    if len(g.actors) < 2:
        assert any("Nothing to draw" in t.get_text() for t in ax.texts)
    else:  # two actors and no tie: both unaligned, in grey
        assert [c.get_label() for c in markers(ax, *NODES)] == ["Unaligned: no signed tie"]


def test_any_style_and_no_global_state(nato: sg.StanceGraph) -> None:
    before = dict(matplotlib.rcParams)
    for style in ("dark_background", "ggplot", "seaborn-v0_8-poster"):
        with matplotlib.style.context(style):
            ax = coalition_graph(nato)
            assert overlapping_labels(ax) == []
    assert dict(matplotlib.rcParams) == before


def test_import_stancegraph_does_not_import_matplotlib_and_drawing_needs_no_pyplot() -> None:
    code = ("import sys, stancegraph as sg\n"
            "assert 'matplotlib' not in sys.modules, 'imported by stancegraph'\n"
            "assert sg.draw.coalition_graph\n"  # sg.draw imports the package on first use
            "assert 'matplotlib' not in sys.modules, 'imported by stancegraph.draw'\n"
            "g = sg.load(sys.argv[1])\n"
            "for draw in (sg.draw.coalition_graph, sg.draw.stance_map, sg.draw.stance_matrix,"
            " sg.draw.timeline):\n"
            "    sg.draw.render(draw(g).get_figure())\n"
            "assert 'matplotlib.pyplot' not in sys.modules\n")
    root = Path(__file__).parents[2]
    done = subprocess.run([sys.executable, "-c", code, str(root / "examples" / "nato_2022.yaml")],
                          capture_output=True, text=True, check=False, cwd=root)
    assert done.returncode == 0, done.stderr


def test_a_camp_too_big_for_a_spring_layout_goes_round_by_its_eigenvectors() -> None:
    import importlib

    import scipy.sparse as sp

    module = importlib.import_module("stancegraph.draw.coalition_graph")

    n = module.SPRING_MAX + 60
    ring = sp.csr_array(np.roll(np.eye(n), 1, axis=1) + np.roll(np.eye(n), -1, axis=1))
    xy, radius = module._camp_layout(ring, 0)
    again, _ = module._camp_layout(ring, 0)
    assert np.array_equal(xy, again)  # seeded: the same picture
    assert len({(round(x, 6), round(y, 6)) for x, y in xy.tolist()}) == n  # each its own place
    # neighbours along the ring sit near each other: most ring ties are short
    step = np.linalg.norm(xy - np.roll(xy, 1, axis=0), axis=1)
    assert np.median(step) < radius / 4
