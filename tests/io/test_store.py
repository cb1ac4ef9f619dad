"""The SPARQL store backend (docs/store.md), against a real Oxigraph server and the embedded store.

The session starts ``oxigraph serve`` (from the ``oxigraph`` package, a test dependency) on a
free port of 127.0.0.1, waits until it answers, and stops it at the end. Small local HTTP
servers stand in for endpoints that misbehave (refuse credentials, redirect, never answer).
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import stancegraph as sg
from stancegraph.analysis import affiliation, statements
from stancegraph.io.store import TEMPORARY_GRAPHS
from stancegraph.io.store import endpoint as _endpoint
from tests.strategies import graphs
from tests.test_cli import run

ROOT = Path(__file__).resolve().parents[2]
NATO_AS_OF = [None, "2022-03-23", "2022-03-27", "2022-03-29"]


# -- the Oxigraph server -------------------------------------------------------------------
def _oxigraph() -> str:
    beside = Path(sys.executable).parent / "oxigraph"
    found = str(beside) if beside.exists() else shutil.which("oxigraph")
    if found is None:
        pytest.fail("the oxigraph server is missing: pip install -e '.[test]' installs it")
    return found


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Oxigraph:
    """An ``oxigraph serve`` process on 127.0.0.1, in memory or at ``location``."""

    def __init__(self, location: Path | None = None) -> None:
        self.location = location
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> Oxigraph:
        command = [_oxigraph(), "serve", "--bind", f"127.0.0.1:{self.port}"]
        if self.location is not None:
            command += ["--location", str(self.location)]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL,
                                        stderr=subprocess.PIPE)
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"{self.url}/query?query=ASK%7B%7D", timeout=2):
                    return self
            except (urllib.error.URLError, OSError):
                if self.process.poll() is not None:
                    err = self.process.stderr.read().decode() if self.process.stderr else ""
                    pytest.fail(f"oxigraph serve stopped: {err}")
                if time.monotonic() > deadline:
                    self.stop()
                    pytest.fail("oxigraph serve did not answer within 30 s")
                time.sleep(0.2)

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
            if self.process.stderr is not None:
                self.process.stderr.close()
            self.process = None

    def store(self, **kwargs: Any) -> sg.SparqlStore:
        return sg.SparqlStore(f"{self.url}/query", update_url=f"{self.url}/update", **kwargs)


@pytest.fixture(scope="session")
def oxigraph() -> Iterator[Oxigraph]:
    server = Oxigraph().start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def synthetic() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "_benchmarks_network_construction", ROOT / "benchmarks" / "network_construction.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    return module


def _graph(name: str) -> str:
    return f"https://example.org/graphs/{name}"


# -- comparisons ---------------------------------------------------------------------------
def assert_same_affiliation(a: sg.Affiliation, b: sg.Affiliation) -> None:
    assert a.actors == b.actors
    assert a.targets == b.targets
    for x, y in ((a.positive, b.positive), (a.negative, b.negative)):
        assert x.shape == y.shape
        assert np.allclose(x.toarray(), y.toarray(), rtol=1e-12, atol=1e-12)


def without_evidence(result: sg.CoalitionResult) -> dict[str, Any]:
    data = result.to_dict()
    for camp in data["coalitions"]:
        for stand in camp["unites"]:
            stand["evidence"] = []
            # What needs the statements themselves: skepticism apart from opposition, and
            # membership of an organisation that takes the stand.
            stand["relation"], stand["skeptical"] = stand["direction"], None
            stand["via"] = []  # the narrower positions a stand is held through
            del stand["shared"]
    for pair in data["divides"]:
        for divide in pair["targets"]:
            divide["a"], divide["b"] = divide["a_direction"], divide["b_direction"]
    return data


def assert_same_coalitions(a: sg.CoalitionResult, b: sg.CoalitionResult) -> None:
    x, y = without_evidence(a), without_evidence(b)
    for key in ("polarisation", "frustration", "balance_ratio"):
        got, expected = x.pop(key), y.pop(key)
        assert got == (expected if expected is None else pytest.approx(expected, rel=1e-9,
                                                                       abs=1e-9))
    assert x == y


def in_memory(g: sg.StanceGraph, level: str, dedupe: str,
              as_of: str | None) -> sg.Affiliation:
    view = sg.as_of(g, as_of) if as_of is not None else g
    return affiliation(statements(view, level=level, dedupe=dedupe))  # type: ignore[arg-type]


# -- the embedded store --------------------------------------------------------------------
def test_embedded_store_round_trip_needs_no_network(nato: sg.StanceGraph,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("the embedded store opened a connection")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    store = sg.SparqlStore()
    assert store.push(nato) > 0
    assert store.pull() == nato
    assert store.graphs() == [sg.io.store.DEFAULT_GRAPH]
    assert_same_coalitions(store.coalitions(), sg.coalitions(nato))
    assert repr(store) == f"SparqlStore(graph={sg.io.store.DEFAULT_GRAPH!r})"


def test_embedded_store_on_disk_keeps_the_graph(nato: sg.StanceGraph, tmp_path: Path) -> None:
    store = sg.SparqlStore(path=tmp_path / "store", graph=_graph("nato"))
    store.push(nato)
    assert "path=" in repr(store)
    del store
    again = sg.SparqlStore(path=tmp_path / "store", graph=_graph("nato"))
    assert again.pull() == nato


@pytest.mark.parametrize("level", ["stated", "state"])
@pytest.mark.parametrize("dedupe", ["none", "document", "week", "month", "year"])
def test_stance_matrix_equals_the_in_memory_affiliation(nato: sg.StanceGraph, level: str,
                                                        dedupe: str) -> None:
    store = sg.SparqlStore()
    store.push(nato)
    for day in NATO_AS_OF:
        found = store.affiliation(level=level, dedupe=dedupe, as_of=day)  # type: ignore[arg-type]
        assert found.level == level
        assert_same_affiliation(found, in_memory(nato, level, dedupe, day))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(g=graphs(), level=st.sampled_from(["stated", "state"]),
       dedupe=st.sampled_from(["none", "document", "week", "month", "year"]),
       day=st.none() | st.dates(min_value=dt.date(1, 1, 2), max_value=dt.date(9999, 12, 30)))
def test_stance_matrix_equals_in_memory_on_any_graph(g: sg.StanceGraph, level: str, dedupe: str,
                                                     day: dt.date | None) -> None:
    # Hypothesis graphs have dated memberships, blocs with exceptions, sources dated through
    # the source reporting them, retractions and replacements: every rule of the aggregate.
    store = sg.SparqlStore()
    store.push(g)
    when = None if day is None else day.isoformat()
    assert_same_affiliation(store.affiliation(level=level, dedupe=dedupe, as_of=when),  # type: ignore[arg-type]
                            in_memory(g, level, dedupe, when))


def test_hand_written_shortcuts_count_as_stances_of_their_own() -> None:
    # As import reads it: a shortcut with no current stance node behind it is a stance.
    store = sg.SparqlStore(graph=_graph("hand"))
    turtle = """
        @prefix sg: <https://w3id.org/stancegraph/ns#> .
        @prefix : <https://example.org/> .
        @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        :greens a sg:Organization ; rdfs:label "Greens" . :reds a sg:Organization ; rdfs:label "Reds" .
        :week a sg:PolicyOption ; rdfs:label "Four-day week" .
        :tax a sg:PolicyOption ; rdfs:label "Tax" .
        :greens sg:supports :week .
        :reds sg:opposes :week .
        :s1 a sg:Stance, sg:Opposition ; sg:holder :reds ; sg:target :week ; sg:confidence 0.5 .
        :s2 a sg:Stance, sg:Opposition ; sg:holder :greens ; sg:target :tax ;
            sg:condition "if it passes" .
        :greens sg:opposes :tax .
    """
    g = sg.loads(turtle, format="turtle")
    store._endpoint.update(_insert(turtle, _graph("hand")))
    assert store.pull() == g
    assert_same_affiliation(store.affiliation(level="stated"),
                            in_memory(g, "stated", "document", None))


def _insert(turtle: str, graph: str) -> str:
    """An INSERT DATA request holding the triples of ``turtle``."""
    import pyoxigraph as ox

    triples = [q.triple for q in ox.parse(turtle, ox.RdfFormat.TURTLE)]
    body = (ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b"").decode()
    return f"INSERT DATA {{ GRAPH <{graph}> {{ {body} }} }}"


# -- a real Oxigraph server ----------------------------------------------------------------
def test_push_pull_round_trip_over_http(oxigraph: Oxigraph, nato: sg.StanceGraph) -> None:
    store = oxigraph.store(graph=_graph("nato"))
    assert store.push(nato) == store.push(nato)  # a second push replaces the first
    assert store.pull() == nato
    assert _graph("nato") in store.graphs()
    assert not [name for name in store.graphs() if name.startswith(TEMPORARY_GRAPHS)]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.function_scoped_fixture])
@given(g=graphs())
def test_any_graph_round_trips_through_the_server(oxigraph: Oxigraph, g: sg.StanceGraph) -> None:
    store = oxigraph.store(graph=_graph("hypothesis"), batch=7)  # several batches each
    store.push(g)
    assert store.pull() == g


def test_coalitions_through_the_server_equal_those_in_memory(oxigraph: Oxigraph,
                                                             nato: sg.StanceGraph) -> None:
    store = oxigraph.store(graph=_graph("nato-coalitions"))
    store.push(nato)
    for level in ("stated", "state"):
        for day in NATO_AS_OF:
            assert_same_coalitions(
                store.coalitions(level=level, as_of=day),  # type: ignore[arg-type]
                sg.coalitions(nato, level=level, as_of=day))  # type: ignore[arg-type]


@pytest.mark.slow
def test_coalitions_through_the_server_on_100k_stances(oxigraph: Oxigraph,
                                                       synthetic: ModuleType) -> None:
    # About 30 s on a 2-core machine: push 12 s, aggregate 6 s, the camps twice.
    g = synthetic.synthetic_debate(100_000, actors=6_666, targets=666)
    store = oxigraph.store(graph=_graph("synthetic"), timeout=600)
    store.push(g)
    aff = store.affiliation()
    assert_same_affiliation(aff, affiliation(g))
    assert_same_coalitions(sg.coalitions_from_affiliation(aff), sg.coalitions(g))
    store.drop()


def test_server_data_survives_a_restart(nato: sg.StanceGraph, tmp_path: Path) -> None:
    server = Oxigraph(tmp_path / "data").start()
    try:
        server.store().push(nato)
    finally:
        server.stop()
    server.start()
    try:
        assert server.store().pull() == nato
    finally:
        server.stop()


def test_a_failed_push_leaves_the_previous_graph(oxigraph: Oxigraph, nato: sg.StanceGraph,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    store = oxigraph.store(graph=_graph("failing"), batch=100)
    store.push(nato)
    other = sg.loads("actors: [{id: greens, type: Organization, name: Greens}]", format="yaml")
    calls = []
    http = store._endpoint
    assert isinstance(http, _endpoint.Http)
    insert = http.insert

    def second_batch_is_broken(graph: str, triples: list[Any]) -> None:
        calls.append(graph)
        if len(calls) == 2:  # the server refuses this one: HTTP 400
            http.update(f"INSERT DATA {{ GRAPH <{graph}> {{ <broken")
        insert(graph, triples)

    monkeypatch.setattr(http, "insert", second_batch_is_broken)
    bigger = sg.load(ROOT / "examples" / "nato_2022.yaml")
    bigger.add_all(actors=list(other.actors.values()))
    with pytest.raises(sg.StoreError, match=r"HTTP 400") as caught:
        store.push(bigger)
    assert caught.value.status == 400
    assert calls[0] == calls[1] and calls[0].startswith(TEMPORARY_GRAPHS)
    assert store.pull() == nato  # the target is as it was
    assert not [name for name in store.graphs() if name.startswith(TEMPORARY_GRAPHS)]


def test_a_push_failing_in_the_export_cleans_up(nato: sg.StanceGraph,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    store = sg.SparqlStore(batch=50)
    store.push(nato)
    some = list(sg.io.store.quads(nato))[:120]

    def broken(*args: Any, **kwargs: Any) -> Iterator[Any]:
        yield from some
        raise sg.InvalidRecordError("cannot export", id="x")

    monkeypatch.setattr(sg.io.store, "quads", broken)
    with pytest.raises(sg.InvalidRecordError, match="cannot export"):
        store.push(nato)
    assert store.graphs() == [sg.io.store.DEFAULT_GRAPH]
    assert store.pull() == nato


def test_drop_temporary_removes_what_failed_pushes_left(nato: sg.StanceGraph) -> None:
    store = sg.SparqlStore()
    left = f"{TEMPORARY_GRAPHS}0000"
    store._endpoint.update(f"INSERT DATA {{ GRAPH <{left}> {{ <urn:a> <urn:b> <urn:c> }} }}")
    assert store.drop_temporary() == [left]
    assert store.graphs() == []


# -- errors --------------------------------------------------------------------------------
def test_server_down_is_a_clear_error() -> None:
    store = sg.SparqlStore(f"http://127.0.0.1:{_free_port()}/query", timeout=5)
    with pytest.raises(sg.StoreError, match=r"^http://127\.0\.0\.1:\d+/query: cannot reach the "
                                            r"SPARQL endpoint \(connection refused\)") as caught:
        store.pull()
    assert isinstance(caught.value, OSError) and caught.value.status is None
    assert caught.value.__cause__ is None and caught.value.__suppress_context__


def test_bad_requests_come_back_with_the_servers_message(oxigraph: Oxigraph) -> None:
    store = oxigraph.store()
    with pytest.raises(sg.StoreError, match=r"/query: HTTP 400 Bad Request: .*") as caught:
        list(store._endpoint.select("SELECT ?x WHERE { ?x"))
    assert caught.value.status == 400
    assert len(str(caught.value)) < 500
    wrong = sg.SparqlStore(f"{oxigraph.url}/query", update_url=f"{oxigraph.url}/nowhere")
    with pytest.raises(sg.StoreError, match=r"/nowhere: HTTP 404 .*expected the endpoint's URL"):
        wrong.push(sg.StanceGraph())


def test_a_missing_graph_is_named(oxigraph: Oxigraph, nato: sg.StanceGraph) -> None:
    store = oxigraph.store(graph=_graph("present"))
    store.push(nato)
    with pytest.raises(sg.StoreError, match=r"holds no graph <https://example.org/absent>.*"
                                            r"<https://example.org/graphs/present>"):
        store.pull(graph="https://example.org/absent")
    with pytest.raises(sg.StoreError, match="holds no graph"):
        store.affiliation(graph="https://example.org/absent")


@pytest.mark.parametrize("graph", ["not an iri", "relative", "https://x.org/a>b", ""])
def test_bad_graph_names_are_refused(graph: str) -> None:
    with pytest.raises(sg.InvalidRecordError, match="not a graph IRI"):
        sg.SparqlStore(graph=graph)


def test_bad_arguments_are_refused() -> None:
    with pytest.raises(sg.InvalidRecordError, match="need a query_url"):
        sg.SparqlStore(update_url="http://127.0.0.1:1/update")
    with pytest.raises(sg.InvalidRecordError, match="path is for an embedded store"):
        sg.SparqlStore("http://127.0.0.1:1/query", path="x")
    with pytest.raises(sg.InvalidRecordError, match="not an HTTP URL"):
        sg.SparqlStore("ftp://127.0.0.1/query")
    with pytest.raises(sg.InvalidRecordError, match="timeout"):
        sg.SparqlStore(timeout=0)
    with pytest.raises(sg.InvalidRecordError, match="auth must be"):
        sg.SparqlStore("http://127.0.0.1:1/query", auth=("user",))  # type: ignore[arg-type]
    store = sg.SparqlStore()
    with pytest.raises(sg.ArgumentError, match="unknown level 'national'"):
        store.affiliation(level="national")  # type: ignore[arg-type]
    with pytest.raises(sg.ArgumentError, match="unknown dedupe period 'day'"):
        store.affiliation(dedupe="day")  # type: ignore[arg-type]
    with pytest.raises(sg.ArgumentError, match="as_of is not a date '2022-13-01'"):
        store.coalitions(as_of="2022-13-01")


class _Stub:
    """A local HTTP server answering every request with ``answer(handler)``."""

    def __init__(self, answer: Callable[[BaseHTTPRequestHandler], None]) -> None:
        seen: list[dict[str, str]] = []

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802
                seen.append(dict(self.headers))
                self.rfile.read(int(self.headers.get("Content-Length", 0)))
                answer(self)

            def log_message(self, *args: Any) -> None:
                pass

        self.seen = seen
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/query"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> _Stub:
        self.thread.start()
        return self

    def __exit__(self, *args: Any) -> None:
        self.server.shutdown()
        self.server.server_close()


def _echo_401(handler: BaseHTTPRequestHandler) -> None:
    # A careless server that echoes the credentials it was sent.
    body = f"bad credentials: {handler.headers.get('Authorization')}".encode()
    handler.send_response(401)
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body)


SECRET = "s3cret-Passw0rd"


def test_credentials_are_sent_but_never_shown(monkeypatch: pytest.MonkeyPatch) -> None:
    with _Stub(_echo_401) as stub:
        store = sg.SparqlStore(stub.url, auth=("analyst", SECRET))
        assert SECRET not in repr(store)
        with pytest.raises(sg.StoreError, match=r"HTTP 401 .*expected credentials") as caught:
            store.pull()
        assert stub.seen[-1]["Authorization"].startswith("Basic ")
        assert SECRET not in str(caught.value) and "***" in str(caught.value)
        assert caught.value.__cause__ is None

        # From the environment: a token, or a user and password; and from the URL.
        monkeypatch.setenv("STANCEGRAPH_STORE_TOKEN", SECRET)
        with pytest.raises(sg.StoreError) as caught:
            sg.SparqlStore(stub.url).pull()
        assert stub.seen[-1]["Authorization"] == f"Bearer {SECRET}"
        assert SECRET not in str(caught.value)
        monkeypatch.delenv("STANCEGRAPH_STORE_TOKEN")
        monkeypatch.setenv("STANCEGRAPH_STORE_USER", "analyst")
        monkeypatch.setenv("STANCEGRAPH_STORE_PASSWORD", SECRET)
        with pytest.raises(sg.StoreError):
            sg.SparqlStore(stub.url).pull()
        assert stub.seen[-1]["Authorization"].startswith("Basic ")
        monkeypatch.delenv("STANCEGRAPH_STORE_USER")
        monkeypatch.setenv("STANCEGRAPH_STORE_TOKEN", "not-this-one")
        in_url = stub.url.replace("http://", f"http://analyst:{SECRET}@")
        store = sg.SparqlStore(in_url)
        assert SECRET not in repr(store) and "analyst" not in repr(store)
        with pytest.raises(sg.StoreError) as caught:
            store.pull()
        assert SECRET not in str(caught.value) and "analyst" not in str(caught.value)
        assert stub.seen[-1]["Authorization"].startswith("Basic ")  # the URL's, not the token


def test_redirects_are_refused_not_followed() -> None:
    def redirect(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(302)
        handler.send_header("Location", "http://127.0.0.1:9/elsewhere")
        handler.send_header("Content-Length", "0")
        handler.end_headers()

    with _Stub(redirect) as stub:
        with pytest.raises(sg.StoreError, match=r"HTTP 302: the endpoint redirects to "
                                                r"http://127\.0\.0\.1:9/elsewhere"):
            sg.SparqlStore(stub.url, auth=("a", SECRET)).pull()
        assert len(stub.seen) == 1


def test_a_server_that_does_not_answer_times_out() -> None:
    with socket.socket() as listener:  # accepts connections (the kernel does), never answers
        listener.bind(("127.0.0.1", 0))
        listener.listen(4)
        url = f"http://127.0.0.1:{listener.getsockname()[1]}/query"
        with pytest.raises(sg.StoreError, match=r"no answer within 0\.3 s"):
            sg.SparqlStore(url, timeout=0.3).pull()


def test_an_answer_that_is_not_sparql_results_is_an_error() -> None:
    def html(handler: BaseHTTPRequestHandler) -> None:
        body = json.dumps({"not": "results"}).encode()
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html")
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    with _Stub(html) as stub, pytest.raises(sg.StoreError, match="text/html, not SPARQL"):
        sg.SparqlStore(stub.url).graphs()

    def boolean(handler: BaseHTTPRequestHandler) -> None:
        body = json.dumps({"head": {}, "boolean": True}).encode()
        handler.send_response(200)
        handler.send_header("Content-Type", "application/sparql-results+json")
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    with _Stub(boolean) as stub, pytest.raises(sg.StoreError,
                                               match="answered a SELECT query with a boolean"):
        sg.SparqlStore(stub.url).graphs()


def test_store_errors_survive_pickling() -> None:
    import pickle

    err = sg.StoreError("HTTP 500", file="http://x/query", status=500)
    again = pickle.loads(pickle.dumps(err))
    assert str(again) == str(err) and again.status == 500
    assert err.located(line=3).status == 500  # type: ignore[attr-defined]


# -- the command line ----------------------------------------------------------------------------

def test_push_pull_and_coalitions_from_the_command_line(
        oxigraph: Oxigraph, nato: sg.StanceGraph, capsys: pytest.CaptureFixture[str],
        tmp_path: Path) -> None:
    where = ["--store", f"{oxigraph.url}/query", "--update", f"{oxigraph.url}/update",
             "--graph", _graph("cli")]
    code, out, err = run(capsys, "push", "examples/nato_2022.yaml", *where)
    assert code == 0 and f"graph <{_graph('cli')}>" in out and err == ""
    pulled = tmp_path / "pulled.ttl"
    code, out, _ = run(capsys, "pull", *where, "-o", str(pulled))
    assert code == 0 and "59 stances" in out
    assert sg.load(pulled) == nato
    code, out, _ = run(capsys, "coalitions", *where, "--format", "json")
    in_memory = sg.coalitions(nato)
    assert code == 0
    assert [c["members"] for c in json.loads(out)["coalitions"]] == \
        [list(c.members) for c in in_memory.coalitions]
    code, out, _ = run(capsys, "coalitions", *where, "--k", "count", "--format", "json")
    counted = sg.coalitions(nato, k=sg.count_camps(nato).k)
    assert code == 0
    assert [c["members"] for c in json.loads(out)["coalitions"]] == \
        [list(c.members) for c in counted.coalitions]
    code, out, _ = run(capsys, "stances", *where, "--actor", "germany", "--format", "json")
    code_file, out_file, _ = run(capsys, "stances", "examples/nato_2022.yaml", "--actor",
                                 "germany", "--format", "json")
    assert code == code_file == 0 and json.loads(out) == json.loads(out_file)


def test_the_command_line_names_a_store_that_is_down(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "coalitions", "--store", "http://127.0.0.1:9/query")
    assert code == 1 and out == "" and err.count("\n") == 1
    assert err.startswith("stancegraph: error: http://127.0.0.1:9/query")
    code, _, err = run(capsys, "coalitions")
    assert code == 2 and "no data file given" in err  # wrong usage (issue 16)
