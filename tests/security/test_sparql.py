"""SPARQL: one text checked and run, no network from the query's process, a time limit, Ctrl-C.

The check (rdflib's parser) and the execution (pyoxigraph) once read the same query two ways:
a comment ended by a lone carriage return, or an eight-digit ``\\u`` escape, hid a ``SERVICE``
clause from the check that pyoxigraph then ran. Now both get one canonical text
(``canonical_query``), and the query runs in a child process that cannot open a socket unless
``allow_network=True`` -- so every bait below must leave the counting server on 127.0.0.1
untouched, even with the check switched off, while the positive controls show that the same
bait does reach it when nothing stops it. Then the limits: huge LIMIT / OFFSET, engine errors,
a time limit on a pathological query, Ctrl-C, and the child process gone afterwards.
"""

from __future__ import annotations

import importlib
import os
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from rdflib.plugins.sparql.parser import parseQuery

import stancegraph as sg
from stancegraph.cli import main
from tests.security.counting_server import Server

SPARQL = importlib.import_module("stancegraph.io.rdf.sparql")
CHILD = importlib.import_module("stancegraph.io.rdf._sparql_child")
ROOT = Path(__file__).parents[2]
NATO_YAML = ROOT / "examples" / "nato_2022.yaml"
CORPUS = Path(__file__).parent / "corpus" / "sparql"
#: Never finishes on the seed debate (~1,000 triples to the fourth power), in little memory.
PATHOLOGICAL = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
FORKS = SPARQL._START == "fork"

_SERVICE = r"SERVICE is refused: it would query another endpoint over the network"
_FROM = r"FROM and FROM NAMED are refused"
_CONTROL = r"a control character '{}' in a SPARQL query is refused"
_LEFTOVER = r"a \\u or \\U escape in a SPARQL query is refused where it is left"
_REFUSED = rf"{_SERVICE}|^line \d+: not a SPARQL query"  # rdflib misreads some valid queries
_OUTSIDE = r"the query tried to reach outside the graph \(a SERVICE clause\?\), which is refused"


def _children() -> set[int]:
    """The ids of this process's live children (Linux: /proc)."""
    found: set[int] = set()
    for task in Path(f"/proc/{os.getpid()}/task").glob("*/children"):
        found |= {int(pid) for pid in task.read_text().split()}
    return {pid for pid in found if _alive(pid)}


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0] != "Z"
    except OSError:
        return False


needs_proc = pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs /proc")


# -- the issue's baits, and the proof that they are real ----------------------------------------

def _issue_baits(url: str) -> dict[str, str]:
    return {
        "cr-ends-comment": f"SELECT ?s WHERE {{ # hidden\r SERVICE <{url}/sparql> "
                           "{ ?s ?p ?o } \n}",
        "u-escape-eight-digits": f"SELECT * WHERE {{ BIND('abc\\u0000005C' AS ?x) SERVICE "
                                 f"<{url}/sparql> {{ ?s ?p ?o }} # ' AS ?x)\n}}",
    }


@pytest.mark.parametrize("case", ["cr-ends-comment", "u-escape-eight-digits"])
def test_the_issue_baits_are_real(counting_server: Server, case: str) -> None:
    # The old flow: rdflib's parse tree holds no SERVICE, yet pyoxigraph runs one.
    query = _issue_baits(counting_server.url)[case]
    assert "ServiceGraphPattern" not in str(parseQuery(query))
    answer = ox.Store().query(query)
    assert isinstance(answer, ox.QuerySolutions)
    assert [s["s"] for s in answer] == [ox.NamedNode("https://example.org/served")]
    assert counting_server.requests, "the bait did not reach the server"


