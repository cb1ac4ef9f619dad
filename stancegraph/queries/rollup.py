"""Effective stances: what each actor stands for once statements are rolled up.

A statement is made by someone for someone. Rolling up carries each stance to every actor it
speaks for:

- a spokesperson's stance counts for the principal they speak for (``speaks-for``);
- a leader's stance counts for the state or organisation they lead (``leads``);
- a bloc's stance counts for each member (listed, or by a ``member-of`` relation, through nested
  blocs), minus the members the stance names in ``except``.

Rules chain (Max Blain speaks for Boris Johnson, who leads the United Kingdom), and a relation
only carries a stance dated within the relation's ``start``/``end``. Each derived stance points
back to the statement it came from.
"""

from __future__ import annotations

import datetime as dt
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from ..graph import StanceGraph
from ..model import Relation, Stance, StanceRelation
from .actors import direct_members
from .time import is_current, relation_holds, stance_date

__all__ = ["EffectiveStance", "ROLLUP_RELATIONS", "RollUp", "RollupPath", "Span", "broader_chains",
           "effective_stances", "rollup_ends", "rollup_spans"]

#: The relations along which statements roll up.
ROLLUP_RELATIONS = ("speaks-for", "leads", "member-of")


@dataclass(frozen=True)
class EffectiveStance:
    """A stance as it counts for one actor.

    Attributes
    ----------
    holder : str
        The actor the stance counts for.
    relation, target : str
        As in the statement.
    stance : Stance
        The statement it comes from (its ``holder`` is ``path[0]``).
    path : tuple of str
        Actor ids from the statement's holder to ``holder``; one id for a stance as stated.
    via : tuple of str
        How each step of ``path`` was taken: ``"speaks-for"``, ``"leads"`` or ``"bloc-member"``.
    """

    holder: str
    relation: StanceRelation
    target: str
    stance: Stance
    path: tuple[str, ...]
    via: tuple[str, ...]

    @property
    def derived(self) -> bool:
        """True if the stance was carried here from another actor's statement."""
        return len(self.path) > 1


def effective_stances(
    g: StanceGraph,
    *,
    holder: str | None = None,
    target: str | None = None,
    include_retracted: bool = False,
) -> list[EffectiveStance]:
    """Return every stance as stated and as rolled up to the actors it counts for.

    Parameters
    ----------
    g : StanceGraph
    holder, target : str, optional
        Keep only effective stances of this holder, or on this target.
    include_retracted : bool
        Also roll up retracted and superseded stances (left out by default).

    Returns
    -------
    list of EffectiveStance
        Sorted by holder, target, then the statement's id and the path.

    Examples
    --------
    >>> for e in effective_stances(nato, holder="united-kingdom", target="vladimir-putin"):
    ...     print(e.relation, e.path, e.via, e.stance.speaker)
    opposes ('boris-johnson', 'united-kingdom') ('leads',) None
    skeptical-of ('boris-johnson', 'united-kingdom') ('leads',) max-blain
    >>> [e.holder for e in effective_stances(nato, target="putin-serious-about-negotiating")
    ...  if e.stance.holder == "central-eastern-europe"]
    ['baltic-states', 'central-eastern-europe', 'estonia', 'latvia', 'lithuania', 'poland']
    """
    if holder is not None:
        g.node(holder)
    if target is not None:
        g.node(target)
    rollup = RollUp(g)
    found: list[EffectiveStance] = []
    for stance in g.stances:
        if target is not None and stance.target != target:
            continue
        if not include_retracted and not is_current(stance):
            continue
        for p in rollup.paths(stance.holder, stance_date(g, stance), stance.except_):
            if holder is None or p.path[-1] == holder:
                found.append(EffectiveStance(p.path[-1], stance.relation, stance.target, stance,
                                             p.path, p.via))
    found.sort(key=lambda e: (e.holder, e.target, e.stance.id or "", e.path))
    return found


