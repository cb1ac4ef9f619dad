"""The exception tree of stancegraph.

Every error stancegraph raises on purpose derives from :class:`StanceGraphError` and
also from the builtin a caller would naturally catch::

    StanceGraphError (Exception)
    ├── InvalidRecordError (ValueError)   a value of the wrong type or out of range
    ├── DuplicateIdError (ValueError)     an id used twice
    ├── UnknownIdError (KeyError)         a reference to an id the graph does not hold
    ├── IntegrityError (ValueError)       references that exist but do not fit together
    │                                     (a cycle of broader positions, an exception on a
    │                                     holder that is not a bloc, ...)
    ├── ParseError (ValueError)           a file that is not readable YAML/JSON of the format
    └── UnknownFormatError (ValueError)   a file format stancegraph does not know

    StanceGraphWarning (UserWarning)
    └── UnmappedTriplesWarning            RDF triples skipped on import (``strict=False``)

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
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from typing import Any

__all__ = [
    "DuplicateIdError",
    "IntegrityError",
    "InvalidRecordError",
    "ParseError",
    "StanceGraphError",
    "StanceGraphWarning",
    "UnknownFormatError",
    "UnknownIdError",
    "UnmappedTriplesWarning",
    "closest",
]

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
        return type(self)(self.message, **fields)

    def __str__(self) -> str:
        where = []
        if self.file is not None:
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
        return (_rebuild, (type(self), self.message, fields))


def _rebuild(cls: type[StanceGraphError], message: str, fields: dict[str, Any]) -> StanceGraphError:
    return cls(message, **fields)


class InvalidRecordError(StanceGraphError, ValueError):
    """A record holds a value of the wrong type or out of its range."""


class DuplicateIdError(StanceGraphError, ValueError):
    """An id is used by two records of the graph."""


class UnknownIdError(StanceGraphError, KeyError):
    """A reference names an id the graph does not hold."""

    def __str__(self) -> str:  # KeyError would quote the message
        return StanceGraphError.__str__(self)


class IntegrityError(StanceGraphError, ValueError):
    """References exist but do not fit together (cycles, wrong kinds of node)."""


class ParseError(StanceGraphError, ValueError):
    """A file or text could not be read as the data format it claims to be."""


class UnknownFormatError(StanceGraphError, ValueError):
    """A file format that stancegraph does not read or write."""


class StanceGraphWarning(UserWarning):
    """Base class of the warnings stancegraph issues."""


class UnmappedTriplesWarning(StanceGraphWarning):
    """RDF triples an import skipped because the stancegraph mapping does not cover them."""


def closest(word: str, candidates: Iterable[str]) -> str | None:
    """Return the candidate most similar to ``word``, or None if none is close.

    >>> closest("germny", ["france", "germany", "poland"])
    'germany'
    >>> closest("xyz", ["france"]) is None
    True
    """
    matches = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.6)
    return matches[0] if matches else None
