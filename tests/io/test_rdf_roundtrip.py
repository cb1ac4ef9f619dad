"""RDF out and back in (docs/rdf.md): every RDF format gives the same graph and the same bytes.

Round trips in all six RDF formats, for generated graphs and the seed debate; byte-stable
output whatever the hash seed; a second parser (pyoxigraph and rdflib) reads the Turtle alike;
examples/nato_2022.ttl is the current export; every export conforms to the SHACL shapes;
hand-written Turtle with only shortcut triples loads; shortcut triples are derived only for
current, unconditional stances; and the export uses exactly the terms the ontology declares.
"""

from __future__ import annotations

import collections
import os
import re
import subprocess
import sys
import tempfile
import xml.dom.minidom
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
import rdflib
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib.compare import isomorphic

import stancegraph as sg
from stancegraph.cli import main
from stancegraph.io.formats import Later
from stancegraph.io.rdf.formats import rdf_loads
from stancegraph.io.rdf.vocabulary import SG
from tests.strategies import graphs

ROOT = Path(__file__).parents[2]
EXAMPLE_YAML = ROOT / "examples" / "nato_2022.yaml"
EXAMPLE_TTL = ROOT / "examples" / "nato_2022.ttl"
ONTOLOGY = ROOT / "ontology" / "stancegraph.ttl"
NS = "https://w3id.org/stancegraph/ns#"
DATA = "https://w3id.org/stancegraph/data/"

#: The RDF formats and the file suffix of each (the first one, if a format has several).
RDF = {"turtle": ".ttl", "ntriples": ".nt", "jsonld": ".jsonld", "rdfxml": ".rdf",
       "trig": ".trig", "nquads": ".nq"}
#: The same formats for rdflib's parser.
RDFLIB_FORMAT = {"turtle": "turtle", "ntriples": "nt", "jsonld": "json-ld", "rdfxml": "xml",
                 "trig": "trig", "nquads": "nquads"}
SETTINGS = settings(max_examples=40, deadline=None)
#: Concept schemes: declared by the ontology for SKOS, never written by the export.
SCHEMES = {"StanceRelations", "RelationKinds", "AttributionKinds", "ActorTypes"}


#: Generated graphs (their URLs are valid IRIs, as the model requires).
rdf_graphs = graphs()

#: A small graph using every field of every record type, every stance relation, every relation
#: kind and every attribution; a stance that is current, one superseded, one retracted and one
#: conditional; sources given by id and by URL.
FULL_YAML = """\
sources:
  - {id: report, title: A report, publisher: The Paper, author: A. Writer, date: 2022-03-29,
     url: "https://example.org/report", description: The whole report., tags: [seed]}
  - {id: memo, title: A memo, reported_in: report}
actors:
  - {id: germany, type: State, name: Germany, aliases: [Berlin], description: A state.,
     wikidata: Q183, tags: [eu]}
  - {id: france, type: State, name: France}
  - {id: nato, type: Organization, name: NATO}
  - {id: olaf, type: Person, name: Olaf Scholz, role: Chancellor}
  - {id: spokesman, type: Person, name: A spokesman}
  - {id: duo, type: Bloc, name: Paris-Berlin, members: [france, germany]}
positions:
  - {id: founding-act, type: Agreement, name: Founding Act, signed: 1997-05-27,
     parties: [germany, nato]}
  - {id: weapons, type: PolicyOption, name: Weapons}
  - {id: tanks, type: PolicyOption, name: Tanks, broader: weapons}
  - {id: putin-serious, type: Claim, name: Putin is serious}
relations:
  - {id: olaf-leads, subject: olaf, relation: leads, object: germany, start: 2021-12-08,
     end: 2025-05-06, source: report, quote: He leads., attribution: reported, note: A note.}
  - {subject: germany, relation: member-of, object: nato}
  - {subject: spokesman, relation: speaks-for, object: olaf}
  - {subject: olaf, relation: talks-with, object: france, about: tanks, date: 2022-03-28,
     source: "https://example.org/call"}
  - {subject: france, relation: asked, object: nato, about: weapons}
stances:
  - {id: old, holder: germany, relation: supports, target: weapons, superseded_by: new,
     attribution: on-record, confidence: 0.5}
  - {id: new, holder: germany, relation: opposes, target: weapons, attribution: anonymous}
  - {id: withdrawn, holder: olaf, relation: supports, target: putin-serious, retracted: true,
     retracted_on: 2022-04-01, attribution: document}
  - {id: conditional, holder: duo, relation: supports, target: founding-act,
     conditions: [tanks, if Russia withdraws], except: [france], intensity: strong,
     date: 2022-03-24, source: memo, speaker: olaf, quote: A quote., note: A note.,
     attribution: reported}
  - {id: current, holder: france, relation: skeptical-of, target: olaf, confidence: 1.0,
     source: "https://example.org/interview", strength: 0.5}
"""


