"""Reading and writing stance graphs: one format table behind ``load``/``save``/``loads``/``dumps``.

RDF formats (Turtle, N-Triples, JSON-LD, RDF/XML, TriG, N-Quads) follow docs/rdf.md; GEXF and
GraphML, written only, hand a graph, signed network or coalition result to network tools
(docs/exchange.md).
Statement tables (CSV, TSV, JSON Lines, Parquet: one stance a row) are read and written by
``read_statements``/``write_statements`` and by ``load``/``save`` (docs/tables.md).
Discourse Network Analyzer databases (``.dna``, SQLite) are read, read-only, by ``load``
(docs/dna.md).
YAML (safe loading) and JSON share one schema: the top-level keys ``sources``, ``actors``,
``positions``, ``relations`` and ``stances``, each a list of records (see
``docs/data-format.md`` and the JSON Schema from :func:`stancegraph.data_file_schema`).
A graph also lives in a SPARQL store (:class:`SparqlStore`, docs/store.md): pushed, pulled, and
aggregated there. Statement datasets larger than memory are aggregated by DuckDB or Spark
(:class:`StatementTables`, :func:`affiliation_from_tables`, docs/scale.md).

Each name is imported from its module on first use, and each format's reader and writer on
the first file of that format: reading YAML never imports rdflib, pyarrow or sqlite3.
"""

from typing import TYPE_CHECKING

from .._lazy import attach

__all__ = ["FORMATS", "Format", "ImportReport", "ShaclReport", "SparqlResult", "SparqlStore",
           "StatementTables", "affiliation_from_tables", "dna_network", "dna_time_windows", "dumps", "format_for", "import_table", "load", "loads",
           "read_dna_statements", "read_statements", "save", "sparql", "to_records",
           "validate_rdf", "write_statements"]

if TYPE_CHECKING:
    from ._records import to_records
    from .dna import dna_network, dna_time_windows, read_dna_statements
    from .formats import FORMATS, Format, dumps, format_for, load, loads, save
    from .rdf import ShaclReport, SparqlResult, sparql, validate_rdf
    from .store import SparqlStore
    from .tables import ImportReport, import_table, read_statements, write_statements
    from .tables.aggregate import StatementTables, affiliation_from_tables

__getattr__, __dir__ = attach(__name__, {
    "_records": ["to_records"],
    "dna": ["dna_network", "dna_time_windows", "read_dna_statements"],
    "formats": ["FORMATS", "Format", "dumps", "format_for", "load", "loads", "save"],
    "rdf": ["ShaclReport", "SparqlResult", "validate_rdf"],
    # the function, not the package attribute its submodule rdf.sparql takes once imported
    "rdf.sparql": ["sparql"],
    "store": ["SparqlStore"],
    "tables": ["ImportReport", "import_table", "read_statements", "write_statements"],
    # the engines' aggregation imports the analysis (scipy): on first use only
    "tables.aggregate": ["StatementTables", "affiliation_from_tables"],
})
