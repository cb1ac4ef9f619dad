"""Who holds which stance: stances of an actor, holders of a relation on a target."""

from __future__ import annotations

import datetime as dt

from ..errors import check_choice
from ..graph import StanceGraph
from ..model import STANCE_RELATIONS, Stance
from .actors import narrower
from .rollup import effective_stances
from .time import stance_date

__all__ = ["holders", "stances", "stances_of"]


def stances(
    g: StanceGraph,
    *,
    holder: str | None = None,
    target: str | None = None,
    relation: str | None = None,
    speaker: str | None = None,
    source: str | None = None,
) -> list[Stance]:
    """Return the stances as stated, filtered by any of the fields given.

    Returns
    -------
    list of Stance
        Sorted by date (:func:`~stancegraph.queries.stance_date`; undated last), then id.

    Examples
    --------
    >>> [s.holder for s in stances(nato, target="abandon-founding-act")]
    ['olaf-scholz', 'germany']
    """
    for id in (holder, target, speaker):
        if id is not None:
            g.node(id)
    _check_relation(relation)
    found = [
        s for s in g.stances
        if (holder is None or s.holder == holder)
        and (target is None or s.target == target)
        and (relation is None or s.relation == relation)
        and (speaker is None or s.speaker == speaker)
        and (source is None or s.source == source)
    ]
    return sorted(found, key=lambda s: _date_key(g, s))


def stances_of(g: StanceGraph, actor: str) -> list[Stance]:
    """Return the stances an actor holds as stated, sorted by date then id.

    Use :func:`~stancegraph.queries.effective_stances` for the stances that count for the
    actor once its leaders', spokespeople's and blocs' statements are rolled up.

    >>> [(s.relation, s.target) for s in stances_of(nato, "hungary")]
    []
    """
    return stances(g, holder=actor)


def holders(
    g: StanceGraph,
    target: str,
    relation: str,
    *,
    effective: bool = True,
    include_narrower: bool = False,
) -> list[str]:
    """Return the ids of the actors holding ``relation`` on ``target``, sorted.

    Parameters
    ----------
    effective : bool
        Count stances rolled up from leaders, spokespeople and blocs, and leave out retracted
        and superseded ones (default). With False, only the holders of stances as stated.
    include_narrower : bool
        Also count stances on the positions narrower than ``target`` (``send-tanks`` for
        ``heavy-weapons-for-ukraine``).

    Examples
    --------
    >>> holders(nato, "putin-serious-about-negotiating", "skeptical-of")
    ['baltic-states', 'boris-johnson', 'central-eastern-europe', 'estonia', 'latvia', 'lithuania',
     'poland', 'united-kingdom']
    >>> holders(nato, "heavy-weapons-for-ukraine", "opposes", include_narrower=True)
    ['emmanuel-macron', 'france']
    """
    g.node(target)
    _check_relation(relation)
    wanted = {target, *(narrower(g, target) if include_narrower else ())}
    if effective:
        return sorted({e.holder for t in wanted for e in effective_stances(g, target=t)
                       if e.relation == relation})
    return sorted({s.holder for s in g.stances if s.target in wanted and s.relation == relation})


def _check_relation(relation: str | None) -> None:
    if relation is not None:
        check_choice(relation, STANCE_RELATIONS, "stance relation")


def _date_key(g: StanceGraph, s: Stance) -> tuple[bool, dt.date, str]:
    date = stance_date(g, s)
    return (date is None, date or dt.date.min, s.id or "")
