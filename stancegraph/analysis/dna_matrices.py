"""The matrices of DNA's networks: labels, qualifier levels, the count array, and DNA's
formulas for one-mode and two-mode networks and their normalisations (docs/dna-networks.md,
sections 4 to 7). :func:`~stancegraph.analysis.dna_network.dna_network` puts them together.

>>> sorted(["Cap", "CO2", "a"], key=java_order)  # Java's String order: by UTF-16 code unit
['CO2', 'Cap', 'a']
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from .dna_statements import Column, DnaStatements

__all__ = ["count_array", "java_order", "labels_of", "one_mode_matrix", "qualifier_levels",
           "two_mode_matrix"]


def java_order(text: str) -> bytes:
    """A sort key giving Java's ``String.compareTo`` order (UTF-16 code units)."""
    return text.encode("utf-16-be", "surrogatepass")


def labels_of(column: Column, rows: npt.NDArray[np.intp]
            ) -> tuple[tuple[str, ...], npt.NDArray[np.intp]]:
    """DNA's labels: the distinct texts of these statements, in Java's string order, without
    the empty text; and, per text code, its label's index (-1: not a label)."""
    used = np.zeros(len(column.texts), dtype=bool)
    used[column.codes[rows]] = True
    found = sorted((column.texts[k] for k in np.flatnonzero(used).tolist()), key=java_order)
    labels = tuple(found[1:] if found and found[0] == "" else found)
    index = {text: k for k, text in enumerate(labels)}
    return labels, np.array([index.get(t, -1) for t in column.texts], dtype=np.intp)


def qualifier_levels(table: DnaStatements, qualifier: str | None, document: bool, kind: str | None,
            loaded: npt.NDArray[np.intp], chosen: npt.NDArray[np.intp]
            ) -> tuple[list[Any], npt.NDArray[np.intp] | None, float]:
    """The qualifier's levels in DNA's order, each statement's level and the range.

    Booleans have the levels 0 and 1; integers and text the distinct values of every loaded
    statement (before the excluded values and duplicates are taken out, as DNA does), a
    document qualifier those of the chosen statements."""
    if qualifier is None:
        return [None], None, 0.0
    column = table.column(qualifier, document)
    if kind in ("boolean", "integer"):
        present = {column.raws[k] for k in np.unique(column.raw_codes[loaded]).tolist()}
        levels: list[Any] = [0, 1] if kind == "boolean" else sorted(
            int(v) for v in present if v is not None)
        index = {value: k for k, value in enumerate(levels)}
        per_raw = np.array([index.get(None if v is None else int(v), -1)
                            for v in column.raws], dtype=np.intp)
        level_of = per_raw[column.raw_codes] if len(column.raw_codes) else column.raw_codes
        spread = float(abs(levels[-1] - levels[0])) if levels else 0.0
        return levels, level_of, spread
    source = chosen if document else loaded
    levels = sorted({column.texts[k] for k in np.unique(column.codes[source]).tolist()},
                    key=java_order)
    index = {text: k for k, text in enumerate(levels)}
    per_text = np.array([index.get(t, -1) for t in column.texts], dtype=np.intp)
    return levels, per_text[column.codes] if len(column.codes) else column.codes, 0.0


def count_array(rows: npt.NDArray[np.intp], columns: npt.NDArray[np.intp],
            levels: npt.NDArray[np.intp] | None, n_rows: int, n_columns: int,
            n_levels: int) -> list[sp.csr_array]:
    """DNA's count array as one sparse rows × columns matrix per qualifier level: how many
    chosen statements have each row label, column label and level (arrays per statement)."""
    shape = (n_rows, n_columns)
    if levels is None:
        levels = np.zeros(len(rows), dtype=np.intp)
    found = []
    for level in range(n_levels):
        mine = levels == level
        found.append(sp.csr_array((np.ones(int(mine.sum())), (rows[mine], columns[mine])),
                                  shape=shape))
    return found


