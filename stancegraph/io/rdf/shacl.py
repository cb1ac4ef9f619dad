"""Validate RDF against stancegraph's SHACL shapes (``ontology/shapes.ttl``) with pyshacl."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import rdflib

from ...errors import MissingExtraError, ParseError
from ...graph import StanceGraph
from .._files import read_text
from ._ontology import ontology_text
from .export import to_rdflib
from .formats import RDF_FORMATS
from .safety import check_rdfxml, local_jsonld

__all__ = ["ShaclReport", "Violation", "validate_rdf"]


@dataclass(frozen=True)
class Violation:
    """One result of the SHACL validation."""

    focus: str
    path: str | None
    value: str | None
    message: str
    severity: str

    def __str__(self) -> str:
        where = self.focus + (f" {self.path}" if self.path else "")
        shown = f" (value {self.value})" if self.value is not None else ""
        return f"{self.severity}: {where}: {self.message}{shown}"


@dataclass(frozen=True)
class ShaclReport:
    """Whether the data conforms, and every violation, sorted by focus node then path."""

    conforms: bool
    violations: tuple[Violation, ...]

    def __str__(self) -> str:
        if self.conforms:
            return "conforms to the stancegraph shapes"
        lines = [f"{len(self.violations)} violation(s) of the stancegraph shapes:"]
        return "\n".join(lines + [f"  {v}" for v in self.violations])


def validate_rdf(source: StanceGraph | rdflib.Graph | str | os.PathLike[str], *,
                 format: str | None = None) -> ShaclReport:
    """Run the stancegraph shapes over a graph, an rdflib graph or an RDF file.

    A file is read with the same safety checks as :func:`~stancegraph.load`; data files (YAML,
    JSON) are exported first. Needs pyshacl (``pip install 'stancegraph[shacl]'``).

    >>> validate_rdf(nato).conforms
    True
    """
    try:
        import pyshacl
    except ImportError as err:
        raise MissingExtraError.of("shacl", "SHACL validation") from err
    data = _as_rdflib(source, format)
    shapes = rdflib.Graph().parse(data=ontology_text("shapes.ttl"), format="turtle")
    conforms, results, _ = pyshacl.validate(data, shacl_graph=shapes, inference="none",
                                            advanced=True, allow_warnings=True)
    return ShaclReport(bool(conforms), _violations(results))


def _as_rdflib(source: Any, format: str | None) -> rdflib.Graph:
    if isinstance(source, StanceGraph):
        return to_rdflib(source)
    if isinstance(source, rdflib.Graph):
        return source
    from ..formats import format_for, load  # the table of all formats

    name = os.fspath(source)
    fmt = format_for(name, format)
    if fmt.name not in RDF_FORMATS:
        return to_rdflib(load(name, format=fmt.name))
    text, name = read_text(Path(name))
    data = text.encode("utf-8")
    if fmt.name == "rdfxml":
        check_rdfxml(data, name)
    elif fmt.name == "jsonld":
        data = local_jsonld(data, name)
    graph = rdflib.Graph()
    try:
        for q in ox.parse(data, format=RDF_FORMATS[fmt.name][1]):
            graph.add((_term(q.subject), _term(q.predicate), _term(q.object)))
    except SyntaxError as err:
        raise ParseError(f"not valid {fmt.name}: {' '.join(str(err).split())}",
                         file=name) from err
    return graph


def _term(term: Any) -> Any:
    if isinstance(term, ox.NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return rdflib.BNode(term.value)
    if term.language:
        return rdflib.Literal(term.value, lang=term.language)
    return rdflib.Literal(term.value, datatype=rdflib.URIRef(term.datatype.value),
                          normalize=False)


_SH = rdflib.Namespace("http://www.w3.org/ns/shacl#")


def _violations(results: rdflib.Graph) -> tuple[Violation, ...]:
    found = []
    def one(result: Any, predicate: Any) -> str | None:
        value = results.value(result, predicate)
        return None if value is None else str(value)

    for result in results.subjects(rdflib.RDF.type, _SH.ValidationResult):
        found.append(Violation(
            focus=one(result, _SH.focusNode) or "?",
            path=one(result, _SH.resultPath),
            value=one(result, _SH.value),
            message=one(result, _SH.resultMessage) or "violates a shape",
            severity=(one(result, _SH.resultSeverity) or "Violation").rsplit("#", 1)[-1],
        ))
    return tuple(sorted(found, key=lambda v: (v.focus, v.path or "", v.message)))
