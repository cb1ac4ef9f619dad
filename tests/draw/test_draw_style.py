from __future__ import annotations

import numpy as np
import pytest
from matplotlib.colors import to_rgb
from matplotlib.figure import Figure

import stancegraph as sg
from stancegraph.draw import CAMP_COLORS, RELATION_COLORS, render
from stancegraph.draw._labels import arrange
from stancegraph.draw._style import NEGATIVE, POSITIVE, UNALIGNED

OKABE_ITO = {"#000000", "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00",
             "#CC79A7"}


def test_the_palette_is_okabe_ito() -> None:
    assert set(CAMP_COLORS) <= OKABE_ITO and len(set(CAMP_COLORS)) == len(CAMP_COLORS)
    assert NEGATIVE not in CAMP_COLORS  # conflict keeps its colour
    assert {RELATION_COLORS[r] for r in ("supports", "opposes", "skeptical-of")} <= OKABE_ITO
    assert max(to_rgb(UNALIGNED)) - min(to_rgb(UNALIGNED)) < 1e-9  # grey
    assert max(to_rgb(POSITIVE)) - min(to_rgb(POSITIVE)) < 1e-9


@pytest.mark.parametrize("fmt", ["png", "svg", "pdf"])
def test_render_is_byte_stable_and_leaves_out_dates(fmt: str) -> None:
    def draw() -> bytes:
        fig = Figure(figsize=(3, 2))
        fig.add_subplot().plot([0, 1], [1, 0], label="x")
        return render(fig, fmt)  # type: ignore[arg-type]

    first = draw()
    assert first == draw()
    assert b"CreationDate" not in first and b"<dc:date>" not in first
    assert first[:4] in (b"\x89PNG", b"<?xm", b"%PDF")


def test_labels_never_overlap_even_when_crowded() -> None:
    rng = np.random.default_rng(0)
    points = rng.uniform(0, 300, size=(40, 2))
    sizes = rng.uniform([20, 8], [90, 14], size=(40, 2))
    centres, _, _ = arrange(points, sizes, np.full(40, 4.0), np.array([[-400.0, -400.0],
                                                                     [700.0, 700.0]]))
    half = sizes / 2
    for i in range(40):
        gap = np.abs(centres - centres[i]) - (half + half[i])
        assert not np.any((gap < 0).all(axis=1) & (np.arange(40) != i))
    again, _, _ = arrange(points, sizes, np.full(40, 4.0), np.array([[-400.0, -400.0],
                                                                  [700.0, 700.0]]))
    assert np.array_equal(centres, again)


def test_sg_draw_is_the_draw_package() -> None:
    import stancegraph.draw

    assert sg.draw is stancegraph.draw
    with pytest.raises(AttributeError, match="no attribute 'drawing'"):
        sg.drawing  # type: ignore[attr-defined]  # noqa: B018
