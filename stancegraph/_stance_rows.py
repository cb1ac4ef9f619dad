"""Stances handed over as columns: what :meth:`~stancegraph.StanceGraph.add_stance_rows`, the
bulk door into a graph's stance table, takes.

A reader with many stances (an RDF file, a statement table, a DNA database) passes them as
plain columns (:class:`StanceRows`) instead of one pydantic model each. :func:`check_rows`
accepts the rows it can prove valid under the same rules the :class:`~stancegraph.model.Stance`
model and the graph's integrity checks apply, for the common shape only: a stance with an id,
holder, relation, target and at most a date, confidence, source, speaker, quote and
attribution. The graph checks every other row as a model -- where it is accepted, or refused
with the usual clear error. The column check therefore never decides that a row is wrong; it
only decides that a row is certainly right.

>>> import datetime as dt
>>> rows = StanceRows.empty()
>>> rows.append("s1", "germany", "opposes", "founding-act", date=dt.date(2022, 3, 24))
>>> rows.append("s2", "germany", "opposes", "germany")  # a stance on itself: not accepted
>>> len(rows)
2
"""

from __future__ import annotations

import datetime as dt
import gc
import math
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, cast

import numpy as np
import numpy.typing as npt

from .model import (
    ACTOR_TYPES,
    ATTRIBUTIONS,
    STANCE_RELATIONS,
    Node,
    all_ids,
    is_id,
    is_text,
    is_url,
)

__all__ = ["COLUMNS", "OPTIONAL_COLUMNS", "CheckedRows", "Coded", "StanceRows", "check_rows",
           "collector_paused"]

_RELATION_CODES: dict[str, int] = {name: code for code, name in enumerate(STANCE_RELATIONS)}
_ATTRIBUTIONS = frozenset(ATTRIBUTIONS)


@dataclass(frozen=True)
class Coded:
    """A column as its distinct values and, per row, the index of its value (-1: no value).

    Bulk readers check and convert each distinct value once and then work on the codes with
    numpy: a million rows naming fifty thousand actors cost fifty thousand checks.

    >>> column = Coded.from_list(["a", None, "b", "a"])
    >>> column.values, column.codes.tolist(), column.tolist(), column[2]
    (['a', 'b'], [0, -1, 1, 0], ['a', None, 'b', 'a'], 'b')
    >>> column.map(str.upper).tolist()
    ['A', None, 'B', 'A']
    """

    values: list[Any]
    codes: npt.NDArray[np.intp]

    @classmethod
    def from_list(cls, cells: Sequence[Any]) -> Coded:
        """Code a list of cells; None is no value. Cells Python counts as equal but of different
        types (``1``, ``1.0``, ``True``) stay apart, and so do lists."""
        kinds = set(map(type, cells))
        if not (len(kinds - {type(None)}) <= 1 and kinds.isdisjoint((list, dict))):
            return cls.canonical(list(cells), np.arange(len(cells), dtype=np.intp))
        index: dict[Any, int] = {}
        codes = [index.setdefault(cell, len(index)) for cell in cells]  # one type: fast
        return cls._without_none(list(index), np.asarray(codes, dtype=np.intp))

    @classmethod
    def canonical(cls, values: list[Any], codes: npt.NDArray[np.intp]) -> Coded:
        """``values[codes]`` coded again: equal values (of one type) share a code, None none."""
        kinds = set(map(type, values))
        plain = len(kinds - {type(None)}) <= 1 and kinds.isdisjoint((list, dict))
        if plain and type(None) not in kinds and len(set(values)) == len(values):
            return cls(values, codes)  # already distinct: the common case
        keys: Iterator[Any] | list[Any] = values if plain else map(_key, values)
        index: dict[Any, int] = {}
        distinct: list[Any] = []
        remap = np.empty(len(values) + 1, dtype=np.intp)
        remap[-1] = -1
        for k, (key, value) in enumerate(zip(keys, values, strict=True)):
            if value is None:
                remap[k] = -1
                continue
            code = index.get(key)
            if code is None:
                code = index[key] = len(distinct)
                distinct.append(value)
            remap[k] = code
        if len(distinct) == len(values):
            return cls(distinct, codes)
        return cls(distinct, remap[codes])

    @classmethod
    def constant(cls, value: Any, rows: int) -> Coded:
        """``rows`` rows of one value (None: no value)."""
        if value is None:
            return cls([], np.full(rows, -1, dtype=np.intp))
        return cls([value], np.zeros(rows, dtype=np.intp))

    @classmethod
    def _without_none(cls, values: list[Any], codes: npt.NDArray[np.intp]) -> Coded:
        none = next((k for k, value in enumerate(values) if value is None), None)
        if none is None:
            return cls(values, codes)
        codes[codes == none] = -1
        codes[codes > none] -= 1
        return cls(values[:none] + values[none + 1:], codes)

    def __len__(self) -> int:
        return len(self.codes)

    def __getitem__(self, row: int) -> Any:
        code = self.codes[row]
        return None if code < 0 else self.values[code]

    def tolist(self) -> list[Any]:
        """The value of each row (None where there is none)."""
        values = np.fromiter([*self.values, None], dtype=object, count=len(self.values) + 1)
        return values[self.codes].tolist()  # type: ignore[no-any-return]

    def map(self, convert: Callable[[Any], Any]) -> Coded:
        """The column with ``convert`` applied to each distinct value (None: no value)."""
        return Coded.canonical([convert(value) for value in self.values], self.codes)

    def take(self, rows: npt.NDArray[np.intp]) -> Coded:
        """The column of these rows only."""
        return Coded(self.values, self.codes[rows])

    def where(self, wanted: Sequence[bool] | npt.NDArray[np.bool_]) -> npt.NDArray[np.bool_]:
        """Per row: whether its value is one of the ``wanted`` ones (a flag per distinct
        value); rows without a value are not."""
        flags = np.zeros(len(self.values) + 1, dtype=bool)
        flags[:-1] = wanted
        return flags[self.codes]

    def rows_with(self, wanted: Sequence[bool] | npt.NDArray[np.bool_]) -> list[int]:
        """The rows (ascending) whose value is one of the ``wanted`` ones."""
        return np.flatnonzero(self.where(wanted)).tolist()

    def first_rows(self) -> npt.NDArray[np.intp]:
        """Per distinct value, the first row with it (the number of rows if none has it)."""
        first = np.full(len(self.values) + 1, len(self.codes), dtype=np.intp)
        np.minimum.at(first, self.codes, np.arange(len(self.codes), dtype=np.intp))
        return first[:-1]

    def in_row_order(self) -> list[Any]:
        """The distinct values that some row has, in the order of the first row with each."""
        first = self.first_rows()
        used = np.flatnonzero(first < len(self.codes))
        return [self.values[code] for code in used[np.argsort(first[used])].tolist()]

    def first_row(self, value: Any) -> int | None:
        """The first row with this value, or None."""
        try:
            code = self.values.index(value)
        except ValueError:
            return None
        rows = np.flatnonzero(self.codes == code)
        return int(rows[0]) if len(rows) else None


