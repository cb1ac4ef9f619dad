"""Plain records (dicts and lists, as in a YAML or JSON file) to and from a StanceGraph.

Reading checks the file's shape, validates each record with its pydantic model, and adds them
all to a new graph in one batch; if anything is wrong, no graph is returned and every problem
of the file is reported at once: the error raised is the first one in the file, with the others
in its ``others`` (:meth:`~stancegraph.errors.StanceGraphError.with_others`), each naming the
file, line, record, field and id, what was expected and, where it can be guessed, the fix
(see :mod:`stancegraph.io._hints`). A duplicate id names the record and line of its first use.
A record that is refused is left out of the rest of the checks, and a reference to its id is
not reported again as unknown; once a record is refused, the others are only checked, and no
graph is built.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from pydantic import BaseModel, TypeAdapter, ValidationError

from .._checks import GraphState, check_batch
from ..errors import (
    DuplicateIdError,
    InvalidRecordError,
    ParseError,
    StanceGraphError,
    UnknownIdError,
    closest,
)
from ..graph import StanceGraph
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
from ._hints import choice_suggestion, field_problems

__all__ = ["LineLookup", "WrittenLookup", "from_records", "to_records"]

LineLookup = Callable[[tuple[Any, ...]], "int | None"]
#: ``written_as(value, first, last)``: the text a value that is not text was written as
#: between two lines of the file (see :meth:`stancegraph.io._yaml.Lines.written_as`).
WrittenLookup = Callable[[Any, int, "int | None"], "str | None"]

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
                 line_of: LineLookup = lambda path: None,
                 written_as: WrittenLookup | None = None) -> StanceGraph:
    """Build a graph from the plain data of a file; all records or none, and every problem
    of the file in one error."""
    report = _Report(file, line_of, written_as)
    if data is None:
        data = {}
    if not isinstance(data, dict):  # nothing else can be read
        raise ParseError(f"the file holds a {_kind(data)} at the top level", file=file,
                         line=line_of(()), expected=f"a mapping with keys {', '.join(SECTIONS)}")
    for key in data:
        if key not in SECTIONS:
            report.add(ParseError("unknown top-level key", id=str(key),
                                  expected=", ".join(SECTIONS),
                                  suggestion=closest(str(key), SECTIONS)), (key,))
    models: dict[str, list[Any]] = {}
    places: dict[str, list[int]] = {}  # each model's index in its section of the file
    for section in SECTIONS:
        records = data.get(section)
        if records is None:  # "stances:" with nothing after it
            records = []
        if not isinstance(records, list):
            report.add(ParseError(f"{section!r} holds a {_kind(records)}",
                                  expected="a list of records"), (section,))
            records = []
        kept, at = [], []
        for i, record in enumerate(records):
            model = _validate(section, i, record, report)
            if model is not None:
                kept.append(model)
                at.append(i)
        models[section], places[section] = kept, at
        if len(kept) < len(records):
            report.refused_sections.add(section)
    report.duplicates_of_refused(data, places)
    g = StanceGraph()

    def label(section: str, k: int) -> str:
        i = places[section][k]
        name = f"{section}[{i}]"
        report.places[name] = (section, i)
        return name

    try:
        if report.problems:  # the graph's checks on the other records, building nothing
            check_batch(GraphState({}, {}, {}, {}), models, label)
        else:
            g.add_all(**models, labels=label)
    except StanceGraphError as err:
        for found in (err, *err.others):
            if isinstance(found, UnknownIdError) and found.id in report.refused_ids:
                continue  # the record of that id was refused: reported already
            report.add_checked(found)
    report.raise_any()
    return g


class _Report:
    """The problems of one file, each located (file, line), raised together."""

    def __init__(self, file: str | None, line_of: LineLookup,
                 written_as: WrittenLookup | None) -> None:
        self.file = file
        self.line_of = line_of
        self.written_as = written_as
        self.problems: list[StanceGraphError] = []
        self.refused_ids: set[str] = set()  # the ids of records refused before the checks
        self.refused_sections: set[str] = set()  # the sections with a refused record
        self.places: dict[str, tuple[str, int]] = {}  # a record's label -> its place

    def line(self, path: tuple[Any, ...]) -> int | None:
        """The line of ``path``, or of the nearest part of the file holding it."""
        for end in range(len(path), 0, -1):
            line = self.line_of(path[:end])
            if line is not None:
                return line
        return None

    def add(self, err: StanceGraphError, path: tuple[Any, ...]) -> None:
        moved = err.located(file=self.file, line=self.line(path))
        moved.others = ()
        if isinstance(moved, DuplicateIdError) and moved.first in self.places:
            moved.first_line = self.line(self.places[moved.first])
        self.problems.append(moved)

    def duplicates_of_refused(self, data: dict[Any, Any], places: dict[str, list[int]]) -> None:
        """Report the ids used twice where one of the two records was refused (the graph's
        checks, which see only the others, report the rest)."""
        if not self.refused_ids:
            return
        first: dict[str, tuple[str, int, bool]] = {}  # id -> its first record, and if kept
        for section in SECTIONS:
            records = data.get(section)
            if not isinstance(records, list):
                continue
            kept = set(places[section]) if section in self.refused_sections else None
            for i, record in enumerate(records):
                rid = record.get("id") if isinstance(record, dict) else None
                if not isinstance(rid, str):
                    continue
                ok = kept is None or i in kept
                if rid not in first:
                    first[rid] = (section, i, ok)
                    continue
                where, at, first_ok = first[rid]
                if ok and first_ok:
                    continue  # both are checked by the graph
                name = f"{where}[{at}]"
                self.places[name] = (where, at)
                self.add(DuplicateIdError(
                    "duplicate id", record=f"{section}[{i}]", field="id", id=rid,
                    first=name), (section, i, "id"))

    def add_checked(self, err: StanceGraphError) -> None:
        """Add an error of the graph's checks, which name the record by its label."""
        path: tuple[Any, ...] = self.places.get(err.record or "", ())
        if path and err.field:
            path = (*path, err.field.split(".")[0])
        self.add(err, path)

    def written(self, section: str, i: int) -> Callable[[Any, str], str | None] | None:
        """How a value of record ``i`` that is not text was written (see ``_hints``)."""
        lookup = self.written_as
        if lookup is None:
            return None
        end = self.line_of((section, i + 1))

        def written(value: Any, field: str) -> str | None:
            first = self.line((section, i, field.split(".")[0]))
            return lookup(value, first, end) if first is not None else None
        return written

    def raise_any(self) -> None:
        """Raise the file's problems, in the order of their lines, if there are any."""
        if not self.problems:
            return
        problems = sorted(self.problems, key=lambda e: (e.line is None, e.line or 0))
        raise problems[0].with_others(problems[1:])


