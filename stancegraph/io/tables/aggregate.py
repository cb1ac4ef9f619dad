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
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ...analysis import STRENGTH, Affiliation
from ...errors import BadRowsError, InvalidRecordError, ParseError
from ...graph import StanceGraph
from ...model import ACTOR_TYPES, STANCE_RELATIONS, is_id
from ...options import Broader, Dedupe, Level
from ...queries import RollUp
from ...queries import as_of as as_of_view
from ...queries.rollup import broader_chains, rollup_ends, rollup_spans
from .._slugs import slugify
from ..store.aggregate import check
from .convert import _look_up, _read_graph
from .engines import Engine, open_engine
from .mapping import TableMapping, make_mapping, read_lookups
from .values import _DATE
from .vocabulary import EXPECTED, Vocabulary, find_columns, read_vocabulary

__all__ = ["Dataset", "StatementTables", "affiliation_from_tables", "find_dataset", "matrix_sql"]

_SUFFIXES = {".parquet": "parquet", ".pq": "parquet", ".csv": "csv", ".tsv": "tsv",
             ".jsonl": "jsonl", ".ndjson": "jsonl"}
#: ``values._DATE`` without backslashes (a Spark string literal would eat them).
_DATE_SQL = _DATE.pattern.replace(r"\d", "[0-9]")


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


class RowSql:
    """SQL expressions reading one field of a row, as the in-memory reader parses it."""

    def __init__(self, engine: Engine, columns: dict[str, str], kinds: dict[str, str],
                 missing: frozenset[str]) -> None:
        self.e, self.columns, self.kinds = engine, columns, kinds
        self.missing = sorted(missing)

    def col(self, f: str) -> str:
        return self.e.quote(self.columns[f])

    def text(self, f: str) -> str:
        """Trimmed text; NULL when empty or a missing-value marker."""
        c, kind = self.col(f), self.kinds[f]
        if kind != "text":
            return f"CAST({c} AS {self.e.text})"
        blank = f"trim({c}) = ''" + "".join(f" OR trim({c}) = {self.e.literal(m)}"
                                             for m in self.missing)
        return f"(CASE WHEN {blank} THEN NULL ELSE trim({c}) END)"

    def number(self, f: str) -> str:
        kind = self.kinds[f]
        if kind in ("float", "int"):
            return f"CAST({self.col(f)} AS DOUBLE)"
        if kind == "text":
            return f"try_cast({self.text(f)} AS DOUBLE)"
        return "CAST(NULL AS DOUBLE)"

    def bad_number(self, f: str) -> str:
        kind, c = self.kinds[f], self.col(f)
        if kind == "float":
            return f"({c} IS NOT NULL AND (isnan({c}) OR {c} < 0 OR {c} > 1))"
        if kind == "int":
            return f"({c} IS NOT NULL AND ({c} < 0 OR {c} > 1))"
        if kind == "text":
            n = self.number(f)
            return (f"({self.text(f)} IS NOT NULL AND ({n} IS NULL OR isnan({n}) OR {n} < 0 "
                    f"OR {n} > 1))")
        return f"({c} IS NOT NULL)"

    def day(self, f: str) -> str:
        kind, c = self.kinds[f], self.col(f)
        if kind == "date":
            return c
        if kind == "datetime":
            return f"CAST({c} AS DATE)"
        if kind == "text":
            t = self.text(f)
            return (f"(CASE WHEN {self.e.full_match(t, _DATE_SQL)} THEN "
                    f"try_cast(substr({t}, 1, 10) AS DATE) END)")
        return "CAST(NULL AS DATE)"

    def bad_day(self, f: str) -> str:
        kind, c = self.kinds[f], self.col(f)
        if kind in ("date", "datetime"):
            return "FALSE"
        if kind == "text":
            t = self.text(f)
            return (f"({t} IS NOT NULL AND (NOT {self.e.full_match(t, _DATE_SQL)} OR "
                    f"try_cast(substr({t}, 1, 10) AS DATE) IS NULL))")
        return f"({c} IS NOT NULL)"

    def checks(self) -> dict[str, str]:
        """field -> condition true on a cell the in-memory reader refuses (fields read in
        SQL; the vocabulary's fields are checked on their distinct values)."""
        found: dict[str, str] = {}
        for f in ("confidence", "strength"):
            if f in self.columns:
                found[f] = self.bad_number(f)
        for f in ("date", "retracted_on"):
            if f in self.columns and self.kinds[f] != "date":
                found[f] = self.bad_day(f)
        return found


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
        plan = _Plan(self, v, level, dedupe, broader, day, min_confidence)
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


