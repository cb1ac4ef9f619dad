"""Field types shared by the models: ids, Wikidata QIDs, dates and the closed vocabularies.

Every string a model accepts can be written to every format stancegraph writes: no text holds a
lone surrogate (half of a UTF-16 pair, which no UTF-8 file can hold) or a NUL, and every URL is
an IRI that pyoxigraph, and so every RDF format and SPARQL store, takes (see :func:`is_url`).
"""

from __future__ import annotations

import datetime as _dt
import re
import unicodedata
from typing import Annotated, Any, Literal

import numpy as np
from pydantic import (
    AfterValidator,
    BeforeValidator,
    ConfigDict,
    Field,
    Strict,
    StringConstraints,
    WithJsonSchema,
)

__all__ = [
    "ATTRIBUTIONS",
    "ACTOR_TYPES",
    "POSITION_TYPES",
    "RELATION_KINDS",
    "STANCE_RELATIONS",
    "Attribution",
    "Confidence",
    "Date",
    "ID_PATTERN",
    "Id",
    "IdSet",
    "MAX_TEXT_BYTES",
    "MODEL_CONFIG",
    "RelationKind",
    "StanceRelation",
    "Text",
    "TextSet",
    "URL_PATTERN",
    "Url",
    "WIKIDATA_PATTERN",
    "WikidataId",
    "iri_problem",
    "is_id",
    "is_text",
    "is_url",
    "text_problem",
    "url_problem",
]

MODEL_CONFIG = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

ID_PATTERN = r"^[a-z0-9]+(?:[-_.][a-z0-9]+)*$"
WIKIDATA_PATTERN = r"^Q[1-9][0-9]*$"
# The shape of an http(s) URL that is also a valid IRI: no spaces or <>"{}|\^`[], percent signs
# only in %XX escapes, at most one '#'. A necessary condition only (it is the JSON Schema's
# pattern): is_url checks the characters and asks pyoxigraph as well.
_URL_CHARS = r"(?:[^\s<>\"{}|\\^`\[\]#%]|%[0-9A-Fa-f]{2})"
URL_PATTERN = rf"^https?://{_URL_CHARS}+(?:#{_URL_CHARS}*)?$"
_ID_RE = re.compile(ID_PATTERN)
_ID_BYTES = np.zeros(256, dtype=np.uint8)  # for all_ids: 1 a letter or digit, 2 a separator
_ID_BYTES[list(b"abcdefghijklmnopqrstuvwxyz0123456789")] = 1
_ID_BYTES[list(b"-_.\n")] = 2
_URL_RE = re.compile(URL_PATTERN)
_URL_HOST = re.compile(r"https?://(?:[^/?#@]*@)?[^/?#@:]")  # a host after any user info
# What no text may hold: NUL, and lone surrogates (Python strings may hold them, UTF-8 cannot).
_NOT_TEXT = re.compile("[\x00\ud800-\udfff]")
#: The most bytes a text may take written as UTF-8 with every control character, quote and
#: backslash as a six-byte escape (``\u0001``; no format's escapes take more): it then fits the
#: 8 MiB pyoxigraph reads as one JSON-LD string (16 MiB in the other formats; docs/rdf.md,
#: "Limits"), so every RDF format reads back what it was given.
MAX_TEXT_BYTES = 8_000_000
_ESCAPED = re.compile('[\x00-\x1f"\\\\\x7f]')
# The ASCII characters no URL may hold (controls, space, and the ones RFC 3987 excludes); the
# non-ASCII ones are told by their Unicode category (_url_character).
_NOT_URL_ASCII = re.compile(r'[\x00-\x20\x7f<>"{}|\\^`]')
_URL_CATEGORIES = {
    "Cc": "a control character",
    "Cf": "an invisible formatting character",
    "Co": "a private-use character",
    "Cs": "a lone surrogate (half of a UTF-16 pair, not a character)",
    "Zl": "a line separator",
    "Zp": "a paragraph separator",
    "Zs": "a space",
}


def text_problem(text: str) -> str | None:
    r"""Why ``text`` cannot be kept as text (a lone surrogate, NUL, or too long: see
    :data:`MAX_TEXT_BYTES`), or None if it can.

    >>> text_problem("Zürich") is None
    True
    >>> text_problem("a\ud800b")
    'the text holds a lone surrogate U+D800 (half of a UTF-16 pair, not a character)'
    """
    found = _NOT_TEXT.search(text)
    if found is None:
        size = _escaped_size(text)
        if size > MAX_TEXT_BYTES:
            return (f"the text is too long: written escaped it takes {size:,} bytes, more than "
                    f"the {MAX_TEXT_BYTES:,} an RDF reader takes as one string")
        return None
    if found[0] == "\x00":
        return "the text holds a NUL character (U+0000), which ends a string for many programs"
    return (f"the text holds a lone surrogate U+{ord(found[0]):04X} (half of a UTF-16 pair, "
            "not a character)")


