"""How a statement table's columns and values map to stances: column names, relation values,
default types, missing-value markers and lookup tables (docs/tables.md).

A mapping comes from keyword arguments, a small YAML or JSON mapping file, or both (the
arguments win, key by key):

>>> m = make_mapping(None, columns={"holder": "organization", "relation": "agreement"},
...                  relations={1: "supports", 0: "opposes"})
>>> m.column("holder"), m.column("target")
('organization', 'target')
>>> m.relation(1.0), m.relation("1"), m.relation(True), m.relation("opposes"), m.relation("2")
('supports', 'supports', 'supports', 'opposes', None)
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from pydantic import TypeAdapter, ValidationError

from ...errors import BadRowsError, InvalidRecordError, ParseError, RowProblem, closest
from ...graph import pydantic_error
from ...model import (
    ACTOR_TYPES,
    POSITION_TYPES,
    STANCE_RELATIONS,
    Actor,
    Node,
    Position,
    Stance,
)
from .. import _yaml
from .._files import read_bytes, read_text
from .._scale import AgreementScale
from .._slugs import slugify
from .files import TABLE_FORMATS, read_table

__all__ = ["FIELDS", "LOOKUP_COLUMNS", "REQUIRED", "Lookup", "TableMapping", "canonical_type",
           "make_mapping", "read_lookups", "split_list", "table_format_of", "value_key"]

#: The stance fields a statement table can hold, in the order they are written: the Stance
#: model's, by the names a data file uses (``except``).
STANCE_COLUMNS = tuple(field.alias or name for name, field in Stance.model_fields.items())
#: What a statement table can say about the nodes its statements name.
NODE_COLUMNS = ("holder_type", "holder_name", "target_type", "target_name", "speaker_name",
                "source_title")
FIELDS = STANCE_COLUMNS + NODE_COLUMNS
REQUIRED = ("holder", "relation", "target")
#: The columns of a lookup table of actors or targets.
LOOKUP_COLUMNS = ("id", "type", "name", "aliases", "description", "wikidata", "tags", "role",
                  "members")
_MAPPING_KEYS = ("columns", "relations", "actors", "targets", "types", "missing", "scale",
                 "graph")
_TRUE = frozenset({"true", "yes", "y", "on"})
_FALSE = frozenset({"false", "no", "n", "off"})
_TYPE_NAMES = {t.casefold(): t for t in (*ACTOR_TYPES, *POSITION_TYPES)}
_TYPE_NAMES["organisation"] = "Organization"


def value_key(value: Any) -> str | None:
    """The value of a cell or mapping key as compared for relation mapping.

    Booleans, numbers and their spellings meet: ``True``, ``1``, ``1.0``, ``"1"``, ``"yes"``
    and ``"true"`` all give ``"1"``; other text is compared trimmed and case-folded. None
    (and NaN) give None.

    >>> value_key(True), value_key(" 1.0 "), value_key("No"), value_key(" Agree ")
    ('1', '1', '0', 'agree')
    """
    if value is None:
        return None
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return None
        return str(int(value)) if value.is_integer() else repr(value)
    text = str(value).strip().casefold()
    if text in _TRUE:
        return "1"
    if text in _FALSE:
        return "0"
    try:
        number = float(text)
    except ValueError:
        return text
    return value_key(number) if math.isfinite(number) else text


def canonical_type(text: str, allowed: tuple[str, ...]) -> str | None:
    """The node type ``text`` names (any case; ``Organisation`` too), if it is ``allowed``.

    >>> canonical_type("state", ("State", "Person")), canonical_type("Claim", ("State",))
    ('State', None)
    """
    name = _TYPE_NAMES.get(text.strip().casefold())
    return name if name in allowed else None


@dataclass(frozen=True)
class LookupSpec:
    """A lookup table to read: its path, the kind of node it lists, and its column names."""

    path: Path
    kind: str  # "actors" or "targets"
    columns: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class TableMapping:
    """Everything that says how to read a statement table, checked."""

    columns: dict[str, str] = field(default_factory=dict)
    relations: dict[str, str] = field(default_factory=dict)  # value_key -> relation
    lookups: tuple[LookupSpec, ...] = ()
    types: dict[str, str] = field(default_factory=dict)  # "holder"/"target" -> default type
    missing: frozenset[str] = frozenset()
    #: The relation column holds integers on this agreement scale (sign and strength).
    scale: AgreementScale | None = None
    #: A data file (YAML, JSON or RDF) of the nodes, sources and relations the statements are
    #: about, with every field: what a statement table cannot hold (``graph:`` in a mapping
    #: file, as :func:`~stancegraph.write_statements` writes one beside its table).
    graph: Path | None = None

    def column(self, name: str) -> str:
        """The table column holding the field ``name``."""
        return self.columns.get(name, name)

    def relation(self, value: Any) -> str | None:
        """The relation a cell names, or None if no relation is mapped to it."""
        key = value_key(value)
        if key is None:
            return None
        mapped = self.relations.get(key)
        if mapped is not None:
            return mapped
        return key if key in STANCE_RELATIONS else None

    def relation_values(self) -> list[str]:
        """The cell values that name a relation, for messages."""
        return [*self.relations, *(r for r in STANCE_RELATIONS if r not in self.relations)]

    def default_type(self, role: str) -> str:
        return self.types.get(role, "Organization" if role == "holder" else "PolicyOption")


def make_mapping(mapping: str | os.PathLike[str] | Mapping[str, Any] | None = None, *,
                 columns: Mapping[str, str] | None = None,
                 relations: Mapping[Any, str] | None = None,
                 actors: str | os.PathLike[str] | None = None,
                 targets: str | os.PathLike[str] | None = None,
                 types: Mapping[str, str] | None = None,
                 missing: Any = None, scale: Any = None) -> TableMapping:
    """Check and combine a mapping file (or a dict of its keys) with keyword arguments."""
    data: dict[str, Any] = {}
    file: str | None = None
    lines: dict[tuple[Any, ...], int] = {}
    base = Path.cwd()
    if isinstance(mapping, Mapping):
        data = dict(mapping)
    elif mapping is not None:
        text, file = read_text(mapping)
        parsed, lines = _yaml.parse(text, file)
        if parsed is None:
            parsed = {}
        if not isinstance(parsed, dict):
            raise ParseError("a mapping file holds a mapping at the top level", file=file,
                             line=1, expected=f"keys such as {', '.join(_MAPPING_KEYS)}")
        data = parsed
        base = Path(file).parent
    checker = _Checker(file, lines)
    for key in data:
        if key not in _MAPPING_KEYS:
            checker.fail(InvalidRecordError, "unknown mapping key", (key,), id=str(key),
                         expected=", ".join(_MAPPING_KEYS), suggestion=closest(str(key),
                                                                            _MAPPING_KEYS))
    given = {"columns": columns, "relations": relations, "types": types, "missing": missing,
             "scale": scale}
    for key, value in given.items():
        if value is not None:
            data[key] = value
            checker.given.add(key)
    lookups = []
    for kind, path in (("actors", actors), ("targets", targets)):
        if path is not None:
            lookups.append(LookupSpec(Path(path), kind))
        elif data.get(kind) is not None:
            lookups.append(checker.lookup(data[kind], kind, base))
    return TableMapping(
        columns=checker.columns(data.get("columns")),
        relations=checker.relations(data.get("relations")),
        lookups=tuple(lookups),
        types=checker.types(data.get("types")),
        missing=checker.missing(data.get("missing")),
        scale=checker.scale(data.get("scale")),
        graph=checker.graph(data.get("graph"), base),
    )


class _Checker:
    """Checks the parts of a mapping; errors name the mapping file and line where known."""

    def __init__(self, file: str | None, lines: dict[tuple[Any, ...], int]) -> None:
        self.file = file
        self.lines = lines
        self.given: set[str] = set()  # keys given as arguments, not from the file

    def fail(self, cls: type[InvalidRecordError] | type[ParseError], message: str,
             path: tuple[Any, ...], **fields: Any) -> None:
        from_file = self.file is not None and path[0] not in self.given
        where = f"mapping key {'.'.join(str(p) for p in path)}" if from_file else (
            f"the {path[0]} argument")
        line = None
        for end in range(len(path), 0, -1):
            line = self.lines.get(path[:end]) if from_file else None
            if line is not None:
                break
        raise cls(message, file=self.file if from_file else None, line=line, record=where,
                  **fields)

    def mapping_of(self, value: Any, key: str) -> dict[Any, Any]:
        if value is None:
            return {}
        if not isinstance(value, Mapping):
            self.fail(InvalidRecordError, f"{key} holds a {type(value).__name__}", (key,),
                      expected="a mapping")
        return dict(value)

    def columns(self, value: Any) -> dict[str, str]:
        out = {}
        for name, column in self.mapping_of(value, "columns").items():
            if name not in FIELDS:
                self.fail(InvalidRecordError, "unknown field", ("columns", name), id=str(name),
                          expected=f"one of: {', '.join(FIELDS)}",
                          suggestion=closest(str(name), FIELDS))
            if not isinstance(column, str) or not column.strip():
                self.fail(InvalidRecordError, "not a column name:", ("columns", name),
                          id=repr(column), expected="the name of a column of the table")
            out[name] = column.strip()
        return out

    def relations(self, value: Any) -> dict[str, str]:
        out: dict[str, str] = {}
        shown: dict[str, Any] = {}
        for cell, relation in self.mapping_of(value, "relations").items():
            path = ("relations", cell)
            if relation not in STANCE_RELATIONS:
                self.fail(InvalidRecordError, "not a stance relation:", path, id=str(relation),
                          expected=" or ".join(STANCE_RELATIONS),
                          suggestion=closest(str(relation), STANCE_RELATIONS))
            key = value_key(cell)
            if key is None:
                self.fail(InvalidRecordError, "an empty value cannot name a relation", path,
                          expected="a value such as 1, 0, yes or agree")
            assert key is not None
            if key in out and out[key] != relation:
                self.fail(InvalidRecordError,
                          f"{shown[key]!r} and {cell!r} are the same value, mapped to "
                          f"{out[key]} and {relation}", path, expected="one relation per value")
            out[key], shown[key] = relation, cell
        return out

    def types(self, value: Any) -> dict[str, str]:
        out = {}
        for role, name in self.mapping_of(value, "types").items():
            allowed = {"holder": ACTOR_TYPES, "target": POSITION_TYPES + ACTOR_TYPES}.get(role)
            if allowed is None:
                self.fail(InvalidRecordError, "types are given for", ("types", role),
                          id=str(role), expected="holder or target")
            assert allowed is not None
            canonical = canonical_type(name, allowed) if isinstance(name, str) else None
            if canonical is None:
                self.fail(InvalidRecordError, f"not a type a {role} can have:",
                          ("types", role), id=str(name), expected=" or ".join(allowed),
                          suggestion=closest(str(name), allowed))
            assert canonical is not None
            out[role] = canonical
        return out

    def missing(self, value: Any) -> frozenset[str]:
        if value is None:
            return frozenset()
        values = [value] if isinstance(value, str) else value
        if not isinstance(values, (list, tuple, set, frozenset)) or not all(
                isinstance(v, str) for v in values):
            self.fail(InvalidRecordError, "missing holds something else", ("missing",),
                      expected='a list of texts that mean "no value", such as [NA, "-"]')
        return frozenset(v.strip() for v in values)

    def scale(self, value: Any) -> AgreementScale | None:
        if value is None:
            return None
        if not (isinstance(value, (list, tuple)) and len(value) == 2 and all(
                type(v) is int for v in value) and value[0] < value[1]):
            self.fail(InvalidRecordError, "scale holds something else", ("scale",),
                      id=str(value), expected="the lowest and highest value of the relation "
                      "column's agreement scale, as two integers: [1, 5] or [-1, 1]")
        return AgreementScale(int(value[0]), int(value[1]))

    def graph(self, value: Any, base: Path) -> Path | None:
        if value is None:
            return None
        if not isinstance(value, (str, os.PathLike)) or not os.fspath(value).strip():
            self.fail(InvalidRecordError, "graph holds something else", ("graph",),
                      id=str(value), expected="the path of a data file (YAML, JSON or RDF) "
                      "of the nodes, sources and relations, relative to the mapping file")
        path: Path = base / os.fspath(value)
        return path

    def lookup(self, value: Any, kind: str, base: Path) -> LookupSpec:
        if isinstance(value, str):
            return LookupSpec(base / value, kind)
        spec = self.mapping_of(value, kind)
        for key in spec:
            if key not in ("path", "columns"):
                self.fail(InvalidRecordError, "unknown key", (kind, key), id=str(key),
                          expected="path or columns")
        path = spec.get("path")
        if not isinstance(path, str):
            self.fail(InvalidRecordError, "a lookup table needs its path", (kind,),
                      expected=f"{kind}: FILE, or {kind}: {{path: FILE, columns: {{...}}}}")
        assert isinstance(path, str)
        renamed = {}
        for name, column in self.mapping_of(spec.get("columns"), "columns").items():
            if name not in LOOKUP_COLUMNS:
                self.fail(InvalidRecordError, "unknown lookup column", (kind, "columns", name),
                          id=str(name), expected=", ".join(LOOKUP_COLUMNS),
                          suggestion=closest(str(name), LOOKUP_COLUMNS))
            renamed[name] = str(column)
        return LookupSpec(base / path, kind, renamed)


def table_format_of(path: str | os.PathLike[str]) -> str | None:
    """The table format a file name's suffix names, if any."""
    suffix = Path(os.fspath(path)).suffix.lower()
    return next((name for name, suffixes in TABLE_FORMATS.items() if suffix in suffixes), None)


