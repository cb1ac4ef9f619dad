"""SPARQL over a stance graph's RDF view: no network access unless asked for, a time limit.

The query is first made canonical (docs/rdf.md, "SPARQL"): its ``\\uXXXX`` / ``\\UXXXXXXXX``
escapes applied once, as the SPARQL grammar says, its line ends made ``\\n``, and text that
would still read two ways refused (an escape left after that one pass, control characters).
That one text is what is checked and what runs. The check parses it (rdflib, which fetches
nothing while parsing) and refuses what could reach outside the graph: ``SERVICE``, ``FROM``
/ ``FROM NAMED``, an update (``LOAD``, ``INSERT``, ...), and a ``LIMIT`` or ``OFFSET`` past
``sys.maxsize``. The query then runs on an in-memory pyoxigraph store holding the graph's RDF
(or on rdflib, for the valid queries pyoxigraph's parser does not read) in a child process:
killed at the time limit or on Ctrl-C, and -- unless ``allow_network=True`` -- unable to open
any file or socket, whatever the check made of the text. With ``allow_network=True``, the one
opt-in, the query runs on rdflib and its ``SERVICE`` clauses are fetched.
"""

from __future__ import annotations

import math
import os
import pickle
import re
import signal
import subprocess
import sys
import time
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from multiprocessing.connection import wait
from typing import Any, NoReturn

import pyoxigraph as ox
from pyparsing import ParseException
from rdflib.plugins.sparql.parser import parseQuery
from rdflib.plugins.sparql.parserutils import CompValue

from ...errors import (
    InvalidRecordError,
    MissingExtraError,
    ParseError,
    QueryError,
    QueryTimeoutError,
)
from ...graph import StanceGraph
from . import _sparql_child
from .export import quads, to_rdflib
from .vocabulary import DEFAULT_BASE

__all__ = ["DEFAULT_TIMEOUT", "MAX_QUERY_CHARS", "SparqlResult", "canonical_query", "check_query",
           "sparql"]

#: Seconds a query may run before it is stopped, unless the caller says otherwise.
DEFAULT_TIMEOUT = 60.0

#: How the child process is made: "fork" (the parent's memory, store included, is shared
#: copy-on-write: a few milliseconds) where fork is safe, else "script" (a fresh interpreter
#: running ``_sparql_child.py``, the data sent to it as N-Quads).
_START = "fork" if hasattr(os, "fork") and sys.platform != "darwin" else "script"

#: The longest query text read: rdflib's parser, which checks it, reads some 25,000
#: characters a second, and runs before the time limit starts (Ctrl-C stops it).
MAX_QUERY_CHARS = 1024 * 1024
#: Python refuses to turn longer runs of digits into an int (``sys.get_int_max_str_digits``),
#: and rdflib then logs a traceback while parsing the query.
_MAX_DIGITS = 4300
_LONG_NUMBER = re.compile(f"[0-9]{{{_MAX_DIGITS + 1},}}")
_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_LEFTOVER = re.compile(r"\\[uU]")
_LINE_END = re.compile(r"\r\n|\r|\n")
#: Characters refused anywhere in a query: control characters other than tab and newline
#: (NUL, vertical tab, form feed, NEL, ...), the Unicode line and paragraph separators, the
#: byte-order mark past the start, and lone surrogates. Parsers disagree on whether they end
#: a comment or a token; no query needs them.
_FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff]")


@dataclass(frozen=True)
class SparqlResult:
    """The answer to a query: ``rows`` (one dict per solution, variable → value) for SELECT,
    ``boolean`` for ASK, and rows of ``subject``, ``predicate``, ``object`` for CONSTRUCT and
    DESCRIBE. IRIs are strings; typed literals are Python values (dates, numbers, booleans)."""

    variables: tuple[str, ...]
    rows: tuple[dict[str, Any], ...] = ()
    boolean: bool | None = None
    kind: str = "select"

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def to_frame(self) -> Any:
        """The rows as a pandas DataFrame (needs pandas: ``pip install stancegraph[pandas]``)."""
        try:
            import pandas as pd
        except ImportError as err:
            raise MissingExtraError.of("pandas", "to_frame") from err
        return pd.DataFrame(list(self.rows), columns=list(self.variables))