@dataclass(frozen=True)
class RollupPath:
    """One actor a statement counts for: the ``path`` of actor ids from the statement's holder,
    ``via`` the rule of each step, and whether the path ends there (``terminal``: nothing rolls
    further up from its last actor, and it is not a bloc with members left to reach)."""

    path: tuple[str, ...]
    via: tuple[str, ...]
    terminal: bool


class RollUp:
    """The roll-up rules of one graph, indexed once and applied to many statements.

    Examples
    --------
    >>> rollup = RollUp(nato)
    >>> [(p.path, p.terminal) for p in rollup.paths("max-blain")]
    [(('max-blain',), False), (('max-blain', 'boris-johnson'), False), (('max-blain', 'boris-johnson', 'united-kingdom'), True)]
    >>> [p.path[-1] for p in rollup.paths("central-eastern-europe", excluded=["hungary"])
    ...  if p.terminal]
    ['poland', 'estonia', 'latvia', 'lithuania']
    """

    def __init__(self, g: StanceGraph) -> None:
        self._g = g
        self._nodes = g.nodes
        self._upward: dict[str, list[Relation]] = {}
        for rel in g.relations.values():
            if rel.relation in ("speaks-for", "leads"):
                self._upward.setdefault(rel.subject, []).append(rel)
        bounded = [r for r in g.relations.values() if r.relation in ROLLUP_RELATIONS
                   and (r.start is not None or r.end is not None)]
        # Without dated bounds the date of a statement cannot change where it rolls up.
        self._dated = bool(bounded)
        self._memo: dict[tuple[str, dt.date | None, frozenset[str]], tuple[RollupPath, ...]] = {}

    @property
    def dated(self) -> bool:
        """True if some roll-up relation has start or end dates, so dates matter."""
        return self._dated

    def rolls(self, holder: str) -> bool:
        """False if a statement by ``holder`` counts for ``holder`` alone, whatever its date
        and exceptions: nothing rolls up from it and it is not a bloc.

        >>> RollUp(nato).rolls("max-blain"), RollUp(nato).rolls("united-kingdom")
        (True, False)
        """
        return holder in self._upward or self._nodes[holder].type == "Bloc"

    def rolling(self, ids: Sequence[str], types: Sequence[str]) -> list[bool]:
        """:meth:`rolls` of each of ``ids``, whose node types are ``types`` (for many at once).

        >>> RollUp(nato).rolling(["max-blain", "united-kingdom"], ["Person", "State"])
        [True, False]
        """
        upward = self._upward
        if not upward:
            return [kind == "Bloc" for kind in types]
        return [id in upward or kind == "Bloc" for id, kind in zip(ids, types, strict=True)]

    def paths(
        self, holder: str, when: dt.date | None = None, excluded: Iterable[str] = ()
    ) -> tuple[RollupPath, ...]:
        """Every actor a statement by ``holder`` on ``when`` counts for, nearest first.

        ``excluded`` names bloc members the statement does not hold for. The first path is
        the holder itself.
        """
        key = (holder, when if self._dated else None, frozenset(excluded))
        found = self._memo.get(key)
        if found is None:
            found = self._memo[key] = tuple(self._spread(*key))
        return found

    def _spread(
        self, holder: str, when: dt.date | None, excluded: frozenset[str]
    ) -> Iterator[RollupPath]:
        g = self._g
        # Breadth first, so each actor is reached by its shortest path; ties go to the first
        # relation added.
        queue: deque[tuple[tuple[str, ...], tuple[str, ...]]] = deque([((holder,), ())])
        reached = {holder}
        while queue:
            path, via = queue.popleft()
            current = path[-1]
            steps: list[tuple[str, str]] = [
                (rel.object, rel.relation) for rel in self._upward.get(current, ())
                if relation_holds(rel, when)
            ]
            if g.nodes[current].type == "Bloc":
                steps += [(m, "bloc-member") for m in direct_members(g, current, when)
                          if m not in excluded]
            yield RollupPath(path, via, terminal=not steps)
            for nxt, kind in steps:
                if nxt not in reached:
                    reached.add(nxt)
                    queue.append(((*path, nxt), (*via, kind)))


