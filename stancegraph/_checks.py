"""Integrity checks for a batch of records about to enter a graph.

The graph calls :func:`check_batch` with what it already holds and the new records; the
function returns the records to add (with ids assigned) or raises an error naming the record
and field. Every record is checked, and every problem of a record (an unknown holder and an
unknown target are two): the error raised is the first one found, carrying the others in its
``others`` (:meth:`~stancegraph.errors.StanceGraphError.with_others`), so one run lists
everything to fix. Nothing is changed until everything has been checked, so a failed add
leaves the graph as it was. Given a ``refused`` list, a bad stance's first error goes to the
list instead and the stance is left out of the batch, as is any stance that names it as its
successor.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from operator import attrgetter
from typing import Any, NoReturn, TypeVar

from pydantic import BaseModel

from .errors import (
    SHOWN_OTHERS,
    DuplicateIdError,
    IntegrityError,
    InvalidRecordError,
    StanceGraphError,
    UnknownIdError,
    closest,
)
from .model import (
    ACTOR_TYPES,
    POSITION_TYPES,
    Agreement,
    Bloc,
    Claim,
    Node,
    Organization,
    Person,
    PolicyOption,
    Relation,
    Source,
    Stance,
    State,
    is_id,
    is_url,
    url_problem,
)

__all__ = ["Batch", "GraphState", "check_batch"]

Where = Callable[[str, int], str]
_T = TypeVar("_T")

#: How many different unknown ids an add looks for a close match to (each costs a pass over
#: the graph's ids): as many as an error's message shows (itself and its shown others).
SUGGESTIONS = SHOWN_OTHERS + 1


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
_TARGET_TYPES = frozenset(POSITION_TYPES + ACTOR_TYPES)
#: The fields by which a node names other nodes, of each kind of node (_LINKS: of any).
_LINK_FIELDS: dict[type, tuple[str, ...]] = {
    Person: (), State: (), Organization: (), Bloc: ("members",),
    Agreement: ("broader", "parties"), PolicyOption: ("broader",), Claim: ("broader",),
    Source: ("reported_in",)}
_LINKS = ("members", "parties", "broader", "reported_in")
#: The order records claim their ids in.
_CLAIMED = ("sources", "actors", "positions", "relations", "stances")
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
    refused: list[tuple[int, StanceGraphError]] | None = None,
) -> Batch:
    """Check new records against each other and the graph; return them ready to commit.

    Without ``refused``, every error is found and the first raised, with the others in its
    ``others``. With it, each bad stance's (index, first error) is appended to it and the
    stance left out; the errors of nodes and relations are still raised.
    """
    return _Checker(state, where, refused).run(sections)


class _Refused(Exception):
    """A stance was refused (its error is in the checker's ``refused`` list)."""

    def __init__(self, i: int) -> None:
        super().__init__(i)
        self.i = i


class _Checker:
    def __init__(self, state: GraphState, where: Where,
                 refused: list[tuple[int, StanceGraphError]] | None = None) -> None:
        self.state = state
        self.where = where
        self.refused = refused
        self.suggested: dict[tuple[str, tuple[str, ...]], str | None] = {}
        self.candidates: dict[tuple[tuple[str, ...], int], list[str]] = {}
        self.new_nodes: dict[str, Node] = {}
        self.new_ids: set[str] = set()
        self.new_member_of: dict[str, list[str]] = {}
        self.sections: Mapping[str, Sequence[Any]] = {}
        self.first_places: dict[str, tuple[str, int]] | None = None  # see ``first_place``
        self.found: list[StanceGraphError] = []  # the errors to raise, in the order found
        self.pending = False  # the record being checked has an error (see ``also``)
        self.cycles: set[frozenset[str]] = set()  # the cycles reported (each once)

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

    def ids_of(self, kinds: tuple[str, ...]) -> list[str]:
        key = (kinds, len(self.new_nodes))
        found = self.candidates.get(key)
        if found is None:
            wanted = set(kinds)
            found = [i for i, n in self.state.nodes.items() if n.type in wanted]
            found += [i for i, n in self.new_nodes.items() if n.type in wanted]
            self.candidates[key] = found
        return found

    def suggest(self, id: str, kinds: tuple[str, ...], candidates: Callable[[], list[str]]
                ) -> str | None:
        """The closest of ``candidates()`` to ``id``, once per (id, kinds), and for the first
        :data:`SUGGESTIONS` only: a file with a hundred thousand unknown ids is reported in
        seconds, with a suggestion where one is read."""
        key = (id, kinds)
        if key not in self.suggested:
            if len(self.suggested) >= SUGGESTIONS:
                return None
            self.suggested[key] = closest(id, candidates())
        return self.suggested[key]

    # -- errors -------------------------------------------------------------------------------
    def fail(self, cls: type, message: str, section: str, i: int, **fields: Any) -> NoReturn:
        """Refuse record ``i`` of ``section``: note the error, stop checking the record."""
        err = cls(message, record=self.where(section, i), **fields)
        if self.refused is not None and section == "stances":
            self.refused.append((i, err))
        else:
            self.found.append(err)
        raise _Refused(i)

    def also(self, check: Callable[..., _T], *args: Any, **kwargs: Any) -> _T | None:
        """``check(*args, **kwargs)``; if it refuses the record, None, and the record's other
        checks go on
        (its refusal comes at the end, in ``each`` or ``checked``), so that every problem of a
        record is reported. Collecting refused stances (``refused``), a stance's first
        problem is enough, and the refusal comes at once."""
        if self.refused is not None:
            return check(*args, **kwargs)
        try:
            return check(*args, **kwargs)
        except _Refused:
            self.pending = True
            return None

    def checked(self, check: Callable[..., Any], *args: Any, **kwargs: Any) -> bool:
        """Run the checks of one record, ``check(*args, **kwargs)``; whether it passed all."""
        self.pending = False
        try:
            check(*args, **kwargs)
        except _Refused:
            self.pending = False
            return False
        passed = not self.pending
        self.pending = False
        return passed

    def each(self, items: list[tuple[int, Any]], check: Callable[[int, Any], Any]
             ) -> list[tuple[int, Any]]:
        """``check`` each (index, record); those it refuses are left out of the result."""
        kept = []
        for i, item in items:  # ``checked``, inlined: this runs for every stance
            self.pending = False
            try:
                check(i, item)
            except _Refused:
                continue
            if not self.pending:
                kept.append((i, item))
        self.pending = False
        return kept

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
                suggestion=self.suggest(id, kinds, lambda: self.ids_of(kinds)),
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
        self.sections = sections
        linked: list[tuple[str, int, Node]] = []  # the nodes of batch.nodes naming others
        for section in ("sources", "actors", "positions"):
            self.claim_nodes(section, sections.get(section, ()), batch.nodes, linked)
        relations = self.each(list(enumerate(sections.get("relations", ()))),
                              lambda i, relation: self.claim_edge(relation, Relation,
                                                                  "relations", i))
        stances = self.each(list(enumerate(sections.get("stances", ()))),
                            lambda i, stance: self.claim_edge(stance, Stance, "stances", i))
        for section, i, node in linked:
            self.checked(self.check_node, node, section, i)
        self.check_cycles(linked)
        named_relations = [(i, self.with_id(r)) for i, r in relations]
        named_stances = [(i, self.with_id(s)) for i, s in stances]
        stance_ids = {s.id for _, s in named_stances}
        batch.relations.extend(relation for _, relation in self.each(
            named_relations, lambda i, relation: self.check_relation(relation, i)))
        named_stances = self.each(named_stances,
                                  lambda i, stance: self.check_stance(stance, i, stance_ids))
        named_stances = self.check_successors(named_stances)
        batch.stances.extend(stance for _, stance in named_stances)
        if self.found:
            raise self.found[0].with_others(self.found[1:])
        return batch

    def claim_nodes(self, section: str, records: Sequence[Any], claimed: list[Node],
                    linked: list[tuple[str, int, Node]]) -> None:
        """Claim the ids of a section's nodes: each that has a free one goes to ``claimed``,
        and (section, index, node) of those naming other nodes (members, parties, a broader
        position, a source reporting it) to ``linked``, whose links are checked after."""
        if self.claim_all(section, records, claimed, linked):
            return
        for i, node in enumerate(records):
            if self.checked(self.claim_node, node, section, i):
                claimed.append(node)
                if _names_others(node):
                    linked.append((section, i, node))

    def claim_all(self, section: str, records: Sequence[Any], claimed: list[Node],
                  linked: list[tuple[str, int, Node]]) -> bool:
        """:meth:`claim_nodes` at once, when every node is of the section's kinds and every
        id is free and named once (a reader's fifty thousand actors); False otherwise."""
        kinds = _SECTION_TYPES[section]
        classes = set(map(type, records))
        if not classes <= _LINK_FIELDS.keys() \
                or not set(map(attrgetter("type"), records)) <= set(kinds):
            return False
        ids = list(map(attrgetter("id"), records))
        free = set(ids)
        taken = (self.new_ids, self.state.nodes.keys(), self.state.relations.keys(),
                 self.state.stance_ids.keys())
        if len(free) < len(ids) or not all(ids_taken.isdisjoint(free) for ids_taken in taken):
            return False
        self.new_ids.update(free)
        self.new_nodes.update(zip(ids, records, strict=True))
        claimed.extend(records)
        if len(classes) == 1:  # each link field of the class at once
            rows = sorted({i for name in _LINK_FIELDS[classes.pop()]
                           for i, value in enumerate(map(attrgetter(name), records)) if value})
        else:
            rows = [i for i, node in enumerate(records) if _names_others(node)]
        linked.extend((section, i, records[i]) for i in rows)
        return True

    def claim_node(self, node: Any, section: str, i: int) -> None:
        kinds = _SECTION_TYPES[section]
        a_node = isinstance(node, BaseModel) and getattr(node, "type", None) in kinds
        if not a_node:
            self.fail(
                InvalidRecordError,
                f"{section} holds {type(node).__name__}",
                section,
                i,
                expected=f"a model of type {' or '.join(kinds)}",
            )
        if self.taken(node.id):
            self.duplicate(node.id, section, i)
        self.new_ids.add(node.id)
        self.new_nodes[node.id] = node

    def claim_edge(self, edge: Any, cls: type[Any], section: str, i: int) -> None:
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
                self.duplicate(edge.id, section, i)
            self.new_ids.add(edge.id)
        if isinstance(edge, Relation) and edge.relation == "member-of":
            self.new_member_of.setdefault(edge.object, []).append(edge.subject)

    def duplicate(self, id: str, section: str, i: int) -> NoReturn:
        """Refuse a record whose id is taken, naming the record that took it first."""
        if id not in self.new_ids:
            self.fail(DuplicateIdError, "duplicate id", section, i, field="id", id=id,
                      expected="an id the graph does not hold yet")
        first = self.first_place(id)
        self.fail(DuplicateIdError, "duplicate id", section, i, field="id", id=id,
                  first=None if first is None else self.where(*first))

    def first_place(self, id: str) -> tuple[str, int] | None:
        """The (section, index) of the first record of the batch with the explicit ``id``:
        the one that claimed it (records are claimed in the order of ``_CLAIMED``). Found
        when a duplicate is, in one pass over the batch, so that a batch without one costs
        nothing for it."""
        if self.first_places is None:
            self.first_places = {}
            for section in _CLAIMED:
                for k, record in enumerate(self.sections.get(section, ())):
                    rid = getattr(record, "id", None)
                    if isinstance(rid, str):
                        self.first_places.setdefault(rid, (section, k))
        return self.first_places.get(id)

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
                if member == node.id:
                    self.also(self.fail, IntegrityError, "a bloc cannot be its own member",
                              section, i, field="members", id=member)
                else:
                    self.also(self.ref, member, ACTOR_TYPES, "actor", section, i, "members")
        if isinstance(node, Agreement):
            for party in node.parties:
                self.also(self.ref, party, ACTOR_TYPES, "actor", section, i, "parties")
        broader = vars(node).get("broader")
        if broader is not None:
            self.also(self.ref, broader, POSITION_TYPES, "position", section, i, "broader")
        if isinstance(node, Source) and node.reported_in is not None:
            self.also(self.ref, node.reported_in, ("Source",), "source", section, i,
                      "reported_in")

    def check_cycles(self, nodes: list[tuple[str, int, Node]]) -> None:
        links: list[tuple[str, str, Callable[[Node], list[str]]]] = [
            # vars(): a missing field costs pydantic an exception per node with getattr
            ("positions", "broader", lambda n: [b] if (b := vars(n).get("broader")) else []),
            ("sources", "reported_in",
             lambda n: [r] if (r := vars(n).get("reported_in")) else []),
            ("actors", "members", lambda n: list(vars(n).get("members", ()))),
        ]
        for section, fieldname, follow in links:
            for in_section, i, node in nodes:
                if in_section != section:
                    continue
                path = self.find_cycle(node.id, follow)
                if path and frozenset(path) not in self.cycles:  # each cycle once
                    self.cycles.add(frozenset(path))
                    self.checked(self.fail, IntegrityError,
                                 f"{fieldname} forms a cycle {' -> '.join(path)} at", section,
                                 i, field=fieldname, id=node.id)

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
        also = self.also
        subject = also(self.ref, rel.subject, ACTOR_TYPES, "actor", s, i, "subject")
        obj = also(self.ref, rel.object, ACTOR_TYPES, "actor", s, i, "object")
        if subject is not None and rel.relation in ("leads", "speaks-for") \
                and subject.type != "Person":
            also(self.fail, IntegrityError, f"only a Person {rel.relation} another actor, not "
                 f"the {subject.type}", s, i, field="subject", id=rel.subject,
                 expected=_EXPECTED["person"])
        if obj is not None and rel.relation in ("leads", "member-of") and obj.type == "Person":
            also(self.fail, IntegrityError, f"an actor {rel.relation} a group, not the Person",
                 s, i, field="object", id=rel.object, expected=_EXPECTED["group"])
        if rel.about is not None:
            also(self.ref, rel.about, POSITION_TYPES + ACTOR_TYPES, "target", s, i, "about")
        also(self.check_source, rel.source, s, i)
        return rel

    def check_stance(self, st: Stance, i: int, batch_ids: set[str | None]) -> Stance:
        s = "stances"
        also = self.also
        # the usual case first, without ``also`` (this runs for every stance)
        holder = self.node(st.holder)
        if holder is None or holder.type not in ACTOR_TYPES:
            holder = also(self.ref, st.holder, ACTOR_TYPES, "actor", s, i, "holder")
        target = self.node(st.target)
        if target is None or target.type not in _TARGET_TYPES:
            target = also(self.ref, st.target, POSITION_TYPES + ACTOR_TYPES, "target", s, i,
                          "target")
        if st.target == st.holder and target is not None:
            also(self.fail, IntegrityError, "an actor cannot hold a stance on itself:", s, i,
                 field="target", id=st.target)
        if st.speaker is not None:
            speaker = self.node(st.speaker)
            if speaker is None or speaker.type != "Person":
                also(self.ref, st.speaker, ("Person",), "person", s, i, "speaker")
        if st.source is not None:
            also(self.check_source, st.source, s, i)
        for condition in st.conditions:
            if is_id(condition):
                also(self.ref, condition, POSITION_TYPES, "position", s, i, "conditions")
        if holder is not None and st.except_:  # (an unknown holder's members are unknown)
            also(self.check_except, st, holder, i)
        successor = st.superseded_by
        if successor is not None and successor not in self.state.stance_ids \
                and successor not in batch_ids:
            self.fail(UnknownIdError, "unknown stance", s, i, field="superseded_by",
                      id=successor, expected=_EXPECTED["stance"],
                      suggestion=self.suggest(successor, ("stance",), lambda: [
                          *self.state.stance_ids, *filter(None, batch_ids)]))
        return st

    def check_except(self, st: Stance, holder: Node, i: int) -> None:
        """A stance's ``except``: a bloc holder, and members of it."""
        s = "stances"
        if holder.type != "Bloc":
            self.fail(IntegrityError, f"'except' applies to a Bloc holder, not the "
                      f"{holder.type}", s, i, field="except", id=st.holder,
                      expected=_EXPECTED["bloc"])
        members = self.member_closure(st.holder)
        for excluded in st.except_:
            if excluded not in members:
                self.also(self.fail, UnknownIdError, f"not a member of bloc {st.holder!r}:",
                          s, i, field="except", id=excluded,
                          expected=f"a member of {st.holder!r}",
                          suggestion=self.suggest(excluded, ("member", st.holder),
                                                  lambda: sorted(members)))

    def check_successors(self, stances: list[tuple[int, Stance]]) -> list[tuple[int, Stance]]:
        """``superseded_by`` chains: no cycle, and each successor a stance of the same holder,
        not dated before the stance it replaces. Returns the stances that pass (all of them,
        unless refused ones are collected).

        A stance the graph holds names no stance of this batch (they did not exist when it was
        added), so a cycle lies within the batch.
        """
        while True:
            try:
                self.check_chains(stances)
                break
            except _Refused as refused:  # leave out the stance the cycle was reported at
                stances = [(i, st) for i, st in stances if i != refused.i]
        by_id: dict[str | None, Stance] = {st.id: st for _, st in stances}
        stances = self.each(stances, lambda i, st: self.check_successor(st, i, by_id))
        while self.refused:  # a stance whose successor was refused cannot stand either
            kept = self.each(stances, partial(self.check_successor_kept,
                                              kept={st.id for _, st in stances}))
            if len(kept) == len(stances):
                break
            stances = kept
        return stances

    def check_chains(self, stances: list[tuple[int, Stance]]) -> None:
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

    def check_successor(self, st: Stance, i: int, by_id: Mapping[str | None, Stance]) -> None:
        if st.superseded_by is None:
            return
        s = "stances"
        successor = by_id.get(st.superseded_by)
        if successor is None and self.state.stance is not None \
                and st.superseded_by in self.state.stance_ids:
            successor = self.state.stance(st.superseded_by)
        if successor is None:
            return
        if successor.holder != st.holder:
            self.fail(IntegrityError, f"superseded by a stance of {successor.holder!r}, "
                      f"not of the holder {st.holder!r}:", s, i, field="superseded_by",
                      id=st.superseded_by, expected=f"a later stance of {st.holder!r}")
        if st.date is not None and successor.date is not None and successor.date < st.date:
            self.fail(IntegrityError, f"superseded by a stance dated {successor.date}, "
                      f"before this one ({st.date}):", s, i, field="superseded_by",
                      id=st.superseded_by, expected="a stance dated on or after this one")

    def check_successor_kept(self, i: int, st: Stance, kept: set[str | None]) -> None:
        """A successor in this batch must itself be kept (refused ones are being collected)."""
        if st.superseded_by is None or st.superseded_by in kept \
                or st.superseded_by in self.state.stance_ids:
            return
        self.fail(IntegrityError, "superseded by a stance that is refused:", "stances", i,
                  field="superseded_by", id=st.superseded_by,
                  expected="a valid stance of the same holder")

    def member_closure(self, bloc: str) -> set[str]:
        """All members of ``bloc``, through nested blocs and member-of relations."""
        found: set[str] = set()
        stack = [bloc]
        while stack:
            current = stack.pop()
            node = self.node(current)
            if node is None:  # an unknown member, reported where it is named
                continue
            direct = list(vars(node).get("members", ()))
            direct += [r.subject for r in self.state.member_relations.get(current, ())]
            direct += self.new_member_of.get(current, ())
            for member in direct:
                if member not in found:
                    found.add(member)
                    stack.append(member)
        return found


def _names_others(node: Node) -> bool:
    """Whether the node names other nodes (members, parties, a broader position, a source
    reporting it)."""
    fields = vars(node)  # (a missing field costs pydantic an exception with getattr)
    return any(fields.get(name) for name in _LINK_FIELDS.get(type(node), _LINKS))


def _article(what: str) -> str:
    return f"an {what}" if what[0] in "aeiou" else f"a {what}"
