"""Dates, retractions and the state of a debate on a given day."""

from __future__ import annotations

import datetime as dt

import numpy as np
import numpy.typing as npt

from .._stance_table import StanceColumns
from ..graph import StanceGraph
from ..model import Relation, Source, Stance
from ..options import as_date

__all__ = ["as_of", "between", "is_current", "relation_holds", "said_on", "source_date",
           "stance_date"]


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
    day = as_date(when, "as_of").toordinal()
    columns = g.stance_columns()
    said = said_on(g, columns)
    in_effect = (said == 0) | (said <= day)
    retracted_by = np.where(columns.retracted_on > 0, columns.retracted_on, said)
    retracted = columns.retracted & ((retracted_by == 0) | (retracted_by <= day))
    successor = g.stance_rows(columns.superseded_by)
    superseded = (successor >= 0) & in_effect[np.maximum(successor, 0)]
    rows = np.flatnonzero(in_effect & ~retracted & ~superseded)
    on = dt.date.fromordinal(day)
    relations = [r for r in g.relations.values() if relation_holds(r, on)]
    return g.restricted(rows, relations=relations, clear_history=True)


def said_on(g: StanceGraph, columns: StanceColumns | None = None) -> npt.NDArray[np.int64]:
    """The day each stance was expressed (by :func:`stance_date`), as proleptic ordinals in
    the order of :meth:`~stancegraph.StanceGraph.stance_columns`; 0 when unknown.

    >>> days = said_on(nato)
    >>> row = nato.stance_rows(["volodymyr-zelenskyy.skeptical-of.france"])[0]
    >>> dt.date.fromordinal(int(days[row]))
    datetime.date(2022, 3, 29)
    """
    columns = g.stance_columns() if columns is None else columns
    days = columns.date.copy()
    undated = np.flatnonzero(days == 0)
    if len(undated):
        known: dict[str | None, int] = {}
        for i in undated.tolist():
            source = columns.source[i]
            if source not in known:
                found = source_date(g, source)
                known[source] = 0 if found is None else found.toordinal()
            days[i] = known[source]
    return days


def between(g: StanceGraph, start: dt.date | str, end: dt.date | str) -> StanceGraph:
    """The debate as it stood on ``end``, keeping only stances expressed from ``start`` on.

    Like :func:`as_of` on ``end``, minus the stances dated before ``start``; undated stances
    (no date, no dated source) are kept.

    >>> week = between(nato, "2022-03-24", "2022-03-27")
    >>> sorted({stance_date(week, s).isoformat() for s in week.stances})
    ['2022-03-24', '2022-03-27']
    """
    first = as_date(start, "start").toordinal()
    view = as_of(g, end)
    said = said_on(view)
    return view.restricted(np.flatnonzero((said == 0) | (said >= first)))
