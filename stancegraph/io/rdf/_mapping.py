"""The mapping between model fields and RDF terms, shared by export and import (docs/rdf.md)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SDO, SKOS, XSD

from ...errors import InvalidRecordError
from ...model import all_ids, iri_problem, is_id
from .vocabulary import SG

__all__ = [
    "ATTRIBUTION",
    "Field",
    "KIND_CLASSES",
    "NODE_FIELDS",
    "PROV_DERIVED_FROM",
    "RELATION_CLASS",
    "RELATION_FIELDS",
    "RELATION_SHORTCUT",
    "STANCE_CLASS",
    "STANCE_FIELDS",
    "STANCE_SHORTCUT",
    "check_base",
    "local_id",
]

Value = Literal["text", "id", "date", "decimal", "bool", "wikidata", "url", "source", "condition",
                "attribution"]


@dataclass(frozen=True)
class Field:
    """One model field: its predicate, what kind of RDF value it holds, whether it is a set."""

    name: str
    predicate: str
    value: Value
    many: bool = False


_COMMON = (
    Field("name", str(RDFS.label), "text"),
    Field("aliases", str(SKOS.altLabel), "text", many=True),
    Field("description", str(DCTERMS.description), "text"),
    Field("wikidata", str(SDO.sameAs), "wikidata"),
    Field("tags", str(SG.tag), "text", many=True),
)
_POSITION = (*_COMMON, Field("broader", str(SG.broader), "id"))

#: Fields of each node type, in the order they are written.
NODE_FIELDS: dict[str, tuple[Field, ...]] = {
    "Person": (*_COMMON, Field("role", str(SG.role), "text")),
    "State": _COMMON,
    "Organization": _COMMON,
    "Bloc": (*_COMMON, Field("members", str(SG.member), "id", many=True)),
    "Agreement": (*_POSITION, Field("signed", str(SG.signedOn), "date"),
                  Field("parties", str(SG.party), "id", many=True)),
    "PolicyOption": _POSITION,
    "Claim": _POSITION,
    "Source": (
        Field("title", str(DCTERMS.title), "text"),
        Field("publisher", str(SG.publisherName), "text"),
        Field("author", str(SG.authorName), "text"),
        Field("date", str(DCTERMS.issued), "date"),
        Field("url", str(SDO.url), "url"),
        Field("reported_in", str(SG.reportedIn), "id"),
        Field("description", str(DCTERMS.description), "text"),
        Field("tags", str(SG.tag), "text", many=True),
    ),
}

#: rdf:type IRIs of each node type: its own class, then the class it specialises.
KIND_CLASSES: dict[str, tuple[str, ...]] = {
    **{t: (str(SG[t]), str(SG.Actor)) for t in ("Person", "State", "Organization", "Bloc")},
    **{t: (str(SG[t]), str(SG.Position)) for t in ("Agreement", "PolicyOption", "Claim")},
    "Source": (str(SG.Source),),
}

_PROVENANCE = (
    Field("source", str(SG.source), "source"),
    Field("quote", str(SG.quote), "text"),
    Field("attribution", str(SG.attribution), "attribution"),
    Field("note", str(SG.note), "text"),
)

#: Fields of a stance node (holder, target and the relation are written first).
STANCE_FIELDS: tuple[Field, ...] = (
    Field("holder", str(SG.holder), "id"),
    Field("target", str(SG.target), "id"),
    Field("date", str(SG.statedOn), "date"),
    Field("speaker", str(SG.speaker), "id"),
    *_PROVENANCE,
    Field("confidence", str(SG.confidence), "decimal"),
    Field("intensity", str(SG.intensity), "text"),
    Field("conditions", str(SG.condition), "condition", many=True),
    Field("except_", str(SG.exceptMember), "id", many=True),
    Field("retracted", str(SG.retracted), "bool"),
    Field("retracted_on", str(SG.retractedOn), "date"),
    Field("superseded_by", str(SG.supersededBy), "id"),
    Field("strength", str(SG.strength), "decimal"),
)

#: Fields of an actor-relation node.
RELATION_FIELDS: tuple[Field, ...] = (
    Field("subject", str(SG.subject), "id"),
    Field("object", str(SG.object), "id"),
    Field("about", str(SG.about), "id"),
    Field("date", str(SG.statedOn), "date"),
    Field("start", str(SG.startDate), "date"),
    Field("end", str(SG.endDate), "date"),
    *_PROVENANCE,
)

STANCE_CLASS = {"supports": str(SG.Support), "opposes": str(SG.Opposition),
                "skeptical-of": str(SG.Skepticism)}
STANCE_SHORTCUT = {"supports": str(SG.supports), "opposes": str(SG.opposes),
                   "skeptical-of": str(SG.skepticalOf)}
RELATION_CLASS = {"member-of": str(SG.MemberOf), "leads": str(SG.Leads),
                  "speaks-for": str(SG.SpeaksFor), "talks-with": str(SG.TalksWith),
                  "asked": str(SG.Asked)}
RELATION_SHORTCUT = {"member-of": str(SG.memberOf), "leads": str(SG.leads),
                     "speaks-for": str(SG.speaksFor), "talks-with": str(SG.talksWith),
                     "asked": str(SG.asked)}
ATTRIBUTION = {"on-record": str(SG.OnRecord), "anonymous": str(SG.Anonymous),
               "document": str(SG.FromDocument), "reported": str(SG.Reported)}

TYPE = str(RDF.type)
#: What a derived stance (``sg:DerivedStance``) links to the stated stance it comes from with.
PROV_DERIVED_FROM = str(PROV.wasDerivedFrom)
XSD_DATE, XSD_DECIMAL, XSD_BOOLEAN, XSD_STRING = (str(XSD.date), str(XSD.decimal),
                                                  str(XSD.boolean), str(XSD.string))

# An absolute IRI ending in / or #, with none of the characters IRIs forbid.
_BASE = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:[^\s<>\"{}|\\^`]*[/#]$")


def check_base(base: str) -> str:
    """Return ``base`` if it can prefix ids safely, else raise InvalidRecordError.

    >>> check_base("https://example.org/debate/")
    'https://example.org/debate/'
    >>> check_base("https://example.org/a b/")
    Traceback (most recent call last):
    ...
    stancegraph.errors.InvalidRecordError: invalid base IRI 'https://example.org/a b/' (expected an absolute IRI ending in '/' or '#', without spaces or <>"{}|\\^`, control, invisible or private-use characters)
    """
    if not isinstance(base, str) or not _BASE.match(base) or iri_problem(base) is not None:
        raise InvalidRecordError("invalid base IRI", id=str(base),
                                 expected="an absolute IRI ending in '/' or '#', without spaces "
                                          "or <>\"{}|\\^`, control, invisible or private-use "
                                          "characters")
    return base


def local_id(iri: str) -> str | None:
    """The id an IRI names: what follows its last ``/`` or ``#``, if that is a valid id.

    >>> local_id("https://example.org/debate/olaf-scholz"), local_id("https://example.org/Olaf")
    ('olaf-scholz', None)
    """
    cut = max(iri.rfind("/"), iri.rfind("#"))
    name = iri[cut + 1:]
    return name if name and is_id(name) else None


def local_ids(iris: list[str]) -> list[str | None]:
    """:func:`local_id` of many IRIs; when all are valid, one regex pass checks them all.

    >>> local_ids(["https://example.org/a", "https://example.org/B"])
    ['a', None]
    """
    names = [iri[max(iri.rfind("/"), iri.rfind("#")) + 1:] for iri in iris]
    if all_ids(names):
        return list(names)
    return [name if name and is_id(name) else None for name in names]
