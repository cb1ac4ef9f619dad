"""Integrity checks for a batch of records about to enter a graph.

The graph calls :func:`check_batch` with what it already holds and the new records; the
function returns the records to add (with ids assigned) or raises the first error it finds,
naming the record and field. Nothing is changed until everything has been checked, so a failed
add leaves the graph as it was.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from .errors import DuplicateIdError, IntegrityError, InvalidRecordError, UnknownIdError, closest
from .model import (
    ACTOR_TYPES,
    POSITION_TYPES,
    Agreement,
    Bloc,
    Node,
    Relation,
    Source,
    Stance,
    is_id,
    is_url,
    url_problem,
)

__all__ = ["Batch", "GraphState", "check_batch"]

Where = Callable[[str, int], str]


@dataclass(frozen=True)
class GraphState:
    """Read-only view of what a graph already holds, as the checks need it; ``stance`` returns
    a stance the graph holds, by id (None: the graph holds none)."""

    nodes: Mapping[str, Node]
    relations: Mapping[str, Relation]
    stance_ids: Mapping[str, int]
    member_relations: Mapping[str, Sequence[Relation]]
    stance: Callable[[str], Stance] | None = None


@dataclass
class Batch:
    """Checked records ready to be committed, in the order they were given."""

    nodes: list[Node] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    stances: list[Stance] = field(default_factory=list)


_SECTION_TYPES = {
    "sources": ("Source",),
    "actors": ACTOR_TYPES,
    "positions": POSITION_TYPES,
}
_EXPECTED = {
    "actor": "the id of an actor (Person, State, Organization or Bloc)",
    "position": "the id of a position (Agreement, PolicyOption or Claim)",
    "target": "the id of a position or an actor",
    "person": "the id of a Person",
    "source": "the id of a declared source, or an http(s) URL",
    "bloc": "the id of a Bloc",
    "group": "the id of an Organization, State or Bloc",
    "stance": "the id of a stance",
}


def check_batch(
    state: GraphState,
    sections: Mapping[str, Sequence[Any]],
    where: Where,
) -> Batch:
    """Check new records against each other and the graph; return them ready to commit."""
    return _Checker(state, where).run(sections)


class _Checker:
    def __init__(self, state: GraphState, where: Where) -> None:
        self.state = state
        self.where = where
        self.new_nodes: dict[str, Node] = {}
        self.new_ids: set[str] = set()
        self.new_member_of: dict[str, list[str]] = {}

    # -- lookups over graph + batch ---------------------------------------------------------
    def node(self, id: str) -> Node | None:
        return self.new_nodes.get(id) or self.state.nodes.get(id)

    def taken(self, id: str) -> bool:
        return (
            id in self.new_ids
            or id in self.state.nodes
            or id in self.state.relations
            or id in self.state.stance_ids
        )

    def ids_of(self, kinds: Iterable[str]) -> list[str]:
        wanted = set(kinds)
        found = [i for i, n in self.state.nodes.items() if n.type in wanted]
        found += [i for i, n in self.new_nodes.items() if n.type in wanted]
        return found

    # -- errors -------------------------------------------------------------------------------
    def fail(self, cls: type, message: str, section: str, i: int, **fields: Any) -> None:
        raise cls(message, record=self.where(section, i), **fields)

    def ref(
        self, id: str, kinds: tuple[str, ...], what: str, section: str, i: int, fieldname: str
    ) -> Node:
        node = self.node(id)
        if node is None:
            self.fail(
                UnknownIdError,
                f"unknown {what}",
                section,
                i,
                field=fieldname,
                id=id,
                expected=_EXPECTED[what],
                suggestion=closest(id, self.ids_of(kinds)),
            )
        assert node is not None
        if node.type not in kinds:
            self.fail(
                IntegrityError,
                f"{fieldname} is a {node.type}, not {_article(what)}:",
                section,
                i,
                field=fieldname,
                id=id,
                expected=_EXPECTED[what],
            )
        return node

    # -- the checks ---------------------------------------------------------------------------
    def run(self, sections: Mapping[str, Sequence[Any]]) -> Batch:
        batch = Batch()
        for section in ("sources", "actors", "positions"):
            for i, node in enumerate(sections.get(section, ())):
                self.claim_node(node, section, i)
                batch.nodes.append(node)
        relations = list(enumerate(sections.get("relations", ())))
        stances = list(enumerate(sections.get("stances", ())))
        for i, relation in relations:
            self.claim_edge(relation, Relation, "relations", i)
        for i, stance in stances:
            self.claim_edge(stance, Stance, "stances", i)
        for section in ("sources", "actors", "positions"):
            for i, node in enumerate(sections.get(section, ())):
                self.check_node(node, section, i)
        self.check_cycles(sections)
        named_relations = [(i, self.with_id(r)) for i, r in relations]
        named_stances = [(i, self.with_id(s)) for i, s in stances]
        stance_ids = {s.id for _, s in named_stances}
        for i, relation in named_relations:
            batch.relations.append(self.check_relation(relation, i))
        for i, stance in named_stances:
            batch.stances.append(self.check_stance(stance, i, stance_ids))
        self.check_successors(named_stances)
        return batch

    def claim_node(self, node: Any, section: str, i: int) -> None:
        kinds = _SECTION_TYPES[section]
        if not isinstance(node, BaseModel) or getattr(node, "type", None) not in kinds:
            self.fail(
                InvalidRecordError,
                f"{section} holds {type(node).__name__}",
                section,
                i,
                expected=f"a model of type {' or '.join(kinds)}",
            )
        if self.taken(node.id):
            self.fail(DuplicateIdError, "duplicate id", section, i, field="id", id=node.id)
        self.new_ids.add(node.id)
        self.new_nodes[node.id] = node

    def claim_edge(self, edge: Any, cls: type, section: str, i: int) -> None:
        if not isinstance(edge, cls):
            self.fail(
                InvalidRecordError,
                f"{section} holds {type(edge).__name__}",
                section,
                i,
                expected=f"a {cls.__name__}",
            )
        if edge.id is not None:
            if self.taken(edge.id):
                self.fail(DuplicateIdError, "duplicate id", section, i, field="id", id=edge.id)
            self.new_ids.add(edge.id)
        if isinstance(edge, Relation) and edge.relation == "member-of":
            self.new_member_of.setdefault(edge.object, []).append(edge.subject)

    def with_id(self, edge: Any) -> Any:
        if edge.id is not None:
            return edge
        base = f"{edge.holder}.{edge.relation}.{edge.target}" if isinstance(edge, Stance) else (
            f"{edge.subject}.{edge.relation}.{edge.object}"
        )
        candidate, n = base, 1
        while self.taken(candidate):
            n += 1
            candidate = f"{base}.{n}"
        self.new_ids.add(candidate)
        return edge.model_copy(update={"id": candidate})

    def check_node(self, node: Node, section: str, i: int) -> None:
        if isinstance(node, Bloc):
            for member in node.members:
                self.ref(member, ACTOR_TYPES, "actor", section, i, "members")
                if member == node.id:
                    self.fail(IntegrityError, "a bloc cannot be its own member", section, i,
                              field="members", id=member)
        if isinstance(node, Agreement):
            for party in node.parties:
                self.ref(party, ACTOR_TYPES, "actor", section, i, "parties")
        broader = vars(node).get("broader")
        if broader is not None:
            self.ref(broader, POSITION_TYPES, "position", section, i, "broader")
        if isinstance(node, Source) and node.reported_in is not None:
            self.ref(node.reported_in, ("Source",), "source", section, i, "reported_in")

    def check_cycles(self, sections: Mapping[str, Sequence[Any]]) -> None:
        links: list[tuple[str, str, Callable[[Node], list[str]]]] = [
            # vars(): a missing field costs pydantic an exception per node with getattr
            ("positions", "broader", lambda n: [b] if (b := vars(n).get("broader")) else []),
            ("sources", "reported_in",
             lambda n: [r] if (r := vars(n).get("reported_in")) else []),
            ("actors", "members", lambda n: list(vars(n).get("members", ()))),
        ]
        for section, fieldname, follow in links:
            for i, node in enumerate(sections.get(section, ())):
                path = self.find_cycle(node.id, follow)
                if path:
                    self.fail(
                        IntegrityError,
                        f"{fieldname} forms a cycle {' -> '.join(path)} at",
                        section,
                        i,
                        field=fieldname,
                        id=node.id,
                    )

    def find_cycle(self, start: str, follow: Callable[[Node], list[str]]) -> list[str] | None:
        stack: list[tuple[str, list[str]]] = [(start, [start])]
        seen: set[str] = set()
        while stack:
            current, path = stack.pop()
            node = self.node(current)
            if node is None:
                continue
            for nxt in follow(node):
                if nxt == start:
                    return [*path, nxt]
                if nxt not in seen:
                    seen.add(nxt)
                    stack.append((nxt, [*path, nxt]))
        return None

    def check_source(self, value: str | None, section: str, i: int) -> None:
        if value is None or is_url(value):
            return
        if value.startswith(("http://", "https://")):
            self.fail(InvalidRecordError, f"not a valid URL ({url_problem(value)}):", section,
                      i, field="source", id=value, expected="an http(s) URL that is a valid "
                      "IRI: no spaces, control, invisible or private-use characters, no "
                      "<>\"{}|\\^`[], '%' only in %XX escapes, at most one '#'")
        self.ref(value, ("Source",), "source", section, i, "source")

    def check_relation(self, rel: Relation, i: int) -> Relation:
        s = "relations"
        subject = self.ref(rel.subject, ACTOR_TYPES, "actor", s, i, "subject")
        obj = self.ref(rel.object, ACTOR_TYPES, "actor", s, i, "object")
        if rel.relation in ("leads", "speaks-for") and subject.type != "Person":
            self.fail(IntegrityError, f"only a Person {rel.relation} another actor, not the "
                      f"{subject.type}", s, i, field="subject", id=rel.subject,
                      expected=_EXPECTED["person"])
        if rel.relation in ("leads", "member-of") and obj.type == "Person":
            self.fail(IntegrityError, f"an actor {rel.relation} a group, not the Person", s, i,
                      field="object", id=rel.object, expected=_EXPECTED["group"])
        if rel.about is not None:
            self.ref(rel.about, POSITION_TYPES + ACTOR_TYPES, "target", s, i, "about")
        self.check_source(rel.source, s, i)
        return rel

    def check_stance(self, st: Stance, i: int, batch_ids: set[str | None]) -> Stance:
        s = "stances"
        holder = self.ref(st.holder, ACTOR_TYPES, "actor", s, i, "holder")
        self.ref(st.target, POSITION_TYPES + ACTOR_TYPES, "target", s, i, "target")
        if st.target == st.holder:
            self.fail(IntegrityError, "an actor cannot hold a stance on itself:", s, i,
                      field="target", id=st.target)
        if st.speaker is not None:
            self.ref(st.speaker, ("Person",), "person", s, i, "speaker")
        self.check_source(st.source, s, i)
        for condition in st.conditions:
            if is_id(condition):
                self.ref(condition, POSITION_TYPES, "position", s, i, "conditions")
        if st.except_:
            if holder.type != "Bloc":
                self.fail(IntegrityError, f"'except' applies to a Bloc holder, not the "
                          f"{holder.type}", s, i, field="except", id=st.holder,
                          expected=_EXPECTED["bloc"])
            members = self.member_closure(st.holder)
            for excluded in st.except_:
                if excluded not in members:
                    self.fail(UnknownIdError, f"not a member of bloc {st.holder!r}:", s, i,
                              field="except", id=excluded,
                              expected=f"a member of {st.holder!r}",
                              suggestion=closest(excluded, sorted(members)))
        if st.superseded_by is not None:
            if st.superseded_by not in self.state.stance_ids and st.superseded_by not in batch_ids:
                self.fail(UnknownIdError, "unknown stance", s, i, field="superseded_by",
                          id=st.superseded_by, expected=_EXPECTED["stance"],
                          suggestion=closest(st.superseded_by,
                                             [*self.state.stance_ids, *filter(None, batch_ids)]))
        return st

    def check_successors(self, stances: list[tuple[int, Stance]]) -> None:
        """``superseded_by`` chains: no cycle, and each successor a stance of the same holder,
        not dated before the stance it replaces.

        A stance the graph holds names no stance of this batch (they did not exist when it was
        added), so a cycle lies within the batch.
        """
        s = "stances"
        by_id = {st.id: (i, st) for i, st in stances}
        done: set[str] = set()
        for _, st in stances:
            path: dict[str, int] = {}  # id -> place on the path followed from st
            current: Stance | None = st
            while current is not None and current.id not in done:
                assert current.id is not None
                if current.id in path:
                    cycle = [*list(path)[path[current.id]:], current.id]
                    first = min(cycle[:-1], key=lambda id: by_id[id][0])
                    k = cycle.index(first)
                    cycle = [*cycle[k:-1], *cycle[:k], first]  # from its first record on
                    self.fail(IntegrityError, f"superseded_by forms a cycle "
                              f"{' -> '.join(cycle)} at", s, by_id[first][0],
                              field="superseded_by", id=first,
                              expected="a chain of stances, each replaced by a later one")
                path[current.id] = len(path)
                nxt = current.superseded_by
                current = by_id[nxt][1] if nxt is not None and nxt in by_id else None
            done.update(path)
        for i, st in stances:
            if st.superseded_by is None:
                continue
            found = by_id.get(st.superseded_by)
            successor = found[1] if found is not None else (
                self.state.stance(st.superseded_by) if self.state.stance is not None else None)
            if successor is None:
                continue
            if successor.holder != st.holder:
                self.fail(IntegrityError, f"superseded by a stance of {successor.holder!r}, "
                          f"not of the holder {st.holder!r}:", s, i, field="superseded_by",
                          id=st.superseded_by, expected=f"a later stance of {st.holder!r}")
            if st.date is not None and successor.date is not None and successor.date < st.date:
                self.fail(IntegrityError, f"superseded by a stance dated {successor.date}, "
                          f"before this one ({st.date}):", s, i, field="superseded_by",
                          id=st.superseded_by, expected="a stance dated on or after this one")

    def member_closure(self, bloc: str) -> set[str]:
        """All members of ``bloc``, through nested blocs and member-of relations."""
        found: set[str] = set()
        stack = [bloc]
        while stack:
            current = stack.pop()
            node = self.node(current)
            direct = list(vars(node).get("members", ()))
            direct += [r.subject for r in self.state.member_relations.get(current, ())]
            direct += self.new_member_of.get(current, ())
            for member in direct:
                if member not in found:
                    found.add(member)
                    stack.append(member)
        return found


def _article(what: str) -> str:
    return f"an {what}" if what[0] in "aeiou" else f"a {what}"
