"""The RDF entries of the format table: how each RDF format is read and written."""

from __future__ import annotations

import pyoxigraph as ox

from ...graph import StanceGraph
from .._suffixes import RDF_SUFFIXES
from .export import serialize
from .read import rdf_bytes, read_rdf
from .safety import check_rdfxml, local_jsonld
from .vocabulary import DEFAULT_BASE

__all__ = ["RDF_FORMATS", "rdf_dumps", "rdf_loads"]

_OX = {"turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES,
       "jsonld": ox.RdfFormat.JSON_LD, "rdfxml": ox.RdfFormat.RDF_XML, "trig": ox.RdfFormat.TRIG,
       "nquads": ox.RdfFormat.N_QUADS}
#: name -> (file suffixes, pyoxigraph format)
RDF_FORMATS: dict[str, tuple[tuple[str, ...], ox.RdfFormat]] = {
    name: (suffixes, _OX[name]) for name, suffixes in RDF_SUFFIXES.items()}


def rdf_loads(name: str, text: str, file: str | None, *, strict: bool = True) -> StanceGraph:
    """Read RDF text in format ``name`` (never fetching anything; see docs/rdf.md)."""
    data = rdf_bytes(text, name, file)
    if name == "rdfxml":
        check_rdfxml(data, file)
    elif name == "jsonld":
        data = local_jsonld(data, file)
    return read_rdf(data, name, file=file, strict=strict)  # within limits (docs/rdf.md)


def rdf_dumps(name: str, g: StanceGraph, *, base: str = DEFAULT_BASE,
              derived: bool = False) -> str:
    """The graph as RDF text in format ``name``; with ``derived``, also the stances rolled up
    to the actors they count for, as ``sg:DerivedStance`` nodes (docs/rdf.md)."""
    return serialize(g, name, base=base, derived=derived)
