"""What a data file's reader says about a bad value: each of pydantic's errors in words, with
the value it should probably have been.

Pydantic's own messages name a regular expression (``String should match pattern
'^[a-z0-9]+(?:[-_.][a-z0-9]+)*$'``) or the type it wanted (``Input should be a valid
string``). A person fixing a file needs what was expected in words and, where it can be
guessed, the fix:

- an id that is not a lowercase slug: the rule, and the id lowercased (``France`` ->
  ``france``);
- a Wikidata field holding the item's URL: its id (``https://www.wikidata.org/wiki/Q55`` ->
  ``Q55``);
- text that YAML read as something else -- ``aliases: [NO]`` (Norway) is the boolean false
  under YAML 1.1, ``name: 1984`` a number: the word as written, to quote;
- a date that is not ``YYYY-MM-DD``: the date, when it can be told (``2022-3-9``,
  ``29/03/2022``);
- a word outside a closed vocabulary (``support``, ``Country``): the closest word of it
  (``supports``, ``State``).

>>> print(choice_suggestion("support", ("supports", "opposes", "skeptical-of")),
...       choice_suggestion("Country", ("Person", "State", "Organization", "Bloc")))
supports State
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from ..errors import InvalidRecordError, closest
from ..model import is_id
from ..model._types import ID_PATTERN, WIKIDATA_PATTERN
from ._slugs import slugify

__all__ = ["ID_RULE", "choice_suggestion", "date_suggestion", "field_problems",
           "id_suggestion", "wikidata_suggestion"]

#: The id pattern, in words.
ID_RULE = ("an id: lowercase letters a-z and digits, words joined by a single '-', '_' or "
           "'.', such as 'olaf-scholz'")
DATE_RULE = "a date as YYYY-MM-DD"
WIKIDATA_RULE = "a Wikidata item id: Q and a number, such as Q55"

#: Words people write for the words of stancegraph's vocabularies (keys as :func:`_plain`
#: makes them); a synonym is suggested only where its word is one of the choices.
SYNONYMS = {
    "country": "State", "nation": "State", "nationstate": "State", "government": "State",
    "org": "Organization", "party": "Organization", "alliance": "Organization",
    "institution": "Organization", "ngo": "Organization", "company": "Organization",
    "group": "Bloc", "coalition": "Bloc", "camp": "Bloc",
    "individual": "Person", "politician": "Person", "leader": "Person", "people": "Person",
    "treaty": "Agreement", "accord": "Agreement", "deal": "Agreement", "pact": "Agreement",
    "policy": "PolicyOption", "option": "PolicyOption", "proposal": "PolicyOption",
    "measure": "PolicyOption", "proposition": "Claim", "statement": "Claim", "belief": "Claim",
    "for": "supports", "favors": "supports", "favours": "supports", "backs": "supports",
    "endorses": "supports", "against": "opposes", "rejects": "opposes",
    "doubts": "skeptical-of", "questions": "skeptical-of", "skeptical": "skeptical-of",
    "sceptical": "skeptical-of", "anon": "anonymous",
}

_DATE_ERRORS = frozenset({"date_type", "date_parsing", "date_from_datetime_parsing",
                          "date_from_datetime_inexact"})
_QUOTED = re.compile(r"'((?:[^'\\]|\\.)*)'")
_WIKIDATA_URL = re.compile(r"(?i)^\s*(?:https?://)?(?:www\.|m\.)?wikidata\.org/(?:wiki/|entity/)"
                           r"(?:special:entitypage/)?(q[1-9][0-9]*)(?:[/?#].*)?\s*$")
_QID = re.compile(r"(?i)(?<![a-z0-9])q([1-9][0-9]*)(?![0-9])")
_YEAR_FIRST = re.compile(r"\s*(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ].*)?\s*")
_YEAR_LAST = re.compile(r"\s*(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})\s*")
#: What YAML reads a plain scalar as, by the type it gives, for "read as a ...".
_READ_AS = {bool: "a boolean", int: "a number", float: "a number", dt.date: "a date",
            dt.datetime: "a date and time"}

#: ``written(value, field)``: how a value that is not text was written in the file (None:
#: not known).
Written = Callable[[Any, str], "str | None"]


def field_problems(err: ValidationError, model: type[BaseModel] | None, *,
                   written: Written | None = None, **where: Any) -> list[InvalidRecordError]:
    """Every problem pydantic found in one record, each an :class:`InvalidRecordError`
    naming its field (``where`` adds the record), what was expected and the likely fix.

    An unknown field that is a misspelt known one (``nme`` for ``name``) is reported as that,
    not also as the known one missing.
    """
    details = err.errors(include_url=False)
    known = [f.alias or name for name, f in model.model_fields.items()] if model else []
    misspelt = {closest(str(d["loc"][-1]), known) for d in details
                if d["type"] == "extra_forbidden" and d["loc"]}
    problems = []
    for detail in sorted(details, key=lambda d: d["type"] != "extra_forbidden"):
        field = _field(detail)
        if detail["type"] == "missing" and field in misspelt:
            continue
        problems.append(_problem(detail, field, known, written, where))
    return problems


def _field(detail: ErrorDetails) -> str | None:
    loc = [str(part) for part in detail["loc"]]
    # Union members show up in the location ("Person", "State"); keep the field path only.
    loc = [part for part in loc if not part[:1].isupper()] or loc
    return ".".join(loc) or None


def _problem(detail: ErrorDetails, field: str | None, known: list[str],
             written: Written | None, where: dict[str, Any]) -> InvalidRecordError:
    kind, value = detail["type"], detail.get("input")
    ctx = detail.get("ctx") or {}
    shown = _shown(value)
    message = str(detail["msg"]).removeprefix("Value error, ")
    if kind == "missing":
        return InvalidRecordError("missing required field", field=field, **where)
    if kind == "extra_forbidden":
        name = field.rsplit(".", 1)[-1] if field else ""
        return InvalidRecordError("unknown field", field=field, suggestion=closest(name, known),
                                  expected=f"one of: {', '.join(known)}" if known else None,
                                  **where)
    if kind == "string_pattern_mismatch" and ctx.get("pattern") == ID_PATTERN:
        return InvalidRecordError(f"invalid value {shown}: not an id", field=field,
                                  expected=ID_RULE, suggestion=id_suggestion(str(value)),
                                  **where)
    if kind == "string_pattern_mismatch" and ctx.get("pattern") == WIKIDATA_PATTERN:
        url = _WIKIDATA_URL.match(str(value)) is not None
        return InvalidRecordError(
            f"invalid value {shown}: " + ("the URL of a Wikidata item, not its id" if url
                                          else "not a Wikidata item id"),
            field=field, expected=WIKIDATA_RULE, suggestion=wikidata_suggestion(str(value)),
            **where)
    if kind == "string_type" and type(value) in _READ_AS:
        return _not_text(value, field, written, where)
    if kind in _DATE_ERRORS or (kind == "value_error" and DATE_RULE in message):
        what = "a date and time" if isinstance(value, dt.datetime) else \
            "a number" if isinstance(value, (int, float)) else "not a date"
        return InvalidRecordError(
            f"invalid value {shown}: {what}" if shown is not None else what, field=field,
            expected=DATE_RULE, suggestion=date_suggestion(value), **where)
    if kind == "literal_error":
        choices = _QUOTED.findall(str(ctx.get("expected", "")))
        name = field.rsplit(".", 1)[-1] if field else "field"
        return InvalidRecordError(
            f"unknown {name} value", field=field, id=str(value) if shown is not None else None,
            expected="one of: " + ", ".join(choices),
            suggestion=choice_suggestion(str(value), choices) if isinstance(value, str)
            else None, **where)
    text = f"invalid value {shown}: {message}" if shown is not None else message
    return InvalidRecordError(text, field=field, **where)


def _not_text(value: Any, field: str | None, written: Written | None,
              where: dict[str, Any]) -> InvalidRecordError:
    """Text that the file's parser read as a boolean, a number or a date."""
    read_as = _READ_AS[type(value)]
    as_written = written(value, field or "") if written is not None else None
    if as_written is None:
        return InvalidRecordError(f"invalid value {_shown(value)}: {read_as}, not text",
                                  field=field, expected="text (a string in quotes)", **where)
    why = (" (YAML reads unquoted yes, no, on, off, true and false as booleans)"
           if isinstance(value, bool) else "")
    return InvalidRecordError(
        f"invalid value {as_written}: read as {read_as}, not as text{why}: quote it: "
        f"{as_written!r}", field=field, **where)


