"""Column-wise storage of stances.

A graph may hold a million stances; a million pydantic objects would not fit in a laptop's
memory, but a million rows of integer codes and a few strings do. Stances are validated once,
when they enter, and kept here as columns: holder and target as integer node codes, the
relation as a small code, the date as a proleptic ordinal (0 when unknown), the confidence as a
float (NaN when unknown). The rarer fields are kept in plain lists. A :class:`~.model.Stance` is
rebuilt, without validating again, when a caller asks for one.

Some things are made only when first asked for: the ids a reader handed over unspelt (a
:class:`~stancegraph._stance_rows.MadeIds`, spelt out when an id is read), the index from id
to row, and the rows of an object field a reader left at its default (a million Nones are
eight megabytes). The numpy columns of :meth:`StanceTable.columns` are kept until the table
changes.
"""

from __future__ import annotations

import datetime as dt
import math
from array import array
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import cache, cached_property
from itertools import islice
from operator import itemgetter
from typing import Any, NamedTuple

import numpy as np
import numpy.typing as npt

from .model import STANCE_RELATIONS, Stance

__all__ = ["COLUMN_FIELDS", "RELATION_CODES", "StanceColumns", "StanceRecord", "StanceTable"]

RELATION_CODES = {name: code for code, name in enumerate(STANCE_RELATIONS)}

#: Fields kept as typed columns (numbers and codes).
COLUMN_FIELDS = ("id", "holder", "relation", "target", "date", "confidence", "retracted")
# Fields kept as Python objects, one list each: every other field of the model, in its order
# (a field added to Stance is stored without touching this module; StanceRecord lists them).
_OBJECT_FIELDS = tuple(name for name in Stance.model_fields if name not in COLUMN_FIELDS)

_DEFAULTS: dict[str, Any] = {name: () if name in ("conditions", "except_") else None
                             for name in _OBJECT_FIELDS}


