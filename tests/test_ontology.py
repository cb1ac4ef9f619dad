"""The files in ontology/: the OWL ontology, the SHACL shapes and the JSON-LD context.

They parse (rdflib and pyoxigraph), declare exactly the pinned sg terms, document every term,
align to external vocabularies with IRIs those vocabularies define, agree with the model's closed
vocabularies, and work together: a stance written as docs/rdf.md says conforms to the shapes,
broken variants do not, and a graph survives a JSON-LD round trip through the context offline.
"""

from __future__ import annotations

import json
import socket
import urllib.request
from collections.abc import Callable, Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.compare import isomorphic
from rdflib.namespace import (
    DCTERMS,
    FOAF,
    ORG,
    OWL,
    PROV,
    RDF,
    RDFS,
    SDO,
    SH,
    SKOS,
    TIME,
    VANN,
    XSD,
    DefinedNamespaceMeta,
)

import stancegraph
from stancegraph.model import ACTOR_TYPES, ATTRIBUTIONS, RELATION_KINDS, STANCE_RELATIONS

ROOT = Path(__file__).resolve().parents[1]
ONTOLOGY = ROOT / "ontology" / "stancegraph.ttl"
SHAPES = ROOT / "ontology" / "shapes.ttl"
CONTEXT = ROOT / "ontology" / "context.jsonld"

SG = Namespace("https://w3id.org/stancegraph/ns#")
SGSH = Namespace("https://w3id.org/stancegraph/shapes#")
DATA = Namespace("https://w3id.org/stancegraph/data/")
ONTOLOGY_IRI = URIRef("https://w3id.org/stancegraph/ns")
VERSION_IRI = URIRef(f"https://w3id.org/stancegraph/ns/{stancegraph.__version__}")
SHAPES_IRI = URIRef("https://w3id.org/stancegraph/shapes")
LICENSE_IRI = URIRef("https://spdx.org/licenses/MIT")

# -- the terms, pinned -----------------------------------------------------------------------

CLASSES = (
    "Actor", "ActorRelation", "Agreement", "Asked", "Bloc", "Claim", "DerivedStance", "Leads",
    "MemberOf", "Opposition", "Organization", "Person", "PolicyOption", "Position",
    "Skepticism", "Source", "SpeaksFor", "Stance", "State", "Support", "TalksWith",
)  # fmt: skip
CONCEPTS = ("Anonymous", "FromDocument", "OnRecord", "Reported")
SCHEMES = ("ActorTypes", "AttributionKinds", "RelationKinds", "StanceRelations")
OBJECT_PROPERTIES = (
    "about", "asked", "attribution", "broader", "exceptMember", "holder", "leads", "member",
    "memberOf", "object", "opposes", "party", "reportedIn", "rolledUpAlong", "skepticalOf",
    "source", "speaker", "speaksFor", "subject", "supersededBy", "supports", "talksWith",
    "target",
)  # fmt: skip
DATATYPE_PROPERTIES = (
    "authorName", "confidence", "endDate", "intensity", "publisherName", "quote", "retracted",
    "retractedOn", "role", "rollupPath", "signedOn", "startDate", "statedOn", "strength", "tag",
)  # fmt: skip
# Values that are IRIs or literals (condition), and a sub-property of skos:note (an OWL
# annotation property in SKOS itself): annotation properties, to stay in OWL 2 DL.
ANNOTATION_PROPERTIES = ("condition", "note")
PROPERTIES = tuple(sorted(OBJECT_PROPERTIES + DATATYPE_PROPERTIES + ANNOTATION_PROPERTIES))

#: Every term the ontology declares, sorted: the exporter uses all of them and nothing else.
SG_TERMS = (
    "Actor", "ActorRelation", "ActorTypes", "Agreement", "Anonymous", "Asked",
    "AttributionKinds", "Bloc", "Claim", "DerivedStance", "FromDocument", "Leads", "MemberOf",
    "OnRecord",
    "Opposition", "Organization", "Person", "PolicyOption", "Position", "RelationKinds",
    "Reported", "Skepticism", "Source", "SpeaksFor", "Stance", "StanceRelations", "State",
    "Support", "TalksWith",
    "about", "asked", "attribution", "authorName", "broader", "condition", "confidence",
    "endDate", "exceptMember", "holder", "intensity", "leads", "member", "memberOf", "note",
    "object", "opposes", "party", "publisherName", "quote", "reportedIn", "retracted",
    "retractedOn", "role", "rolledUpAlong", "rollupPath", "signedOn", "skepticalOf", "source",
    "speaker", "speaksFor",
    "startDate", "statedOn", "strength", "subject", "supersededBy", "supports", "tag",
    "talksWith", "target",
)  # fmt: skip

