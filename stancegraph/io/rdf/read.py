"""Import RDF written under the stancegraph mapping (docs/rdf.md) back into a StanceGraph.

Parsing is pyoxigraph's; every quad is then mapped (the union of all named graphs). A triple the
mapping does not cover is an error naming it, or, with ``strict=False``, skipped and reported
in an :class:`~stancegraph.errors.UnmappedTriplesWarning`.

:func:`read_rdf` reads a file's bytes within limits (docs/rdf.md, "Limits"): a literal, IRI or
other token of more than 16 MiB (pyoxigraph's buffer; 8 MiB for a JSON-LD string), RDF/XML
nested more than
:data:`MAX_DEPTH` elements deep or with more than :data:`MAX_ATTRIBUTES` attributes on one
element, and JSON-LD nested more than :data:`MAX_JSONLD_DEPTH` deep are refused with a
:class:`~stancegraph.errors.ParseError` naming the line (where the format has lines) --
pyoxigraph would run out of its buffer, take time growing with the square of the depth or of
the attributes, or overflow its stack.

>>> read_rdf(b'<https://w3id.org/stancegraph/data/a> <x:p> "' + b"x" * 2**24 + b'" .',
...          "ntriples", file="big.nt")
Traceback (most recent call last):
...
stancegraph.errors.ParseError: big.nt, line 1: not valid ntriples: a literal, IRI or other token longer than 16 MiB runs through this line (expected tokens of at most 16 MiB, pyoxigraph's limit)
"""

from __future__ import annotations

import re
import warnings
import xml.parsers.expat
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, NoReturn

import numpy as np
import pyoxigraph as ox
from pydantic import BaseModel, ValidationError

from ..._stance_rows import StanceRows, collector_paused
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
from ._stance_nodes import read_triples, xsd_date, xsd_number
from .vocabulary import SG, WIKIDATA

__all__ = ["JSONLD_TOKEN_LIMIT", "MAX_ATTRIBUTES", "MAX_DEPTH", "MAX_JSONLD_DEPTH", "TOKEN_LIMIT",
           "from_quads",
           "rdf_bytes", "read_rdf"]

#: The longest token (literal, IRI, prefixed name, comment) pyoxigraph's parsers hold: 16 MiB;
#: in JSON-LD, the longest string is about half that (JSONLD_TOKEN_LIMIT).
TOKEN_LIMIT = 16 * 2**20
JSONLD_TOKEN_LIMIT = 8 * 2**20
#: The deepest nesting of RDF/XML elements read (libxml2's default limit too).
MAX_DEPTH = 256
#: The most attributes (namespace declarations included) on one RDF/XML element.
MAX_ATTRIBUTES = 256
#: The deepest nesting of JSON objects and arrays in a JSON-LD document.
MAX_JSONLD_DEPTH = 64
_FORMATS = {"turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES,
            "jsonld": ox.RdfFormat.JSON_LD, "rdfxml": ox.RdfFormat.RDF_XML,
            "trig": ox.RdfFormat.TRIG, "nquads": ox.RdfFormat.N_QUADS}
_BUFFER_FULL = "Reached the buffer maximal size"
_JSON_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"')  # unrolled: linear on long strings
# A long string of Turtle or TriG, between three double or three single quotes (unrolled too).
_LONG_STRING = re.compile(rb'"""[^"\\]*(?:(?:\\.|"(?!""))[^"\\]*)*"""'
                          rb"|'''[^'\\]*(?:(?:\\.|'(?!''))[^'\\]*)*'''")

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


def _printable(text: str) -> str:
    r"""``text`` with each character that is not printable (a control character that pyoxigraph
    quotes from the input, say) written as its escape.

    >>> _printable("Invalid IRI code point '\x1b'")
    "Invalid IRI code point '\\x1b'"
    """
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii")
                   for c in text)


