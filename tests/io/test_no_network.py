"""Reading and querying never open a connection (docs/rdf.md, "Network access").

A counting HTTP server on 127.0.0.1 serves whatever a parser might fetch -- a JSON-LD context, a
DTD, Turtle, SPARQL results -- and every bait below points at it: remote and ``file:`` JSON-LD
contexts and ``@import``, RDF/XML external entities, SPARQL ``SERVICE`` / ``FROM`` / ``LOAD``,
``owl:imports``, a URL given to ``sg.load``. Each must fail with a StanceGraphError (or, for
``owl:imports``, be read as a plain triple) while the server sees no request at all. The one
documented opt-in, ``g.sparql(..., allow_network=True)``, does reach it: proof that the server
would have seen a fetch.
"""

from __future__ import annotations

import json
import socket
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import rdflib

import stancegraph as sg
from stancegraph.cli import main
from tests.security.counting_server import Server, serve, without_proxy

NS = "https://w3id.org/stancegraph/ns#"
CONTEXT_IRI = "https://w3id.org/stancegraph/context.jsonld"


@pytest.fixture
def server() -> Iterator[Server]:
    """The counting HTTP server on 127.0.0.1 (tests/security/counting_server.py)."""
    with serve() as seen:
        yield seen


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    """Requests to 127.0.0.1 go straight to the bait server, whatever proxy is configured."""
    without_proxy(monkeypatch)


def test_the_server_counts_what_reaches_it(server: Server) -> None:
    assert server.untouched
    with urllib.request.urlopen(f"{server.url}/ctx.jsonld", timeout=3) as response:
        assert json.load(response) == {"@context": {"sg": NS}}
    assert server.requests == ["GET /ctx.jsonld"]


# -- bait in files -----------------------------------------------------------------------------

def _jsonld(context: Any) -> str:
    return json.dumps({"@context": context, "@id": "https://example.org/germany",
                       "@type": "State", "label": "Germany"})


def _rdfxml(doctype: str) -> str:
    return ('<?xml version="1.0"?>\n' + doctype + "\n"
            '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"'
            ' xmlns:rdfs="http://www.w3.org/2000/01/rdf-schema#"'
            ' xmlns:sg="https://w3id.org/stancegraph/ns#">\n'
            '  <sg:State rdf:about="https://example.org/germany">'
            "<rdfs:label>&x;</rdfs:label></sg:State>\n</rdf:RDF>\n")


#: name -> (format, a function of the server URL giving the document, regex of the error)
BAIT: dict[str, tuple[str, Callable[[str], str], str]] = {
    "jsonld-remote-context": (
        "jsonld", lambda url: _jsonld(f"{url}/ctx.jsonld"),
        r"a remote JSON-LD @context is refused: it would be fetched 'http://127\.0\.0\.1:\d+/"),
    "jsonld-import": (
        "jsonld", lambda url: _jsonld({"@import": f"{url}/ctx.jsonld", "sg": NS}),
        r"a JSON-LD @import is refused: it would fetch 'http://127\.0\.0\.1:\d+/ctx\.jsonld'"),
    "jsonld-context-list": (
        "jsonld", lambda url: _jsonld([{"sg": NS}, f"{url}/ctx.jsonld"]),
        r"a remote JSON-LD @context is refused: it would be fetched 'http://127\.0\.0\.1:\d+/"),
    "jsonld-file-context": (
        "jsonld", lambda url: _jsonld("file:///etc/passwd"),
        r"a remote JSON-LD @context is refused: it would be fetched 'file:///etc/passwd'"),
    "jsonld-embedded-context": (
        "jsonld", lambda url: json.dumps({"@context": {"sg": NS}, "@graph": [
            {"@context": f"{url}/ctx.jsonld", "@id": "https://example.org/germany"}]}),
        r"a remote JSON-LD @context is refused"),
    # Scoped contexts (on a term, on a type) are passed through by stancegraph's check and
    # refused by pyoxigraph, which has no loader for remote documents.
    "jsonld-scoped-context": (
        "jsonld", lambda url: _jsonld({"label": {"@id": "http://www.w3.org/2000/01/rdf-schema#"
                                                         "label",
                                                 "@context": f"{url}/ctx.jsonld"},
                                       "State": NS + "State"}),
        r"^not valid (RDF|jsonld): Invalid scoped context"),
    "jsonld-scoped-import": (
        "jsonld", lambda url: _jsonld({"State": {"@id": NS + "State",
                                                 "@context": {"@import": f"{url}/ctx.jsonld"}}}),
        r"^not valid (RDF|jsonld): Invalid scoped context"),
    "rdfxml-external-entity": (
        "rdfxml", lambda url: _rdfxml(f'<!DOCTYPE rdf:RDF [<!ENTITY x SYSTEM "{url}/x">]>'),
        r"^line 2: RDF/XML with a DTD .* is refused"),
    "rdfxml-file-entity": (
        "rdfxml", lambda url: _rdfxml('<!DOCTYPE rdf:RDF [<!ENTITY x SYSTEM '
                                      '"file:///etc/passwd">]>'),
        r"^line 2: RDF/XML with a DTD .* is refused"),
    "rdfxml-external-dtd": (
        "rdfxml", lambda url: _rdfxml(f'<!DOCTYPE rdf:RDF SYSTEM "{url}/doc.dtd">'),
        r"^line 2: RDF/XML with a DTD .* is refused"),
    "rdfxml-parameter-entity": (
        "rdfxml", lambda url: _rdfxml(f'<!DOCTYPE rdf:RDF [<!ENTITY % p SYSTEM "{url}/p.dtd">'
                                      " %p;]>"),
        r"^line 2: RDF/XML with a DTD .* is refused"),
}
SUFFIX = {"jsonld": ".jsonld", "rdfxml": ".rdf"}


