"""JSON data files: strict parsing and stable dumps.

Python's :mod:`json` accepts more than JSON: a key repeated in one object (the last value
wins, the others are silently dropped), the constants ``NaN``, ``Infinity`` and
``-Infinity`` (not JSON at all), and ``\\ud800`` escapes that make a lone surrogate (a string
that cannot be written as UTF-8). :func:`loads` refuses the first two and
:func:`lone_surrogate` finds the third; :func:`parse` does all three for a data file.

>>> loads('{"a": 1, "a": 2}')
Traceback (most recent call last):
...
stancegraph.io._json.StrictJSONError: key 'a' appears twice in one object
>>> loads('[NaN]')
Traceback (most recent call last):
...
stancegraph.io._json.StrictJSONError: NaN is not JSON
>>> lone_surrogate(loads('{"name": "a\\\\ud800"}'))
'a\\ud800'
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from typing import Any

from ..errors import ParseError
from . import _yaml

__all__ = ["StrictJSONError", "dumps", "escaped", "lone_surrogate", "loads", "parse"]

#: A surrogate code point, or a JSON escape that may make one: where no match is found, no
#: string parsed from the text holds a lone surrogate (a match may be a false alarm).
MAY_HOLD_SURROGATE = re.compile(r"[\ud800-\udfff]|\\u[dD][89a-fA-F]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')  # a JSON string literal (never spans lines)
_CONSTANT_HINT = "a number, or null for no value (JSON has no NaN or Infinity)"


class StrictJSONError(ValueError):
    """JSON text that :mod:`json` would accept but that is refused: a repeated key (``key``
    says which) or a ``NaN``/``Infinity`` constant."""

    def __init__(self, message: str, key: str | None = None) -> None:
        super().__init__(message)
        self.key = key


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) < len(pairs):  # a key twice: say which (the first repeated)
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise StrictJSONError(f"key {escaped(key)!r} appears twice in one object", key)
            seen.add(key)
    return result


def _no_constant(name: str) -> Any:
    raise StrictJSONError(f"{name} is not JSON")


def loads(text: str) -> Any:
    """``json.loads(text)``, refusing repeated keys and ``NaN``/``Infinity`` with a
    :class:`StrictJSONError` (json's own errors, ``json.JSONDecodeError`` and
    ``RecursionError``, pass through)."""
    data = _DECODER.decode(text)
    # Every key is a string followed by a colon, so the text has at least as many colons, and
    # as many '"' + ':', as keys: when either count is the number of keys read, none was
    # repeated. Otherwise (a repeated key, or colons in strings) the text is read again, pair
    # by pair. (A text with one '{' holds one object at most: its keys are counted at once.)
    keys = len(data) if type(data) is dict and text.count("{") == 1 else _count_keys(data)
    if text.count(":") != keys and len(_KEY_END.findall(text)) != keys:
        data = _PAIRWISE_DECODER.decode(text)
    return data


_KEY_END = re.compile(r'"\s*:')
_DECODER = json.JSONDecoder(parse_constant=_no_constant)  # made once: json.loads with options
_PAIRWISE_DECODER = json.JSONDecoder(parse_constant=_no_constant,  # makes one a call
                                     object_pairs_hook=_no_duplicates)


def _count_keys(data: Any) -> int:
    """The keys of all objects in parsed JSON."""
    count, stack = 0, [data]
    while stack:
        item = stack.pop()
        if type(item) is dict:
            count += len(item)
            stack.extend(item.values())
        elif type(item) is list:
            stack.extend(item)
    return count


def lone_surrogate(data: Any) -> str | None:
    """The first string (a value or a key) in parsed JSON that holds a lone surrogate, or
    None. Nested data is walked without recursion, however deep."""
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if _SURROGATE.search(item):
                return item
        elif isinstance(item, dict):
            stack.extend(item)
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return None


def escaped(text: str) -> str:
    """``text`` with each lone surrogate written as its escape (``\\ud800``): printable and
    writable as UTF-8."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def parse(text: str, file: str | None) -> Any:
    """Parse a JSON data file, refusing repeated keys (which would silently drop a value),
    ``NaN`` and ``Infinity`` (not JSON), and strings with a lone surrogate (not text); a
    ParseError names the line."""
    try:
        data = loads(text)
    except json.JSONDecodeError as err:
        raise ParseError(f"not valid JSON: {err.msg} (column {err.colno})", file=file,
                         line=err.lineno) from err
    except StrictJSONError as err:
        if err.key is not None:
            raise ParseError(f"not valid JSON: {err}", file=file,
                             line=_line_of_duplicate(text)) from err
        raise ParseError(f"not valid JSON: {err}", file=file, line=_line_of_constant(text),
                         expected=_CONSTANT_HINT,
                         **_record_at(_leniently(text), _non_finite)) from err
    except ValueError as err:  # a number too long for Python's int
        raise ParseError(f"not valid JSON: {err}", file=file) from err
    except RecursionError as err:
        raise ParseError("not valid JSON: nested too deeply", file=file) from err
    if MAY_HOLD_SURROGATE.search(text):
        bad = lone_surrogate(data)
        if bad is not None:
            raise ParseError("not valid JSON text: a string holds a lone surrogate (half of a "
                             "UTF-16 pair, not a character):", id=escaped(bad), file=file,
                             line=_line_of_surrogate(text),
                             expected="text that can be written as UTF-8",
                             **_record_at(data, _surrogate))
    return data


