"""Import RDF written under the stancegraph mapping (docs/rdf.md) back into a StanceGraph.

Parsing is pyoxigraph's; every quad is then mapped (the union of all named graphs). A triple the
mapping does not cover is an error naming it, or, with ``strict=False``, skipped and reported
in an :class:`~stancegraph.errors.UnmappedTriplesWarning`.
"""

from __future__ import annotations

import datetime as dt
import re
import warnings
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, NoReturn

import pyoxigraph as ox
from pydantic import BaseModel, ValidationError

from ..._stance_rows import collector_paused
from ...errors import (
    InvalidRecordError,
    ParseError,
    StanceGraphError,
    UnmappedTriplesWarning,
)
from ...graph import StanceGraph, pydantic_error
from ...model import (
    Agreement,
    Bloc,
    Claim,
    Organization,
    Person,
    PolicyOption,
    Relation,
    Source,
    Stance,
    State,
)
from ._mapping import (
    ATTRIBUTION,
    KIND_CLASSES,
    NODE_FIELDS,
    RELATION_CLASS,
    RELATION_FIELDS,
    RELATION_SHORTCUT,
    STANCE_CLASS,
    STANCE_FIELDS,
    STANCE_SHORTCUT,
    TYPE,
    XSD_BOOLEAN,
    XSD_DATE,
    XSD_STRING,
    Field,
    local_id,
)
from ._stance_nodes import read_triples
from .vocabulary import SG, WIKIDATA

__all__ = ["from_quads"]

_MODELS: dict[str, type[BaseModel]] = {
    "Person": Person, "State": State, "Organization": Organization, "Bloc": Bloc,
    "Agreement": Agreement, "PolicyOption": PolicyOption, "Claim": Claim, "Source": Source,
}
_SECTION = {**{k: "actors" for k in ("Person", "State", "Organization", "Bloc")},
            **{k: "positions" for k in ("Agreement", "PolicyOption", "Claim")},
            "Source": "sources"}
_KIND_OF_CLASS = {classes[0]: kind for kind, classes in KIND_CLASSES.items()}
_IMPLIED = {str(SG.Actor), str(SG.Position), str(SG.Stance), str(SG.ActorRelation)}
_STANCE_OF_CLASS = {v: k for k, v in STANCE_CLASS.items()}
_RELATION_OF_CLASS = {v: k for k, v in RELATION_CLASS.items()}
_STANCE_OF_SHORTCUT = {v: k for k, v in STANCE_SHORTCUT.items()}
_RELATION_OF_SHORTCUT = {v: k for k, v in RELATION_SHORTCUT.items()}
_ATTRIBUTION_OF = {v: k for k, v in ATTRIBUTION.items()}
_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
_NUMBERS = {"http://www.w3.org/2001/XMLSchema#" + t
            for t in ("decimal", "double", "float", "integer")}


def _show(term: Any) -> str:
    if isinstance(term, str):  # an IRI
        return f"<{term}>"
    if isinstance(term, ox.NamedNode):
        return f"<{term.value}>"
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Literal):
        return str(term)
    return str(term)


def _triple(s: Any, p: Any, o: Any) -> str:
    return f"{_show(s)} {_show(p)} {_show(o)}"


@dataclass(frozen=True)
class _Shown:
    """A triple to name in an error message, rendered only if one is raised."""

    subject: str
    predicate: str
    object: Any

    def __str__(self) -> str:
        return f"<{self.subject}> <{self.predicate}> {_show(self.object)}"


@dataclass
class _Subject:
    iri: str
    kinds: set[str] = field(default_factory=set)  # "node:State", "stance:supports", ...
    triples: list[tuple[str, Any]] = field(default_factory=list)  # (predicate, object)


