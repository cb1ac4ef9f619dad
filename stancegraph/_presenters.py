"""Where the core's conveniences find the layers above it, without importing them.

``StanceGraph.to_frame``, ``StanceGraph._repr_html_``, ``StanceGraph.to_rdf``,
``StanceGraph.sparql``, ``CoalitionResult.to_frame``, ``CoalitionResult._repr_html_``,
``SignedNetwork.to_frame`` and ``Affiliation.to_frame`` hand their work to pandas frames,
notebook HTML and RDF, which sit in layers above the graph and the
analysis. The layers point one way: the core names the job (``"graph frame"``), the package's
top (``stancegraph/__init__.py``) says which function does it, and the function's module is
imported on the first call.

>>> present("graph frame")  # doctest: +ELLIPSIS
<function graph_frame at ...>
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

__all__ = ["JOBS", "present", "provide"]

#: The jobs the core hands over.
JOBS = ("graph frame", "graph html", "graph rdf", "graph sparql", "coalition frame",
        "coalition html", "dna network frame", "signed network frame", "affiliation frame")

_PROVIDERS: dict[str, str] = {}


def provide(job: str, target: str) -> None:
    """Say that ``target`` (``"package.module:function"``) does ``job``."""
    if job not in JOBS:
        raise ValueError(f"unknown job {job!r}")  # a programming error inside stancegraph
    _PROVIDERS[job] = target


def present(job: str) -> Callable[..., Any]:
    """The function that does ``job``, its module imported on first use."""
    module, _, name = _PROVIDERS[job].partition(":")
    found: Callable[..., Any] = getattr(importlib.import_module(module), name)
    return found