# Properties with no fitting external super-property (checked, so that adding one is a choice).
UNALIGNED_PROPERTIES = {
    "attribution", "authorName", "condition", "confidence", "exceptMember", "intensity",
    "object", "publisherName", "retracted", "rollupPath", "strength", "subject",
}  # fmt: skip

# Vocabularies an external IRI may come from: rdflib's DefinedNamespaces list their terms.
VOCABULARIES: tuple[DefinedNamespaceMeta, ...] = (
    PROV, ORG, FOAF, SDO, SKOS, DCTERMS, TIME, OWL, RDF, RDFS, XSD, VANN, SH,
)  # fmt: skip
# IRIs that are not vocabulary terms: the two documents, the version and the licence.
NOT_TERMS = {ONTOLOGY_IRI, VERSION_IRI, SHAPES_IRI, LICENSE_IRI}

CONTEXT_PREFIXES = {
    "sg": str(SG), "rdfs": str(RDFS), "xsd": str(XSD), "skos": str(SKOS), "dct": str(DCTERMS),
    "prov": str(PROV), "org": str(ORG), "foaf": str(FOAF), "schema": str(SDO),
    "wd": "http://www.wikidata.org/entity/",
}  # fmt: skip


# -- fixtures and helpers --------------------------------------------------------------------


@pytest.fixture(scope="module")
def onto() -> Graph:
    return Graph().parse(ONTOLOGY, format="turtle")


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return Graph().parse(SHAPES, format="turtle")


@pytest.fixture(scope="module")
def context() -> dict[str, Any]:
    document: dict[str, Any] = json.loads(CONTEXT.read_text(encoding="utf-8"))
    return document


