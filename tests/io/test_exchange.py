"""GEXF and GraphML (docs/exchange.md): what networkx's readers get back is every field of every
record, for the seed debate and generated graphs; signed networks and coalition results; valid,
deterministic XML; write-only formats refused on load; atomic writes."""

from __future__ import annotations

import io
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from hypothesis import given, settings

import stancegraph as sg
from stancegraph.io import exchange
from tests.io.test_rdf_roundtrip import FULL_YAML
from tests.strategies import graphs

SETTINGS = settings(max_examples=60, deadline=None)
FORMATS = ("gexf", "graphml")
LISTS = {"aliases", "tags", "members", "parties", "conditions", "except"}
GRAPHML = "{http://graphml.graphdrawing.org/xmlns}"
GEXF = "{http://www.gexf.net/1.2draft}"
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def read(text: str, fmt: str) -> nx.Graph[str]:
    """The file read back with networkx's own reader."""
    data = io.BytesIO(text.encode("utf-8"))
    if fmt == "graphml":
        return nx.read_graphml(data, force_multigraph=True, edge_key_type=str)
    graph = nx.read_gexf(data)
    if graph.is_multigraph():
        return graph
    # Without parallel edges networkx reads a DiGraph, the GEXF edge id as the "id" attribute.
    multi: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    multi.add_nodes_from(graph.nodes(data=True))
    multi.add_edges_from((u, v, data["id"], data) for u, v, data in graph.edges(data=True))
    return multi


def _decoded(attributes: dict[str, Any], drop: set[str]) -> dict[str, Any]:
    return {k: json.loads(v) if k in LISTS else v for k, v in attributes.items()
            if k not in drop}


def _present(record: dict[str, Any], drop: set[str]) -> dict[str, Any]:
    return {k: v for k, v in record.items() if v is not None and v != [] and k not in drop}


def check_every_field_survives(g: sg.StanceGraph, back: nx.Graph[str]) -> None:
    """Each record of ``g`` is in ``back`` with exactly its present fields (lists decoded)."""
    records = sg.to_records(g, full=True, json=True)
    nodes = records["sources"] + records["actors"] + records["positions"]
    assert back.number_of_nodes() == len(nodes)
    for record in nodes:
        attributes = dict(back.nodes[record["id"]])
        assert attributes["kind"] in ("actor", "position", "source")
        assert attributes["label"] == record.get("name", record.get("title"))
        assert _decoded(attributes, {"kind", "label"}) == _present(record, {"id"})
    edges = {key: (u, v, data) for u, v, key, data in back.edges(keys=True, data=True)}
    for section, ends in (("stances", ("holder", "target")),
                          ("relations", ("subject", "object"))):
        for record in records[section]:
            u, v, data = edges.pop(record["id"])
            assert (u, v) == (record[ends[0]], record[ends[1]])
            assert data["kind"] == section[:-1]
            assert data["label"] == record["relation"]
            assert _decoded(data, {"kind", "label", "id"}) == _present(record, {"id", *ends})
    # What is left: the edges that repeat node fields (broader, members, reported_in).
    derived = {(u, v, data["kind"]) for u, v, data in edges.values()}
    expected = set()
    for record in nodes:
        if record.get("broader"):
            expected.add((record["id"], record["broader"], "broader"))
        for member in record.get("members") or ():
            expected.add((member, record["id"], "member"))
        if record.get("reported_in"):
            expected.add((record["id"], record["reported_in"], "reported-in"))
    assert derived == expected
    assert len(edges) == len(expected)


# -- the seed debate ---------------------------------------------------------------------------

@pytest.mark.parametrize("fmt", FORMATS)
def test_the_seed_debate_keeps_every_field(nato: sg.StanceGraph, fmt: str,
                                           tmp_path: Path) -> None:
    path = tmp_path / f"nato.{fmt}"
    sg.save(nato, path)
    back = read(path.read_text(encoding="utf-8"), fmt)
    counts = nato.counts()
    assert back.number_of_nodes() == counts["actors"] + counts["positions"] + counts["sources"]
    assert isinstance(back, nx.MultiDiGraph)
    check_every_field_survives(nato, back)
    stance = back.edges["germany", "abandon-founding-act", "germany.opposes.abandon-founding-act"]
    assert stance["relation"] == "opposes" and stance["attribution"] == "anonymous"
    assert back.nodes["olaf-scholz"]["wikidata"] == "Q61053"
    assert back.nodes["olaf-scholz"]["type"] == "Person"