@pytest.mark.parametrize("case", ["cr-ends-comment", "u-escape-eight-digits"])
def test_the_issue_baits_are_refused_without_a_request(counting_server: Server,
                                                       nato: sg.StanceGraph, case: str) -> None:
    query = _issue_baits(counting_server.url)[case]
    message = _SERVICE if case == "cr-ends-comment" else _CONTROL.format(r"\\x00")
    with pytest.raises(sg.ParseError, match=message):
        nato.sparql(query)
    assert counting_server.untouched, counting_server.requests


# -- their siblings -----------------------------------------------------------------------------

def _service(url: str) -> str:
    return f"SERVICE <{url}/sparql> {{ ?s ?p ?o }}"


#: name -> (a function of the server URL giving the query, regex of the error)
BAITS: dict[str, tuple[Any, str]] = {
    **{f"comment-ended-by-{name}": (
        lambda url, c=char: f"SELECT * WHERE {{ # hidden{c} {_service(url)}\n}}",
        _CONTROL.format(shown))
       for name, char, shown in [("vertical-tab", "\x0b", r"\\x0b"),
                                 ("form-feed", "\x0c", r"\\x0c"),
                                 ("next-line", "\x85", r"\\x85"),
                                 ("line-separator", "\u2028", r"\\u2028"),
                                 ("paragraph-separator", "\u2029", r"\\u2029"),
                                 ("nul", "\x00", r"\\x00")]},
    "comment-ended-by-crlf": (lambda url: f"SELECT * WHERE {{ # c\r\n{_service(url)}\n}}",
                              _SERVICE),
    "escape-makes-a-cr": (lambda url: f"SELECT * WHERE {{ # c\\u000D{_service(url)}\n}}",
                          _SERVICE),
    "escape-makes-a-quote": (lambda url: f"SELECT * WHERE {{ BIND('a\\u0027 AS ?x) "
                                         f"{_service(url)} # ' AS ?x)\n}}", _SERVICE),
    "escape-makes-a-hash": (lambda url: f"SELECT * WHERE {{ \\u0023 x\n{_service(url)} }}",
                            _SERVICE),
    "escape-of-an-escape": (lambda url: f"SELECT * WHERE {{ BIND('a\\u005Cu0027 AS ?x) "
                                        f"{_service(url)} # ' AS ?x)\n}}", _LEFTOVER),
    "big-U-with-four-digits": (lambda url: f"SELECT * WHERE {{ BIND('a\\U005C' AS ?x) "
                                           f"{_service(url)} # ' AS ?x)\n}}", _LEFTOVER),
    "escape-past-unicode": (lambda url: f"SELECT * WHERE {{ BIND('\\U00110000' AS ?x) "
                                        f"{_service(url)} }}", r"not a Unicode code point"),
    "escape-makes-a-surrogate": (lambda url: f"SELECT * WHERE {{ BIND('\\uD800' AS ?x) "
                                             f"{_service(url)} }}", _CONTROL.format(r"\\ud800")),
    "bom-inside": (lambda url: f"SELECT * WHERE {{ #\ufeff\n{_service(url)} }}",
                   _CONTROL.format(r"\\ufeff")),
    "bom-at-start": (lambda url: f"\ufeffSELECT * WHERE {{ {_service(url)} }}", _SERVICE),
    "hash-in-iri": (lambda url: f"SELECT * WHERE {{ BIND(<http://x/#> AS ?x) "
                                f"{_service(url)} }}", _REFUSED),
    "hash-in-comparison": (lambda url: f"SELECT * WHERE {{ ?s ?p ?o FILTER(?o<?x)#>\n"
                                       f"{_service(url)} }}", _SERVICE),
    "long-string-with-quotes": (lambda url: f"SELECT * WHERE {{ BIND('''a ' '' b''' AS ?x) "
                                            f"{_service(url)} }}", _SERVICE),
    "long-string-escaped-quote": (lambda url: f"SELECT * WHERE {{ BIND('''a\\''' AS ?x) "
                                              f"{_service(url)} # '''\n}}", _REFUSED),
    "odd-case": (lambda url: f"select * where {{ sErViCe <{url}/sparql> {{ ?s ?p ?o }} }}",
                 _SERVICE),
    "silent": (lambda url: f"SELECT * WHERE {{ SERVICE SILENT <{url}/sparql> "
                           "{ ?s ?p ?o } }", _SERVICE),
    "variable": (lambda url: f"SELECT * WHERE {{ BIND(<{url}/sparql> AS ?e) SERVICE ?e "
                             "{ ?s ?p ?o } }", _SERVICE),
    "relative-to-base": (lambda url: f"BASE <{url}/> SELECT * WHERE {{ SERVICE <sparql> "
                                     "{ ?s ?p ?o } }", _SERVICE),
    "prefixed-name": (lambda url: f"PREFIX e: <{url}/> SELECT * WHERE {{ SERVICE e:sparql "
                                  "{ ?s ?p ?o } }", _SERVICE),
    "comment-at-eof": (lambda url: f"SELECT * WHERE {{ {_service(url)} }} # no newline",
                       _SERVICE),
    "in-subquery": (lambda url: f"SELECT * WHERE {{ {{ SELECT * WHERE {{ {_service(url)} }} "
                                "} }", _SERVICE),
    "in-minus": (lambda url: f"SELECT * WHERE {{ ?s ?p ?o MINUS {{ {_service(url)} }} }}",
                 _SERVICE),
    "in-ask": (lambda url: f"ASK {{ {_service(url)} }}", _SERVICE),
    "in-describe": (lambda url: f"DESCRIBE ?s WHERE {{ {_service(url)} }}", _SERVICE),
    "from": (lambda url: f"SELECT * FROM <{url}/g> WHERE {{ ?s ?p ?o }}", _FROM),
    "describe-from": (lambda url: f"DESCRIBE <{url}/a> FROM <{url}/g>", _FROM),
    "construct-from": (lambda url: f"CONSTRUCT {{ ?s ?p ?o }} FROM <{url}/g> "
                                   "WHERE { ?s ?p ?o }", _FROM),
}


