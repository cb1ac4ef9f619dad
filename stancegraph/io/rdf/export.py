"""Export a StanceGraph as RDF (docs/rdf.md), serialised by pyoxigraph.

Quads are generated in a fixed order -- nodes, relations and stances each sorted by id, fields in
the mapping's order, sets sorted, shortcut triples last and sorted -- so the same graph always
gives the same bytes, whatever Python's hash seed.
"""

from __future__ import annotations

import decimal
import json
import re
from collections.abc import Iterator
from typing import Any

import pyoxigraph as ox
import rdflib

from ...errors import InvalidRecordError
from ...graph import StanceGraph
from ...model import ACTOR_TYPES, Relation, is_url
from ._derived import derived_stances, derived_suffix
from ._mapping import (
    ATTRIBUTION,
    KIND_CLASSES,
    NODE_FIELDS,
    PROV_DERIVED_FROM,
    RELATION_CLASS,
    RELATION_FIELDS,
    RELATION_SHORTCUT,
    STANCE_CLASS,
    STANCE_FIELDS,
    STANCE_SHORTCUT,
    TYPE,
    XSD_BOOLEAN,
    XSD_DATE,
    XSD_DECIMAL,
    Field,
    check_base,
)
from ._ontology import ontology_text
from .vocabulary import DEFAULT_BASE, NS, SG, WIKIDATA

__all__ = ["DERIVED_PREFIXES", "PREFIXES", "decimal_text", "quads", "serialize", "to_rdflib"]

#: Prefixes written in Turtle, TriG and RDF/XML.
PREFIXES = {
    "sg": NS,
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dct": "http://purl.org/dc/terms/",
    "schema": "https://schema.org/",
    "wd": WIKIDATA,
}
#: Also written when the export holds derived stances (``prov:wasDerivedFrom``).
DERIVED_PREFIXES = {"prov": "http://www.w3.org/ns/prov#"}

Term = ox.NamedNode | ox.Literal
Row = tuple[ox.NamedNode, ox.NamedNode, Term, ox.NamedNode | None]


def decimal_text(value: float) -> str:
    """The canonical ``xsd:decimal`` text of a float: shortest, with a point, no exponent.

    >>> decimal_text(0.5), decimal_text(1.0), decimal_text(1e-7)
    ('0.5', '1.0', '0.0000001')
    """
    text = format(decimal.Decimal(repr(float(value))), "f")
    return text if "." in text else text + ".0"


class _Writer:
    """Makes pyoxigraph terms for one export, caching the IRIs it makes."""

    def __init__(self, g: StanceGraph, base: str) -> None:
        self.g = g
        self.base = check_base(base)
        self.iris: dict[str, ox.NamedNode] = {}
        self.predicates: dict[str, ox.NamedNode] = {}

    def iri(self, id: str) -> ox.NamedNode:
        node = self.iris.get(id)
        if node is None:
            node = self.iris[id] = ox.NamedNode(self.base + id)
        return node

    def named(self, iri: str) -> ox.NamedNode:
        node = self.predicates.get(iri)
        if node is None:
            try:
                node = self.predicates[iri] = ox.NamedNode(iri)
            except ValueError as err:  # the model's checks should make this unreachable
                raise InvalidRecordError(f"not a valid IRI ({err})", id=iri) from err
        return node

    def values(self, field: Field, value: Any) -> Iterator[Term]:
        if value is None or value == () or (field.value == "bool" and not value):
            return
        for v in (value if field.many else (value,)):
            kind = field.value
            if kind == "text":
                yield ox.Literal(v)
            elif kind == "id":
                yield self.iri(v)
            elif kind == "date":
                yield ox.Literal(v.isoformat(), datatype=self.named(XSD_DATE))
            elif kind == "decimal":
                yield ox.Literal(decimal_text(v), datatype=self.named(XSD_DECIMAL))
            elif kind == "bool":
                yield ox.Literal("true", datatype=self.named(XSD_BOOLEAN))
            elif kind == "wikidata":
                yield self.named(WIKIDATA + v)
            elif kind == "url":
                yield self.named(v)
            elif kind == "source":
                if is_url(v):
                    self.check_not_a_node(v)
                    yield self.named(v)
                else:
                    yield self.iri(v)
            elif kind == "condition":
                node = self.g.nodes.get(v)
                yield self.iri(v) if node is not None and node.type not in ACTOR_TYPES \
                    and node.type != "Source" else ox.Literal(v)
            elif kind == "attribution":
                yield self.named(ATTRIBUTION[v])

    def check_not_a_node(self, url: str) -> None:
        """A source URL must not be the IRI a node gets under this base: it would read back
        as that node's id."""
        if url.startswith(self.base) and url[len(self.base):] in self.g.nodes:
            raise InvalidRecordError(
                "a source URL is the IRI of a node under this base", id=url,
                expected=f"the node's id {url[len(self.base):]!r} as the source, or another "
                         "base IRI")

    def fields(self, subject: ox.NamedNode, model: Any, fields: tuple[Field, ...],
               graph: ox.NamedNode | None) -> Iterator[Row]:
        for field in fields:
            predicate = self.named(field.predicate)
            for value in self.values(field, getattr(model, field.name)):
                yield subject, predicate, value, graph


