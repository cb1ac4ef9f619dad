"""Statements in the shape Discourse Network Analyzer (DNA 3) exports networks from, and DNA's
selection of them: date range, excluded values and documents, empty fields and duplicates.

Each rule follows DNA 3's ``Exporter.java`` (``loadData`` and ``filterStatements``; the reading
is in docs/dna-networks.md, with the line of the Java each rule comes from):

- the date range is inclusive, on the date and time of each statement's document;
- ``exclude_authors``/``_sources``/``_sections``/``_types`` drop statements whose document has
  one of the values (``invert_…=True``: keep only those), before anything else;
- ``exclude_values`` drops a statement if any listed variable has a listed value (with
  ``invert_values=True``: keeps a statement only if every listed variable has a listed value);
  booleans and integers are compared as their decimal text (``"0"``, ``"-2"``);
- a statement whose first or second variable is empty is left out (and its qualifier, for a
  text qualifier that is aggregated);
- duplicates: in DNA's order (document date and time, document, start, stop, statement id),
  a statement is dropped when an earlier kept one has the same first and second variable (and
  the same qualifier, unless the aggregation is ``"ignore"``) in the same period.

>>> table = DnaStatements.from_rows(
...     [{"organization": "A", "concept": "x", "agreement": 1},
...      {"organization": "A", "concept": "x", "agreement": 0},
...      {"organization": "B", "concept": "x", "agreement": 1}],
...     kinds={"organization": "short text", "concept": "short text", "agreement": "boolean"})
>>> kept = select(table, variable1="organization", variable2="concept", qualifier="agreement",
...               aggregation="ignore", duplicates="acrossrange")
>>> kept.tolist()  # A's opposition repeats its support, as DNA's "ignore" counts them
[0, 2]
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from ..errors import ArgumentError, check_choice

__all__ = ["DOCUMENT_VARIABLES", "DUPLICATES", "KINDS", "DnaStatements", "Duplicates",
           "Weeks", "select", "value_text", "week_number"]

#: The document fields DNA can use as a variable (``variable1_document=True`` and so on).
DOCUMENT_VARIABLES = ("author", "source", "section", "type", "id", "title")
#: The data types of DNA's variables.
KINDS = ("short text", "long text", "boolean", "integer")
Duplicates = Literal["include", "document", "week", "month", "year", "acrossrange"]
DUPLICATES: tuple[Duplicates, ...] = ("include", "document", "week", "month", "year",
                                      "acrossrange")
Weeks = Literal["dna-iso", "dna-us", "calendar"]
_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class DnaStatements:
    """Statements of one statement type, one entry per statement, as DNA holds them.

    ``variables`` maps each variable of the statement type to its value per statement (text
    for short and long text, an int for booleans and integers, None when the statement has
    none); ``kinds`` gives each variable's data type. ``document_fields`` holds the fields of
    each statement's document (:data:`DOCUMENT_VARIABLES`, the id as text), ``times`` its date
    and time (UTC, as DNA stores it), ``documents`` its id, ``starts``/``stops`` the
    statement's span (DNA orders statements by them). ``date_range`` is the earliest and
    latest document date of the database (DNA's default start and stop).
    """

    ids: Sequence[int]
    documents: Sequence[int]
    times: Sequence[dt.datetime]
    variables: Mapping[str, Sequence[Any]]
    kinds: Mapping[str, str]
    document_fields: Mapping[str, Sequence[str]]
    statement_type: str = "DNA Statement"
    starts: Sequence[int] = ()
    stops: Sequence[int] = ()
    date_range: tuple[dt.datetime, dt.datetime] | None = None
    _order: list[npt.NDArray[np.intp]] = field(default_factory=list, repr=False, compare=False)

    @classmethod
    def from_rows(cls, rows: Iterable[Mapping[str, Any]], *, kinds: Mapping[str, str],
                  statement_type: str = "DNA Statement") -> DnaStatements:
        """A table from one mapping per statement: its variables (named in ``kinds``) and,
        optionally, ``id``, ``document``, ``time`` (a date or datetime), ``start``, ``stop``
        and the document fields (``author``, ``source``, ...).

        >>> t = DnaStatements.from_rows([{"organization": "A", "time": dt.date(2005, 1, 26)}],
        ...                             kinds={"organization": "short text"})
        >>> len(t), t.times[0], t.document_fields["id"]
        (1, datetime.datetime(2005, 1, 26, 0, 0), ['1'])
        """
        rows = list(rows)
        for name, kind in kinds.items():
            check_choice(kind, KINDS, f"data type of variable {name!r}", field="kinds")
        times = [_as_datetime(row.get("time", dt.datetime(2000, 1, 1))) for row in rows]
        documents = [int(row.get("document", k + 1)) for k, row in enumerate(rows)]
        fields = {name: [str(row.get(name, "")) for row in rows] for name in DOCUMENT_VARIABLES}
        fields["id"] = [str(d) for d in documents]
        return cls(
            ids=[int(row.get("id", k + 1)) for k, row in enumerate(rows)],
            documents=documents, times=times,
            variables={name: [row.get(name) for row in rows] for name in kinds},
            kinds=dict(kinds), document_fields=fields, statement_type=statement_type,
            starts=[int(row.get("start", 0)) for row in rows],
            stops=[int(row.get("stop", 1)) for row in rows],
            date_range=(min(times), max(times)) if times else None)

    def __len__(self) -> int:
        return len(self.ids)

    def order(self) -> npt.NDArray[np.intp]:
        """The statements in DNA's order: document date and time, document id, start, stop,
        statement id (``Statement.compareTo``)."""
        if not self._order:
            n = len(self)
            starts = self.starts if len(self.starts) == n else [0] * n
            stops = self.stops if len(self.stops) == n else [0] * n
            keys = sorted(range(n), key=lambda k: (self.times[k], self.documents[k], starts[k],
                                                   stops[k], self.ids[k]))
            self._order.append(np.asarray(keys, dtype=np.intp))
        return self._order[0]

    def values(self, variable: str, document: bool = False) -> list[str]:
        """The text of a variable per statement, as DNA compares and labels it: an entity's
        value, a number's decimal text, a document field ('' when there is none)."""
        if document:
            check_choice(variable, DOCUMENT_VARIABLES, "document variable", field="variable")
            return list(self.document_fields[variable])
        if variable not in self.variables:
            raise ArgumentError(f"the statement type {self.statement_type!r} has no variable",
                                id=variable, expected="one of: " + ", ".join(
                                    sorted(self.variables)) + " (or a document variable with "
                                "its _document flag: " + ", ".join(DOCUMENT_VARIABLES) + ")")
        return [value_text(v) for v in self.variables[variable]]


def value_text(value: Any) -> str:
    """A value as DNA compares it: text as it is, a number as its decimal text, none as ''."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(int(value))
    return str(value)


def _as_datetime(value: Any) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day)
    raise ArgumentError("not a date or datetime", id=str(value), field="time",
                        expected="a datetime.date or datetime.datetime")


def in_range(table: DnaStatements, start: dt.datetime | None, stop: dt.datetime | None,
             documents: Mapping[str, tuple[Sequence[str], bool]]) -> npt.NDArray[np.bool_]:
    """Per statement: inside the inclusive date range and kept by the document filters
    (field -> (values, invert)); DNA applies these in SQL, before anything else."""
    n = len(table)
    keep = np.ones(n, dtype=bool)
    if start is not None or stop is not None:
        low = start or dt.datetime.min
        high = stop or dt.datetime.max
        keep &= np.fromiter((low <= t <= high for t in table.times), dtype=bool, count=n)
    for name, (values, invert) in documents.items():
        if not values:
            continue
        listed = set(values)
        found = np.fromiter((v in listed for v in table.document_fields[name]), dtype=bool,
                            count=n)
        keep &= found if invert else ~found
    return keep


def select(table: DnaStatements, *, variable1: str, variable2: str, qualifier: str | None,
           aggregation: str, duplicates: Duplicates = "include",
           variable1_document: bool = False, variable2_document: bool = False,
           qualifier_document: bool = False, loaded: npt.NDArray[np.bool_] | None = None,
           exclude_values: Mapping[str, Sequence[Any]] | None = None,
           invert_values: bool = False, weeks: Weeks = "dna-iso") -> npt.NDArray[np.intp]:
    """The statements DNA builds a network from (``filterStatements``), in DNA's order.

    ``loaded`` marks the statements the date range and document filters keep (default: all).
    """
    check_choice(duplicates, DUPLICATES, "duplicates", field="duplicates")
    check_choice(weeks, ("dna-iso", "dna-us", "calendar"), "weeks", field="weeks")
    first = table.values(variable1, variable1_document)
    second = table.values(variable2, variable2_document)
    kind = "short text" if qualifier_document else (
        table.kinds.get(qualifier) if qualifier is not None else None)
    quals = table.values(qualifier, qualifier_document) if qualifier is not None else None
    keep = np.ones(len(table), dtype=bool) if loaded is None else loaded.copy()
    for name, listed in (exclude_values or {}).items():
        if name not in table.variables:
            raise ArgumentError("exclude_values names a variable the statement type does not "
                                "have", id=name, field="exclude_values",
                                expected="one of: " + ", ".join(sorted(table.variables)))
        wanted = {value_text(v) for v in listed}
        has = np.fromiter((v in wanted for v in table.values(name)), dtype=bool,
                          count=len(table))
        keep &= has if invert_values else ~has
    keep &= np.fromiter((a != "" and b != "" for a, b in zip(first, second, strict=True)),
                        dtype=bool, count=len(table))
    if quals is not None and aggregation != "ignore" and kind == "short text":
        keep &= np.fromiter((q != "" for q in quals), dtype=bool, count=len(table))
    if quals is not None and kind in ("boolean", "integer"):  # no value: no place to count it
        keep &= np.fromiter((v is not None for v in table.variables[qualifier or ""]),
                            dtype=bool, count=len(table))
    chosen = [k for k in table.order().tolist() if keep[k]]
    if duplicates == "include":
        return np.asarray(chosen, dtype=np.intp)
    seen: set[tuple[Any, ...]] = set()
    kept = []
    for k in chosen:
        key = (_period(table, k, duplicates, weeks), first[k], second[k],
               None if aggregation == "ignore" or quals is None else quals[k])
        if key not in seen:
            seen.add(key)
            kept.append(k)
    return np.asarray(kept, dtype=np.intp)


def _period(table: DnaStatements, k: int, duplicates: str, weeks: Weeks) -> Any:
    """The period a statement falls in, as DNA compares it. DNA compares months and weeks by
    their number only, without the year (a January is every January); ``weeks="calendar"``
    compares (year, month) and ISO (year, week) instead."""
    when = table.times[k]
    if duplicates == "document":
        return table.documents[k]
    if duplicates == "acrossrange":
        return None
    if duplicates == "year":
        return when.year
    if duplicates == "month":
        return (when.year, when.month) if weeks == "calendar" else when.month
    if weeks == "calendar":
        return when.date().isocalendar()[:2]
    return week_number(when.date(), weeks)


def week_number(day: dt.date, weeks: Weeks = "dna-iso") -> int:
    """The week number DNA compares (``WeekFields.of(Locale.getDefault())``): with a UK or
    European default locale (``"dna-iso"``) the ISO week; with a US one (``"dna-us"``) weeks
    start on Sunday and week 1 holds 1 January.

    >>> week_number(dt.date(2005, 1, 2)), week_number(dt.date(2005, 1, 2), "dna-us")
    (53, 2)
    """
    if weeks == "dna-iso":
        return day.isocalendar()[1]
    first_day, minimal_days = 6, 1  # Sunday; the week holding 1 January is week 1

    def week_one(year: int) -> dt.date:
        jan1 = dt.date(year, 1, 1)
        offset = (jan1.weekday() - first_day) % 7
        start = jan1 - offset * _DAY
        return start if 7 - offset >= minimal_days else start + 7 * _DAY

    start = week_one(day.year)
    if day < start:
        start = week_one(day.year - 1)
    elif day >= week_one(day.year + 1):
        start = week_one(day.year + 1)
    return (day - start).days // 7 + 1