@pytest.fixture
def offline(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make any attempt to open a connection fail the test."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"network access attempted: {args!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(urllib.request, "urlopen", refuse)


def sg_name(term: object) -> str | None:
    """The local name of an sg IRI, or None for anything else."""
    if isinstance(term, URIRef) and str(term).startswith(str(SG)):
        return str(term)[len(str(SG)) :]
    return None


def declared(g: Graph) -> set[str]:
    """Local names of the sg IRIs the graph says something about."""
    return {name for s in g.subjects() if (name := sg_name(s)) is not None}


def used(g: Graph) -> set[str]:
    """Local names of the sg IRIs appearing anywhere in the graph."""
    return {name for triple in g for t in triple if (name := sg_name(t)) is not None}


def external_iris(g: Graph) -> set[URIRef]:
    """IRIs in the graph outside the sg and sgsh namespaces."""
    return {
        t
        for triple in g
        for t in triple
        if isinstance(t, URIRef) and not str(t).startswith((str(SG), str(SGSH)))
    }


def is_known_term(iri: URIRef) -> bool:
    """True if ``iri`` is a term of one of rdflib's DefinedNamespaces in VOCABULARIES.

    ``iri in NS`` checks the namespace's declared term list (its annotations), for closed and open
    namespaces alike; an IRI under none of the namespaces is not known either.
    """
    for ns in VOCABULARIES:
        if str(iri).startswith(str(ns)):
            return iri in ns
    return False


def closure(g: Graph, start: URIRef, predicate: URIRef) -> set[URIRef]:
    """Everything reachable from ``start`` along ``predicate`` (not including ``start``)."""
    found: set[URIRef] = set()
    stack = [start]
    while stack:
        for nxt in g.objects(stack.pop(), predicate):
            if isinstance(nxt, URIRef) and nxt not in found:
                found.add(nxt)
                stack.append(nxt)
    return found


def english(g: Graph, subject: URIRef, predicate: URIRef) -> list[Literal]:
    return [
        o for o in g.objects(subject, predicate) if isinstance(o, Literal) and o.language == "en"
    ]


def walk_json(value: Any) -> Iterator[tuple[str, Any]]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield key, item
            yield from walk_json(item)
    elif isinstance(value, list):
        for item in value:
            yield from walk_json(item)


# -- parsing ---------------------------------------------------------------------------------


@pytest.mark.parametrize("path", [ONTOLOGY, SHAPES], ids=lambda p: p.name)
def test_parses_with_rdflib_and_pyoxigraph_alike(path: Path) -> None:
    by_rdflib = Graph().parse(path, format="turtle")
    triples = [quad.triple for quad in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)]
    ntriples = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
    by_oxigraph = Graph().parse(data=ntriples, format="nt")
    assert len(by_rdflib) > 100
    assert isomorphic(by_rdflib, by_oxigraph)


def test_nothing_is_imported(onto: Graph, shapes: Graph, context: dict[str, Any]) -> None:
    assert not list(onto.triples((None, OWL.imports, None)))
    assert not list(shapes.triples((None, OWL.imports, None)))
    assert "@import" not in {key for key, _ in walk_json(context)}


# -- the ontology header ---------------------------------------------------------------------


def test_ontology_header(onto: Graph) -> None:
    assert set(onto.subjects(RDF.type, OWL.Ontology)) == {ONTOLOGY_IRI}
    assert onto.value(ONTOLOGY_IRI, OWL.versionInfo) == Literal(stancegraph.__version__)
    assert onto.value(ONTOLOGY_IRI, OWL.versionIRI) == VERSION_IRI
    assert onto.value(ONTOLOGY_IRI, DCTERMS.created) == Literal("2026-11-25", datatype=XSD.date)
    assert onto.value(ONTOLOGY_IRI, DCTERMS.license) == LICENSE_IRI
    assert english(onto, ONTOLOGY_IRI, DCTERMS.title)
    assert english(onto, ONTOLOGY_IRI, DCTERMS.description)
    assert onto.value(ONTOLOGY_IRI, VANN.preferredNamespaceUri) == Literal(str(SG))
    assert onto.value(ONTOLOGY_IRI, VANN.preferredNamespacePrefix) == Literal("sg")


# -- the terms -------------------------------------------------------------------------------


def test_pinned_lists_agree() -> None:
    assert list(SG_TERMS) == sorted(SG_TERMS)
    assert sorted(CLASSES + CONCEPTS + SCHEMES + PROPERTIES) == sorted(SG_TERMS)
    assert len(set(SG_TERMS)) == len(SG_TERMS) == 69


def test_declares_exactly_the_pinned_terms(onto: Graph) -> None:
    assert sorted(declared(onto)) == list(SG_TERMS)
    # ... and refers to no sg term it does not declare (a typo would be a new term).
    assert used(onto) <= set(SG_TERMS)


# Classes that are also concepts of a scheme (punning): the actor types, stance and relation kinds.
PUNNED = (
    *ACTOR_TYPES, "Support", "Opposition", "Skepticism",
    "MemberOf", "Leads", "SpeaksFor", "TalksWith", "Asked",
)  # fmt: skip


@pytest.mark.parametrize(
    ("kind", "names"),
    [
        (OWL.Class, CLASSES),
        (SKOS.Concept, CONCEPTS + PUNNED),
        (SKOS.ConceptScheme, SCHEMES),
        (OWL.ObjectProperty, OBJECT_PROPERTIES),
        (OWL.DatatypeProperty, DATATYPE_PROPERTIES),
        (OWL.AnnotationProperty, ANNOTATION_PROPERTIES),
    ],
    ids=["classes", "concepts", "schemes", "object", "datatype", "annotation"],
)
def test_kinds_of_terms(onto: Graph, kind: URIRef, names: tuple[str, ...]) -> None:
    assert {sg_name(s) for s in onto.subjects(RDF.type, kind)} - {None} == set(names)


@pytest.mark.parametrize("name", SG_TERMS)
def test_every_term_is_documented(onto: Graph, name: str) -> None:
    term = SG[name]
    labels = english(onto, term, RDFS.label)
    definitions = english(onto, term, SKOS.definition)
    assert len(labels) == 1, f"sg:{name} needs exactly one English rdfs:label"
    assert len(definitions) == 1, f"sg:{name} needs exactly one English skos:definition"
    assert len(definitions[0].split()) >= 5, f"sg:{name}: the definition is too short to help"
    assert list(onto.objects(term, RDFS.isDefinedBy)) == [ONTOLOGY_IRI]


@pytest.mark.parametrize("name", CLASSES)
def test_every_class_specialises_an_external_class(onto: Graph, name: str) -> None:
    supers = closure(onto, SG[name], RDFS.subClassOf)
    assert any(sg_name(s) is None for s in supers), f"sg:{name} reaches no external class"


@pytest.mark.parametrize("name", PROPERTIES)
def test_properties_are_aligned_or_listed_as_not(onto: Graph, name: str) -> None:
    supers = closure(onto, SG[name], RDFS.subPropertyOf)
    aligned = any(sg_name(s) is None for s in supers)
    assert aligned != (name in UNALIGNED_PROPERTIES)


@pytest.mark.parametrize("name", PROPERTIES)
def test_properties_have_domain_and_range(onto: Graph, name: str) -> None:
    # sg:note is used on stances and relations (an annotation property's domain must be an IRI);
    # sg:condition takes IRIs and literals, so no range; the shapes check both.
    assert (onto.value(SG[name], RDFS.domain) is None) == (name == "note")
    assert (onto.value(SG[name], RDFS.range) is None) == (name == "condition")


@pytest.mark.parametrize(
    ("names", "datatype"),
    [
        (("statedOn", "signedOn", "retractedOn", "startDate", "endDate"), XSD.date),
        (("retracted",), XSD.boolean),
        (("tag", "role", "publisherName", "authorName", "quote", "intensity", "note",
          "rollupPath"), XSD.string),
    ],
    ids=["dates", "boolean", "strings"],
)
def test_literal_ranges(onto: Graph, names: tuple[str, ...], datatype: URIRef) -> None:
    for name in names:
        assert onto.value(SG[name], RDFS.range) == datatype, name


def test_confidence_is_a_decimal_from_0_to_1(onto: Graph) -> None:
    restricted = onto.value(SG.confidence, RDFS.range)
    assert isinstance(restricted, BNode)
    assert onto.value(restricted, RDF.type) == RDFS.Datatype
    assert onto.value(restricted, OWL.onDatatype) == XSD.decimal
    facet_list = onto.value(restricted, OWL.withRestrictions)
    assert facet_list is not None
    facets = {
        (p, o)
        for facet in Collection(onto, facet_list)
        for p, o in onto.predicate_objects(facet)
        if isinstance(o, Literal)
    }
    assert {(p, o.toPython()) for p, o in facets} == {
        (XSD.minInclusive, 0),
        (XSD.maxInclusive, 1),
    }


def test_kinds_are_disjoint(onto: Graph) -> None:
    groups = set()
    for group in onto.subjects(RDF.type, OWL.AllDisjointClasses):
        members = onto.value(group, OWL.members)
        assert members is not None
        groups.add(frozenset(sg_name(m) for m in Collection(onto, members)))
    assert groups == {
        frozenset({"Actor", "Position", "Source", "Stance", "ActorRelation"}),
        frozenset(ACTOR_TYPES),
        frozenset({"Agreement", "PolicyOption", "Claim"}),
        frozenset({"Support", "Opposition", "Skepticism"}),
        frozenset({"MemberOf", "Leads", "SpeaksFor", "TalksWith", "Asked"}),
    }


@pytest.mark.parametrize(
    ("scheme", "notations"),
    [
        ("StanceRelations", {"Support": "supports", "Opposition": "opposes",
                             "Skepticism": "skeptical-of"}),
        ("RelationKinds", {"MemberOf": "member-of", "Leads": "leads", "SpeaksFor": "speaks-for",
                           "TalksWith": "talks-with", "Asked": "asked"}),
        ("AttributionKinds", {"OnRecord": "on-record", "Anonymous": "anonymous",
                              "FromDocument": "document", "Reported": "reported"}),
        ("ActorTypes", {t: t for t in ACTOR_TYPES}),
    ],
)  # fmt: skip
def test_concept_schemes(onto: Graph, scheme: str, notations: dict[str, str]) -> None:
    members = {sg_name(c) for c in onto.subjects(SKOS.inScheme, SG[scheme])}
    tops = {sg_name(c) for c in onto.objects(SG[scheme], SKOS.hasTopConcept)}
    assert members == tops == set(notations)
    for name, notation in notations.items():
        assert (SG[name], RDF.type, SKOS.Concept) in onto
        assert (SG[name], SKOS.topConceptOf, SG[scheme]) in onto
        assert list(onto.objects(SG[name], SKOS.notation)) == [Literal(notation)]
        assert onto.value(SG[name], SKOS.prefLabel) == onto.value(SG[name], RDFS.label)


def test_notations_are_the_models_vocabularies(onto: Graph) -> None:
    def notations(scheme: str) -> set[str]:
        return {str(onto.value(c, SKOS.notation)) for c in onto.subjects(SKOS.inScheme, SG[scheme])}

    assert notations("StanceRelations") == set(STANCE_RELATIONS)
    assert notations("RelationKinds") == set(RELATION_KINDS)
    assert notations("AttributionKinds") == set(ATTRIBUTIONS)
    assert notations("ActorTypes") == set(ACTOR_TYPES)


# -- external IRIs ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("iri", "known"),
    [
        (PROV.wasAttributedTo, True),
        (SDO.Claim, True),
        (TIME.hasTime, True),
        (URIRef(str(PROV) + "wasAttributedBy"), False),  # no such PROV term
        (URIRef(str(SDO) + "spokesperson"), False),  # no such schema.org term
        (URIRef("http://schema.org/Person"), False),  # schema.org as http: not what we write
        (URIRef(str(ORG) + "OrganisationalCollaboration"), False),  # British spelling
        (URIRef("http://example.org/Thing"), False),  # not a vocabulary we align to
    ],
)
def test_the_external_iri_check_catches_typos(iri: URIRef, known: bool) -> None:
    assert is_known_term(iri) is known