def _xsd(datatype: str) -> str:
    return "xsd:" + datatype.rsplit("#", 1)[-1]


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
            day = xsd_date(self.literal(term, (XSD_DATE,), shown))
            if day is None:
                self.fail("not a valid xsd:date", triple=shown,
                          expected="a date written YYYY-MM-DD (years 1 to 9999, no time zone)")
            return day
        if kind == "decimal":
            text = self.literal(term, tuple(_NUMBERS), shown)
            number = xsd_number(text, term.datatype.value)
            if number is None:
                self.fail("not a valid number", triple=shown,
                          expected=f"the lexical form of {_xsd(term.datatype.value)}")
            return number
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

    def build(self, current: set[tuple[str, str, str]]
              ) -> tuple[dict[str, list[Any]], StanceRows, list[str]]:
        """The nodes and relations, in sections, and the stances this reader read (not
        checked yet: the graph's bulk door checks them all) with the label of each;
        ``current`` holds (holder, relation, target) of the current stances read elsewhere,
        so their shortcut triples add nothing."""
        sections: dict[str, list[Any]] = {k: [] for k in
                                          ("sources", "actors", "positions", "relations")}
        stances, labels = StanceRows.empty(), []
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
            if family == "stance":
                data = {"id": id, "relation": name, **self.record(sub, STANCE_FIELDS)}
                stances.append_fields(data)
                labels.append(f"<{iri}>")
                if not data.get("retracted") and data.get("superseded_by") is None \
                        and not data.get("conditions"):
                    current.add((str(data.get("holder")), name, str(data.get("target"))))
                continue
            if family == "node":
                data = {"id": id, "type": name, **self.record(sub, NODE_FIELDS[name])}
                if name == "Source":
                    data.pop("type")
                model: type[BaseModel] = _MODELS[name]
                section = _SECTION[name]
            else:
                data = {"id": id, "relation": name, **self.record(sub, RELATION_FIELDS)}
                model, section = Relation, "relations"
            try:
                obj = model.model_validate(data)
            except ValidationError as err:
                raise pydantic_error(err, model, record=f"<{iri}>", file=self.file) from err
            origin[(section, len(sections[section]))] = f"<{iri}>"
            sections[section].append(obj)
            if isinstance(obj, Relation):
                relations_seen.add((obj.subject, obj.relation, obj.object))
        for kind, s, relation, o in self.shortcuts:
            holder, target = self.id_of(s, "holder"), self.id_of(o, "target")
            if kind == "stance":
                if (holder, relation, target) not in current:  # else derived from a node
                    current.add((holder, relation, target))
                    stances.append(None, holder, relation, target)
                    labels.append(f"shortcut <{s}> -> <{o}>")
            elif (holder, relation, target) not in relations_seen:
                relations_seen.add((holder, relation, target))
                origin[("relations", len(sections["relations"]))] = f"shortcut <{s}> -> <{o}>"
                sections["relations"].append(Relation(subject=holder, relation=relation,
                                                      object=target))
        self.origin = origin
        return sections, stances, labels

    def label(self, section: str, i: int) -> str:
        """The IRI (or shortcut triple) record ``i`` of ``section`` was read from."""
        return self.origin.get((section, i), f"{section}[{i}]")


def rdf_bytes(text: str, name: str, file: str | None) -> bytes:
    """``text`` as UTF-8, or a ParseError naming the line of a lone surrogate (text from
    :func:`~stancegraph.loads` or a text stream may hold one; no RDF can)."""
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError as err:
        raise ParseError(f"not valid {name}: the text holds a lone surrogate (half of a UTF-16 "
                         "pair, not a character):", id=f"U+{ord(text[err.start]):04X}",
                         file=file, line=text.count("\n", 0, err.start) + 1,
                         expected="text that can be written as UTF-8") from None


