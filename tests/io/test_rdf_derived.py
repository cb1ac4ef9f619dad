"""Derived stances in RDF (issue 16; docs/rdf.md, "Derived stances").

``derived=True`` writes every statement rolled up to the actors it counts for (a leader's to
the state, a spokesperson's to the principal, a bloc's to its members) as an
``sg:DerivedStance`` node with its provenance, so that "which states oppose X" in SPARQL finds
the states whose leader or bloc said it. Reading such a file gives back the graph it was
written from (derived stances are recognised, never read as statements); it conforms to the
shapes; the default export is unchanged; a store ignores derived stances in its aggregate.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from hypothesis import HealthCheck, given, settings

import stancegraph as sg
from stancegraph.io.rdf._derived import derived_stances
from tests.strategies import graphs

ROOT = Path(__file__).parents[2]
DEBATES = sorted((ROOT / "tests" / "debates").glob("*.yaml"))
NS = "https://w3id.org/stancegraph/ns#"
DATA = "https://w3id.org/stancegraph/data/"
PROV = "http://www.w3.org/ns/prov#"
RDF_FORMATS = ("turtle", "ntriples", "jsonld", "rdfxml", "trig", "nquads")

#: A debate where no state states its opposition to x itself: a nested bloc (one member
#: excepted), a spokesperson of a leader, a leader whose term ended before he spoke.
SMALL = """
sources:
  - {id: paper, title: A paper, date: 2023-02-01}
actors:
  - {id: hawks, type: Bloc, name: Hawks, members: [baltics, poland]}
  - {id: baltics, type: Bloc, name: Baltics, members: [estonia, latvia]}
  - {id: estonia, type: State, name: Estonia}
  - {id: latvia, type: State, name: Latvia}
  - {id: lithuania, type: State, name: Lithuania}
  - {id: poland, type: State, name: Poland}
  - {id: germany, type: State, name: Germany}
  - {id: uk, type: State, name: United Kingdom}
  - {id: france, type: State, name: France}
  - {id: scholz, type: Person, name: Olaf Scholz}
  - {id: hebestreit, type: Person, name: Steffen Hebestreit}
  - {id: johnson, type: Person, name: Boris Johnson}
positions:
  - {id: x, type: PolicyOption, name: X}
relations:
  - {subject: lithuania, relation: member-of, object: baltics}
  - {subject: scholz, relation: leads, object: germany}
  - {subject: hebestreit, relation: speaks-for, object: scholz}
  - {subject: johnson, relation: leads, object: uk, start: 2019-07-24, end: 2022-09-06}
stances:
  - {holder: hawks, relation: opposes, target: x, except: [poland], source: paper,
     confidence: 0.8}
  - {holder: hebestreit, relation: opposes, target: x, date: 2023-01-10}
  - {holder: johnson, relation: opposes, target: x, date: 2023-01-01}
  - {holder: france, relation: supports, target: x}
  - {holder: scholz, relation: skeptical-of, target: x, conditions: [if France agrees]}