class _Reader:
    def __init__(self, file: str | None, strict: bool) -> None:
        self.file = file
        self.strict = strict
        self.subjects: dict[str, _Subject] = {}
        self.shortcuts: list[tuple[str, str, str, str]] = []  # (kind, subject, relation, object)
        self.unmapped: list[str] = []
        self.ids: dict[str, str] = {}

    def fail(self, message: str, *, triple: _Shown | str | None = None,
             **fields: Any) -> NoReturn:
        if triple is not None:
            message = f"{message}: {triple}"
        raise InvalidRecordError(message, file=self.file, **fields)

    def skip(self, reason: str, s: Any, p: Any, o: Any) -> None:
        text = f"{reason}: {_triple(s, p, o)}"
        if self.strict:
            raise InvalidRecordError(f"cannot map the triple ({reason})", file=self.file,
                                     expected="a triple of the stancegraph mapping (docs/rdf.md)"
                                     " -- or load with strict=False to skip such triples",
                                     record=_triple(s, p, o))
        self.unmapped.append(text)

    # -- pass 1: sort the triples by subject ---------------------------------------------------
    def add(self, s: str, predicate: str, o: Any) -> None:
        """Take the triple (subject IRI, predicate IRI, object term)."""
        subject = self.subjects.get(s)
        if subject is None:
            subject = self.subjects[s] = _Subject(s)
        if predicate == TYPE and isinstance(o, ox.NamedNode):
            cls = o.value
            if cls in _KIND_OF_CLASS:
                subject.kinds.add("node:" + _KIND_OF_CLASS[cls])
            elif cls in _STANCE_OF_CLASS:
                subject.kinds.add("stance:" + _STANCE_OF_CLASS[cls])
            elif cls in _RELATION_OF_CLASS:
                subject.kinds.add("relation:" + _RELATION_OF_CLASS[cls])
            elif cls in _IMPLIED:
                subject.kinds.add("implied:" + cls)
            else:
                self.skip("a class outside the stancegraph mapping", s, predicate, o)
            return
        if predicate in _STANCE_OF_SHORTCUT or predicate in _RELATION_OF_SHORTCUT:
            if not isinstance(o, ox.NamedNode):
                self.fail("a shortcut's object must be an IRI", triple=_triple(s, predicate, o))
            kind = "stance" if predicate in _STANCE_OF_SHORTCUT else "relation"
            relation = (_STANCE_OF_SHORTCUT if kind == "stance" else _RELATION_OF_SHORTCUT)[
                predicate]
            self.shortcuts.append((kind, s, relation, o.value))
            return
        subject.triples.append((predicate, o))

    # -- pass 2: records -----------------------------------------------------------------------
    def id_of(self, iri: str, what: str) -> str:
        id = self.ids.get(iri)
        if id is not None:
            return id
        id = local_id(iri)
        if id is not None:
            self.ids[iri] = id
        if id is None:
            self.fail(f"the IRI <{iri}> does not end in a stancegraph id", expected=(
                "an IRI whose last segment (after the last '/' or '#') is a lowercase slug, "
                f"naming the {what}"))
        assert id is not None
        return id

    def value(self, sub: _Subject, field: Field, term: Any) -> Any:
        kind = field.value
        shown = _Shown(sub.iri, field.predicate, term)  # rendered only for an error
        if kind in ("id", "attribution", "wikidata", "url"):
            if not isinstance(term, ox.NamedNode):
                self.fail(f"{field.name} must be an IRI", triple=shown)
            if kind == "id":
                return self.id_of(term.value, field.name)
            if kind == "attribution":
                if term.value not in _ATTRIBUTION_OF:
                    self.fail("unknown attribution", triple=shown,
                              expected=" or ".join(f"<{i}>" for i in _ATTRIBUTION_OF))
                return _ATTRIBUTION_OF[term.value]
            if kind == "wikidata":
                if not term.value.startswith(WIKIDATA):
                    self.fail("schema:sameAs must name a Wikidata entity", triple=shown,
                              expected=f"<{WIKIDATA}Q…>")
                return term.value[len(WIKIDATA):]
            return term.value
        if kind == "source":
            if not isinstance(term, ox.NamedNode):
                self.fail("a source must be an IRI", triple=shown)
            target = self.subjects.get(term.value)
            if target is not None and "node:Source" in target.kinds:
                return self.id_of(term.value, "source")
            return term.value
        if kind == "condition":
            if isinstance(term, ox.NamedNode):
                return self.id_of(term.value, "condition")
            return self.literal(term, (XSD_STRING, _LANG_STRING), shown)
        if kind == "text":
            return self.literal(term, (XSD_STRING, _LANG_STRING), shown)
        if kind == "date":
            text = self.literal(term, (XSD_DATE,), shown)
            try:
                return dt.date.fromisoformat(text)
            except ValueError:
                self.fail("not a valid xsd:date", triple=shown)
        if kind == "decimal":
            text = self.literal(term, tuple(_NUMBERS), shown)
            try:
                return float(text)
            except ValueError:
                self.fail("not a valid number", triple=shown)
        if kind == "bool":
            text = self.literal(term, (XSD_BOOLEAN,), shown)
            if text not in ("true", "false", "1", "0"):
                self.fail("not a valid xsd:boolean", triple=shown)
            return text in ("true", "1")
        raise AssertionError(kind)

    def literal(self, term: Any, datatypes: Iterable[str], shown: _Shown) -> str:
        allowed = tuple(datatypes)
        if not isinstance(term, ox.Literal) or term.datatype.value not in allowed:
            names = ", ".join(d.rsplit("#", 1)[-1] for d in allowed)
            self.fail("wrong kind of value", triple=shown, expected=f"a literal of type {names}")
        return str(term.value)

    def record(self, sub: _Subject, fields: tuple[Field, ...]) -> dict[str, Any]:
        by_predicate = {f.predicate: f for f in fields}
        data: dict[str, Any] = {}
        for predicate, term in sub.triples:
            f = by_predicate.get(predicate)
            if f is None:
                self.skip("a property the mapping does not give this kind of node",
                          ox.NamedNode(sub.iri), ox.NamedNode(predicate), term)
                continue
            value = self.value(sub, f, term)
            if f.many:
                data.setdefault(f.name, []).append(value)
            elif f.name in data and data[f.name] != value:
                self.fail(f"two values for {f.name} of <{sub.iri}>", expected="at most one")
            else:
                data[f.name] = value
        return data

    def build(self, current: set[tuple[str, str, str]]) -> dict[str, list[Any]]:
        """The records, in sections; ``current`` holds (holder, relation, target) of the
        current stances read elsewhere, so their shortcut triples add nothing."""
        sections: dict[str, list[Any]] = {k: [] for k in
                                          ("sources", "actors", "positions", "relations",
                                           "stances")}
        origin: dict[tuple[str, int], str] = {}
        relations_seen: set[tuple[str, str, str]] = set()
        for iri, sub in self.subjects.items():
            kinds = {k for k in sub.kinds if not k.startswith("implied:")}
            if not kinds:
                for predicate, term in sub.triples:
                    self.skip("a subject with no stancegraph type",
                              ox.NamedNode(iri), ox.NamedNode(predicate), term)
                continue
            if len(kinds) > 1:
                self.fail(f"<{iri}> has two kinds: {', '.join(sorted(kinds))}",
                          expected="one stancegraph class per node")
            (kind,) = kinds
            family, name = kind.split(":")
            id = self.id_of(iri, family)
            if family == "node":
                data = {"id": id, "type": name, **self.record(sub, NODE_FIELDS[name])}
                if name == "Source":
                    data.pop("type")
                model: type[BaseModel] = _MODELS[name]
                section = _SECTION[name]
            elif family == "stance":
                data = {"id": id, "relation": name, **self.record(sub, STANCE_FIELDS)}
                model, section = Stance, "stances"
            else:
                data = {"id": id, "relation": name, **self.record(sub, RELATION_FIELDS)}
                model, section = Relation, "relations"
            try:
                obj = model.model_validate(data)
            except ValidationError as err:
                raise pydantic_error(err, model, record=f"<{iri}>", file=self.file) from err
            origin[(section, len(sections[section]))] = iri
            sections[section].append(obj)
            if isinstance(obj, Stance) and not obj.retracted and obj.superseded_by is None \
                    and not obj.conditions:
                current.add((obj.holder, obj.relation, obj.target))
            if isinstance(obj, Relation):
                relations_seen.add((obj.subject, obj.relation, obj.object))
        for kind, s, relation, o in self.shortcuts:
            holder, target = self.id_of(s, "holder"), self.id_of(o, "target")
            if kind == "stance":
                if (holder, relation, target) not in current:  # else derived from a node
                    current.add((holder, relation, target))
                    origin[("stances", len(sections["stances"]))] = f"{s} -> {o}"
                    sections["stances"].append(Stance(holder=holder, relation=relation,
                                                      target=target))
            elif (holder, relation, target) not in relations_seen:
                relations_seen.add((holder, relation, target))
                origin[("relations", len(sections["relations"]))] = f"{s} -> {o}"
                sections["relations"].append(Relation(subject=holder, relation=relation,
                                                      object=target))
        self.origin = origin
        return sections


