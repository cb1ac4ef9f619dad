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
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, cast, overload

import numpy as np
import numpy.typing as npt

from .model import (
    ACTOR_TYPES,
    ATTRIBUTIONS,
    MAX_TEXT_BYTES,
    STANCE_RELATIONS,
    Node,
    all_ids,
    is_id,
    is_text,
    is_url,
)

__all__ = ["COLUMNS", "OPTIONAL_COLUMNS", "CheckedRows", "Coded", "MadeIds", "StanceRows",
           "check_rows", "collector_paused"]

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
        if not self.values:
            return [None] * len(self.codes)
        if len(self.codes) < len(self.values):  # a few rows: not an array of every value
            values_of = self.values
            return [values_of[code] if code >= 0 else None for code in self.codes.tolist()]
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


class MadeIds(Sequence[str]):
    """The stance ids ``holder.relation.target`` of rows that have none, as a data file makes
    them, with ``.2``, ``.3``, ... for the second, third, ... row of the same holder, relation
    and target: kept as the rows' codes and spelt out only when read. Spelling out a million
    ids costs more than reading the table they come from, and a graph keeps them unspelt
    until an id is asked for.

    The ids are those of :meth:`tolist`, in every respect: a graph given them holds what it
    would hold given that list. Every row needs a holder, a relation and a target.

    >>> made = MadeIds(Coded.from_list(["a", "b", "a"]), Coded.from_list(["supports"] * 3),
    ...                Coded.from_list(["x", "x", "x"]))
    >>> made.tolist(), made[2], made.take(np.array([2])).tolist()
    (['a.supports.x', 'b.supports.x', 'a.supports.x.2'], 'a.supports.x.2', ['a.supports.x.2'])
    """

    def __init__(self, holder: Coded, relation: Coded, target: Coded) -> None:
        self._numbered = _Numbered(holder, relation, target)
        self._rows: npt.NDArray[np.intp] | None = None  # which of its rows (None: all)

    def take(self, rows: npt.NDArray[np.intp]) -> MadeIds:
        """The ids of these rows only (numbered as among all rows)."""
        taken = object.__new__(MadeIds)
        taken._numbered = self._numbered
        taken._rows = rows if self._rows is None else self._rows[rows]
        return taken

    def __len__(self) -> int:
        return len(self._numbered.holder) if self._rows is None else len(self._rows)

    @overload
    def __getitem__(self, index: int) -> str: ...
    @overload
    def __getitem__(self, index: slice) -> list[str]: ...
    def __getitem__(self, index: int | slice) -> str | list[str]:
        if isinstance(index, slice):
            return self.tolist()[index]
        row = range(len(self))[index]
        return self._numbered.spelt_one(row if self._rows is None else int(self._rows[row]))

    def __iter__(self) -> Iterator[str]:
        return iter(self.tolist())

    def tolist(self) -> list[str]:
        """The ids, spelt out."""
        return self._numbered.spelt(self._rows)

    def plain(self) -> bool:
        """Whether the codes alone show that every id is shaped like an id, no longer than
        the model takes (:data:`~stancegraph.model.MAX_TEXT_BYTES` characters, bounded by the
        longest holder, relation and target) and no two are alike: the holders, relations
        and targets are ids without a ``.``, so that an id spells one holder, relation, target
        and number."""
        return self._numbered.plain()

    def may_hold(self, ids: Iterable[str]) -> bool:
        """Whether one of ``ids`` could be one of these (has the shape of one, with one of
        their holders, relations and targets); for :meth:`plain` ids."""
        ids = list(ids)
        if "." not in "".join(ids):  # (the usual case, at once)
            return False
        holders, relations, targets = (set(c.values) for c in self._numbered.columns)
        for id in ids:
            if "." in id:
                parts = id.split(".")
                if len(parts) in (3, 4) and parts[0] in holders and parts[1] in relations \
                        and parts[2] in targets and (len(parts) == 3 or parts[3].isdigit()):
                    return True
        return False