def is_text(text: str) -> bool:
    r"""Return True if ``text`` holds no lone surrogate and no NUL and is not too long (see
    :func:`text_problem`).

    >>> is_text("a\tb"), is_text("a\x00b")
    (True, False)
    """
    return _NOT_TEXT.search(text) is None and _escaped_size(text) <= MAX_TEXT_BYTES


#: Texts of at most this many characters cannot come near MAX_TEXT_BYTES however escaped.
_SHORT_TEXT = MAX_TEXT_BYTES // 6


def _escaped_size(text: str) -> int:
    """An upper bound of the bytes ``text`` takes in any format (see MAX_TEXT_BYTES); 0 for a
    text too short to come near it."""
    if len(text) <= _SHORT_TEXT:
        return 0
    escaped = len(text) - len(_ESCAPED.sub("", text))
    return len(text.encode("utf-8", "surrogatepass")) + 5 * escaped


def _storable(value: Any) -> Any:
    # Runs before pydantic's own checks, whose message for a surrogate ("unable to parse raw
    # data as a unicode string") would not say what is wrong. It runs for every text of every
    # record, so the usual case -- short, clean text -- costs one search.
    if isinstance(value, str) and (len(value) > _SHORT_TEXT or _NOT_TEXT.search(value)):
        problem = text_problem(value)
        if problem is not None:
            raise ValueError(problem)
    return value


def _url_character(char: str) -> str | None:
    """What makes ``char`` unfit for a URL, or None."""
    if char.isascii():
        return None if _NOT_URL_ASCII.match(char) is None else (
            "a control character" if char < " " or char == "\x7f" else
            "a space" if char == " " else f"{char!r}, which IRIs do not allow")
    code = ord(char)
    if 0xFDD0 <= code <= 0xFDEF or (code & 0xFFFE) == 0xFFFE:
        return "a noncharacter"
    return _URL_CATEGORIES.get(unicodedata.category(char))


def iri_problem(text: str) -> str | None:
    r"""Why ``text`` is not an absolute IRI (of any scheme) that every RDF format and SPARQL
    store can hold, or None: the characters :func:`url_problem` refuses, or what pyoxigraph
    says of it.

    >>> iri_problem("urn:x-debate:graph"), iri_problem("https://example.org/\u202e/")
    (None, 'the IRI holds an invisible formatting character (U+202E)')
    """
    bad = next((c for c in text if _url_character(c) is not None), None)
    if bad is not None:
        return f"the IRI holds {_url_character(bad)} (U+{ord(bad):04X})"
    import pyoxigraph  # on first use: a data file without URLs never needs it

    try:
        pyoxigraph.NamedNode(text)
    except ValueError as err:
        return f"not a valid IRI: {err}"
    return None


def url_problem(text: str) -> str | None:
    r"""Why ``text`` is not a URL stancegraph accepts, or None if it is one.

    A URL is an absolute ``http`` or ``https`` IRI with a host, that pyoxigraph accepts as a
    named node (so every RDF format and SPARQL store can hold it), of the shape
    :data:`URL_PATTERN`, and without control, space, line-separator, invisible formatting
    (such as U+202E, which reverses the text shown), private-use or noncharacter code points.

    >>> url_problem("https://example.org/a") is None
    True
    >>> url_problem("https://example.org/a\u202eb")
    'the URL holds an invisible formatting character (U+202E)'
    >>> url_problem("https://example.org/100%")
    "not a valid IRI: Invalid IRI percent encoding '%'"
    """
    if not text.startswith(("http://", "https://")):
        return "not an http(s) URL"
    if _escaped_size(text) > MAX_TEXT_BYTES:
        return f"the URL is too long: {len(text):,} characters"
    bad = (_NOT_URL_ASCII.search(text) if text.isascii() else
           next((c for c in text if _url_character(c) is not None), None))
    if bad is not None:
        char = bad if isinstance(bad, str) else bad[0]
        return f"the URL holds {_url_character(char)} (U+{ord(char):04X})"
    import pyoxigraph  # on first use: a data file without URLs never needs it

    try:
        pyoxigraph.NamedNode(text)
    except ValueError as err:
        return f"not a valid IRI: {err}"
    if _URL_RE.fullmatch(text) is None:
        return ("not a URL stancegraph accepts: no []{}, '%' only in %XX escapes, at most one "
                "'#'")
    if _URL_HOST.match(text) is None:
        return "the URL names no host"
    return None


def _url(value: str) -> str:
    problem = url_problem(value)
    if problem is not None:
        raise ValueError(problem)
    return value


#: A node, stance or relation id: a lowercase slug such as ``olaf-scholz`` or ``nato_2022.s1``.
Id = Annotated[str, Strict(), StringConstraints(pattern=ID_PATTERN), BeforeValidator(_storable)]

#: Non-empty text with no surrounding whitespace, no lone surrogate and no NUL.
Text = Annotated[str, Strict(), StringConstraints(min_length=1, strip_whitespace=True),
                 BeforeValidator(_storable)]

#: A Wikidata item id such as ``Q3052772``.
WikidataId = Annotated[str, Strict(), StringConstraints(pattern=WIKIDATA_PATTERN),
                       BeforeValidator(_storable)]