@pytest.mark.parametrize("case", list(BAITS))
def test_bait_is_refused_without_a_request(counting_server: Server, nato: sg.StanceGraph,
                                           case: str) -> None:
    query, message = BAITS[case]
    with pytest.raises(sg.ParseError, match=message):
        nato.sparql(query(counting_server.url))
    assert counting_server.untouched, counting_server.requests


#: The expected error of each corpus query ({SERVER} stands for the counting server's URL).
CORPUS_ERRORS = {
    "big-U-escape-four-digits.rq": (sg.ParseError, _LEFTOVER),
    "cr-ends-comment.rq": (sg.ParseError, _SERVICE),
    "cross-product.rq": (sg.QueryTimeoutError, r"did not finish within 2 s"),
    "form-feed-in-comment.rq": (sg.ParseError, _CONTROL.format(r"\\x0c")),
    "from-named.rq": (sg.ParseError, _FROM),
    "limit-5000-digits.rq": (sg.ParseError, r"a number of 5,000 digits in a SPARQL query"),
    "limit-huge.rq": (sg.ParseError, r"LIMIT 99999999999999999999999 is out of range "
                                     r"\(expected an integer up to 9223372036854775807\)"),
    "line-separator-in-comment.rq": (sg.ParseError, _CONTROL.format(r"\\u2028")),
    "nul-in-comment.rq": (sg.ParseError, _CONTROL.format(r"\\x00")),
    "offset-huge.rq": (sg.ParseError, r"OFFSET 99999999999999999999999 is out of range"),
    "service-comment-at-eof.rq": (sg.ParseError, _SERVICE),
    "service-odd-case.rq": (sg.ParseError, _SERVICE),
    "service-relative-to-base.rq": (sg.ParseError, _SERVICE),
    "service-variable.rq": (sg.ParseError, _SERVICE),
    "u-escape-closes-string.rq": (sg.ParseError, _SERVICE),
    "u-escape-eight-digits.rq": (sg.ParseError, _CONTROL.format(r"\\x00")),
    "u-escape-makes-cr.rq": (sg.ParseError, _SERVICE),
    "u-escape-of-an-escape.rq": (sg.ParseError, _LEFTOVER),
    "unknown-prefix.rq": (sg.QueryError, r"the query failed: Exception: Unknown namespace "
                                         r"prefix : nope"),
}