class StanceTable:
    """Append-only columns of validated stances, addressed by row number or stance id."""

    def __init__(self) -> None:
        self._ids: list[str] = []  # the ids spelt out; then those of the blocks in _unspelt
        self._unspelt: list[Sequence[str]] = []
        self._row_of: dict[str, int] = {}  # id -> row, for the first _indexed rows
        self._indexed = 0
        self._columns: StanceColumns | None = None  # columns() until the table changes
        self.holder = array("q")
        self.target = array("q")
        self.relation = array("b")
        self.date = array("q")
        self.confidence = array("d")
        self.retracted = array("b")
        self._objects: dict[str, list[Any]] = {name: [] for name in _OBJECT_FIELDS}
        # per object field: the rows at the end of its column left at the default, not stored
        self._defaulted: dict[str, int] = dict.fromkeys(_OBJECT_FIELDS, 0)

    def __len__(self) -> int:
        return len(self.holder)

    @property
    def ids(self) -> list[str]:
        """Each row's stance id (spelling out the ids handed over unspelt)."""
        return _spelt(self._ids, self._unspelt)

    def id_of(self, row: int) -> str:
        """Row ``row``'s stance id (spelling out that one only)."""
        if row < len(self._ids):
            return self._ids[row]
        row -= len(self._ids)
        for block in self._unspelt:
            if row < len(block):
                return block[row]
            row -= len(block)
        raise IndexError(row)

    def ids_at(self, rows: Sequence[int]) -> list[str]:
        """The stance ids of these rows: :meth:`id_of` of each, those of a block kept unspelt
        spelt in one pass."""
        found: list[str | None] = [None] * len(rows)
        wanted: dict[int, list[tuple[int, int]]] = {}  # block -> (place in rows, row in block)
        spelt = len(self._ids)
        starts = np.cumsum([spelt] + [len(block) for block in self._unspelt])
        for k, row in enumerate(rows):
            if not 0 <= row < starts[-1]:
                raise IndexError(row)
            if row < spelt:
                found[k] = self._ids[row]
            else:
                b = int(np.searchsorted(starts, row, side="right")) - 1
                wanted.setdefault(b, []).append((k, row - int(starts[b])))
        for b, places in wanted.items():
            block = self._unspelt[b]
            at = np.array([row for _, row in places], dtype=np.intp)
            take = getattr(block, "take", None)  # MadeIds: these rows spelt together
            ids = take(at).tolist() if take is not None else [block[int(row)] for row in at]
            for (k, _), id in zip(places, ids, strict=True):
                found[k] = id
        return found  # type: ignore[return-value]

    @property
    def row_of(self) -> dict[str, int]:
        """Stance id -> row (indexed when first asked for, and kept up to date after)."""
        ids = self.ids
        if self._indexed < len(ids):
            self._row_of.update(zip(islice(ids, self._indexed, None),
                                    range(self._indexed, len(ids)), strict=True))
            self._indexed = len(ids)
        return self._row_of

    @property
    def objects(self) -> dict[str, list[Any]]:
        """The object fields' columns, one list each (storing the defaults not stored yet)."""
        for name in _OBJECT_FIELDS:
            self._fill(name)
        return self._objects

    def _fill(self, name: str) -> list[Any]:
        """Object column ``name``, with its defaulted rows stored."""
        column = self._objects[name]
        if self._defaulted[name]:
            column.extend([_DEFAULTS[name]] * self._defaulted[name])
            self._defaulted[name] = 0
        return column

    def _object_values(self, name: str) -> list[Any]:
        """A copy of object column ``name``, every row (storing nothing)."""
        return self._objects[name] + [_DEFAULTS[name]] * self._defaulted[name]

    def _changed(self) -> None:
        self._columns = None

    def _unindex(self, start: int) -> None:
        """Take the rows from ``start`` on out of the id index (it holds the first
        ``_indexed`` rows' ids)."""
        if self._indexed > start:
            for id in self.ids[start:self._indexed]:
                del self._row_of[id]
            self._indexed = start

    def append(self, stance: Stance, holder_code: int, target_code: int) -> None:
        """Append one stance whose id is set and whose references were checked."""
        assert stance.id is not None
        self._changed()
        self.ids.append(stance.id)
        self.holder.append(holder_code)
        self.target.append(target_code)
        self.relation.append(RELATION_CODES[stance.relation])
        self.date.append(stance.date.toordinal() if stance.date is not None else 0)
        self.confidence.append(math.nan if stance.confidence is None else stance.confidence)
        self.retracted.append(1 if stance.retracted else 0)
        for name in _OBJECT_FIELDS:
            value = getattr(stance, name)
            if self._defaulted[name] and _is_default(name, value):
                self._defaulted[name] += 1
            else:
                self._fill(name).append(value)

    def extend(self, ids: Sequence[str], holder: npt.NDArray[np.int64],
               target: npt.NDArray[np.int64], relation: npt.NDArray[np.int8],
               date: npt.NDArray[np.int64], confidence: npt.NDArray[np.float64],
               objects: dict[str, list[Any]]) -> None:
        """Append checked rows given as columns; object fields missing from ``objects`` are
        left at their defaults. ``ids`` is a list, or a sequence kept as it is until an id is
        read (:class:`~stancegraph._stance_rows.MadeIds`)."""
        self._changed()
        if isinstance(ids, list) and not self._unspelt:
            self._ids.extend(ids)
        else:
            self._unspelt.append(ids)
        for column, values in ((self.holder, holder), (self.target, target),
                               (self.relation, relation), (self.date, date),
                               (self.confidence, confidence)):
            column.frombytes(_bytes(values, column.typecode))
        self.retracted.frombytes(bytes(len(ids)))
        for name in _OBJECT_FIELDS:
            given = objects.get(name)
            if given is None:
                self._defaulted[name] += len(ids)
            else:
                self._fill(name).extend(given)

    def truncate(self, n: int) -> None:
        """Drop the rows from row ``n`` on (undoing appends that must not stand)."""
        self._changed()
        self._unindex(n)
        del self.ids[n:]
        for name in ("holder", "target", "relation", "date", "confidence", "retracted"):
            del getattr(self, name)[n:]
        for name, column in self._objects.items():  # rows from n on: stored, then defaulted
            self._defaulted[name] = max(0, n - len(column))
            del column[n:]

    def reorder_from(self, start: int, order: npt.NDArray[np.intp]) -> None:
        """Put the rows from ``start`` on in this order (``order[k]``: which of them comes
        ``k``-th)."""
        self._changed()
        self._unindex(start)
        take = _taker(order + start)
        for name in ("holder", "target", "relation", "date", "confidence", "retracted"):
            column: array[Any] = getattr(self, name)
            tail = np.frombuffer(column, dtype=column.typecode)[start:][order].tobytes()
            del column[start:]
            column.frombytes(tail)
        for values in (self.ids, *self.objects.values()):
            values[start:] = take(values)

    def select(self, rows: npt.NDArray[np.int64], *, clear_history: bool = False
               ) -> StanceTable:
        """A new table of the given rows, in that order, copied column by column (no model
        is rebuilt); ``clear_history`` resets ``retracted``, ``retracted_on`` and
        ``superseded_by`` (the debate as it stood on a day, where what was in effect is
        simply said)."""
        new = StanceTable()
        rows = np.asarray(rows, dtype=np.int64)
        take = _taker(rows)
        made = self._unspelt[0] if not self._ids and len(self._unspelt) == 1 else None
        if made is not None and hasattr(made, "take"):  # made ids stay unspelt
            new._unspelt = [made.take(rows)]
        else:
            new._ids = take(self.ids)
        for name in ("holder", "target", "relation", "date", "confidence", "retracted"):
            column: array[Any] = getattr(self, name)
            values = np.frombuffer(column, dtype=column.typecode)[rows] if len(column) else \
                np.zeros(0, dtype=column.typecode)
            if name == "retracted" and clear_history:
                values = np.zeros(len(rows), dtype=column.typecode)
            setattr(new, name, array(column.typecode, values.tobytes()))
        for name, stored in self._objects.items():
            cleared = clear_history and name in ("retracted_on", "superseded_by")
            if cleared or not stored:  # (the default of both is None)
                new._defaulted[name] = len(rows)
            else:
                new._objects[name] = take(self._fill(name))
        return new

    def row(self, i: int, node_ids: list[str], id: str | None = None) -> Stance:
        """Rebuild the stance in row ``i``; ``node_ids`` maps node codes back to ids; ``id``:
        the row's id, when already spelt (:meth:`ids_at`)."""
        ordinal = self.date[i]
        confidence = self.confidence[i]
        fields: dict[str, Any] = {
            "id": self.id_of(i) if id is None else id,
            "holder": node_ids[self.holder[i]],
            "relation": STANCE_RELATIONS[self.relation[i]],
            "target": node_ids[self.target[i]],
            "date": dt.date.fromordinal(ordinal) if ordinal else None,
            "confidence": None if math.isnan(confidence) else confidence,
            "retracted": bool(self.retracted[i]),
        }
        for name, column in self._objects.items():
            fields[name] = column[i] if i < len(column) else _DEFAULTS[name]
        return Stance.model_construct(**fields)

    def records(self, node_ids: list[str], order: list[int] | None = None
                ) -> Iterator[StanceRecord]:
        """The rows (all, or those in ``order``) as light read-only records: a Stance's
        attributes without building a model, for bulk writers."""
        ids, holder, target, relation = self.ids, self.holder, self.target, self.relation
        date, confidence, retracted = self.date, self.confidence, self.retracted
        objects = [self.objects[name] for name in _OBJECT_FIELDS]
        fromordinal, relations = dt.date.fromordinal, STANCE_RELATIONS
        for i in order if order is not None else range(len(ids)):
            ordinal, c = date[i], confidence[i]
            yield StanceRecord(
                ids[i], node_ids[holder[i]], relations[relation[i]], node_ids[target[i]],
                fromordinal(ordinal) if ordinal else None, None if c != c else c,
                bool(retracted[i]), *(column[i] for column in objects))

    def fields(self, node_ids: list[str]) -> dict[str, list[Any]]:
        """Every field of every row as Python values, one list per field of the
        :class:`~stancegraph.model.Stance` model (its names: ``except_``), in row order: what a
        stance would hold, decoded column by column rather than row by row."""
        n = len(self.ids)
        names = np.array(node_ids, dtype=object) if node_ids else np.empty(0, dtype=object)
        holder = np.frombuffer(self.holder, dtype=np.int64) if n else np.empty(0, np.int64)
        target = np.frombuffer(self.target, dtype=np.int64) if n else np.empty(0, np.int64)
        ordinals = list(self.date)
        dates = {o: dt.date.fromordinal(o) if o else None for o in set(ordinals)}
        found: dict[str, list[Any]] = {
            "id": list(self.ids), "holder": names[holder].tolist(),
            "relation": [STANCE_RELATIONS[code] for code in self.relation],
            "target": names[target].tolist(), "date": [dates[o] for o in ordinals],
            "confidence": [None if c != c else c for c in self.confidence],
            "retracted": [bool(r) for r in self.retracted],
        }
        found.update({name: self._object_values(name) for name in _OBJECT_FIELDS})
        return {name: found[name] for name in Stance.model_fields}

    def columns(self, node_ids: list[str], *, copy: bool = True) -> StanceColumns:
        """The columns as numpy arrays (and tuples for the object fields). Made once until
        the table changes; each call gets its own copies of the arrays, or with ``copy``
        False read-only views of the ones kept."""
        if self._columns is None:
            self._columns = self._make_columns()
        kept = self._columns
        arrays: dict[str, Any] = {
            name: _copied(getattr(kept, name)) if copy else _read_only(getattr(kept, name))
            for name in _ARRAY_COLUMNS}
        return replace(kept, node_ids=tuple(node_ids), **arrays)

    def _make_columns(self) -> StanceColumns:
        n = len(self)
        ids, unspelt = self._ids, self._unspelt  # (not the table: no reference cycle)

        def values(name: str) -> tuple[Any, ...]:
            return tuple(self._objects[name]) + (_DEFAULTS[name],) * self._defaulted[name]

        retracted = _numpy(self.retracted, np.int8).astype(bool)
        retracted_on = np.zeros(n, dtype=np.int64)
        days = values("retracted_on")
        for i in np.flatnonzero(retracted).tolist():  # retracted_on implies retracted
            day = days[i]
            retracted_on[i] = 0 if day is None else day.toordinal()
        superseded_by = values("superseded_by")
        strength = values("strength")
        return StanceColumns(
            node_ids=(),
            _spell_ids=cache(lambda: tuple(islice(_spelt(ids, unspelt), n))),
            holder=_numpy(self.holder, np.int64),
            target=_numpy(self.target, np.int64),
            relation=_numpy(self.relation, np.int8),
            date=_numpy(self.date, np.int64),
            confidence=_numpy(self.confidence, np.float64),
            retracted=retracted,
            superseded=np.zeros(n, dtype=bool) if superseded_by.count(None) == n else
            np.array(superseded_by, dtype=object) != None,  # noqa: E711 (per element)
            source=values("source"),
            except_=values("except_"),
            retracted_on=retracted_on,
            superseded_by=superseded_by,
            strength=np.full(n, math.nan) if strength.count(None) == n else
            np.array(strength, dtype=np.float64),  # None is NaN
        )

    def rows(self, node_ids: list[str]) -> Iterator[Stance]:
        for i in range(len(self.ids)):
            yield self.row(i, node_ids)


