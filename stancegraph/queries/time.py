"""Dates, retractions and the state of a debate on a given day."""

from __future__ import annotations

import datetime as dt

from ..graph import StanceGraph
from ..model import Relation, Source, Stance
from ..options import as_date

__all__ = ["as_of", "between", "is_current", "relation_holds", "source_date", "stance_date"]


def stance_date(g: StanceGraph, stance: Stance) -> dt.date | None:
    """Return the date a stance was expressed, falling back to its source's date.

    A stance without a date takes the date of its source, and a source without one the date of
    the source reporting it (``reported_in``). None when no date is known.

    Examples
    --------
    >>> s = nato.stance("volodymyr-zelenskyy.skeptical-of.france")
    >>> s.date is None, stance_date(nato, s)
    (True, datetime.date(2022, 3, 29))
    """
    if stance.date is not None:
        return stance.date
    return source_date(g, stance.source)


def source_date(g: StanceGraph, source: str | None) -> dt.date | None:
    """Return the date of a source, or of the source reporting it; None if unknown or a URL.

    >>> source_date(nato, "document-dialogue")
    datetime.date(2022, 3, 29)
    """
    seen: set[str] = set()
    source_id = source
    while source_id is not None and source_id not in seen:
        seen.add(source_id)
        node = g.nodes.get(source_id)
        if not isinstance(node, Source):
            return None  # a URL: no date known
        if node.date is not None:
            return node.date
        source_id = node.reported_in
    return None


def is_current(stance: Stance) -> bool:
    """Return True if the stance is neither retracted nor superseded.

    >>> is_current(nato.stance("joe-biden.supports.putin-cannot-remain-in-power"))
    False
    """
    return not stance.retracted and stance.superseded_by is None


def relation_holds(relation: Relation, when: dt.date | None) -> bool:
    """Return True if ``relation`` holds on ``when`` (always, when ``when`` is None).

    A relation holds from ``start`` until ``end``; bounds that are not set do not limit it. An
    event (``talks-with``, ``asked``) without ``start`` holds from its ``date``; for the other
    relations ``date`` is when they were reported, not when they began.

    >>> rel = nato.relation("olaf-scholz.leads.germany")
    >>> relation_holds(rel, dt.date(2022, 3, 29)), relation_holds(rel, dt.date(2021, 1, 1))
    (True, False)
    """
    if when is None:
        return True
    begin = relation.start
    if begin is None and relation.relation in ("talks-with", "asked"):
        begin = relation.date
    if begin is not None and when < begin:
        return False
    return relation.end is None or when <= relation.end


def as_of(g: StanceGraph, when: dt.date | str) -> StanceGraph:
    """Return the debate as it stood on ``when``: a new graph with dates and retractions applied.

    Kept: every node; the relations that hold on ``when`` (see :func:`relation_holds`); the
    stances expressed on or before ``when`` (by :func:`stance_date`; undated ones are kept),
    minus those retracted by then and those superseded by a stance expressed by then. A
    retraction without ``retracted_on`` counts from the stance's own date. Stances appear as
    they were known on that day: a retraction or replacement that came later is removed from
    them.

    Examples
    --------
    >>> before = as_of(nato, "2022-03-23")
    >>> after = as_of(nato, "2022-03-29")
    >>> len(before.stances) < len(after.stances) <= len(nato.stances)
    True
    >>> "joe-biden.supports.putin-cannot-remain-in-power" in after
    False
    """
    when = as_date(when, "as_of")
    kept: list[Stance] = []
    in_effect: dict[str, bool] = {}
    for stance in g.stances:
        date = stance_date(g, stance)
        in_effect[stance.id or ""] = date is None or date <= when
    for stance in g.stances:
        if not in_effect[stance.id or ""]:
            continue
        retracted_by = stance.retracted_on or stance_date(g, stance)
        if stance.retracted and (retracted_by is None or retracted_by <= when):
            continue
        successor = stance.superseded_by
        if successor is not None and in_effect.get(successor, False):
            continue
        kept.append(stance.model_copy(update={"retracted": False, "retracted_on": None,
                                              "superseded_by": None}))
    relations = [r for r in g.relations.values() if relation_holds(r, when)]
    return g._trusted_copy(relations=relations, stances=kept)


def between(g: StanceGraph, start: dt.date | str, end: dt.date | str) -> StanceGraph:
    """The debate as it stood on ``end``, keeping only stances expressed from ``start`` on.

    Like :func:`as_of` on ``end``, minus the stances dated before ``start``; undated stances
    (no date, no dated source) are kept.

    >>> week = between(nato, "2022-03-24", "2022-03-27")
    >>> sorted({stance_date(week, s).isoformat() for s in week.stances})
    ['2022-03-24', '2022-03-27']
    """
    start = as_date(start, "start")
    view = as_of(g, end)
    kept = []
    for stance in view.stances:
        day = stance_date(view, stance)
        if day is None or day >= start:
            kept.append(stance)
    return view._trusted_copy(relations=view.relations.values(), stances=kept)