def test_every_corpus_query_has_its_expected_error() -> None:
    assert sorted(p.name for p in CORPUS.glob("*.rq")) == sorted(CORPUS_ERRORS)
    assert "\r" in (CORPUS / "cr-ends-comment.rq").read_bytes().decode()


@pytest.mark.parametrize("name", sorted(CORPUS_ERRORS))
def test_corpus_query_is_refused_quickly_without_a_request(
        counting_server: Server, nato: sg.StanceGraph, name: str) -> None:
    query = (CORPUS / name).read_bytes().decode("utf-8").replace("{SERVER}",
                                                                 counting_server.url)
    error, message = CORPUS_ERRORS[name]
    started = time.monotonic()
    with pytest.raises(error, match=message):
        nato.sparql(query, timeout=2)
    assert time.monotonic() - started < 10
    assert counting_server.untouched, counting_server.requests


# -- defence in depth: the query's process cannot open a socket ---------------------------------

def _no_check(monkeypatch: pytest.MonkeyPatch) -> None:
    """Switch the check off: the text is made canonical and run, whatever it says."""
    monkeypatch.setattr(SPARQL, "_checked", lambda query, allow_network: (
        SPARQL.canonical_query(query), "select"))


@pytest.mark.parametrize("case", ["odd-case", "in-subquery", "relative-to-base",
                                  "prefixed-name", "comment-ended-by-crlf", "in-ask"])
def test_the_child_cannot_reach_the_network_even_unchecked(
        counting_server: Server, nato: sg.StanceGraph, monkeypatch: pytest.MonkeyPatch,
        case: str) -> None:
    _no_check(monkeypatch)
    with pytest.raises(sg.QueryError, match=_OUTSIDE):
        nato.sparql(BAITS[case][0](counting_server.url))
    assert counting_server.untouched, counting_server.requests


def test_service_silent_unchecked_finds_nothing_and_sends_nothing(
        counting_server: Server, nato: sg.StanceGraph, monkeypatch: pytest.MonkeyPatch) -> None:
    _no_check(monkeypatch)
    result = nato.sparql(BAITS["silent"][0](counting_server.url))
    assert list(result) == [{}]  # SILENT: the failed call is one empty solution
    assert counting_server.untouched, counting_server.requests


def test_the_script_child_cannot_reach_the_network_either(
        counting_server: Server, nato: sg.StanceGraph, monkeypatch: pytest.MonkeyPatch) -> None:
    # Where fork is not used (macOS, Windows), a fresh interpreter runs the query.
    _no_check(monkeypatch)
    monkeypatch.setattr(SPARQL, "_START", "script")
    with pytest.raises(sg.QueryError, match=_OUTSIDE):
        nato.sparql(BAITS["odd-case"][0](counting_server.url))
    assert counting_server.untouched, counting_server.requests


@pytest.mark.skipif(not FORKS, reason="the sandbox is switched off through the forked child")
def test_without_check_and_sandbox_the_bait_reaches_the_server(
        counting_server: Server, nato: sg.StanceGraph, monkeypatch: pytest.MonkeyPatch) -> None:
    # The positive control of the two tests above: what the sandbox stops is real.
    _no_check(monkeypatch)
    monkeypatch.setattr(CHILD, "sandbox", lambda: False)
    result = nato.sparql(BAITS["odd-case"][0](counting_server.url))
    assert counting_server.requests
    assert list(result) == [{"s": "https://example.org/served", "p": "https://example.org/p",
                             "o": "from the server"}]