#: An http(s) URL that every RDF format can hold (see :func:`url_problem`).
Url = Annotated[str, Strict(), AfterValidator(_url), BeforeValidator(_storable),
                WithJsonSchema({"type": "string", "pattern": URL_PATTERN})]

def _as_set(values: tuple[str, ...]) -> tuple[str, ...]:
    # Lists of ids or labels are sets (RDF, for one, cannot keep their order): kept sorted, and
    # a repeat is a mistake to report rather than to drop.
    seen: set[str] = set()
    for value in values:
        if value in seen:
            raise ValueError(f"{value!r} is listed twice")
        seen.add(value)
    return tuple(sorted(values))


#: Ids forming a set: sorted, no repeats.
IdSet = Annotated[tuple[Id, ...], AfterValidator(_as_set),
                  Field(json_schema_extra={"uniqueItems": True})]

#: Texts forming a set: sorted, no repeats.
TextSet = Annotated[tuple[Text, ...], AfterValidator(_as_set),
                    Field(json_schema_extra={"uniqueItems": True})]

#: A confidence in [0, 1] (never NaN).
Confidence = Annotated[float, Strict(), Field(ge=0.0, le=1.0, allow_inf_nan=False)]


def _no_numbers(value: Any) -> Any:
    # pydantic would read 5 as 1970-01-01 plus 5 seconds: a number is never a calendar date here.
    if isinstance(value, (bool, int, float)):
        raise ValueError("expected a date as YYYY-MM-DD, not a number")
    return _storable(value)


def _plain_date(value: _dt.date) -> _dt.date:
    return _dt.date(value.year, value.month, value.day)


#: A calendar date, written ``YYYY-MM-DD``.
Date = Annotated[_dt.date, BeforeValidator(_no_numbers), AfterValidator(_plain_date)]

StanceRelation = Literal["supports", "opposes", "skeptical-of"]
STANCE_RELATIONS: tuple[StanceRelation, ...] = ("supports", "opposes", "skeptical-of")

RelationKind = Literal["member-of", "leads", "speaks-for", "talks-with", "asked"]
RELATION_KINDS: tuple[RelationKind, ...] = ("member-of", "leads", "speaks-for", "talks-with", "asked")

Attribution = Literal["on-record", "anonymous", "document", "reported"]
ATTRIBUTIONS: tuple[Attribution, ...] = ("on-record", "anonymous", "document", "reported")

ACTOR_TYPES = ("Person", "State", "Organization", "Bloc")
POSITION_TYPES = ("Agreement", "PolicyOption", "Claim")


def is_id(text: str) -> bool:
    """Return True if ``text`` has the shape of an id (a lowercase slug).

    >>> is_id("olaf-scholz"), is_id("Olaf Scholz")
    (True, False)
    """
    return _ID_RE.fullmatch(text) is not None


def all_ids(texts: list[str]) -> bool:
    """Return True if every text has the shape of an id, checked over all of them at once for
    bulk readers (a text holding a line break is never an id).

    >>> all_ids(["olaf-scholz", "germany"]), all_ids(["germany", "Olaf Scholz"]), all_ids([])
    (True, False, True)
    >>> all_ids(["a-", "b"]), all_ids(["a", ""]), all_ids(["a--b"]), all_ids(["é"])
    (False, False, False, False)
    """
    if not texts:
        return True
    joined = "\n".join(texts)
    if joined.count("\n") != len(texts) - 1:
        return False
    # Per byte: 0 not allowed, 1 a letter or digit, 2 a separator or the line break between
    # two ids. Ids are runs of letters and digits joined by single separators: the first and
    # last bytes are letters or digits, and no two separators meet.
    kind = _ID_BYTES[np.frombuffer(joined.encode("utf-8", "surrogatepass"), dtype=np.uint8)]
    if not len(kind) or kind[0] != 1 or kind[-1] != 1 or not kind.all():
        return False
    apart = kind == 2
    return not bool((apart[1:] & apart[:-1]).any())


def all_texts(texts: list[str]) -> bool:
    r"""Return True if every text is a model's text as it is: a non-empty string with no
    surrounding whitespace, no NUL or lone surrogate, not near the size limit; checked over all
    of them at once for bulk readers.

    >>> all_texts(["Olaf Scholz", "NATO"]), all_texts(["NATO "]), all_texts(["a\x00b"])
    (True, False, False)
    """
    if not set(map(type, texts)) <= {str} or "" in texts:
        return False
    if list(map(str.strip, texts)) != texts:  # (Python's whitespace holds pydantic's)
        return False
    return max(map(len, texts), default=0) <= _SHORT_TEXT and \
        _NOT_TEXT.search("".join(texts)) is None


def is_url(text: str) -> bool:
    r"""Return True if ``text`` is an http(s) URL that every RDF format can hold (see
    :func:`url_problem`).

    >>> is_url("https://example.org/a"), is_url("bloomberg-2022"), is_url("https://x.org/100%")
    (True, False, False)
    >>> is_url("https://example.org/a\x01"), is_url("https://example.org/a?\ue000")
    (False, False)
    """
    return url_problem(text) is None
