"""The cells of a statement table as field values: text, ids, dates, numbers, flags and lists.

Each parser takes one cell as read (text from CSV and TSV; also numbers, booleans, dates and
lists from JSON Lines and Parquet) and returns the value, None for an empty cell, or a
:class:`Bad` saying what is wrong. :func:`parse_column` applies a parser to a whole column,
once per distinct cell.

>>> parse_date("2022-03-24"), parse_date("2022-03-24T23:30:00-05:00"), parse_date(" ")
(datetime.date(2022, 3, 24), datetime.date(2022, 3, 24), None)
>>> parse_date("03/24/2022")
Bad(message='not a date', expected='a date as YYYY-MM-DD (2022-03-24); day-first and month-first dates are ambiguous', suggestion=None)
>>> parse_confidence("0.6"), parse_confidence("60%").message
(0.6, 'not a number')
"""

from __future__ import annotations

import datetime as dt
import decimal
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from ...errors import closest
from ...model import ATTRIBUTIONS, is_id
from ...model._types import all_ids
from .mapping import split_list, value_key

__all__ = ["Bad", "Missing", "not_a_value", "parse_attribution", "parse_column",
           "parse_confidence", "parse_date", "parse_flag", "parse_id", "parse_ids", "parse_text",
           "parse_texts", "parse_value"]

_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})"
                   r"(?:[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?)?")
_DATE_EXPECTED = ("a date as YYYY-MM-DD (2022-03-24); day-first and month-first dates are "
                  "ambiguous")
_ID_EXPECTED = "an id: a lowercase slug such as germany or s1.2"
_SURROGATE = re.compile(r"[\ud800-\udfff]")


@dataclass(frozen=True)
class Bad:
    """What is wrong with a cell."""

    message: str
    expected: str | None = None
    suggestion: str | None = None


Missing = frozenset[str]

_NO_VALUE_EXPECTED = "a value, or an empty cell or null for no value"


def not_a_value(value: Any) -> Bad | None:
    """A :class:`Bad` for NaN ("not a number") and NaT ("not a time"), which are not values
    and, unlike an empty cell or a null, do not mean "no value" either; None for any other.

    >>> not_a_value(float("nan")).message, not_a_value(0.5)
    ('NaN (not a number) is not a value', None)
    """
    if type(value) is float:
        return Bad("NaN (not a number) is not a value", _NO_VALUE_EXPECTED) \
            if value != value else None
    if isinstance(value, dt.datetime) and value != value:  # pandas' NaT
        return Bad("NaT (not a time) is not a value", _NO_VALUE_EXPECTED)
    if isinstance(value, decimal.Decimal) and value.is_nan():
        return Bad("NaN (not a number) is not a value", _NO_VALUE_EXPECTED)
    return None