def one_mode_matrix(counts: list[sp.csr_array], levels: list[Any], spread: float, kind: str | None,
              aggregation: str, normalization: str) -> npt.NDArray[np.float64]:
    total = _sum(counts)
    n = total.shape[0]
    if aggregation == "ignore":
        matrix = (total @ total.T).toarray()
    elif kind in ("boolean", "integer"):
        matrix = np.zeros((n, n))
        for k1, a1 in enumerate(counts):
            for k2, a2 in enumerate(counts):
                d = abs(levels[k1] - levels[k2]) / spread if spread else np.nan
                pairs = (a1 @ a2.T).toarray()
                if aggregation == "congruence":
                    matrix += pairs * (1.0 - d)
                elif aggregation == "conflict":
                    matrix += pairs * d
                else:
                    matrix += pairs * (1.0 - d)
                    matrix -= pairs * d
    else:  # a text qualifier: pairs on the same category; counts on categories one alone used
        same = sum(((a @ a.T).toarray() for a in counts), np.zeros((n, n)))
        alone = _alone(counts)
        matrix = same if aggregation == "congruence" else alone if aggregation == "conflict" \
            else same - alone
    np.fill_diagonal(matrix, 0.0)
    return _normalise_one_mode(matrix, counts, total, normalization)


def _unshared(counts: list[sp.csr_array]) -> tuple[npt.NDArray[np.float64],
                                                   npt.NDArray[np.float64]]:
    """Per pair (i, j): the statements i made on (concept, level) cells j left empty (DNA's
    m10), and those j made on cells i left empty (m01)."""
    n = counts[0].shape[0] if counts else 0
    statements = np.asarray(_sum(counts).sum(axis=1)).ravel() if counts else np.zeros(0)
    shared = sum(((a @ (a > 0).astype(np.float64).T).toarray() for a in counts),
                 np.zeros((n, n)))
    return statements[:, None] - shared, statements[None, :] - shared.T


def _alone(counts: list[sp.csr_array]) -> npt.NDArray[np.float64]:
    """Per pair: the statements each made on (concept, level) cells the other left empty."""
    m10, m01 = _unshared(counts)
    return m10 + m01


def _normalise_one_mode(matrix: npt.NDArray[np.float64], counts: list[sp.csr_array],
                        total: sp.csr_array, normalization: str) -> npt.NDArray[np.float64]:
    if normalization == "no":
        return matrix
    statements = np.asarray(total.sum(axis=1)).ravel()
    if normalization == "average":
        norm = (statements[:, None] + statements[None, :]) / 2
    elif normalization == "cosine":
        norm = np.sqrt(statements * statements)[:, None] * np.sqrt(statements * statements)
    else:  # jaccard on (concept, level) cells
        n = len(statements)
        m11 = sum(((a @ a.T).toarray() for a in counts), np.zeros((n, n)))
        m10, m01 = _unshared(counts)
        norm = m10 + m01 + m11
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.where(norm == 0, 0.0, matrix / np.where(norm == 0, 1.0, norm))
    np.fill_diagonal(out, 0.0)
    return out


def two_mode_matrix(counts: list[sp.csr_array], levels: list[Any], kind: str | None,
              aggregation: str, normalization: str) -> npt.NDArray[np.float64]:
    total = _sum(counts).toarray()
    if aggregation == "combine":
        k = len(counts)
        matrix = sum(((a.toarray() > 0) * float(2 ** (k - 1 - level))
                      for level, a in enumerate(counts)), np.zeros(total.shape))
    elif aggregation == "subtract" and kind == "integer":
        matrix = sum((a.toarray() * float(levels[level]) for level, a in enumerate(counts)),
                     np.zeros(total.shape))
    elif aggregation == "subtract" and kind == "boolean":
        matrix = counts[1].toarray() - counts[0].toarray()
    else:
        matrix = total
    if normalization == "no":
        return np.asarray(matrix, dtype=np.float64)
    axis = 1 if normalization == "activity" else 0
    if aggregation == "subtract":
        norm = total.sum(axis=axis)
    elif aggregation == "combine":
        norm = (matrix > 0).sum(axis=axis).astype(np.float64)
    else:
        norm = matrix.sum(axis=axis)
    norm = norm[:, None] if axis == 1 else norm[None, :]
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(norm == 0, 0.0, matrix / np.where(norm == 0, 1.0, norm))


def _sum(counts: list[sp.csr_array]) -> sp.csr_array:
    total = counts[0].copy()
    for a in counts[1:]:
        total = total + a
    return sp.csr_array(total)