def test_graphml_is_valid_xml_with_declared_typed_keys(nato: sg.StanceGraph) -> None:
    root = ET.fromstring(sg.dumps(nato, format="graphml"))
    assert root.tag == f"{GRAPHML}graphml"
    keys = {k.get("id"): k for k in root.findall(f"{GRAPHML}key")}
    assert {k.get("attr.type") for k in keys.values()} == {"string", "double", "boolean"}
    names = [(k.get("for"), k.get("attr.name")) for k in keys.values()]
    assert len(names) == len(set(names))  # one key per attribute and scope: one type each
    graph = root.find(f"{GRAPHML}graph")
    assert graph is not None and graph.get("edgedefault") == "directed"
    edges = graph.findall(f"{GRAPHML}edge")
    assert len({e.get("id") for e in edges}) == len(edges)
    for element in graph.iter(f"{GRAPHML}data"):
        key = keys[element.get("key")]
        if key.get("attr.type") == "boolean":
            assert element.text in ("true", "false")  # XML Schema booleans
        if key.get("attr.type") == "double":
            float(element.text or "")


def test_gexf_is_valid_xml_with_stance_ids_and_time_intervals(nato: sg.StanceGraph) -> None:
    text = sg.dumps(nato, format="gexf")
    root = ET.fromstring(text)
    assert root.tag == f"{GEXF}gexf" and root.get("version") == "1.2"
    graph = root.find(f"{GEXF}graph")
    assert graph is not None and graph.get("defaultedgetype") == "directed"
    edges = {e.get("id"): e for e in graph.iter(f"{GEXF}edge")}
    assert "germany.opposes.abandon-founding-act" in edges
    assert edges["germany.opposes.abandon-founding-act"].get("label") == "opposes"
    # A relation's start is the edge's time interval, which Gephi's timeline reads.
    assert edges["olaf-scholz.leads.germany"].get("start") == "2021-12-08"
    assert graph.get("timeformat") == "date"
    nodes = {n.get("id"): n for n in graph.iter(f"{GEXF}node")}
    assert nodes["olaf-scholz"].get("label") == "Olaf Scholz"


@pytest.mark.parametrize("fmt", FORMATS)
def test_output_is_the_same_every_time(nato: sg.StanceGraph, fmt: str) -> None:
    text = sg.dumps(nato, format=fmt)
    assert text == sg.dumps(nato, format=fmt)
    assert "lastmodifieddate" not in text and "None" not in text


# -- generated graphs --------------------------------------------------------------------------

@pytest.mark.parametrize("fmt", FORMATS)
@SETTINGS
@given(g=graphs())
def test_generated_graphs_keep_every_field(fmt: str, g: sg.StanceGraph) -> None:
    try:
        text = sg.dumps(g, format=fmt)
    except sg.InvalidRecordError as err:
        # Refused only for a character XML cannot hold, in the field the error names.
        assert "(XML 1.0) cannot hold the character" in str(err)
        assert err.record is not None and err.field is not None and err.id is not None
        record = next(r for r in sg.to_records(g, full=True, json=True)[err.record + "s"]
                      if r["id"] == err.id)
        value = record[err.field]
        encoded = json.dumps(value, ensure_ascii=False) if isinstance(value, list) else value
        assert NOT_XML.search(encoded)
        return
    check_every_field_survives(g, read(text, fmt))


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_field_of_every_record_type_survives(fmt: str) -> None:
    g = sg.loads(FULL_YAML)
    check_every_field_survives(g, read(sg.dumps(g, format=fmt), fmt))


@pytest.mark.parametrize("fmt", FORMATS)
def test_line_breaks_tabs_and_markup_survive(fmt: str) -> None:
    g = sg.loads("""
actors: [{id: a, type: State, name: "<script>alert(1)</script> & co"},
         {id: b, type: State, name: B}]
positions: [{id: p, type: Claim, name: P, aliases: ["x, y", "[\\"z\\"]"]}]
stances:
  - {holder: a, relation: supports, target: p, quote: "one\\r\\ntwo\\rthree\\n\\tfour",
     conditions: [if it rains, p], confidence: 0.1}
""")
    check_every_field_survives(g, read(sg.dumps(g, format=fmt), fmt))


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_control_character_is_refused_and_the_old_file_kept(fmt: str, tmp_path: Path) -> None:
    g = sg.StanceGraph()
    g.add(sg.State(id="a", name="A"))
    g.add(sg.Claim(id="p", name="P"))
    g.add_stance(holder="a", relation="supports", target="p", quote="bell\x07")
    path = tmp_path / f"debate.{fmt}"
    path.write_text("old\n", encoding="utf-8")
    with pytest.raises(sg.InvalidRecordError,
                       match=r"^stance, field 'quote': GEXF and GraphML \(XML 1\.0\) cannot hold "
                             r"the character U\+0007 in the stance 'a\.supports\.p'"):
        sg.save(g, path)
    assert [p.name for p in tmp_path.iterdir()] == [path.name]
    assert path.read_text(encoding="utf-8") == "old\n"