def _validate(section: str, i: int, record: Any, report: _Report) -> Any:
    """The model of a record, or None if it is refused (its problems go to ``report``)."""
    where = f"{section}[{i}]"
    path: tuple[Any, ...] = (section, i)
    if not isinstance(record, dict):
        report.add(InvalidRecordError(f"the record is a {_kind(record)}", record=where,
                                      expected="a mapping of field names to values"), path)
        return None
    rid = record.get("id") if isinstance(record.get("id"), str) else None
    label = where if rid is None else f"{where} (id {rid!r})"
    kinds = _TYPES.get(section)
    refused = False
    if kinds is not None and record.get("type") not in kinds:
        kind = record.get("type")
        guess = choice_suggestion(kind, kinds) if isinstance(kind, str) else None
        report.add(InvalidRecordError(
            "missing field 'type'" if kind is None else f"unknown {section[:-1]} type",
            record=label, field="type", id=None if kind is None else str(kind),
            expected=" or ".join(kinds), suggestion=guess), (*path, "type"))
        if guess is None:
            if rid is not None:
                report.refused_ids.add(rid)
            return None
        record, refused = {**record, "type": guess}, True  # its other problems, as that type
    try:
        model = _ADAPTERS[section].validate_python(record)
    except ValidationError as err:
        for problem in field_problems(err, _model_of(section, record), record=label,
                                      written=report.written(section, i)):
            field = (problem.field or "").split(".")[0]
            report.add(problem, (*path, field) if field else path)
        refused = True
    if refused:
        if rid is not None:
            report.refused_ids.add(rid)
        return None
    return model


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
