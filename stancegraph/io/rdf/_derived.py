"""The rolled-up stances an RDF export writes on request (``derived=True``; docs/rdf.md).

A statement counts for more actors than the one who made it (see
:mod:`stancegraph.queries.rollup`): a spokesperson's for the principal, a leader's for the
state they lead, a bloc's for each member. :func:`derived_stances` lists, for every current
statement, each actor it is carried to -- the same stances as
:func:`~stancegraph.effective_stances` with ``derived`` true -- with what the roll-up
followed at each step: the relation node, or the bloc whose listed members it reached. The
exporter writes each as an ``sg:DerivedStance`` node; the importer skips such nodes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from ...graph import StanceGraph
from ...model import Relation
from ...queries import RollUp, relation_holds, source_date

__all__ = ["Derived", "derived_stances", "derived_suffix"]

#: Between a stance's id and the id of the actor it is carried to, in a derived stance's IRI:
#: ids never hold two separators in a row, so the IRI names no id of the graph.
_SEPARATOR = "--"


def derived_suffix(stance_id: str, holder: str) -> str:
    """What follows the base in a derived stance's IRI.

    >>> derived_suffix("olaf-scholz.opposes.abandon-founding-act", "germany")
    'olaf-scholz.opposes.abandon-founding-act--germany'
    """
    return f"{stance_id}{_SEPARATOR}{holder}"


class Statement(Protocol):
    """What a derived stance needs of its statement (a :class:`~stancegraph.Stance`)."""

    @property
    def id(self) -> str | None: ...
    @property
    def holder(self) -> str: ...
    @property
    def relation(self) -> str: ...
    @property
    def target(self) -> str: ...
    @property
    def date(self) -> dt.date | None: ...
    @property
    def source(self) -> str | None: ...
    @property
    def conditions(self) -> tuple[str, ...]: ...


@dataclass(frozen=True)
class Derived:
    """A statement as it counts for ``holder``, another actor than the one who made it.

    ``path`` runs from the statement's holder to ``holder`` and ``via`` names the rule of
    each step (as :class:`~stancegraph.queries.EffectiveStance`); ``along`` holds, per step,
    the ids the step followed: the ``speaks-for``, ``leads`` or ``member-of`` relations that
    hold on the statement's date, or the bloc itself when the member is one it lists.
    """

    stance: Statement
    holder: str
    path: tuple[str, ...]
    via: tuple[str, ...]
    along: tuple[tuple[str, ...], ...]

    @property
    def path_text(self) -> str:
        """The path as ``sg:rollupPath`` writes it: ids and rules, in order.

        >>> g = sg.loads('''
        ... actors: [{id: uk, type: State, name: UK}, {id: pm, type: Person, name: PM},
        ...          {id: aide, type: Person, name: Aide}]
        ... positions: [{id: x, type: PolicyOption, name: X}]
        ... relations: [{subject: pm, relation: leads, object: uk},
        ...             {subject: aide, relation: speaks-for, object: pm}]
        ... stances: [{holder: aide, relation: opposes, target: x}]''')
        >>> [(d.holder, d.path_text, d.along) for d in derived_stances(g)]
        [('pm', 'aide speaks-for pm', (('aide.speaks-for.pm',),)), ('uk', 'aide speaks-for pm leads uk', (('aide.speaks-for.pm',), ('pm.leads.uk',)))]
        """
        words = [self.path[0]]
        for rule, actor in zip(self.via, self.path[1:], strict=True):
            words += [rule, actor]
        return " ".join(words)


def derived_stances(g: StanceGraph) -> Iterator[Derived]:
    """Every current statement as it counts for each other actor, by statement id, then by
    the order the roll-up reaches the actors (nearest first). A statement carried to its own
    target (a bloc's stance on one of its members) is left out: no actor takes a stance on
    itself.

    >>> g = sg.loads('''
    ... actors: [{id: baltics, type: Bloc, name: Baltics, members: [estonia, latvia]},
    ...          {id: estonia, type: State, name: Estonia}, {id: latvia, type: State, name: Latvia},
    ...          {id: lithuania, type: State, name: Lithuania}]
    ... positions: [{id: x, type: PolicyOption, name: X}]
    ... relations: [{subject: lithuania, relation: member-of, object: baltics}]
    ... stances: [{holder: baltics, relation: opposes, target: x, except: [latvia]}]''')
    >>> [(d.holder, d.via, d.along) for d in derived_stances(g)]
    [('estonia', ('bloc-member',), (('baltics',),)), ('lithuania', ('bloc-member',), (('lithuania.member-of.baltics',),))]
    """
    rollup = RollUp(g)
    steps: dict[tuple[str, str, str], list[Relation]] = {}
    for rel in g.relations.values():
        if rel.relation in ("speaks-for", "leads", "member-of"):
            steps.setdefault((rel.subject, rel.relation, rel.object), []).append(rel)
    # Only current statements roll up (as effective_stances has it), and only those of holders
    # something rolls up from: picked from the columns, so a large graph of states' own
    # statements costs one pass over its holder codes.
    cols = g.stance_columns()
    actors = g.actors
    rolls = np.array([id in actors and rollup.rolls(id) for id in cols.node_ids], dtype=bool)
    picked = np.flatnonzero(rolls[cols.holder] & ~cols.retracted & ~cols.superseded)
    stances = g.stances
    for row in sorted(picked.tolist(), key=cols.ids.__getitem__):
        stance = stances[row]
        when = stance.date if stance.date is not None else source_date(g, stance.source)
        for p in rollup.paths(stance.holder, when, stance.except_)[1:]:
            holder = p.path[-1]
            if holder == stance.target:
                continue
            along = tuple(_followed(g, steps, a, rule, b, when)
                          for a, rule, b in zip(p.path[:-1], p.via, p.path[1:], strict=True))
            yield Derived(stance, holder, p.path, p.via, along)


def _followed(g: StanceGraph, steps: dict[tuple[str, str, str], list[Relation]], a: str,
              rule: str, b: str, when: dt.date | None) -> tuple[str, ...]:
    """The ids one step of a roll-up followed, sorted (see :class:`Derived`)."""
    if rule == "bloc-member":  # a bloc's stance to member b: b listed, or b member-of a
        listed = (a,) if b in getattr(g.nodes[a], "members", ()) else ()
        found = steps.get((b, "member-of", a), [])
    else:
        listed = ()
        found = steps.get((a, rule, b), [])
    ids = sorted(r.id for r in found if r.id is not None and relation_holds(r, when))
    return (*listed, *ids)
