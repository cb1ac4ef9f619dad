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
from collections.abc import Callable
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
    node_ids = cols.node_ids
    code_of = {id: c for c, id in enumerate(node_ids)}
    is_actor = np.array([g.nodes[id].type in ACTOR_TYPES for id in node_ids], dtype=bool)
    keep = np.ones(len(cols), dtype=bool)
    if not include_retracted:
        keep &= ~(cols.retracted | cols.superseded)
    rows = np.flatnonzero(keep)
    source_codes, source_names = _codes(cols.source)
    dates = _dates(g, cols.date, source_codes, source_names)
    rollup = RollUp(g) if level == "state" else None
    dated = rollup is not None and rollup.dated

    def ends(node: int, when: int, excluded: tuple[str, ...]) -> list[int]:
        """Codes of the actors a statement by ``node`` counts for at this level."""
        if rollup is None:
            return [node]
        day = dt.date.fromordinal(when) if when else None
        return [code_of[p.path[-1]] for p in rollup.paths(node_ids[node], day, excluded)
                if p.terminal]

    # Holders. Rows with exceptions (or on graphs whose roll-up depends on dates) get a list of
    # their own; the others share one list per holder, expanded with numpy.
    n_nodes = len(node_ids)
    holder_code = cols.holder[rows]
    if rollup is None:
        row_of, level_holder = np.arange(len(rows), dtype=np.int64), holder_code
    else:
        special = np.flatnonzero([bool(cols.except_[r]) for r in rows]) if not dated \
            else np.arange(len(rows))
        keys = holder_code.copy()
        keys[special] = n_nodes + np.arange(len(special))
        extra = [ends(int(cols.holder[rows[j]]), int(dates[rows[j]]), cols.except_[rows[j]])
                 for j in special]
        row_of, level_holder = _expand(
            keys, lambda u: ends(u, 0, ()) if u < n_nodes else extra[u - n_nodes])
    rows = rows[row_of]
    # Targets: actor targets roll up as holders do (without exceptions); positions stay.
    target_code = cols.target[rows]
    if rollup is None:
        row_of, level_target = np.arange(len(rows), dtype=np.int64), target_code
    else:
        special = np.flatnonzero(is_actor[target_code]) if dated else np.zeros(0, np.int64)
        keys = target_code.copy()
        keys[special] = n_nodes + np.arange(len(special))
        extra = [ends(int(cols.target[rows[j]]), int(dates[rows[j]]), ()) for j in special]

        def target_ends(u: int) -> list[int]:
            if u >= n_nodes:
                return extra[u - n_nodes]
            return ends(u, 0, ()) if is_actor[u] else [u]

        row_of, level_target = _expand(keys, target_ends)
    rows, level_holder = rows[row_of], level_holder[row_of]

    # The level's actors: those statements reach, those targeted, and the silent ones.
    silent = [code_of[a] for a in g.actors if ends(code_of[a], 0, ()) == [code_of[a]]]
    used = np.concatenate([level_holder, level_target[is_actor[level_target]],
                           np.asarray(silent, dtype=np.int64)])
    actor_codes = _sorted_codes(np.unique(used), node_ids)
    target_codes = _sorted_codes(np.unique(level_target), node_ids)
    position = np.full(n_nodes, -1, dtype=np.int64)
    position[actor_codes] = np.arange(len(actor_codes))
    holder = position[level_holder]
    position = np.full(n_nodes, -1, dtype=np.int64)
    position[target_codes] = np.arange(len(target_codes))
    target = position[level_target]
    relation = cols.relation[rows]
    confidence = cols.confidence[rows]
    weight = _STRENGTH[relation] * np.where(np.isnan(confidence), 1.0, confidence)
    kept = _dedupe(holder, target, relation, weight,
                   _periods(dedupe, rows, dates, source_codes))
    return Statements(tuple(node_ids[c] for c in actor_codes),
                      tuple(node_ids[c] for c in target_codes), holder[kept], target[kept],
                      relation[kept], weight[kept], rows[kept], dates[rows[kept]], level, dedupe)


def _expand(keys: Ints, lists: Callable[[int], list[int]]) -> tuple[Ints, Ints]:
    """Expand each row into the items of its key's list: (row index per item, item)."""
    if not len(keys):
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
    unique, inverse = np.unique(keys, return_inverse=True)
    found = [lists(int(u)) for u in unique]
    lengths = np.array([len(x) for x in found], dtype=np.int64)
    flat = np.fromiter((v for x in found for v in x), dtype=np.int64, count=int(lengths.sum()))
    starts = np.concatenate(([0], np.cumsum(lengths)[:-1]))
    per_row = lengths[inverse]
    row_of = np.repeat(np.arange(len(keys), dtype=np.int64), per_row)
    offsets = np.arange(len(row_of), dtype=np.int64) - np.repeat(np.cumsum(per_row) - per_row,
                                                                  per_row)
    return row_of, flat[np.repeat(starts[inverse], per_row) + offsets]


def _sorted_codes(codes: Ints, node_ids: tuple[str, ...]) -> Ints:
    """The codes ordered by the ids they stand for."""
    return np.asarray(sorted(codes.tolist(), key=node_ids.__getitem__), dtype=np.int64)


def _codes(values: tuple[str | None, ...]) -> tuple[Ints, list[str]]:
    """Integer codes of string values (-1 for None), and the strings in code order."""
    names: dict[str, int] = {}
    codes = np.fromiter((-1 if v is None else names.setdefault(v, len(names)) for v in values),
                        dtype=np.int64, count=len(values))
    return codes, list(names)


def _dates(g: StanceGraph, date: Ints, source_codes: Ints, sources: list[str]) -> Ints:
    """Each statement's date ordinal, falling back to its source's date; 0 when unknown."""
    by_source = np.array([day.toordinal() if (day := source_date(g, s)) is not None else 0
                          for s in sources] + [0], dtype=np.int64)  # last entry: no source
    return np.where(date == 0, by_source[source_codes], date)


def _periods(dedupe: Dedupe, rows: Ints, dates: Ints, source_codes: Ints) -> Ints:
    """A period key per row: statements in the same period count once."""
    if dedupe == "none":
        return np.arange(len(rows), dtype=np.int64)
    if dedupe == "document":
        # A statement without a source is a document of its own.
        codes = source_codes[rows]
        return np.where(codes >= 0, codes, -1 - rows)
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
