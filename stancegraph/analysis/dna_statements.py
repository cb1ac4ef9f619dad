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
from ..graph import StanceGraph

__all__ = ["DOCUMENT_VARIABLES", "DUPLICATES", "KINDS", "Column", "DnaStatements",
           "Duplicates", "Weeks", "in_range", "select", "value_text", "week_number"]

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
    _cache: dict[Any, Any] = field(default_factory=dict, repr=False, compare=False)

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

    @classmethod
    def from_graph(cls, g: StanceGraph) -> DnaStatements:
        """A stance graph's stances as DNA statements, one each, in the order they were added:
        ``organization``, ``concept`` and ``person`` are the names of the holder, target and
        speaker, ``agreement`` is 1 for supports and 0 for opposes (none for skeptical-of),
        ``relation`` the relation as text; the document is the stance's source (its id,
        title, author, publisher as ``source``, and the ``section:`` and ``type:`` tags a
        DNA document leaves), the time the stance's date (else its source's).

        >>> table = DnaStatements.from_graph(nato)
        >>> len(table), table.variables["organization"][0], table.variables["agreement"][0]
        (59, 'Joe Biden', 1)
        """
        fields = g.stance_fields()
        n = len(fields["id"])
        names = {id: getattr(node, "name", id)
                 for id, node in (*g.actors.items(), *g.positions.items())}
        sources = g.sources
        document_of: dict[Any, int] = {}
        documents = [document_of.setdefault(s, len(document_of) + 1) for s in fields["source"]]
        times = []
        for date, source in zip(fields["date"], fields["source"], strict=True):
            day = date if date is not None else getattr(sources.get(source), "date", None)
            times.append(_as_datetime(day) if day is not None else dt.datetime(1, 1, 1))

        def tag(source: str | None, prefix: str) -> str:
            node = sources.get(source) if source is not None else None
            found = [t[len(prefix):] for t in getattr(node, "tags", ()) if t.startswith(prefix)]
            return found[0] if found else ""

        def field_of(source: str | None, name: str) -> str:
            node = sources.get(source) if source is not None else None
            return (getattr(node, name, None) or "") if node is not None else ""

        document_fields = {
            "id": [source or "" for source in fields["source"]],
            "title": [field_of(s, "title") for s in fields["source"]],
            "author": [field_of(s, "author") for s in fields["source"]],
            "source": [field_of(s, "publisher") for s in fields["source"]],
            "section": [tag(s, "section:") for s in fields["source"]],
            "type": [tag(s, "type:") for s in fields["source"]]}
        agreement = {"supports": 1, "opposes": 0}
        return cls(
            ids=list(range(1, n + 1)), documents=documents, times=times,
            variables={"organization": [names[h] for h in fields["holder"]],
                       "concept": [names[t] for t in fields["target"]],
                       "person": [None if p is None else names.get(p, p)
                                  for p in fields["speaker"]],
                       "agreement": [agreement.get(r) for r in fields["relation"]],
                       "relation": list(fields["relation"])},
            kinds={"organization": "short text", "concept": "short text",
                   "person": "short text", "agreement": "boolean", "relation": "short text"},
            document_fields=document_fields, statement_type="stances",
            starts=[0] * n, stops=[0] * n,
            date_range=(min(times), max(times)) if times else None)

    def __len__(self) -> int:
        return len(self.ids)

    def order(self) -> npt.NDArray[np.intp]:
        """The statements in DNA's order: document date and time, document id, start, stop,
        statement id (``Statement.compareTo``)."""
        if "order" not in self._cache:
            n = len(self)
            starts = np.asarray(self.starts if len(self.starts) == n else [0] * n, np.int64)
            stops = np.asarray(self.stops if len(self.stops) == n else [0] * n, np.int64)
            self._cache["order"] = np.lexsort((
                np.asarray(self.ids, np.int64), stops, starts,
                np.asarray(self.documents, np.int64), self.time_ranks())).astype(np.intp)
        return self._cache["order"]  # type: ignore[no-any-return]

    def time_ranks(self) -> npt.NDArray[np.int64]:
        """Per statement, the rank of its time among the distinct times (equal times, equal
        ranks)."""
        if "time ranks" not in self._cache:
            distinct = sorted(set(self.times))
            rank = {t: k for k, t in enumerate(distinct)}
            self._cache["distinct times"] = distinct
            self._cache["time ranks"] = np.fromiter((rank[t] for t in self.times),
                                                    dtype=np.int64, count=len(self))
        return self._cache["time ranks"]  # type: ignore[no-any-return]

    def periods(self, duplicates: str, weeks: Weeks) -> npt.NDArray[np.int64]:
        """Per statement, a code of the period DNA compares for ``duplicates`` (see
        :func:`_period`): computed once per distinct time."""
        if duplicates == "document":
            return np.asarray(self.documents, dtype=np.int64)
        if duplicates == "acrossrange":
            return np.zeros(len(self), dtype=np.int64)
        ranks = self.time_ranks()
        index: dict[Any, int] = {}
        per_time = np.fromiter((index.setdefault(_period(t, duplicates, weeks), len(index))
                                for t in self._cache["distinct times"]), dtype=np.int64,
                               count=len(self._cache["distinct times"]))
        return per_time[ranks] if len(ranks) else np.zeros(0, dtype=np.int64)

    def column(self, variable: str, document: bool = False) -> Column:
        """A variable per statement, coded: its distinct texts as DNA compares and labels
        them (an entity's value, a number's decimal text, a document field; '' for none),
        its distinct raw values, and each statement's code into both."""
        key = ("column", variable, document)
        if key in self._cache:
            return self._cache[key]  # type: ignore[no-any-return]
        if document:
            check_choice(variable, DOCUMENT_VARIABLES, "document variable", field="variable")
            cells: Sequence[Any] = self.document_fields[variable]
        elif variable in self.variables:
            cells = self.variables[variable]
        else:
            raise ArgumentError(f"the statement type {self.statement_type!r} has no variable",
                                id=variable, expected="one of: " + ", ".join(
                                    sorted(self.variables)) + " (or a document variable with "
                                "its _document flag: " + ", ".join(DOCUMENT_VARIABLES) + ")")
        raw: dict[Any, int] = {}
        codes = np.fromiter((raw.setdefault(_raw_key(v), len(raw)) for v in cells),
                            dtype=np.intp, count=len(cells))
        raws = [value for _, value in raw]
        texts: dict[str, int] = {}
        merged = np.fromiter((texts.setdefault(value_text(v), len(texts)) for v in raws),
                             dtype=np.intp, count=len(raws))
        found = Column(list(texts), merged[codes] if len(codes) else codes, raws, codes)
        self._cache[key] = found
        return found

    def values(self, variable: str, document: bool = False) -> list[str]:
        """The text of a variable per statement, as DNA compares and labels it."""
        column = self.column(variable, document)
        return [column.texts[k] for k in column.codes.tolist()]