# -- lookup tables ----------------------------------------------------------------------------
_ACTOR = TypeAdapter(cast("type[Any]", Actor))
_POSITION = TypeAdapter(cast("type[Any]", Position))


@dataclass
class Lookup:
    """The nodes of the lookup tables, and the texts that name each (its id, name, aliases)."""

    nodes: dict[str, Node] = field(default_factory=dict)
    ids_of: dict[str, str] = field(default_factory=dict)  # text -> id

    def find(self, text: str) -> str | None:
        return self.ids_of.get(text)


def read_lookups(specs: tuple[LookupSpec, ...]) -> Lookup:
    """Read the lookup tables; a BadRowsError lists every bad row of a table."""
    lookup = Lookup()
    for spec in specs:
        _read_lookup(spec, lookup)
    return lookup


def _read_lookup(spec: LookupSpec, lookup: Lookup) -> None:
    format = table_format_of(spec.path)
    if format is None:
        raise ParseError("a lookup table must be a table file", file=str(spec.path),
                         expected=f"a file ending in {', '.join(sum(TABLE_FORMATS.values(), ()))}")
    data, name = read_bytes(spec.path)
    table = read_table(data, format, name)
    columns = {f: spec.columns.get(f, f) for f in LOOKUP_COLUMNS}
    for f, column in spec.columns.items():
        if column not in table.columns:
            raise ParseError(f"the lookup table has no column for the {f}", id=column,
                             file=name, expected=f"one of its columns: {', '.join(table.columns)}",
                             suggestion=closest(column, table.columns))
    if columns["id"] not in table.columns and columns["name"] not in table.columns:
        raise ParseError("a lookup table needs an id or a name column", file=name,
                         expected=f"columns among {', '.join(LOOKUP_COLUMNS)}",
                         suggestion=closest("id", table.columns) or closest("name", table.columns))
    problems = list(table.problems)
    bad_rows = {p.row for p in problems}
    allowed = ACTOR_TYPES if spec.kind == "actors" else POSITION_TYPES + ACTOR_TYPES
    default = "Organization" if spec.kind == "actors" else "PolicyOption"

    def cell(f: str, i: int) -> Any:
        column = table.cells.get(columns[f])
        value = None if column is None else column[i]
        if isinstance(value, str):
            value = value.strip() or None
        return value

    for i in range(table.rows):
        row = i + 1
        if row in bad_rows:
            continue

        def bad(message: str, f: str | None = None, value: Any = None, row: int = row,
                i: int = i, **fields: Any) -> None:
            problems.append(RowProblem(row, message, line=table.line_of(i), field=f,
                                       value=None if value is None else str(value), **fields))

        record = {f: cell(f, i) for f in LOOKUP_COLUMNS if cell(f, i) is not None}
        name_text = record.get("name")
        id = record.get("id")
        if id is None:
            id = slugify(str(name_text)) if name_text is not None else None
            if not id:
                bad("no id, and no name to make one from", "id",
                    expected="an id, or a name with letters or digits")
                continue
        record["id"] = str(id)
        record.setdefault("name", record["id"])
        type_text = record.get("type", default)
        type = canonical_type(str(type_text), allowed)
        if type is None:
            bad(f"not a type {'an actor' if spec.kind == 'actors' else 'a target'} can have:",
                "type", type_text, expected=" or ".join(allowed),
                suggestion=closest(str(type_text), allowed))
            continue
        record["type"] = type
        for f in ("aliases", "tags", "members"):
            if f in record:
                record[f] = split_list(record[f])
        adapter = _ACTOR if type in ACTOR_TYPES else _POSITION
        try:
            node = adapter.validate_python(record)
        except ValidationError as err:
            e = pydantic_error(err)
            bad(e.message, e.field, e.id, expected=e.expected, suggestion=e.suggestion)
            continue
        if node.id in lookup.nodes:
            bad("the id is listed twice", "id", node.id, expected="one row per id")
            continue
        texts = [node.id, node.name, *getattr(node, "aliases", ())]
        clash = next((t for t in texts if lookup.ids_of.get(t, node.id) != node.id), None)
        if clash is not None:
            bad(f"the name also names {lookup.ids_of[clash]!r}:", "name", clash,
                expected="names and aliases that name one node each")
            continue
        lookup.nodes[node.id] = node
        for text in texts:
            lookup.ids_of[text] = node.id
    if problems:
        raise BadRowsError(f"{len({p.row for p in problems})} of {table.rows} rows of the "
                           f"{spec.kind} lookup table are not valid", file=name,
                           problems=sorted(problems, key=lambda p: p.row))


def split_list(value: Any) -> Any:
    """A list cell as a list: a list as it is, ``["a", "b"]`` (JSON) or ``a; b`` as texts.

    >>> split_list('["a; b", "c"]'), split_list("a; b;"), split_list(["x"])
    (['a; b', 'c'], ['a', 'b'], ['x'])
    """
    if isinstance(value, (list, tuple)):
        return list(value)
    if not isinstance(value, str):
        return value
    text = value.strip()
    if text.startswith("["):
        try:
            parsed = json.loads(text)
        except ValueError:
            parsed = None
        if isinstance(parsed, list):
            return parsed
    return [part.strip() for part in text.split(";") if part.strip()]