def test_closed_namespaces_refuse_unknown_terms() -> None:
    # What `iri in NS` relies on: the namespaces list their terms, and closed ones refuse others.
    with pytest.raises(AttributeError, match="not in namespace"):
        getattr(PROV, "wasAttributedBy")  # noqa: B009 (the name is not an attribute)
    assert "wasAttributedTo" in PROV and "wasAttributedBy" not in PROV
    assert "keywords" in SDO and "spokesperson" not in SDO


@pytest.mark.parametrize("path", [ONTOLOGY, SHAPES], ids=lambda p: p.name)
def test_every_external_iri_is_a_known_term(path: Path) -> None:
    g = Graph().parse(path, format="turtle")
    unknown = sorted(iri for iri in external_iris(g) - NOT_TERMS if not is_known_term(iri))
    assert unknown == []


def test_schema_org_is_matched_never_equated(onto: Graph) -> None:
    # A close match where specialising would be wrong; no owl:equivalentClass or owl:sameAs.
    matches = {(sg_name(s), o) for s, o in onto.subject_objects(SKOS.closeMatch)}
    assert matches == {
        ("State", SDO.Country),
        ("Stance", SDO.Claim),
        ("MemberOf", ORG.Membership),
    }
    assert not list(onto.triples((None, OWL.equivalentClass, None)))
    assert not list(onto.triples((None, OWL.sameAs, None)))


