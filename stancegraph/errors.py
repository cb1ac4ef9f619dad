"""The exception tree of stancegraph.

Every error stancegraph raises on purpose derives from :class:`StanceGraphError` and
also from the builtin a caller would naturally catch::

    StanceGraphError (Exception)
    ├── ArgumentError (ValueError)        an argument a function does not take (an unknown
    │                                     choice, a date that is not one): a bad call, not
    │                                     bad data
    ├── MissingExtraError (ImportError)   an optional dependency that is not installed
    │                                     (``extra`` names what installs it)
    ├── InvalidRecordError (ValueError)   a value of the wrong type or out of range
    │   └── BadRowsError (ValueError)     rows of a statement table that are not valid
    │                                     statements, every one listed (``problems``)
    ├── DuplicateIdError (ValueError)     an id used twice (``first`` names the record
    │                                     that has it first)
    ├── UnknownIdError (KeyError)         a reference to an id the graph does not hold
    ├── IntegrityError (ValueError)       references that exist but do not fit together
    │                                     (a cycle of broader positions, an exception on a
    │                                     holder that is not a bloc, ...)
    ├── ParseError (ValueError)           a file that is not readable YAML/JSON of the format
    ├── QueryError (ValueError)           a SPARQL query that failed while it ran
    ├── QueryTimeoutError (TimeoutError)  a SPARQL query stopped at its time limit
    ├── UnknownFormatError (ValueError)   a file format stancegraph does not know
    └── StoreError (OSError)              a SPARQL store that is down, slow, or refuses a
                                          request (its status and message, never credentials)

    StanceGraphWarning (UserWarning)
    ├── UnmappedTriplesWarning            RDF triples skipped on import (``strict=False``)
    ├── SkippedRowsWarning                table rows skipped on import (``on_error="skip"``)
    └── SkippedStatementsWarning          statements an import could not map to stances
                                          (DNA statements of another type, or incomplete)

Errors carry where they happened as fields -- ``file``, ``line``, ``record`` (such as
``"stances[3]"``), ``field``, ``id``, ``expected`` and ``suggestion`` -- and say them in
their message, so one line is enough to find and fix the problem:

>>> err = UnknownIdError("unknown stance target", record="stances[3]", field="target",
...                      id="germny", expected="a position or actor id",
...                      suggestion="germany")
>>> print(err)
stances[3], field 'target': unknown stance target 'germny' (expected a position or actor id; did you mean 'germany'?)
>>> isinstance(err, KeyError)
True

An input with several problems raises the first one's error; ``others`` holds the rest
(see :meth:`StanceGraphError.with_others`), so one run lists everything to fix. A data file
(YAML, JSON) is read to its end: ``others`` holds every other problem of the file, in the order
of its lines, as a statement table's :class:`BadRowsError` lists every bad row.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

__all__ = [
    "ArgumentError",
    "BadRowsError",
    "DuplicateIdError",
    "IntegrityError",
    "InvalidRecordError",
    "MissingExtraError",
    "ParseError",
    "QueryError",
    "QueryTimeoutError",
    "RowProblem",
    "SkippedRowsWarning",
    "SkippedStatementsWarning",
    "StanceGraphError",
    "StanceGraphWarning",
    "StoreError",
    "UnknownFormatError",
    "UnknownIdError",
    "UnmappedTriplesWarning",
    "check_choice",
    "closest",
]

#: How many of an error's ``others`` its message shows.
SHOWN_OTHERS = 12

_FIELDS = ("file", "line", "record", "field", "id", "expected", "suggestion")


class StanceGraphError(Exception):
    """Base class of every error stancegraph raises on purpose.

    Parameters
    ----------
    message : str
        What went wrong, without the location (that is added from the fields).
    file, line, record, field, id, expected, suggestion
        Where the error happened and what would have been right; each may be None.
    """

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        line: int | None = None,
        record: str | None = None,
        field: str | None = None,
        id: str | None = None,
        expected: str | None = None,
        suggestion: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.file = file
        self.line = line
        self.record = record
        self.field = field
        self.id = id
        self.expected = expected
        self.suggestion = suggestion
        #: The errors of the same input's other bad records (empty when this is the only one).
        self.others: tuple[StanceGraphError, ...] = ()

    def with_others(self, others: Iterable[StanceGraphError]) -> StanceGraphError:
        """This error, carrying the errors of the same input's other bad records; its message
        lists them after its own (the first :data:`SHOWN_OTHERS`, then how many more).

        >>> first = UnknownIdError("unknown actor", record="row 1", id="fr")
        >>> err = first.with_others([InvalidRecordError("no target", record="row 4")])
        >>> print(err)
        row 1: unknown actor 'fr'
          and 1 more:
          row 4: no target
        >>> err is first, len(err.others)
        (True, 1)
        """
        self.others = tuple(others)
        return self

    def located(self, **where: Any) -> StanceGraphError:
        """Return a copy of this error with location fields filled in.

        Fields already set are kept; ``where`` only fills the missing ones.
        """
        fields = {name: getattr(self, name) for name in _FIELDS}
        for name, value in where.items():
            if name not in fields:
                raise TypeError(f"unknown error field {name!r}")
            if fields[name] is None:
                fields[name] = value
        moved = type(self)(self.message, **fields)
        moved.others = tuple(other.located(**where) for other in self.others)
        return moved

    def __str__(self) -> str:
        return "\n  ".join(self.lines())

    def lines(self) -> list[str]:
        """The message as lines: this error's own, then (when there are ``others``) "and N
        more:" and one line for each shown other (without the file when it is this one's)."""
        lines = [self._located_text()]
        if not self.others:
            return lines
        lines.append(f"and {len(self.others):,} more:")
        for other in self.others[:SHOWN_OTHERS]:
            lines.append(other._located_text(with_file=other.file != self.file))
        if len(self.others) > SHOWN_OTHERS:
            lines.append(f"and {len(self.others) - SHOWN_OTHERS:,} others")
        return lines

    def _located_text(self, with_file: bool = True) -> str:
        where = []
        if self.file is not None and with_file:
            where.append(self.file if self.line is None else f"{self.file}, line {self.line}")
        elif self.line is not None:
            where.append(f"line {self.line}")
        if self.record is not None:
            where.append(self.record if self.field is None else f"{self.record}, field {self.field!r}")
        elif self.field is not None:
            where.append(f"field {self.field!r}")
        text = self.message if self.id is None else f"{self.message} {self.id!r}"
        hints = []
        if self.expected is not None:
            hints.append(f"expected {self.expected}")
        if self.suggestion is not None:
            hints.append(f"did you mean {self.suggestion!r}?")
        if hints:
            text = f"{text} ({'; '.join(hints)})"
        return f"{', '.join(where)}: {text}" if where else text

    def __reduce__(self) -> tuple[Any, ...]:
        fields = {name: getattr(self, name) for name in _FIELDS}
        return (_rebuild, (type(self), self.message, fields), {"others": self.others})


