"""Plain records (dicts and lists, as in a YAML or JSON file) to and from a StanceGraph.

Reading checks the file's shape, validates each record with its pydantic model, and adds them
all to a new graph in one batch; any error names the file, line, record, field and id, and no
graph is returned.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from pydantic import BaseModel, TypeAdapter, ValidationError

from ..errors import InvalidRecordError, ParseError, StanceGraphError, closest
from ..graph import StanceGraph, pydantic_error
from ..model import (
    ACTOR_TYPES,
    POSITION_TYPES,
    SECTIONS,
    Actor,
    Agreement,
    Bloc,
    Claim,
    Node,
    Organization,
    Person,
    PolicyOption,
    Position,
    Relation,
    Source,
    Stance,
    State,
)

__all__ = ["LineLookup", "from_records", "to_records"]

LineLookup = Callable[[tuple[Any, ...]], "int | None"]

_ADAPTERS: dict[str, TypeAdapter[Any]] = {
    "sources": TypeAdapter(Source),
    "actors": TypeAdapter(cast("type[Any]", Actor)),
    "positions": TypeAdapter(cast("type[Any]", Position)),
    "relations": TypeAdapter(Relation),
    "stances": TypeAdapter(Stance),
}
_TYPES = {"actors": ACTOR_TYPES, "positions": POSITION_TYPES}
_UNION_MEMBERS = (Person, State, Organization, Bloc, Agreement, PolicyOption, Claim)


def from_records(data: Any, *, file: str | None = None,
                 line_of: LineLookup = lambda path: None) -> StanceGraph:
    """Build a graph from the plain data of a file; all records or none."""
    def locate(err: StanceGraphError, path: tuple[Any, ...]) -> StanceGraphError:
        line = None
        for end in range(len(path), 0, -1):
            line = line_of(path[:end])
            if line is not None:
                break
        return err.located(file=file, line=line)

    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ParseError(f"the file holds a {_kind(data)} at the top level", file=file,
                         line=line_of(()), expected=f"a mapping with keys {', '.join(SECTIONS)}")
    for key in data:
        if key not in SECTIONS:
            raise ParseError("unknown top-level key", file=file, line=line_of((key,)), id=str(key),
                             expected=", ".join(SECTIONS),
                             suggestion=closest(str(key), SECTIONS))
    sections: dict[str, list[Any]] = {}
    for section in SECTIONS:
        records = data.get(section)
        if records is None:  # "stances:" with nothing after it
            records = []
        if not isinstance(records, list):
            raise ParseError(f"{section!r} holds a {_kind(records)}", file=file,
                             line=line_of((section,)), expected="a list of records")
        sections[section] = [_validate(section, i, r, locate) for i, r in enumerate(records)]
    g = StanceGraph()
    places: dict[str, tuple[Any, ...]] = {}  # a record's label -> its place in the file

    def label(section: str, i: int) -> str:
        places[f"{section}[{i}]"] = (section, i)
        return f"{section}[{i}]"

    try:
        g.add_all(**sections, labels=label)
    except StanceGraphError as err:
        path = places.get(err.record or "", ())
        if path and err.field:
            path = (*path, err.field.split(".")[0])
        raise locate(err, path) from err
    return g


def _validate(section: str, i: int, record: Any,
              locate: Callable[[StanceGraphError, tuple[Any, ...]], StanceGraphError]) -> Any:
    where = f"{section}[{i}]"
    path: tuple[Any, ...] = (section, i)
    if not isinstance(record, dict):
        raise locate(InvalidRecordError(f"the record is a {_kind(record)}", record=where,
                                        expected="a mapping of field names to values"), path)
    rid = record.get("id") if isinstance(record.get("id"), str) else None
    kinds = _TYPES.get(section)
    if kinds is not None and record.get("type") not in kinds:
        kind = record.get("type")
        raise locate(InvalidRecordError(
            "missing field 'type'" if kind is None else f"unknown {section[:-1]} type {kind!r} of",
            record=where, field="type", id=rid, expected=" or ".join(kinds),
            suggestion=closest(str(kind), kinds) if kind is not None else None),
            (*path, "type"))
    try:
        return _ADAPTERS[section].validate_python(record)
    except ValidationError as err:
        label = where if rid is None else f"{where} (id {rid!r})"
        error = pydantic_error(err, _model_of(section, record), record=label)
        field = (error.field or "").split(".")[0]
        raise locate(error, (*path, field) if field else path) from err


def _model_of(section: str, record: dict[str, Any]) -> type[BaseModel]:
    single: dict[str, type[BaseModel]] = {
        "sources": Source, "relations": Relation, "stances": Stance
    }
    if section in single:
        return single[section]
    kinds: dict[str, type[BaseModel]] = {
        str(cls.model_fields["type"].default): cls for cls in _UNION_MEMBERS
    }
    return kinds[record["type"]]


def _kind(value: Any) -> str:
    names: dict[type, str] = {dict: "mapping", list: "list", str: "string"}
    return names.get(type(value), type(value).__name__)


def to_records(g: StanceGraph, *, full: bool = False, json: bool = False) -> dict[str, list[Any]]:
    """Return the graph as plain data, one list per section, in the order records were added.

    With ``full``, every field of every record is present (None and empty ones too), as in
    ``stancegraph show --format json``; otherwise fields left at their default are omitted,
    except ``id`` and ``type``. With ``json``, dates are ISO strings.
    """
    nodes = g.nodes.values()
    data: dict[str, list[Any]] = {
        "sources": [_dump(n, full, json) for n in nodes if n.type == "Source"],
        "actors": [_dump(n, full, json) for n in nodes if n.type in ACTOR_TYPES],
        "positions": [_dump(n, full, json) for n in nodes if n.type in POSITION_TYPES],
        "relations": [_dump(r, full, json) for r in g.relations.values()],
        "stances": [_dump(s, full, json) for s in g.stances],
    }
    if not full:
        data = {section: records for section, records in data.items() if records}
    return data


def _dump(model: Node | Relation | Stance, full: bool, json: bool) -> dict[str, Any]:
    mode = "json" if json else "python"
    if full:
        full_record: dict[str, Any] = _lists(model.model_dump(mode=mode, by_alias=True))
        return full_record
    record = model.model_dump(mode=mode, by_alias=True, exclude_defaults=True)
    kept: dict[str, Any] = {"id": model.id}
    if not isinstance(model, (Source, Relation, Stance)):
        kept["type"] = model.type
    result: dict[str, Any] = _lists({**kept, **record})
    return result


def _lists(value: Any) -> Any:
    if isinstance(value, (list, tuple)):
        return [_lists(v) for v in value]
    if isinstance(value, dict):
        return {k: _lists(v) for k, v in value.items()}
    return value