def _loads(text: str, fmt: str, tmp_path: Path) -> Any:
    return sg.loads(text, format=fmt)


def _load(text: str, fmt: str, tmp_path: Path) -> Any:
    path = tmp_path / f"bait{SUFFIX[fmt]}"
    path.write_text(text, encoding="utf-8")
    return sg.load(path)


def _validate(text: str, fmt: str, tmp_path: Path) -> Any:
    path = tmp_path / f"bait{SUFFIX[fmt]}"
    path.write_text(text, encoding="utf-8")
    return sg.validate_rdf(path)


READERS = {"loads": _loads, "load": _load, "validate_rdf": _validate}


@pytest.mark.parametrize("reader", list(READERS))
@pytest.mark.parametrize("case", list(BAIT))
def test_bait_is_refused_without_a_request(server: Server, tmp_path: Path, case: str,
                                           reader: str) -> None:
    fmt, document, message = BAIT[case]
    text = document(server.url)
    assert server.url in text or "file:" in text
    if reader != "loads":
        message = message.removeprefix("^")  # the file name comes first
    with pytest.raises(sg.ParseError, match=message):
        READERS[reader](text, fmt, tmp_path)
    assert server.untouched, server.requests


# rdflib 7.6's JSON-LD parser builds a ConjunctiveGraph internally, which warns.
@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")
def test_the_jsonld_bait_is_real(server: Server) -> None:
    # A parser without stancegraph's checks (rdflib's) does fetch the remote context.
    rdflib.Graph().parse(data=_jsonld(f"{server.url}/ctx.jsonld"), format="json-ld")
    assert server.requests == ["GET /ctx.jsonld"]


