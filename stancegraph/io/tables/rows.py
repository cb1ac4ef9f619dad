"""A statement table's rows as a StanceGraph: cells checked, names made ids, nodes typed.

The steps, each collecting every bad row rather than stopping at the first (docs/tables.md):

Columns are kept coded (:class:`~stancegraph._stance_rows.Coded`): each step works once per
distinct value and then on the rows' codes with numpy, so a million rows naming fifty thousand
actors cost fifty thousand checks.

1. each cell is parsed for its field (:mod:`.values`), once per distinct value;
2. holders, targets and speakers become node ids: a lookup table's id when the text is an id,
   name or alias it lists, else the text itself when it is an id, else its slug -- two texts
   that would share an id are refused (the later one in the table); sources likewise, except
   that an http(s) URL stays a URL;
3. each node gets its type (lookup table, else a type column, else Person for a speaker, else
   the default holder or target type) and its name (lookup, name column, the text, the id);
4. a row repeating an earlier row's id is refused (a row repeating an earlier statement is a
   statement of its own: repeated statements are data); a number in the id column that is
   also a node's id becomes ``statement-N``; rows without an id get
   ``holder.relation.target`` (``.2``, ``.3``, ... when taken), as a data file's stances do
   (kept as codes, :class:`~stancegraph._stance_rows.MadeIds`, where the codes give the same
   ids: the graph spells them out when one is read);
5. the nodes are added, then the rows through the graph's bulk door
   (:meth:`~stancegraph.StanceGraph.add_stance_rows`): most column by column, the rest (those
   with conditions, notes, retractions, ...) as :class:`~stancegraph.Stance` models; the rows
   it refuses become bad rows.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt
from pydantic import ValidationError

from ..._stance_rows import Coded, MadeIds, StanceRows, collector_paused
from ...errors import InvalidRecordError, ParseError, RowProblem, closest
from ...graph import StanceGraph, pydantic_error
from ...model import (
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
    State,
    all_ids,
    is_id,
    is_url,
    plain_nodes,
    url_problem,
)
from .._scale import AgreementScale
from .._slugs import slugify
from .files import Table
from .mapping import FIELDS, REQUIRED, Lookup, TableMapping, canonical_type
from .values import (
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
    "strength": parse_confidence,
    "holder_type": parse_text, "holder_name": parse_text, "target_type": parse_text,
    "target_name": parse_text, "speaker_name": parse_text, "source_title": parse_text,
}
#: Fields beyond the bulk door's columns: rows with any go through the Stance model.
_MODEL_ONLY = ("conditions", "except", "retracted", "retracted_on", "superseded_by", "note")
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


@dataclass(slots=True)
class _Node:
    """What the table says about one node: how it was named, its roles, type and name."""

    id: str
    text: str  # the text that named it first
    roles: frozenset[str]
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
        self.values: dict[str, Coded] = {}

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
        unreadable = np.zeros(self.n, dtype=bool)
        unreadable[[p.row - 1 for p in self.table.problems]] = True
        refused: dict[str, npt.NDArray[np.bool_]] = {}
        for f in FIELDS:
            column = self.columns.get(f)
            if column is None:
                continue
            cells = self.table.cells[column]
            parsed, bad = parse_column(cells.values, _PARSERS[f], missing)
            if bad:
                wrong = [type(value) is Bad for value in parsed]
                for i in cells.rows_with(wrong):
                    value = parsed[cells.codes[i]]
                    self.problem(i, f, value.message, cells[i], value.expected,
                                 value.suggestion)
                refused[f] = cells.where(wrong)
                parsed = [None if type(value) is Bad else value for value in parsed]
            # parsing leaves most columns as they are (same values, same types: 1 is not
            # True): then they are coded already
            same = parsed == cells.values and list(map(type, parsed)) == list(
                map(type, cells.values))
            self.values[f] = cells if same else Coded.canonical(parsed, cells.codes)
        for f in REQUIRED:
            absent = (self.values[f].codes < 0) & ~unreadable
            if f in refused:
                absent &= ~refused[f]
            for i in np.flatnonzero(absent).tolist():
                self.problem(i, f, f"no {f}", expected=_EXPECTED_NAME.get(
                    f, "supports, opposes or skeptical-of"))
        self.parse_relations()
        self.parse_types()

    def parse_relations(self) -> None:
        if self.mapping.scale is not None:
            return self.parse_scale(self.mapping.scale)
        cells = self.values["relation"]
        relations = [self.mapping.relation(value) for value in cells.values]
        unknown = [relation is None for relation in relations]
        if any(unknown):
            known = self.mapping.relation_values()
            hint = "" if self.mapping.relations else (
                " -- map other values with relations={...}, e.g. {1: 'supports', 0: 'opposes'}")
            for i in cells.rows_with(unknown):
                cell = cells[i]
                self.problem(i, "relation", "unknown relation value", cell,
                             f"one of: {', '.join(known)}{hint}",
                             closest(str(cell).casefold(), known))
        self.values["relation"] = Coded.canonical(relations, cells.codes)

    def parse_scale(self, scale: AgreementScale) -> None:
        """The relation column as integers on ``scale``: the relation, and (where the row
        gives none) the strength and intensity, from each value."""
        cells = self.values["relation"]
        read: list[Any] = []
        for value in cells.values:
            number = _integer(value)
            if number is None or not scale.low <= number <= scale.high:
                read.append(Bad(f"not a value on {scale.describe()}",
                                f"an integer from {scale.low} to {scale.high}"))
                continue
            found = scale.stance(number)
            read.append(found if found is not None else Bad(
                f"at the middle of {scale.describe()} (neither supports nor opposes)",
                "a value above or below the middle"))
        for i in cells.rows_with([isinstance(r, Bad) for r in read]):
            bad = read[cells.codes[i]]
            self.problem(i, "relation", bad.message, cells[i], bad.expected)
        self.values["relation"] = Coded.canonical(
            [None if isinstance(r, Bad) else r[0] for r in read], cells.codes)
        for k, name in ((1, "strength"), (2, "intensity")):
            derived = Coded.canonical([None if isinstance(r, Bad) else r[k] for r in read],
                                      cells.codes)
            given = self.values.get(name)
            if given is None:
                self.values[name] = derived
            else:  # the row's own value first
                merged = [given[i] if given[i] is not None else derived[i]
                          for i in range(self.n)]
                self.values[name] = Coded.from_list(merged)
        return None

    def parse_types(self) -> None:
        everything = ACTOR_TYPES + POSITION_TYPES
        for role in ("holder", "target"):
            column = self.values.get(f"{role}_type")
            if column is None:
                continue
            allowed = ACTOR_TYPES if role == "holder" else everything
            types = [canonical_type(text, allowed) for text in column.values]
            for i in column.rows_with([t is None for t in types]):
                text = column[i]
                self.problem(i, f"{role}_type", f"not a type a {role} can have:", text,
                             " or ".join(allowed), closest(text, allowed))
            self.values[f"{role}_type"] = Coded.canonical(types, column.codes)

    # -- 2: names to ids -------------------------------------------------------------------
    def resolve_nodes(self) -> dict[str, _Node]:
        """Give each holder, target and speaker text its node id; return the nodes."""
        texts = list(dict.fromkeys(  # each text once, in the order of the roles, then rows
            text for role in _NODE_ROLES if role in self.values
            for text in self.values[role].in_row_order()))
        failures: dict[str, tuple[str, str | None]] = {}
        if not self.lookup.ids_of and all_ids(texts):  # each its own id: the usual case
            ids_of = dict(zip(texts, texts, strict=True))
        else:
            ids_of, failures = self.ids_of_texts(texts)
        roles = _roles({role: self.map_column(role, ids_of, failures, _clash_fix(role))
                        for role in _NODE_ROLES if role in self.values})
        if not failures and len(ids_of) == len(roles):  # each text its own node
            return {id: _Node(id, text, roles[id]) for text, id in ids_of.items()}
        nodes: dict[str, _Node] = {}
        for text, id in ids_of.items():
            if text not in failures and id not in nodes:
                nodes[id] = _Node(id, text, roles[id])
        return nodes

    def ids_of_texts(self, texts: list[str]
                     ) -> tuple[dict[str, str], dict[str, tuple[str, str | None]]]:
        """Each text's id (a lookup table's, the text itself, its slug), and the texts that
        cannot have one: (the problem, what was expected)."""
        claims: dict[str, list[str]] = {}  # id -> the texts that would make it
        ids_of: dict[str, str] = {}
        for text in texts:
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
        failures.update({text: ("cannot make an id from the name", "a name with letters "
                                "or digits, or a lookup table giving its id")
                         for text, id in ids_of.items() if not id})
        return ids_of, failures

    def map_column(self, f: str, ids_of: dict[str, str], failures: dict[str, tuple[str, Any]],
                   expected: str) -> set[str]:
        """Replace the texts of column ``f`` by their ids (a problem where a text failed);
        return the distinct ids."""
        column = self.values[f]
        if failures:
            for i in column.rows_with([text in failures for text in column.values]):
                message, hint = failures[column[i]]
                self.problem(i, f, message, column[i], hint or expected)
        ids = [None if text in failures else ids_of.get(text, text) for text in column.values]
        if ids != column.values:  # (each text its own id: the column as it is)
            column = self.values[f] = Coded.canonical(ids, column.codes)
        return set(column.values)

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
        rows = [row for role in (*_NODE_ROLES, "source") if role in self.values
                and (row := self.values[role].first_row(text)) is not None]
        return min(rows) if rows else self.n

    def resolve_sources(self, nodes: dict[str, _Node]) -> dict[str, _Node]:
        """Give each source text that is not a URL its source id; return the sources."""
        if "source" not in self.values:
            return {}
        ids_of: dict[str, str] = {}
        claims: dict[str, list[str]] = {}
        failures: dict[str, tuple[str, Any]] = {}
        for text in self.values["source"].in_row_order():
            if is_url(text):
                continue
            if text.lower().startswith(("http://", "https://")):
                failures[text] = (f"not a valid URL ({url_problem(text)}):", "an http(s) URL "
                                  "that is a valid IRI: no spaces, control, invisible or "
                                  "private-use characters or <>\"{}|\\^`[], '%' only in %XX "
                                  "escapes, at most one '#'")
                continue
            id = ids_of[text] = text if is_id(text) else slugify(text)
            if id:
                claims.setdefault(id, []).append(text)
            else:
                failures[text] = ("cannot make an id from the source", "a title with "
                                  "letters or digits, or a URL")
        refused = self.refuse_clashes(claims, set(nodes) | set(self.lookup.nodes),
                                      "an actor or a target")
        failures.update({text: (message, "a source title that is not also an actor's or "
                                "target's name") for text, message in refused.items()})
        sources: dict[str, _Node] = {}
        for text, id in ids_of.items():
            if text not in failures and id not in sources:
                sources[id] = _Node(id, text, frozenset({"source"}))
        self.map_column("source", ids_of, failures, "")
        return sources

    # -- 3: types and names ----------------------------------------------------------------
    def type_nodes(self, nodes: dict[str, _Node]) -> None:
        for role in ("holder", "target"):
            self.gather(nodes, role, f"{role}_type", "type")
        for role in _NODE_ROLES:
            self.gather(nodes, role, f"{role}_name", "name")
        listed = self.lookup.nodes
        default_of: dict[frozenset[str], str] = {}  # roles -> the type they give
        for node in nodes.values():
            known = listed.get(node.id) if listed else None
            if known is not None:
                node.type = known.type
            elif node.type is None:
                default = default_of.get(node.roles)
                if default is None:
                    default = default_of[node.roles] = (
                        "Person" if "speaker" in node.roles else
                        self.mapping.default_type("holder") if "holder" in node.roles
                        else self.mapping.default_type("target"))
                node.type = default
        for role, allowed, what in (("holder", ACTOR_TYPES, "an actor"),
                                    ("speaker", ("Person",), "a Person")):
            column = self.values.get(role)
            if column is None:
                continue
            wrong = [role in nodes[id].roles and nodes[id].type not in allowed
                     for id in column.values]
            for i in column.rows_with(wrong):
                id = column[i]
                self.problem(i, role, f"the {role} is {_article(nodes[id].type)}:", id,
                             f"{what}{self.type_origin(nodes[id])}")
        self.check_self_stances()

    def gather(self, nodes: dict[str, _Node], role: str, column: str, kind: str) -> None:
        """Take each node's type or name from a column; refuse rows that contradict it."""
        given = self.values.get(column)
        ids = self.values.get(role)
        if given is None or ids is None:
            return
        both = np.flatnonzero((ids.codes >= 0) & (given.codes >= 0))
        if not len(both):
            return
        pairs = Coded(ids.values, ids.codes[both])
        first = pairs.first_rows()  # per id: its first row (of those giving a value)
        code_of = {value: code for code, value in enumerate(given.values)}
        current = np.full(len(ids.values) + 1, -1, dtype=np.intp)
        for code in np.flatnonzero(first < len(both)).tolist():
            node = nodes.get(ids.values[code])
            if node is None:  # a source that is a URL (it has no title)
                continue
            value = self.fixed(node, kind) or getattr(node, kind)
            if value is None:
                value = given.values[given.codes[both[first[code]]]]
                setattr(node, kind, value)
                setattr(node, f"{kind}_from", (role, column))
            current[code] = code_of.get(value, -2)
        contradicted = (current[pairs.codes] != -1) & (current[pairs.codes] != given.codes[both])
        for i in both[contradicted].tolist():
            id, value = ids[i], given[i]
            node = nodes[id]
            fixed = self.fixed(node, kind)
            where = "the lookup table" if fixed is not None else (
                f"row {self.row_giving(node, kind) + 1}")
            self.problem(i, column, f"{id!r} has the {kind} {fixed or getattr(node, kind)!r} "
                         f"in {where}, and here", value, f"one {kind} per id")

    def fixed(self, node: _Node, kind: str) -> Any:
        """The type or name the lookup tables give the node, if they list it."""
        known = self.lookup.nodes.get(node.id)
        return None if known is None else getattr(known, kind)

    def row_giving(self, node: _Node, kind: str) -> int:
        """The first row whose type or name column gave the node its type or name."""
        role, column = getattr(node, f"{kind}_from")
        ids, given = self.values[role], self.values[column]
        rows = (ids.codes == ids.values.index(node.id)) & (
            given.codes == given.values.index(getattr(node, kind)))
        return int(np.flatnonzero(rows)[0])

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
        code_of = {id: code for code, id in enumerate(holders.values)}
        as_holder = np.array([code_of.get(id, -2) for id in targets.values] + [-3], dtype=np.intp)
        for i in np.flatnonzero(as_holder[targets.codes] == holders.codes).tolist():
            self.problem(i, "target", "an actor cannot hold a stance on itself:", targets[i],
                         "a target other than the holder")

    def title_sources(self, sources: dict[str, _Node]) -> None:
        self.gather(sources, "source", "source_title", "name")

    # -- 4: repeats and ids ----------------------------------------------------------------
    def refuse_repeats(self) -> None:
        """Refuse a row that repeats an earlier row's id. A row repeating an earlier row's
        statement is a statement of its own: in discourse network analysis the same thing
        said twice counts twice, unless the analysis de-duplicates (``dedupe=``)."""
        ids = self.values.get("id")
        if ids is None:
            return
        if len(ids.values) == self.n:  # every row has its own id
            return
        for i, earlier in _repeats(ids.codes, np.flatnonzero(~self.bad & (ids.codes >= 0))):
            self.problem(i, "id", f"the id of row {earlier + 1} too:", ids[i],
                         "a different id for every row")

    def number_ids(self, taken: set[str]) -> None:
        """Stance ids that are numbers, when one of them is also a node's id -- R writes a
        statement_id and a document_id as numbers from 1 -- become ``statement-N`` (all of
        them, and a ``superseded_by`` naming one), where that id is free."""
        given = self.values.get("id")
        if given is None:
            return
        numbers = [id for id in given.values if isinstance(id, str) and id.isdigit()]
        if not any(id in taken for id in numbers):
            return
        used = set(given.values)
        renamed = {id: f"statement-{id}" for id in numbers
                   if f"statement-{id}" not in taken and f"statement-{id}" not in used}
        for name in ("id", "superseded_by"):
            column = self.values.get(name)
            if column is not None:
                self.values[name] = column.map(lambda id: renamed.get(id, id))

    def assign_ids(self, taken: set[str]) -> list[str | None] | _Made:
        """Each good row's stance id: given, or made (``holder.relation.target``, then
        ``.2``, ``.3``, ... past the ids taken and made before); per row, or made ones kept as
        codes when the codes give the same ids (:meth:`made_ids`)."""
        given = self.values.get("id")
        good = ~self.bad
        if given is None:
            rows = np.flatnonzero(good)
            made = self.made_ids(rows, taken)
            if made is not None:
                return _Made(rows, made)
            out: list[str | None] = [None] * self.n
            wanting = good
        else:
            for i in np.flatnonzero(given.where([id in taken for id in given.values])
                                    & good).tolist():
                self.problem(i, "id", "the id of a node too:", given[i],
                             "a stance id no node has")
            out = given.tolist()
            wanting = good & (given.codes < 0)
        rows = np.flatnonzero(wanting)
        if not len(rows):
            return out
        reserved = set(taken)
        if given is not None:
            reserved.update(given.take(np.flatnonzero(good & (given.codes >= 0))).values)
        holders, relations, targets = (self.values[f].take(rows).tolist() for f in REQUIRED)
        bases = [f"{h}.{r}.{t}" for h, r, t in zip(holders, relations, targets, strict=True)]
        if len(set(bases)) == len(bases) and reserved.isdisjoint(bases):  # the common case
            if len(rows) == self.n:
                return list(bases)
            for i, base in zip(rows.tolist(), bases, strict=True):
                out[i] = base
            return out
        count: dict[str, int] = {}  # (MadeIds numbers the rows so, where nothing is taken)
        for i, base in zip(rows.tolist(), bases, strict=True):
            n = count.get(base, 1)
            candidate = base if n == 1 else f"{base}.{n}"
            while candidate in reserved:
                n += 1
                candidate = f"{base}.{n}"
            count[base] = n + 1
            reserved.add(candidate)
            out[i] = candidate
        return out

    def made_ids(self, rows: npt.NDArray[np.intp], taken: set[str]) -> MadeIds | None:
        """The ids of ``rows`` as :class:`~stancegraph._stance_rows.MadeIds`, if the codes
        give the ids :meth:`assign_ids` spells: no holder, relation or target holds a ``.``
        (so that no two of them spell one id) and no id taken has the shape of one (so that
        the n-th row of a holder, relation and target gets ``.n``, skipping nothing)."""
        if not len(rows):
            return None
        made = MadeIds(*(self.values[f].take(rows) for f in REQUIRED))
        return made if made.plain() and not made.may_hold(taken) else None

    # -- 5: the graph ----------------------------------------------------------------------
    def convert(self) -> Converted:
        g = StanceGraph()
        if not self.n:
            self.add_nodes(g, [])
            return Converted(g, 0, self.problems, self.ignored())
        self.parse_cells()
        nodes = self.resolve_nodes()
        sources = self.resolve_sources(nodes)
        self.type_nodes(nodes)
        self.title_sources(sources)
        self.add_conditions(nodes)
        self.refuse_repeats()
        taken = set(nodes) | set(sources) | set(self.lookup.nodes)
        self.number_ids(taken)
        ids = self.assign_ids(taken)
        built = self.build_nodes(nodes, sources)
        used = self.used_ids()
        self.add_nodes(g, [model for id, model in built.items() if id in used])
        self.add_stances(g, ids)
        position = {name: k for k, name in enumerate(self.table.columns)}
        self.problems.sort(key=lambda p: (p.row, position.get(p.field or "", len(position))))
        return Converted(g, self.n, self.problems, self.ignored())

    def add_conditions(self, nodes: dict[str, _Node]) -> None:
        """Conditions shaped like ids name positions: listed ones, or new PolicyOptions."""
        column = self.values.get("conditions")
        if column is None:
            return
        default = self.mapping.default_type("target")
        kind = default if default in POSITION_TYPES else "PolicyOption"
        wrong: dict[tuple[str, ...], list[str]] = {}
        for conditions in column.in_row_order():
            for condition in conditions:
                if not is_id(condition):
                    continue
                node = nodes.get(condition)
                known = self.lookup.nodes.get(condition)
                type = known.type if known is not None else node.type if node else None
                if type is None:
                    nodes[condition] = _Node(condition, condition, frozenset({"condition"}),
                                             kind)
                elif type not in POSITION_TYPES:
                    wrong.setdefault(conditions, []).append(condition)
        for i in column.rows_with([conditions in wrong for conditions in column.values]):
            for condition in wrong[column[i]]:
                self.problem(i, "conditions", "a condition names a node that is not a "
                             "position:", condition, "the id of a position, or free text")

    def used_ids(self) -> set[str]:
        """The ids of the nodes and sources the good rows name."""
        good = None if not self.bad.any() else np.flatnonzero(~self.bad)
        used: set[str] = set()
        for f in ("holder", "target", "speaker", "source", "conditions"):
            column = self.values.get(f)
            if column is not None:
                present = np.zeros(len(column.values) + 1, dtype=bool)  # the last: no value
                present[column.codes if good is None else column.codes[good]] = True
                values = [column.values[k] for k in np.flatnonzero(present[:-1]).tolist()]
                used.update(values if f != "conditions" else (c for cs in values for c in cs))
        return used

    def build_nodes(self, nodes: dict[str, _Node],
                    sources: dict[str, _Node]) -> dict[str, Node]:
        """The model of each node and source the table made (not the lookup tables'). One
        whose model refuses its name or title makes the rows naming it bad rows."""
        listed = self.lookup.nodes
        made = [node for node in nodes.values() if node.id not in listed] if listed else \
            list(nodes.values())
        of_type: dict[str | None, list[_Node]] = {}
        for node in made:
            of_type.setdefault(node.type, []).append(node)
        models: dict[str, Node] = {}
        refused: dict[str, InvalidRecordError] = {}
        for type, group in of_type.items():
            assert type is not None
            model = _MODELS[type]
            ids = [node.id for node in group]
            names = [node.name or (node.text if node.text != node.id else node.id)
                     for node in group]
            plain = plain_nodes(model, ids, names)  # (built at once when plainly valid)
            if plain is not None:
                models.update(zip(ids, plain, strict=True))
                continue
            for id, name in zip(ids, names, strict=True):
                try:
                    models[id] = model(id=id, name=name)
                except ValidationError as err:
                    refused[id] = pydantic_error(err, model)
        built: dict[str, Node] = models if len(of_type) < 2 else {  # in the nodes' order
            node.id: models[node.id] for node in made if node.id in models}
        for source in sources.values():
            title = source.name or source.text
            try:
                built[source.id] = Source(id=source.id, title=title)
            except ValidationError as err:
                refused[source.id] = pydantic_error(err, Source)
        for role in (*_NODE_ROLES, "source") if refused else ():
            if role not in self.values:
                continue
            column = self.values[role]
            for i in column.rows_with([id in refused for id in column.values]):
                e = refused[column[i]]
                self.problem(i, role, f"the {role}'s {e.field or 'node'} is refused: "
                             f"{e.message}", column[i], e.expected, e.suggestion)
        return built

    def add_nodes(self, g: StanceGraph, nodes: list[Node]) -> None:
        sections: dict[str, list[Any]] = {"sources": [], "actors": [], "positions": []}
        for node in (*self.lookup.nodes.values(), *nodes):
            sections[_SECTION_OF[node.type]].append(node)
        # only a lookup table's node can be refused (the others are plain)
        g.add_all(**sections, labels=lambda section, i: f"node {sections[section][i].id!r} "
                  "of the lookup tables")

    def add_stances(self, g: StanceGraph, ids: list[str | None] | _Made) -> None:
        """Add the good rows through the graph's bulk door; those it refuses become bad rows
        (every good row has its id: assign_ids gave one to each)."""
        v = self.values
        good = np.flatnonzero(~self.bad)
        every = len(good) == self.n
        nothing = Coded.constant(None, len(good))

        def column(f: str) -> Coded:
            values = v.get(f)
            return nothing if values is None else values if every else values.take(good)

        more = [f for f in _MODEL_ONLY if f in v]
        extra: list[dict[str, Any] | None] | None = [None] * len(good) if more else None
        for f in more:  # retracted: only a true one (false is the default)
            values = column(f)
            for k in values.rows_with([f != "retracted" or value is True
                                       for value in values.values]):
                assert extra is not None
                extra[k] = {**(extra[k] or {}), f: values[k]}
        rows = StanceRows(
            ids.of(good) if isinstance(ids, _Made) else
            ids if every else [ids[i] for i in good.tolist()], holder=column("holder"),
            relation=column("relation"), target=column("target"), date=column("date"),
            confidence=column("confidence"), source=column("source"),
            speaker=column("speaker"), quote=column("quote"),
            attribution=column("attribution"),
            strength=column("strength") if "strength" in v else None,
            intensity=column("intensity") if "intensity" in v else None, extra=extra)
        for refused in g.add_stance_rows(rows, on_error="skip"):
            i, e = int(good[refused.row]), refused.error
            self.problem(i, e.field, e.message, e.id, e.expected, e.suggestion)