def quads(g: StanceGraph, *, base: str = DEFAULT_BASE, named_graphs: bool = False,
          derived: bool = False) -> Iterator[Row]:
    """Yield ``(subject, predicate, object, graph)`` for the graph's RDF, graph None for the
    default graph (stances go to their source's graph when ``named_graphs``). With
    ``derived``, also the rolled-up stances, as ``sg:DerivedStance`` nodes (see
    :func:`_derived_rows`)."""
    w = _Writer(g, base)
    rdf_type = w.named(TYPE)
    for id in sorted(g.nodes):
        node = g.nodes[id]
        subject = w.iri(id)
        for cls in KIND_CLASSES[node.type]:
            yield subject, rdf_type, w.named(cls), None
        yield from w.fields(subject, node, NODE_FIELDS[node.type], None)
    relations: list[Relation] = [g.relations[i] for i in sorted(g.relations)]
    shortcuts: list[Row] = []
    for rel in relations:
        assert rel.id is not None
        subject = w.iri(rel.id)
        yield subject, rdf_type, w.named(str(SG.ActorRelation)), None
        yield subject, rdf_type, w.named(RELATION_CLASS[rel.relation]), None
        yield from w.fields(subject, rel, RELATION_FIELDS, None)
        shortcuts.append((w.iri(rel.subject), w.named(RELATION_SHORTCUT[rel.relation]),
                          w.iri(rel.object), None))
    for stance in g.stances.records(by_id=True):
        graph = None
        if named_graphs and stance.source is not None:
            graph = w.named(stance.source) if is_url(stance.source) else w.iri(stance.source)
        subject = w.iri(stance.id)
        yield subject, rdf_type, w.named(str(SG.Stance)), graph
        yield subject, rdf_type, w.named(STANCE_CLASS[stance.relation]), graph
        yield from w.fields(subject, stance, STANCE_FIELDS, graph)
        if not stance.retracted and stance.superseded_by is None and not stance.conditions:
            shortcuts.append((w.iri(stance.holder), w.named(STANCE_SHORTCUT[stance.relation]),
                              w.iri(stance.target), graph))
    if derived:
        yield from _derived_rows(w, named_graphs, shortcuts)
    seen: set[tuple[str, ...]] = set()
    for row in sorted(shortcuts, key=lambda r: (r[3].value if r[3] else "", r[0].value,
                                                 r[1].value, r[2].value)):
        key = tuple(t.value if t is not None else "" for t in (row[3], row[0], row[1], row[2]))
        if key not in seen:  # two stances may share a shortcut: one triple
            seen.add(key)
            yield row


#: The stance fields a derived stance shares with the statement it comes from.
_DERIVED_FIELDS = tuple(f for f in STANCE_FIELDS
                        if f.name in ("date", "confidence", "conditions", "strength"))


def _derived_rows(w: _Writer, named_graphs: bool, shortcuts: list[Row]) -> Iterator[Row]:
    """The rolled-up stances (:func:`~._derived.derived_stances`), each a node
    ``<base><stance id>--<holder>`` typed ``sg:Stance, sg:DerivedStance`` and its relation's
    class, with ``sg:holder`` (the actor it counts for), ``sg:target``, the statement's date,
    confidence, strength and conditions, ``prov:wasDerivedFrom`` the stated stance,
    ``sg:rolledUpAlong`` each relation (or bloc) followed and ``sg:rollupPath``; in the
    statement's named graph. An unconditional one also gets its shortcut triple (added to
    ``shortcuts``), as a stated stance does."""
    rdf_type, stance_class, derived_class = (w.named(TYPE), w.named(str(SG.Stance)),
                                             w.named(str(SG.DerivedStance)))
    holder_p, target_p = w.named(str(SG.holder)), w.named(str(SG.target))
    from_p, along_p, path_p = (w.named(PROV_DERIVED_FROM), w.named(str(SG.rolledUpAlong)),
                               w.named(str(SG.rollupPath)))
    for d in derived_stances(w.g):
        stance = d.stance
        assert stance.id is not None
        graph = None
        if named_graphs and stance.source is not None:
            graph = w.named(stance.source) if is_url(stance.source) else w.iri(stance.source)
        subject = w.iri(derived_suffix(stance.id, d.holder))
        yield subject, rdf_type, stance_class, graph
        yield subject, rdf_type, derived_class, graph
        yield subject, rdf_type, w.named(STANCE_CLASS[stance.relation]), graph
        yield subject, holder_p, w.iri(d.holder), graph
        yield subject, target_p, w.iri(stance.target), graph
        yield from w.fields(subject, stance, _DERIVED_FIELDS, graph)
        yield subject, from_p, w.iri(stance.id), graph
        for id in sorted({id for ids in d.along for id in ids}):
            yield subject, along_p, w.iri(id), graph
        yield subject, path_p, ox.Literal(d.path_text), graph
        if not stance.conditions:
            shortcuts.append((w.iri(d.holder), w.named(STANCE_SHORTCUT[stance.relation]),
                              w.iri(stance.target), graph))