# -- signed networks and coalition results -----------------------------------------------------

@pytest.mark.parametrize("fmt", FORMATS)
def test_a_signed_network_keeps_its_ties(nato: sg.StanceGraph, fmt: str, tmp_path: Path) -> None:
    network = sg.signed_network(nato)
    path = tmp_path / f"ties.{fmt}"
    sg.save(network, path)
    back = read(path.read_text(encoding="utf-8"), fmt)
    ties = network.to_networkx()
    assert back.number_of_nodes() == len(network)
    assert back.number_of_edges() == ties.number_of_edges()
    for u, v, data in back.edges(data=True):
        expected = ties.edges[u, v]
        for name in ("positive", "negative", "weight", "sign", "ambivalent"):
            assert data[name] == pytest.approx(expected[name]), name


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_coalition_result_gives_each_actor_its_camp(nato: sg.StanceGraph, fmt: str,
                                                      tmp_path: Path) -> None:
    result = sg.coalitions(nato)
    path = tmp_path / f"camps.{fmt}"
    sg.save(result, path)
    back = read(path.read_text(encoding="utf-8"), fmt)
    labels = result.camp_labels()
    for i, coalition in enumerate(result.coalitions):
        for actor in coalition.members:
            assert back.nodes[actor]["coalition"] == i
            assert back.nodes[actor]["camp"] == labels[i]
    for actor in result.unaligned:
        assert (back.nodes[actor]["coalition"], back.nodes[actor]["camp"]) == (-1, "unaligned")
    assert back.nodes["france"]["coalition"] == back.nodes["germany"]["coalition"]
    assert {data["sign"] for _, _, data in back.edges(data=True)} <= {-1, 0, 1}
    assert back.number_of_edges() == result.network.to_networkx().number_of_edges()


def test_a_small_factored_network_is_written_like_its_explicit_form(nato: sg.StanceGraph) -> None:
    factored = sg.signed_network(nato, form="factored")
    explicit = sg.signed_network(nato, form="explicit")
    assert factored.is_factored
    assert sg.dumps(factored, format="gexf") == sg.dumps(explicit, format="gexf")


def test_a_network_with_too_many_ties_is_refused(nato: sg.StanceGraph,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    factored = sg.signed_network(nato, form="factored")
    bound = factored.tie_bound()
    assert bound >= factored.to_networkx().number_of_edges()
    monkeypatch.setattr(exchange, "MAX_TIES", bound - 1)
    with pytest.raises(sg.InvalidRecordError, match=rf"has up to {bound:,} ties, more than the "):
        sg.dumps(factored, format="graphml")


# -- what the format table says ----------------------------------------------------------------

@pytest.mark.parametrize("fmt", FORMATS)
def test_the_formats_are_written_only(fmt: str, tmp_path: Path) -> None:
    path = tmp_path / f"debate.{fmt}"
    path.write_text("<xml/>", encoding="utf-8")
    message = rf"stancegraph writes but does not read the format '{fmt}' \(expected a format it reads: .*dna, .*json, .*yaml\)"
    with pytest.raises(sg.UnknownFormatError, match=message):
        sg.load(path)
    with pytest.raises(sg.UnknownFormatError, match=message):
        sg.loads("<xml/>", format=fmt)


def test_other_formats_refuse_a_coalition_result(nato: sg.StanceGraph, tmp_path: Path) -> None:
    result = sg.coalitions(nato)
    with pytest.raises(sg.InvalidRecordError, match=r"a CoalitionResult cannot be written in the "
                       r"format 'yaml' \(expected one of: gexf, graphml\)"):
        sg.dumps(result, format="yaml")
    with pytest.raises(sg.InvalidRecordError, match=r"a SignedNetwork cannot be written in the "
                       r"format 'turtle'"):
        sg.save(result.network, tmp_path / "ties.ttl")
    assert list(tmp_path.iterdir()) == []


def test_gexf_takes_no_options(nato: sg.StanceGraph) -> None:
    with pytest.raises(sg.ArgumentError, match=r"the gexf writer takes no option 'base'"):
        sg.dumps(nato, format="gexf", base="https://example.org/")