class _Plan:
    """The small tables and the query of one :meth:`StatementTables.affiliation`."""

    def __init__(self, tables: StatementTables, v: Vocabulary, level: Level, dedupe: Dedupe,
                 broader: Broader, day: dt.date | None, least: float | None) -> None:
        self.t, self.v, self.e, self.sql_of = tables, v, tables.engine, tables.sql
        self.level, self.dedupe, self.broader, self.day, self.least = (
            level, dedupe, broader, day, least)
        self.skeleton = v.skeleton if day is None else as_of_view(v.skeleton, day)
        self.rollup = RollUp(self.skeleton) if level == "state" else None
        self.dated = self.rollup is not None and self.rollup.dated
        self.ids = sorted(self.skeleton.nodes)
        self.code = {id: k for k, id in enumerate(self.ids)}
        self.needs_days = self.dated or day is not None or dedupe in ("week", "month", "year")
        if day is not None and v.totals.get("superseding") and "id" not in tables.columns:
            raise InvalidRecordError(
                "as_of needs the stances' ids: rows name the stances that supersede them "
                "(superseded_by) but the dataset has no id column", file=tables.dataset.name,
                expected="an id column, or no as_of")
        self._register()

    # -- small tables ----------------------------------------------------------------------
    def _ends(self, id: str, excluded: tuple[str, ...] = ()) -> Iterator[tuple[Any, ...]]:
        """(undated, from, until, node code) rows of where a statement by ``id`` counts."""
        if self.rollup is None or not self.rollup.rolls(id):
            yield from self._always(self.code[id])
            return
        undated, spans = rollup_spans(self.skeleton, self.rollup, id, excluded)
        for end in undated:
            yield (True, None, None, self.code[end])
        for start, until, ends in spans:
            for end in ends:
                yield (False, start, until, self.code[end])

    def _always(self, code: int, *more: Any) -> Iterator[tuple[Any, ...]]:
        """Rows matching a statement of any day (or none)."""
        yield (True, None, None, code, *more)
        if self.dated:
            yield (False, None, None, code, *more)

    def _register(self) -> None:
        v, cols, reg = self.v, self.t.columns, self.e.register
        except_code = {cell: k for k, cell in enumerate(
            cell for cell, ids in v.exceptions.items() if ids)}
        holders = [(cell, -1, *end) for cell, id in v.holders.items() if id is not None
                   for end in self._ends(id)]
        holders += [(cell, except_code[excluded], *end) for cell, excluded in
                    sorted(v.excepting, key=repr)
                    if (id := v.holders.get(cell)) is not None
                    for end in self._ends(id, v.exceptions[excluded] or ())]
        span = {"undated": "bool", "lo": "date", "hi": "date", "node": "int"}
        reg("sg_holders", {"cell": ("like", cols["holder"]), "exc": "int", **span}, holders)
        chains = broader_chains(self.skeleton) if self.broader != "none" else {}
        targets = []
        for cell, id in v.targets.items():
            if id is None:
                continue
            node = self.skeleton.nodes[id]
            if node.type in ACTOR_TYPES:
                targets += [(cell, *end, False) for end in self._ends(id)]
            else:
                targets += [(cell, *row) for row in self._always(self.code[id], False)]
                targets += [(cell, *row) for up in chains.get(id, ())
                            for row in self._always(self.code[up], True)]
        reg("sg_targets", {"cell": ("like", cols["target"]), **span, "derived": "bool"},
            targets)
        reg("sg_relations", {"cell": ("like", cols["relation"]), "rel": "int", "base": "float",
                             "scale": "float"},
            [(cell, STANCE_RELATIONS.index(r), STRENGTH[r], scale)
             for cell, found in v.relations.items() if found is not None
             for r, scale in [found]])
        if "except" in cols:
            reg("sg_excepts", {"cell": ("like", cols["except"]), "code": "int"},
                list(except_code.items()))
        if "retracted" in cols:
            reg("sg_retracted", {"cell": ("like", cols["retracted"]), "flag": "bool"},
                [(cell, flag) for cell, flag in v.retracted.items() if cell is not None])
        self.source_days = self.needs_days and "source" in cols and any(
            s.date is not None or getattr(s, "reported_in", None) for s in
            self.skeleton.sources.values())
        if self.source_days:
            self._register_source_days()

    def _register_source_days(self) -> None:
        """The day each undated statement's source gives it (only sources of the mapping's
        graph have dates)."""
        from ...queries import source_date
        from ...model import is_url

        s = self.sql_of
        undated = f"{s.day('date')} IS NULL" if "date" in self.t.columns else "TRUE"
        cells = self.e.fetch(f"SELECT DISTINCT {s.text('source')} FROM statements "
                             f"WHERE {undated}")
        rows = []
        for (text,) in cells:
            if text is None:
                continue
            id = text if is_url(text) or is_id(text) else slugify(text)
            if id in self.skeleton.sources and (day := source_date(self.skeleton, id)):
                rows.append((text, day))
        self.e.register("sg_source_days", {"cell": "text", "day": "date"}, rows)

    # -- the query -------------------------------------------------------------------------
    def _said(self) -> str:
        """The day a row's statement was made: its date, else its source's."""
        s, cols = self.sql_of, self.t.columns
        date = s.day("date") if "date" in cols else "CAST(NULL AS DATE)"
        return f"coalesce({date}, sd.day)" if self.source_days else date

    def _span(self, m: str) -> str:
        if not self.dated:
            return ""
        return (f" AND (({m}.undated AND said IS NULL) OR (NOT {m}.undated AND said IS NOT "
                f"NULL AND ({m}.lo IS NULL OR said >= {m}.lo) AND ({m}.hi IS NULL OR said < "
                f"{m}.hi)))")

    def _period(self) -> str:
        if self.dedupe == "document":
            return self.sql_of.text("source") if "source" in self.t.columns else \
                f"CAST(NULL AS {self.e.text})"
        if self.dedupe == "week":
            key = f"CAST(floor(({self.e.day_number('said')} - 1) / 7) AS BIGINT)"
        elif self.dedupe == "month":
            key = "(year(said) * 12 + month(said))"
        elif self.dedupe == "year":
            key = "CAST(year(said) AS BIGINT)"
        else:
            return "CAST(NULL AS BIGINT)"
        return f"coalesce({key}, -1)"

    def sql(self) -> str:
        s, cols, e = self.sql_of, self.t.columns, self.e
        said = self._said()
        fields = [f"{s.col('holder')} AS h", f"{s.col('target')} AS t",
                  f"{s.col('relation')} AS rc", f"{said} AS said"]
        if "confidence" in cols:
            fields.append(f"{s.number('confidence')} AS conf")
        if "strength" in cols:
            fields.append(f"{s.number('strength')} AS strength")
        if "except" in cols:
            fields.append(f"{s.col('except')} AS ex")
        if "retracted" in cols:
            fields.append(f"{s.col('retracted')} AS ret")
        if "retracted_on" in cols:
            fields.append(f"{s.day('retracted_on')} AS ret_on")
        if "superseded_by" in cols:
            fields.append(f"{s.text('superseded_by')} AS sup")
        fields.append(f"{self._period()} AS p")
        joins = " LEFT JOIN sg_source_days sd ON " + s.text("source") + " = sd.cell" \
            if self.source_days else ""
        ctes = [f"s AS (SELECT {', '.join(fields)} FROM statements{joins})"]
        where = []
        conf = "conf" if "confidence" in cols else "CAST(NULL AS DOUBLE)"
        if self.least is not None and "confidence" in cols:
            where.append(f"(conf IS NULL OR conf >= {float(self.least)!r})")
        retracted = "coalesce(rt.flag, FALSE)" if "retracted" in cols else "FALSE"
        superseded = "s.sup IS NOT NULL" if "superseded_by" in cols else "FALSE"
        extra_joins = ""
        if "retracted" in cols:
            extra_joins += " LEFT JOIN sg_retracted rt ON s.ret = rt.cell"
        if self.day is None:
            where += [f"NOT {retracted}", f"NOT ({superseded})"]
        else:
            d = e.date_literal(self.day)
            where.append(f"(said IS NULL OR said <= {d})")
            by = "coalesce(ret_on, said)" if "retracted_on" in cols else "said"
            where.append(f"NOT ({retracted} AND ({by} IS NULL OR {by} <= {d}))")
            if "superseded_by" in cols and "id" in cols:
                ctes.append(f"su AS (SELECT DISTINCT {s.text('id')} AS succ FROM statements"
                            f"{joins} WHERE {said} IS NULL OR {said} <= {d})")
                extra_joins += " LEFT JOIN su ON s.sup = su.succ"
                where.append("su.succ IS NULL")
        exc = "coalesce(em.code, -1)" if "except" in cols else "-1"
        if "except" in cols:
            extra_joins = " LEFT JOIN sg_excepts em ON s.ex = em.cell" + extra_joins
        derived = "" if self.broader == "all" else " AND (NOT tm.derived OR rm.rel = " \
            f"{STANCE_RELATIONS.index('supports')})"
        strength = "coalesce(s.strength, rm.scale, 1.0)" if "strength" in cols else \
            "coalesce(rm.scale, 1.0)"
        ctes.append(
            "r AS (SELECT hm.node AS a, tm.node AS t, rm.rel AS r, p, "
            f"rm.base * coalesce({conf}, 1.0) * {strength} AS w FROM s"
            " JOIN sg_relations rm ON s.rc = rm.cell" + extra_joins +
            f" JOIN sg_holders hm ON s.h = hm.cell AND hm.exc = {exc}{self._span('hm')}"
            f" JOIN sg_targets tm ON s.t = tm.cell{self._span('tm')}{derived}"
            + (f" WHERE {' AND '.join(where)}" if where else "") + ")")
        if self.dedupe == "none":
            kept = "r"
        else:
            # a statement without a source is a document of its own: those of one cell add up
            keep = "CASE WHEN p IS NULL THEN SUM(w) ELSE MAX(w) END" \
                if self.dedupe == "document" and self.v.totals.get("unsourced", 1) else "MAX(w)"
            ctes.append(f"k AS (SELECT a, t, r, {keep} AS w FROM r GROUP BY a, t, r, p)")
            kept = "k"
        return (f"WITH {', '.join(ctes)} SELECT a, t, r, SUM(w) AS w FROM {kept} "
                "GROUP BY a, t, r")

    def affiliation(self, result: Any) -> Affiliation:
        """The matrices from the query's result (a :class:`pyarrow.Table` of node codes,
        relation codes and weights), without a Python object per cell."""
        a, t, r, w = (result.column(k).to_numpy(zero_copy_only=False)
                      for k in ("a", "t", "r", "w"))
        ids, nodes = self.ids, self.skeleton.nodes
        n = len(ids)
        target_codes = np.flatnonzero(np.bincount(t.astype(np.int64), minlength=n))
        silent = [self.code[a] for a in self.skeleton.actors if self.rollup is None
                  or not self.rollup.rolls(a) or rollup_ends(self.rollup, a) == [a]]
        actor_targets = [c for c in target_codes.tolist() if nodes[ids[c]].type in ACTOR_TYPES]
        used = np.zeros(n, dtype=bool)
        used[a.astype(np.int64)] = True
        used[actor_targets + silent] = True
        actor_codes = np.flatnonzero(used)  # codes follow the sorted ids: sorted too
        row_of = np.full(n, -1, dtype=np.int64)
        row_of[actor_codes] = np.arange(len(actor_codes))
        column_of = np.full(n, -1, dtype=np.int64)
        column_of[target_codes] = np.arange(len(target_codes))
        return Affiliation.from_arrays(
            tuple(ids[c] for c in actor_codes.tolist()),
            tuple(ids[c] for c in target_codes.tolist()),
            row_of[a.astype(np.int64)], column_of[t.astype(np.int64)],
            r.astype(np.int64) == STANCE_RELATIONS.index("supports"), w.astype(np.float64),
            level=self.level)


def matrix_sql(tables: StatementTables, *, level: Level = "state", dedupe: Dedupe = "document",
               broader: Broader = "supports", as_of: dt.date | str | None = None,
               min_confidence: float | None = None) -> str:
    """The query :meth:`StatementTables.affiliation` runs (for docs and for reading)."""
    day = check(level, dedupe, as_of, broader)
    return _Plan(tables, tables.vocabulary(), level, dedupe, broader, day, min_confidence).sql()


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
