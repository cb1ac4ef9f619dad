"""A statement table's rows as a StanceGraph: cells checked, names made ids, nodes typed.

The steps, each collecting every bad row rather than stopping at the first (docs/tables.md):

1. each cell is parsed for its field (:mod:`._table_values`), once per distinct value;
2. holders, targets and speakers become node ids: a lookup table's id when the text is an id,
   name or alias it lists, else the text itself when it is an id, else its slug -- two texts
   that would share an id are refused (the later one in the table); sources likewise, except
   that an http(s) URL stays a URL;
3. each node gets its type (lookup table, else a type column, else Person for a speaker, else
   the default holder or target type) and its name (lookup, name column, the text, the id);
4. a row repeating an earlier statement (same holder, relation, target, date, source,
   speaker and quote) or an earlier row's id is refused; rows without an id get
   ``holder.relation.target`` (``.2``, ``.3``, ... when taken), as a data file's stances do;
5. the nodes are added, then the rows: most through the graph's bulk path, the rest (those
   with conditions, notes, retractions, ...) as :class:`~stancegraph.Stance` models.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from pydantic import ValidationError

from .._stance_rows import StanceRows, collector_paused
from ..errors import ParseError, RowProblem, StanceGraphError, closest
from ..graph import StanceGraph, pydantic_error
from ..model import (
    ACTOR_TYPES,
    POSITION_TYPES,
    Agreement,
    Bloc,
    Claim,
    Node,
    Organization,
    Person,
    PolicyOption,
    Source,
    Stance,
    State,
    is_id,
    is_url,
)
from ._slugs import slugify
from ._table_files import Table
from ._table_mapping import FIELDS, REQUIRED, Lookup, TableMapping, canonical_type
from ._table_values import (
    Bad,
    parse_attribution,
    parse_column,
    parse_confidence,
    parse_date,
    parse_flag,
    parse_id,
    parse_ids,
    parse_text,
    parse_texts,
    parse_value,
)

__all__ = ["Converted", "statements_from_table"]

_PARSERS: dict[str, Callable[..., Any]] = {
    "id": parse_id, "holder": parse_text, "relation": parse_value, "target": parse_text,
    "date": parse_date, "source": parse_text, "speaker": parse_text, "quote": parse_text,
    "attribution": parse_attribution, "confidence": parse_confidence, "intensity": parse_text,
    "conditions": parse_texts, "except": parse_ids, "retracted": parse_flag,
    "retracted_on": parse_date, "superseded_by": parse_id, "note": parse_text,
    "holder_type": parse_text, "holder_name": parse_text, "target_type": parse_text,
    "target_name": parse_text, "speaker_name": parse_text, "source_title": parse_text,
}
#: Fields the graph's bulk path does not take: rows with any go through the Stance model.
_MODEL_ONLY = ("intensity", "conditions", "except", "retracted", "retracted_on",
               "superseded_by", "note")
_NODE_ROLES = ("holder", "target", "speaker")
_MODELS: dict[str, type[Any]] = {"Person": Person, "State": State, "Organization": Organization,
                                 "Bloc": Bloc, "Agreement": Agreement,
                                 "PolicyOption": PolicyOption, "Claim": Claim}
_EXPECTED_NAME = {
    "holder": "the id or name of the actor holding the stance",
    "target": "the id or name of the position or actor the stance is about",
    "speaker": "the id or name of the person who voiced it",
    "source": "a source's id or title, or an http(s) URL",
}
_RECORD = re.compile(r"^stances\[(\d+)\]$")
_SECTION_RECORD = re.compile(r"^(sources|actors|positions)\[(\d+)\]$")


@dataclass
class Converted:
    """A table read into a graph: the graph, the problems of the rows it left out, and what
    was made along the way."""

    graph: StanceGraph
    rows: int
    problems: list[RowProblem] = field(default_factory=list)
    ignored_columns: tuple[str, ...] = ()

    @property
    def bad_rows(self) -> int:
        return len({p.row for p in self.problems})


def statements_from_table(table: Table, mapping: TableMapping, lookup: Lookup) -> Converted:
    """Read the table's rows into a new graph, collecting every bad row's problems."""
    with collector_paused():
        return _Rows(table, mapping, lookup).convert()


@dataclass
class _Node:
    """What the table says about one node: how it was named, its roles, type and name."""

    id: str
    text: str  # the text that named it first
    roles: set[str] = field(default_factory=set)
    type: str | None = None
    type_from: tuple[str, str] | None = None  # (role, column) a type column gave it in
    name: str | None = None
    name_from: tuple[str, str] | None = None


class _Rows:
    def __init__(self, table: Table, mapping: TableMapping, lookup: Lookup) -> None:
        self.table = table
        self.mapping = mapping
        self.lookup = lookup
        self.n = table.rows
        self.bad = np.zeros(self.n, dtype=bool)
        self.problems: list[RowProblem] = list(table.problems)
        for p in table.problems:
            self.bad[p.row - 1] = True
        self.columns = self.find_columns()
        self.values: dict[str, list[Any]] = {}

    # -- problems --------------------------------------------------------------------------
    def problem(self, i: int, field: str | None, message: str, value: Any = None,
                expected: str | None = None, suggestion: str | None = None) -> None:
        self.bad[i] = True
        self.problems.append(RowProblem(
            i + 1, message, line=self.table.line_of(i),
            field=None if field is None else self.columns.get(field, field),
            value=None if value is None else _shown(value), expected=expected,
            suggestion=suggestion))

    # -- 0: columns ------------------------------------------------------------------------
    def find_columns(self) -> dict[str, str]:
        table, file = self.table, self.table.file
        by_fold = {name.casefold(): name for name in table.columns}
        found: dict[str, str] = {}
        for f in FIELDS:
            wanted = self.mapping.columns.get(f)
            if wanted is None:
                name = f if f in table.columns else by_fold.get(f)
            else:
                name = wanted if wanted in table.columns else by_fold.get(wanted.casefold())
                if name is None:
                    raise ParseError(f"the table has no column {wanted!r} for the {f}",
                                     file=file, line=self.header_line(),
                                     expected=f"one of its columns: {', '.join(table.columns)}",
                                     suggestion=closest(wanted, table.columns))
            if name is not None:
                found[f] = name
        if self.n or table.columns:
            for f in REQUIRED:
                if f not in found:
                    raise ParseError(
                        f"the table has no {f} column", file=file, line=self.header_line(),
                        expected=f"a column named {f!r}, or columns={{{f!r}: 'its name'}} "
                                 f"(its columns: {', '.join(table.columns)})",
                        suggestion=closest(f, table.columns))
        return found

    def header_line(self) -> int | None:
        return 1 if self.table.lines() is not None and self.table.columns else None

    def ignored(self) -> tuple[str, ...]:
        used = set(self.columns.values())
        return tuple(c for c in self.table.columns if c not in used)

    # -- 1: cells --------------------------------------------------------------------------
    def parse_cells(self) -> None:
        missing = self.mapping.missing
        unreadable = {p.row - 1 for p in self.table.problems}
        refused: dict[str, set[int]] = {}
        for f in FIELDS:
            column = self.columns.get(f)
            if column is None:
                continue
            parse = _PARSERS[f]
            cells = self.table.cells[column]
            parsed, bad = parse_column(cells, parse, missing)
            self.values[f] = parsed
            if bad:
                rows = refused[f] = set()
                for i, value in enumerate(parsed):
                    if type(value) is Bad:
                        self.problem(i, f, value.message, cells[i], value.expected,
                                     value.suggestion)
                        parsed[i] = None
                        rows.add(i)
        for f in REQUIRED:
            for i in _nones(self.values[f]):
                if i not in unreadable and i not in refused.get(f, ()):
                    self.problem(i, f, f"no {f}", expected=_EXPECTED_NAME.get(
                        f, "supports, opposes or skeptical-of"))
        self.parse_relations()
        self.parse_types()

    def parse_relations(self) -> None:
        cells = self.values["relation"]
        relation = self.mapping.relation
        relations = parse_column(cells, lambda v, _: relation(v) if v is not None else None)[0]
        self.values["relation"] = relations
        if None not in relations:
            return
        known = self.mapping.relation_values()
        unknown: dict[Any, Bad] = {}
        for i, (value, cell) in enumerate(zip(relations, cells, strict=True)):
            if value is None and cell is not None:
                if cell not in unknown:
                    hint = "" if self.mapping.relations else (
                        " -- map other values with relations={...}, e.g. {1: 'supports', "
                        "0: 'opposes'}")
                    unknown[cell] = Bad("unknown relation value", f"one of: {', '.join(known)}"
                                        f"{hint}", closest(str(cell).casefold(), known))
                b = unknown[cell]
                self.problem(i, "relation", b.message, cell, b.expected, b.suggestion)

    def parse_types(self) -> None:
        everything = ACTOR_TYPES + POSITION_TYPES
        for role in ("holder", "target"):
            values = self.values.get(f"{role}_type")
            if values is None:
                continue
            allowed = ACTOR_TYPES if role == "holder" else everything
            types = {text: canonical_type(text, allowed) for text in set(values) if text}
            if None in types.values():
                for i, text in enumerate(values):
                    if text is not None and types[text] is None:
                        self.problem(i, f"{role}_type", f"not a type a {role} can have:", text,
                                     " or ".join(allowed), closest(text, allowed))
            self.values[f"{role}_type"] = [types.get(text) if text else None for text in values]

    # -- 2: names to ids -------------------------------------------------------------------
    def resolve_nodes(self) -> dict[str, _Node]:
        """Give each holder, target and speaker text its node id; return the nodes."""
        claims: dict[str, list[str]] = {}  # id -> the texts that would make it
        ids_of: dict[str, str] = {}
        for role in _NODE_ROLES:
            for text in dict.fromkeys(self.values.get(role, ())):
                if text is None or text in ids_of:
                    continue
                found = self.lookup.find(text)
                if found is not None:
                    ids_of[text] = found
                    continue
                id = ids_of[text] = text if is_id(text) else slugify(text)
                if id:
                    claims.setdefault(id, []).append(text)
        refused = self.refuse_clashes(claims, set(self.lookup.nodes),
                                      "a node of the lookup tables (under another name)")
        failures: dict[str, tuple[str, str | None]] = {
            text: (message, None) for text, message in refused.items()}
        failures.update({text: ("cannot make an id from the name", "a name with latin letters "
                                "or digits, or a lookup table giving its id")
                         for text, id in ids_of.items() if not id})
        nodes: dict[str, _Node] = {}
        for text, id in ids_of.items():
            if text not in failures and id not in nodes:
                nodes[id] = _Node(id, text)
        for role in _NODE_ROLES:
            if role in self.values:
                for id in self.map_column(role, ids_of, failures, _clash_fix(role)):
                    nodes[id].roles.add(role)
        return nodes

    def map_column(self, f: str, ids_of: dict[str, str], failures: dict[str, tuple[str, Any]],
                   expected: str) -> set[str]:
        """Replace the texts of column ``f`` by their ids (a problem where a text failed);
        return the distinct ids."""
        values = self.values[f]
        if failures:
            for i, text in enumerate(values):
                if text in failures:
                    message, hint = failures[text]
                    self.problem(i, f, message, text, hint or expected)
        lookup: dict[Any, Any] = {text: None if text in failures else ids_of.get(text, text)
                                  for text in set(values)}
        self.values[f] = [lookup[text] for text in values]
        return {id for id in lookup.values() if id is not None}

    def refuse_clashes(self, claims: dict[str, list[str]], taken: set[str],
                       taken_by: str) -> dict[str, str]:
        """The texts refused because an earlier text, or ``taken_by``, has their id."""
        refused: dict[str, str] = {}
        for id, texts in claims.items():
            if id in taken:
                for text in texts:
                    refused[text] = f"the text makes the id {id!r}, which {taken_by} has:"
                continue
            if len(texts) > 1:
                texts = sorted(texts, key=self.first_row)
                for text in texts[1:]:
                    refused[text] = (f"{texts[0]!r} (row {self.first_row(texts[0]) + 1}) and "
                                     f"this name both make the id {id!r}:")
        return refused

    def first_row(self, text: str) -> int:
        rows = [values.index(text) for role in (*_NODE_ROLES, "source")
                if text in (values := self.values.get(role) or [])]
        return min(rows) if rows else self.n

    def resolve_sources(self, nodes: dict[str, _Node]) -> dict[str, _Node]:
        """Give each source text that is not a URL its source id; return the sources."""
        if "source" not in self.values:
            return {}
        ids_of: dict[str, str] = {}
        claims: dict[str, list[str]] = {}
        failures: dict[str, tuple[str, Any]] = {}
        for text in dict.fromkeys(self.values["source"]):
            if text is None or is_url(text):
                continue
            if text.lower().startswith(("http://", "https://")):
                failures[text] = ("not a valid URL:", "an http(s) URL that is a valid IRI: no "
                                  "spaces or <>\"{}|\\^`[], '%' only in %XX escapes, at most "
                                  "one '#'")
                continue
            id = ids_of[text] = text if is_id(text) else slugify(text)
            if id:
                claims.setdefault(id, []).append(text)
            else:
                failures[text] = ("cannot make an id from the source", "a title with latin "
                                  "letters or digits, or a URL")
        refused = self.refuse_clashes(claims, set(nodes) | set(self.lookup.nodes),
                                      "an actor or a target")
        failures.update({text: (message, "a source title that is not also an actor's or "
                                "target's name") for text, message in refused.items()})
        sources: dict[str, _Node] = {}
        for text, id in ids_of.items():
            if text not in failures and id not in sources:
                sources[id] = _Node(id, text, {"source"})
        self.map_column("source", ids_of, failures, "")
        return sources

    # -- 3: types and names ----------------------------------------------------------------
    def type_nodes(self, nodes: dict[str, _Node]) -> None:
        for role in ("holder", "target"):
            self.gather(nodes, role, f"{role}_type", "type")
        for role in _NODE_ROLES:
            self.gather(nodes, role, f"{role}_name", "name")
        for node in nodes.values():
            known = self.lookup.nodes.get(node.id)
            if known is not None:
                node.type = known.type
            elif node.type is None:
                node.type = ("Person" if "speaker" in node.roles else
                             self.mapping.default_type("holder") if "holder" in node.roles
                             else self.mapping.default_type("target"))
        for role, allowed, what in (("holder", ACTOR_TYPES, "an actor"),
                                    ("speaker", ("Person",), "a Person")):
            values = self.values.get(role)
            if values is None:
                continue
            wrong = {id for id, node in nodes.items()
                     if role in node.roles and node.type not in allowed}
            if wrong:
                for i, id in enumerate(values):
                    if id in wrong:
                        self.problem(i, role, f"the {role} is {_article(nodes[id].type)}:", id,
                                     f"{what}{self.type_origin(nodes[id])}")
        self.check_self_stances()

    def gather(self, nodes: dict[str, _Node], role: str, column: str, kind: str) -> None:
        """Take each node's type or name from a column; refuse rows that contradict it."""
        given = self.values.get(column)
        ids = self.values.get(role)
        if given is None or ids is None:
            return
        contradicted = False
        for id, value in dict.fromkeys(zip(ids, given, strict=True)):  # in row order
            node = nodes.get(id) if value is not None else None
            if node is None:  # no value, or a source that is a URL (it has no title)
                continue
            current = self.fixed(node, kind) or getattr(node, kind)
            if current is None:
                setattr(node, kind, value)
                setattr(node, f"{kind}_from", (role, column))
            elif current != value:
                contradicted = True
        if not contradicted:
            return
        for i, (id, value) in enumerate(zip(ids, given, strict=True)):
            node = nodes.get(id) if value is not None else None
            fixed = self.fixed(node, kind) if node is not None else None
            current = fixed or getattr(node, kind, None)
            if node is not None and current != value:
                where = "the lookup table" if fixed is not None else (
                    f"row {self.row_giving(node, kind) + 1}")
                self.problem(i, column, f"{id!r} has the {kind} {current!r} in {where}, "
                             f"and here", value, f"one {kind} per id")

    def fixed(self, node: _Node, kind: str) -> Any:
        """The type or name the lookup tables give the node, if they list it."""
        known = self.lookup.nodes.get(node.id)
        return None if known is None else getattr(known, kind)

    def row_giving(self, node: _Node, kind: str) -> int:
        """The first row whose type or name column gave the node its type or name."""
        role, column = getattr(node, f"{kind}_from")
        value = getattr(node, kind)
        pairs = zip(self.values[role], self.values[column], strict=True)
        return next(i for i, pair in enumerate(pairs) if pair == (node.id, value))

    def type_origin(self, node: _Node) -> str:
        if node.id in self.lookup.nodes:
            return f" (the lookup table makes {node.id!r} {_article(node.type)})"
        if node.type_from is not None:
            row = self.row_giving(node, "type") + 1
            return f" (row {row} makes {node.id!r} {_article(node.type)})"
        return f" ({node.id!r} is also a speaker, so a Person)" if "speaker" in node.roles \
            else ""

    def check_self_stances(self) -> None:
        holders, targets = self.values["holder"], self.values["target"]
        for i, (h, t) in enumerate(zip(holders, targets, strict=True)):
            if h is not None and h == t:
                self.problem(i, "target", "an actor cannot hold a stance on itself:", t,
                             "a target other than the holder")

    def title_sources(self, sources: dict[str, _Node]) -> None:
        self.gather(sources, "source", "source_title", "name")

    # -- 4: repeats and ids ----------------------------------------------------------------
    def refuse_repeats(self) -> None:
        v = self.values
        n = self.n
        none = [None] * n
        keys = list(zip(v["holder"], v["relation"], v["target"], v.get("date", none),
                        v.get("source", none), v.get("speaker", none), v.get("quote", none),
                        strict=True))
        bad = self.bad
        if len(set(keys)) == n:  # no statement repeats (the common case): nothing to name
            keys = []
        first: dict[tuple[Any, ...], int] = {}
        for i, key in enumerate(keys):
            if bad[i]:
                continue
            earlier = first.setdefault(key, i)
            if earlier != i:
                self.problem(i, None, f"the same statement as row {earlier + 1} (holder, "
                             "relation, target, date, source, speaker and quote)",
                             expected="each statement once")
        ids = v.get("id")
        if ids is None:
            return
        seen: dict[str, int] = {}
        for i, id in enumerate(ids):
            if id is None or bad[i]:
                continue
            earlier = seen.setdefault(id, i)
            if earlier != i:
                self.problem(i, "id", f"the id of row {earlier + 1} too:", id,
                             "a different id for every row")

    def assign_ids(self, taken: set[str]) -> list[str | None]:
        given = self.values.get("id")
        good = ~self.bad
        reserved = set(taken)
        if given is None:
            out: list[str | None] = [None] * self.n
            rows = np.flatnonzero(good).tolist()
        else:
            out = list(given)
            for i, id in enumerate(given):
                if id is not None and good[i] and id in taken:
                    self.problem(i, "id", "the id of a node too:", id,
                                 "a stance id no node has")
            reserved |= {id for i, id in enumerate(given) if id is not None and good[i]}
            rows = [i for i in np.flatnonzero(good).tolist() if out[i] is None]
        holders, relations, targets = (self.values[f] for f in REQUIRED)
        if len(rows) == self.n:
            bases = [f"{h}.{r}.{t}" for h, r, t in zip(holders, relations, targets, strict=True)]
        else:
            bases = [f"{holders[i]}.{relations[i]}.{targets[i]}" for i in rows]
        if len(set(bases)) == len(bases) and reserved.isdisjoint(bases):  # the common case
            if len(rows) == self.n:
                return list(bases)
            for i, base in zip(rows, bases, strict=True):
                out[i] = base
            return out
        count: dict[str, int] = {}
        for i, base in zip(rows, bases, strict=True):
            n = count.get(base, 1)
            candidate = base if n == 1 else f"{base}.{n}"
            while candidate in reserved:
                n += 1
                candidate = f"{base}.{n}"
            count[base] = n + 1
            reserved.add(candidate)
            out[i] = candidate
        return out

    # -- 5: the graph ----------------------------------------------------------------------
    def convert(self) -> Converted:
        g = StanceGraph()
        if not self.n:
            self.add_nodes(g, {}, {})
            return Converted(g, 0, self.problems, self.ignored())
        self.parse_cells()
        nodes = self.resolve_nodes()
        sources = self.resolve_sources(nodes)
        self.type_nodes(nodes)
        self.title_sources(sources)
        self.add_conditions(nodes)
        self.refuse_repeats()
        ids = self.assign_ids(set(nodes) | set(sources) | set(self.lookup.nodes))
        used = self.used_ids()
        self.add_nodes(g, {id: n for id, n in nodes.items() if id in used},
                       {id: s for id, s in sources.items() if id in used})
        self.add_stances(g, ids)
        position = {name: k for k, name in enumerate(self.table.columns)}
        self.problems.sort(key=lambda p: (p.row, position.get(p.field or "", len(position))))
        return Converted(g, self.n, self.problems, self.ignored())

    def add_conditions(self, nodes: dict[str, _Node]) -> None:
        """Conditions shaped like ids name positions: listed ones, or new PolicyOptions."""
        values = self.values.get("conditions")
        if values is None:
            return
        default = self.mapping.default_type("target")
        kind = default if default in POSITION_TYPES else "PolicyOption"
        for i, conditions in enumerate(values):
            for condition in conditions or ():
                if not is_id(condition):
                    continue
                node = nodes.get(condition)
                known = self.lookup.nodes.get(condition)
                type = known.type if known is not None else node.type if node else None
                if type is None:
                    nodes[condition] = _Node(condition, condition, {"condition"}, kind)
                elif type not in POSITION_TYPES:
                    self.problem(i, "conditions", "a condition names a node that is not a "
                                 "position:", condition, "the id of a position, or free text")

    def used_ids(self) -> set[str]:
        good = np.flatnonzero(~self.bad).tolist()
        every = len(good) == self.n
        used: set[str | None] = set()
        for f in ("holder", "target", "speaker", "source"):
            values = self.values.get(f)
            if values is not None:
                used.update(values if every else (values[i] for i in good))
        conditions = self.values.get("conditions")
        if conditions is not None:
            for i in good:
                used.update(conditions[i] or ())
        return {id for id in used if id is not None}

    def add_nodes(self, g: StanceGraph, nodes: dict[str, _Node],
                  sources: dict[str, _Node]) -> None:
        made: list[Node] = list(self.lookup.nodes.values())
        for node in nodes.values():
            if node.id in self.lookup.nodes:
                continue
            name = node.name or (node.text if node.text != node.id else node.id)
            assert node.type is not None
            made.append(_MODELS[node.type](id=node.id, name=name))
        for source in sources.values():
            title = source.name or source.text
            made.append(Source(id=source.id, title=title))
        sections: dict[str, list[Any]] = {
                    "sources": [m for m in made if m.type == "Source"],
                    "actors": [m for m in made if m.type in ACTOR_TYPES],
                    "positions": [m for m in made if m.type in POSITION_TYPES]}
        try:
            g.add_all(**sections)
        except StanceGraphError as err:  # a lookup table's node (the others are plain)
            match = _SECTION_RECORD.match(err.record or "")
            culprit = sections[match[1]][int(match[2])] if match else None
            where = {name: getattr(err, name) for name in ("field", "id", "expected",
                                                            "suggestion")}
            raise type(err)(err.message, record=f"node {culprit.id!r} of the lookup tables"
                            if culprit is not None else err.record, **where) from err

    def add_stances(self, g: StanceGraph, ids: list[str | None]) -> None:
        v = self.values
        good = ~self.bad
        model_only = np.zeros(self.n, dtype=bool)
        for f in _MODEL_ONLY:
            values = v.get(f)
            if values is not None:  # retracted: only a true one (false is the default)
                given = (x is True for x in values) if f == "retracted" else (
                    x is not None for x in values)
                model_only |= np.fromiter(given, dtype=bool, count=self.n)
        bulk = np.flatnonzero(good & ~model_only).tolist()
        none = [None] * self.n

        def column(f: str) -> list[Any]:
            values = v.get(f, none)
            return values if len(bulk) == self.n else [values[i] for i in bulk]

        rows = StanceRows([ids[i] for i in bulk],  # type: ignore[misc]
                          column("holder"), column("relation"), column("target"),
                          column("date"), column("confidence"), column("source"),
                          column("speaker"), column("quote"), column("attribution"))
        rejected = g._add_stance_rows(rows)
        rest = sorted([bulk[k] for k in rejected] + np.flatnonzero(good & model_only).tolist())
        models: list[tuple[int, Stance]] = []
        for i in rest:
            fields = {f: v[f][i] for f in v if f in _STANCE_FIELDS and v[f][i] is not None}
            fields["id"] = ids[i]
            try:
                models.append((i, Stance.model_validate(fields)))
            except ValidationError as err:
                e = pydantic_error(err, Stance)
                self.problem(i, e.field, e.message, e.id, e.expected, e.suggestion)
        while models:
            try:
                g.add_all(stances=[stance for _, stance in models])
                break
            except StanceGraphError as err:
                match = _RECORD.match(err.record or "")
                if match is None:
                    raise
                i, _ = models.pop(int(match[1]))
                self.problem(i, err.field, err.message, err.id, err.expected, err.suggestion)


_STANCE_FIELDS = frozenset(Stance.model_fields) | {"except"}


def _nones(values: list[Any]) -> list[int]:
    if None not in values:
        return []
    return [i for i, value in enumerate(values) if value is None]


def _shown(value: Any) -> str:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value if isinstance(value, str) else str(value)


def _article(type: str | None) -> str:
    return f"an {type}" if type and type[0] in "AEIOU" else f"a {type}"


def _clash_fix(role: str) -> str:
    return (f"one spelling per {role}, or a lookup table (actors=/targets=) whose name and "
            "aliases list both")
