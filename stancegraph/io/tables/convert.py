"""Statement tables in the format table: reading a table's contents into a graph, and a
graph's stances into a table's contents (one row per stance). See :mod:`.tables`.

>>> text = table_dumps("csv", nato)
>>> text.splitlines()[0]
'id,holder,relation,target,date,source,speaker,quote,attribution,confidence,intensity,conditions,except,retracted,retracted_on,superseded_by,note,strength,holder_type,holder_name,target_type,target_name,speaker_name,source_title'
>>> converted = convert("csv", text, "nato.csv")  # the rows, and the problems of the bad ones
>>> {p.field for p in converted.problems}  # bloc exceptions: a table has no bloc members
{'except'}

A statement table holds the stances, and of each node its id, type and name: not the
relations between actors, bloc members, sources' dates, aliases, nodes no stance names.
:func:`table_losses` says what a graph would lose. Written to a file, the rest goes beside
the table (:func:`write_beside`): ``<stem>.graph.yaml``, a data file of the graph without
its stances, and ``<stem>.mapping.yaml``, a mapping naming it (``graph:``), with which the
table reads back as the graph it was written from:

>>> import pathlib, tempfile
>>> path = pathlib.Path(tempfile.mkdtemp()) / "nato.csv"
>>> sg.save(nato, path)
>>> sorted(p.name for p in path.parent.iterdir())
['nato.csv', 'nato.graph.yaml', 'nato.mapping.yaml']
>>> sg.read_statements(path, mapping=companion_mapping(path)) == nato
True
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from ..._stance_rows import COLUMNS, OPTIONAL_COLUMNS, StanceRows, collector_paused
from ...errors import (
    ArgumentError,
    BadRowsError,
    InvalidRecordError,
    RowProblem,
    SkippedRowsWarning,
    StanceGraphWarning,
    closest,
)
from ...graph import StanceGraph
from ...model import ACTOR_TYPES, POSITION_TYPES, Bloc, Stance, is_id
from .. import _yaml
from .._files import atomic_write_text
from .._records import to_records
from .._suffixes import TABLE_OPTIONS
from .files import read_table, write_table
from .mapping import FIELDS, Lookup, make_mapping, read_lookups
from .rows import Converted, statements_from_table

__all__ = ["ON_ERROR", "TABLE_OPTIONS", "check_on_error", "companion_mapping", "companions",
           "convert", "finish", "table_dumps", "table_loads", "table_losses", "write_beside"]

ON_ERROR = ("fail", "skip")
_COLUMN_TYPES = {"date": "date", "retracted_on": "date", "confidence": "float",
                 "retracted": "bool", "conditions": "list", "except": "list"}


def check_on_error(on_error: str) -> None:
    if on_error not in ON_ERROR:
        raise ArgumentError("on_error must be 'fail' or 'skip', not", id=str(on_error),
                                 expected="fail (load nothing if a row is bad) or skip (load "
                                          "the good rows and report the bad ones)",
                                 suggestion=closest(str(on_error), ON_ERROR))


def convert(format: str, data: str | bytes, file: str | None, *,
            columns: Mapping[str, str] | None = None,
            relations: Mapping[Any, str] | None = None,
            mapping: str | os.PathLike[str] | Mapping[str, Any] | None = None,
            actors: str | os.PathLike[str] | None = None,
            targets: str | os.PathLike[str] | None = None,
            types: Mapping[str, str] | None = None, missing: Any = None,
            scale: Any = None) -> Converted:
    """Read a table's contents into a graph, with every bad row's problems (none raised)."""
    checked = make_mapping(mapping, columns=columns, relations=relations, actors=actors,
                           targets=targets, types=types, missing=missing, scale=scale)
    lookup = read_lookups(checked.lookups)
    base = None if checked.graph is None else _read_graph(checked.graph)
    if base is not None:
        _look_up(base, lookup, checked.graph)
    with collector_paused():
        table = read_table(data, format, file)
        converted = statements_from_table(table, checked, lookup)
        return converted if base is None else _onto(base, converted)


def finish(converted: Converted, file: str | None, on_error: str, *, warn: bool,
           stacklevel: int = 3) -> StanceGraph:
    """The graph, or a BadRowsError listing the bad rows (``on_error="fail"``); with
    ``"skip"``, the good rows' graph and (if ``warn``) a SkippedRowsWarning pointing
    ``stacklevel`` frames up (3: the caller of the function calling this one)."""
    if not converted.problems:
        return converted.graph
    bad, rows = converted.bad_rows, converted.rows
    if on_error == "fail":
        verb = "is not a valid statement" if bad == 1 else "are not valid statements"
        raise BadRowsError(
            f"{bad} of {rows} rows {verb}; nothing was loaded (on_error='skip' loads the "
            f"other {rows - bad})",
            file=file, problems=converted.problems)
    if warn:
        lines = "".join(f"\n  {line}" for line in
                        RowProblem.summarise(converted.problems))
        warnings.warn(SkippedRowsWarning(
            f"{file or 'table'}: skipped {bad} of {rows} rows that are not valid statements:"
            f"{lines}", converted.problems), stacklevel=stacklevel)
    return converted.graph


def table_loads(format: str, data: str | bytes, file: str | None, *, on_error: str = "fail",
                **options: Any) -> StanceGraph:
    """Read a statement table (text, or bytes for Parquet) into a graph."""
    check_on_error(on_error)
    # The warning points at the caller of sg.load (load -> the format table -> here).
    return finish(convert(format, data, file, **options), file, on_error, warn=True,
                  stacklevel=5)


def table_dumps(format: str, g: StanceGraph) -> str | bytes:
    """The graph's stances as a statement table: text, or bytes for Parquet."""
    return write_table(statement_columns(g), format, types=_COLUMN_TYPES)


