"""Every picture shows how sure each stance is: an inferred stance never looks like one on
record."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from matplotlib.collections import LineCollection, PathCollection
from matplotlib.colors import rgb_to_hsv, to_rgb, to_rgba
from matplotlib.patches import Rectangle
from matplotlib.text import Annotation

import stancegraph as sg
import stancegraph.draw._style as style
from stancegraph.draw import RELATION_COLORS, coalition_graph, stance_map, stance_matrix, timeline
from tests.draw.pictures import legend_texts, write_files

# a and b agree on x on record; c's support of x and d's opposition of y are inferences (0.3),
# b's opposition of y is reported (0.6).
DEBATE = """
actors:
  - {id: a, type: State, name: A}
  - {id: b, type: State, name: B}
  - {id: c, type: State, name: C}
  - {id: d, type: State, name: D}
positions:
  - {id: x, type: Claim, name: X}
  - {id: y, type: PolicyOption, name: Y}
stances:
  - {holder: a, relation: supports, target: x, date: 2024-05-01}
  - {holder: b, relation: supports, target: x, date: 2024-05-02, confidence: 0.9}
  - {holder: c, relation: opposes, target: x, date: 2024-05-03, confidence: 0.3}
  - {holder: b, relation: opposes, target: y, date: 2024-05-04, confidence: 0.6}
  - {holder: a, relation: supports, target: y, date: 2024-05-05}
