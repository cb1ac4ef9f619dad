"""Statement tables in the format table: reading a table's contents into a graph, and a
graph's stances into a table's contents (one row per stance). See :mod:`.tables`.

>>> text = table_dumps("csv", nato)
>>> text.splitlines()[0]
'id,holder,relation,target,date,source,speaker,quote,attribution,confidence,intensity,conditions,except,retracted,retracted_on,superseded_by,note,strength,holder_type,holder_name,target_type,target_name,speaker_name,source_title'
>>> converted = convert("csv", text, "nato.csv")  # the rows, and the problems of the bad ones
>>> len(converted.graph.stances), [p.row for p in converted.problems]
(61, [19, 50])
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Mapping
from typing import Any

from ..._stance_rows import collector_paused
from ...errors import (
    ArgumentError,
    BadRowsError,
    RowProblem,
    SkippedRowsWarning,
    closest,
)
from ...graph import StanceGraph
from ...model import Stance
from .._suffixes import TABLE_OPTIONS
from .files import read_table, write_table
from .mapping import FIELDS, make_mapping, read_lookups
from .rows import Converted, statements_from_table

__all__ = ["ON_ERROR", "TABLE_OPTIONS", "check_on_error", "convert", "finish", "table_dumps",
           "table_loads"]

ON_ERROR = ("fail", "skip")
_COLUMN_TYPES = {"date": "date", "retracted_on": "date", "confidence": "float",
                 "retracted": "bool", "conditions": "list", "except": "list"}


def check_on_error(on_error: str) -> None:
    if on_error not in ON_ERROR:
        raise ArgumentError("on_error must be 'fail' or 'skip', not", id=str(on_error),
                                 expected="fail (load nothing if a row is bad) or skip (load "
                                          "the good rows and report the bad ones)",
                                 suggestion=closest(str(on_error), ON_ERROR))


def convert(format: str, data: str | bytes, file: str | None, *,
            columns: Mapping[str, str] | None = None,
            relations: Mapping[Any, str] | None = None,
            mapping: str | os.PathLike[str] | Mapping[str, Any] | None = None,
            actors: str | os.PathLike[str] | None = None,
            targets: str | os.PathLike[str] | None = None,
            types: Mapping[str, str] | None = None, missing: Any = None,
            scale: Any = None) -> Converted:
    """Read a table's contents into a graph, with every bad row's problems (none raised)."""
    checked = make_mapping(mapping, columns=columns, relations=relations, actors=actors,
                           targets=targets, types=types, missing=missing, scale=scale)
    lookup = read_lookups(checked.lookups)
    with collector_paused():
        table = read_table(data, format, file)
        return statements_from_table(table, checked, lookup)


def finish(converted: Converted, file: str | None, on_error: str, *, warn: bool,
           stacklevel: int = 3) -> StanceGraph:
    """The graph, or a BadRowsError listing the bad rows (``on_error="fail"``); with
    ``"skip"``, the good rows' graph and (if ``warn``) a SkippedRowsWarning pointing
    ``stacklevel`` frames up (3: the caller of the function calling this one)."""
    if not converted.problems:
        return converted.graph
    bad, rows = converted.bad_rows, converted.rows
    if on_error == "fail":
        verb = "is not a valid statement" if bad == 1 else "are not valid statements"
        raise BadRowsError(
            f"{bad} of {rows} rows {verb}; nothing was loaded (on_error='skip' loads the "
            f"other {rows - bad})",
            file=file, problems=converted.problems)
    if warn:
        lines = "".join(f"\n  {line}" for line in
                        RowProblem.summarise(converted.problems))
        warnings.warn(SkippedRowsWarning(
            f"{file or 'table'}: skipped {bad} of {rows} rows that are not valid statements:"
            f"{lines}", converted.problems), stacklevel=stacklevel)
    return converted.graph


def table_loads(format: str, data: str | bytes, file: str | None, *, on_error: str = "fail",
                **options: Any) -> StanceGraph:
    """Read a statement table (text, or bytes for Parquet) into a graph."""
    check_on_error(on_error)
    # The warning points at the caller of sg.load (load -> the format table -> here).
    return finish(convert(format, data, file, **options), file, on_error, warn=True,
                  stacklevel=5)


def table_dumps(format: str, g: StanceGraph) -> str | bytes:
    """The graph's stances as a statement table: text, or bytes for Parquet."""
    return write_table(statement_columns(g), format, types=_COLUMN_TYPES)


def _stance_fields(g: StanceGraph) -> dict[str, list[Any]]:
    """The stance fields as columns, as a table writes them (``except``; empty lists as no
    value), from the graph's one decoder (a million stances in about a second, where
    rebuilding each stance takes ten)."""
    aliases = {name: field.alias or name for name, field in Stance.model_fields.items()}
    columns = {aliases[name]: values for name, values in g.stance_fields().items()}
    for name in ("conditions", "except"):
        columns[name] = [value or None for value in columns[name]]
    return columns


def statement_columns(g: StanceGraph) -> dict[str, list[Any]]:
    """One row per stance, in the order added: every stance field, the type and name of its
    holder and target, its speaker's name, and its source's title (a Source, not a URL)."""
    columns = _stance_fields(g)
    nodes = g.nodes

    def about(column: str, attribute: str) -> list[Any]:
        memo = {id: getattr(nodes.get(id), attribute, None) for id in set(columns[column])}
        return [memo[id] for id in columns[column]]

    columns.update(holder_type=about("holder", "type"), holder_name=about("holder", "name"),
                   target_type=about("target", "type"), target_name=about("target", "name"),
                   speaker_name=about("speaker", "name"), source_title=about("source", "title"))
    return {name: columns[name] for name in FIELDS}