def canonical_query(query: str) -> str:
    r"""The one text of ``query`` that stancegraph checks and runs.

    SPARQL's code point escapes (``\uXXXX``, ``\UXXXXXXXX``) are applied once, before
    anything else reads the text (the SPARQL 1.1 grammar, section 19.2, says so); then every
    line end (``\r\n``, a lone ``\r``) becomes ``\n``, and a leading byte-order mark is
    dropped. Refused, with a :class:`~stancegraph.ParseError` naming the line: an escape left
    after that one pass (``\u005Cu0027``, ``\U0027``) that a second reader would apply again,
    an escape past U+10FFFF, and control characters other than tab and newline, U+2028,
    U+2029, a byte-order mark inside the text, and lone surrogates -- characters that parsers
    disagree on (does a form feed end a comment?) and that no query needs; a run of more than
    4,300 digits, and a text longer than :data:`MAX_QUERY_CHARS`.

    >>> canonical_query("SELECT ?x WHERE { BIND('caf\\u00E9' AS ?x) } # note\r\n")
    "SELECT ?x WHERE { BIND('café' AS ?x) } # note\n"
    >>> canonical_query("ASK { # hidden\x0c SERVICE <http://example.org/> { } }")
    Traceback (most recent call last):
    ...
    stancegraph.errors.ParseError: line 1: a control character '\x0c' in a SPARQL query is refused (expected text, tabs and line ends)
    """
    if len(query) > MAX_QUERY_CHARS:
        raise ParseError(f"a SPARQL query of {len(query):,} characters is refused",
                         expected=f"at most {MAX_QUERY_CHARS:,}")
    text = query.removeprefix("\ufeff")

    def expand(match: re.Match[str]) -> str:
        point = int(match.group(1) or match.group(2), 16)
        if point > 0x10FFFF:
            raise ParseError(f"{match.group(0)} is not a Unicode code point",
                             line=_line(text, match.start()),
                             expected="a code point up to \\U0010FFFF")
        return chr(point)

    text = _ESCAPE.sub(expand, text)
    leftover = _LEFTOVER.search(text)
    if leftover is not None:
        raise ParseError("a \\u or \\U escape in a SPARQL query is refused where it is left after "
                         "the escapes are applied once (or is not 4 or 8 hex digits)",
                         line=_line(text, leftover.start()),
                         expected="each escape written once: \\uXXXX or \\UXXXXXXXX")
    text = _LINE_END.sub("\n", text)
    bad = _FORBIDDEN.search(text)
    if bad is not None:
        raise ParseError(f"a control character {bad.group(0)!r} in a SPARQL query is refused",
                         line=_line(text, bad.start()), expected="text, tabs and line ends")
    long = _LONG_NUMBER.search(text)
    if long is not None:
        raise ParseError(f"a number of {len(long.group(0)):,} digits in a SPARQL query is "
                         "refused", line=_line(text, long.start()),
                         expected=f"at most {_MAX_DIGITS:,} digits")
    return text


def _line(text: str, position: int) -> int:
    return len(_LINE_END.findall(text, 0, position)) + 1


def check_query(query: str, *, allow_network: bool = False) -> str:
    """Parse ``query`` (made canonical: :func:`canonical_query`); refuse updates, a LIMIT or
    OFFSET past ``sys.maxsize``, and unless ``allow_network``, SERVICE and FROM.

    Returns the query form: "select", "ask", "construct" or "describe".

    >>> check_query("ASK { ?s ?p ?o }")
    'ask'
    """
    return _checked(query, allow_network=allow_network)[1]


