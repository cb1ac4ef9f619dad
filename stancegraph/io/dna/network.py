"""``sg.dna_network``: DNA 3's networks straight from a ``.dna`` file (or statements read
before), computed by :func:`stancegraph.analysis.dna_network.dna_network`."""

from __future__ import annotations

from typing import Any

from ...analysis.dna_network import DnaNetwork
from ...analysis.dna_network import dna_network as _network
from ...analysis.dna_network import dna_time_windows as _windows
from ...analysis.dna_statements import DnaStatements
from ...graph import StanceGraph
from .._files import PathOrStream
from .read import DEFAULT_STATEMENT_TYPE
from .table import read_dna_statements

__all__ = ["dna_network", "dna_time_windows"]


def dna_network(source: DnaStatements | StanceGraph | PathOrStream, *,
                statement_type: str = DEFAULT_STATEMENT_TYPE, **options: Any) -> DnaNetwork:
    """DNA's network of the statements of ``statement_type`` in the DNA 3 database at
    ``source`` (a path), of statements already read (:func:`read_dna_statements`), or of a
    stance graph's stances (:meth:`DnaStatements.from_graph`: organization, concept, person,
    agreement and the sources' fields), with rDNA's ``dna_network()`` arguments in
    snake_case (see :func:`stancegraph.analysis.dna_network.dna_network`).

    >>> nw = sg.dna_network("sample.dna", network_type="onemode")  # doctest: +SKIP
    >>> nw.cell("Senate", "Sierra Club")  # doctest: +SKIP
    7.0
    """
    return _network(_statements(source, statement_type), **options)


def dna_time_windows(source: DnaStatements | StanceGraph | PathOrStream, *,
                     statement_type: str = DEFAULT_STATEMENT_TYPE,
                     **options: Any) -> list[DnaNetwork]:
    """DNA's networks over a moving time window, of the same sources as :func:`dna_network`
    (see :func:`stancegraph.analysis.dna_network.dna_time_windows`)."""
    return _windows(_statements(source, statement_type), **options)


def _statements(source: DnaStatements | StanceGraph | PathOrStream,
                statement_type: str) -> DnaStatements:
    if isinstance(source, StanceGraph):
        return DnaStatements.from_graph(source)
    if isinstance(source, DnaStatements):
        return source
    return read_dna_statements(source, statement_type=statement_type)
