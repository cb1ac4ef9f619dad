"""Coalitions through time: the camps in sliding windows, and the actors that switch camps."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy.optimize import linear_sum_assignment

from ..errors import InvalidRecordError
from ..graph import StanceGraph
from ..options import as_date
from ..queries import between, stance_date
from .coalitions import CoalitionResult, coalitions

__all__ = ["Period", "Switch", "Timeline", "coalitions_over_time"]


@dataclass(frozen=True)
class Period:
    """The camps of one window. ``camps[i]`` is the lasting id of ``result.coalitions[i]``."""

    start: dt.date
    end: dt.date
    result: CoalitionResult
    camps: tuple[int, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start.isoformat(), "end": self.end.isoformat(),
                "camps": list(self.camps), **self.result.to_dict()}


@dataclass(frozen=True)
class Switch:
    """An actor seen in camp ``before`` in one window and in camp ``after`` in the next."""

    actor: str
    before: int
    after: int
    end: dt.date

    def to_dict(self) -> dict[str, Any]:
        return {"actor": self.actor, "before": self.before, "after": self.after,
                "end": self.end.isoformat()}


@dataclass(frozen=True)
class Timeline:
    """The periods in order and the switches between consecutive ones."""

    periods: tuple[Period, ...]
    switches: tuple[Switch, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"periods": [p.to_dict() for p in self.periods],
                "switches": [s.to_dict() for s in self.switches]}


def coalitions_over_time(
    g: StanceGraph,
    *,
    window: int | dt.timedelta = 30,
    step: int | dt.timedelta | None = None,
    start: dt.date | str | None = None,
    end: dt.date | str | None = None,
    **options: Any,
) -> Timeline:
    """Find the camps in windows of ``window`` days, moving ``step`` days (default: a window),
    from ``start`` (default: the first dated stance) until a window reaches ``end`` (default:
    the last).

    Each window is the debate as it stood on its last day (retractions applied), with the
    stances expressed inside it (undated ones in every window). Camps keep a lasting id from
    window to window: each camp takes the id of the earlier camp it shares most members with
    (a one-to-one matching); actors whose lasting camp changes between consecutive windows are
    the switches. ``options`` go to :func:`~stancegraph.analysis.coalitions`.

    Examples
    --------
    >>> timeline = coalitions_over_time(nato, window=3, step=3, start="2022-03-24")
    >>> [(p.start.isoformat(), p.end.isoformat()) for p in timeline.periods]
    [('2022-03-24', '2022-03-26'), ('2022-03-27', '2022-03-29')]
    """
    width = _days(window, "window")
    stride = _days(step, "step") if step is not None else width
    dates = [d for s in g.stances if (d := stance_date(g, s)) is not None]
    if not dates:
        return Timeline((), ())
    first = _date(start) if start is not None else min(dates)
    last = _date(end) if end is not None else max(dates)
    periods: list[Period] = []
    switches: list[Switch] = []
    previous: dict[str, int] = {}
    previous_camps: list[tuple[int, set[str]]] = []
    next_id = 0
    day = first
    while True:
        stop = day + dt.timedelta(days=width - 1)
        result = coalitions(between(g, day, stop), **options)
        camps, next_id = _match(result, previous_camps, next_id)
        members = {a: camps[i] for i, c in enumerate(result.coalitions) for a in c.members}
        for actor in sorted(members.keys() & previous.keys()):
            if members[actor] != previous[actor]:
                switches.append(Switch(actor, previous[actor], members[actor], stop))
        periods.append(Period(day, stop, result, tuple(camps)))
        previous = members
        previous_camps = [(camps[i], set(c.members)) for i, c in enumerate(result.coalitions)]
        if stop >= last:
            break
        day += dt.timedelta(days=stride)
    return Timeline(tuple(periods), tuple(switches))


def _match(result: CoalitionResult, before: list[tuple[int, set[str]]],
           next_id: int) -> tuple[list[int], int]:
    """Lasting ids for the new camps: the best one-to-one match by shared members."""
    ids = [-1] * len(result.coalitions)
    if before and result.coalitions:
        overlap = np.array([[len(set(c.members) & old) for _, old in before]
                            for c in result.coalitions], dtype=float)
        rows, cols = linear_sum_assignment(-overlap)
        for r, c in zip(rows, cols, strict=True):
            if overlap[r, c] > 0:
                ids[r] = before[c][0]
    for i in range(len(ids)):
        if ids[i] < 0:
            ids[i] = next_id
            next_id += 1
    return ids, next_id


def _days(value: int | dt.timedelta, name: str) -> int:
    days = value.days if isinstance(value, dt.timedelta) else value
    if not isinstance(days, int) or isinstance(days, bool) or days < 1:
        raise InvalidRecordError(f"{name} must be a positive number of days", id=str(value),
                                 expected="an int >= 1 or a timedelta of at least a day")
    return days


def _date(value: dt.date | str) -> dt.date:
    return as_date(value, "date")
