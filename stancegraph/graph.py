"""StanceGraph: the typed container of a debate's actors, positions, sources, relations and stances.

The graph holds data and keeps it consistent; the questions asked of it are plain functions in
:mod:`stancegraph.queries`. Stances are stored column-wise (see :mod:`._stance_table`) so that a
graph can grow to a million of them; :attr:`StanceGraph.nx` builds a networkx view on demand.

>>> from stancegraph import PolicyOption, StanceGraph, State
>>> g = StanceGraph()
>>> g.add(State(id="germany", name="Germany"))
>>> g.add(PolicyOption(id="ceasefire", name="Cease-fire"))
>>> g.add_stance(holder="germany", relation="supports", target="ceasefire").id
'germany.supports.ceasefire'
>>> g
<StanceGraph: 1 actor, 1 position, 0 sources, 0 relations, 1 stance>
>>> g.add_stance(holder="germany", relation="supports", target="cease-fire")
Traceback (most recent call last):
...
stancegraph.errors.UnknownIdError: stance, field 'target': unknown target 'cease-fire' (expected the id of a position or an actor; did you mean 'ceasefire'?)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from operator import attrgetter
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Literal, NamedTuple, cast, overload

import numpy as np
import numpy.typing as npt
from pydantic import BaseModel, ValidationError

from ._checks import Batch, GraphState, check_batch
from ._presenters import present
from ._stance_rows import OPTIONAL_COLUMNS, Coded, StanceRows, check_rows
from ._stance_table import StanceColumns, StanceRecord, StanceTable
from .errors import (
    ArgumentError,
    DuplicateIdError,
    InvalidRecordError,
    StanceGraphError,
    UnknownIdError,
    check_choice,
    closest,
)
from .model import ACTOR_TYPES, POSITION_TYPES, Node, Relation, Source, Stance

if TYPE_CHECKING:  # networkx is imported when a networkx view is asked for
    from networkx import MultiDiGraph

__all__ = ["Coded", "RefusedRow", "StanceGraph", "StanceRows", "pydantic_error"]

OnError = Literal["fail", "skip"]


class RefusedRow(NamedTuple):
    """A row :meth:`StanceGraph.add_stance_rows` refused: its index and what is wrong."""

    row: int
    error: StanceGraphError


def _labeller(labels: Sequence[str] | Callable[[int], str] | None) -> Callable[[int], str]:
    if labels is None:
        return lambda i: f"stances[{i}]"
    if callable(labels):
        return labels
    return labels.__getitem__


class StanceGraph:
    """A debate as a typed graph: who supports, opposes or doubts what, and on whose word.

    Nodes (actors, positions, sources) and edges (relations, stances) are frozen pydantic
    models. Every id is unique in the graph, across nodes, relations and stances. Adding a
    record whose references are unknown, whose id is taken or whose values have the wrong type
    raises a :class:`~stancegraph.errors.StanceGraphError` and leaves the graph unchanged.
    """

    def __init__(self) -> None:
        self._nodes: dict[str, Node] = {}
        self._codes: dict[str, int] = {}
        self._code_ids: list[str] = []
        self._relations: dict[str, Relation] = {}
        self._member_relations: dict[str, list[Relation]] = {}
        self._table = StanceTable()
        self._version = 0
        self._nx_cache: tuple[int, MultiDiGraph[str]] | None = None

    # -- adding ------------------------------------------------------------------------------
    def add(self, node: Node) -> None:
        """Add one actor, position or source."""
        section = {"Source": "sources", **{t: "actors" for t in ACTOR_TYPES},
                   **{t: "positions" for t in POSITION_TYPES}}.get(getattr(node, "type", ""))
        if section is None:
            raise InvalidRecordError(
                f"cannot add a {type(node).__name__} as a node",
                expected="an actor, position or source model",
            )
        self._add({section: [node]}, single=True)

    def add_stance(self, stance: Stance | None = None, /, **fields: Any) -> Stance:
        """Add a stance, given as a model or as its fields; return it with its id set."""
        stance = stance if stance is not None else _build(Stance, fields, "stance")
        return self._add({"stances": [stance]}, single=True).stances[0]

    def add_relation(self, relation: Relation | None = None, /, **fields: Any) -> Relation:
        """Add a relation between actors, given as a model or its fields; return it with its id."""
        relation = relation if relation is not None else _build(Relation, fields, "relation")
        return self._add({"relations": [relation]}, single=True).relations[0]

    def add_all(
        self,
        *,
        sources: Iterable[Source] = (),
        actors: Iterable[Node] = (),
        positions: Iterable[Node] = (),
        relations: Iterable[Relation] = (),
        stances: Iterable[Stance] = (),
        labels: Callable[[str, int], str] | None = None,
    ) -> None:
        """Add many records at once: all of them, or none if any is wrong.

        Records may refer to each other in any order. Errors name the record as
        ``section[index]`` (``"stances[3]"``), the way a data file is laid out, or as
        ``labels(section, index)`` says (a reader's own name for it: a line, an IRI).
        """
        sections: dict[str, list[Any]] = {
            "sources": list(sources),
            "actors": list(actors),
            "positions": list(positions),
            "relations": list(relations),
            "stances": list(stances),
        }
        self._add(sections, single=False, labels=labels)

    def add_stance_rows(self, rows: StanceRows, *,
                        labels: Sequence[str] | Callable[[int], str] | None = None,
                        on_error: OnError = "fail") -> list[RefusedRow]:
        """Add many stances given as columns (:class:`~stancegraph.StanceRows`): the bulk
        door every reader uses, a million stances in seconds.

        Each row is checked under the same rules as :meth:`add_all`: rows of the common shape
        column by column, the others (with fields in ``rows.extra``, or that the columns
        cannot prove valid) as :class:`~stancegraph.Stance` models. The stances keep the
        rows' order. Every bad row is found, not just the first; its error names it as
        ``labels[i]`` or ``labels(i)`` (the reader's own name for it: ``"row 12 (line
        13)"``, an IRI, a DNA statement id), by default ``stances[i]``.

        ``on_error="fail"``: if any row is bad, nothing is added and the first bad row's
        error is raised, the others in its ``others``. ``on_error="skip"``: the good rows are
        added and the bad ones returned, in row order, as :class:`RefusedRow` pairs (a
        stance naming a refused one as its successor is refused too).

        >>> from stancegraph import PolicyOption, StanceRows, State
        >>> g = StanceGraph()
        >>> g.add_all(actors=[State(id="france", name="France")],
        ...           positions=[PolicyOption(id="talks", name="Talks")])
        >>> rows = StanceRows.empty()
        >>> rows.append("s1", "france", "supports", "talks")
        >>> rows.append("s2", "frnace", "opposes", "talks")
        >>> rows.append("s3", "france", "doubts", "talks")
        >>> g.add_stance_rows(rows, labels=["line 2", "line 3", "line 4"])
        Traceback (most recent call last):
        ...
        stancegraph.errors.UnknownIdError: line 3, field 'holder': unknown actor 'frnace' (expected the id of an actor (Person, State, Organization or Bloc); did you mean 'france'?)
          and 1 more:
          line 4, field 'relation': invalid value 'doubts': Input should be 'supports', 'opposes' or 'skeptical-of'
        >>> len(g.stances)
        0
        >>> [refused.row for refused in g.add_stance_rows(rows, on_error="skip")]
        [1, 2]
        >>> [stance.id for stance in g.stances]
        ['s1']
        """
        check_choice(on_error, ("fail", "skip"), "on_error", field="on_error")
        if labels is not None and not callable(labels) and len(labels) != len(rows):
            raise ArgumentError(f"{len(labels)} labels for {len(rows)} rows", field="labels",
                                expected="one label per row")
        label = _labeller(labels)
        start = len(self._table)
        try:
            refused = self._add_rows(rows, label, start)
            if refused and on_error == "fail":
                first = refused[0].error
                raise first.with_others(r.error for r in refused[1:])
        except BaseException:
            self._table.truncate(start)
            raise
        if len(self._table) > start:
            self._version += 1
        return refused

    def _add_rows(self, rows: StanceRows, label: Callable[[int], str], start: int
                  ) -> list[RefusedRow]:
        """Add the rows the columns prove valid, then check the rest as models and add those
        that pass; return the refused ones (the caller undoes everything on failure)."""
        checked = check_rows(rows, nodes=self._nodes, codes=self._codes,
                             taken=self._table.row_of, relations=self._relations)
        if len(checked.accepted):
            every = len(checked.accepted) == len(rows)
            ids = rows.ids_of(None if every else checked.accepted)
            self._table.extend(
                cast(Sequence[str], ids), checked.holder, checked.target, checked.relation,
                checked.date, checked.confidence,
                {name: rows.values_of(name, None if every else checked.accepted)
                 for name in ("source", "speaker", "quote", "attribution", *OPTIONAL_COLUMNS)
                 if rows.has(name)})
        refused: list[RefusedRow] = []
        models: list[tuple[int, Stance]] = []
        invalid: set[Any] = set()  # the ids of rows the model refuses: taken all the same
        for i in checked.rejected:
            try:
                stance = Stance.model_validate(rows.fields_of(i))
            except ValidationError as err:
                refused.append(RefusedRow(i, pydantic_error(err, Stance, record=label(i))))
                invalid.add(rows.id[i])
                continue
            if stance.id is not None and stance.id in invalid:
                refused.append(RefusedRow(i, DuplicateIdError(
                    "duplicate id", record=label(i), field="id", id=stance.id)))
                continue
            models.append((i, stance))
        if not models:  # (the stance ids are not looked at: a reader's made ids stay unspelt)
            return refused
        found: list[tuple[int, StanceGraphError]] = []
        state = GraphState(self._nodes, self._relations, self._table.row_of,
                           self._member_relations, self.stance)
        batch = check_batch(state, {"stances": [stance for _, stance in models]},
                            lambda section, k: label(models[k][0]), found)
        for stance in batch.stances:
            self._table.append(stance, self._codes[stance.holder], self._codes[stance.target])
        refused_models = {k for k, _ in found}
        models_kept = [i for k, (i, _) in enumerate(models) if k not in refused_models]
        if models_kept and len(checked.accepted) and checked.accepted[-1] > models_kept[0]:
            rows_added = np.concatenate([checked.accepted, np.asarray(models_kept, np.intp)])
            self._table.reorder_from(start, np.argsort(rows_added, kind="stable"))  # rows' order
        refused.extend(RefusedRow(models[k][0], err) for k, err in found)
        return sorted(refused, key=lambda r: r.row)

    def _add(self, sections: Mapping[str, Sequence[Any]], *, single: bool,
             labels: Callable[[str, int], str] | None = None) -> Batch:
        state = GraphState(self._nodes, self._relations, self._table.row_of,
                           self._member_relations, self.stance)
        where = labels or ((lambda section, i: section[:-1]) if single else
                           (lambda s, i: f"{s}[{i}]"))
        batch = check_batch(state, sections, where)
        # Everything is checked: from here on nothing can fail.
        ids = list(map(attrgetter("id"), batch.nodes))
        self._nodes.update(zip(ids, batch.nodes, strict=True))
        coded = [id for id, node in zip(ids, batch.nodes, strict=True) if node.type != "Source"]
        first = len(self._code_ids)
        self._codes.update(zip(coded, range(first, first + len(coded)), strict=True))
        self._code_ids.extend(coded)
        for relation in batch.relations:
            assert relation.id is not None
            self._relations[relation.id] = relation
            if relation.relation == "member-of":
                self._member_relations.setdefault(relation.object, []).append(relation)
        for stance in batch.stances:
            self._table.append(stance, self._codes[stance.holder], self._codes[stance.target])
        self._version += 1
        return batch

    def restricted(self, rows: Iterable[int] | npt.NDArray[np.int64], *,
                   relations: Iterable[Relation] | None = None,
                   clear_history: bool = False) -> StanceGraph:
        """A new graph with this graph's nodes, the stances in ``rows`` (row numbers of
        :meth:`stance_columns`, in that order) and ``relations`` (default: all of them).

        The filtered views (:func:`~stancegraph.queries.as_of`,
        :func:`~stancegraph.queries.between`) are made this way: the stances are copied
        column by column, never rebuilt as models or checked again (they come from this graph,
        so the checks they passed still hold). ``clear_history`` resets their ``retracted``,
        ``retracted_on`` and ``superseded_by``.

        >>> first = nato.restricted([0, 1], relations=[])
        >>> first.counts()["stances"], first.stances[1] == nato.stances[1]
        (2, True)
        """
        chosen = np.asarray(rows if isinstance(rows, np.ndarray) else list(rows), dtype=np.int64)
        if len(chosen) and (chosen.min() < 0 or chosen.max() >= len(self._table)):
            raise ArgumentError("no such stance row", id=str(int(
                chosen[(chosen < 0) | (chosen >= len(self._table))][0])),
                expected=f"a row from 0 to {len(self._table) - 1}")
        new = StanceGraph()
        new._nodes = dict(self._nodes)
        new._codes = dict(self._codes)
        new._code_ids = list(self._code_ids)
        for relation in self._relations.values() if relations is None else relations:
            assert relation.id is not None
            new._relations[relation.id] = relation
            if relation.relation == "member-of":
                new._member_relations.setdefault(relation.object, []).append(relation)
        new._table = self._table.select(chosen, clear_history=clear_history)
        return new

    def stance_rows(self, ids: Iterable[str | None]) -> npt.NDArray[np.int64]:
        """The row of each stance id (as in :meth:`stance_columns`), -1 for one the graph does
        not hold (or None).

        >>> nato.stance_rows([nato.stances[2].id, "no-such-stance"]).tolist()
        [2, -1]
        """
        row_of = self._table.row_of
        return np.array([-1 if i is None else row_of.get(i, -1) for i in ids], dtype=np.int64)

    # -- reading -----------------------------------------------------------------------------
    def node(self, id: str) -> Node:
        """Return the actor, position or source with this id."""
        try:
            return self._nodes[id]
        except KeyError:
            raise UnknownIdError("unknown node", id=id, suggestion=closest(id, self._nodes)) from None

    def stance(self, id: str) -> Stance:
        """Return the stance with this id."""
        row = self._table.row_of.get(id)
        if row is None:
            raise UnknownIdError("unknown stance", id=id,
                                 suggestion=closest(id, self._table.row_of)) from None
        return self._table.row(row, self._code_ids)

    def relation(self, id: str) -> Relation:
        """Return the relation with this id."""
        try:
            return self._relations[id]
        except KeyError:
            raise UnknownIdError("unknown relation", id=id,
                                 suggestion=closest(id, self._relations)) from None

    def __contains__(self, id: object) -> bool:
        return id in self._nodes or id in self._relations or id in self._table.row_of

    @property
    def actors(self) -> Mapping[str, Node]:
        """Actors by id, in the order they were added."""
        return MappingProxyType({i: n for i, n in self._nodes.items() if n.type in ACTOR_TYPES})

    @property
    def positions(self) -> Mapping[str, Node]:
        """Positions (agreements, policy options, claims) by id, in the order they were added."""
        return MappingProxyType(
            {i: n for i, n in self._nodes.items() if n.type in POSITION_TYPES}
        )

    @property
    def sources(self) -> Mapping[str, Source]:
        """Sources by id, in the order they were added."""
        return MappingProxyType({i: n for i, n in self._nodes.items() if isinstance(n, Source)})

    @property
    def nodes(self) -> Mapping[str, Node]:
        """Every node (actors, positions, sources) by id."""
        return MappingProxyType(self._nodes)

    @property
    def relations(self) -> Mapping[str, Relation]:
        """Relations by id, in the order they were added."""
        return MappingProxyType(self._relations)

    @property
    def stances(self) -> StanceView:
        """The stances, in the order they were added (a sequence built row by row)."""
        return StanceView(self)

    def stance_columns(self, *, copy: bool = True) -> StanceColumns:
        """The stances as numpy columns, for vectorised analysis of large graphs: a copy of
        each array, or with ``copy=False`` read-only views of the arrays the graph keeps (no
        copy of a million rows per call; writing to one raises ``ValueError``).

        >>> cols = nato.stance_columns()
        >>> len(cols) == len(nato.stances), cols.node_ids[cols.holder[0]]
        (True, 'joe-biden')
        >>> nato.stance_columns(copy=False).holder.flags.writeable
        False
        """
        return self._table.columns(self._code_ids, copy=copy)

    def stance_fields(self) -> dict[str, list[Any]]:
        """Every field of every stance as Python values: one list per field of
        :class:`~stancegraph.model.Stance` (``except_`` for ``except``), in the order the
        stances were added. The one decoder of the stance table, for code that reads every
        stance (tables, frames) without rebuilding a model per stance.

        >>> fields = nato.stance_fields()
        >>> fields["id"][0], fields["holder"][0], fields["relation"][0]
        ('joe-biden.supports.putin-cannot-remain-in-power', 'joe-biden', 'supports')
        >>> list(fields) == list(sg.Stance.model_fields)
        True
        """
        return self._table.fields(self._code_ids)

    def member_relations(self, group: str) -> tuple[Relation, ...]:
        """The ``member-of`` relations whose object is ``group``, in the order added."""
        return tuple(self._member_relations.get(group, ()))

    # -- comparing and showing ---------------------------------------------------------------
    def __eq__(self, other: object) -> bool:
        """Same nodes, relations and stances (by id); the order they were added in is not
        compared."""
        if not isinstance(other, StanceGraph):
            return NotImplemented
        return (
            self._nodes == other._nodes
            and self._relations == other._relations
            and len(self._table) == len(other._table)
            and {s.id: s for s in self.stances} == {s.id: s for s in other.stances}
        )

    __hash__ = None  # type: ignore[assignment]  # mutable container

    def counts(self) -> dict[str, int]:
        """Number of records of each kind: actors, positions, sources, relations, stances."""
        kinds = {"actors": 0, "positions": 0, "sources": 0}
        for node in self._nodes.values():
            kinds["sources" if node.type == "Source" else
                  "actors" if node.type in ACTOR_TYPES else "positions"] += 1
        return {**kinds, "relations": len(self._relations), "stances": len(self._table)}

    def __repr__(self) -> str:
        parts = []
        for kind, n in self.counts().items():
            parts.append(f"{n} {kind[:-1] if n == 1 else kind}")
        return f"<StanceGraph: {', '.join(parts)}>"

    # -- RDF (delegated to stancegraph.io.rdf, through stancegraph._presenters) -------------
    def to_rdf(self, *, base: str | None = None) -> Any:
        """The graph as an ``rdflib.Graph`` under the stancegraph ontology (docs/rdf.md).

        >>> len(nato.to_rdf()) > 1000
        True
        """
        return present("graph rdf")(self, **({} if base is None else {"base": base}))

    def sparql(self, query: str, *, base: str | None = None, allow_network: bool = False,
               timeout: float | None = 60.0, derived: bool = False) -> Any:
        """Run a SPARQL query over the graph's RDF, stopped after ``timeout`` seconds (None:
        no limit); with ``derived``, the rolled-up stances too; see :func:`stancegraph.sparql`.

        >>> nato.sparql("ASK { ?s ?p ?o }").boolean
        True
        """
        return present("graph sparql")(self, query, allow_network=allow_network, timeout=timeout,
                                       derived=derived,
                                       **({} if base is None else {"base": base}))

    # -- networkx ----------------------------------------------------------------------------
    @property
    def nx(self) -> MultiDiGraph[str]:
        """A read-only networkx view of the graph, rebuilt only after the graph changes.

        Nodes are actors and positions (sources stay in :attr:`sources`), with attributes
        ``type``, ``name`` and ``model``. Edges are keyed by id and carry ``kind``:
        ``"stance"`` (holder → target; also ``relation``, ``date``, ``model``),
        ``"relation"`` (subject → object; ``relation``, ``date``, ``model``), ``"broader"``
        (position → its broader position) and ``"member"`` (bloc member → bloc).
        """
        if self._nx_cache is None or self._nx_cache[0] != self._version:
            from networkx import freeze

            self._nx_cache = (self._version, freeze(self.to_networkx()))
        return self._nx_cache[1]

    def to_networkx(self) -> MultiDiGraph[str]:
        """Return a new, mutable networkx ``MultiDiGraph`` of the graph (see :attr:`nx`)."""
        from networkx import MultiDiGraph

        graph: MultiDiGraph[str] = MultiDiGraph()
        for id, node in self._nodes.items():
            if node.type != "Source":
                graph.add_node(id, type=node.type, name=getattr(node, "name", id), model=node)
        for id, node in self._nodes.items():
            broader = getattr(node, "broader", None)
            if broader is not None:
                graph.add_edge(id, broader, key=f"{id}.broader.{broader}", kind="broader")
            for member in getattr(node, "members", ()):
                graph.add_edge(member, id, key=f"{id}.member.{member}", kind="member")
        for id, rel in self._relations.items():
            graph.add_edge(rel.subject, rel.object, key=id, kind="relation",
                           relation=rel.relation, date=rel.date, model=rel)
        for stance in self.stances:
            graph.add_edge(stance.holder, stance.target, key=stance.id, kind="stance",
                           relation=stance.relation, date=stance.date, model=stance)
        return graph

    # -- notebooks (stancegraph.frames and stancegraph.notebook, through _presenters) --------
    def to_frame(self, kind: str = "stances") -> Any:
        """A table of the graph as a pandas DataFrame: ``"stances"`` (with provenance),
        ``"actors"``, ``"positions"``, ``"targets"``, ``"relations"`` or ``"sources"`` (see
        :mod:`stancegraph.frames`; needs ``pip install 'stancegraph[pandas]'``).

        >>> nato.to_frame("actors").shape
        (34, 9)
        """
        return present("graph frame")(self, kind)

    def _repr_html_(self) -> str:
        """A summary for Jupyter: counts, the camps and what divides them (if quick to find)."""
        html: str = present("graph html")(self)
        return html


class StanceView(Sequence[Stance]):
    """The stances of a graph as a sequence; each item is rebuilt from the columns on access."""

    def __init__(self, graph: StanceGraph) -> None:
        self._graph = graph

    def __len__(self) -> int:
        return len(self._graph._table)

    @overload
    def __getitem__(self, index: int) -> Stance: ...
    @overload
    def __getitem__(self, index: slice) -> list[Stance]: ...
    def __getitem__(self, index: int | slice) -> Stance | list[Stance]:
        table, ids = self._graph._table, self._graph._code_ids
        if isinstance(index, slice):
            return [table.row(i, ids) for i in range(len(table))[index]]
        return table.row(range(len(table))[index], ids)

    def __iter__(self) -> Iterator[Stance]:
        return self._graph._table.rows(self._graph._code_ids)

    def take(self, positions: Sequence[int]) -> list[Stance]:
        """The stances at these positions, their ids spelt out in one pass: on a large graph
        whose ids a data file left to be made (``holder.relation.target``), quicker than
        indexing one by one, which numbers every stance the first time.

        >>> g = sg.load(NATO_YAML)
        >>> [s.id for s in g.stances.take([1, 0])] == [g.stances[1].id, g.stances[0].id]
        True
        """
        table, ids = self._graph._table, self._graph._code_ids
        n = len(table)
        rows = [range(n)[p] for p in positions]
        return [table.row(i, ids, id) for i, id in zip(rows, table.ids_at(rows), strict=True)]

    def records(self, *, by_id: bool = False) -> Iterator[StanceRecord]:
        """The stances as light named tuples with a Stance's attributes, in the order they
        were added or sorted by id: for code that reads every stance of a large graph once.

        >>> g = sg.load(NATO_YAML)
        >>> first = next(g.stances.records(by_id=True))
        >>> first == tuple(getattr(g.stance(first.id), name) for name in first._fields)
        True
        """
        table = self._graph._table
        order = sorted(range(len(table)), key=table.ids.__getitem__) if by_id else None
        return table.records(self._graph._code_ids, order)

    def __repr__(self) -> str:
        return f"<{len(self)} stances>"


def _build(cls: type[Any], fields: dict[str, Any], what: str) -> Any:
    try:
        return cls.model_validate(fields)
    except ValidationError as err:
        raise pydantic_error(err, cls, record=what) from err


def pydantic_error(
    err: ValidationError, model: type[BaseModel] | None = None, **where: Any
) -> InvalidRecordError:
    """Translate pydantic's first validation error into an :class:`InvalidRecordError`.

    ``model``, when given, lets an unknown field name suggest the closest known one.
    """
    errors = err.errors(include_url=False)
    # An unknown field is often a misspelt known one: say that before "missing field".
    first = next((e for e in errors if e["type"] == "extra_forbidden"), errors[0])
    loc = [str(part) for part in first["loc"]]
    # Union members show up in the location ("Person", "State"); keep the field path only.
    loc = [part for part in loc if not part[:1].isupper()] or loc
    value = first.get("input")
    shown = _short_repr(value) if isinstance(value, (str, int, float, bool)) or value is None \
        else None
    if first["type"] == "missing":
        return InvalidRecordError("missing required field", field=".".join(loc) or None, **where)
    if first["type"] == "extra_forbidden":
        known = [f.alias or name for name, f in model.model_fields.items()] if model else []
        return InvalidRecordError("unknown field", field=loc[-1], suggestion=closest(loc[-1], known),
                                  expected=f"one of: {', '.join(known)}" if known else None,
                                  **where)
    message = first["msg"].removeprefix("Value error, ")
    text = f"invalid value {shown}: {message}" if shown is not None else message
    return InvalidRecordError(text, field=".".join(loc) or None, **where)


def _short_repr(value: object, limit: int = 80) -> str:
    """``repr(value)``, cut to about ``limit`` characters: a message names a value, it does not
    reprint a 10 MB quote.

    >>> _short_repr("ab" * 100, limit=12)
    "'abababababab…' (200 characters)"
    """
    if isinstance(value, str) and len(value) > limit:
        text = repr(value[:limit])
        return f"{text[:-1]}…{text[-1]} ({len(value):,} characters)"
    text = repr(value)
    return text if len(text) <= limit else text[:limit] + "…"
