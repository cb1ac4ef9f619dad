"""What the drawing tests check in a picture: its files, markers, colours, legends and labels."""

from __future__ import annotations

import itertools
import xml.etree.ElementTree as ET
from pathlib import Path

from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import PathCollection
from matplotlib.figure import Figure
from matplotlib.legend import Legend

from stancegraph.draw import render

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def figure_of(ax: Axes) -> Figure:
    figure = ax.get_figure()
    assert isinstance(figure, Figure)
    return figure


def write_files(ax: Axes, folder: Path, name: str) -> tuple[Path, Path]:
    """Write the picture as PNG and SVG; check that both are valid files."""
    png, svg = folder / f"{name}.png", folder / f"{name}.svg"
    png.write_bytes(render(figure_of(ax), "png"))
    svg.write_bytes(render(figure_of(ax), "svg"))
    assert png.read_bytes().startswith(PNG_MAGIC)
    root = ET.parse(svg).getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    return png, svg


def markers(ax: Axes, *prefixes: str) -> list[PathCollection]:
    """The scatter collections whose label starts with one of ``prefixes``."""
    return [c for c in ax.collections if isinstance(c, PathCollection)
            and c.get_label().startswith(prefixes)]


def legend_texts(ax: Axes) -> list[str]:
    """The entries of every legend of the axes."""
    legends = [a for a in ax.get_children() if isinstance(a, Legend)]
    return [t.get_text() for legend in legends for t in legend.get_texts()]


def overlapping_labels(ax: Axes) -> list[tuple[str, str]]:
    """Pairs of the axes' texts whose boxes overlap once drawn (Agg renderer)."""
    canvas = FigureCanvasAgg(figure_of(ax))
    canvas.draw()
    renderer = canvas.get_renderer()
    boxes = [(t.get_text(), t.get_window_extent(renderer)) for t in ax.texts if t.get_text()]
    return [(a, b) for (a, box_a), (b, box_b) in itertools.combinations(boxes, 2)
            if box_a.overlaps(box_b)]