def coded(column: Sequence[Any] | Coded) -> Coded:
    """The column as :class:`Coded` (coding a list)."""
    return column if isinstance(column, Coded) else Coded.from_list(column)


def _key(value: Any) -> Any:
    """A dict key telling apart values Python counts as equal across types (1, 1.0, True)."""
    try:
        hash(value)
    except TypeError:  # a list or dict
        return (type(value), repr(value))
    return (type(value), value)


@dataclass
class StanceRows:
    """Stances as parallel columns, one entry per stance, for
    :meth:`~stancegraph.StanceGraph.add_stance_rows`; None where a field is absent.

    ``id`` is a list (None: the graph makes one, ``holder.relation.target``); any other column
    may be a list or :class:`Coded`. ``extra`` holds, per row, the fields of the
    :class:`~stancegraph.Stance` model beyond these columns (``conditions``, ``note``,
    ``retracted``, ...; None: none), or is None when no row has any.

    >>> rows = StanceRows.empty()
    >>> rows.append("s1", "germany", "opposes", "founding-act")
    >>> rows.append(None, "france", "supports", "founding-act", note="in a letter")
    >>> rows.fields_of(1)
    {'holder': 'france', 'relation': 'supports', 'target': 'founding-act', 'note': 'in a letter'}
    """

    id: list[str | None]
    holder: list[str] | Coded
    relation: list[str] | Coded
    target: list[str] | Coded
    date: list[dt.date | None] | Coded
    confidence: list[float | None] | Coded
    source: list[str | None] | Coded
    speaker: list[str | None] | Coded
    quote: list[str | None] | Coded
    attribution: list[str | None] | Coded
    #: Optional columns (None: no row has the field): see :data:`OPTIONAL_COLUMNS`.
    strength: list[float | None] | Coded | None = None
    intensity: list[str | None] | Coded | None = None
    extra: list[dict[str, Any] | None] | None = None

    @classmethod
    def empty(cls) -> StanceRows:
        return cls(*([] for name in COLUMNS))

    @classmethod
    def joined(cls, *parts: StanceRows) -> StanceRows:
        """The rows of ``parts``, one after the other (as lists)."""
        columns: dict[str, Any] = {
            name: [value for part in parts for value in part.values_of(name)]
            for name in COLUMNS}
        for name in OPTIONAL_COLUMNS:
            if any(getattr(part, name) is not None for part in parts):
                columns[name] = [value for part in parts for value in part.values_of(name)]
        extra = None
        if any(part.extra is not None for part in parts):
            extra = [more for part in parts
                     for more in (part.extra if part.extra is not None else [None] * len(part))]
        return cls(**columns, extra=extra)

    def __len__(self) -> int:
        return len(self.id)

    def append(self, id: str | None, holder: str, relation: str, target: str, *,
               date: dt.date | None = None, confidence: float | None = None,
               source: str | None = None, speaker: str | None = None,
               quote: str | None = None, attribution: str | None = None,
               **extra: Any) -> None:
        """Append one row; ``extra`` takes any other field of the Stance model."""
        for name, value in (("id", id), ("holder", holder), ("relation", relation),
                            ("target", target), ("date", date), ("confidence", confidence),
                            ("source", source), ("speaker", speaker), ("quote", quote),
                            ("attribution", attribution)):
            getattr(self, name).append(value)
        for name in OPTIONAL_COLUMNS:
            value = extra.pop(name, None)
            column = getattr(self, name)
            if column is None and value is not None:
                column = [None] * (len(self.id) - 1)
                setattr(self, name, column)
            if column is not None:
                column.append(value)
        if extra and self.extra is None:
            self.extra = [None] * (len(self.id) - 1)
        if self.extra is not None:
            self.extra.append(extra or None)

    def append_fields(self, fields: Mapping[str, Any]) -> None:
        """Append one row given as a Stance's fields (missing ones absent)."""
        more = {k: v for k, v in fields.items() if k not in COLUMNS and v is not None}
        # (optional columns travel in ``more`` and are taken out by append)
        get: Callable[[str], Any] = fields.get
        self.append(get("id"), get("holder"), get("relation"), get("target"),
                    date=get("date"), confidence=get("confidence"), source=get("source"),
                    speaker=get("speaker"), quote=get("quote"),
                    attribution=get("attribution"), **more)

    def values_of(self, name: str, rows: npt.NDArray[np.intp] | None = None) -> list[Any]:
        """Column ``name`` as a list: all rows (the column itself if it is a list), or these
        rows."""
        column = getattr(self, name)
        if column is None:  # an optional column no row has
            return [None] * (len(self.id) if rows is None else len(rows))
        if isinstance(column, Coded):
            return (column if rows is None else column.take(rows)).tolist()
        return column if rows is None else [column[i] for i in rows.tolist()]

    def fields_of(self, i: int) -> dict[str, Any]:
        """Row ``i`` as the fields of a Stance model (absent fields left out)."""
        values = {name: getattr(self, name)[i] for name in COLUMNS}
        values.update({name: getattr(self, name)[i] for name in OPTIONAL_COLUMNS
                       if getattr(self, name) is not None})
        found = {name: value for name, value in values.items() if value is not None}
        more = self.extra[i] if self.extra is not None else None
        return {**found, **more} if more else found

    def has_extra(self) -> npt.NDArray[np.bool_]:
        """Per row: whether it has fields beyond the columns."""
        if self.extra is None:
            return np.zeros(len(self.id), dtype=bool)
        return np.fromiter((bool(more) for more in self.extra), dtype=bool, count=len(self.id))


