"""RDF export and import under the stancegraph ontology (docs/rdf.md), SPARQL and SHACL."""

from .shacl import ShaclReport, Violation, validate_rdf
from .sparql import SparqlResult, sparql
from .vocabulary import DEFAULT_BASE, SG

__all__ = ["DEFAULT_BASE", "SG", "ShaclReport", "SparqlResult", "Violation", "sparql",
           "validate_rdf"]