def _roles(ids_in: dict[str, set[str]]) -> dict[str, frozenset[str]]:
    """Each id's roles, given the ids in each role (one frozenset for each combination)."""
    roles: dict[str, frozenset[str]] = {}
    names = list(ids_in)
    for size in range(1, len(names) + 1):
        for chosen in itertools.combinations(names, size):
            ids = set.intersection(*(ids_in[role] for role in chosen))
            ids.difference_update(*(ids_in[role] for role in names if role not in chosen))
            roles.update(dict.fromkeys(ids, frozenset(chosen)))
    return roles


@dataclass(frozen=True)
class _Made:
    """The ids made for the rows ``rows`` (ascending), kept as codes."""

    rows: npt.NDArray[np.intp]
    ids: MadeIds

    def of(self, rows: npt.NDArray[np.intp]) -> MadeIds:
        """The ids of ``rows``, some of ``self.rows``."""
        if len(rows) == len(self.rows):
            return self.ids
        return self.ids.take(np.searchsorted(self.rows, rows))


#: The section of a data file each type of node is listed in.
_SECTION_OF = {"Source": "sources", **dict.fromkeys(ACTOR_TYPES, "actors"),
               **dict.fromkeys(POSITION_TYPES, "positions")}


def _repeats(keys: npt.NDArray[Any], rows: npt.NDArray[np.intp]) -> list[tuple[int, int]]:
    """(row, the first of ``rows`` with the same key) for each of ``rows`` repeating a key."""
    if len(rows) == 0:
        return []
    _, first, inverse = np.unique(keys[rows], return_index=True, return_inverse=True)
    earlier = rows[first[inverse]]
    repeated = np.flatnonzero(earlier != rows)
    return list(zip(rows[repeated].tolist(), earlier[repeated].tolist(), strict=True))


def _integer(value: Any) -> int | None:
    """An integer cell (``4``, ``"4"``, ``"-1"``, ``4.0``), else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        text = value.strip()
        if text.lstrip("-+").isdigit():
            return int(text)
    return None


def _shown(value: Any) -> str:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value if isinstance(value, str) else str(value)


def _article(type: str | None) -> str:
    return f"an {type}" if type and type[0] in "AEIOU" else f"a {type}"


def _clash_fix(role: str) -> str:
    return (f"one spelling per {role}, or a lookup table (actors=/targets=) whose name and "
            "aliases list both")