@pytest.fixture(scope="module")
def full() -> sg.StanceGraph:
    return sg.loads(FULL_YAML)


def test_the_format_table_lists_these_rdf_formats() -> None:
    rdf_readers = {name for name, f in sg.FORMATS.items()
                   if f.family == "rdf" and isinstance(f.loads, Later)
                   and f.loads.function() is rdf_loads}
    assert rdf_readers == set(RDF)
    for name, suffix in RDF.items():
        assert suffix in sg.FORMATS[name].suffixes


# -- round trips -------------------------------------------------------------------------------

@pytest.mark.parametrize("fmt", RDF)
@SETTINGS
@given(g=rdf_graphs)
def test_loads_of_dumps_is_the_same_graph_and_the_same_bytes(fmt: str, g: sg.StanceGraph) -> None:
    try:
        text = sg.dumps(g, format=fmt)
    except sg.InvalidRecordError as err:  # control characters XML cannot hold: refused
        assert fmt == "rdfxml" and "RDF/XML cannot hold the character" in str(err)
        return
    again = sg.loads(text, format=fmt)
    assert again == g
    assert sg.dumps(again, format=fmt) == text


@SETTINGS
@given(g=rdf_graphs, order=st.randoms(use_true_random=False))
def test_triples_in_any_order_read_as_the_same_graph(g: sg.StanceGraph, order: Any) -> None:
    # Stance nodes are read into columns while the parser streams; a triple met before its
    # node's class, or a node the bulk path leaves to the models, must change nothing.
    lines = sg.dumps(g, format="ntriples").rstrip("\n").split("\n")
    order.shuffle(lines)
    assert sg.loads("\n".join(lines) + "\n", format="ntriples") == g


@pytest.mark.parametrize("first", ["statedOn", "holder", "source"])
def test_the_seed_reads_alike_with_a_property_before_the_class(nato: sg.StanceGraph,
                                                              first: str) -> None:
    # Sorted N-Triples put rdf:type first in each node; here one property comes before it.
    lines = sg.dumps(nato, format="ntriples").rstrip("\n").split("\n")

    def key(line: str) -> tuple[str, int]:
        rank = 0 if f"/ns#{first}>" in line else 1 if "#type>" in line else 2
        return line.split(" ", 1)[0], rank

    assert sg.loads("\n".join(sorted(lines, key=key)) + "\n", format="ntriples") == nato


@pytest.mark.parametrize("fmt", RDF)
def test_seed_debate_round_trips(fmt: str, nato: sg.StanceGraph, full: sg.StanceGraph) -> None:
    for g in (nato, full):
        text = sg.dumps(g, format=fmt)
        assert sg.loads(text, format=fmt) == g
        assert sg.dumps(sg.loads(text, format=fmt), format=fmt) == text


@pytest.mark.parametrize("suffix", [".ttl", ".nt", ".jsonld", ".rdf", ".owl", ".trig", ".nq"])
def test_save_and_load_by_file_suffix(tmp_path: Path, suffix: str, nato: sg.StanceGraph) -> None:
    path = tmp_path / f"debate{suffix}"
    sg.save(nato, path)
    fmt = sg.FORMATS[next(name for name, f in sg.FORMATS.items() if suffix in f.suffixes)]
    assert path.read_text(encoding="utf-8") == sg.dumps(nato, format=fmt.name)
    assert sg.load(path) == nato
    assert [p.name for p in tmp_path.iterdir()] == [path.name]  # no temporary file left


