"""The small side of a large statement table: its distinct holders, targets, relation values,
exception lists and speakers, read by an engine in one pass and resolved here, in Python, by
the rules :func:`~stancegraph.read_statements` applies to every cell.

Resolving the distinct values rather than the rows is what lets a dataset of billions of
statements be read with the in-memory reader's meaning: ids from names and lookup tables,
types from type columns, lookup tables and the mapping's graph, relations from the mapping
or an agreement scale. The nodes so made, with the mapping graph's relations and sources,
are the *skeleton* on which the roll-up rules are applied (:mod:`.aggregate`).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ...errors import ParseError, closest
from ...graph import StanceGraph
from ...model import ACTOR_TYPES, POSITION_TYPES, STANCE_RELATIONS, Node, is_id
from .._slugs import slugify
from .engines import Engine
from .mapping import FIELDS, REQUIRED, Lookup, TableMapping, canonical_type
from .rows import _EXPECTED_NAME, _MODELS, _integer
from .values import Bad, parse_flag, parse_ids, parse_text, parse_value

__all__ = ["Vocabulary", "find_columns", "read_vocabulary"]

#: Fields read from each row in SQL (the rest of the fields a table can hold are not needed
#: for a stance matrix: quotes, attribution, names, conditions, notes, ...).
ROW_FIELDS = ("date", "source", "confidence", "strength", "retracted_on", "superseded_by", "id")
#: Fields whose distinct values are resolved in Python.
VOCABULARY_FIELDS = ("holder", "holder_type", "target", "target_type", "relation", "speaker",
                     "except", "retracted")


def find_columns(engine: Engine, mapping: TableMapping, file: str) -> dict[str, str]:
    """The dataset's column for each field it has (a mapped name, or the field's own name, in
    any case), as the in-memory reader finds them."""
    columns = list(engine.columns())
    by_fold = {name.casefold(): name for name in columns}
    found: dict[str, str] = {}
    for f in FIELDS:
        wanted = mapping.columns.get(f)
        if wanted is None:
            name = f if f in columns else by_fold.get(f)
        else:
            name = wanted if wanted in columns else by_fold.get(wanted.casefold())
            if name is None:
                raise ParseError(f"the dataset has no column {wanted!r} for the {f}", file=file,
                                 expected=f"one of its columns: {', '.join(columns)}",
                                 suggestion=closest(wanted, columns))
        if name is not None:
            found[f] = name
    for f in REQUIRED:
        if f not in found:
            raise ParseError(f"the dataset has no {f} column", file=file,
                             expected=f"a column named {f!r}, or columns={{{f!r}: 'its name'}} "
                                      f"(its columns: {', '.join(columns)})",
                             suggestion=closest(f, columns))
    return found


@dataclass
class Vocabulary:
    """The distinct cells of a dataset, resolved; and what is wrong with any of them."""

    columns: dict[str, str]
    kinds: dict[str, str]  # field -> the kind of its column (engines.Engine.columns)
    rows: int = 0
    #: The node id of each holder, target and speaker cell (None: the cell is bad).
    holders: dict[Any, str | None] = field(default_factory=dict)
    targets: dict[Any, str | None] = field(default_factory=dict)
    #: relation cell -> (relation, strength from an agreement scale or None); None: bad.
    relations: dict[Any, tuple[str, float | None] | None] = field(default_factory=dict)
    #: except cell -> the ids it excludes (empty for none); None: bad.
    exceptions: dict[Any, tuple[str, ...] | None] = field(default_factory=dict)
    #: (holder cell, except cell) pairs where the except cell names someone.
    excepting: set[tuple[Any, Any]] = field(default_factory=set)
    retracted: dict[Any, bool | None] = field(default_factory=dict)  # None: bad
    skeleton: StanceGraph = field(default_factory=StanceGraph)
    #: field -> number of rows whose cell (read in SQL) is not a value of the field's kind.
    bad_cells: dict[str, int] = field(default_factory=dict)
    #: Messages about the values themselves (clashing ids, contradicting types).
    problems: list[str] = field(default_factory=list)
    totals: dict[str, Any] = field(default_factory=dict)

    def bad_values(self) -> dict[str, list[Any]]:
        """For each vocabulary field, its bad cells."""
        found = {
            "holder": [c for c, id in self.holders.items() if id is None],
            "target": [c for c, id in self.targets.items() if id is None],
            "relation": [c for c, r in self.relations.items() if r is None],
            "except": [c for c, e in self.exceptions.items() if e is None],
            "retracted": [c for c, r in self.retracted.items() if r is None],
        }
        return {f: cells for f, cells in found.items() if cells}


def read_vocabulary(engine: Engine, columns: dict[str, str], mapping: TableMapping,
                    lookup: Lookup, base: StanceGraph | None,
                    checks: dict[str, str], totals: dict[str, str]) -> Vocabulary:
    """One pass over the dataset: the distinct cells of the vocabulary fields, the ``checks``
    (field -> SQL condition true on a bad cell) counted and the ``totals`` (name -> SQL
    aggregate) computed; then the cells resolved."""
    kinds = engine.columns()
    v = Vocabulary(columns, {f: kinds[c] for f, c in columns.items()})
    q = engine.quote
    sets = [("holder", "holder_type"), ("target", "target_type"), ("relation",), ("speaker",),
            ("holder", "except"), ("retracted",)]
    sets = [tuple(f for f in s if f in columns) for s in sets]
    sets = list(dict.fromkeys(s for s in sets if s))
    grouped = sorted({f for s in sets for f in s}, key=VOCABULARY_FIELDS.index)
    select = [f"{q(columns[f])} AS {q('v_' + f)}" for f in grouped]
    select += [f"GROUPING({q(columns[f])}) AS {q('g_' + f)}" for f in grouped]
    select.append("COUNT(*) AS n")
    for f, bad in checks.items():
        select.append(f"SUM(CASE WHEN {bad} THEN 1 ELSE 0 END) AS {q('bad_' + f)}")
    select += [f"{sql} AS {q('t_' + name)}" for name, sql in totals.items()]
    sql = (f"SELECT {', '.join(select)} FROM statements GROUP BY GROUPING SETS ("
           + ", ".join("(" + ", ".join(q(columns[f]) for f in s) + ")" for s in sets)
           + ", ())")
    return _resolve(v, engine.fetch(sql), grouped, list(checks), list(totals), mapping, lookup,
                    base)


def _resolve(v: Vocabulary, rows: list[tuple[Any, ...]], grouped: list[str], checks: list[str],
             totals: list[str], mapping: TableMapping, lookup: Lookup,
             base: StanceGraph | None) -> Vocabulary:
    width = len(grouped)
    cells: dict[frozenset[str], list[tuple[Any, ...]]] = {}
    for row in rows:
        row = tuple(tuple(x) if isinstance(x, list) else x for x in row)  # list cells: keys
        values, grouping = row[:width], row[width:2 * width]
        present = frozenset(f for f, g in zip(grouped, grouping, strict=True) if not g)
        if not present:  # the grand total
            v.rows = int(row[2 * width])
            counted = row[2 * width + 1:]
            v.bad_cells = {f: int(n) for f, n in zip(checks, counted, strict=False) if n}
            v.totals = dict(zip(totals, counted[len(checks):], strict=True))
            continue
        cells.setdefault(present, []).append(
            tuple(values[grouped.index(f)] for f in grouped if f in present))
    missing = mapping.missing

    def of(*fields: str) -> list[tuple[Any, ...]]:
        return cells.get(frozenset(fields), [])

    if "holder_type" in grouped:
        holder_pairs = of("holder", "holder_type")
    else:
        holder_pairs = [(c, None) for (c,) in of("holder")]
    target_pairs = of("target", "target_type") if "target_type" in grouped else [
        (c, None) for (c,) in of("target")]
    speakers = [c for (c,) in of("speaker")]
    _relations(v, [c for (c,) in of("relation")], mapping)
    for (cell,) in of("retracted"):
        flag = parse_flag(cell, missing)
        v.retracted[cell] = None if isinstance(flag, Bad) else bool(flag)
    for holder, excluded in of("holder", "except"):
        ids = parse_ids(excluded, missing)
        v.exceptions[excluded] = None if isinstance(ids, Bad) else tuple(ids or ())
        if ids and not isinstance(ids, Bad):
            v.excepting.add((holder, excluded))
    _nodes(v, holder_pairs, target_pairs, speakers, mapping, lookup, base)
    return v


def _relations(v: Vocabulary, cells: list[Any], mapping: TableMapping) -> None:
    scale = mapping.scale
    for cell in cells:
        value = parse_value(cell, mapping.missing)
        if value is None or isinstance(value, Bad) or (
                isinstance(value, float) and math.isnan(value)):
            v.relations[cell] = None
        elif scale is None:
            relation = mapping.relation(value)
            v.relations[cell] = None if relation is None else (relation, None)
        else:
            number = _integer(value)
            found = scale.stance(number) if number is not None and \
                scale.low <= number <= scale.high else None
            v.relations[cell] = None if found is None else (found[0], found[1])


def _nodes(v: Vocabulary, holders: Iterable[tuple[Any, Any]], targets: Iterable[tuple[Any, Any]],
           speakers: Iterable[Any], mapping: TableMapping, lookup: Lookup,
           base: StanceGraph | None) -> None:
    """Ids and types of the holder, target and speaker cells, as the in-memory reader gives
    them; the skeleton graph of the nodes with the mapping graph's relations and sources."""
    missing = mapping.missing
    claims: dict[str, set[str]] = {}
    roles: dict[str, set[str]] = {}
    types: dict[str, set[str]] = {}
    text_of: dict[str, str] = {}

    def resolve(cell: Any, role: str, type_cell: Any = None) -> str | None:
        text = parse_text(cell, missing)
        if text is None or isinstance(text, Bad):
            return None
        id = lookup.find(text)
        if id is None:
            id = text if is_id(text) else slugify(text)
            if not id:
                return None
            claims.setdefault(id, set()).add(text)
        roles.setdefault(id, set()).add(role)
        text_of.setdefault(id, text)
        type_text = parse_text(type_cell, missing)
        if type_text is not None:
            allowed = ACTOR_TYPES if role == "holder" else ACTOR_TYPES + POSITION_TYPES
            kind = canonical_type(type_text, allowed) if isinstance(type_text, str) else None
            if kind is None:
                v.problems.append(f"{type_text!r} is not a type a {role} can have "
                                  f"(expected {' or '.join(allowed)})")
                return None
            types.setdefault(id, set()).add(kind)
        return id

    v.holders = {}
    for cell, kind in holders:
        v.holders[cell] = resolve(cell, "holder", kind)
    for cell, kind in targets:
        v.targets[cell] = resolve(cell, "target", kind)
    for cell in speakers:
        resolve(cell, "speaker")
    for id, texts in sorted(claims.items()):
        if id in lookup.nodes:
            v.problems.append(f"{sorted(texts)[0]!r} makes the id {id!r}, which a node of the "
                              "lookup tables (under another name) has")
        elif len(texts) > 1:
            v.problems.append(f"{', '.join(map(repr, sorted(texts)))} all make the id {id!r}")
    made: list[Node] = []
    for id, found in sorted(roles.items()):
        known = lookup.nodes.get(id)
        given = types.get(id, set())
        if known is not None:
            kind = known.type
            if given - {kind}:
                v.problems.append(f"{id!r} has the type {kind!r} in the lookup table, and "
                                  f"{sorted(given - {kind})[0]!r} in the dataset")
        elif len(given) > 1:
            v.problems.append(f"{id!r} has the types {', '.join(sorted(given))} in the dataset "
                              "(expected one type per id)")
            continue
        else:
            kind = next(iter(given)) if given else (
                "Person" if "speaker" in found else mapping.default_type("holder")
                if "holder" in found else mapping.default_type("target"))
        if "holder" in found and kind not in ACTOR_TYPES:
            v.problems.append(f"the holder {id!r} is a {kind} (expected an actor)")
        if "speaker" in found and kind != "Person":
            v.problems.append(f"the speaker {id!r} is a {kind} (expected a Person)")
        if known is None:
            text = text_of[id]
            made.append(_MODELS[kind](id=id, name=text if text != id else id))
    g = StanceGraph() if base is None else base.restricted([])
    extra = [n for n in (*lookup.nodes.values(), *made) if n.id not in g.nodes]
    g.add_all(actors=[n for n in extra if n.type in ACTOR_TYPES],
              positions=[n for n in extra if n.type in POSITION_TYPES],
              sources=[n for n in extra if n.type == "Source"])
    v.skeleton = g
    missing_ids = sorted({id for ids in v.exceptions.values() if ids for id in ids
                          if id not in g.nodes})
    if missing_ids:
        v.problems.append(f"except names {', '.join(map(repr, missing_ids[:5]))}, which no "
                          "node of the dataset, its lookup tables or its graph has")


def relation_code(relation: str) -> int:
    return STANCE_RELATIONS.index(relation)


EXPECTED = {**_EXPECTED_NAME, "relation": "supports, opposes or skeptical-of",
            "except": 'a list of ids: a JSON array ["a", "b"] or ids separated by ";"',
            "retracted": "true or false (also yes/no, 1/0)"}
