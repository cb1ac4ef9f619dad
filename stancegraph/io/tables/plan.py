"""The query that sums a statement dataset into the stance matrix, and the small tables it
joins: how :class:`~stancegraph.io.tables.aggregate.StatementTables` applies the in-memory
rules (:mod:`stancegraph.analysis.statements`) in SQL.

:class:`RowSql` reads one field of a row as the in-memory reader parses it; :class:`Plan`
turns the skeleton's roll-up, the broader chains and the relation values into tables of node
codes, and writes the query (one join per table, the filters of ``as_of``, retractions and
successors, then de-duplication and the sums).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import numpy as np

from ...analysis import STRENGTH, Affiliation
from ...errors import InvalidRecordError
from ...model import ACTOR_TYPES, STANCE_RELATIONS, is_id
from ...options import Broader, Dedupe, Level
from ...queries import RollUp
from ...queries import as_of as as_of_view
from ...queries.rollup import broader_chains, rollup_ends, rollup_spans
from .._slugs import slugify
from .engines import Engine
from .values import _DATE
from .vocabulary import Vocabulary

if TYPE_CHECKING:
    from .aggregate import StatementTables

__all__ = ["Plan", "RowSql"]

#: ``values._DATE`` without backslashes (a Spark string literal would eat them).
_DATE_SQL = _DATE.pattern.replace(r"\d", "[0-9]")


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


class Plan:
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
        from ...model import is_url
        from ...queries import source_date

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