"""

STATES_OPPOSING = """
PREFIX sg: <https://w3id.org/stancegraph/ns#>
SELECT DISTINCT ?state WHERE { ?state a sg:State ; sg:opposes <%s> } ORDER BY ?state
"""

#: The same, from the stance nodes, with who said it and along which relations.
WHO_SAID_IT = """
PREFIX sg: <https://w3id.org/stancegraph/ns#>
PREFIX prov: <http://www.w3.org/ns/prov#>
SELECT ?state ?speaker ?path WHERE {
  ?s a sg:Opposition, sg:DerivedStance ; sg:holder ?state ; sg:target <%s> ;
     prov:wasDerivedFrom ?stated ; sg:rollupPath ?path .
  ?state a sg:State .
  ?stated sg:holder ?speaker .
} ORDER BY ?state
"""


def _local(term: ox.NamedNode | rdflib.term.Node) -> str:
    return str(term.value if isinstance(term, ox.NamedNode) else term).rsplit("/", 1)[-1]


def _oxigraph(text: str, fmt: ox.RdfFormat = ox.RdfFormat.TURTLE) -> ox.Store:
    store = ox.Store()
    store.load(text.encode("utf-8"), format=fmt)
    return store


def _select(store: ox.Store, query: str) -> list[tuple[str, ...]]:
    return [tuple(_local(row[i]) if isinstance(row[i], ox.NamedNode) else row[i].value
                  for i in range(len(row))) for row in store.query(query)]


@pytest.fixture(scope="module")
def small() -> sg.StanceGraph:
    return sg.loads(SMALL)


def test_which_states_oppose_x_finds_the_bloc_and_leader_derived_states(
        small: sg.StanceGraph) -> None:
    query = STATES_OPPOSING % (DATA + "x")
    stated = _oxigraph(sg.dumps(small, format="turtle"))
    assert _select(stated, query) == []  # the issue: no state opposes x as stated
    derived = _oxigraph(sg.dumps(small, format="turtle", derived=True))
    # Estonia and Latvia (listed members of a bloc in the bloc), Lithuania (member-of the
    # inner bloc), Germany (its leader's spokesman); not Poland (excepted), not the UK (its
    # leader's term had ended), not France (supports).
    assert _select(derived, query) == [("estonia",), ("germany",), ("latvia",), ("lithuania",)]
    assert _select(derived, WHO_SAID_IT % (DATA + "x")) == [
        ("estonia", "hawks", "hawks bloc-member baltics bloc-member estonia"),
        ("germany", "hebestreit", "hebestreit speaks-for scholz leads germany"),
        ("latvia", "hawks", "hawks bloc-member baltics bloc-member latvia"),
        ("lithuania", "hawks", "hawks bloc-member baltics bloc-member lithuania"),
    ]
    # rdflib answers the same query alike.
    rdf = rdflib.Graph().parse(data=sg.dumps(small, format="turtle", derived=True),
                               format="turtle")
    assert sorted(_local(row[0]) for row in rdf.query(query)) == [
        "estonia", "germany", "latvia", "lithuania"]


def test_sparql_takes_derived(small: sg.StanceGraph) -> None:
    # (sg.sparql is this function; taken from its module, as sg.sparql resolves to the module
    # once stancegraph.io.rdf.sparql has been imported: a lazy-import name clash.)
    from stancegraph.io.rdf.sparql import sparql

    query = STATES_OPPOSING % (DATA + "x")
    assert [_local(r["state"]) for r in sparql(small, query)] == []
    assert [_local(r["state"]) for r in sparql(small, query, derived=True)] == [
        "estonia", "germany", "latvia", "lithuania"]


def test_a_derived_stance_node_carries_its_provenance(small: sg.StanceGraph) -> None:
    rdf = rdflib.Graph().parse(data=sg.dumps(small, format="turtle", derived=True),
                               format="turtle")
    sgns, prov = rdflib.Namespace(NS), rdflib.Namespace(PROV)
    node = rdflib.URIRef(DATA + "hawks.opposes.x--lithuania")
    assert set(rdf.objects(node, rdflib.RDF.type)) == {sgns.Stance, sgns.DerivedStance,
                                                       sgns.Opposition}
    assert rdf.value(node, sgns.holder) == rdflib.URIRef(DATA + "lithuania")
    assert rdf.value(node, sgns.target) == rdflib.URIRef(DATA + "x")
    assert rdf.value(node, prov.wasDerivedFrom) == rdflib.URIRef(DATA + "hawks.opposes.x")
    assert set(rdf.objects(node, sgns.rolledUpAlong)) == {
        rdflib.URIRef(DATA + "hawks"),  # lists baltics as a member
        rdflib.URIRef(DATA + "lithuania.member-of.baltics")}
    assert str(rdf.value(node, sgns.confidence)) == "0.8"  # the statement's
    assert rdf.value(node, sgns.source) is None  # provenance: through the stated stance
    # A conditional statement's derived stances keep the condition and get no shortcut.
    conditional = rdflib.URIRef(DATA + "scholz.skeptical-of.x--germany")
    assert str(rdf.value(conditional, sgns.condition)) == "if France agrees"
    assert (rdflib.URIRef(DATA + "germany"), sgns.skepticalOf, None) not in rdf
    # The inner bloc gets a derived stance too (as effective_stances lists it).
    assert (rdflib.URIRef(DATA + "hawks.opposes.x--baltics"), rdflib.RDF.type,
            sgns.DerivedStance) in rdf


def test_derived_stances_are_the_effective_stances(nato: sg.StanceGraph) -> None:
    found = {(d.stance.id, d.holder, d.path) for d in derived_stances(nato)}
    expected = {(e.stance.id, e.holder, e.path) for e in sg.effective_stances(nato)
                if e.derived and e.holder != e.target}
    assert found == expected and found


def test_which_states_oppose_each_target_in_the_seed(nato: sg.StanceGraph) -> None:
    """For every target, the SPARQL answer over the derived export is the states whose
    effective (rolled-up) stances oppose it, unconditionally: more than those stating it,
    some through a bloc and some through a leader."""
    query = """PREFIX sg: <https://w3id.org/stancegraph/ns#>
        SELECT DISTINCT ?state ?t WHERE { ?state a sg:State ; sg:opposes ?t }"""
    effective = [e for e in sg.effective_stances(nato) if e.relation == "opposes"
                 and nato.node(e.holder).type == "State" and not e.stance.conditions
                 and e.holder != e.target]
    expected = {(e.holder, e.target) for e in effective}
    as_stated = {(e.holder, e.target) for e in effective if not e.derived}
    assert set(_select(_oxigraph(sg.dumps(nato, format="turtle")), query)) == as_stated
    found = set(_select(_oxigraph(sg.dumps(nato, format="turtle", derived=True)), query))
    assert found == expected
    gained = found - as_stated
    ways = {step for e in effective if (e.holder, e.target) in gained for step in e.via}
    assert {"bloc-member", "leads"} <= ways, ways


@pytest.mark.parametrize("fmt", RDF_FORMATS)
def test_a_derived_export_reads_back_as_the_graph_it_came_from(
        fmt: str, nato: sg.StanceGraph, small: sg.StanceGraph) -> None:
    graphs = [nato, small, *(sg.load(path) for path in DEBATES)]
    for g in graphs:
        text = sg.dumps(g, format=fmt, derived=True)
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # nothing skipped: derived stances are known
            again = sg.loads(text, format=fmt)
        assert again == g
        assert len(again.stances) == len(g.stances)  # no stance read twice
        assert sg.dumps(again, format=fmt, derived=True) == text  # and the same bytes


@pytest.mark.parametrize("fmt", ["turtle", "nquads"])
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(g=graphs())
def test_any_graph_reads_back_from_its_derived_export(fmt: str, g: sg.StanceGraph) -> None:
    # Generated graphs have blocs with exceptions, dated leaders and memberships, chains of
    # spokespeople, retractions and replacements, conditions: every rule of the roll-up.
    text = sg.dumps(g, format=fmt, derived=True)
    assert sg.loads(text, format=fmt) == g
    found = {(d.stance.id, d.holder) for d in derived_stances(g)}
    assert text.count("DerivedStance>" if fmt == "nquads" else "sg:DerivedStance") == len(found)


def test_save_and_load_with_derived(tmp_path: Path, small: sg.StanceGraph) -> None:
    path = tmp_path / "small.ttl"
    sg.save(small, path, derived=True)
    assert "sg:DerivedStance" in path.read_text(encoding="utf-8")
    assert sg.load(path) == small
    with pytest.raises(sg.ArgumentError, match="takes no option 'derive'"):
        sg.save(small, path, derive=True)


def test_the_default_export_has_no_derived_stance(nato: sg.StanceGraph) -> None:
    text = sg.dumps(nato, format="turtle")
    assert "DerivedStance" not in text and "prov:" not in text
    assert text == sg.dumps(nato, format="turtle", derived=False)


def test_hand_written_derived_nodes_are_recognised_not_read() -> None:
    text = """
    @prefix sg: <https://w3id.org/stancegraph/ns#> .
    @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
    @prefix prov: <http://www.w3.org/ns/prov#> .
    @prefix : <https://example.org/> .
    :greens a sg:Organization ; rdfs:label "Green Party" .
    :ana a sg:Person ; rdfs:label "Ana" .
    :week a sg:PolicyOption ; rdfs:label "Four-day week" .
    :ana sg:speaksFor :greens .
    :ana sg:supports :week .
    :greens sg:supports :week .
    :guessed a sg:Stance, sg:Support, sg:DerivedStance ; sg:holder :greens ; sg:target :week ;
        prov:wasDerivedFrom :ana.supports.week ; sg:rollupPath "ana speaks-for greens" .
    """
    g = sg.loads(text, format="turtle")
    assert [(s.holder, s.relation, s.target) for s in g.stances] == [
        ("ana", "supports", "week")]


def test_named_graphs_hold_derived_stances_under_their_statements_source(
        small: sg.StanceGraph) -> None:
    store = _oxigraph(sg.dumps(small, format="trig", derived=True), ox.RdfFormat.TRIG)
    quads = store.quads_for_pattern(ox.NamedNode(DATA + "hawks.opposes.x--estonia"), None, None)
    assert {q.graph_name for q in quads} == {ox.NamedNode(DATA + "paper")}


@pytest.mark.parametrize("fmt", ["turtle", "jsonld", "trig"])
def test_a_derived_export_conforms_to_the_shapes(tmp_path: Path, fmt: str, nato: sg.StanceGraph,
                                                 small: sg.StanceGraph) -> None:
    pytest.importorskip("pyshacl")
    for name, g in (("nato", nato), ("small", small)):
        path = tmp_path / f"{name}.{ {'turtle': 'ttl', 'jsonld': 'jsonld', 'trig': 'trig'}[fmt] }"
        sg.save(g, path, derived=True)
        report = sg.validate_rdf(path)
        assert report.conforms, str(report)


@pytest.mark.parametrize(("edit", "message"), [
    ("no-provenance", "prov:wasDerivedFrom: a derived stance comes from exactly one stated"),
    ("derived-from-derived", "prov:wasDerivedFrom: at most one, a stated sg:Stance"),
    ("own-source", "sg:source: a derived stance has its provenance through"),
    ("bad-path", "sg:rollupPath: at most one, actor ids with the rule of each step"),
    ("stated-with-path", "only an sg:DerivedStance says what it was derived from"),
])
def test_the_shapes_catch_a_broken_derived_stance(small: sg.StanceGraph, edit: str,
                                                  message: str) -> None:
    pytest.importorskip("pyshacl")
    rdf = rdflib.Graph().parse(data=sg.dumps(small, format="turtle", derived=True),
                               format="turtle")
    sgns, prov = rdflib.Namespace(NS), rdflib.Namespace(PROV)
    node = rdflib.URIRef(DATA + "hawks.opposes.x--estonia")
    if edit == "no-provenance":
        rdf.remove((node, prov.wasDerivedFrom, None))
    elif edit == "derived-from-derived":
        rdf.set((node, prov.wasDerivedFrom, rdflib.URIRef(DATA + "hawks.opposes.x--latvia")))
    elif edit == "own-source":
        rdf.add((node, sgns.source, rdflib.URIRef(DATA + "paper")))
    elif edit == "bad-path":
        rdf.set((node, sgns.rollupPath, rdflib.Literal("hawks -> estonia")))
    else:
        rdf.add((rdflib.URIRef(DATA + "hawks.opposes.x"), sgns.rollupPath,
                 rdflib.Literal("hawks bloc-member poland")))
    report = sg.validate_rdf(rdf)
    assert not report.conforms
    assert any(message in v.message for v in report.violations), str(report)


def test_a_store_ignores_derived_stances(nato: sg.StanceGraph, small: sg.StanceGraph) -> None:
    for g in (nato, small):
        plain, derived = sg.SparqlStore(), sg.SparqlStore()
        written = plain.push(g)
        assert derived.push(g, derived=True) > written
        assert derived.pull() == g
        for level in ("state", "stated"):
            a = plain.affiliation(level=level)  # type: ignore[arg-type]
            b = derived.affiliation(level=level)  # type: ignore[arg-type]
            assert a.actors == b.actors and a.targets == b.targets
            assert (a.positive != b.positive).nnz == 0 and (a.negative != b.negative).nnz == 0
        assert derived.coalitions().to_dict() == plain.coalitions().to_dict()
    # The store's own SPARQL (here: the last store, of the small debate) finds them.
    query = STATES_OPPOSING.replace("WHERE {", f"WHERE {{ GRAPH <{derived.graph}> {{", 1)
    query = query.replace("} ORDER BY", "} } ORDER BY")
    rows = derived._endpoint.select(query % (DATA + "x"))
    assert [_local(row["state"]) for row in rows] == ["estonia", "germany", "latvia",
                                                       "lithuania"]
