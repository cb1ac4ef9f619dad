"""Reading and writing stance graphs: one format table behind ``load``/``save``/``loads``/``dumps``.

RDF formats (Turtle, N-Triples, JSON-LD, RDF/XML, TriG, N-Quads) follow docs/rdf.md.
YAML (safe loading) and JSON share one schema: the top-level keys ``sources``, ``actors``,
``positions``, ``relations`` and ``stances``, each a list of records (see
``docs/data-format.md`` and the JSON Schema from :func:`stancegraph.data_file_schema`).
"""

from ._records import to_records
from .formats import FORMATS, Format, dumps, format_for, load, loads, save
from .rdf import ShaclReport, SparqlResult, sparql, validate_rdf

__all__ = ["FORMATS", "Format", "ShaclReport", "SparqlResult", "dumps", "format_for", "load",
           "loads", "save", "sparql", "to_records", "validate_rdf"]
