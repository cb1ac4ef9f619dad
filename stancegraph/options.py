"""The choices the analysis' options take, and the checks of arguments: one definition for
the analysis, its checks and the command line (light to import: no scipy).

A choice outside its tuple is refused with :func:`~stancegraph.errors.check_choice`; a date
argument is read by :func:`as_date`.

>>> LEVELS, METHODS
(('stated', 'state'), ('auto', 'exact', 'spectral'))
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from .errors import ArgumentError

__all__ = ["ACTOR_TARGETS", "BROADER", "DEDUPE", "ENGINES", "LEVELS", "METHODS",
           "NORMALIZATIONS", "ActorTargets", "Broader", "Dedupe", "Engine", "Level", "Method",
           "Normalization", "as_date"]

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
Engine = Literal["duckdb", "spark"]
#: The SQL engines that aggregate statement datasets larger than memory (docs/scale.md).
ENGINES: tuple[Engine, ...] = ("duckdb", "spark")


def as_date(value: dt.date | str, what: str = "date") -> dt.date:
    """``value`` as a date: a :class:`datetime.date` (a datetime gives its day) or ISO text
    (``"2022-03-24"``); anything else is an :class:`~stancegraph.errors.ArgumentError`.

    >>> as_date("2022-03-24")
    datetime.date(2022, 3, 24)
    >>> as_date("2022-13-01", "as_of")
    Traceback (most recent call last):
    ...
    stancegraph.errors.ArgumentError: as_of is not a date '2022-13-01' (expected a date or ISO text such as 2022-03-24: month must be in 1..12)
    """
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError as err:
            reason = str(err)
    else:
        reason = f"a {type(value).__name__}"
    raise ArgumentError(f"{what} is not a date", id=str(value),
                        expected=f"a date or ISO text such as 2022-03-24: {reason}")