# -- the SHACL shapes ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def pyshacl() -> Any:
    return pytest.importorskip("pyshacl")


def test_shapes_are_valid_shacl(pyshacl: Any, shapes: Graph) -> None:
    shacl_shacl = resources.files("pyshacl") / "assets" / "shacl-shacl.ttl"
    meta = Graph().parse(data=shacl_shacl.read_text(encoding="utf-8"), format="turtle")
    conforms, _, text = pyshacl.validate(shapes, shacl_graph=meta, inference="none")
    assert conforms, text
    # pyshacl's own switch for the same check must not raise either.
    conforms, _, text = pyshacl.validate(
        Graph(), shacl_graph=shapes, inference="none", meta_shacl=True
    )
    assert conforms, text


def test_meta_validation_catches_a_broken_shape(pyshacl: Any) -> None:
    broken = """
        @prefix sh: <http://www.w3.org/ns/shacl#> .
        @prefix sg: <https://w3id.org/stancegraph/ns#> .
        <urn:x:S> a sh:NodeShape ; sh:targetClass sg:Stance ;
            sh:property [ sh:path sg:holder ; sh:minCount "one" ] .
    """
    from pyshacl.errors import ReportableRuntimeError

    shapes = Graph().parse(data=broken, format="turtle")
    with pytest.raises(ReportableRuntimeError, match="MetaSHACL"):
        pyshacl.validate(Graph(), shacl_graph=shapes, inference="none", meta_shacl=True)


def test_shapes_use_only_declared_terms(shapes: Graph) -> None:
    assert used(shapes) <= set(SG_TERMS)


def test_shapes_cover_every_class_and_property(shapes: Graph) -> None:
    targeted = {sg_name(c) for c in shapes.objects(None, SH.targetClass)}
    assert targeted >= set(CLASSES)
    paths = {sg_name(p) for p in shapes.objects(None, SH.path)}
    assert paths >= set(PROPERTIES)


def test_shapes_read_well(shapes: Graph) -> None:
    for shape in shapes.subjects(RDF.type, SH.NodeShape):
        assert shapes.value(shape, SH.name) is not None, f"{shape} has no sh:name"
    for shape in set(shapes.subjects(SH.path, None)):
        assert shapes.value(shape, SH.message) is not None, f"{shape} has no sh:message"
        if isinstance(shape, URIRef):
            assert shapes.value(shape, SH.name) is not None, f"{shape} has no sh:name"


