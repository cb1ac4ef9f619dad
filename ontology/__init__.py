"""The published stancegraph ontology, installed as ``stancegraph.ontology``.

The files of this folder -- ``stancegraph.ttl`` (the OWL ontology, source of truth for RDF
terms), ``shapes.ttl`` (SHACL shapes), ``context.jsonld`` (the JSON-LD context) and
``stancegraph-data.schema.json`` (the JSON Schema of data files) -- ship inside the package, so
the library reads them locally and never fetches them.
"""

from __future__ import annotations

from importlib.resources import files
from importlib.resources.abc import Traversable

__all__ = ["FILES", "path", "read_text"]

#: The files this package ships.
FILES = ("stancegraph.ttl", "shapes.ttl", "context.jsonld", "stancegraph-data.schema.json")


def path(name: str) -> Traversable:
    """The installed file ``name`` (one of :data:`FILES`)."""
    if name not in FILES:
        raise KeyError(f"no ontology file {name!r}; the files are {', '.join(FILES)}")
    return files(__name__).joinpath(name)


def read_text(name: str) -> str:
    """The text of the installed file ``name``."""
    return path(name).read_text(encoding="utf-8")