def read_rdf(data: bytes, name: str, *, file: str | None = None,
             strict: bool = True) -> StanceGraph:
    """Parse RDF bytes in format ``name`` (``"turtle"``, ``"rdfxml"``, ...) within the limits
    above and build the StanceGraph; any error is a StanceGraphError naming the file (and the
    line where the format has lines).

    RDF/XML must have been checked for a DTD and JSON-LD made local (:mod:`.safety`) first.
    """
    if name == "rdfxml":
        _check_xml(data, file)
    elif name == "jsonld":
        _check_json_depth(data, file)
    try:
        return from_quads(ox.parse(data, format=_FORMATS[name]), file=file, strict=strict,
                          format=name)
    except ParseError as err:
        if name == "jsonld" and err.line is not None:
            # The lines and columns are those of the JSON-LD as made local, not of the file.
            raise ParseError(err.message, **{**_fields(err), "line": None}) from err
        if not isinstance(err.__cause__, MemoryError):
            raise
        if name == "jsonld":  # one line, as made local: say how the string starts instead
            found = next((m for m in _JSON_STRING.finditer(data)
                          if m.end() - m.start() > JSONLD_TOKEN_LIMIT - 2**12), None)
            raise err.located(id=None if found is None else data[
                found.start():found.start() + 40].decode("utf-8", "replace") + "...") \
                from err.__cause__
        line = _line_of_long_token(data)
        if line is None:
            raise
        raise ParseError(err.message.replace(" is longer ", " longer ") + " runs through this "
                         "line", **{**_fields(err), "line": line}) from err.__cause__


def _line_of_long_token(data: bytes) -> int | None:
    """The line a token longer than TOKEN_LIMIT runs through: the first line longer than that
    (a token without line breaks), else the first line of such a long string of Turtle or
    TriG (between triple quotes); None if neither is found.

    (pyoxigraph does not say where its buffer filled up. Reading through a stream, whose
    position would tell, was slow on a long token: time growing with the square of its length.)
    """
    breaks = np.flatnonzero(np.frombuffer(data, dtype=np.uint8) == ord("\n"))
    starts = np.concatenate(([0], breaks + 1))
    ends = np.concatenate((breaks, [len(data)]))
    longest = np.flatnonzero(ends - starts > TOKEN_LIMIT)
    if len(longest):
        return int(longest[0]) + 1
    for found in _LONG_STRING.finditer(data):
        if found.end() - found.start() > TOKEN_LIMIT:
            return data.count(b"\n", 0, found.start()) + 1
    return None


def _fields(err: StanceGraphError) -> dict[str, Any]:
    return {name: getattr(err, name) for name in
            ("file", "line", "record", "field", "id", "expected", "suggestion")}


class _TooMuch(Exception):
    pass


def _check_xml(data: bytes, file: str | None) -> None:
    """Refuse RDF/XML nested deeper than MAX_DEPTH, or with an element of more than
    MAX_ATTRIBUTES attributes (pyoxigraph takes time growing with their square); any other
    fault is left to pyoxigraph, which names it."""
    if data.count(b"<") <= MAX_DEPTH and data.count(b"=") <= MAX_ATTRIBUTES:
        return  # too small to go beyond either limit
    parser = xml.parsers.expat.ParserCreate()
    depth = 0

    def start(name: str, attributes: dict[str, str]) -> None:
        nonlocal depth
        depth += 1
        if depth > MAX_DEPTH:
            raise _TooMuch(f"elements nested more than {MAX_DEPTH} deep",
                           f"at most {MAX_DEPTH} nested elements", parser.CurrentLineNumber)
        if len(attributes) > MAX_ATTRIBUTES:
            raise _TooMuch(f"an element with {len(attributes)} attributes",
                           f"at most {MAX_ATTRIBUTES} attributes (namespace declarations "
                           "included) on an element", parser.CurrentLineNumber)

    def end(name: str) -> None:
        nonlocal depth
        depth -= 1

    def doctype(*args: Any) -> None:  # never expand a DTD's entities (safety.check_rdfxml)
        raise _TooMuch("a document type declaration", "RDF/XML without a DTD",
                       parser.CurrentLineNumber)

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.StartDoctypeDeclHandler = doctype
    try:
        parser.Parse(data, True)
    except _TooMuch as err:
        what, expected, line = err.args
        raise ParseError(f"not valid rdfxml: {what} (pyoxigraph would take time growing with "
                         "the square of it)", file=file, line=line, expected=expected) from None
    except xml.parsers.expat.ExpatError:
        return  # not well-formed: pyoxigraph says where