def _checked(query: str, *, allow_network: bool) -> tuple[str, str]:
    """The canonical text of ``query`` and its form, once checked."""
    text = canonical_query(query)
    try:
        parsed = parseQuery(text)
    except ParseException as err:
        raise ParseError(f"not a SPARQL query (updates such as LOAD or INSERT are refused): "
                         f"{err.msg}", line=err.lineno, expected="SELECT, ASK, CONSTRUCT or "
                         "DESCRIBE") from err
    except Exception as err:  # rdflib raises assorted errors on odd input
        raise ParseError(f"not a SPARQL query: {err}") from err
    body = parsed[1]
    values = list(_values(parsed))
    names = {v.name for v in values}
    if not allow_network:
        if "ServiceGraphPattern" in names:
            raise ParseError("SERVICE is refused: it would query another endpoint over the "
                             "network", expected="a query on this graph alone, or "
                             "allow_network=True")
        if "DatasetClause" in names:
            raise ParseError("FROM and FROM NAMED are refused: they would load other graphs",
                             expected="a query on this graph alone, or allow_network=True")
    for clauses in (v for v in values if v.name == "LimitOffsetClauses"):
        for key in ("limit", "offset"):
            number = dict.get(clauses, key)  # CompValue.get answers the key when missing
            digits = None if number is None else str(number).lstrip("0") or "0"
            if digits is not None and (len(digits) > len(str(sys.maxsize))
                                       or int(digits) > sys.maxsize):
                shown = digits if len(digits) <= 40 else f"{digits[:20]}... ({len(digits)} digits)"
                raise ParseError(f"{key.upper()} {shown} is out of range",
                                 expected=f"an integer up to {sys.maxsize}")
    return text, str(body.name).removesuffix("Query").lower()


def _values(value: Any) -> Iterator[CompValue]:
    if isinstance(value, CompValue):
        yield value
        for item in value.values():
            yield from _values(item)
    elif isinstance(value, (list, tuple)) or hasattr(value, "asList"):
        for item in value:
            yield from _values(item)


def sparql(g: StanceGraph, query: str, *, base: str = DEFAULT_BASE,
           allow_network: bool = False,
           timeout: float | None = DEFAULT_TIMEOUT, derived: bool = False) -> SparqlResult:
    """Run a SPARQL query over the graph's RDF (see docs/rdf.md for the mapping).

    Parameters
    ----------
    g : StanceGraph
        The graph; its RDF is what the query sees (all of it in the default graph).
    query : str
        A SELECT, ASK, CONSTRUCT or DESCRIBE query (see :func:`canonical_query` for the text
        refused, :func:`check_query` for the queries refused).
    base : str
        The base IRI of the data's IRIs.
    allow_network : bool
        Let ``SERVICE`` (and ``FROM``) fetch from other endpoints; off by default, when the
        query cannot open a connection at all.
    timeout : float or None
        Seconds the query may run (default 60); ``None`` for no limit. Past it the query is
        stopped and :class:`~stancegraph.QueryTimeoutError` raised.
    derived : bool
        Also hold the stances rolled up to the actors they count for (``sg:DerivedStance``
        nodes and their shortcut triples; see docs/rdf.md), so that "which states oppose X"
        finds a state whose leader or bloc said it.

    Raises
    ------
    ParseError
        The query is not a query, or is refused.
    QueryError
        The query failed while it ran.
    QueryTimeoutError
        The query ran out of time.

    Examples
    --------
    >>> result = sparql(nato, '''
    ...     PREFIX sg: <https://w3id.org/stancegraph/ns#>
    ...     SELECT ?holder WHERE { ?holder sg:opposes ?t . ?t sg:broader* ?p .
    ...         FILTER(STRENDS(STR(?p), "abandon-founding-act")) } ORDER BY ?holder''')
    >>> [row["holder"].rsplit("/", 1)[1] for row in result]
    ['germany', 'olaf-scholz']
    >>> states = '''PREFIX sg: <https://w3id.org/stancegraph/ns#>
    ...     SELECT DISTINCT ?state WHERE { ?state a sg:State ; sg:opposes ?t .
    ...         FILTER(STRENDS(STR(?t), "/abandon-founding-act")) }'''
    >>> len(sparql(nato, states)) <= len(sparql(nato, states, derived=True))
    True
    """
    text, kind = _checked(query, allow_network=allow_network)
    seconds = _seconds(timeout)
    job: dict[str, Any] = {"query": text, "kind": kind, "network": allow_network}
    if allow_network:
        deadline = None if seconds is None else time.monotonic() + seconds
        data = to_rdflib(g, base=base, derived=derived)
        return _result(_run({**job, "engine": "rdflib", "data": data}, deadline, seconds),
                       kind)
    store = ox.Store()
    store.bulk_extend(ox.Quad(s, p, o, gr if gr is not None else ox.DefaultGraph())
                      for s, p, o, gr in quads(g, base=base, derived=derived))
    deadline = None if seconds is None else time.monotonic() + seconds
    answer = _run({**job, "engine": "oxigraph", "data": store}, deadline, seconds)
    if answer[0] == "syntax":
        # rdflib parsed the query, so it is valid SPARQL that pyoxigraph 0.5 does not read
        # (prefixed names with two dots, such as data:a.supports.b): rdflib runs it, locally.
        data = to_rdflib(g, base=base, derived=derived)
        answer = _run({**job, "engine": "rdflib", "data": data}, deadline, seconds)
    return _result(answer, kind)