# One stance and the nodes it refers to, written as docs/rdf.md maps them.
STANCE_TTL = """
@prefix sg: <https://w3id.org/stancegraph/ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix schema: <https://schema.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix wd: <http://www.wikidata.org/entity/> .
@prefix : <https://w3id.org/stancegraph/data/> .

:germany a sg:State, sg:Actor ;
    rdfs:label "Germany" ;
    schema:sameAs wd:Q183 ;
    sg:opposes :abandon-founding-act .
:olaf-scholz a sg:Person, sg:Actor ;
    rdfs:label "Olaf Scholz" ;
    sg:role "Chancellor" ;
    schema:sameAs wd:Q61053 ;
    sg:leads :germany .
:baltic-states a sg:Bloc, sg:Actor ;
    rdfs:label "Baltic states" ;
    sg:member :estonia .
:estonia a sg:State, sg:Actor ;
    rdfs:label "Estonia" .
:founding-act a sg:Agreement, sg:Position ;
    rdfs:label "NATO-Russia Founding Act" ;
    sg:signedOn "1997-05-27"^^xsd:date .
:abandon-founding-act a sg:PolicyOption, sg:Position ;
    rdfs:label "Abandon the NATO-Russia Founding Act" ;
    skos:altLabel "Scrap the Founding Act" ;
    dct:description "Declare the 1997 Act void." ;
    sg:broader :founding-act ;
    sg:tag "nato-russia" .
:bloomberg-2022-03-29 a sg:Source ;
    dct:title "Report on strategic splits among NATO allies" ;
    sg:publisherName "Bloomberg" ;
    dct:issued "2022-03-29"^^xsd:date ;
    schema:url <https://example.org/report> .
:germany.opposes.abandon-founding-act a sg:Stance, sg:Opposition ;
    sg:holder :germany ;
    sg:target :abandon-founding-act ;
    sg:statedOn "2022-03-28"^^xsd:date ;
    sg:source :bloomberg-2022-03-29 ;
    sg:speaker :olaf-scholz ;
    sg:quote "Germany is against abandoning the Founding Act." ;
    sg:attribution sg:Anonymous ;
    sg:confidence 0.9 ;
    sg:intensity "red-line" ;
    sg:note "Two people familiar with the talks." .
:olaf-scholz.leads.germany a sg:ActorRelation, sg:Leads ;
    sg:subject :olaf-scholz ;
    sg:object :germany ;
    sg:startDate "2021-12-08"^^xsd:date ;
    sg:source <https://example.org/coalition> .
"""

STANCE = DATA["germany.opposes.abandon-founding-act"]
RELATION = DATA["olaf-scholz.leads.germany"]


def _violations(pyshacl: Any, shapes: Graph, data: Graph) -> tuple[bool, set[str], set[Any]]:
    conforms, report, text = pyshacl.validate(data, shacl_graph=shapes, inference="none")
    messages = {str(m) for m in report.objects(None, SH.resultMessage)}
    paths = set(report.objects(None, SH.resultPath))
    return conforms, messages, paths


def test_a_stance_as_docs_rdf_maps_it_conforms(pyshacl: Any, shapes: Graph) -> None:
    data = Graph().parse(data=STANCE_TTL, format="turtle")
    conforms, messages, _ = _violations(pyshacl, shapes, data)
    assert conforms, messages


def test_a_retracted_conditional_stance_needs_no_shortcut(pyshacl: Any, shapes: Graph) -> None:
    data = Graph().parse(data=STANCE_TTL, format="turtle")
    data.remove((DATA.germany, SG.opposes, None))
    data.add((STANCE, SG.retracted, Literal(True)))
    data.add((STANCE, SG.retractedOn, Literal("2022-04-01", datatype=XSD.date)))
    data.add((STANCE, SG.condition, DATA["founding-act"]))
    data.add((STANCE, SG.condition, Literal("if Russia withdraws first")))
    conforms, messages, _ = _violations(pyshacl, shapes, data)
    assert conforms, messages


Edit = Callable[[Graph], object]