_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "rdfxml": ox.RdfFormat.RDF_XML,
    "trig": ox.RdfFormat.TRIG,
    "nquads": ox.RdfFormat.N_QUADS,
}
_DATASETS = ("trig", "nquads")


def serialize(g: StanceGraph, format: str, *, base: str = DEFAULT_BASE,
              derived: bool = False) -> str:
    """The graph as RDF text in ``format``: turtle, ntriples, rdfxml, trig, nquads or jsonld;
    with ``derived``, also the rolled-up stances (see :func:`quads`)."""
    if format == "jsonld":
        return _jsonld(g, base, derived)
    dataset = format in _DATASETS
    rows = quads(g, base=base, named_graphs=dataset, derived=derived)
    if dataset:
        items: Iterator[Any] = (ox.Quad(s, p, o, gr if gr is not None else ox.DefaultGraph())
                                for s, p, o, gr in rows)
    else:
        items = (ox.Triple(s, p, o) for s, p, o, _ in rows)
    if format == "rdfxml":
        items = _xml_safe(items)
    prefixes = {**PREFIXES, **(DERIVED_PREFIXES if derived else {}), "data": check_base(base)}
    data = ox.serialize(items, format=_FORMATS[format], prefixes=prefixes)
    assert data is not None  # no output given: the bytes are returned
    return data.decode("utf-8")


# Characters XML 1.0 cannot hold, escaped or not.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _xml_safe(items: Iterator[Any]) -> Iterator[Any]:
    for triple in items:
        obj = triple.object
        if isinstance(obj, ox.Literal):
            bad = _NOT_XML.search(obj.value)
            if bad:
                raise InvalidRecordError(
                    f"RDF/XML cannot hold the character {ord(bad.group()):#04x} in the value of "
                    f"<{triple.predicate.value}> of", id=triple.subject.value,
                    expected="text without control characters, or another RDF format")
        yield triple


def to_rdflib(g: StanceGraph, *, base: str = DEFAULT_BASE, derived: bool = False
              ) -> rdflib.Graph:
    """The graph's RDF as an ``rdflib.Graph`` (all stances in the default graph); with
    ``derived``, also the rolled-up stances (see :func:`quads`)."""
    graph = rdflib.Graph()
    for prefix, iri in {**PREFIXES, **(DERIVED_PREFIXES if derived else {}),
                        "data": check_base(base)}.items():
        graph.bind(prefix, iri)
    for s, p, o, _ in quads(g, base=base, derived=derived):
        graph.add((rdflib.URIRef(s.value), rdflib.URIRef(p.value), _rdflib_term(o)))
    return graph


def _rdflib_term(term: Term) -> rdflib.term.Identifier:
    if isinstance(term, ox.NamedNode):
        return rdflib.URIRef(term.value)
    datatype = term.datatype.value
    if datatype == "http://www.w3.org/2001/XMLSchema#string":
        return rdflib.Literal(term.value)
    # Keep the lexical form as written (rdflib would rewrite "1.0"^^xsd:decimal otherwise).
    return rdflib.Literal(term.value, datatype=rdflib.URIRef(datatype), normalize=False)


def _jsonld(g: StanceGraph, base: str, derived: bool = False) -> str:
    """JSON-LD compacted with the stancegraph context, inline; nodes sorted by ``@id``."""
    context = json.loads(ontology_text("context.jsonld"))["@context"]
    text = to_rdflib(g, base=base, derived=derived).serialize(format="json-ld", context=context,
                                             auto_compact=True)
    document = json.loads(text)
    nodes = document.get("@graph", [])
    if isinstance(nodes, list):
        document["@graph"] = sorted(nodes, key=lambda n: str(n.get("@id", "")))
    return json.dumps(document, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