"""


def _meanings() -> list[str]:
    """What the legends call each confidence band."""
    return [meaning for _, _, meaning in style.CONFIDENCE_BANDS]


@pytest.fixture(scope="module")
def debate() -> sg.StanceGraph:
    return sg.loads(DEBATE)


def test_confidence_bands_and_paler_colours_keep_their_hue() -> None:
    assert [style.confidence_band(c) for c in (1.0, 0.9, 0.8, 0.79, 0.5, 0.49, 0.0)] == \
        [0, 0, 0, 1, 1, 2, 2]
    for colour in RELATION_COLORS.values():
        hue = rgb_to_hsv(to_rgb(colour))
        for band in (1, 2):
            pale = rgb_to_hsv(to_rgb(style.paler(colour, band)))
            assert abs(pale[0] - hue[0]) < 0.02 or hue[1] < 0.05  # the same (colour-blind-safe) hue
            assert pale[2] >= hue[2] and (pale[1] < hue[1] or hue[1] < 0.05)  # only lighter


def test_the_matrix_pales_and_hatches_uncertain_cells(debate: sg.StanceGraph,
                                                       tmp_path: Path) -> None:
    ax = stance_matrix(debate, level="stated")
    write_files(ax, tmp_path, "matrix")
    veils = {str(p.get_label()): p for p in ax.patches if isinstance(p, Rectangle)
             and str(p.get_label()).startswith("confidence band")}
    rows = [t.get_text() for t in ax.get_yticklabels()]
    cols = [t.get_text() for t in ax.get_xticklabels()]
    cells = {(rows[round(p.get_y() + 0.5)], cols[round(p.get_x() + 0.5)]): p
             for p in ax.patches if str(p.get_label()).startswith("confidence band")}
    assert set(cells) == {("C", "X"), ("B", "Y")}  # a's and b's support of x are firm
    assert cells["C", "X"].get_hatch() and not cells["B", "Y"].get_hatch()
    assert to_rgba(cells["C", "X"].get_facecolor()) == to_rgba(
        style.paler(RELATION_COLORS["opposes"], 2))
    assert to_rgba(cells["B", "Y"].get_facecolor()) == to_rgba(
        style.paler(RELATION_COLORS["opposes"], 1))
    assert veils
    assert set(_meanings()) <= {t.replace(", hatched", "") for t in legend_texts(ax)}


def test_the_map_draws_uncertain_stances_paler_and_thinner(debate: sg.StanceGraph) -> None:
    ax = stance_map(debate, level="stated")
    lines = {str(c.get_label()): c for c in ax.collections if isinstance(c, LineCollection)}
    opposes = lines["opposes"]
    alphas = sorted(float(c[3]) for c in opposes.get_colors())
    widths = sorted(float(w) for w in opposes.get_linewidths())
    assert len(alphas) == 2 and alphas[0] < alphas[1]  # c's 0.3 paler than b's 0.6
    assert widths[0] < widths[1]
    supports = lines["supports"]
    assert {round(float(c[3]), 6) for c in supports.get_colors()} == {
        round(float(max(c[3] for c in opposes.get_colors()) / style.CONFIDENCE_BANDS[1][1]), 6)}
    assert all(any(t.startswith(m) for t in legend_texts(ax)) for m in _meanings())


def test_the_coalition_graph_dots_ties_that_rest_on_inferences(debate: sg.StanceGraph) -> None:
    ax = coalition_graph(debate, level="stated")
    ties = {str(c.get_label()): c for c in ax.collections if isinstance(c, LineCollection)}
    inferred = {label for label in ties if "inferred" in label}
    assert inferred  # c's conflict with a and b rests on its 0.3 opposition
    for label in inferred:
        dashes = ties[label].get_linestyles()[0][1]
        assert dashes is not None and dashes[0] < dashes[1]  # dotted: dots shorter than gaps
        assert ties[label].get_alpha() < ties["tie: agreement"].get_alpha()  # type: ignore[operator]
    assert not any("inferred" in label for label in ties if "agreement" in label)
    assert any("mostly inferred (confidence < 0.8)" in t for t in legend_texts(ax))
    # the seed's inferences are told apart as well
    seed = coalition_graph(sg.load(Path(__file__).parents[2] / "examples" / "nato_2022.yaml"))
    assert any("inferred" in str(c.get_label()) for c in seed.collections)


def test_the_timeline_pales_uncertain_stances_and_writes_their_confidence(
        debate: sg.StanceGraph) -> None:
    ax = timeline(debate)
    found = {}
    for c in ax.collections:
        if isinstance(c, PathCollection) and c.get_label() in ("supports", "opposes"):
            for (_, y), edge in zip(c.get_offsets(), c.get_edgecolors(), strict=True):
                found[int(y), str(c.get_label())] = to_rgba(edge)
    rows = [t.get_text() for t in ax.get_yticklabels()]
    assert found[rows.index("C · X"), "opposes"] == to_rgba(style.paler(RELATION_COLORS["opposes"], 2))
    assert found[rows.index("B · Y"), "opposes"] == to_rgba(style.paler(RELATION_COLORS["opposes"], 1))
    assert found[rows.index("A · X"), "supports"] == to_rgba(RELATION_COLORS["supports"])
    values = sorted(t.get_text() for t in ax.texts if isinstance(t, Annotation))
    assert values == ["0.3", "0.6"]  # 0.9 is firm: no number
    assert all(any(t.startswith(m) for t in legend_texts(ax)) for m in _meanings())


@pytest.mark.parametrize("draw", [coalition_graph, stance_map, stance_matrix, timeline])
def test_every_picture_explains_confidence_in_its_legend(draw: object,
                                                         nato: sg.StanceGraph) -> None:
    texts = " ".join(legend_texts(draw(nato)))  # type: ignore[operator]
    assert "confidence" in texts and "0.8" in texts


def test_seed_cells_below_confidence_are_veiled(nato: sg.StanceGraph) -> None:
    ax = stance_matrix(nato)
    veiled = [p for p in ax.patches if str(p.get_label()).startswith("confidence band")]
    stated = [s.confidence for s in nato.stances if s.confidence is not None
              and s.confidence < 0.8 and not s.retracted and s.superseded_by is None]
    assert stated and veiled
    assert np.all([to_rgba(p.get_facecolor())[:3] != (0, 0, 0) for p in veiled])