def _stance_fields(g: StanceGraph) -> dict[str, list[Any]]:
    """The stance fields as columns, as a table writes them (``except``; empty lists as no
    value), from the graph's one decoder (a million stances in about a second, where
    rebuilding each stance takes ten)."""
    aliases = {name: field.alias or name for name, field in Stance.model_fields.items()}
    columns = {aliases[name]: values for name, values in g.stance_fields().items()}
    for name in ("conditions", "except"):
        columns[name] = [value or None for value in columns[name]]
    return columns


def statement_columns(g: StanceGraph) -> dict[str, list[Any]]:
    """One row per stance, in the order added: every stance field, the type and name of its
    holder and target, its speaker's name, and its source's title (a Source, not a URL)."""
    columns = _stance_fields(g)
    nodes = g.nodes

    def about(column: str, attribute: str) -> list[Any]:
        memo = {id: getattr(nodes.get(id), attribute, None) for id in set(columns[column])}
        return [memo[id] for id in columns[column]]

    columns.update(holder_type=about("holder", "type"), holder_name=about("holder", "name"),
                   target_type=about("target", "type"), target_name=about("target", "name"),
                   speaker_name=about("speaker", "name"), source_title=about("source", "title"))
    return {name: columns[name] for name in FIELDS}


# -- what a table cannot hold: written beside it, read back through the mapping's graph: -------

def table_losses(g: StanceGraph) -> list[str]:
    """What a statement table of ``g`` cannot hold, one phrase per kind (empty: nothing):
    read back with no mapping, the table gives the stances and, of each node a stance names,
    its id, type and name (a source's title), and nothing else.

    >>> table_losses(sg.loads('''
    ... actors: [{id: a, type: State, name: A}, {id: b, type: State, name: B, wikidata: Q1},
    ...          {id: c, type: State, name: C}]
    ... relations: [{subject: a, relation: talks-with, object: c}]
    ... stances: [{holder: a, relation: opposes, target: b}]'''))
    ['1 relation between actors (talks-with)', '1 node no stance names (c)', 'the wikidata of 1 actor (b)']
    """
    losses: list[str] = []
    relations = g.relations.values()
    if relations:
        kinds = sorted({r.relation for r in relations})
        losses.append(f"{_count(len(relations), 'relation')} between actors "
                      f"({', '.join(kinds)})")
    fields = g.stance_fields()
    named = {id for role in ("holder", "target", "speaker", "source")
             for id in fields[role] if id is not None}
    in_conditions = {c for cs in fields["conditions"] for c in cs or () if is_id(c)} - named
    silent = sorted(id for id in g.nodes if id not in named and id not in in_conditions)
    if silent:
        losses.append(f"{_count(len(silent), 'node')} no stance names ({_ids(silent)})")
    # A position named only in conditions comes back as a PolicyOption named by its id.
    changed = sorted(id for id in in_conditions if id in g.nodes and (
        g.nodes[id].type != "PolicyOption" or getattr(g.nodes[id], "name", id) != id))
    if changed:
        losses.append(f"the type or name of {_count(len(changed), 'position')} named only in "
                      f"conditions ({_ids(changed)})")
    held = {"id", "type", "name", "title"}
    lost: dict[str, list[str]] = {}
    for id in sorted(named | in_conditions):
        node = g.nodes.get(id)
        if node is None:  # a URL source
            continue
        for name, value in node.model_dump(exclude_defaults=True).items():
            if name not in held and value not in (None, (), [], ""):
                lost.setdefault(name, []).append(id)
    for name, ids in sorted(lost.items()):
        losses.append(f"the {name} of {_count(len(ids), _kind(g, ids))} ({_ids(ids)})")
    return losses