@dataclass(frozen=True)
class Column:
    """A coded variable: ``texts[codes[i]]`` is statement i's text, ``raws[raw_codes[i]]``
    its raw value (an int for booleans and integers, None for none)."""

    texts: list[str]
    codes: npt.NDArray[np.intp]
    raws: list[Any]
    raw_codes: npt.NDArray[np.intp]

    def flags(self, test: Any) -> npt.NDArray[np.bool_]:
        """Per statement: ``test(text)``, computed once per distinct text."""
        per_text = np.fromiter((bool(test(t)) for t in self.texts), dtype=bool,
                               count=len(self.texts))
        return per_text[self.codes] if len(self.codes) else np.zeros(0, dtype=bool)


def _raw_key(value: Any) -> tuple[type, Any]:
    """A dict key telling ``1`` from ``True`` and ``"1"`` (each keeps its own raw value)."""
    return (type(value), value)


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
    Each rule works once per distinct value, then on the statements' codes.
    """
    check_choice(duplicates, DUPLICATES, "duplicates", field="duplicates")
    check_choice(weeks, ("dna-iso", "dna-us", "calendar"), "weeks", field="weeks")
    first = table.column(variable1, variable1_document)
    second = table.column(variable2, variable2_document)
    kind = "short text" if qualifier_document else (
        table.kinds.get(qualifier) if qualifier is not None else None)
    quals = table.column(qualifier, qualifier_document) if qualifier is not None else None
    keep = np.ones(len(table), dtype=bool) if loaded is None else loaded.copy()
    for name, listed in (exclude_values or {}).items():
        if name not in table.variables:
            raise ArgumentError("exclude_values names a variable the statement type does not "
                                "have", id=name, field="exclude_values",
                                expected="one of: " + ", ".join(sorted(table.variables)))
        wanted = {value_text(v) for v in listed}
        has = table.column(name).flags(wanted.__contains__)
        keep &= has if invert_values else ~has
    keep &= first.flags(bool) & second.flags(bool)  # no empty first or second variable
    if quals is not None and aggregation != "ignore" and kind == "short text":
        keep &= quals.flags(bool)
    if quals is not None and kind in ("boolean", "integer"):  # no value: no place to count it
        present = np.array([v is not None for v in quals.raws], dtype=bool)
        keep &= present[quals.raw_codes]
    order = table.order()
    chosen = order[keep[order]]
    if duplicates == "include" or not len(chosen):
        return chosen
    parts = [table.periods(duplicates, weeks), first.codes, second.codes]
    if quals is not None and aggregation != "ignore":
        parts.append(quals.codes)
    keys = np.stack([part[chosen] for part in parts], axis=1)
    _, first_seen = np.unique(keys, axis=0, return_index=True)
    return chosen[np.sort(first_seen)]


def _period(when: dt.datetime, duplicates: str, weeks: Weeks) -> Any:
    """The period a time falls in, as DNA compares it. DNA compares months and weeks by their
    number only, without the year (a January is every January); ``weeks="calendar"`` compares
    (year, month) and ISO (year, week) instead."""
    if duplicates == "year":
        return when.year
    if duplicates == "month":
        return (when.year, when.month) if weeks == "calendar" else when.month
    if weeks == "calendar":
        return tuple(when.date().isocalendar()[:2])
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