class StanceRecord(NamedTuple):
    """A stance's fields as a plain tuple (see :meth:`StanceTable.records`)."""

    id: str
    holder: str
    relation: str
    target: str
    date: dt.date | None
    confidence: float | None
    retracted: bool
    source: str | None
    speaker: str | None
    quote: str | None
    attribution: str | None
    intensity: str | None
    conditions: tuple[str, ...]
    except_: tuple[str, ...]
    retracted_on: dt.date | None
    superseded_by: str | None
    note: str | None
    strength: float | None


@dataclass(frozen=True)
class StanceColumns:
    """A graph's stances as columns, for vectorised analysis.

    Row ``i`` is the ``i``-th stance added. ``holder`` and ``target`` are codes into
    ``node_ids``; ``relation`` codes into :data:`~stancegraph.model.STANCE_RELATIONS`; ``date``
    is a proleptic ordinal (``datetime.date.toordinal``), 0 when unknown; ``confidence`` is NaN
    when unknown.
    """

    node_ids: tuple[str, ...]
    holder: npt.NDArray[np.int64]
    target: npt.NDArray[np.int64]
    relation: npt.NDArray[np.int8]
    date: npt.NDArray[np.int64]
    confidence: npt.NDArray[np.float64]
    retracted: npt.NDArray[np.bool_]
    superseded: npt.NDArray[np.bool_]
    source: tuple[str | None, ...]
    except_: tuple[tuple[str, ...], ...]
    #: The day a retraction took effect (an ordinal), 0 when not given.
    retracted_on: npt.NDArray[np.int64]
    #: The id of the stance that supersedes each, or None.
    superseded_by: tuple[str | None, ...]
    #: Each stance's strength on its source's scale, NaN when not given (full strength).
    strength: npt.NDArray[np.float64] | None = None
    #: Gives :attr:`ids`, when first read.
    _spell_ids: Callable[[], tuple[str, ...]] = field(default=tuple, repr=False, compare=False)

    @cached_property
    def ids(self) -> tuple[str, ...]:
        """Each stance's id (spelt out when first read: the ids a reader made are kept unspelt
        in the graph, and an analysis of a million stances seldom needs them)."""
        return self._spell_ids()

    def __len__(self) -> int:
        return len(self.holder)