def from_quads(quads: Iterable[Any], *, file: str | None = None,
               strict: bool = True) -> StanceGraph:
    """Build a StanceGraph from pyoxigraph quads or triples (all graphs together)."""
    with collector_paused():
        return _from_quads(quads, file, strict)


def _from_quads(quads: Iterable[Any], file: str | None, strict: bool) -> StanceGraph:
    reader = _Reader(file, strict)
    try:
        rows, iris = read_triples(quads, reader)
    except SyntaxError as err:
        raise ParseError(f"not valid RDF: {' '.join(str(err).split())}", file=file) from err
    stated = zip(rows.values_of("holder"), rows.values_of("relation"),
                 rows.values_of("target"), strict=True)
    sections = reader.build(set(stated))
    g = StanceGraph()
    try:
        g.add_all(**{name: records for name, records in sections.items() if name != "stances"})
        stances = sections["stances"]
        for k in g._add_stance_rows(rows):
            reader.origin[("stances", len(stances))] = iris[k]
            try:
                stances.append(Stance.model_validate(rows.fields_of(k)))
            except ValidationError as err:
                raise pydantic_error(err, Stance, record=f"<{iris[k]}>", file=file) from err
        g.add_all(stances=stances)
    except StanceGraphError as err:
        raise _name_iri(err, reader, file) from err
    if reader.unmapped:
        shown = "; ".join(reader.unmapped[:5])
        more = f" and {len(reader.unmapped) - 5} more" if len(reader.unmapped) > 5 else ""
        warnings.warn(UnmappedTriplesWarning(
            f"{file or 'RDF input'}: skipped {len(reader.unmapped)} triple(s) the stancegraph "
            f"mapping does not cover: {shown}{more}"), stacklevel=3)
    return g


def _name_iri(err: StanceGraphError, reader: _Reader, file: str | None) -> StanceGraphError:
    """The same error, naming the IRI of the record instead of its index."""
    match = re.match(r"^(\w+)\[(\d+)\]$", err.record or "")
    record = err.record
    if match:
        iri = reader.origin.get((match[1], int(match[2])))
        record = f"<{iri}>" if iri is not None and " -> " not in iri else (
            f"shortcut <{iri.replace(' -> ', '> -> <')}>" if iri else err.record)
    fields = {name: getattr(err, name) for name in
              ("line", "field", "id", "expected", "suggestion")}
    return type(err)(err.message, file=file, record=record, **fields)