def test_allow_network_runs_the_canonical_text(counting_server: Server,
                                               nato: sg.StanceGraph) -> None:
    # The opt-in reads the issue's bait as everyone now does: a SERVICE call, made.
    query = _issue_baits(counting_server.url)["cr-ends-comment"]
    result = nato.sparql(query, allow_network=True)
    assert counting_server.requests
    assert list(result) == [{"s": "https://example.org/served"}]


# -- the canonical text --------------------------------------------------------------------------

def test_canonical_query_applies_escapes_once_and_normalises_line_ends() -> None:
    assert SPARQL.canonical_query("SELECT\\u0020?x\r\nWHERE {\r}") == "SELECT ?x\nWHERE {\n}"
    assert SPARQL.canonical_query("ASK { BIND('\\U0001F600' AS ?x) }") == \
        "ASK { BIND('\U0001F600' AS ?x) }"
    assert SPARQL.canonical_query("\ufeffASK {}\t") == "ASK {}\t"


def test_canonical_query_names_the_line() -> None:
    with pytest.raises(sg.ParseError, match=r"^line 3: a control character '\\x0b'"):
        SPARQL.canonical_query("ASK {\r\n # a\r \x0b }")
    with pytest.raises(sg.ParseError, match=r"^line 2: a \\u or \\U escape .* \(expected each "
                       r"escape written once: \\uXXXX or \\UXXXXXXXX\)"):
        SPARQL.canonical_query("ASK {\n '\\u005Cu0041' }")


def test_a_huge_query_text_is_refused() -> None:
    with pytest.raises(sg.ParseError, match=r"a SPARQL query of 1,048,577 characters is refused "
                       r"\(expected at most 1,048,576\)"):
        SPARQL.canonical_query("#" * (SPARQL.MAX_QUERY_CHARS + 1))


# -- LIMIT, OFFSET and engine errors --------------------------------------------------------------

@pytest.mark.parametrize("query", [
    "SELECT * WHERE { ?s ?p ?o } LIMIT 9223372036854775808",
    "SELECT * WHERE { ?s ?p ?o } OFFSET 00000000000000000000009223372036854775808",
    "SELECT * WHERE { { SELECT * WHERE { ?s ?p ?o } LIMIT 18446744073709551616 } }",
    "ASK { { SELECT * WHERE { ?s ?p ?o } OFFSET 99999999999999999999999 } }",
])
def test_limit_and_offset_past_maxsize_are_refused(nato: sg.StanceGraph, query: str) -> None:
    with pytest.raises(sg.ParseError, match=r"^(LIMIT|OFFSET) \d+ is out of range \(expected "
                       r"an integer up to 9223372036854775807\)$"):
        nato.sparql(query)


def test_limit_and_offset_up_to_maxsize_run(nato: sg.StanceGraph) -> None:
    assert len(nato.sparql("SELECT * WHERE { ?s ?p ?o } LIMIT 9223372036854775807")) > 1000
    assert len(nato.sparql("SELECT * WHERE { ?s ?p ?o } OFFSET 9223372036854775807")) == 0
    # pyoxigraph does not read two-dot prefixed names; rdflib runs those, with the same check
    assert len(nato.sparql("PREFIX d: <https://w3id.org/stancegraph/data/> SELECT * WHERE "
                           "{ ?s ?p ?o } LIMIT 9223372036854775807 # d:a.b")) > 1000


@pytest.mark.parametrize("error", [ValueError("regex too large"), OverflowError("too big"),
                                   OSError("disk full"), RuntimeError("unbound service"),
                                   TypeError("not a term")])
def test_engine_errors_become_query_errors(nato: sg.StanceGraph,
                                           monkeypatch: pytest.MonkeyPatch,
                                           error: Exception) -> None:
    def fail(*args: Any) -> Any:
        raise error

    monkeypatch.setattr(CHILD, "_oxigraph", fail)
    if not FORKS:  # pragma: no cover - the patch only reaches a forked child
        pytest.skip("needs fork")
    with pytest.raises(sg.QueryError, match=rf"^the query failed: {type(error).__name__}: "
                       rf"{error}$"):
        nato.sparql("ASK { ?s ?p ?o }")


