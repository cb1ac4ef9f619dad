"""Reading the ontology files shipped as the package ``stancegraph.ontology``."""

from __future__ import annotations

from importlib.resources import files

__all__ = ["ontology_text"]


def ontology_text(name: str) -> str:
    """The text of an installed ontology file: stancegraph.ttl, shapes.ttl, context.jsonld."""
    return files("stancegraph.ontology").joinpath(name).read_text(encoding="utf-8")