def _rebuild(cls: type[StanceGraphError], message: str, fields: dict[str, Any]) -> StanceGraphError:
    return cls(message, **fields)


class InvalidRecordError(StanceGraphError, ValueError):
    """A record holds a value of the wrong type or out of its range."""


class ArgumentError(StanceGraphError, ValueError):
    """A function was called with an argument it does not take: an unknown choice (see
    :func:`check_choice`), a number out of range, text that is not a date. The data are not
    at fault; the call is.

    >>> print(check_choice("spectal", ("auto", "exact", "spectral"), "method"))
    Traceback (most recent call last):
    ...
    stancegraph.errors.ArgumentError: unknown method 'spectal' (expected one of: auto, exact, spectral; did you mean 'spectral'?)
    """


class MissingExtraError(StanceGraphError, ImportError):
    """An optional dependency is not installed; ``extra`` is the extra that installs it.

    >>> err = MissingExtraError.of("pandas", "a DataFrame")
    >>> print(err)
    a DataFrame needs the optional dependencies of stancegraph's 'pandas' extra (expected pip install 'stancegraph[pandas]')
    >>> err.extra, isinstance(err, ImportError)
    ('pandas', True)
    """

    @classmethod
    def of(cls, extra: str, what: str) -> MissingExtraError:
        """The error for ``what`` (a feature) needing ``extra``."""
        return cls(f"{what} needs the optional dependencies of stancegraph's {extra!r} extra",
                   id=extra, expected=f"pip install 'stancegraph[{extra}]'")

    def _located_text(self, with_file: bool = True) -> str:  # the extra is in the message
        return str(StanceGraphError(self.message, expected=self.expected))

    @property
    def extra(self) -> str:
        """The extra that installs what is missing (``pip install 'stancegraph[extra]'``)."""
        return self.id or ""


def check_choice(value: Any, choices: Iterable[Any], what: str, *,
                 field: str | None = None) -> Any:
    """``value`` if it is one of ``choices``, else an :class:`ArgumentError` naming ``what``
    the argument is, the choices and the closest one."""
    options = tuple(choices)
    if isinstance(value, str) and value in options:
        return value
    if not isinstance(value, str) and any(type(value) is type(c) and value == c
                                          for c in options):  # True is not the choice 1
        return value
    raise ArgumentError(f"unknown {what}", field=field, id=str(value),
                        expected="one of: " + ", ".join(str(c) for c in options),
                        suggestion=closest(str(value), [str(c) for c in options]))