BROKEN: dict[str, tuple[Edit, str, URIRef | None]] = {
    "two holders": (
        lambda g: g.add((STANCE, SG.holder, DATA["olaf-scholz"])),
        "sg:holder: a stance has exactly one holder",
        SG.holder,
    ),
    "confidence 1.5": (
        lambda g: g.set((STANCE, SG.confidence, Literal("1.5", datatype=XSD.decimal))),
        "sg:confidence: at most one, an xsd:decimal in [0, 1]",
        SG.confidence,
    ),
    "confidence as a double": (
        lambda g: g.set((STANCE, SG.confidence, Literal(0.5))),
        "sg:confidence: at most one, an xsd:decimal in [0, 1]",
        SG.confidence,
    ),
    "date as a string": (
        lambda g: g.set((STANCE, SG.statedOn, Literal("2022-03-28"))),
        "sg:statedOn: at most one, an xsd:date",
        SG.statedOn,
    ),
    "no target": (
        lambda g: g.remove((STANCE, SG.target, None)),
        "sg:target: a stance has exactly one target",
        SG.target,
    ),
    "target is the holder": (
        lambda g: g.set((STANCE, SG.target, DATA.germany)),
        "other than its holder",
        SG.target,
    ),
    "two stance kinds": (
        lambda g: g.add((STANCE, RDF.type, SG.Support)),
        "an sg:Stance is also exactly one of sg:Support, sg:Opposition, sg:Skepticism",
        None,
    ),
    "kind without sg:Stance": (
        lambda g: g.remove((STANCE, RDF.type, SG.Stance)),
        "is also typed sg:Stance",
        None,
    ),
    "attribution outside the scheme": (
        lambda g: g.set((STANCE, SG.attribution, SG.Support)),
        "sg:attribution: at most one of sg:OnRecord",
        SG.attribution,
    ),
    "speaker not a person": (
        lambda g: g.set((STANCE, SG.speaker, DATA.estonia)),
        "sg:speaker: at most one, an sg:Person",
        SG.speaker,
    ),
    "source a literal": (
        lambda g: g.set((STANCE, SG.source, Literal("bloomberg-2022-03-29"))),
        "sg:source: at most one, an sg:Source or the http(s) URL",
        SG.source,
    ),
    "condition shaped like an id": (
        lambda g: g.add((STANCE, SG.condition, Literal("cease-fire"))),
        "sg:condition: each condition is an sg:Position, or free text",
        SG.condition,
    ),
    "exception for a state": (
        lambda g: g.add((STANCE, SG.exceptMember, DATA.estonia)),
        "sg:exceptMember: only a stance held by an sg:Bloc names exceptions",
        SG.holder,
    ),
    "retracted false": (
        lambda g: g.add((STANCE, SG.retracted, Literal(False))),
        "sg:retracted: written only as true",
        SG.retracted,
    ),
    "retraction date without retracted": (
        lambda g: g.add((STANCE, SG.retractedOn, Literal("2022-04-01", datatype=XSD.date))),
        "a stance with a retraction date is also sg:retracted true",
        SG.retracted,
    ),
    "unmapped predicate": (
        lambda g: g.add((STANCE, SG.holdr, DATA.germany)),
        "an sg:Stance has only the predicates docs/rdf.md maps for stances",
        SG.holdr,
    ),
    "missing shortcut": (
        lambda g: g.remove((DATA.germany, SG.opposes, None)),
        "current unconditional stance lacks its derived shortcut",
        None,
    ),
    "relation missing shortcut": (
        lambda g: g.remove((DATA["olaf-scholz"], SG.leads, None)),
        "relation lacks its shortcut",
        None,
    ),
    "a state leads": (
        lambda g: g.set((RELATION, SG.subject, DATA.estonia)),
        "sg:subject: only an sg:Person leads or speaks for another actor",
        SG.subject,
    ),
    "end before start": (
        lambda g: g.add((RELATION, SG.endDate, Literal("2021-01-01", datatype=XSD.date))),
        "sg:startDate: at most one, an xsd:date not after sg:endDate",
        SG.startDate,
    ),
    "label with a language tag": (
        lambda g: g.set((DATA.germany, RDFS.label, Literal("Germany", lang="en"))),
        "rdfs:label: an actor or position has exactly one name",
        RDFS.label,
    ),
    "sameAs the Wikidata page": (
        lambda g: g.set((DATA.germany, SDO.sameAs, URIRef("https://www.wikidata.org/wiki/Q183"))),
        "schema:sameAs: at most one, a Wikidata entity IRI",
        SDO.sameAs,
    ),
    "role of a state": (
        lambda g: g.add((DATA.germany, SG.role, Literal("Federal Republic"))),
        "sg:role: only an sg:Person has a role",
        None,
    ),
    "actor and position": (
        lambda g: g.add((DATA.germany, RDF.type, SG.Position)),
        "a node is of exactly one kind",
        None,
    ),
    "broader not a position": (
        lambda g: g.set((DATA["abandon-founding-act"], SG.broader, DATA.germany)),
        "sg:broader: at most one, an sg:Position",
        SG.broader,
    ),
    "source with two titles": (
        lambda g: g.add((DATA["bloomberg-2022-03-29"], DCTERMS.title, Literal("Another"))),
        "dct:title: a source has exactly one title",
        DCTERMS.title,
    ),
    "issued as a string": (
        lambda g: g.set((DATA["bloomberg-2022-03-29"], DCTERMS.issued, Literal("2022-03-29"))),
        "dct:issued: at most one, an xsd:date",
        DCTERMS.issued,
    ),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_broken_variants_do_not_conform(pyshacl: Any, shapes: Graph, case: str) -> None:
    edit, message, path = BROKEN[case]
    data = Graph().parse(data=STANCE_TTL, format="turtle")
    edit(data)
    conforms, messages, paths = _violations(pyshacl, shapes, data)
    assert not conforms
    assert any(message in m for m in messages), messages
    if path is not None:
        assert path in paths


# -- the JSON-LD context ---------------------------------------------------------------------


def test_context_is_a_json_ld_1_1_context(context: dict[str, Any]) -> None:
    assert set(context) == {"@context"}
    ctx = context["@context"]
    assert ctx["@version"] == 1.1
    assert ctx["@vocab"] == str(SG)
    assert {k: v for k, v in ctx.items() if k in CONTEXT_PREFIXES} == CONTEXT_PREFIXES
    assert ctx["label"] == "rdfs:label"
    assert ctx["sameAs"] == {"@id": "schema:sameAs", "@type": "@id"}


def test_context_has_a_term_for_every_property(onto: Graph, context: dict[str, Any]) -> None:
    ctx = context["@context"]
    literal_types = {
        **{n: "xsd:date" for n in ("statedOn", "signedOn", "retractedOn", "startDate", "endDate")},
        "confidence": "xsd:decimal",
        "strength": "xsd:decimal",
        "retracted": "xsd:boolean",
    }
    for name in PROPERTIES:
        term = ctx[name]
        term = term if isinstance(term, dict) else {"@id": term}
        assert term["@id"] == f"sg:{name}"
        if name in OBJECT_PROPERTIES:
            assert term["@type"] in ("@id", "@vocab"), name
        elif name in literal_types:
            assert term["@type"] == literal_types[name], name
        else:  # strings, and sg:condition (an IRI or a string)
            assert "@type" not in term, name


def test_context_terms_name_only_declared_terms(context: dict[str, Any]) -> None:
    ctx = context["@context"]
    ids = [t["@id"] if isinstance(t, dict) else t for k, t in ctx.items() if not k.startswith("@")]
    sg_ids = {i.removeprefix("sg:") for i in ids if i.startswith("sg:")}
    assert sg_ids <= set(SG_TERMS)


@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")
def test_the_offline_guard_catches_a_remote_context(offline: None) -> None:
    # rdflib itself would fetch a remote @context: the guard (and the importer) must stop it.
    document = {"@context": "https://example.org/context.jsonld", "@id": "https://example.org/a"}
    with pytest.raises(AssertionError, match="network access attempted"):
        Graph().parse(data=json.dumps(document), format="json-ld")


# rdflib 7.6's JSON-LD parser always builds a ConjunctiveGraph internally, which warns.
@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")
def test_json_ld_round_trip_offline(offline: None, context: dict[str, Any]) -> None:
    ctx = context["@context"]
    g = Graph().parse(data=STANCE_TTL, format="turtle")
    g.add((STANCE, SG.retracted, Literal(True)))
    g.add((STANCE, SG.condition, DATA["founding-act"]))
    g.add((STANCE, SG.condition, Literal("if Russia withdraws first")))
    text = g.serialize(format="json-ld", context=ctx)
    document = json.loads(text)
    nodes = {node["@id"]: node for node in document["@graph"]}
    stance = nodes[str(STANCE)]
    assert sorted(stance["@type"]) == ["Opposition", "Stance"]
    assert stance["holder"] == str(DATA.germany)
    assert stance["statedOn"] == "2022-03-28"
    assert stance["confidence"] == "0.9"
    assert stance["attribution"] == "Anonymous"
    assert {json.dumps(c, sort_keys=True) for c in stance["condition"]} == {
        json.dumps({"@id": str(DATA["founding-act"])}),
        json.dumps("if Russia withdraws first"),
    }
    assert nodes[str(DATA.germany)]["sameAs"] in ("wd:Q183", "http://www.wikidata.org/entity/Q183")
    assert isomorphic(Graph().parse(data=text, format="json-ld"), g)
    # The same, with the context given to the parser rather than inline.
    document.pop("@context")
    bare = json.dumps(document)
    assert isomorphic(Graph().parse(data=bare, format="json-ld", context=ctx), g)