class _Numbered:
    """The columns of :class:`MadeIds` and each row's number (1 for the first row of its
    holder, relation and target, 2 for the second, ...), counted when first needed."""

    def __init__(self, holder: Coded, relation: Coded, target: Coded) -> None:
        if not len(holder) == len(relation) == len(target):
            raise ValueError("made ids need columns of one length")
        # equal values share a code (a hand-made Coded may repeat a value)
        self.columns = tuple(Coded.canonical(c.values, c.codes)
                             for c in (holder, relation, target))
        self.holder, self.relation, self.target = self.columns
        if any(bool((c.codes < 0).any()) for c in self.columns):
            raise ValueError("made ids need a holder, a relation and a target in every row")
        self._numbers: npt.NDArray[np.int64] | None = None
        self._plain: bool | None = None

    def plain(self) -> bool:
        if self._plain is None:
            # the longest id: the longest holder, relation and target, two dots and a number
            longest = sum(max(map(len, column.values), default=0) for column in self.columns)
            self._plain = all(_dotless_ids(column.values) for column in self.columns) and \
                longest + 3 + len(str(len(self.holder))) <= MAX_TEXT_BYTES
        return self._plain

    def numbers(self) -> npt.NDArray[np.int64]:
        if self._numbers is None:
            n = len(self.holder)
            key = self._keys()
            ordered = np.sort(key)  # (quicker than the stable order below)
            if not np.any(ordered[1:] == ordered[:-1]):  # no key twice: every row the first
                self._numbers = np.ones(n, dtype=np.int64)
                return self._numbers
            self._numbers = _numbered(key)
        return self._numbers

    def numbers_at(self, rows: npt.NDArray[np.intp]) -> npt.NDArray[np.int64]:
        """The numbers of these rows only: :meth:`numbers` without numbering every row when a
        few are asked for (only the rows of their holders are keyed and numbered, not every
        row sorted)."""
        n = len(self.holder)
        if self._numbers is not None or len(rows) * 64 > n:
            return self.numbers()[rows]
        holder = self.holder.codes
        flags = np.zeros(len(self.holder.values), dtype=bool)
        flags[holder[rows]] = True
        near = np.flatnonzero(flags[holder])  # the rows of their holders, in order
        return _numbered(self._keys(near))[np.searchsorted(near, rows)]

    def _keys(self, rows: npt.NDArray[np.intp] | None = None) -> npt.NDArray[np.int64]:
        """One integer per row (of these rows; None: all) for its holder, relation and
        target."""
        shape = tuple(max(len(c.values), 1) for c in self.columns)
        codes = tuple(c.codes if rows is None else c.codes[rows] for c in self.columns)
        keys: npt.NDArray[np.int64] = np.ravel_multi_index(codes, shape)
        return keys

    def spelt_one(self, row: int) -> str:
        """The id of row ``row``: :meth:`spelt` of one row, without its arrays."""
        holder, relation, target = (c.values[c.codes[row]] for c in self.columns)
        number = int(self.numbers()[row])
        return f"{holder}.{relation}.{target}" + (f".{number}" if number > 1 else "")

    def spelt(self, rows: npt.NDArray[np.intp] | None) -> list[str]:
        """The ids of these rows (None: all)."""
        columns = [c if rows is None else c.take(rows) for c in self.columns]
        holders, relations, targets = (c.tolist() for c in columns)
        ids = [f"{h}.{r}.{t}" for h, r, t in zip(holders, relations, targets, strict=True)]
        numbers = self.numbers() if rows is None else self.numbers_at(rows)
        for k in np.flatnonzero(numbers > 1).tolist():
            ids[k] = f"{ids[k]}.{numbers[k]}"
        return ids