@dataclass(frozen=True)
class RowProblem:
    """One thing wrong with one row of a table (a statement table, or a lookup table).

    ``row`` counts the data rows from 1 (the header is not a row); ``line`` is the line of the
    file the row starts on (None for Parquet); ``value`` is the cell's text as read.

    >>> print(RowProblem(3, "unknown relation value", line=4, field="relation", value="maybe",
    ...                  expected="supports, opposes or skeptical-of"))
    line 4, row 3, field 'relation': unknown relation value 'maybe' (expected supports, opposes or skeptical-of)
    """

    row: int
    message: str
    line: int | None = None
    field: str | None = None
    value: str | None = None
    expected: str | None = None
    suggestion: str | None = None

    def __str__(self) -> str:
        return str(StanceGraphError(self.message, line=self.line, record=f"row {self.row}",
                                    field=self.field, id=self.value, expected=self.expected,
                                    suggestion=self.suggestion))

    @staticmethod
    def summarise(problems: Iterable[RowProblem], limit: int = 12) -> list[str]:
        """One line per kind of problem (same field, message and value), naming its rows.

        >>> rows = [RowProblem(r, "unknown relation value", line=r + 1, field="relation",
        ...                    value="1") for r in range(1, 9)]
        >>> RowProblem.summarise(rows + [RowProblem(9, "no holder", field="holder")])
        ["rows 1, 2, 3, 4, 5 and 3 more (lines 2, 3, 4, 5, 6, ...), field 'relation': unknown relation value '1'", "row 9, field 'holder': no holder"]
        """
        groups: dict[tuple[Any, ...], list[RowProblem]] = {}
        for p in problems:
            key = (p.field, p.message, p.value, p.expected, p.suggestion)
            groups.setdefault(key, []).append(p)
        lines = []
        for group in list(groups.values())[:limit]:
            if len(group) == 1:
                lines.append(str(group[0]))
                continue
            shown = group[:5]
            rows = ", ".join(str(p.row) for p in shown)
            rows += f" and {len(group) - len(shown):,} more" if len(group) > len(shown) else ""
            known = [str(p.line) for p in shown if p.line is not None]
            if known:
                rows += f" (lines {', '.join(known)}{', ...' if len(group) > len(shown) else ''})"
            first = group[0]
            lines.append(str(StanceGraphError(first.message, record=f"rows {rows}",
                                              field=first.field, id=first.value,
                                              expected=first.expected,
                                              suggestion=first.suggestion)))
        if len(groups) > limit:
            lines.append(f"and {len(groups) - limit:,} more kinds of problem")
        return lines


class BadRowsError(InvalidRecordError):
    """Rows of a table that are not valid; ``problems`` lists every one (:class:`RowProblem`).

    The message names the file and sums the problems up, one line per kind of problem.

    >>> err = BadRowsError("1 of 2 rows is not a valid statement", file="s.csv",
    ...                    problems=[RowProblem(2, "no holder", line=3, field="holder")])
    >>> print(err)
    s.csv: 1 of 2 rows is not a valid statement:
      line 3, row 2, field 'holder': no holder
    >>> err.rows
    (2,)
    """

    def __init__(self, message: str, *, problems: Iterable[RowProblem] = (),
                 **fields: Any) -> None:
        super().__init__(message, **fields)
        self.problems: tuple[RowProblem, ...] = tuple(problems)

    @property
    def rows(self) -> tuple[int, ...]:
        """The numbers of the bad rows, ascending."""
        return tuple(sorted({p.row for p in self.problems}))

    def located(self, **where: Any) -> StanceGraphError:
        moved = super().located(**where)
        assert isinstance(moved, BadRowsError)
        moved.problems = self.problems
        return moved

    def __str__(self) -> str:
        head = super().__str__()
        lines = RowProblem.summarise(self.problems)
        return head + ":" + "".join(f"\n  {line}" for line in lines) if lines else head

    def __reduce__(self) -> tuple[Any, ...]:
        fields = {name: getattr(self, name) for name in _FIELDS}
        return (_rebuild_bad_rows, (type(self), self.message, fields, self.problems),
                {"others": self.others})


def _rebuild_bad_rows(cls: type[BadRowsError], message: str, fields: dict[str, Any],
                      problems: tuple[RowProblem, ...]) -> BadRowsError:
    return cls(message, problems=problems, **fields)