def _line_of_duplicate(text: str) -> int | None:
    # json does not say where; the YAML reader (JSON is YAML here) does, for records' keys.
    try:
        _yaml.parse(text, None)
    except ParseError as err:
        return err.line
    return None


def _record_at(data: Any, wrong: Callable[[Any], bool]) -> dict[str, str]:
    """The record (``stances[3]``) and field holding the first item, in the order of the text,
    that is ``wrong`` (a key or a value); nothing if no record holds one."""
    stack: list[tuple[tuple[Any, ...], Any]] = [((), data)]
    while stack:
        path, item = stack.pop()
        if wrong(item):
            break
        if isinstance(item, dict):
            children = [((*path, key), child) for key, value in item.items()
                        for child in (key, value)]
        elif isinstance(item, list):
            children = [((*path, i), value) for i, value in enumerate(item)]
        else:
            continue
        stack.extend(reversed(children))
    else:
        return {}
    if len(path) < 2 or not isinstance(path[0], str) or not isinstance(path[1], int):
        return {}
    where = {"record": f"{escaped(path[0])}[{path[1]}]"}
    if len(path) > 2 and isinstance(path[2], str):
        where["field"] = escaped(path[2])
    return where


def _non_finite(item: Any) -> bool:
    return isinstance(item, float) and not math.isfinite(item)


def _surrogate(item: Any) -> bool:
    return isinstance(item, str) and _SURROGATE.search(item) is not None


def _leniently(text: str) -> Any:
    """The text as Python's json reads it (NaN and all), or None if that fails too."""
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        return None


def _line_of_constant(text: str) -> int | None:
    """The first line with NaN or Infinity outside a string."""
    for number, line in enumerate(text.split("\n"), start=1):
        if re.search(r"\b(NaN|Infinity)\b", _STRING.sub('""', line)):
            return number
    return None


def _line_of_surrogate(text: str) -> int | None:
    """The first line with a string holding a lone surrogate (JSON strings never span lines,
    so each line starts outside one)."""
    for number, line in enumerate(text.split("\n"), start=1):
        if not MAY_HOLD_SURROGATE.search(line):
            continue
        for literal in _STRING.findall(line):
            try:
                value = json.loads(literal)
            except ValueError:
                continue
            if _SURROGATE.search(value):
                return number
    return None


def dumps(data: Any) -> str:
    """Dump plain data as indented JSON, keys in the order given, ending with a newline."""
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
