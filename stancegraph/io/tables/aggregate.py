"""Statement tables larger than memory: the actor × target stance matrix summed by a SQL engine.

For camps, none of a dataset's rows need to reach Python: the analysis needs the actor ×
target matrix, which is small. So the heavy step is an aggregation, done where the data is:

1. one pass reads the distinct holders, targets, relation values, exception lists and
   speakers (:mod:`.vocabulary`), which Python resolves by the in-memory reader's rules and
   turns into the *skeleton*, with the mapping's graph: the nodes and roll-up relations;
2. the roll-up is applied to the skeleton in Python (:class:`~stancegraph.queries.RollUp`)
   and sent to the engine as small tables: holder cell → the actors it counts for (per span
   of days when relations have dates; per exception list), target cell → its target and the
   broader positions it counts toward, relation cell → relation and strength;
3. one query joins each statement to those tables, leaves out retracted, superseded, later and
   less confident statements, weighs each (relation strength × confidence × strength), keeps
   the strongest of each actor, target, relation and document (or week, month, year), and sums
   the rest: one row per actor, target and relation comes back.

The result is what :func:`stancegraph.affiliation` computes on
``read_statements(the same files, mapping=...)``, up to the rounding of sums (the property
tests check it), so :func:`~stancegraph.coalitions_from_affiliation` and
:func:`~stancegraph.count_camps` find the same camps.
"""

from __future__ import annotations

import datetime as dt
import glob
import io
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ...analysis import Affiliation
from ...errors import BadRowsError, InvalidRecordError, ParseError
from ...graph import StanceGraph
from ...options import Broader, Dedupe, Level
from ...queries import RollUp
from ...queries.rollup import rollup_spans
from ..store.aggregate import check
from .convert import _look_up, _read_graph
from .engines import open_engine
from .mapping import TableMapping, make_mapping, read_lookups
from .plan import Plan, RowSql
from .vocabulary import EXPECTED, Vocabulary, find_columns, read_vocabulary

__all__ = ["Dataset", "StatementTables", "affiliation_from_tables", "find_dataset", "matrix_sql"]

_SUFFIXES = {".parquet": "parquet", ".pq": "parquet", ".csv": "csv", ".tsv": "tsv",
             ".jsonl": "jsonl", ".ndjson": "jsonl"}


@dataclass(frozen=True)
class Dataset:
    """The files of a statement dataset: ``name`` as given, the ``files`` (sorted), their
    ``format``, and the directory partition columns are read under (``base``)."""

    name: str
    files: tuple[str, ...]
    format: str
    base: str | None = None


def find_dataset(source: str | os.PathLike[str], format: str | None = None) -> Dataset:
    """The files ``source`` names: a file, a glob (``statements/*.parquet``, ``**`` for
    any depth) or a directory (every table file under it, as a partitioned dataset such as
    ``year=2022/part-0.parquet``; files starting with ``.`` or ``_`` are left out)."""
    name = os.fspath(source)
    path = Path(name)
    base = None
    if path.is_dir():
        files = sorted(str(p) for p in path.rglob("*") if p.is_file()
                       and p.suffix.lower() in _SUFFIXES
                       and not any(part.startswith((".", "_"))
                                   for part in p.relative_to(path).parts))
        base = str(path)
    elif glob.has_magic(name):
        files = sorted(f for f in glob.glob(name, recursive=True) if os.path.isfile(f))
        root = Path(name.split("*")[0].split("?")[0].split("[")[0])
        base = str(root if root.is_dir() else root.parent) if any(
            "=" in part for f in files for part in Path(f).parts) else None
    elif path.is_file():
        files = [name]
    else:
        raise ParseError("no such file, directory or glob", file=name,
                         expected="a statement table, a glob such as 'statements/*.parquet', "
                                  "or a directory of them")
    if not files:
        raise ParseError("no statement tables found", file=name,
                         expected="files ending in " + ", ".join(sorted(_SUFFIXES)))
    formats = {_SUFFIXES.get(Path(f).suffix.lower()) for f in files}
    if format is not None:
        formats = {format}
    if None in formats or len(formats) != 1:
        shown = sorted(str(s) for s in formats)
        raise ParseError("the files of a dataset have one table format", file=name,
                         id=", ".join(shown), expected="all .parquet, all .csv, all .tsv or "
                         "all .jsonl (or format=...)")
    fmt = formats.pop()
    assert fmt is not None
    return Dataset(name, tuple(files), fmt, base)


