"""Statement tables: one row per coded statement, in CSV, TSV, JSON Lines or Parquet.

Analysts arrive with spreadsheets of coded statements (a discourse network export, a coded
news corpus): :func:`read_statements` turns one into a :class:`~stancegraph.StanceGraph`,
:func:`write_statements` writes a graph's stances back as such a table, and
:func:`import_table` converts a table to any format stancegraph writes (the command line's
``stancegraph import``). ``sg.load("x.csv")`` and ``sg.save(g, "x.parquet")`` work too: every
command that takes a data file takes a table. Columns, relation values, lookup tables of
actors and targets, and errors: docs/tables.md.

>>> examples = NATO_YAML.parent
>>> g = read_statements(examples / "statements.csv",
...                     mapping=examples / "statements-mapping.yaml")
>>> g.node("olaf-scholz").name, g.node("germany").type
('Olaf Scholz', 'State')
>>> sg.holders(g, "abandon-founding-act", "opposes", effective=False)
['germany', 'olaf-scholz']

Bad rows are all reported at once, with their row and line; ``on_error="skip"`` loads the
others and reports the bad ones in a :class:`~stancegraph.SkippedRowsWarning`:

>>> import io
>>> table = io.StringIO("holder,relation,target,date\\n"
...                     "Germany,opposes,Founding Act,2022-03-24\\n"
...                     ",supports,Founding Act,\\n"
...                     "France,agrees,Founding Act,24/03/2022\\n")
>>> read_statements(table, format="csv")
Traceback (most recent call last):
...
stancegraph.errors.BadRowsError: <stream>: 2 of 3 rows are not valid statements; nothing was loaded (on_error='skip' loads the other 1):
  line 3, row 2, field 'holder': no holder (expected the id or name of the actor holding the stance)
  line 4, row 3, field 'relation': unknown relation value 'agrees' (expected one of: supports, opposes, skeptical-of -- map other values with relations={...}, e.g. {1: 'supports', 0: 'opposes'})
  line 4, row 3, field 'date': not a date '24/03/2022' (expected a date as YYYY-MM-DD (2022-03-24); day-first and month-first dates are ambiguous)
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ...errors import RowProblem, UnknownFormatError
from ...graph import StanceGraph
from .._files import PathOrStream, check_output_path, read_bytes, source_name
from ..formats import Format, format_for, save
from .convert import check_on_error, convert, finish
from .files import TABLE_FORMATS

__all__ = ["ImportReport", "import_table", "read_statements", "write_statements"]


def read_statements(
    source: PathOrStream,
    *,
    format: str | None = None,
    columns: Mapping[str, str] | None = None,
    relations: Mapping[Any, str] | None = None,
    mapping: str | os.PathLike[str] | Mapping[str, Any] | None = None,
    actors: str | os.PathLike[str] | None = None,
    targets: str | os.PathLike[str] | None = None,
    types: Mapping[str, str] | None = None,
    missing: Any = None,
    on_error: str = "fail",
    scale: tuple[int, int] | None = None,
) -> StanceGraph:
    """Read a statement table (one row per statement) into a graph.

    Parameters
    ----------
    source : path or open stream
        A CSV, TSV, JSON Lines or Parquet table; the format comes from ``format`` or the
        file name's suffix (``.csv``, ``.tsv``, ``.jsonl``, ``.parquet``).
    columns : mapping, optional
        Our field name -> the table's column name, e.g. ``{"holder": "organization"}``.
        Fields: holder, relation and target (required); id, date, source, speaker, quote,
        attribution, confidence, intensity, conditions, except, retracted, retracted_on,
        superseded_by, note; holder_type, holder_name, target_type, target_name,
        speaker_name, source_title. A column named like a field needs no entry.
    relations : mapping, optional
        The table's relation values -> supports, opposes or skeptical-of, e.g.
        ``{1: "supports", 0: "opposes"}``; ``1``, ``1.0``, ``"1"``, ``True`` and ``"yes"``
        count as the same value.
    mapping : path or mapping, optional
        A YAML or JSON mapping file (or a dict) with the keys ``columns``, ``relations``,
        ``actors``, ``targets``, ``types``, ``missing``, ``scale`` and ``graph`` (a data file
        of the nodes, sources and relations, as :func:`write_statements` writes beside a
        table); the other arguments override it.
    actors, targets : path, optional
        Lookup tables of actors and of targets: columns id, type, name, aliases, wikidata,
        description, tags, role, members. A holder, target or speaker naming a listed id,
        name or alias is that node.
    types : mapping, optional
        The type of the holders and targets no lookup table or type column gives, e.g.
        ``{"holder": "State"}`` (default: Organization holders, PolicyOption targets).
    missing : list of str, optional
        Cell texts that mean "no value", such as ``["NA"]`` (an empty cell always does).
    scale : (low, high), optional
        The relation column holds integers on this agreement scale, such as ``(1, 5)`` or
        ``(-1, 1)`` (DNA's integer qualifiers): above the middle supports, below it opposes,
        with the distance from the middle as the stance's ``strength`` (and the value in its
        ``intensity``); a row at the middle is a bad row.
    on_error : "fail" or "skip"
        ``"fail"``: any bad row raises a :class:`~stancegraph.BadRowsError` listing every
        bad row, and nothing is loaded. ``"skip"``: the good rows load, and a
        :class:`~stancegraph.SkippedRowsWarning` lists the bad ones.

    Examples
    --------
    >>> import io
    >>> table = io.StringIO("organization,concept,agreement\\n"
    ...                     "Germany,Abandon the Founding Act,0\\n"
    ...                     "Poland,Abandon the Founding Act,1\\n")
    >>> g = read_statements(table, format="csv", relations={1: "supports", 0: "opposes"},
    ...                     columns={"holder": "organization", "target": "concept",
    ...                              "relation": "agreement"})
    >>> [(s.holder, s.relation, s.target) for s in g.stances]
    [('germany', 'opposes', 'abandon-the-founding-act'), ('poland', 'supports', 'abandon-the-founding-act')]
    >>> g.node("abandon-the-founding-act")
    PolicyOption(id='abandon-the-founding-act', name='Abandon the Founding Act', ...)
    """
    check_on_error(on_error)
    fmt = _table_format(source, format)
    data, name = read_bytes(source)
    converted = convert(fmt.name, data, name, columns=columns, relations=relations,
                        mapping=mapping, actors=actors, targets=targets, types=types,
                        missing=missing, scale=scale)
    return finish(converted, name, on_error, warn=True)


def write_statements(g: StanceGraph, path: str | os.PathLike[str], *,
                     format: str | None = None) -> None:
    """Write the graph's stances as a statement table, atomically (the file is complete or
    left as it was).

    One row per stance, in the order added, with every stance field and the type and name
    of its holder and target, its speaker's name and its source's title: the columns
    :func:`read_statements` reads with no mapping. Lists (conditions, except) are JSON arrays
    in CSV and TSV, lists in JSON Lines and Parquet. What a table cannot hold -- relations
    between actors, nodes no stance names, node details beyond id, type and name (bloc
    members, aliases, sources' dates, ...) -- is written beside it, when the graph has any:
    ``<stem>.graph.yaml`` (the graph without its stances) and ``<stem>.mapping.yaml``, the
    mapping with which the table reads back as the graph (docs/tables.md, *Writing*).

    >>> import pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "stances.tsv"
    >>> write_statements(nato, path)
    >>> sorted(p.name for p in path.parent.iterdir())
    ['stances.graph.yaml', 'stances.mapping.yaml', 'stances.tsv']
    >>> read_statements(path, mapping=path.with_name("stances.mapping.yaml")) == nato
    True
    """
    save(g, path, format=_table_format(path, format).name)


@dataclass(frozen=True)
class ImportReport:
    """What :func:`import_table` did: rows read, records written, rows skipped and why."""

    table: str
    output: str
    rows: int
    stances: int
    actors: int
    positions: int
    sources: int
    skipped: tuple[RowProblem, ...] = ()
    ignored_columns: tuple[str, ...] = ()

    @property
    def skipped_rows(self) -> tuple[int, ...]:
        """The numbers of the rows left out, ascending."""
        return tuple(sorted({p.row for p in self.skipped}))

    def __str__(self) -> str:
        lines = [f"{self.table} -> {self.output}: {self.stances} stances from {self.rows} rows "
                 f"({_count(self.actors, 'actor')}, {_count(self.positions, 'position')}, "
                 f"{_count(self.sources, 'source')})"]
        if self.skipped:
            lines.append(f"skipped {_count(len(self.skipped_rows), 'row')} that are not valid "
                         "statements:")
            lines += [f"  {line}" for line in RowProblem.summarise(self.skipped, limit=50)]
        if self.ignored_columns:
            lines.append(f"columns not read: {', '.join(self.ignored_columns)}")
        return "\n".join(lines) + "\n"

    def to_dict(self) -> dict[str, Any]:
        """The report as plain data (for JSON output)."""
        return {
            "table": self.table, "output": self.output, "rows": self.rows,
            "stances": self.stances, "actors": self.actors, "positions": self.positions,
            "sources": self.sources,
            "skipped": [{name: getattr(p, name) for name in
                         ("row", "line", "field", "message", "value", "expected", "suggestion")}
                        for p in self.skipped],
            "ignored_columns": list(self.ignored_columns),
        }


def import_table(
    table: PathOrStream,
    output: str | os.PathLike[str],
    *,
    mapping: str | os.PathLike[str] | Mapping[str, Any] | None = None,
    on_error: str = "fail",
    format: str | None = None,
    output_format: str | None = None,
    columns: Mapping[str, str] | None = None,
    relations: Mapping[Any, str] | None = None,
    actors: str | os.PathLike[str] | None = None,
    targets: str | os.PathLike[str] | None = None,
    types: Mapping[str, str] | None = None,
    missing: Any = None,
    scale: tuple[int, int] | None = None,
) -> ImportReport:
    """Convert a statement table to any format stancegraph writes; report what was done.

    The table is read as by :func:`read_statements` (``format``, ``mapping``, ``columns``,
    ``relations``, ``actors``, ``targets``, ``types``, ``missing``, ``scale`` as there), then
    written to
    ``output`` (format from ``output_format`` or its suffix) atomically. With
    ``on_error="fail"`` a bad row raises a :class:`~stancegraph.BadRowsError` and nothing is
    written; with ``"skip"`` the bad rows are left out and listed in the report's
    ``skipped`` (no warning: the report is the account).

    >>> import pathlib, tempfile
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "debate.yaml"
    >>> report = import_table(NATO_YAML.parent / "statements.csv", out,
    ...                       mapping=NATO_YAML.parent / "statements-mapping.yaml")
    >>> print(str(report).split(": ", 1)[1])
    16 stances from 16 rows (10 actors, 11 positions, 2 sources)
    columns not read: coder
    >>> sg.load(out) == sg.read_statements(NATO_YAML.parent / "statements.csv",
    ...                                    mapping=NATO_YAML.parent / "statements-mapping.yaml")
    True
    """
    check_on_error(on_error)
    fmt = _table_format(table, format)
    out_fmt = format_for(output, output_format)
    out_fmt.check_writes(StanceGraph())  # an unwritable output fails before any reading
    check_output_path(output)  # and so does an output path that is a link, a FIFO, ...
    data, name = read_bytes(table)
    converted = convert(fmt.name, data, name, mapping=mapping, columns=columns,
                        relations=relations, actors=actors, targets=targets, types=types,
                        missing=missing, scale=scale)
    g = finish(converted, name, on_error, warn=False)
    save(g, output, format=out_fmt.name)
    counts = g.counts()
    return ImportReport(name, os.fspath(output), converted.rows, counts["stances"],
                        counts["actors"], counts["positions"], counts["sources"],
                        tuple(converted.problems), converted.ignored_columns)


def _table_format(source: PathOrStream, format: str | None) -> Format:
    fmt = format_for(source_name(source) if format is None else None, format)
    if fmt.name not in TABLE_FORMATS:
        raise UnknownFormatError("not a statement table format:", id=fmt.name,
                                 expected="csv, tsv, jsonl or parquet (sg.load reads the others)")
    return fmt


def _count(n: int, what: str) -> str:
    return f"{n:,} {what}{'' if n == 1 else 's'}"
