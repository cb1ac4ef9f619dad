"""Who is in the debate: actors by type, members of groups, positions and their hierarchy."""

from __future__ import annotations

import datetime as dt

from ..errors import IntegrityError, check_choice
from ..graph import StanceGraph
from ..model import ACTOR_TYPES, POSITION_TYPES, Node
from .time import relation_holds

__all__ = ["actors", "direct_members", "members", "narrower", "positions"]


def actors(g: StanceGraph, type: str | None = None) -> list[Node]:
    """Return the actors, or those of one ``type`` (Person, State, Organization, Bloc), by id.

    Examples
    --------
    >>> [a.id for a in actors(nato, "Bloc")]
    ['baltic-states', 'central-eastern-europe', 'dialogue-skeptic-diplomats', 'dialogue-skeptics', 'nato-allies', 'western-european-governments']
    """
    if type is not None:
        check_choice(type, ACTOR_TYPES, "actor type")
    return sorted((a for a in g.actors.values() if type is None or a.type == type),
                  key=lambda a: a.id)


def positions(g: StanceGraph, type: str | None = None) -> list[Node]:
    """Return the positions, or those of one ``type`` (Agreement, PolicyOption, Claim), by id.

    >>> [p.id for p in positions(nato, "Agreement")]
    ['nato-russia-founding-act']
    """
    if type is not None:
        check_choice(type, POSITION_TYPES, "position type")
    return sorted((p for p in g.positions.values() if type is None or p.type == type),
                  key=lambda p: p.id)


def members(
    g: StanceGraph, group: str, *, recursive: bool = True, as_of: dt.date | None = None
) -> list[str]:
    """Return the ids of a bloc's or organisation's members, sorted.

    Members are those a :class:`~stancegraph.model.Bloc` lists plus the actors with a
    ``member-of`` relation to ``group`` (holding on ``as_of``, when given). With ``recursive``,
    members of member blocs are included too, and the member blocs themselves are left out.

    Examples
    --------
    >>> members(nato, "central-eastern-europe")
    ['estonia', 'hungary', 'latvia', 'lithuania', 'poland']
    >>> members(nato, "central-eastern-europe", recursive=False)
    ['baltic-states', 'hungary', 'poland']
    """
    node = g.node(group)
    if node.type not in ACTOR_TYPES or node.type == "Person":
        raise IntegrityError(f"a {node.type} has no members:", id=group,
                             expected="the id of a Bloc, Organization or State")
    found: set[str] = set()
    seen = {group}
    stack = [group]
    while stack:
        current = stack.pop()
        for member in direct_members(g, current, as_of):
            if member in seen:
                continue
            seen.add(member)
            if recursive and g.nodes[member].type == "Bloc":
                stack.append(member)
            else:
                found.add(member)
    return sorted(found)


def direct_members(g: StanceGraph, group: str, when: dt.date | None = None) -> list[str]:
    """Ids of the actors a group lists as members, then those with a ``member-of`` relation to
    it that holds on ``when``, in the order they were added (duplicates possible)."""
    listed = list(getattr(g.nodes[group], "members", ()))
    return listed + [r.subject for r in g.member_relations(group) if relation_holds(r, when)]


def narrower(g: StanceGraph, position: str, *, recursive: bool = True) -> list[str]:
    """Return the ids of the positions that are cases of ``position`` (via ``broader``), sorted.

    >>> narrower(nato, "heavy-weapons-for-ukraine")
    ['send-jets', 'send-tanks']
    """
    node = g.node(position)
    if node.type not in POSITION_TYPES:
        raise IntegrityError(f"a {node.type} is not a position:", id=position,
                             expected="the id of a position")
    children: dict[str, list[str]] = {}
    for p in g.positions.values():
        broader = getattr(p, "broader", None)
        if broader is not None:
            children.setdefault(broader, []).append(p.id)
    found: set[str] = set()
    stack = [position]
    while stack:
        for child in children.get(stack.pop(), ()):
            if child not in found:
                found.add(child)
                if recursive:
                    stack.append(child)
    return sorted(found)