def _shown(value: Any, limit: int = 80) -> str | None:
    """The value as a message shows it (cut to about ``limit`` characters), or None for a
    value that is not a plain one (a list, a mapping)."""
    if not isinstance(value, (str, int, float, bool, dt.date)) and value is not None:
        return None
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str) and len(value) > limit:
        text = repr(value[:limit])
        return f"{text[:-1]}…{text[-1]} ({len(value):,} characters)"
    text = repr(value)
    return text if len(text) <= limit else text[:limit] + "…"


def _plain(word: str) -> str:
    return "".join(c for c in word.lower() if c.isalnum())


def choice_suggestion(value: str, choices: Iterable[str]) -> str | None:
    """The choice ``value`` was probably meant to be: one that differs only in case and
    punctuation (``Skeptical of``), a synonym (``Country`` for ``State``), or the closest by
    spelling (``support``); None if none is near.

    >>> choice_suggestion("Skeptical of", ["supports", "skeptical-of"])
    'skeptical-of'
    >>> choice_suggestion("maybe", ["supports", "opposes"]) is None
    True
    """
    options = list(choices)
    plain = _plain(value)
    for choice in options:
        if _plain(choice) == plain:
            return choice
    synonym = SYNONYMS.get(plain)
    if synonym in options:
        return synonym
    return closest(value, options) or closest(value.lower(), options)


