"""The RDF entries of the format table: how each RDF format is read and written."""

from __future__ import annotations

import pyoxigraph as ox

from ...errors import ParseError
from ...graph import StanceGraph
from .export import serialize
from .read import from_quads
from .safety import check_rdfxml, local_jsonld
from .vocabulary import DEFAULT_BASE

__all__ = ["RDF_FORMATS", "rdf_dumps", "rdf_loads"]

#: name -> (file suffixes, pyoxigraph format)
RDF_FORMATS: dict[str, tuple[tuple[str, ...], ox.RdfFormat]] = {
    "turtle": ((".ttl",), ox.RdfFormat.TURTLE),
    "ntriples": ((".nt",), ox.RdfFormat.N_TRIPLES),
    "jsonld": ((".jsonld",), ox.RdfFormat.JSON_LD),
    "rdfxml": ((".rdf", ".owl"), ox.RdfFormat.RDF_XML),
    "trig": ((".trig",), ox.RdfFormat.TRIG),
    "nquads": ((".nq",), ox.RdfFormat.N_QUADS),
}


def rdf_loads(name: str, text: str, file: str | None, *, strict: bool = True) -> StanceGraph:
    """Read RDF text in format ``name`` (never fetching anything; see docs/rdf.md)."""
    data = text.encode("utf-8")
    if name == "rdfxml":
        check_rdfxml(data, file)
    elif name == "jsonld":
        data = local_jsonld(data, file)
    quads = ox.parse(data, format=RDF_FORMATS[name][1])
    try:
        return from_quads(quads, file=file, strict=strict)
    except SyntaxError as err:  # raised lazily, while the quads are read
        raise ParseError(f"not valid {name}: {' '.join(str(err).split())}",
                         file=file) from err


def rdf_dumps(name: str, g: StanceGraph, *, base: str = DEFAULT_BASE) -> str:
    """The graph as RDF text in format ``name``."""
    return serialize(g, name, base=base)
