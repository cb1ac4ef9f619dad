"""Statements at a level of analysis: rolled up, de-duplicated, weighted, in numpy columns.

Every signed network and coalition starts here. Each current statement of the graph becomes one
row per actor it counts for at the chosen ``level``:

- ``"stated"``: the actor who made it;
- ``"state"``: rolled up to the end of its chain — a spokesperson's statement to the principal,
  a leader's to the state or organisation they lead, a bloc's to each member (minus the
  statement's exceptions). Actor *targets* are rolled up the same way, so "A opposes Scholz"
  counts as "A opposes Germany".

Repeated statements of the same stance (same holder, relation and target) count once per
document, ISO week, month or year, as the caller chooses (``dedupe``), so one talkative actor
does not outweigh the others; the strongest statement of each group is kept.

Each row's weight is the strength of its relation times its confidence (1 when not given).
``supports`` and ``opposes`` have strength 1. ``skeptical-of`` has strength 0.5: doubting a
claim or an actor leans against it without rejecting it, the way discourse-network coding
separates disagreement from reservation, so it counts half an opposition.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt

from ..errors import InvalidRecordError
from ..graph import StanceGraph
from ..model import ACTOR_TYPES, STANCE_RELATIONS
from ..queries import RollUp, source_date

__all__ = ["DEDUPE", "LEVELS", "STRENGTH", "Dedupe", "Level", "Statements", "statements"]

Level = Literal["stated", "state"]
Dedupe = Literal["none", "document", "week", "month", "year"]
LEVELS: tuple[Level, ...] = ("stated", "state")
DEDUPE: tuple[Dedupe, ...] = ("none", "document", "week", "month", "year")

#: Weight of one statement of each relation (before confidence); see the module docstring.
STRENGTH = {"supports": 1.0, "opposes": 1.0, "skeptical-of": 0.5}
_STRENGTH = np.array([STRENGTH[r] for r in STANCE_RELATIONS])
_SIGN = np.array([1 if r == "supports" else -1 for r in STANCE_RELATIONS], dtype=np.int8)

Ints = npt.NDArray[np.int64]


@dataclass(frozen=True, eq=False)
class Statements:
    """Rows of (actor, target, relation, weight) at one level, with their provenance.

    Attributes
    ----------
    actors : tuple of str
        The actors of the level, sorted by id: every actor statements reach, and every actor
        of the graph that nothing rolls further from (so silent actors are present too).
    targets : tuple of str
        The targets statements are about at this level, sorted by id.
    holder, target : int arrays
        Indices into ``actors`` and ``targets``.
    relation : int array
        Index into :data:`~stancegraph.model.STANCE_RELATIONS`.
    weight : float array
        Strength of the relation times confidence.
    stance : int array
        Row of the statement in ``g.stance_columns()`` (and ``g.stances``).
    date : int array
        Ordinal of the statement's date (falling back to its source's), 0 when unknown.
    """

    actors: tuple[str, ...]
    targets: tuple[str, ...]
    holder: Ints
    target: Ints
    relation: npt.NDArray[np.int8]
    weight: npt.NDArray[np.float64]
    stance: Ints
    date: Ints
    level: Level
    dedupe: Dedupe

    @property
    def sign(self) -> npt.NDArray[np.int8]:
        """+1 for support, -1 for opposition and skepticism."""
        return _SIGN[self.relation]

    def __len__(self) -> int:
        return len(self.holder)


def statements(
    g: StanceGraph,
    *,
    level: Level = "state",
    dedupe: Dedupe = "document",
    include_retracted: bool = False,
) -> Statements:
    """Return the graph's statements at ``level``, de-duplicated by ``dedupe``.

    Retracted and superseded statements are left out unless ``include_retracted``. To analyse
    the debate on a given day, pass ``sg.as_of(g, day)``.

    Examples
    --------
    >>> rows = statements(nato, level="state")
    >>> "hungary" in rows.actors, "olaf-scholz" in rows.actors
    (True, False)
    >>> germany = rows.actors.index("germany")
    >>> sorted({rows.targets[t] for t in rows.target[rows.holder == germany]})[:3]
    ['abandon-founding-act', 'ceasefire', 'ceasefire-then-withdrawal']
    """
    if level not in LEVELS:
        raise InvalidRecordError("unknown level", id=str(level), expected=" or ".join(LEVELS))
    if dedupe not in DEDUPE:
        raise InvalidRecordError("unknown dedupe period", id=str(dedupe),
                                 expected=" or ".join(DEDUPE))
    cols = g.stance_columns()
    nodes = g.nodes
    keep = np.ones(len(cols), dtype=bool)
    if not include_retracted:
        keep &= ~(cols.retracted | cols.superseded)
    rows = np.flatnonzero(keep)
    dates = _dates(g, cols.date, cols.source)
    rollup = RollUp(g) if level == "state" else None

    def ends(node: str, when: int, excluded: tuple[str, ...]) -> list[str]:
        if rollup is None:
            return [node]
        day = dt.date.fromordinal(when) if when else None
        return [p.path[-1] for p in rollup.paths(node, day, excluded) if p.terminal]

    # Holders: rows in the common case (no exceptions, undated roll-up) share one list per
    # holder; the others get a list of their own.
    dated = rollup is not None and rollup.dated
    holder_lists = _Lists()
    holder_keys = np.empty(len(rows), dtype=np.int64)
    for n, r in enumerate(rows):
        excluded = cols.except_[r]
        node = cols.node_ids[cols.holder[r]]
        if excluded or dated:
            holder_keys[n] = holder_lists.add(None, ends(node, int(dates[r]), excluded))
        else:
            holder_keys[n] = holder_lists.add(node, lambda node=node: ends(node, 0, ()))
    row_of, level_holders = holder_lists.expand(holder_keys)
    rows = rows[row_of]

    # Actor targets roll up as holders do (without exceptions); positions stay as they are.
    target_lists = _Lists()
    target_keys = np.empty(len(rows), dtype=np.int64)
    for n, r in enumerate(rows):
        node = cols.node_ids[cols.target[r]]
        if nodes[node].type in ACTOR_TYPES and rollup is not None:
            if dated:
                target_keys[n] = target_lists.add(None, ends(node, int(dates[r]), ()))
            else:
                target_keys[n] = target_lists.add(node, lambda node=node: ends(node, 0, ()))
        else:
            target_keys[n] = target_lists.add(node, lambda node=node: [node])
    row_of, level_targets = target_lists.expand(target_keys)
    rows, level_holders = rows[row_of], level_holders[row_of]

    actors = sorted(set(holder_lists.values) | _silent_actors(g, ends)
                    | {v for v in target_lists.values if nodes[v].type in ACTOR_TYPES})
    targets = sorted(set(target_lists.values))
    actor_pos = {a: i for i, a in enumerate(actors)}
    target_pos = {t: i for i, t in enumerate(targets)}
    holder = np.array([actor_pos[v] for v in holder_lists.values], dtype=np.int64)[level_holders] \
        if len(rows) else np.empty(0, dtype=np.int64)
    target = np.array([target_pos[v] for v in target_lists.values], dtype=np.int64)[level_targets] \
        if len(rows) else np.empty(0, dtype=np.int64)
    relation = cols.relation[rows]
    confidence = np.where(np.isnan(cols.confidence[rows]), 1.0, cols.confidence[rows])
    weight = _STRENGTH[relation] * confidence
    kept = _dedupe(holder, target, relation, weight, _periods(dedupe, rows, dates, cols.source))
    return Statements(tuple(actors), tuple(targets), holder[kept], target[kept], relation[kept],
                      weight[kept], rows[kept], dates[rows[kept]], level, dedupe)


class _Lists:
    """Interned lists of ids, expanded row by row with numpy."""

    def __init__(self) -> None:
        self.values: list[str] = []  # distinct ids, in order of first use
        self._value_pos: dict[str, int] = {}
        self._lists: list[list[int]] = []
        self._by_key: dict[str, int] = {}

    def add(self, key: str | None, items: object) -> int:
        if key is not None and key in self._by_key:
            return self._by_key[key]
        values = items() if callable(items) else items
        assert isinstance(values, list)
        coded = []
        for v in values:
            if v not in self._value_pos:
                self._value_pos[v] = len(self.values)
                self.values.append(v)
            coded.append(self._value_pos[v])
        self._lists.append(coded)
        if key is not None:
            self._by_key[key] = len(self._lists) - 1
        return len(self._lists) - 1

    def expand(self, keys: Ints) -> tuple[Ints, Ints]:
        """For rows pointing at lists: (row index repeated per item, the item's value code)."""
        lengths = np.array([len(x) for x in self._lists], dtype=np.int64)
        flat = np.array([v for x in self._lists for v in x], dtype=np.int64)
        starts = np.concatenate(([0], np.cumsum(lengths)[:-1])) if len(lengths) else lengths
        per_row = lengths[keys] if len(keys) else np.empty(0, dtype=np.int64)
        row_of = np.repeat(np.arange(len(keys), dtype=np.int64), per_row)
        offsets = np.arange(len(row_of), dtype=np.int64) - np.repeat(
            np.cumsum(per_row) - per_row, per_row)
        return row_of, flat[np.repeat(starts[keys], per_row) + offsets] if len(row_of) else row_of


def _silent_actors(g: StanceGraph, ends: object) -> set[str]:
    """Actors the level keeps as themselves: those nothing rolls further from."""
    assert callable(ends)
    return {a for a in g.actors if ends(a, 0, ()) == [a]}


def _dates(g: StanceGraph, date: Ints, sources: tuple[str | None, ...]) -> Ints:
    """Each statement's date ordinal, falling back to its source's date; 0 when unknown."""
    filled = date.copy()
    missing = np.flatnonzero(filled == 0)
    cache: dict[str | None, int] = {}
    for r in missing:
        source = sources[r]
        if source not in cache:
            day = source_date(g, source)
            cache[source] = day.toordinal() if day is not None else 0
        filled[r] = cache[source]
    return filled


def _periods(dedupe: Dedupe, rows: Ints, dates: Ints, sources: tuple[str | None, ...]) -> Ints:
    """A period key per row: statements in the same period count once."""
    if dedupe == "none":
        return np.arange(len(rows), dtype=np.int64)
    if dedupe == "document":
        # A statement without a source is a document of its own.
        codes: dict[str, int] = {}
        return np.array([codes.setdefault(s, len(codes)) if s is not None else -1 - int(r)
                         for r, s in ((r, sources[r]) for r in rows)], dtype=np.int64)
    day = dates[rows]
    if dedupe == "week":
        key = (day - 1) // 7  # ordinal 1 is a Monday: ISO weeks
    else:
        years, months = _year_month(day)
        key = years * 12 + months if dedupe == "month" else years
    return np.where(day == 0, -1, key)


def _year_month(ordinals: Ints) -> tuple[Ints, Ints]:
    days = (ordinals - dt.date(1970, 1, 1).toordinal()).astype("datetime64[D]")
    months = days.astype("datetime64[M]").astype(np.int64)  # months since 1970-01
    return months // 12 + 1970, months % 12


def _dedupe(holder: Ints, target: Ints, relation: npt.NDArray[np.int8],
            weight: npt.NDArray[np.float64], period: Ints) -> Ints:
    """Indices of the rows to keep: the strongest of each (holder, target, relation, period)."""
    if not len(holder):
        return np.empty(0, dtype=np.int64)
    order = np.lexsort((np.arange(len(holder)), -weight, period, relation, target, holder))
    h, t, r, p = holder[order], target[order], relation[order], period[order]
    first = np.ones(len(order), dtype=bool)
    first[1:] = (h[1:] != h[:-1]) | (t[1:] != t[:-1]) | (r[1:] != r[:-1]) | (p[1:] != p[:-1])
    return np.sort(order[first])