# Hypothesis shares one tmp_path between examples: each example writes into its own folder.
@settings(SETTINGS, max_examples=20, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(g=rdf_graphs, fmt=st.sampled_from(sorted(RDF)))
def test_load_of_save_is_the_same_graph(tmp_path: Path, g: sg.StanceGraph, fmt: str) -> None:
    folder = Path(tempfile.mkdtemp(dir=tmp_path))
    path = folder / f"debate{RDF[fmt]}"
    try:
        sg.save(g, path)
    except sg.InvalidRecordError as err:  # control characters XML cannot hold: refused
        assert fmt == "rdfxml" and "RDF/XML cannot hold the character" in str(err)
        assert list(folder.iterdir()) == []  # and nothing written
        return
    assert sg.load(path) == g
    assert [p.name for p in folder.iterdir()] == [path.name]


@pytest.mark.parametrize("base", ["https://example.org/debate/", "urn:example:debate#"])
@pytest.mark.parametrize("fmt", RDF)
def test_a_base_iri_changes_the_iris_not_the_ids(fmt: str, base: str,
                                                  full: sg.StanceGraph) -> None:
    text = sg.dumps(full, format=fmt, base=base)
    assert DATA not in text
    iris = {term.value for t in ox.parse(text.encode(), format=_ox_format(fmt))
            for term in (t.subject, t.object) if isinstance(term, ox.NamedNode)}
    assert f"{base}germany" in iris and f"{base}conditional" in iris
    again = sg.loads(text, format=fmt)
    assert again == full
    assert sorted(again.nodes) == sorted(full.nodes)
    assert {s.id for s in again.stances} == {s.id for s in full.stances}


@pytest.mark.parametrize("base", ["example.org/", "https://example.org/debate",
                                  "https://example.org/a b/", "https://example.org/<x>/"])
def test_a_bad_base_iri_is_refused(base: str, nato: sg.StanceGraph) -> None:
    with pytest.raises(sg.InvalidRecordError, match=r"invalid base IRI .*\(expected an absolute "
                       r"IRI ending in '/' or '#'"):
        sg.dumps(nato, format="turtle", base=base)


def test_save_load_save_is_isomorphic(tmp_path: Path, nato: sg.StanceGraph,
                                      full: sg.StanceGraph) -> None:
    for g in (nato, full):
        first, second = tmp_path / "first.ttl", tmp_path / "second.ttl"
        sg.save(g, first)
        sg.save(sg.load(first), second)
        a = rdflib.Graph().parse(first, format="turtle")
        b = rdflib.Graph().parse(second, format="turtle")
        assert len(a) > 0
        assert isomorphic(a, b)


_EXPORT = """\
import stancegraph as sg
g = sg.load({path!r})
print(sg.dumps(g, format="turtle"), end="")
print(sg.dumps(g, format="ntriples"), end="")
"""


def test_export_bytes_do_not_depend_on_the_hash_seed(nato: sg.StanceGraph) -> None:
    outputs = []
    for seed in ("0", "12345"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run([sys.executable, "-c", _EXPORT.format(path=str(EXAMPLE_YAML))],
                              capture_output=True, env=env, check=True, timeout=120)
        outputs.append(done.stdout)
    assert outputs[0] == outputs[1]
    here = (sg.dumps(nato, format="turtle") + sg.dumps(nato, format="ntriples")).encode()
    assert outputs[0] == here


# -- other parsers read the export -------------------------------------------------------------

def _ox_format(fmt: str) -> ox.RdfFormat:
    return {"turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES,
            "jsonld": ox.RdfFormat.JSON_LD, "rdfxml": ox.RdfFormat.RDF_XML,
            "trig": ox.RdfFormat.TRIG, "nquads": ox.RdfFormat.N_QUADS}[fmt]


def test_turtle_export_reads_alike_in_pyoxigraph_and_rdflib(nato: sg.StanceGraph,
                                                            full: sg.StanceGraph) -> None:
    for g in (nato, full):
        text = sg.dumps(g, format="turtle")
        oxi = list(ox.parse(text.encode("utf-8"), format=ox.RdfFormat.TURTLE))
        lib = rdflib.Graph().parse(data=text, format="turtle")
        assert len(oxi) == len(lib) == len(g.to_rdf()) > 0
        assert collections.Counter(t.predicate.value for t in oxi) == \
            collections.Counter(str(p) for p in lib.predicates())


# rdflib 7.6's JSON-LD, TriG and N-Quads parsers use its deprecated ConjunctiveGraph API.
@pytest.mark.filterwarnings(r"ignore:.*is deprecated\b:DeprecationWarning")
@pytest.mark.parametrize("fmt", RDF)
def test_rdflib_reads_every_export_of_the_seed_as_the_same_rdf(fmt: str,
                                                               nato: sg.StanceGraph) -> None:
    text = sg.dumps(nato, format=fmt)
    if fmt in ("trig", "nquads"):
        dataset = rdflib.Dataset().parse(data=text, format=RDFLIB_FORMAT[fmt])
        union = rdflib.Graph()
        for s, p, o, _ in dataset.quads((None, None, None, None)):
            union.add((s, p, o))
    else:
        union = rdflib.Graph().parse(data=text, format=RDFLIB_FORMAT[fmt])
    assert isomorphic(union, nato.to_rdf())


def test_rdfxml_export_is_well_formed_xml_or_refused() -> None:
    # A name with a C0 control character (here BEL, U+0007), which XML 1.0 cannot hold in any
    # form: refused with an error naming the node, never written as broken XML.
    g = sg.StanceGraph()
    g.add(sg.State(id="x", name="bell\x07"))
    with pytest.raises(sg.InvalidRecordError, match=r"RDF/XML cannot hold .*data/x'"):
        sg.dumps(g, format="rdfxml")
    g = sg.StanceGraph()
    g.add(sg.State(id="x", name="bell"))
    xml.dom.minidom.parseString(sg.dumps(g, format="rdfxml").encode("utf-8"))


def test_rdfxml_export_of_the_seed_is_well_formed_xml(nato: sg.StanceGraph) -> None:
    document = xml.dom.minidom.parseString(sg.dumps(nato, format="rdfxml").encode("utf-8"))
    root = document.documentElement
    assert root is not None and root.tagName == "rdf:RDF"


# -- what the model accepts, the export can write ----------------------------------------------

@pytest.mark.parametrize("url", ["https://example.org/100%", "https://example.org/a#b#c",
                                 "https://example.org/a|b"], ids=["percent", "second-hash", "bar"])
def test_urls_that_are_not_iris_are_refused_where_they_are_read(url: str) -> None:
    # Every URL the model accepts must be an IRI, or the RDF export could not write it.
    stance = ("actors: [{id: a, type: State, name: A}]\n"
              "positions: [{id: p, type: PolicyOption, name: P}]\n"
              f"stances: [{{holder: a, relation: supports, target: p, source: '{url}'}}]\n")
    with pytest.raises(sg.InvalidRecordError, match=r"line 3, stances\[0\], field 'source': "
                       r"not a valid URL"):
        sg.loads(stance)
    with pytest.raises(sg.InvalidRecordError, match=r"sources\[0\].*field 'url'"):
        sg.loads(f"sources: [{{id: s, title: T, url: '{url}'}}]\n")


def test_a_source_url_equal_to_a_source_nodes_iri_is_refused_at_export() -> None:
    # With base https://example.org/, the URL "https://example.org/report" is the IRI of the
    # Source node "report": it would read back as that node. The export says so.
    g = sg.loads("sources: [{id: report, title: R}]\n"
                 "actors: [{id: a, type: State, name: A}]\n"
                 "positions: [{id: p, type: PolicyOption, name: P}]\n"
                 "stances: [{holder: a, relation: supports, target: p,"
                 " source: 'https://example.org/report'}]\n")
    with pytest.raises(sg.InvalidRecordError, match=r"source URL is the IRI of a node.*"
                       r"'https://example.org/report'.*'report'"):
        sg.dumps(g, format="turtle", base="https://example.org/")
    assert sg.loads(sg.dumps(g, format="turtle"), format="turtle") == g  # default base: fine


# -- the example file and the shapes -----------------------------------------------------------

REGENERATE = "stancegraph export examples/nato_2022.yaml -f ttl -o examples/nato_2022.ttl"


def test_example_ttl_is_the_current_export(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", str(EXAMPLE_YAML), "-f", "ttl"]) == 0
    exported = capsys.readouterr().out
    assert EXAMPLE_TTL.read_text(encoding="utf-8") == exported, (
        f"examples/nato_2022.ttl is out of date with the export; regenerate it: {REGENERATE}")


def test_example_ttl_reads_as_the_yaml_example(nato: sg.StanceGraph) -> None:
    assert sg.load(EXAMPLE_TTL) == nato == sg.load(EXAMPLE_YAML)


def test_example_ttl_conforms_to_the_shapes() -> None:
    report = sg.validate_rdf(EXAMPLE_TTL)
    assert report.conforms, str(report)


# Turtle is left out: its export is examples/nato_2022.ttl, byte for byte (tested above).
@pytest.mark.parametrize("fmt", [f for f in RDF if f != "turtle"])
def test_every_export_of_the_seed_conforms_to_the_shapes(tmp_path: Path, fmt: str,
                                                        nato: sg.StanceGraph) -> None:
    path = tmp_path / f"nato{RDF[fmt]}"
    sg.save(nato, path)
    report = sg.validate_rdf(path)
    assert report.conforms, str(report)


# -- hand-written Turtle -----------------------------------------------------------------------

def _docs_turtle() -> str:
    docs = (ROOT / "docs" / "rdf.md").read_text(encoding="utf-8")
    section = docs.split("## Hand-written Turtle", 1)[1]
    match = re.search(r"```turtle\n(.*?)```", section, flags=re.S)
    assert match, "docs/rdf.md has no Turtle example under 'Hand-written Turtle'"
    return match[1]


def test_the_docs_hand_written_turtle_loads() -> None:
    g = sg.loads(_docs_turtle(), format="turtle")
    assert g == sg.loads(
        "actors: [{id: greens, type: Organization, name: Green Party}]\n"
        "positions: [{id: four-day-week, type: PolicyOption, name: Four-day working week}]\n"
        "stances: [{holder: greens, relation: supports, target: four-day-week}]\n")
    (stance,) = g.stances
    assert stance.id == "greens.supports.four-day-week"


HAND_WRITTEN = """\
@prefix sg: <https://w3id.org/stancegraph/ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix : <https://example.org/> .
:olaf a sg:Person ; rdfs:label "Olaf" .
:germany a sg:State ; rdfs:label "Germany" .
:nato a sg:Organization ; rdfs:label "NATO" .
:tanks a sg:PolicyOption ; rdfs:label "Tanks" .
:olaf sg:leads :germany ; sg:talksWith :nato ; sg:opposes :tanks ; sg:skepticalOf :nato .
:germany sg:memberOf :nato ; sg:supports :tanks .
"""


def test_hand_written_relation_shortcuts_load_with_ids_as_in_yaml() -> None:
    g = sg.loads(HAND_WRITTEN, format="turtle")
    assert g == sg.loads("""\
actors:
  - {id: olaf, type: Person, name: Olaf}
  - {id: germany, type: State, name: Germany}
  - {id: nato, type: Organization, name: NATO}
positions: [{id: tanks, type: PolicyOption, name: Tanks}]
relations:
  - {subject: olaf, relation: leads, object: germany}
  - {subject: olaf, relation: talks-with, object: nato}
  - {subject: germany, relation: member-of, object: nato}
stances:
  - {holder: olaf, relation: opposes, target: tanks}
  - {holder: olaf, relation: skeptical-of, target: nato}
  - {holder: germany, relation: supports, target: tanks}
""")
    assert sorted(g.relations) == ["germany.member-of.nato", "olaf.leads.germany",
                                   "olaf.talks-with.nato"]
    assert sorted(s.id for s in g.stances) == [  # type: ignore[type-var]
        "germany.supports.tanks", "olaf.opposes.tanks", "olaf.skeptical-of.nato"]


def test_a_shortcut_beside_its_stance_node_is_not_a_second_stance() -> None:
    # The shortcut matches a current, unconditional stance node: it is derived from it.
    g = sg.loads(HAND_WRITTEN + ":s1 a sg:Stance , sg:Support ; sg:holder :germany ;"
                 " sg:target :tanks .\n", format="turtle")
    assert [s.id for s in g.stances if s.holder == "germany"] == ["s1"]


def test_a_shortcut_beside_a_retracted_stance_node_is_a_stance_of_its_own() -> None:
    g = sg.loads(HAND_WRITTEN + ":s1 a sg:Stance , sg:Support ; sg:holder :germany ;"
                 " sg:target :tanks ; sg:retracted true .\n", format="turtle")
    ours = {s.id: s.retracted for s in g.stances if s.holder == "germany"}
    assert ours == {"s1": True, "germany.supports.tanks": False}


# -- shortcut triples --------------------------------------------------------------------------

_SHORTCUT = {"supports": NS + "supports", "opposes": NS + "opposes",
             "skeptical-of": NS + "skepticalOf"}
_RELATION_SHORTCUT = {"member-of": "memberOf", "leads": "leads", "speaks-for": "speaksFor",
                      "talks-with": "talksWith", "asked": "asked"}


def _shortcuts(rdf: rdflib.Graph, base: str = DATA) -> set[tuple[str, str, str]]:
    found = set()
    for s, p, o in rdf:
        if str(p) in _SHORTCUT.values():
            found.add((str(s).removeprefix(base), str(p).removeprefix(NS),
                       str(o).removeprefix(base)))
    return found


def test_only_current_unconditional_stances_have_a_shortcut(full: sg.StanceGraph) -> None:
    rdf = full.to_rdf()
    # old: superseded; withdrawn: retracted; conditional: has conditions; new, current: plain.
    assert _shortcuts(rdf) == {("germany", "opposes", "weapons"),
                               ("france", "skepticalOf", "olaf")}
    # ... and the others exist as their qualified nodes all the same.
    stance = rdflib.URIRef(NS + "Stance")
    assert {str(s).removeprefix(DATA) for s in rdf.subjects(rdflib.RDF.type, stance)} == {
        "old", "new", "withdrawn", "conditional", "current"}
    # The Turtle export says the same.
    assert _shortcuts(rdflib.Graph().parse(data=sg.dumps(full, format="turtle"),
                                           format="turtle")) == _shortcuts(rdf)


@SETTINGS
@given(g=rdf_graphs)
def test_shortcut_triples_are_exactly_the_current_unconditional_stances(g: sg.StanceGraph) -> None:
    rdf = g.to_rdf()
    expected = {(s.holder, _SHORTCUT[s.relation].removeprefix(NS), s.target) for s in g.stances
                if not s.retracted and s.superseded_by is None and not s.conditions}
    assert _shortcuts(rdf) == expected
    relations = {(str(s).removeprefix(DATA), str(p).removeprefix(NS), str(o).removeprefix(DATA))
                 for s, p, o in rdf if str(p).removeprefix(NS) in _RELATION_SHORTCUT.values()}
    assert relations == {(r.subject, _RELATION_SHORTCUT[r.relation], r.object)
                         for r in g.relations.values()}


def test_named_graphs_hold_each_stance_under_its_source(full: sg.StanceGraph) -> None:
    quads = list(ox.parse(sg.dumps(full, format="trig").encode(), format=ox.RdfFormat.TRIG))

    def graph_of(subject: str) -> set[str]:
        return {"" if isinstance(q.graph_name, ox.DefaultGraph) else q.graph_name.value
                for q in quads if q.subject.value == subject}

    assert graph_of(DATA + "conditional") == {DATA + "memo"}
    assert graph_of(DATA + "current") == {"https://example.org/interview"}
    assert graph_of(DATA + "new") == {""}  # no source: the default graph
    assert graph_of(DATA + "germany") == {""}
    shortcut = [q for q in quads if q.predicate.value == NS + "skepticalOf"]
    assert [q.graph_name.value for q in shortcut] == ["https://example.org/interview"]


# -- the terms ---------------------------------------------------------------------------------

def _declared() -> set[str]:
    onto = rdflib.Graph().parse(ONTOLOGY, format="turtle")
    return {str(s)[len(NS):] for s in onto.subjects() if str(s).startswith(NS)}


def _used(text: str, fmt: str) -> set[str]:
    """Local names of the sg IRIs an export uses as predicate or object (rdf:type included)."""
    return {term.value[len(NS):]
            for t in ox.parse(text.encode("utf-8"), format=_ox_format(fmt))
            for term in (t.predicate, t.object)
            if isinstance(term, ox.NamedNode) and term.value.startswith(NS)}


def test_the_export_uses_exactly_the_declared_terms(nato: sg.StanceGraph,
                                                    full: sg.StanceGraph) -> None:
    used: set[str] = set()
    for g in (nato, full):
        for fmt in RDF:
            for derived in (False, True):  # derived stances: sg:DerivedStance and its terms
                used |= _used(sg.dumps(g, format=fmt, derived=derived), fmt)
    declared = _declared()
    assert SCHEMES <= declared
    assert sorted(used) == sorted(declared - SCHEMES)


def test_the_closed_namespace_names_exactly_the_declared_terms() -> None:
    assert sorted(SG.__annotations__) == sorted(_declared())
    with pytest.raises(AttributeError, match="favours"):
        SG.favours  # noqa: B018 (the lookup is the test)