def _seconds(timeout: float | None) -> float | None:
    if timeout is None:
        return None
    if (isinstance(timeout, bool) or not isinstance(timeout, (int, float))
            or math.isnan(timeout) or timeout <= 0):
        raise InvalidRecordError("a SPARQL time limit must be a number of seconds above 0",
                                 field="timeout", id=repr(timeout),
                                 expected="seconds, or None for no limit")
    return None if math.isinf(timeout) else float(timeout)


def _result(answer: tuple[Any, ...], kind: str) -> SparqlResult:
    if answer[0] == "ok":
        _, variables, rows, boolean = answer
        if boolean is not None:
            return SparqlResult((), boolean=boolean, kind="ask")
        return SparqlResult(variables, rows, kind=kind)
    if answer[0] == "syntax":
        raise ParseError(f"not a SPARQL query: {_one_line(answer[1])}")
    _, name, message = answer
    if "os error 24" in message or "Too many open files" in message:
        # The sandbox of the child process at work: the check let the query through, yet it
        # tried to open a socket (or a file).
        raise QueryError("the query tried to reach outside the graph (a SERVICE clause?), which "
                         "is refused", expected="a query on this graph alone, or "
                         "allow_network=True")
    raise QueryError(f"the query failed: {name}: {_one_line(message)}")


def _one_line(text: str, limit: int = 300) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 3] + "..."


# -- the child process --------------------------------------------------------------------------

def _run(job: dict[str, Any], deadline: float | None, seconds: float | None) -> tuple[Any, ...]:
    """Evaluate ``job`` in a child process; stop it at ``deadline`` (a ``time.monotonic()``
    value) or on Ctrl-C."""
    if _START == "fork":
        return _forked(job, deadline, seconds)
    return _script(job, deadline, seconds)


def _remaining(deadline: float | None) -> float | None:
    return None if deadline is None else max(0.0, deadline - time.monotonic())


def _timed_out(seconds: float | None) -> QueryTimeoutError:
    return QueryTimeoutError(f"the SPARQL query did not finish within {seconds:g} s and was "
                             "stopped", expected="a simpler query, or a longer time limit "
                             "(timeout=..., stancegraph sparql --timeout)")


def _died(code: int | None, detail: str = "") -> QueryError:
    how = f"signal {-code}" if code is not None and code < 0 else f"exit code {code}"
    return QueryError(f"the SPARQL query's process ended without an answer ({how})"
                      + (f": {_one_line(detail)}" if detail else ""),
                      expected="a query that fits in memory")


