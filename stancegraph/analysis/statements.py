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

Each row's weight is the strength of its relation times its confidence and its strength on
its source's scale (each 1 when not given).
``supports`` and ``opposes`` have strength 1. ``skeptical-of`` has strength 0.5: doubting a
claim or an actor leans against it without rejecting it, the way discourse-network coding
separates disagreement from reservation, so it counts half an opposition.

A stance on a narrower position also counts toward the positions it is a case of (its
``broader`` position, that one's, and so on), as chosen by ``broader``:

- ``"supports"`` (default): a *support* statement on P also counts as support of every position
  P is a case of, with the same weight, date, source and holder; opposition and skepticism
  stay on P. Supporting a case of X is supporting X in that form (backing a €500bn grants fund
  is backing grants), but opposing one case of X is not opposing X (the fund may be too small,
  or the wrong kind), so only support is carried up.
- ``"all"``: every relation is carried up the same way.
- ``"none"``: every statement counts for its own target only.

Only positions are carried up; stances on actors never are. The rows so derived are
de-duplicated with the others: a derived row and a direct one (or two derived rows, from two
narrower positions) of the same holder, target and relation in the same period count once, the
direct row kept when they weigh the same. :attr:`Statements.via` tells the derived rows apart.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from ..errors import check_choice
from ..graph import StanceGraph
from ..model import ACTOR_TYPES, STANCE_RELATIONS
from ..options import BROADER, DEDUPE, LEVELS, Broader, Dedupe, Level
from ..queries import RollUp, source_date
from ..queries import as_of as as_of_view

__all__ = ["BROADER", "DEDUPE", "LEVELS", "STRENGTH", "Broader", "Dedupe", "Level", "Statements",
           "statements"]


#: Weight of one statement of each relation (before confidence); see the module docstring.
STRENGTH = {"supports": 1.0, "opposes": 1.0, "skeptical-of": 0.5}
_STRENGTH = np.array([STRENGTH[r] for r in STANCE_RELATIONS])
_SIGN = np.array([1 if r == "supports" else -1 for r in STANCE_RELATIONS], dtype=np.int8)
_SUPPORTS = STANCE_RELATIONS.index("supports")

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
        The targets statements are about at this level, sorted by id, with the broader
        positions statements count toward (see ``broader``).
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
    via : int array
        For a row that counts toward a broader position (``broader``), the index into
        ``targets`` of the narrower position the statement is about; -1 for a statement on
        the row's own target.
    level, dedupe, broader
        The options the rows were made with.
    """

    actors: tuple[str, ...]
    targets: tuple[str, ...]
    holder: Ints
    target: Ints
    relation: npt.NDArray[np.int8]
    weight: npt.NDArray[np.float64]
    stance: Ints
    date: Ints
    via: Ints
    level: Level
    dedupe: Dedupe
    broader: Broader

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
    broader: Broader = "supports",
    as_of: dt.date | str | None = None,
    min_confidence: float | None = None,
) -> Statements:
    """Return the graph's statements at ``level``, de-duplicated by ``dedupe``.

    Retracted and superseded statements are left out unless ``include_retracted``. To analyse
    the debate on a given day, pass ``as_of`` (the same as passing ``sg.as_of(g, day)``: every
    analysis function takes it). ``broader`` says which statements on
    a narrower position also count toward its broader positions: ``"supports"`` (default),
    ``"all"`` or ``"none"`` (see the module docstring). With ``min_confidence``, statements
    less confident than that are left out (a statement without a confidence is kept).

    Examples
    --------
    >>> rows = statements(nato, level="state")
    >>> "hungary" in rows.actors, "olaf-scholz" in rows.actors
    (True, False)
    >>> germany = rows.actors.index("germany")
    >>> sorted({rows.targets[t] for t in rows.target[rows.holder == germany]})[:3]
    ['abandon-founding-act', 'ceasefire', 'ceasefire-then-withdrawal']
    >>> ukraine = rows.actors.index("ukraine")  # its support of heavy weapons counts further up
    >>> for i in np.flatnonzero((rows.holder == ukraine) & (rows.via >= 0)):
    ...     print(rows.targets[rows.via[i]], "->", rows.targets[rows.target[i]])
    heavy-weapons-for-ukraine -> more-weapons-for-ukraine
    heavy-weapons-for-ukraine -> military-aid-to-ukraine
    """
    check_choice(level, LEVELS, "level")
    check_choice(dedupe, DEDUPE, "dedupe period")
    check_choice(broader, BROADER, "broader")
    if as_of is not None:
        g = as_of_view(g, as_of)
    cols = g.stance_columns(copy=False)
    node_ids = cols.node_ids
    code_of = {id: c for c, id in enumerate(node_ids)}
    nodes = g.nodes
    types = [nodes[id].type for id in node_ids]
    is_actor = np.array([kind in ACTOR_TYPES for kind in types], dtype=bool)
    keep = np.ones(len(cols), dtype=bool)
    if not include_retracted:
        keep &= ~(cols.retracted | cols.superseded)
    if min_confidence is not None:
        keep &= np.isnan(cols.confidence) | (cols.confidence >= min_confidence)
    rows = np.flatnonzero(keep)
    source_codes, source_names = _codes(cols.source)
    dates = _dates(g, cols.date, source_codes, source_names)
    rollup = RollUp(g) if level == "state" else None
    dated = rollup is not None and rollup.dated
    # rolls[c]: a statement by node c may count for others than c (at this level).
    n_nodes = len(node_ids)
    rolls = np.zeros(n_nodes, dtype=bool) if rollup is None else \
        np.array(rollup.rolling(node_ids, types), dtype=bool)

    def ends(node: int, when: int, excluded: tuple[str, ...]) -> list[int]:
        """Codes of the actors a statement by ``node`` counts for at this level."""
        if rollup is None or not rolls[node]:
            return [node]
        day = dt.date.fromordinal(when) if when else None
        return [code_of[p.path[-1]] for p in rollup.paths(node_ids[node], day, excluded)
                if p.terminal]

    # Holders. Most count for themselves alone and keep their rows as they are. Of the others,
    # rows with exceptions (or on graphs whose roll-up depends on dates) get a list of their
    # own; the rest share one list per holder, expanded with numpy.
    holder_code = cols.holder[rows]
    rolled = rolls[holder_code]
    if dated:
        special = np.flatnonzero(rolled)
    else:
        except_ = cols.except_
        special = np.asarray([j for j in np.flatnonzero(rolled).tolist()
                              if except_[rows[j]]], dtype=np.int64)
    keys = holder_code.copy()
    keys[special] = n_nodes + np.arange(len(special))
    extra = [ends(int(cols.holder[rows[j]]), int(dates[rows[j]]), cols.except_[rows[j]])
             for j in special]
    row_of, level_holder = _expand(
        keys, ~rolled, lambda u: ends(u, 0, ()) if u < n_nodes else extra[u - n_nodes])
    rows = rows[row_of]
    # Targets: actor targets roll up as holders do (without exceptions); positions stay.
    target_code = cols.target[rows]
    rolled = (is_actor & rolls)[target_code]
    special = np.flatnonzero(rolled) if dated else np.zeros(0, np.int64)
    keys = target_code.copy()
    keys[special] = n_nodes + np.arange(len(special))
    extra = [ends(int(cols.target[rows[j]]), int(dates[rows[j]]), ()) for j in special]
    row_of, level_target = _expand(
        keys, ~rolled, lambda u: ends(u, 0, ()) if u < n_nodes else extra[u - n_nodes])
    rows, level_holder = rows[row_of], level_holder[row_of]
    # Positions: statements also count toward the broader positions (after the direct rows,
    # so that de-duplication keeps a direct row over a derived one of the same weight).
    via = np.full(len(rows), -1, dtype=np.int64)
    if broader != "none":
        starts, chains = _chains(g, node_ids, code_of, ~is_actor)
        length = np.diff(starts)[level_target]
        if broader == "supports":
            length[cols.relation[rows] != _SUPPORTS] = 0
        if length.any():
            row_of = np.repeat(np.arange(len(rows), dtype=np.int64), length)
            offsets = np.arange(len(row_of), dtype=np.int64) - np.repeat(
                np.cumsum(length) - length, length)
            reached = chains[starts[level_target[row_of]] + offsets]
            via = np.concatenate([via, level_target[row_of]])
            rows = np.concatenate([rows, rows[row_of]])
            level_holder = np.concatenate([level_holder, level_holder[row_of]])
            level_target = np.concatenate([level_target, reached])

    # The level's actors: those statements reach, those targeted, and the silent ones.
    actor_nodes = np.flatnonzero(is_actor)
    silent = np.concatenate([actor_nodes[~rolls[actor_nodes]], np.asarray(
        [c for c in actor_nodes[rolls[actor_nodes]].tolist() if ends(c, 0, ()) == [c]],
        dtype=np.int64)])
    used = np.concatenate([level_holder, level_target[is_actor[level_target]], silent])
    actor_codes = _sorted_codes(_present(used, n_nodes), node_ids)
    target_codes = _sorted_codes(_present(level_target, n_nodes), node_ids)
    position = np.full(n_nodes, -1, dtype=np.int64)
    position[actor_codes] = np.arange(len(actor_codes))
    holder = position[level_holder]
    position = np.full(n_nodes, -1, dtype=np.int64)
    position[target_codes] = np.arange(len(target_codes))
    target = position[level_target]
    if broader != "none" and np.any(via >= 0):
        via = np.where(via >= 0, position[via], -1)
    relation = cols.relation[rows]
    confidence = cols.confidence[rows]
    weight = _STRENGTH[relation] * np.where(np.isnan(confidence), 1.0, confidence)
    if cols.strength is not None and len(cols.strength):
        strength = cols.strength[rows]
        stated = ~np.isnan(strength)
        if stated.any():
            weight = weight * np.where(stated, strength, 1.0)
    kept = _dedupe(holder, target, relation, weight,
                   _periods(dedupe, rows, dates, source_codes))
    if len(kept) < len(rows):
        holder, target, relation, weight = holder[kept], target[kept], relation[kept], weight[kept]
        rows, via = rows[kept], via[kept]
    return Statements(tuple(map(node_ids.__getitem__, actor_codes.tolist())),
                      tuple(map(node_ids.__getitem__, target_codes.tolist())), holder, target,
                      relation, weight, rows, dates[rows], via, level, dedupe, broader)


def _chains(g: StanceGraph, node_ids: tuple[str, ...] | list[str],
            code_of: dict[str, int], asked: npt.NDArray[np.bool_]) -> tuple[Ints, Ints]:
    """The broader positions of every node, nearest first, as ``(starts, chains)``: those of
    node code ``c`` are ``chains[starts[c]:starts[c + 1]]`` (none for actors, and none for the
    nodes not ``asked`` about)."""
    nodes = g.nodes
    up: dict[str, list[int]] = {}
    kinds: dict[type, bool] = {}  # whether a kind of node has a broader position at all

    def broader(id: str) -> str | None:
        node = nodes[id]
        kind = type(node)
        has = kinds.get(kind)
        if has is None:  # actors have none: not asked of each of (perhaps) millions
            has = kinds[kind] = "broader" in getattr(kind, "model_fields", {"broader": None})
        return getattr(node, "broader", None) if has else None

    def chain(id: str) -> list[int]:
        found = up.get(id)
        if found is None:
            found = []
            parent = broader(id)
            seen = {id}
            while parent is not None and parent not in seen:  # acyclic (checked); still safe
                seen.add(parent)
                found.append(code_of[parent])
                if parent in up:
                    found += up[parent]
                    break
                parent = broader(parent)
            up[id] = found
        return found

    lists: list[list[int]] = [[]] * len(node_ids)  # (shared, never changed: none asked)
    for c in np.flatnonzero(asked).tolist():
        id = node_ids[c]
        if broader(id) is not None:
            lists[c] = chain(id)
    lengths = np.array([len(x) for x in lists], dtype=np.int64)
    starts = np.concatenate(([0], np.cumsum(lengths))).astype(np.int64)
    flat = np.fromiter((c for x in lists for c in x), dtype=np.int64, count=int(lengths.sum()))
    return starts, flat


def _expand(keys: Ints, same: npt.NDArray[np.bool_],
            lists: Callable[[int], list[int]]) -> tuple[Ints, Ints]:
    """Expand each row into the items of its key's list: (row index per item, item).

    Rows where ``same`` is True expand to their key alone (their list is not asked for).

    >>> _expand(np.array([5, 7, 5]), np.array([False, True, False]), lambda u: [u, u + 1])
    (array([0, 0, 1, 2, 2]), array([5, 6, 7, 5, 6]))
    """
    n = len(keys)
    if same.all():
        return np.arange(n, dtype=np.int64), keys.copy()
    asked = np.flatnonzero(~same)
    unique, inverse = np.unique(keys[asked], return_inverse=True)
    found = [lists(int(u)) for u in unique]
    lengths = np.array([len(x) for x in found], dtype=np.int64)
    flat = np.fromiter((v for x in found for v in x), dtype=np.int64, count=int(lengths.sum()))
    starts = np.concatenate(([0], np.cumsum(lengths)[:-1]))
    per_row = np.ones(n, dtype=np.int64)
    per_row[asked] = lengths[inverse]
    row_of = np.repeat(np.arange(n, dtype=np.int64), per_row)
    first = np.cumsum(per_row) - per_row  # where each row's items begin
    items = np.repeat(keys, per_row)  # right for the rows kept as they are
    per_asked = lengths[inverse]
    offsets = np.arange(int(per_asked.sum()), dtype=np.int64) - np.repeat(
        np.cumsum(per_asked) - per_asked, per_asked)
    items[np.repeat(first[asked], per_asked) + offsets] = \
        flat[np.repeat(starts[inverse], per_asked) + offsets]
    return row_of, items


def _present(codes: Ints, n: int) -> Ints:
    """The distinct codes (each in ``range(n)``), in increasing order: ``np.unique(codes)``."""
    return np.flatnonzero(np.bincount(codes, minlength=n)).astype(np.int64)


def _sorted_codes(codes: Ints, node_ids: tuple[str, ...]) -> Ints:
    """The codes ordered by the ids they stand for."""
    return np.asarray(sorted(codes.tolist(), key=node_ids.__getitem__), dtype=np.int64)


def _codes(values: tuple[str | None, ...]) -> tuple[Ints, list[str]]:
    """Integer codes of string values (-1 for None), and the strings in code order (that of
    first appearance).

    >>> _codes(("b", None, "a", "b"))
    (array([ 0, -1,  1,  0]), ['b', 'a'])
    """
    if values.count(None) == len(values):  # no value at all (a table without sources)
        return np.full(len(values), -1, dtype=np.int64), []
    names = [v for v in dict.fromkeys(values) if v is not None]
    code_of: dict[str | None, int] = {name: c for c, name in enumerate(names)}
    code_of[None] = -1
    codes = np.fromiter(map(code_of.__getitem__, values), dtype=np.int64, count=len(values))
    return codes, names


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
    """Indices of the rows to keep: the strongest of each (holder, target, relation, period),
    the first of the strongest on a tie, in row order.

    >>> _dedupe(np.array([0, 0, 0, 1]), np.array([0, 0, 0, 0]), np.array([0, 0, 0, 0], np.int8),
    ...         np.array([0.5, 1.0, 1.0, 0.5]), np.array([3, 3, 3, 3]))
    array([1, 3])
    """
    if not len(holder):
        return np.empty(0, dtype=np.int64)
    steps = np.diff(period)
    if np.all(steps > 0) or np.all(steps < 0):
        # No two rows share a period (every statement its own document, each counted once):
        # nothing repeats, and no sort is needed to see it.
        return np.arange(len(holder), dtype=np.int64)
    group = row_keys([holder, target, relation.astype(np.int64), period - int(period.min())])
    order = np.argsort(group)  # groups together, in no particular order inside each
    group, weight = group[order], weight[order]
    starts = np.ones(len(order), dtype=bool)
    starts[1:] = group[1:] != group[:-1]
    firsts = np.flatnonzero(starts)
    which = np.cumsum(starts) - 1  # group number of each sorted row
    strongest = weight == np.maximum.reduceat(weight, firsts)[which]
    # Of the strongest rows of each group, the first.
    return np.sort(np.minimum.reduceat(np.where(strongest, order, len(order)), firsts))


def row_keys(columns: Sequence[npt.NDArray[np.integer[Any]]]) -> Ints:
    """One integer per row, equal for two rows exactly when all their columns are: a single
    key to sort or count rows by several integer columns at once (each column's values from
    -1 up). Where the combinations outgrow 62 bits, the key so far is renumbered densely.

    >>> row_keys([np.array([0, 0, 1, 0]), np.array([2, -1, 2, 2])]).tolist()
    [7, 4, 11, 7]
    """
    n = len(columns[0]) if len(columns) else 0
    key = np.zeros(n, dtype=np.int64)
    size = 1
    for codes in columns:
        width = int(codes.max()) + 2 if n else 1  # values from -1
        if size * width >= 2**62:  # number the keys so far densely
            _, dense = np.unique(key, return_inverse=True)
            key, size = dense.astype(np.int64), int(dense.max()) + 1
        key = key * width + (codes.astype(np.int64) + 1)
        size *= width
    return key