def _copied(array: npt.NDArray[Any] | None) -> npt.NDArray[Any] | None:
    return None if array is None else array.copy()


def _read_only(array: npt.NDArray[Any] | None) -> npt.NDArray[Any] | None:
    """A view of ``array`` that cannot be written through."""
    if array is None:
        return None
    view = array.view()
    view.flags.writeable = False
    return view


#: The columns of :class:`StanceColumns` that are numpy arrays (copied for each caller).
_ARRAY_COLUMNS = ("holder", "target", "relation", "date", "confidence", "retracted",
                  "superseded", "retracted_on", "strength")


def _spelt(ids: list[str], unspelt: list[Sequence[str]]) -> list[str]:
    """``ids``, with the ids of the blocks in ``unspelt`` spelt out onto its end (and
    ``unspelt`` emptied)."""
    for block in unspelt:
        ids.extend(block)
    unspelt.clear()
    return ids


def _is_default(name: str, value: Any) -> bool:
    """Whether ``value`` is object field ``name``'s default (None, or an empty tuple)."""
    return value is None if _DEFAULTS[name] is None else type(value) is tuple and not value


def _bytes(values: npt.NDArray[Any], typecode: str) -> memoryview:
    """The bytes of a numpy column as an array of ``typecode`` holds them (not copied if they
    are already)."""
    return np.ascontiguousarray(values, dtype=typecode).data.cast("B")


def _numpy(column: array[Any], dtype: Any) -> npt.NDArray[Any]:
    """A copy of an array column as a numpy array."""
    return np.frombuffer(column, dtype=dtype).copy() if len(column) else np.zeros(0, dtype)


def _taker(rows: npt.NDArray[np.int64]) -> Any:
    """A function taking ``rows`` of a list, as a new list (quick for a million rows)."""
    if len(rows) == 0:
        return lambda values: []
    if len(rows) == 1:
        only = int(rows[0])
        return lambda values: [values[only]]
    get = itemgetter(*rows.tolist())
    return lambda values: list(get(values))