def test_an_unknown_prefix_in_rdflib_is_a_query_error(nato: sg.StanceGraph) -> None:
    # pyoxigraph refuses it, rdflib's parser reads it, rdflib's evaluation raised Exception.
    with pytest.raises(sg.QueryError, match=r"Unknown namespace prefix : nope"):
        nato.sparql("SELECT * WHERE { ?s ?p nope:x }")


@pytest.mark.skipif(not FORKS, reason="the patch only reaches a forked child")
def test_a_child_that_dies_is_a_query_error(nato: sg.StanceGraph,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(CHILD, "evaluate", lambda job: os.kill(os.getpid(), signal.SIGKILL))
    with pytest.raises(sg.QueryError, match=r"^the SPARQL query's process ended without an "
                       r"answer \(signal 9\)"):
        nato.sparql("ASK { ?s ?p ?o }")


# -- the time limit and Ctrl-C -------------------------------------------------------------------

@needs_proc
@pytest.mark.parametrize("start", ["fork", "script"])
def test_a_pathological_query_is_stopped_at_its_time_limit(
        nato: sg.StanceGraph, monkeypatch: pytest.MonkeyPatch, start: str) -> None:
    if start == "fork" and not FORKS:  # pragma: no cover
        pytest.skip("no fork here")
    monkeypatch.setattr(SPARQL, "_START", start)
    before = _children()
    started = time.monotonic()
    with pytest.raises(sg.QueryTimeoutError, match=r"^the SPARQL query did not finish within "
                       r"1\.5 s and was stopped"):
        nato.sparql(PATHOLOGICAL, timeout=1.5)
    assert 1.5 <= time.monotonic() - started < 6
    assert _children() <= before


def test_a_timeout_is_a_timeout_error() -> None:
    assert issubclass(sg.QueryTimeoutError, TimeoutError)
    assert issubclass(sg.QueryTimeoutError, sg.StanceGraphError)


@pytest.mark.parametrize("timeout", [0, -1, float("nan"), "5", True])
def test_the_time_limit_is_checked(nato: sg.StanceGraph, timeout: Any) -> None:
    with pytest.raises(sg.InvalidRecordError, match=r"^field 'timeout': a SPARQL time limit "
                       r"must be a number of seconds above 0 .*\(expected seconds, or None"):
        nato.sparql("ASK { ?s ?p ?o }", timeout=timeout)


@pytest.mark.parametrize("timeout", [None, float("inf"), 30])
def test_no_or_a_long_time_limit(nato: sg.StanceGraph, timeout: float | None) -> None:
    assert nato.sparql("ASK { ?s ?p ?o }", timeout=timeout).boolean is True


@needs_proc
def test_ctrl_c_stops_the_query_and_its_child(nato: sg.StanceGraph) -> None:
    assert threading.current_thread() is threading.main_thread()
    before = _children()
    interrupt = threading.Timer(1.0, signal.pthread_kill,
                                (threading.main_thread().ident, signal.SIGINT))
    interrupt.start()
    started = time.monotonic()
    try:
        with pytest.raises(KeyboardInterrupt, match=r"^$"):
            nato.sparql(PATHOLOGICAL, timeout=30)
    finally:
        interrupt.cancel()
    assert time.monotonic() - started < 10
    assert _children() <= before


def _ask_in_a_worker(query: str) -> bool | None:
    return sg.load(NATO_YAML).sparql(query).boolean


@pytest.mark.skipif(not FORKS, reason="needs fork")
@pytest.mark.filterwarnings("ignore:.*use of fork:DeprecationWarning")  # the test's own pool
def test_a_query_runs_inside_a_daemonic_pool_worker() -> None:
    # multiprocessing.Process refuses to start a child from a daemonic process; os.fork does not.
    import multiprocessing

    with multiprocessing.get_context("fork").Pool(1) as pool:
        assert pool.map(_ask_in_a_worker, ["ASK { ?s ?p ?o }"]) == [True]


def test_the_script_child_gives_the_same_answers(nato: sg.StanceGraph,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    queries = [p.read_text("utf-8") for p in sorted((ROOT / "examples" / "queries").glob("*.rq"))]
    queries += ["ASK { ?s ?p ?o }", "CONSTRUCT WHERE { ?s a ?o }",
                "PREFIX d: <https://w3id.org/stancegraph/data/> SELECT ?o WHERE "
                "{ d:germany ?p ?o } # d:a.b"]

    def answers() -> list[Any]:
        return [(r.kind, r.variables, r.boolean, sorted(map(repr, r.rows)))
                for r in map(nato.sparql, queries)]

    forked = answers()
    monkeypatch.setattr(SPARQL, "_START", "script")
    assert answers() == forked


# -- the command line ---------------------------------------------------------------------------

def test_cli_timeout_is_one_line_and_exit_1(tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    query = tmp_path / "slow.rq"
    query.write_text(PATHOLOGICAL, encoding="utf-8")
    assert main(["sparql", str(NATO_YAML), str(query), "--timeout", "1"]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"stancegraph: error: {query}: the SPARQL query did not finish within "
                          "1 s and was stopped")
    assert err.count("\n") == 1


@pytest.mark.parametrize("value", ["-1", "nan", "soon"])
def test_cli_timeout_must_be_seconds(value: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit, match=r"^2$"):
        main(["sparql", str(NATO_YAML), "-", "--timeout", value])
    assert "--timeout: not a number of seconds (0: no limit)" in capsys.readouterr().err


@pytest.mark.parametrize("content, message", [
    (b"ASK { ?s ?p '\xff' }", r"the query is not UTF-8 text \(byte 14\)"),
    (b"ASK { ?s ?p ?o } LIMIT 99999999999999999999999", r"LIMIT 9+ is out of range"),
    (b"ASK { # \x0c SERVICE <http://127.0.0.1:9/> {} }",
     r"line 1: a control character '\\x0c' in a SPARQL query is refused"),
])
def test_cli_names_the_query_file(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                  content: bytes, message: str) -> None:
    query = tmp_path / "bad.rq"
    query.write_bytes(content)
    assert main(["sparql", str(NATO_YAML), str(query)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith(f"stancegraph: error: {query}")
    assert re.search(message, err), err


@needs_proc
@pytest.mark.slow
def test_cli_ctrl_c_exits_130_in_one_line_and_the_child_dies(tmp_path: Path) -> None:
    query = tmp_path / "slow.rq"
    query.write_text(PATHOLOGICAL, encoding="utf-8")
    cli = subprocess.Popen([sys.executable, "-m", "stancegraph", "sparql", str(NATO_YAML),
                            str(query), "--timeout", "0"], cwd=ROOT, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, start_new_session=True)
    try:
        grandchildren: set[str] = set()
        deadline = time.monotonic() + 60
        while not grandchildren and time.monotonic() < deadline and cli.poll() is None:
            time.sleep(0.05)
            for task in Path(f"/proc/{cli.pid}/task").glob("*/children"):
                grandchildren |= set(task.read_text().split())
        assert grandchildren, "the query's process never started"
        time.sleep(0.3)
        os.killpg(cli.pid, signal.SIGINT)  # what Ctrl-C at a terminal does
        out, err = cli.communicate(timeout=20)
    finally:
        if cli.poll() is None:
            cli.kill()
            cli.communicate()
    assert cli.returncode == 130
    assert err.decode() == "stancegraph: interrupted\n"
    assert not [pid for pid in grandchildren if _alive(int(pid))]
