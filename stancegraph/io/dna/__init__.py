"""Discourse Network Analyzer (DNA 3) databases, read directly: ``sg.load("debate.dna")``.

A ``.dna`` file is an SQLite database. It is opened read-only and never changed; as data from
strangers, its schema may hold tables and indexes only (no views, triggers, virtual tables or
computed columns) and what is read is bounded (docs/dna.md, *Untrusted files*). Each statement
of DNA's default type (``"DNA Statement"``) with an organization, a concept and an agreement
becomes a stance:

==================================  ==========================================================
DNA                                 stancegraph
==================================  ==========================================================
organization                        the stance's ``holder`` (an ``Organization``)
concept                             its ``target`` (a ``PolicyOption``)
agreement 1 / 0                     ``supports`` / ``opposes``
person                              its ``speaker`` (a ``Person``), who ``speaks-for`` the
                                    organization
the statement's span of text        its ``quote``
the document                        its ``source`` (a ``Source``) and its ``date``
==================================  ==========================================================

Entity values become node names, with ids made from them (``"Olaf Scholz"`` →
``olaf-scholz``); entity attributes and colours are kept. Other statements are skipped and
listed in a :class:`~stancegraph.errors.SkippedStatementsWarning`. Field by field, with the
assumptions made about DNA's schema: docs/dna.md.

DNA is a format stancegraph reads but does not write.

DNA's own networks (``dna_network()`` of rDNA) are computed from the same files by
:func:`dna_network` (docs/dna-networks.md), from the statements as DNA holds them
(:func:`read_dna_statements`).
"""

from typing import TYPE_CHECKING

from ..._lazy import attach
from .read import DEFAULT_STATEMENT_TYPE, read_dna

__all__ = ["DEFAULT_STATEMENT_TYPE", "DNA_NETWORK_FORMATS", "dna_network", "dna_time_windows",
           "read_dna", "read_dna_statements", "write_dna_network"]

if TYPE_CHECKING:
    from .export import DNA_NETWORK_FORMATS, write_dna_network
    from .network import dna_network, dna_time_windows
    from .table import read_dna_statements

__getattr__, __dir__ = attach(__name__, {"export": ["DNA_NETWORK_FORMATS", "write_dna_network"],
                                         "network": ["dna_network", "dna_time_windows"],
                                         "table": ["read_dna_statements"]},
                              eager=["DEFAULT_STATEMENT_TYPE", "read_dna"])
