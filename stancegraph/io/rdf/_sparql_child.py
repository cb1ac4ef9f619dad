"""The child process a SPARQL query is evaluated in (see :mod:`stancegraph.io.rdf.sparql`).

A query runs apart from the caller so that it can be stopped -- at its time limit, or on
Ctrl-C -- although pyoxigraph evaluates it in Rust, beyond the reach of Python's signals: the
parent kills the child. Unless the network is allowed, the child first gives up the right to
open any file descriptor (``RLIMIT_NOFILE`` set to 0, the fallback sandbox of OpenSSH's
privilege separation), so that whatever the query says, no socket can be opened: this holds
even if the check of the query's text missed a ``SERVICE`` clause.

This module imports only the standard library at load time, so that it can also run as a
script (``python -I _sparql_child.py``) where ``fork`` is not used: it then reads
``sys.path`` and the job from standard input (pickled) and writes the answer to standard
output (pickled). Forked, it writes the answer (pickled) to a pipe.

A job is a dict: ``engine`` ("oxigraph" or "rdflib"), ``query`` (the canonical text),
``kind`` (the query form), ``network`` (bool) and ``data`` (a ``pyoxigraph.Store`` or N-Quads
bytes for oxigraph; an ``rdflib.Graph`` for rdflib). The answer is a tuple: ``("ok", variables,
rows, boolean)``, ``("syntax", message)`` when pyoxigraph does not read the query, or
``("error", type name, message)``.
"""

from __future__ import annotations

import datetime as dt
import os
import pickle
import signal
import sys
from typing import Any

_XSD = "http://www.w3.org/2001/XMLSchema#"
_PR_SET_PDEATHSIG = 1  # from <sys/prctl.h>

Answer = tuple[Any, ...]


def serve(job: dict[str, Any], answer: int) -> None:
    """The child's work under ``fork``: evaluate ``job``, write the answer (pickled) to the
    file descriptor ``answer`` and close it. The caller then ends the process (``os._exit``)."""
    _detach()
    data = memoryview(pickle.dumps(evaluate(job), protocol=pickle.HIGHEST_PROTOCOL))
    while data:
        data = data[os.write(answer, data):]
    os.close(answer)


def main() -> None:
    """The child's work as a script: the job comes on stdin, the answer goes to stdout."""
    _detach()
    stdin = sys.stdin.buffer
    sys.path[:] = pickle.load(stdin)
    job = pickle.load(stdin)
    pickle.dump(evaluate(job), sys.stdout.buffer, protocol=pickle.HIGHEST_PROTOCOL)
    sys.stdout.buffer.flush()


def _detach() -> None:
    """Leave Ctrl-C to the parent (which kills this process), unblock the signals the parent
    blocked while starting it, and on Linux, die with the parent if it dies first."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    if sys.platform == "linux":
        import ctypes

        parent = os.getppid()
        try:
            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
        except (AttributeError, OSError):  # pragma: no cover - no prctl in this libc
            return
        if os.getppid() != parent:  # pragma: no cover - the parent died in between
            os._exit(1)


def sandbox() -> bool:
    """Make opening any new file descriptor (a socket, a file) fail from now on; return False
    where the platform offers no way to (no ``resource`` module: Windows)."""
    try:
        import resource
    except ImportError:  # pragma: no cover - Windows
        return False
    resource.setrlimit(resource.RLIMIT_NOFILE, (0, 0))
    return True


def evaluate(job: dict[str, Any]) -> Answer:
    """Run the job's query; return the answer as plain Python values (never raise)."""
    try:
        if job["engine"] == "rdflib":
            # Everything rdflib imports while evaluating is imported before the sandbox.
            import rdflib.plugins.sparql.processor  # noqa: F401

            if not job["network"]:
                sandbox()
            return _rdflib(job)
        import pyoxigraph as ox

        data = job["data"]
        if isinstance(data, bytes):
            store = ox.Store()
            store.load(data, format=ox.RdfFormat.N_QUADS)
            data = store
        if not job["network"]:
            sandbox()
        return _oxigraph(ox, data, job["query"])
    except SyntaxError as err:
        return ("syntax", str(err))
    except BaseException as err:  # also pyo3's PanicException; the parent raises QueryError
        return ("error", type(err).__name__, str(err))


def _oxigraph(ox: Any, store: Any, query: str) -> Answer:
    answer = store.query(query, use_default_graph_as_union=True)
    if isinstance(answer, ox.QueryBoolean):
        return ("ok", (), (), bool(answer))
    if isinstance(answer, ox.QuerySolutions):
        variables = tuple(v.value for v in answer.variables)
        rows = tuple({name: _python(ox, solution[name]) for name in variables
                      if solution[name] is not None} for solution in answer)
        return ("ok", variables, rows, None)
    rows = tuple({"subject": _python(ox, t.subject), "predicate": _python(ox, t.predicate),
                  "object": _python(ox, t.object)} for t in answer)
    return ("ok", ("subject", "predicate", "object"), rows, None)


def _python(ox: Any, term: Any) -> Any:
    if isinstance(term, ox.NamedNode):
        return term.value
    if isinstance(term, ox.BlankNode):
        return "_:" + term.value
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value
        text = term.value
        try:
            if datatype == _XSD + "date":
                return dt.date.fromisoformat(text)
            if datatype == _XSD + "boolean":
                return text in ("true", "1")
            if datatype == _XSD + "integer":
                return int(text)
            if datatype in (_XSD + "decimal", _XSD + "double", _XSD + "float"):
                return float(text)
        except ValueError:
            return text
        return text
    return str(term)


def _rdflib(job: dict[str, Any]) -> Answer:
    result: Any = job["data"].query(job["query"])
    if job["kind"] == "ask":
        return ("ok", (), (), bool(result.askAnswer))
    if job["kind"] == "select":
        variables = tuple(str(v) for v in result.vars or ())
        rows = tuple({v: _python_rdflib(row[v]) for v in variables if row[v] is not None}
                     for row in result)
        return ("ok", variables, rows, None)
    rows = tuple({"subject": _python_rdflib(s), "predicate": _python_rdflib(p),
                  "object": _python_rdflib(o)} for s, p, o in result)
    return ("ok", ("subject", "predicate", "object"), rows, None)


def _python_rdflib(term: Any) -> Any:
    value = term.toPython() if hasattr(term, "toPython") else term
    return str(value) if not isinstance(value, (int, float, bool, dt.date, str)) else value


if __name__ == "__main__":  # pragma: no cover - run as a script where fork is not available
    main()