def _kind(g: StanceGraph, ids: list[str]) -> str:
    """What the nodes ``ids`` are, in a word: sources, actors, positions, or nodes."""
    kinds = {"source" if t == "Source" else "actor" if t in ACTOR_TYPES else "position"
             for t in (g.nodes[id].type for id in ids)}
    return kinds.pop() if len(kinds) == 1 else "node"


def companions(path: str | os.PathLike[str]) -> tuple[Path, Path]:
    """The files :func:`write_beside` writes beside a table at ``path``: the graph without
    its stances, and the mapping naming it.

    >>> [p.name for p in companions("debate/stances.csv")]
    ['stances.graph.yaml', 'stances.mapping.yaml']
    """
    table = Path(os.fspath(path))
    stem = table.stem if table.suffix else table.name
    return table.with_name(f"{stem}.graph.yaml"), table.with_name(f"{stem}.mapping.yaml")


def companion_mapping(path: str | os.PathLike[str]) -> Path | None:
    """The mapping :func:`write_beside` wrote beside the table at ``path``, if there is one:
    pass it as ``mapping=`` (``stancegraph import --mapping``) to read back what the table
    cannot hold. Never read unless passed: a table from elsewhere may come with any file."""
    mapping = companions(path)[1]
    return mapping if mapping.is_file() else None


def write_beside(format: str, g: StanceGraph, path: str | os.PathLike[str] | None) -> None:
    """Keep what a table of ``g`` in ``format`` cannot hold (:func:`table_losses`).

    With a ``path`` (the table was written there), write beside it, atomically,
    ``<stem>.graph.yaml`` -- ``g`` without its stances, a data file -- and
    ``<stem>.mapping.yaml``, naming it; reading the table with that mapping gives ``g``
    back. Nothing is written when nothing would be lost. Without a path (the table as text,
    ``sg.dumps``), warn with a :class:`~stancegraph.StanceGraphWarning` naming what is lost.
    """
    losses = table_losses(g)
    if not losses:
        return
    if path is None:
        warnings.warn(StanceGraphWarning(
            f"a {format} statement table holds the stances and the ids, types and names of the "
            f"nodes they name; this one leaves out {'; '.join(losses)} (write it to a file "
            "with sg.save or write_statements to keep them beside it, or keep the graph as "
            "YAML, JSON or RDF)"), stacklevel=4)
        return
    graph, mapping = companions(path)
    table = Path(os.fspath(path)).name
    records = to_records(g.restricted([]))
    note = "".join(f"\n#   {loss}" for loss in losses)
    atomic_write_text(graph, (
        f"# Written by stancegraph beside {table}, which holds the stances: the nodes, "
        f"sources and relations\n# they are about, with every field. Read the table with "
        f"{mapping.name} to get them back.\n") + _yaml.dumps(records))
    atomic_write_text(mapping, (
        f"# Written by stancegraph beside {table}: read the table with this mapping\n"
        f"#   sg.read_statements({table!r}, mapping={mapping.name!r})\n"
        f"#   stancegraph import {table} --mapping {mapping.name} -o OUT\n"
        f"# to get back what a statement table cannot hold, kept in {graph.name}:{note}\n"
        f"graph: {graph.name}\n"))