def parse_text(value: Any, missing: Missing = frozenset()) -> Any:
    """Text, trimmed; numbers as written (``17`` and ``17.0`` give ``"17"``); None if empty.
    NaN and NaT are refused (:func:`not_a_value`)."""
    kind = type(value)
    if kind is str:
        text = value.strip()
        return None if not text or text in missing else text
    if value is None:
        return None
    if kind is bool:
        return Bad(f"a true/false value ({str(value).lower()})", "text")
    if kind is int:
        return str(value)
    bad = not_a_value(value)
    if bad is not None:
        return bad
    if kind is float:
        return str(int(value)) if math.isfinite(value) and value.is_integer() else repr(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return Bad(f"a {kind.__name__} where text belongs", "text")


def parse_value(value: Any, missing: Missing = frozenset()) -> Any:
    """A text (trimmed), number or boolean as it is, for mapping (relation values); None if
    empty."""
    if isinstance(value, (bool, int)) or (type(value) is float and not math.isnan(value)):
        return value
    return parse_text(value, missing)


def parse_id(value: Any, missing: Missing = frozenset()) -> Any:
    """An id (a lowercase slug); None if empty."""
    text = parse_text(value, missing)
    if text is None or isinstance(text, Bad) or is_id(text):
        return text
    return Bad("not an id:", _ID_EXPECTED)


def parse_date(value: Any, missing: Missing = frozenset()) -> Any:
    """A calendar date from ``YYYY-MM-DD``, or a date and time (the time and any offset are
    dropped: the date as written); dates and datetimes as they are. Numbers are refused, and
    so are NaN and NaT."""
    bad = not_a_value(value)
    if bad is not None:
        return bad
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return dt.date(value.year, value.month, value.day)
    if isinstance(value, (bool, int, float)):
        return Bad("a number is not a date", "a date as YYYY-MM-DD (convert Unix times, "
                   "spreadsheet serial numbers or years to dates first)")
    text = parse_text(value, missing)
    if text is None or isinstance(text, Bad):
        return text
    match = _DATE.fullmatch(text)
    if match is None:
        return Bad("not a date", _DATE_EXPECTED)
    try:
        return dt.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError as err:
        return Bad(f"not a calendar date ({err})", _DATE_EXPECTED)


def parse_confidence(value: Any, missing: Missing = frozenset()) -> Any:
    """A number from 0 to 1 (a Parquet decimal too); None if empty. NaN is refused: it is
    not "no confidence" (which would count the stance at full weight)."""
    if type(value) is bool:
        return Bad("a true/false value is not a confidence", "a number from 0 to 1")
    bad = not_a_value(value)
    if bad is not None:
        return bad
    if isinstance(value, (int, float, decimal.Decimal)):
        number = float(value)
    else:
        text = parse_text(value, missing)
        if text is None or isinstance(text, Bad):
            return text
        try:
            number = float(text)
        except ValueError:
            return Bad("not a number", "a number from 0 to 1, such as 0.6")
    if number != number:  # "nan" written out
        return not_a_value(number)
    if not 0.0 <= number <= 1.0:
        return Bad("a confidence out of range:", "a number from 0 to 1")
    return number


def parse_attribution(value: Any, missing: Missing = frozenset()) -> Any:
    """One of the attributions (on-record, anonymous, document, reported); None if empty."""
    text = parse_text(value, missing)
    if text is None or isinstance(text, Bad):
        return text
    folded = text.casefold()
    if folded in ATTRIBUTIONS:
        return folded
    return Bad("unknown attribution", " or ".join(ATTRIBUTIONS), closest(folded, ATTRIBUTIONS))


def parse_flag(value: Any, missing: Missing = frozenset()) -> Any:
    """True or False (true/false, yes/no, 1/0, any case); None if empty."""
    if type(value) is bool:
        return value
    text = parse_text(value, missing)
    if text is None or isinstance(text, Bad):
        return text
    key = value_key(text)
    if key in ("1", "0"):
        return key == "1"
    return Bad("not true or false", "true or false (also yes/no, 1/0)")


def parse_texts(value: Any, missing: Missing = frozenset()) -> Any:
    """A list of texts: a list, a JSON array, or texts separated by ``;``; None if empty."""
    if isinstance(value, str):
        text = parse_text(value, missing)
        if text is None:
            return None
        value = split_list(text)
    elif value is None:
        return None
    if not isinstance(value, (list, tuple)):
        return Bad(f"a {type(value).__name__} where a list belongs",
                   'a list: a JSON array ["a", "b"] or texts separated by ";"')
    items = [parse_text(item) for item in value]
    wrong = next((item for item in items if item is None or isinstance(item, Bad)), False)
    if wrong is not False:
        return Bad("a list with an empty or non-text item", 'texts such as ["a", "b"]')
    if any(_SURROGATE.search(item) for item in items):  # from a "\ud800" in a JSON array
        return Bad("a list item holds a lone surrogate (half of a UTF-16 pair, not a "
                   "character)", "text that can be written as UTF-8")
    return tuple(items) if items else None


def parse_ids(value: Any, missing: Missing = frozenset()) -> Any:
    """A list of ids, as :func:`parse_texts`."""
    items = parse_texts(value, missing)
    if items is None or isinstance(items, Bad):
        return items
    wrong = next((item for item in items if not is_id(item)), None)
    if wrong is not None:
        return Bad(f"not an id: {wrong!r}", _ID_EXPECTED)
    return items


def parse_column(values: Sequence[Any], parse: Callable[..., Any],
                 missing: Missing = frozenset()) -> tuple[list[Any], bool]:
    """``[parse(v, missing) for v in values]``, calling ``parse`` once per distinct value, and
    whether any result is :class:`Bad`.

    Cells of different types that Python counts as equal (``1``, ``1.0`` and ``True``) are
    parsed apart.

    >>> parse_column(["0.5", "0.5", "x"], parse_confidence)
    ([0.5, 0.5, Bad(message='not a number', expected='a number from 0 to 1, such as 0.6', suggestion=None)], True)
    """
    kinds = set(map(type, values))
    # 1, 1.0 and True are equal keys: a set may hold one kind of number only.
    hashable = kinds.isdisjoint((list, dict)) and len(kinds & {bool, int, float}) <= 1
    if parse in (parse_text, parse_id) and kinds == {str}:  # often all distinct: parse in C
        stripped: list[str | None] = list(map(str.strip, values))
        if "" in stripped or not missing.isdisjoint(stripped):
            stripped = [None if not text or text in missing else text for text in stripped]
        if parse is parse_text:
            return stripped, False
        if all_ids([text for text in stripped if text is not None]):
            return stripped, False
    if hashable:
        memo = {value: parse(value, missing) for value in set(values)}
        return [memo[value] for value in values], Bad in set(map(type, memo.values()))
    keyed: dict[Any, Any] = {}
    out = []
    for value in values:
        try:
            key = (type(value), value)
            result = keyed.get(key, keyed)
            if result is keyed:
                result = keyed[key] = parse(value, missing)
        except TypeError:  # a list: not hashable
            result = parse(value, missing)
        out.append(result)
    return out, Bad in set(map(type, out))
