"""The choices the analysis' options take: one definition for the analysis, its checks and
the command line (light to import: no scipy).

>>> LEVELS, METHODS
(('stated', 'state'), ('auto', 'exact', 'spectral'))
"""

from __future__ import annotations

from typing import Literal

__all__ = ["ACTOR_TARGETS", "BROADER", "DEDUPE", "LEVELS", "METHODS", "NORMALIZATIONS",
           "ActorTargets", "Broader", "Dedupe", "Level", "Method", "Normalization"]

Level = Literal["stated", "state"]
#: Roll statements up to states (``"state"``) or keep them with who made them (``"stated"``).
LEVELS: tuple[Level, ...] = ("stated", "state")
Dedupe = Literal["none", "document", "week", "month", "year"]
#: How often a repeated statement counts: every time, or once per document, week, month, year.
DEDUPE: tuple[Dedupe, ...] = ("none", "document", "week", "month", "year")
Broader = Literal["supports", "all", "none"]
#: Which statements on a narrower position also count toward its broader positions.
BROADER: tuple[Broader, ...] = ("supports", "all", "none")
Normalization = Literal["none", "average", "jaccard", "cosine", "popularity"]
#: How ties between actors are normalised (see :mod:`stancegraph.analysis.networks`).
NORMALIZATIONS: tuple[Normalization, ...] = ("none", "average", "jaccard", "cosine",
                                             "popularity")
ActorTargets = Literal["direct", "both"]
#: How stances on actors count: ``"direct"`` (only as direct ties between the two actors) or
#: ``"both"`` (also projected as co-affiliation, like stances on positions).
ACTOR_TARGETS: tuple[ActorTargets, ...] = ("direct", "both")
Method = Literal["auto", "exact", "spectral"]
#: How camps are found: the exact solver when quick, or always exact, or spectral.
METHODS: tuple[Method, ...] = ("auto", "exact", "spectral")