#: A span of days ``[start, until)`` (None: unbounded) and the actors a statement made within
#: it counts for.
Span = tuple[dt.date | None, dt.date | None, list[str]]


def rollup_ends(rollup: RollUp, actor: str, when: dt.date | None = None,
                excluded: Iterable[str] = ()) -> list[str]:
    """The actors a statement by ``actor`` on ``when`` counts for at the state level: the ends
    of its roll-up paths (none when it reaches no one, such as a bloc all of whose members
    are excluded).

    >>> rollup_ends(RollUp(nato), "max-blain")
    ['united-kingdom']
    """
    return [p.path[-1] for p in rollup.paths(actor, when, tuple(excluded)) if p.terminal]


def rollup_spans(g: StanceGraph, rollup: RollUp, actor: str,
                 excluded: Iterable[str] = ()) -> tuple[list[str], list[Span]]:
    """Where a statement by ``actor`` counts, for every day: the ends of an undated statement,
    and the spans of days (within which no roll-up relation starts or ends, neighbours with
    the same ends merged) with their ends. The spans are empty when roll-up relations have
    no dates (:attr:`RollUp.dated`): every statement counts as an undated one does.

    This is how aggregates outside Python (a SPARQL store, a SQL engine) apply the roll-up:
    as a table of actor, span and actor counted for.

    Boris Johnson's spokesman counts for him until he leads the United Kingdom (from
    2019-07-24), then for the United Kingdom:

    >>> undated, spans = rollup_spans(nato, RollUp(nato), "max-blain")
    >>> undated
    ['united-kingdom']
    >>> for start, until, ends in spans:
    ...     print(start, until, ends)
    None 2019-07-24 ['boris-johnson']
    2019-07-24 None ['united-kingdom']
    """
    excluded = tuple(excluded)
    undated = rollup_ends(rollup, actor, None, excluded)
    spans: list[Span] = []
    for start, until in _intervals(g) if rollup.dated else ():
        day = start if start is not None else (
            until - dt.timedelta(days=1) if until is not None else dt.date.min)
        ends = rollup_ends(rollup, actor, day, excluded)
        if spans and spans[-1][2] == ends:  # the same as the span before: merge
            spans[-1] = (spans[-1][0], until, ends)
        else:
            spans.append((start, until, ends))
    return undated, spans


def _intervals(g: StanceGraph) -> list[tuple[dt.date | None, dt.date | None]]:
    """Date intervals [from, until) within which no roll-up relation starts or ends."""
    cuts: set[dt.date] = set()
    for rel in g.relations.values():
        if rel.relation in ROLLUP_RELATIONS:
            if rel.start is not None:
                cuts.add(rel.start)
            if rel.end is not None and rel.end < dt.date.max:
                cuts.add(rel.end + dt.timedelta(days=1))
    bounds: list[dt.date | None] = [None, *sorted(cuts), None]
    return [(a, b) for a, b in zip(bounds, bounds[1:], strict=False)
            if not (a is None and b == dt.date.min)]


def broader_chains(g: StanceGraph) -> dict[str, list[str]]:
    """For each position with a broader one: the positions up its chain of ``broader``,
    nearest first (acyclic; a chain that leaves the graph stops).

    >>> broader_chains(nato)["send-tanks"][-1]
    'military-aid-to-ukraine'
    """
    chains: dict[str, list[str]] = {}
    positions = g.positions
    for id in sorted(positions):
        chain = [id]
        up = getattr(positions[id], "broader", None)
        while up is not None and up in positions and up not in chain:
            chain.append(up)
            up = getattr(positions[up], "broader", None)
        if len(chain) > 1:
            chains[id] = chain[1:]
    return chains