def _numbered(key: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    """Each row's number among the rows of its key, in row order: 1 for the first, 2 for the
    second, ...

    >>> _numbered(np.array([7, 3, 7, 7, 3])).tolist()
    [1, 1, 2, 3, 2]
    """
    n = len(key)
    order = np.argsort(key, kind="stable")  # rows of one key, in row order
    ordered = key[order]
    starts = np.ones(n, dtype=bool)
    starts[1:] = ordered[1:] != ordered[:-1]
    place = np.arange(n, dtype=np.int64)
    numbers = np.empty(n, dtype=np.int64)
    numbers[order] = place - np.maximum.accumulate(np.where(starts, place, 0)) + 1
    return numbers


def _dotless_ids(values: list[Any]) -> bool:
    """Whether every value is an id without a ``.``."""
    return set(map(type, values)) <= {str} and "." not in "".join(values) and all_ids(values)


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

    ``id`` is a list (None: the graph makes one, ``holder.relation.target``), or
    :class:`MadeIds` (a reader's ids made that way, spelt out when read); any other column
    may be a list or :class:`Coded`. ``extra`` holds, per row, the fields of the
    :class:`~stancegraph.Stance` model beyond these columns (``conditions``, ``note``,
    ``retracted``, ...; None: none), or is None when no row has any.

    >>> rows = StanceRows.empty()
    >>> rows.append("s1", "germany", "opposes", "founding-act")
    >>> rows.append(None, "france", "supports", "founding-act", note="in a letter")
    >>> rows.fields_of(1)
    {'holder': 'france', 'relation': 'supports', 'target': 'founding-act', 'note': 'in a letter'}
    """

    id: list[str | None] | MadeIds
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

    def ids_of(self, rows: npt.NDArray[np.intp] | None = None) -> list[str | None] | MadeIds:
        """The ids of all rows (the column itself), or of these rows; made ids stay unspelt."""
        if rows is None:
            return self.id
        if isinstance(self.id, MadeIds):
            return self.id.take(rows)
        return [self.id[i] for i in rows.tolist()]

    def has(self, name: str) -> bool:
        """Whether column ``name`` may hold a value (False for an optional column no row has,
        and a coded column of no values)."""
        column = getattr(self, name)
        return column is not None and not (isinstance(column, Coded) and not column.values)

    def values_of(self, name: str, rows: npt.NDArray[np.intp] | None = None) -> list[Any]:
        """Column ``name`` as a list: all rows (the column itself if it is a list), or these
        rows."""
        column = getattr(self, name)
        if column is None:  # an optional column no row has
            return [None] * (len(self.id) if rows is None else len(rows))
        if isinstance(column, (Coded, MadeIds)):
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
    taken: Mapping[str, Any] | set[str],
    relations: Mapping[str, Any],
) -> CheckedRows:
    """Split ``rows`` into those certainly valid in a graph with these nodes, and the rest.

    ``codes`` numbers the graph's actors and positions;
    ``taken`` holds the ids of its stances, ``relations`` those of its relations.
    """
    ok = _ids_ok(rows.id, nodes, relations, taken) & ~rows.has_extra()
    holders = coded(rows.holder)  # (per distinct holder: its code, and whether an actor)
    holder_codes = [codes.get(h, -1) if type(h) is str else -1 for h in holders.values]
    holder = _by_value(holders, holder_codes, -1, np.int64)
    ok &= _by_value(holders, [code >= 0 and nodes[h].type in ACTOR_TYPES
                              for h, code in zip(holders.values, holder_codes, strict=True)],
                    False, bool)
    target = _per_value(rows.target, lambda t: codes.get(t, -1) if type(t) is str else -1, -1,
                        np.int64)
    ok &= (target >= 0) & (holder != target)
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
    if len(accepted) == len(ok):  # every row: the columns as they are
        return CheckedRows(accepted, [], holder, target, relation, date, confidence)
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


def _ids_ok(ids: list[str | None] | MadeIds, *taken: Any) -> npt.NDArray[np.bool_]:
    """Per row: the id is shaped like an id, used by no other row and taken in no mapping
    (made ids that are plain, none of which a mapping could hold, without spelling them)."""
    if isinstance(ids, MadeIds):
        # (a mapping larger than the rows, a graph's million stances: spelling is quicker)
        if ids.plain() and not any(len(mapping) > len(ids) or ids.may_hold(mapping)
                                   for mapping in taken):
            return np.ones(len(ids), dtype=bool)
        return _listed_ids_ok(ids.tolist(), *taken)
    return _listed_ids_ok(ids, *taken)


def _listed_ids_ok(ids: Sequence[str | None], *taken: Any) -> npt.NDArray[np.bool_]:
    """:func:`_ids_ok` of ids in a list."""
    n = len(ids)
    distinct = set(ids)
    shaped = set(map(type, distinct)) <= {str} and all_ids(cast(list[str], ids)) \
        and _short_ids(cast(list[str], ids))
    ok = (np.ones(n, dtype=bool) if shaped else
          np.fromiter((type(id) is str and is_id(id) and len(id) <= MAX_TEXT_BYTES
                       for id in ids), dtype=bool, count=n))
    used = {id for mapping in taken for id in distinct.intersection(mapping)}
    if len(distinct) < n:
        counts = Counter(ids)
        used.update(id for id, count in counts.items() if count > 1)
    if used:
        ok &= np.fromiter((id not in used for id in ids), dtype=bool, count=n)
    return ok


def _short_ids(ids: list[str]) -> bool:
    """Whether no id is longer than the model takes (an id's characters need no escape, so
    its size written escaped is its length: :data:`~stancegraph.model.MAX_TEXT_BYTES`)."""
    return sum(map(len, ids)) <= MAX_TEXT_BYTES or max(map(len, ids)) <= MAX_TEXT_BYTES


def _is_type(nodes: Mapping[str, Node], id: str, type: str) -> bool:
    node = nodes.get(id)
    return node is not None and node.type == type


def _per_value(column: Sequence[Any] | Coded, convert: Callable[[Any], Any], absent: Any,
               dtype: Any) -> npt.NDArray[Any]:
    """Per row: ``convert`` of its value (called once per distinct value), ``absent`` if none."""
    column = coded(column)
    return _by_value(column, [convert(value) for value in column.values], absent, dtype)


def _by_value(column: Coded, per_value: Sequence[Any], absent: Any, dtype: Any
              ) -> npt.NDArray[Any]:
    """Per row: ``per_value[k]`` for its value's code ``k``, ``absent`` if it has none."""
    if not column.values:
        return np.full(len(column), absent, dtype=dtype)
    out = np.empty(len(column.values) + 1, dtype=dtype)
    out[:-1] = per_value
    out[-1] = absent
    return out[column.codes]


def _column_ok(column: Sequence[str | None] | Coded, test: Callable[[str], bool]
               ) -> npt.NDArray[np.bool_]:
    """Per row: the value is absent, or a string passing ``test``."""
    return _per_value(column, lambda value: type(value) is str and bool(test(value)), True, bool)
