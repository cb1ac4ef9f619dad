"""Column-wise storage of stances.

A graph may hold a million stances; a million pydantic objects would not fit in a laptop's
memory, but a million rows of integer codes and a few strings do. Stances are validated once,
when they enter, and kept here as columns: holder and target as integer node codes, the
relation as a small code, the date as a proleptic ordinal (0 when unknown), the confidence as a
float (NaN when unknown). The rarer fields are kept in plain lists. A :class:`~.model.Stance` is
rebuilt, without validating again, when a caller asks for one.
"""

from __future__ import annotations

import datetime as dt
import math
from array import array
from collections.abc import Iterator
from dataclasses import dataclass
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
        self.ids: list[str] = []
        self.row_of: dict[str, int] = {}
        self.holder = array("q")
        self.target = array("q")
        self.relation = array("b")
        self.date = array("q")
        self.confidence = array("d")
        self.retracted = array("b")
        self.objects: dict[str, list[Any]] = {name: [] for name in _OBJECT_FIELDS}

    def __len__(self) -> int:
        return len(self.ids)

    def append(self, stance: Stance, holder_code: int, target_code: int) -> None:
        """Append one stance whose id is set and whose references were checked."""
        assert stance.id is not None
        self.row_of[stance.id] = len(self.ids)
        self.ids.append(stance.id)
        self.holder.append(holder_code)
        self.target.append(target_code)
        self.relation.append(RELATION_CODES[stance.relation])
        self.date.append(stance.date.toordinal() if stance.date is not None else 0)
        self.confidence.append(math.nan if stance.confidence is None else stance.confidence)
        self.retracted.append(1 if stance.retracted else 0)
        for name, column in self.objects.items():
            column.append(getattr(stance, name))

    def extend(self, ids: list[str], holder: npt.NDArray[np.int64],
               target: npt.NDArray[np.int64], relation: npt.NDArray[np.int8],
               date: npt.NDArray[np.int64], confidence: npt.NDArray[np.float64],
               objects: dict[str, list[Any]]) -> None:
        """Append checked rows given as columns; object fields missing from ``objects`` are
        left at their defaults."""
        start = len(self.ids)
        self.row_of.update(zip(ids, range(start, start + len(ids)), strict=True))
        self.ids.extend(ids)
        self.holder.frombytes(np.ascontiguousarray(holder, dtype=np.int64).tobytes())
        self.target.frombytes(np.ascontiguousarray(target, dtype=np.int64).tobytes())
        self.relation.frombytes(np.ascontiguousarray(relation, dtype=np.int8).tobytes())
        self.date.frombytes(np.ascontiguousarray(date, dtype=np.int64).tobytes())
        self.confidence.frombytes(np.ascontiguousarray(confidence, dtype=np.float64).tobytes())
        self.retracted.frombytes(bytes(len(ids)))
        for name, column in self.objects.items():
            given = objects.get(name)
            column.extend(given if given is not None else [_DEFAULTS[name]] * len(ids))

    def truncate(self, n: int) -> None:
        """Drop the rows from row ``n`` on (undoing appends that must not stand)."""
        for id in self.ids[n:]:
            del self.row_of[id]
        del self.ids[n:]
        for name in ("holder", "target", "relation", "date", "confidence", "retracted"):
            del getattr(self, name)[n:]
        for column in self.objects.values():
            del column[n:]

    def reorder_from(self, start: int, order: npt.NDArray[np.intp]) -> None:
        """Put the rows from ``start`` on in this order (``order[k]``: which of them comes
        ``k``-th)."""
        take = _taker(order + start)
        for name in ("holder", "target", "relation", "date", "confidence", "retracted"):
            column: array[Any] = getattr(self, name)
            tail = np.frombuffer(column, dtype=column.typecode)[start:][order].tobytes()
            del column[start:]
            column.frombytes(tail)
        for values in (self.ids, *self.objects.values()):
            values[start:] = take(values)
        self.row_of.update(zip(self.ids[start:], range(start, len(self.ids)), strict=True))

    def select(self, rows: npt.NDArray[np.int64], *, clear_history: bool = False
               ) -> StanceTable:
        """A new table of the given rows, in that order, copied column by column (no model
        is rebuilt); ``clear_history`` resets ``retracted``, ``retracted_on`` and
        ``superseded_by`` (the debate as it stood on a day, where what was in effect is
        simply said)."""
        new = StanceTable()
        rows = np.asarray(rows, dtype=np.int64)
        take = _taker(rows)
        new.ids = take(self.ids)
        new.row_of = dict(zip(new.ids, range(len(new.ids)), strict=True))
        for name in ("holder", "target", "relation", "date", "confidence", "retracted"):
            column: array[Any] = getattr(self, name)
            values = np.frombuffer(column, dtype=column.typecode)[rows] if len(column) else \
                np.zeros(0, dtype=column.typecode)
            if name == "retracted" and clear_history:
                values = np.zeros(len(rows), dtype=column.typecode)
            setattr(new, name, array(column.typecode, values.tobytes()))
        for name, column_values in self.objects.items():
            cleared = clear_history and name in ("retracted_on", "superseded_by")
            new.objects[name] = [None] * len(rows) if cleared else take(column_values)
        return new

    def row(self, i: int, node_ids: list[str]) -> Stance:
        """Rebuild the stance in row ``i``; ``node_ids`` maps node codes back to ids."""
        ordinal = self.date[i]
        confidence = self.confidence[i]
        fields: dict[str, Any] = {
            "id": self.ids[i],
            "holder": node_ids[self.holder[i]],
            "relation": STANCE_RELATIONS[self.relation[i]],
            "target": node_ids[self.target[i]],
            "date": dt.date.fromordinal(ordinal) if ordinal else None,
            "confidence": None if math.isnan(confidence) else confidence,
            "retracted": bool(self.retracted[i]),
        }
        for name, column in self.objects.items():
            fields[name] = column[i]
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
        found.update({name: list(values) for name, values in self.objects.items()})
        return {name: found[name] for name in Stance.model_fields}

    def columns(self, node_ids: list[str]) -> StanceColumns:
        """Copies of the columns as numpy arrays (and lists for the object fields)."""
        objects = self.objects
        retracted = np.array(self.retracted, dtype=bool)
        retracted_on = np.zeros(len(self.ids), dtype=np.int64)
        for i in np.flatnonzero(retracted).tolist():  # retracted_on implies retracted
            day = objects["retracted_on"][i]
            retracted_on[i] = 0 if day is None else day.toordinal()
        return StanceColumns(
            node_ids=tuple(node_ids),
            ids=tuple(self.ids),
            holder=np.array(self.holder, dtype=np.int64),
            target=np.array(self.target, dtype=np.int64),
            relation=np.array(self.relation, dtype=np.int8),
            date=np.array(self.date, dtype=np.int64),
            confidence=np.array(self.confidence, dtype=np.float64),
            retracted=retracted,
            superseded=np.array([s is not None for s in objects["superseded_by"]], dtype=bool),
            source=tuple(objects["source"]),
            except_=tuple(objects["except_"]),
            retracted_on=retracted_on,
            superseded_by=tuple(objects["superseded_by"]),
            strength=np.array([math.nan if v is None else v for v in objects["strength"]],
                              dtype=np.float64),
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
    ids: tuple[str, ...]
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

    def __len__(self) -> int:
        return len(self.ids)


def _taker(rows: npt.NDArray[np.int64]) -> Any:
    """A function taking ``rows`` of a list, as a new list (quick for a million rows)."""
    if len(rows) == 0:
        return lambda values: []
    if len(rows) == 1:
        only = int(rows[0])
        return lambda values: [values[only]]
    get = itemgetter(*rows.tolist())
    return lambda values: list(get(values))