def _read_graph(path: Path) -> StanceGraph:
    """The graph a mapping's ``graph:`` names: a data file without stances."""
    from ..formats import format_for, load  # the format table imports this module lazily

    if format_for(path).family == "table":
        raise InvalidRecordError("a mapping's graph must be a data file, not a statement table",
                                 file=str(path), expected="a YAML, JSON or RDF file of the "
                                 "nodes, sources and relations")
    base = load(path)
    if len(base.stances):
        raise InvalidRecordError(
            f"the graph a mapping names holds {_count(len(base.stances), 'stance')}",
            file=str(path), expected="a data file of the nodes, sources and relations only: "
                                     "the table holds the stances")
    return base


def _look_up(base: StanceGraph, lookup: Lookup, path: Path | None) -> None:
    """Add the actors and positions of ``base`` to ``lookup``, so that the table's ids,
    names and aliases find them. A bloc lists, for this reading only, its members by
    ``member-of`` relations too: the table's ``except`` cells are checked against them
    (the graph that comes out has the bloc as ``base`` has it, and the relations)."""
    for node in base.nodes.values():
        if node.type == "Source":
            continue  # the table makes its sources; _onto puts base's in their place
        if node.id in lookup.nodes:
            raise InvalidRecordError("a node is in both a lookup table and the mapping's graph",
                                     file=str(path), id=node.id,
                                     expected="each node in one of them")
        if isinstance(node, Bloc):
            joined = [r.subject for r in base.member_relations(node.id)]
            if joined:
                members = sorted({*node.members, *joined})
                node = Bloc.model_validate({**node.model_dump(by_alias=True),
                                            "members": members})
        lookup.nodes[node.id] = node
    for node in base.nodes.values():
        lookup.ids_of.setdefault(node.id, node.id)
    for node in base.nodes.values():  # names and aliases: an id, or the first, keeps one
        for text in (getattr(node, "name", None), *getattr(node, "aliases", ())):
            if text is not None:
                lookup.ids_of.setdefault(text, node.id)


def _onto(base: StanceGraph, converted: Converted) -> Converted:
    """The table's stances on ``base``'s nodes and relations: nodes the table made that
    ``base`` lacks are added, the table's sources give way to ``base``'s (with every field)."""
    made = converted.graph
    g = base.restricted([])  # base's nodes and relations, no stances
    extra = [node for id, node in made.nodes.items() if id not in base.nodes]
    g.add_all(sources=[n for n in extra if n.type == "Source"],
              actors=[n for n in extra if n.type in ACTOR_TYPES],
              positions=[n for n in extra if n.type in POSITION_TYPES])
    refused = g.add_stance_rows(_stance_rows(made), on_error="skip")
    if not refused:
        return replace(converted, graph=g)
    bad = {p.row for p in converted.problems}
    good = [row for row in range(1, converted.rows + 1) if row not in bad]
    problems = converted.problems + [
        RowProblem(good[r.row], r.error.message, field=r.error.field, value=r.error.id,
                   expected=r.error.expected, suggestion=r.error.suggestion)
        for r in refused]
    return replace(converted, graph=g, problems=sorted(problems, key=lambda p: p.row))


def _stance_rows(g: StanceGraph) -> StanceRows:
    """The graph's stances as rows for another graph's bulk door."""
    fields = g.stance_fields()
    aliases = {name: field.alias or name for name, field in Stance.model_fields.items()}
    plain = {name: fields[name] for name in (*COLUMNS, *OPTIONAL_COLUMNS) if name != "id"}
    others = [name for name in fields if name not in plain and name != "id"]
    extra: list[dict[str, Any] | None] = []
    for i in range(len(fields["id"])):
        more = {aliases[name]: fields[name][i] for name in others
                if fields[name][i] not in (None, False, (), [])}
        extra.append(more or None)
    return StanceRows(list(fields["id"]), **plain,
                      extra=extra if any(more is not None for more in extra) else None)


def _count(n: int, what: str) -> str:
    return f"{n:,} {what}{'' if n == 1 else 's'}"


def _ids(ids: list[str], shown: int = 5) -> str:
    return ", ".join(ids[:shown]) + (f", ... ({len(ids) - shown} more)" if len(ids) > shown
                                     else "")
