"""SPARQL over a stance graph's RDF view, without network access unless asked for.

The query is parsed (by rdflib, which fetches nothing while parsing) and refused if it could
reach outside the graph: ``SERVICE``, ``FROM`` / ``FROM NAMED``, or an update (``LOAD``,
``INSERT``, ...). It then runs on an in-memory pyoxigraph store holding the graph's RDF (or on
rdflib, for the valid queries pyoxigraph's parser does not read). With ``allow_network=True``
-- the one opt-in -- the query runs on rdflib and its ``SERVICE`` clauses are fetched.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox
from pyparsing import ParseException
from rdflib.plugins.sparql.parser import parseQuery
from rdflib.plugins.sparql.parserutils import CompValue

from ...errors import InvalidRecordError, ParseError
from ...graph import StanceGraph
from .export import quads, to_rdflib
from .vocabulary import DEFAULT_BASE

__all__ = ["SparqlResult", "check_query", "sparql"]

_XSD = "http://www.w3.org/2001/XMLSchema#"


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
            raise InvalidRecordError("to_frame needs pandas",
                                     expected="pip install 'stancegraph[pandas]'") from err
        return pd.DataFrame(list(self.rows), columns=list(self.variables))


def check_query(query: str, *, allow_network: bool = False) -> str:
    """Parse ``query``; refuse updates, and unless ``allow_network``, SERVICE and FROM.

    Returns the query form: "select", "ask", "construct" or "describe".
    """
    try:
        parsed = parseQuery(query)
    except ParseException as err:
        raise ParseError(f"not a SPARQL query (updates such as LOAD or INSERT are refused): "
                         f"{err.msg}", line=err.lineno, expected="SELECT, ASK, CONSTRUCT or "
                         "DESCRIBE") from err
    except Exception as err:  # rdflib raises assorted errors on odd input
        raise ParseError(f"not a SPARQL query: {err}") from err
    body = parsed[1]
    names = set(_names(parsed))
    if not allow_network:
        if "ServiceGraphPattern" in names:
            raise ParseError("SERVICE is refused: it would query another endpoint over the "
                             "network", expected="a query on this graph alone, or "
                             "allow_network=True")
        if "DatasetClause" in names:
            raise ParseError("FROM and FROM NAMED are refused: they would load other graphs",
                             expected="a query on this graph alone, or allow_network=True")
    return str(body.name).removesuffix("Query").lower()


def _names(value: Any) -> Iterator[str]:
    if isinstance(value, CompValue):
        yield value.name
        for item in value.values():
            yield from _names(item)
    elif isinstance(value, (list, tuple)) or hasattr(value, "asList"):
        for item in value:
            yield from _names(item)


def sparql(g: StanceGraph, query: str, *, base: str = DEFAULT_BASE,
           allow_network: bool = False) -> SparqlResult:
    """Run a SPARQL query over the graph's RDF (see docs/rdf.md for the mapping).

    Examples
    --------
    >>> result = sparql(nato, '''
    ...     PREFIX sg: <https://w3id.org/stancegraph/ns#>
    ...     SELECT ?holder WHERE { ?holder sg:opposes ?t . ?t sg:broader* ?p .
    ...         FILTER(STRENDS(STR(?p), "abandon-founding-act")) } ORDER BY ?holder''')
    >>> [row["holder"].rsplit("/", 1)[1] for row in result]
    ['germany', 'olaf-scholz']
    """
    kind = check_query(query, allow_network=allow_network)
    if allow_network:
        return _rdflib_query(g, query, base, kind)
    store = ox.Store()
    store.bulk_extend(ox.Quad(s, p, o, gr if gr is not None else ox.DefaultGraph())
                      for s, p, o, gr in quads(g, base=base))
    try:
        answer = store.query(query, use_default_graph_as_union=True)
    except SyntaxError:
        # rdflib parsed the query, so it is valid SPARQL that pyoxigraph 0.5 does not read
        # (prefixed names with two dots, such as data:a.supports.b): rdflib runs it, locally.
        return _rdflib_query(g, query, base, kind)
    if isinstance(answer, ox.QueryBoolean):
        return SparqlResult((), boolean=bool(answer), kind="ask")
    if isinstance(answer, ox.QuerySolutions):
        variables = tuple(v.value for v in answer.variables)
        rows = tuple({name: _python(solution[name]) for name in variables
                      if solution[name] is not None} for solution in answer)
        return SparqlResult(variables, rows, kind="select")
    rows = tuple({"subject": _python(t.subject), "predicate": _python(t.predicate),
                  "object": _python(t.object)} for t in answer)
    return SparqlResult(("subject", "predicate", "object"), rows, kind=kind)


def _python(term: Any) -> Any:
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


def _rdflib_query(g: StanceGraph, query: str, base: str, kind: str) -> SparqlResult:
    result: Any = to_rdflib(g, base=base).query(query)
    if kind == "ask":
        return SparqlResult((), boolean=bool(result.askAnswer), kind="ask")
    if kind == "select":
        variables = tuple(str(v) for v in result.vars or ())
        rows = tuple({v: _python_rdflib(row[v]) for v in variables if row[v] is not None}
                     for row in result)
        return SparqlResult(variables, rows, kind="select")
    rows = tuple({"subject": _python_rdflib(s), "predicate": _python_rdflib(p),
                  "object": _python_rdflib(o)} for s, p, o in result)
    return SparqlResult(("subject", "predicate", "object"), rows, kind=kind)


def _python_rdflib(term: Any) -> Any:
    value = term.toPython() if hasattr(term, "toPython") else term
    return str(value) if not isinstance(value, (int, float, bool, dt.date, str)) else value
