"""RDF export and import under the stancegraph ontology (docs/rdf.md), SPARQL and SHACL.

Each name is imported from its module on first use: writing Turtle needs pyoxigraph, not the
rdflib that SPARQL over a graph and SHACL validation use.
"""

from typing import TYPE_CHECKING

from ..._lazy import attach

__all__ = ["DEFAULT_BASE", "SG", "ShaclReport", "SparqlResult", "Violation", "sparql",
           "validate_rdf"]

if TYPE_CHECKING:
    from .shacl import ShaclReport, Violation, validate_rdf
    from .sparql import SparqlResult, sparql
    from .vocabulary import DEFAULT_BASE, SG

__getattr__, __dir__ = attach(__name__, {
    "shacl": ["ShaclReport", "Violation", "validate_rdf"],
    "sparql": ["SparqlResult", "sparql"],
    "vocabulary": ["DEFAULT_BASE", "SG"],
})