def id_suggestion(value: str) -> str | None:
    """The id ``value`` was probably meant to be: lowercased, or made a slug; None if
    neither gives one.

    >>> id_suggestion("France"), id_suggestion("Olaf Scholz"), id_suggestion("NATO_2022.S1")
    ('france', 'olaf-scholz', 'nato_2022.s1')
    """
    lowered = value.strip().lower()
    if is_id(lowered):
        return lowered
    slug = slugify(value)
    return slug if slug and is_id(slug) else None


def wikidata_suggestion(value: str) -> str | None:
    """The Wikidata item id in ``value`` (its URL, ``q55``, ``wd:Q55``), or None.

    >>> wikidata_suggestion("https://www.wikidata.org/wiki/Q55")
    'Q55'
    >>> wikidata_suggestion("http://www.wikidata.org/entity/Q20#sitelinks")
    'Q20'
    """
    url = _WIKIDATA_URL.match(value)
    if url is not None:
        return url.group(1).upper()
    found = {match.group(1) for match in _QID.finditer(value)}
    return f"Q{found.pop()}" if len(found) == 1 else None


def date_suggestion(value: Any) -> str | None:
    """The date ``value`` probably is, as ``YYYY-MM-DD``: from a date and time, a number
    such as 20220329, or text with the year first or last (day and month told apart only where
    one of them is above 12); None if it cannot be told.

    >>> date_suggestion("2022-3-9"), date_suggestion("29/03/2022"), date_suggestion("03/04/2022")
    ('2022-03-09', '2022-03-29', None)
    """
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, int) and not isinstance(value, bool) and 10_000_101 <= value <= 99_991_231:
        return _date(value // 10_000, value // 100 % 100, value % 100)
    if not isinstance(value, str):
        return None
    found = _YEAR_FIRST.fullmatch(value)
    if found is not None:
        year, month, day = (int(part) for part in found.groups())
        return _date(year, month, day)
    found = _YEAR_LAST.fullmatch(value)
    if found is not None:
        first, second, year = (int(part) for part in found.groups())
        if first > 12 >= second or first == second:
            return _date(year, second, first)
        if second > 12 >= first:
            return _date(year, first, second)
    return None


def _date(year: int, month: int, day: int) -> str | None:
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None

