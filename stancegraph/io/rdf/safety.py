"""Refusing input that would make a parser reach outside the process (docs/rdf.md).

pyoxigraph, which parses stancegraph's RDF, has no loader for remote JSON-LD contexts and
never fetches; but it expands the entities an RDF/XML DTD declares. These checks run on the
text before any parser sees it, so the errors are clear and nothing is ever expanded or fetched.
"""

from __future__ import annotations

import json
import re
from typing import Any

from ...errors import ParseError
from .._json import escaped, lone_surrogate
from .._json import loads as strict_json
from ._ontology import ontology_text

__all__ = ["CONTEXT_IRI", "check_rdfxml", "local_jsonld"]

#: The IRI the JSON-LD export may name its context by; always read from the installed package.
CONTEXT_IRI = "https://w3id.org/stancegraph/context.jsonld"

_DTD = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)


def check_rdfxml(data: bytes, file: str | None) -> None:
    """Refuse RDF/XML with a DTD: entity declarations can fetch files or URLs (external
    entities) or expand without bound ("billion laughs")."""
    match = _DTD.search(data)
    if match:
        line = data.count(b"\n", 0, match.start()) + 1
        raise ParseError("RDF/XML with a DTD (<!DOCTYPE or <!ENTITY) is refused: its entities "
                         "could read files, fetch URLs or expand without bound", file=file,
                         line=line, expected="RDF/XML without a document type declaration")


def local_jsonld(data: bytes, file: str | None) -> bytes:
    """The JSON-LD document with every context made local, or a ParseError.

    A ``@context`` naming :data:`CONTEXT_IRI` gets the stancegraph context from the installed
    package; inline contexts stay; any other remote or ``file:`` context, and any ``@import``,
    is refused.
    """
    try:
        document = strict_json(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise ParseError(f"not valid JSON-LD: {err}", file=file) from err
    except RecursionError as err:
        raise ParseError("not valid JSON-LD: nested too deeply", file=file) from err
    except ValueError as err:  # a repeated key, NaN or Infinity, a number too long for int
        raise ParseError(f"not valid JSON-LD: {err}", file=file) from err
    text = lone_surrogate(document)
    if text is not None:
        raise ParseError(f"not valid JSON-LD: the string {escaped(text)!r} holds a lone "
                         "surrogate, which is not text", file=file,
                         expected="strings of Unicode characters")
    if not isinstance(document, (dict, list)):
        raise ParseError("not a JSON-LD document: the top level is a "
                         f"{type(document).__name__}", file=file,
                         expected="a JSON object or array")
    local = json.loads(ontology_text("context.jsonld"))["@context"]
    try:
        cleaned = _walk(document, local, file)
    except RecursionError as err:
        raise ParseError("not valid JSON-LD: nested too deeply", file=file) from err
    # Not escaped to ASCII: a character keeps its UTF-8 size (not six or twelve bytes) under
    # pyoxigraph's 16 MiB limit on one string (read.TOKEN_LIMIT).
    return json.dumps(cleaned, ensure_ascii=False).encode("utf-8")


def _walk(value: Any, local: Any, file: str | None) -> Any:
    if isinstance(value, list):
        return [_walk(v, local, file) for v in value]
    if not isinstance(value, dict):
        return value
    result = {}
    for key, item in value.items():
        if key == "@import":
            raise ParseError("a JSON-LD @import is refused: it would fetch", id=str(item),
                             file=file, expected="inline contexts, or the stancegraph context")
        if key == "@context":
            item = _context(item, local, file)
        result[key] = _walk(item, local, file) if key != "@context" else item
    return result


def _context(item: Any, local: Any, file: str | None) -> Any:
    if isinstance(item, list):
        return [_context(i, local, file) for i in item]
    if isinstance(item, str):
        if item == CONTEXT_IRI:
            return local
        raise ParseError("a remote JSON-LD @context is refused: it would be fetched", id=item,
                         file=file, expected=f"an inline context, or {CONTEXT_IRI!r} (read "
                                             "from the installed package)")
    if isinstance(item, dict):
        if "@import" in item:
            raise ParseError("a JSON-LD @import is refused: it would fetch",
                             id=str(item["@import"]), file=file,
                             expected="inline contexts, or the stancegraph context")
        return {k: (_context(v, local, file) if isinstance(v, dict) and "@context" in v
                    else v) for k, v in item.items()}
    return item
