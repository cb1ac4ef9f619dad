"""JSON data files: strict parsing (no duplicate keys) and stable dumps."""

from __future__ import annotations

import json
from typing import Any

from ..errors import ParseError
from . import _yaml

__all__ = ["dumps", "parse"]


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise ValueError(f"key {key!r} appears twice in one object")
        result[key] = value
    return result


def parse(text: str, file: str | None) -> Any:
    """Parse JSON text, refusing duplicate keys (which would silently drop a value)."""
    try:
        return json.loads(text, object_pairs_hook=_no_duplicates)
    except json.JSONDecodeError as err:
        raise ParseError(f"not valid JSON: {err.msg} (column {err.colno})", file=file,
                         line=err.lineno) from err
    except ValueError as err:  # a duplicate key
        raise ParseError(f"not valid JSON: {err}", file=file, line=_line_of_duplicate(text)) from err
    except RecursionError as err:
        raise ParseError("not valid JSON: nested too deeply", file=file) from err


def _line_of_duplicate(text: str) -> int | None:
    # json does not say where; the YAML reader (JSON is YAML here) does, for records' keys.
    try:
        _yaml.parse(text, None)
    except ParseError as err:
        return err.line
    return None


def dumps(data: Any) -> str:
    """Dump plain data as indented JSON, keys in the order given, ending with a newline."""
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
