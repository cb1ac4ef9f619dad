"""A DNA network written as DNA writes it: its semicolon CSV matrix and UCINET DL, and GraphML.

The CSV and DL files follow DNA 3's ``exportCSV`` and ``exportDL`` (docs/dna-networks.md,
"Output formats"): labels quoted with ``"`` turned into ``'``, whole numbers when the network is
a count, otherwise six decimals rounded half up as Java prints them, ``\\n`` between lines and
none after the last. GraphML is networkx's (one node per label, with ``label`` and ``mode``; one
edge per non-zero cell, each pair once in a one-mode network; ``weight``), not DNA's visone
dialect with its random coordinates.
"""

from __future__ import annotations

import math
import os
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from ...analysis.dna_network import DnaNetwork
from ...errors import ArgumentError, check_choice
from .._files import atomic_write_text

__all__ = ["DNA_NETWORK_FORMATS", "dna_network_text", "write_dna_network"]

#: The formats a DNA network is written in, by file suffix.
DNA_NETWORK_FORMATS = ("csv", "dl", "graphml")
_SIX = Decimal("0.000001")


def write_dna_network(network: DnaNetwork, path: str | os.PathLike[str],
                      format: str | None = None) -> None:
    """Write ``network`` to ``path`` (atomically) as ``format`` or as its suffix says."""
    suffix = Path(path).suffix.lower().lstrip(".")
    if format is None:
        if suffix not in DNA_NETWORK_FORMATS:
            raise ArgumentError("the file's suffix names no network format", id=str(path),
                                field="output", expected=".csv, .dl or .graphml (or a format)")
        format = suffix
    check_choice(format, DNA_NETWORK_FORMATS, "network format", field="format")
    if suffix in DNA_NETWORK_FORMATS and suffix != format:
        raise ArgumentError(f"the file's suffix .{suffix} is not the format", id=format,
                            field="format", expected=f"a .{format} file, or format {suffix!r}")
    atomic_write_text(path, dna_network_text(network, format))


def dna_network_text(network: DnaNetwork, format: str) -> str:
    """The network as the text of a ``format`` file.

    >>> import numpy as np
    >>> nw = DnaNetwork("twomode", np.array([[2.0, 0.0]]), ('Say "no"',), ("x", "y"), None,
    ...                 None, 2, True)
    >>> print(dna_network_text(nw, "csv"))
    "";"x";"y"
    "Say 'no'";2;0
    >>> print(dna_network_text(nw, "dl"))
    dl nr = 1, nc = 2, format = fullmatrix
    row labels:
    "Say no"
    col labels:
    "x"
    "y"
    data:
     2 0
    """
    check_choice(format, DNA_NETWORK_FORMATS, "network format", field="format")
    if format == "graphml":
        return _graphml(network)
    cells = [[_cell(v, network.integer) for v in row] for row in network.matrix.tolist()]
    if format == "csv":
        lines = ['""' + "".join(f';"{_csv_label(c)}"' for c in network.column_labels)]
        lines += [f'"{_csv_label(r)}"' + "".join(f";{v}" for v in row)
                  for r, row in zip(network.row_labels, cells, strict=True)]
        return "\n".join(lines)
    one_mode = network.network_type == "onemode"
    n, m = network.matrix.shape
    lines = [f"dl n = {n}, format = fullmatrix" if one_mode else
             f"dl nr = {n}, nc = {m}, format = fullmatrix",
             "labels:" if one_mode else "row labels:"]
    lines += [f'"{_dl_label(r)}"' for r in network.row_labels]
    if not one_mode:
        lines.append("col labels:")
        lines += [f'"{_dl_label(c)}"' for c in network.column_labels]
    lines.append("data:")
    lines += ["".join(f" {v}" for v in row) for row in cells]
    return "\n".join(lines)


def _cell(value: float, integer: bool) -> str:
    """A cell as DNA prints it: ``(int) value`` for a count, else Java's ``%.6f``."""
    if integer:
        return "0" if math.isnan(value) else str(int(value))
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    return format(Decimal(repr(value)).quantize(_SIX, rounding=ROUND_HALF_UP), "f")


def _csv_label(label: str) -> str:
    return label.replace('"', "'")


def _dl_label(label: str) -> str:
    return label.replace('"', "'").replace("'", "")


def _graphml(network: DnaNetwork) -> str:
    import networkx as nx

    graph: nx.Graph[str] = nx.Graph()
    one_mode = network.network_type == "onemode"
    rows = [f"r{i}" for i in range(len(network.row_labels))]
    columns = rows if one_mode else [f"c{j}" for j in range(len(network.column_labels))]
    for ids, labels, mode in ((rows, network.row_labels, "row"),
                              (() if one_mode else columns, network.column_labels, "column")):
        for id, label in zip(ids, labels, strict=False):
            graph.add_node(id, label=label, mode=mode)
    for i, row in enumerate(network.matrix.tolist()):
        for j, value in enumerate(row):
            if value != 0 and (not one_mode or i < j):
                graph.add_edge(rows[i], columns[j], weight=float(value))
    return "\n".join(nx.generate_graphml(graph, encoding="utf-8", prettyprint=True)) + "\n"