class StatementTables:
    """A statement dataset -- a Parquet, CSV, TSV or JSON Lines file, a glob, or a directory
    of partitioned files -- aggregated by a SQL engine: DuckDB (``engine="duckdb"``, in this
    process, out of core) or Apache Spark (``engine="spark"``, on a cluster).

    The mapping arguments are those of :func:`~stancegraph.read_statements` (``mapping``,
    ``columns``, ``relations``, ``actors``, ``targets``, ``types``, ``missing``, ``scale``);
    ``graph`` (a data file or a :class:`~stancegraph.StanceGraph` of nodes and relations, no
    stances) gives the roll-up relations, blocs and broader positions, like a mapping's
    ``graph:``. ``connection`` is a DuckDB connection or a Spark session to run on (default: a
    new DuckDB connection; Spark's active session, or a new local one).

    :meth:`affiliation` equals :func:`stancegraph.affiliation` on
    ``read_statements(file, mapping=...)`` of the same rows; :meth:`coalitions` and
    :meth:`count_camps` find the same camps. Only the columns a stance matrix needs are read
    (holder, relation, target, date, source, confidence, strength, except, retracted,
    retracted_on, superseded_by, id, holder_type, target_type, speaker); a bad cell in those
    raises a :class:`~stancegraph.BadRowsError` listing the bad rows of the first bad files.

    >>> import pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "stances.parquet"
    >>> sg.write_statements(nato, path)
    >>> mapping = path.with_name("stances.mapping.yaml")
    >>> with StatementTables(path, mapping=mapping) as tables:
    ...     aff = tables.affiliation(level="state")
    >>> aff.actors == sg.affiliation(nato).actors
    True
    >>> float(aff.net[aff.actors.index("france"), aff.targets.index("send-tanks")])
    -1.0
    """

    def __init__(self, source: str | os.PathLike[str], *, engine: str = "duckdb",
                 connection: Any = None, format: str | None = None,
                 mapping: str | os.PathLike[str] | Mapping[str, Any] | None = None,
                 columns: Mapping[str, str] | None = None,
                 relations: Mapping[Any, str] | None = None,
                 actors: str | os.PathLike[str] | None = None,
                 targets: str | os.PathLike[str] | None = None,
                 types: Mapping[str, str] | None = None, missing: Any = None,
                 scale: tuple[int, int] | None = None,
                 graph: str | os.PathLike[str] | StanceGraph | None = None) -> None:
        self.dataset = find_dataset(source, format)
        self._reading = {"mapping": mapping, "columns": columns, "relations": relations,
                         "actors": actors, "targets": targets, "types": types,
                         "missing": missing, "scale": scale}
        self.mapping: TableMapping = make_mapping(
            mapping, columns=columns, relations=relations, actors=actors, targets=targets,
            types=types, missing=missing, scale=scale)
        self._lookup = read_lookups(self.mapping.lookups)
        base_path = Path(graph) if isinstance(graph, (str, os.PathLike)) else self.mapping.graph
        self._base = graph if isinstance(graph, StanceGraph) else (
            None if base_path is None else _read_graph(base_path))
        if self._base is not None:
            if len(self._base.stances):
                raise InvalidRecordError("the graph of a dataset holds stances",
                                         expected="the nodes and relations only: the "
                                                  "dataset holds the stances")
            _look_up(self._base, self._lookup, base_path)
        self.engine = open_engine(engine, connection)
        try:
            self.engine.scan(self.dataset.files, self.dataset.format, self.dataset.base)
            self.columns = find_columns(self.engine, self.mapping, self.dataset.name)
        except BaseException:
            self.engine.close()
            raise
        kinds = self.engine.columns()
        self.sql = RowSql(self.engine, self.columns,
                          {f: kinds[c] for f, c in self.columns.items()}, self.mapping.missing)
        self._vocabulary: Vocabulary | None = None

    def __enter__(self) -> StatementTables:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Drop the engine's views (and close a DuckDB connection it opened)."""
        self.engine.close()

    def __repr__(self) -> str:
        return (f"StatementTables({self.dataset.name!r}, engine={self.engine.name!r}, "
                f"files={len(self.dataset.files)})")

    # -- the vocabulary --------------------------------------------------------------------
    def vocabulary(self) -> Vocabulary:
        """The dataset's distinct cells resolved (read once); bad cells raise."""
        if self._vocabulary is None:
            totals = {}
            if "confidence" in self.columns:
                totals["least_confidence"] = f"MIN({self.sql.number('confidence')})"
            if "source" in self.columns:  # no row without one: no sums within documents
                totals["unsourced"] = (f"SUM(CASE WHEN {self.sql.text('source')} IS NULL "
                                       "THEN 1 ELSE 0 END)")
            if "superseded_by" in self.columns:
                totals["superseding"] = f"COUNT({self.sql.text('superseded_by')})"
            v = read_vocabulary(self.engine, self.columns, self.mapping, self._lookup,
                                self._base, self.sql.checks(), totals)
            self._refuse(v)
            self._vocabulary = v
        return self._vocabulary

    def _refuse(self, v: Vocabulary) -> None:
        bad = v.bad_values()
        if not v.bad_cells and not bad and not v.problems:
            return
        if v.bad_cells or bad:
            self._refuse_rows(v, bad)
        raise InvalidRecordError(
            "the dataset's names do not make one node each:\n  " + "\n  ".join(v.problems),
            file=self.dataset.name, expected="each name one node of one type (a lookup "
                                             "table of actors or targets can say which)")

    def _refuse_rows(self, v: Vocabulary, bad: dict[str, list[Any]]) -> None:
        """The bad rows of the first bad files, as the in-memory reader reports them."""
        conditions = [self.sql.checks()[f] for f in v.bad_cells]
        for f, cells in bad.items():
            c = self.sql.col(f)
            known = [cell for cell in cells if cell is not None]
            if None in cells:
                conditions.append(f"{c} IS NULL")
            if known:
                name = f"sg_bad_{f}"
                self.engine.register(name, {"cell": ("like", self.columns[f])},
                                     [(cell,) for cell in known])
                conditions.append(f"{c} IN (SELECT cell FROM {name})")
        self.engine.scan_with_files()  # type: ignore[attr-defined]
        file = self.engine.file_column()
        found = self.engine.fetch(
            f"SELECT {file}, COUNT(*) FROM statements_files WHERE {' OR '.join(conditions)} "
            f"GROUP BY {file} ORDER BY {file}")
        total = sum(int(n) for _, n in found)
        from . import read_statements

        for path, _ in found[:3]:
            try:
                read_statements(_local(str(path)), **self._reading)
            except BadRowsError as err:
                more = total - len(err.rows)
                raise BadRowsError(
                    f"{total:,} of {v.rows:,} rows of {self.dataset.name} are not valid "
                    f"statements, in {len(found)} file{'s' * (len(found) != 1)}; nothing was "
                    "aggregated" + (f" ({more:,} more rows in the other files)" if more else
                                    "") + f"; the rows of {path}",
                    file=str(path), problems=err.problems) from None
        shown = "; ".join(f"{f}: {', '.join(repr(c) for c in cells[:5])}"
                          for f, cells in bad.items())
        raise BadRowsError(f"{total:,} of {v.rows:,} rows are not valid statements ("
                           f"{shown or ', '.join(v.bad_cells)}); nothing was aggregated",
                           file=self.dataset.name,
                           expected="; ".join(EXPECTED.get(f, f) for f in bad))

    # -- the matrix ------------------------------------------------------------------------
    def affiliation(self, *, level: Level = "state", dedupe: Dedupe = "document",
                    broader: Broader = "supports", as_of: dt.date | str | None = None,
                    min_confidence: float | None = None) -> Affiliation:
        """The actor × target matrices of the dataset's current statements, summed by the
        engine: :func:`stancegraph.affiliation` of the same statements with the same
        arguments."""
        day = check(level, dedupe, as_of, broader)
        v = self.vocabulary()
        plan = Plan(self, v, level, dedupe, broader, day, min_confidence)
        return plan.affiliation(self.engine.fetch_arrow(plan.sql()))

    def coalitions(self, *, level: Level = "state", dedupe: Dedupe = "document",
                   as_of: dt.date | str | None = None, method: str = "auto",
                   k: int | None = None, seed: int = 0, normalization: str = "none",
                   time_limit: float = 10.0, broader: Broader = "supports",
                   actor_targets: str = "direct") -> Any:
        """The camps of the dataset, found from its :meth:`affiliation`: those
        :func:`stancegraph.coalitions` finds on the statements read into memory (each stand's
        ``evidence`` is empty: the statements stay in the dataset)."""
        from ...analysis import coalitions_from_affiliation
        from ...analysis.coalitions import HEADLINE_CONFIDENCE

        aff = self.affiliation(level=level, dedupe=dedupe, as_of=as_of, broader=broader)
        least = self.vocabulary().totals.get("least_confidence")
        stated = None
        if least is not None and least < HEADLINE_CONFIDENCE:
            stated = self.affiliation(level=level, dedupe=dedupe, as_of=as_of, broader=broader,
                                      min_confidence=HEADLINE_CONFIDENCE)
        return coalitions_from_affiliation(aff, method=method, k=k, seed=seed,  # type: ignore[arg-type]
                                           normalization=normalization,  # type: ignore[arg-type]
                                           time_limit=time_limit,
                                           actor_targets=actor_targets,  # type: ignore[arg-type]
                                           stated=stated)

    def count_camps(self, *, level: Level = "state", dedupe: Dedupe = "document",
                    as_of: dt.date | str | None = None, broader: Broader = "supports",
                    **options: Any) -> Any:
        """:func:`stancegraph.count_camps` of the dataset's :meth:`affiliation` (``options``
        as there)."""
        from ...analysis import count_camps

        return count_camps(self.affiliation(level=level, dedupe=dedupe, as_of=as_of,
                                            broader=broader), **options)

    def stances(self, *, holders: list[str] | None = None) -> StanceGraph:
        """The rows of the dataset whose holder is one of ``holders`` or can count for one
        of them (a spokesperson, leader or bloc), read into a graph as
        :func:`~stancegraph.read_statements` reads them, on the mapping's graph. Without
        ``holders``, every row: only for a dataset that fits in memory."""
        import pyarrow.parquet as pq

        v = self.vocabulary()
        sql = "SELECT * FROM statements"
        if holders is not None:
            wanted = set(holders)
            rollup = RollUp(v.skeleton)
            reach: dict[str, bool] = {}
            for id in set(v.holders.values()) - {None}:
                assert id is not None
                undated, spans = rollup_spans(v.skeleton, rollup, id)
                ends = {id, *undated, *(e for _, _, ends in spans for e in ends)}
                reach[id] = bool(ends & wanted)
            cells = [(cell,) for cell, id in v.holders.items() if id is not None and reach[id]]
            self.engine.register("sg_pick", {"cell": ("like", self.columns["holder"])}, cells)
            sql += f" WHERE {self.sql.col('holder')} IN (SELECT cell FROM sg_pick)"
        table = self.engine.fetch_arrow(sql)
        from . import read_statements

        buffer = io.BytesIO()
        pq.write_table(table, buffer)
        buffer.seek(0)
        buffer.name = self.dataset.name
        return read_statements(buffer, format="parquet", **self._reading)


