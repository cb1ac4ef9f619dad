"""Field types shared by the models: ids, Wikidata QIDs, dates and the closed vocabularies."""

from __future__ import annotations

import datetime as _dt
import re
from typing import Annotated, Any, Literal

import numpy as np
from pydantic import AfterValidator, BeforeValidator, ConfigDict, Field, Strict, StringConstraints

__all__ = [
    "ATTRIBUTIONS",
    "ACTOR_TYPES",
    "POSITION_TYPES",
    "RELATION_KINDS",
    "STANCE_RELATIONS",
    "Attribution",
    "Confidence",
    "Date",
    "Id",
    "IdSet",
    "MODEL_CONFIG",
    "RelationKind",
    "StanceRelation",
    "Text",
    "TextSet",
    "URL_PATTERN",
    "WikidataId",
    "is_id",
    "is_url",
]

MODEL_CONFIG = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

ID_PATTERN = r"^[a-z0-9]+(?:[-_.][a-z0-9]+)*$"
# An http(s) URL that is also a valid IRI: no spaces or <>"{}|\^`[], percent signs only in
# %XX escapes, at most one '#'. (RDF export needs every URL to be an IRI.)
_URL_CHARS = r"(?:[^\s<>\"{}|\\^`\[\]#%]|%[0-9A-Fa-f]{2})"
URL_PATTERN = rf"^https?://{_URL_CHARS}+(?:#{_URL_CHARS}*)?$"
_ID_RE = re.compile(ID_PATTERN)
_ID_BYTES = np.zeros(256, dtype=np.uint8)  # for all_ids: 1 a letter or digit, 2 a separator
_ID_BYTES[list(b"abcdefghijklmnopqrstuvwxyz0123456789")] = 1
_ID_BYTES[list(b"-_.\n")] = 2
_URL_RE = re.compile(URL_PATTERN)

#: A node, stance or relation id: a lowercase slug such as ``olaf-scholz`` or ``nato_2022.s1``.
Id = Annotated[str, Strict(), StringConstraints(pattern=ID_PATTERN)]

#: Non-empty text with no surrounding whitespace.
Text = Annotated[str, Strict(), StringConstraints(min_length=1, strip_whitespace=True)]

#: A Wikidata item id such as ``Q3052772``.
WikidataId = Annotated[str, Strict(), StringConstraints(pattern=r"^Q[1-9][0-9]*$")]

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

#: A confidence in [0, 1].
Confidence = Annotated[float, Strict(), Field(ge=0.0, le=1.0)]


def _no_numbers(value: Any) -> Any:
    # pydantic would read 5 as 1970-01-01 plus 5 seconds: a number is never a calendar date here.
    if isinstance(value, (bool, int, float)):
        raise ValueError("expected a date as YYYY-MM-DD, not a number")
    return value


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


def is_url(text: str) -> bool:
    """Return True if ``text`` is an http(s) URL that is also a valid IRI.

    >>> is_url("https://example.org/a"), is_url("bloomberg-2022"), is_url("https://x.org/100%")
    (True, False, False)
    """
    return _URL_RE.fullmatch(text) is not None