#: The columns of :class:`StanceRows` every row set has (``extra`` aside), in order.
COLUMNS = ("id", "holder", "relation", "target", "date", "confidence", "source", "speaker",
           "quote", "attribution")
#: The columns a row set may have (None when no row has the field).
OPTIONAL_COLUMNS = ("strength", "intensity")


@dataclass(frozen=True)
class CheckedRows:
    """The rows :func:`check_rows` accepted, encoded for the stance table."""

    accepted: npt.NDArray[np.intp]  # row numbers, ascending
    rejected: list[int]
    holder: npt.NDArray[np.int64]
    target: npt.NDArray[np.int64]
    relation: npt.NDArray[np.int8]
    date: npt.NDArray[np.int64]
    confidence: npt.NDArray[np.float64]


def check_rows(
    rows: StanceRows,
    *,
    nodes: Mapping[str, Node],
    codes: Mapping[str, int],
    code_ids: list[str],
    taken: Mapping[str, Any] | set[str],
    relations: Mapping[str, Any],
) -> CheckedRows:
    """Split ``rows`` into those certainly valid in a graph with these nodes, and the rest.

    ``codes`` numbers the graph's actors and positions (``code_ids`` is its inverse);
    ``taken`` holds the ids of its stances, ``relations`` those of its relations.
    """
    ok = _ids_ok(rows.id, nodes, relations, taken) & ~rows.has_extra()
    is_actor = np.fromiter((nodes[id].type in ACTOR_TYPES for id in code_ids), dtype=bool,
                           count=len(code_ids))
    holder = _per_value(rows.holder, lambda h: codes.get(h, -1) if type(h) is str else -1, -1,
                        np.int64)
    target = _per_value(rows.target, lambda t: codes.get(t, -1) if type(t) is str else -1, -1,
                        np.int64)
    ok &= (holder >= 0) & (target >= 0) & (holder != target)
    ok &= is_actor[np.where(holder >= 0, holder, 0)] if len(code_ids) else False
    relation = _per_value(rows.relation,
                          lambda r: _RELATION_CODES.get(r, -1) if type(r) is str else -1, -1,
                          np.int8)
    ok &= relation >= 0
    date = _per_value(rows.date, lambda d: d.toordinal() if type(d) is dt.date else -1, 0,
                      np.int64)
    ok &= date >= 0
    confidence = _per_value(rows.confidence,
                            lambda c: c if type(c) is float and 0.0 <= c <= 1.0 else -1.0,
                            math.nan, np.float64)
    ok &= np.isnan(confidence) | (confidence >= 0.0)
    ok &= _column_ok(rows.source, lambda s: _is_type(nodes, s, "Source") or is_url(s))
    ok &= _column_ok(rows.speaker, lambda s: _is_type(nodes, s, "Person"))
    ok &= _column_ok(rows.quote, lambda q: q.strip() == q and q != "" and is_text(q))
    ok &= _column_ok(rows.attribution, lambda a: a in _ATTRIBUTIONS)
    if rows.strength is not None:
        strength = _per_value(rows.strength,
                              lambda c: c if type(c) is float and 0.0 <= c <= 1.0 else -1.0,
                              math.nan, np.float64)
        ok &= np.isnan(strength) | (strength >= 0.0)
    if rows.intensity is not None:
        ok &= _column_ok(rows.intensity, lambda q: q.strip() == q and q != "" and is_text(q))

    accepted = np.flatnonzero(ok)
    return CheckedRows(accepted=accepted, rejected=np.flatnonzero(~ok).tolist(),
                       holder=holder[accepted], target=target[accepted],
                       relation=relation[accepted], date=date[accepted],
                       confidence=confidence[accepted])


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a bulk reader keeps millions of values.

    They form no cycles, but each allocation counts toward a collection that scans everything
    kept so far: at a million stances the collector alone took a third of an import.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _ids_ok(ids: list[str | None], *taken: Any) -> npt.NDArray[np.bool_]:
    """Per row: the id is shaped like an id, used by no other row and taken in no mapping."""
    n = len(ids)
    distinct = set(ids)
    shaped = set(map(type, distinct)) <= {str} and all_ids(cast(list[str], ids))
    ok = (np.ones(n, dtype=bool) if shaped else
          np.fromiter((type(id) is str and is_id(id) for id in ids), dtype=bool, count=n))
    used = {id for mapping in taken for id in distinct.intersection(mapping)}
    if len(distinct) < n:
        counts = Counter(ids)
        used.update(id for id, count in counts.items() if count > 1)
    if used:
        ok &= np.fromiter((id not in used for id in ids), dtype=bool, count=n)
    return ok


def _is_type(nodes: Mapping[str, Node], id: str, type: str) -> bool:
    node = nodes.get(id)
    return node is not None and node.type == type


def _per_value(column: Sequence[Any] | Coded, convert: Callable[[Any], Any], absent: Any,
               dtype: Any) -> npt.NDArray[Any]:
    """Per row: ``convert`` of its value (called once per distinct value), ``absent`` if none."""
    column = coded(column)
    out = np.empty(len(column.values) + 1, dtype=dtype)
    out[:-1] = [convert(value) for value in column.values]
    out[-1] = absent
    return out[column.codes]


def _column_ok(column: Sequence[str | None] | Coded, test: Callable[[str], bool]
               ) -> npt.NDArray[np.bool_]:
    """Per row: the value is absent, or a string passing ``test``."""
    return _per_value(column, lambda value: type(value) is str and bool(test(value)), True, bool)