def _local(path: str) -> str:
    """A file path from the ``file:`` URL an engine may give."""
    return path[len("file://"):] if path.startswith("file://") else \
        path[len("file:"):] if path.startswith("file:") else path



def affiliation_from_tables(source: str | os.PathLike[str], *, engine: str = "duckdb",
                            connection: Any = None, level: Level = "state",
                            dedupe: Dedupe = "document", broader: Broader = "supports",
                            as_of: dt.date | str | None = None,
                            min_confidence: float | None = None,
                            **reading: Any) -> Affiliation:
    """The actor × target matrices of a statement dataset larger than memory, summed by a SQL
    engine: ``StatementTables(source, engine=..., **reading).affiliation(...)``.

    ``source`` is a file, a glob or a directory of partitioned files (Parquet, CSV, TSV or
    JSON Lines); ``reading`` holds :func:`~stancegraph.read_statements`' mapping arguments
    and ``graph`` (see :class:`StatementTables`). The result equals
    :func:`stancegraph.affiliation` of ``read_statements(source, **reading)`` with the same
    ``level``, ``dedupe``, ``broader``, ``as_of`` and ``min_confidence``; pass it to
    :func:`~stancegraph.coalitions_from_affiliation` or :func:`~stancegraph.count_camps`.

    >>> import pathlib, tempfile
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> sg.write_statements(nato, folder / "stances.parquet")
    >>> aff = affiliation_from_tables(folder / "stances.parquet",
    ...                               mapping=folder / "stances.mapping.yaml")
    >>> sg.count_camps(aff).k == sg.count_camps(nato).k
    True
    """
    with StatementTables(source, engine=engine, connection=connection, **reading) as tables:
        return tables.affiliation(level=level, dedupe=dedupe, broader=broader, as_of=as_of,
                                  min_confidence=min_confidence)


def matrix_sql(tables: StatementTables, *, level: Level = "state", dedupe: Dedupe = "document",
               broader: Broader = "supports", as_of: dt.date | str | None = None,
               min_confidence: float | None = None) -> str:
    """The query :meth:`StatementTables.affiliation` runs (for docs and for reading)."""
    day = check(level, dedupe, as_of, broader)
    return Plan(tables, tables.vocabulary(), level, dedupe, broader, day, min_confidence).sql()