def test_the_stancegraph_context_is_read_from_the_package(server: Server,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError(f"network access attempted: {args!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    g = sg.loads(_jsonld(CONTEXT_IRI), format="jsonld")
    germany = g.node("germany")
    assert isinstance(germany, sg.State) and germany.name == "Germany"
    assert server.untouched


# -- owl:imports -------------------------------------------------------------------------------

def _imports(url: str) -> str:
    return (f"@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
            f"@prefix sg: <{NS}> .\n"
            f"@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
            f'<https://example.org/germany> a sg:State ; rdfs:label "Germany" .\n'
            f"<https://example.org/debate> owl:imports <{url}/onto.ttl> .\n")


def test_owl_imports_is_an_unmapped_triple_never_followed(server: Server) -> None:
    text = _imports(server.url)
    with pytest.raises(sg.InvalidRecordError, match=r"^<https://example\.org/debate> "
                       r"<http://www\.w3\.org/2002/07/owl#imports> <http://127\.0\.0\.1:\d+/"
                       r"onto\.ttl>: cannot map the triple"):
        sg.loads(text, format="turtle")
    with pytest.warns(sg.UnmappedTriplesWarning, match=r"skipped 1 triple\(s\) .*owl#imports> "
                      r"<http://127\.0\.0\.1:\d+/onto\.ttl>"):
        g = sg.loads(text, format="turtle", strict=False)
    assert sorted(g.nodes) == ["germany"]  # and nothing from the served ontology
    assert server.untouched, server.requests


def test_shacl_validation_does_not_follow_owl_imports(server: Server, tmp_path: Path) -> None:
    path = tmp_path / "imports.ttl"
    path.write_text(_imports(server.url), encoding="utf-8")
    report = sg.validate_rdf(path)
    assert isinstance(report, sg.ShaclReport)
    assert server.untouched, server.requests


# -- SPARQL ------------------------------------------------------------------------------------

_REFUSED_SERVICE = r"^SERVICE is refused: it would query another endpoint over the network"
_REFUSED_FROM = r"^FROM and FROM NAMED are refused: they would load other graphs"
_NOT_A_QUERY = r"^line 1: not a SPARQL query \(updates such as LOAD or INSERT are refused\)"

#: name -> (a function of the server URL giving the query, regex of the error)
QUERIES: dict[str, tuple[Callable[[str], str], str]] = {
    "service": (lambda url: f"SELECT * WHERE {{ SERVICE <{url}/sparql> {{ ?s ?p ?o }} }}",
                _REFUSED_SERVICE),
    "service-silent": (lambda url: f"SELECT * WHERE {{ SERVICE SILENT <{url}/sparql> "
                                   "{ ?s ?p ?o } }", _REFUSED_SERVICE),
    "service-variable": (lambda url: f"SELECT * WHERE {{ BIND(<{url}/sparql> AS ?e) "
                                     "SERVICE ?e { ?s ?p ?o } }", _REFUSED_SERVICE),
    "service-nested": (lambda url: "SELECT * WHERE { ?s ?p ?o . OPTIONAL { FILTER EXISTS { "
                                   f"SERVICE <{url}/sparql> {{ ?s ?q ?x }} }} }} }}",
                       _REFUSED_SERVICE),
    "from": (lambda url: f"SELECT * FROM <{url}/g> WHERE {{ ?s ?p ?o }}", _REFUSED_FROM),
    "from-named": (lambda url: f"SELECT * FROM NAMED <{url}/g> WHERE {{ GRAPH ?g "
                               "{ ?s ?p ?o } }", _REFUSED_FROM),
    "ask-from": (lambda url: f"ASK FROM <{url}/g> {{ ?s ?p ?o }}", _REFUSED_FROM),
    "load": (lambda url: f"LOAD <{url}/x>", _NOT_A_QUERY),
    "load-into": (lambda url: f"LOAD <{url}/x> INTO GRAPH <urn:g>", _NOT_A_QUERY),
    "load-file": (lambda url: "LOAD <file:///etc/passwd>", _NOT_A_QUERY),
    "insert": (lambda url: f"INSERT DATA {{ <{url}/a> <{url}/b> <{url}/c> }}", _NOT_A_QUERY),
}


@pytest.mark.parametrize("case", list(QUERIES))
def test_sparql_that_would_reach_out_is_refused(server: Server, nato: sg.StanceGraph,
                                                case: str) -> None:
    query, message = QUERIES[case]
    with pytest.raises(sg.ParseError, match=message):
        nato.sparql(query(server.url))
    assert server.untouched, server.requests


@pytest.mark.parametrize("case", ["load", "load-file", "insert"])
def test_updates_are_refused_even_with_network_allowed(server: Server, nato: sg.StanceGraph,
                                                       case: str) -> None:
    query, message = QUERIES[case]
    with pytest.raises(sg.ParseError, match=message):
        nato.sparql(query(server.url), allow_network=True)
    assert server.untouched, server.requests


def test_the_cli_refuses_service_in_one_line(server: Server, tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    query = tmp_path / "service.rq"
    query.write_text(QUERIES["service"][0](server.url), encoding="utf-8")
    root = Path(__file__).parents[2]
    assert main(["sparql", str(root / "examples" / "nato_2022.yaml"), str(query)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"stancegraph: error: {query}: SERVICE is refused")
    assert err.count("\n") == 1
    assert server.untouched, server.requests


def test_allow_network_lets_service_reach_the_endpoint(server: Server,
                                                       nato: sg.StanceGraph) -> None:
    # The documented opt-in, and the proof that the server above would see a fetch.
    result = nato.sparql(f"SELECT * WHERE {{ SERVICE <{server.url}/sparql> {{ ?s ?p ?o }} }}",
                         allow_network=True)
    assert len(server.requests) > 0
    assert all(r.startswith(("GET /sparql?", "POST /sparql")) for r in server.requests)
    assert list(result) == [{"s": "https://example.org/served", "p": "https://example.org/p",
                             "o": "from the server"}]


# -- a URL given as a path ---------------------------------------------------------------------

def test_load_refuses_a_url(server: Server) -> None:
    url = f"{server.url}/debate.ttl"
    with pytest.raises(sg.ParseError, match=r"URLs are not fetched") as info:
        sg.load(url)
    assert url in str(info.value)
    with pytest.raises(sg.UnknownFormatError, match=r"unknown file format "
                       r"'http://127\.0\.0\.1:\d+/debate'"):
        sg.load(f"{server.url}/debate")
    assert server.untouched, server.requests