class DuplicateIdError(StanceGraphError, ValueError):
    """An id is used by two records of the graph; ``first`` names the record that has it
    first (``first_line`` its line, when known), and the message says where that is.

    >>> print(DuplicateIdError("duplicate id", file="a.yaml", line=9, record="actors[4]",
    ...                        field="id", id="germany", first="actors[1]", first_line=3))
    a.yaml, line 9, actors[4], field 'id': duplicate id 'germany' (first used by actors[1], on line 3)
    """

    def __init__(self, message: str, *, first: str | None = None,
                 first_line: int | None = None, **fields: Any) -> None:
        super().__init__(message, **fields)
        self.first = first
        self.first_line = first_line

    def located(self, **where: Any) -> StanceGraphError:
        moved = super().located(**where)
        assert isinstance(moved, DuplicateIdError)
        moved.first, moved.first_line = self.first, self.first_line
        return moved

    def _located_text(self, with_file: bool = True) -> str:
        text = super()._located_text(with_file)
        if self.first is None:
            return text
        line = "" if self.first_line is None else f", on line {self.first_line}"
        return f"{text} (first used by {self.first}{line})"

    def __reduce__(self) -> tuple[Any, ...]:
        fields = {name: getattr(self, name) for name in _FIELDS}
        return (_rebuild_duplicate, (self.message, self.first, self.first_line, fields),
                {"others": self.others})


def _rebuild_duplicate(message: str, first: str | None, first_line: int | None,
                       fields: dict[str, Any]) -> DuplicateIdError:
    return DuplicateIdError(message, first=first, first_line=first_line, **fields)


class UnknownIdError(StanceGraphError, KeyError):
    """A reference names an id the graph does not hold."""

    def __str__(self) -> str:  # KeyError would quote the message
        return StanceGraphError.__str__(self)


class IntegrityError(StanceGraphError, ValueError):
    """References exist but do not fit together (cycles, wrong kinds of node)."""


class ParseError(StanceGraphError, ValueError):
    """A file or text could not be read as the data format it claims to be."""


class QueryError(StanceGraphError, ValueError):
    """A SPARQL query that was accepted but failed while it ran (an error of the query engine,
    an attempt to reach outside the graph, a query process that died)."""


class QueryTimeoutError(StanceGraphError, TimeoutError):
    """A SPARQL query that did not finish within its time limit, and was stopped."""


class UnknownFormatError(StanceGraphError, ValueError):
    """A file format that stancegraph does not read or write."""


class StoreError(StanceGraphError, OSError):
    """A SPARQL store could not be reached, did not answer in time, or refused a request.

    ``file`` is the endpoint's URL (without credentials), so the message starts with it;
    ``status`` is the HTTP status when the server answered with an error (None otherwise). The
    message carries the server's own message, trimmed; credentials never appear in it.
    """

    def __init__(self, message: str, *, status: int | None = None, **fields: Any) -> None:
        super().__init__(message, **fields)
        self.status = status

    def located(self, **where: Any) -> StanceGraphError:
        moved = super().located(**where)
        assert isinstance(moved, StoreError)
        moved.status = self.status
        return moved

    def __reduce__(self) -> tuple[Any, ...]:
        fields = {name: getattr(self, name) for name in _FIELDS}
        return (_rebuild_store_error, (self.message, self.status, fields),
                {"others": self.others})


def _rebuild_store_error(message: str, status: int | None, fields: dict[str, Any]) -> StoreError:
    return StoreError(message, status=status, **fields)


class StanceGraphWarning(UserWarning):
    """Base class of the warnings stancegraph issues."""


class UnmappedTriplesWarning(StanceGraphWarning):
    """RDF triples an import skipped because the stancegraph mapping does not cover them."""


class SkippedRowsWarning(StanceGraphWarning):
    """Rows of a statement table an import skipped (``on_error="skip"``); ``problems`` lists
    every one (:class:`RowProblem`), the message sums them up."""

    def __init__(self, message: str, problems: Iterable[RowProblem] = ()) -> None:
        super().__init__(message)
        self.problems: tuple[RowProblem, ...] = tuple(problems)


class SkippedStatementsWarning(StanceGraphWarning):
    """Statements an import did not turn into stances, or carried over only in part.

    The message gives the file, the counts and the first ids for each reason; ``skipped``
    maps each reason (such as ``"of type 'Annotation'"``) to all the ids it covers.
    """

    def __init__(self, message: str, skipped: dict[str, list[int]] | None = None) -> None:
        super().__init__(message)
        self.skipped: dict[str, list[int]] = dict(skipped or {})


def closest(word: str, candidates: Iterable[str]) -> str | None:
    """Return the candidate most similar to ``word``, or None if none is close.

    >>> closest("germny", ["france", "germany", "poland"])
    'germany'
    >>> closest("xyz", ["france"]) is None
    True
    """
    matches = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.6)
    return matches[0] if matches else None