def _check_json_depth(data: bytes, file: str | None) -> None:
    """Refuse JSON-LD whose objects and arrays nest deeper than MAX_JSONLD_DEPTH: pyoxigraph
    takes time growing faster than the square of the depth (and overflows its stack at some
    thousands)."""
    brackets = np.frombuffer(_JSON_STRING.sub(b'""', data), dtype=np.uint8)
    opening = (brackets == ord("[")) | (brackets == ord("{"))
    closing = (brackets == ord("]")) | (brackets == ord("}"))
    steps = opening[opening | closing].astype(np.int64) * 2 - 1
    if len(steps) and int(np.cumsum(steps).max()) > MAX_JSONLD_DEPTH:
        raise ParseError(f"not valid jsonld: objects and arrays nested more than "
                         f"{MAX_JSONLD_DEPTH} deep (pyoxigraph would take time growing "
                         "faster than the square of the depth)", file=file,
                         expected=f"JSON-LD nested at most {MAX_JSONLD_DEPTH} deep")


def from_quads(quads: Iterable[Any], *, file: str | None = None, strict: bool = True,
               format: str = "RDF") -> StanceGraph:
    """Build a StanceGraph from pyoxigraph quads or triples (all graphs together).

    A parse error raised while the quads are read becomes a ParseError saying the input is
    not valid ``format``.
    """
    with collector_paused():
        return _from_quads(quads, file, strict, format)


def _from_quads(quads: Iterable[Any], file: str | None, strict: bool,
                format: str) -> StanceGraph:
    reader = _Reader(file, strict)
    try:
        rows, iris = read_triples(quads, reader)
    except SyntaxError as err:
        raise ParseError(f"not valid {format}: {_printable(' '.join(str(err).split()))}",
                         file=file, line=err.lineno) from err
    except MemoryError as err:
        if not str(err).startswith(_BUFFER_FULL):
            raise
        if format == "jsonld":
            raise ParseError("not valid jsonld: a string is longer than 8 MiB", file=file,
                             expected="strings of at most 8 MiB, pyoxigraph's limit in JSON-LD"
                             ) from err
        raise ParseError(f"not valid {format}: a literal, IRI or other token is longer "
                         "than 16 MiB", file=file,
                         expected="tokens of at most 16 MiB, pyoxigraph's limit") from err
    stated = zip(rows.values_of("holder"), rows.values_of("relation"),
                 rows.values_of("target"), strict=True)
    sections, stances, labels = reader.build(set(stated))
    streamed = len(rows)
    if len(stances):  # the stances the stream read, then those the general reader read
        rows = StanceRows.joined(rows, stances)
    g = StanceGraph()
    try:
        g.add_all(**sections, labels=reader.label)
        g.add_stance_rows(rows, labels=lambda i: f"<{iris[i]}>" if i < streamed
                          else labels[i - streamed])
    except StanceGraphError as err:
        raise err.located(file=file) from err
    if reader.unmapped:
        shown = "; ".join(reader.unmapped[:5])
        more = f" and {len(reader.unmapped) - 5} more" if len(reader.unmapped) > 5 else ""
        warnings.warn(UnmappedTriplesWarning(
            f"{file or 'RDF input'}: skipped {len(reader.unmapped)} triple(s) the stancegraph "
            f"mapping does not cover: {shown}{more}"), stacklevel=3)
    return g


