"""The formats' names, file suffixes and reader options, without their code.

The format table (:mod:`stancegraph.io.formats`) is built from these at import; each format's
reader and writer is imported with its library (rdflib, pyoxigraph, pyarrow, sqlite3) on the
first file of that format.
"""

from __future__ import annotations

__all__ = ["EXCHANGE_SUFFIXES", "RDF_SUFFIXES", "TABLE_OPTIONS", "TABLE_SUFFIXES"]

#: The RDF formats: name -> file suffixes (docs/rdf.md).
RDF_SUFFIXES: dict[str, tuple[str, ...]] = {
    "turtle": (".ttl",),
    "ntriples": (".nt",),
    "jsonld": (".jsonld",),
    "rdfxml": (".rdf", ".owl"),
    "trig": (".trig",),
    "nquads": (".nq",),
}
#: The network-tool formats, written only: name -> file suffixes (docs/exchange.md).
EXCHANGE_SUFFIXES: dict[str, tuple[str, ...]] = {"gexf": (".gexf",), "graphml": (".graphml",)}
#: The statement-table formats: name -> file suffixes (docs/tables.md).
TABLE_SUFFIXES: dict[str, tuple[str, ...]] = {
    "csv": (".csv",),
    "tsv": (".tsv", ".tab"),
    "jsonl": (".jsonl", ".ndjson"),
    "parquet": (".parquet",),
}
#: The options a table reader takes (``sg.load("x.csv", mapping="m.yaml")``).
TABLE_OPTIONS = ("columns", "relations", "mapping", "actors", "targets", "types", "missing",
                 "on_error")