def _forked(job: dict[str, Any], deadline: float | None,
            seconds: float | None) -> tuple[Any, ...]:
    """Evaluate ``job`` in a forked child (plain ``os.fork``: unlike ``multiprocessing``, it
    also works inside a daemonic process such as a ``multiprocessing.Pool`` worker)."""
    reader, writer = os.pipe()
    try:
        with _starting():
            pid = os.fork()
            if pid == 0:  # the child, with Ctrl-C still held back
                _child(job, reader, writer)
    except OSError as err:
        os.close(reader)
        os.close(writer)
        raise QueryError(f"cannot start the SPARQL query's process: {err}") from err
    os.close(writer)
    reaped: int | None = None
    try:
        if not wait([reader], _remaining(deadline)):
            raise _timed_out(seconds)
        with os.fdopen(reader, "rb", closefd=False) as pipe:
            data = pipe.read()
        reaped = _reap(pid)
    finally:
        if reaped is None:
            _kill(pid)
        os.close(reader)
    if not data:
        raise _died(reaped)
    answer: tuple[Any, ...] = pickle.loads(data)
    return answer


def _child(job: dict[str, Any], reader: int, writer: int) -> NoReturn:
    """The forked child's whole life: nothing it does may return into the caller's code."""
    code = 0
    try:
        os.close(reader)
        _sparql_child.serve(job, writer)
    except BaseException:  # noqa: BLE001
        code = 70
    finally:
        os._exit(code)


def _reap(pid: int) -> int:
    """Wait for the child ``pid``; its exit code (negative: the signal that ended it)."""
    try:
        return os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])
    except ChildProcessError:  # reaped already (SIGCHLD ignored)
        return 0


def _kill(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:  # pragma: no cover - gone already
        pass
    _reap(pid)


@contextmanager
def _starting() -> Iterator[None]:
    """Start a forked child: Ctrl-C is held back until the child ignores it (the parent gets
    it then, and kills the child), and Python 3.12's warning on fork in a process with threads
    is silenced -- the child touches no lock another thread could hold: it runs pyoxigraph on
    a store of its own, sends plain values down a pipe and exits."""
    masked = hasattr(signal, "pthread_sigmask")
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT}) if masked else None
    try:
        if sys.version_info < (3, 12):
            yield
            return
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message=r".*use of fork\(\) may lead to deadlocks",
                                    category=DeprecationWarning)
            yield
    finally:
        if previous is not None:
            signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _script(job: dict[str, Any], deadline: float | None,
            seconds: float | None) -> tuple[Any, ...]:
    if isinstance(job["data"], ox.Store):
        job = {**job, "data": job["data"].dump(format=ox.RdfFormat.N_QUADS)}
    message = (pickle.dumps(sys.path, protocol=pickle.HIGHEST_PROTOCOL)
               + pickle.dumps(job, protocol=pickle.HIGHEST_PROTOCOL))
    options: dict[str, Any] = {}
    if os.name == "posix":
        options["start_new_session"] = True  # Ctrl-C at the terminal reaches the parent only
    if sys.platform == "win32":
        options["creationflags"] = subprocess.CREATE_NEW_PROCESS_GROUP
    child = subprocess.Popen([sys.executable, "-I", _sparql_child.__file__],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, **options)
    try:
        try:
            out, err = child.communicate(message, timeout=_remaining(deadline))
        except subprocess.TimeoutExpired:
            raise _timed_out(seconds) from None
    finally:
        if child.poll() is None:
            child.kill()
            child.communicate()
    if child.returncode != 0 or not out:
        lines = err.decode("utf-8", "replace").strip().splitlines()
        raise _died(child.returncode, lines[-1] if lines else "")
    answer: tuple[Any, ...] = pickle.loads(out)
    return answer
