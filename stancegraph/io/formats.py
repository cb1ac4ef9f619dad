"""The table of data formats stancegraph reads and writes, and the functions that use it.

>>> sorted(FORMATS)
['csv', 'dna', 'gexf', 'graphml', 'json', 'jsonl', 'jsonld', 'nquads', 'ntriples', 'parquet', 'rdfxml', 'trig', 'tsv', 'turtle', 'yaml']
>>> format_for("debate.yml").name
'yaml'
>>> format_for("debate.xlsx")
Traceback (most recent call last):
...
stancegraph.errors.UnknownFormatError: unknown file format '.xlsx' (expected one of: csv (.csv), dna (.dna, read only), gexf (.gexf, written only), graphml (.graphml, written only), json (.json), jsonl (.jsonl, .ndjson), jsonld (.jsonld), nquads (.nq), ntriples (.nt), parquet (.parquet), rdfxml (.rdf, .owl), trig (.trig), tsv (.tsv, .tab), turtle (.ttl), yaml (.yaml, .yml))

GEXF and GraphML are written for network tools (Gephi, Cytoscape, yEd), from a graph, a signed
network or a coalition result (see :mod:`stancegraph.io.exchange`); they are not read back.
Discourse Network Analyzer databases (``.dna``, SQLite) are read, from their path, and not
written (see :mod:`stancegraph.io.dna`). Statement tables (CSV, TSV, JSON Lines, Parquet) hold
one stance a row (see :mod:`stancegraph.io.tables`).
"""

from __future__ import annotations

import functools
import importlib
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import ArgumentError, InvalidRecordError, UnknownFormatError, closest
from ..graph import StanceGraph
from ..progress import step
from . import _json, _yaml
from ._files import (
    PathOrStream,
    atomic_write_bytes,
    atomic_write_text,
    read_bytes,
    read_text,
    source_name,
)
from ._records import from_records, to_records
from ._suffixes import EXCHANGE_SUFFIXES, RDF_SUFFIXES, TABLE_OPTIONS, TABLE_SUFFIXES

if TYPE_CHECKING:
    from .exchange import Exchangeable

__all__ = ["FORMATS", "Format", "Later", "dumps", "format_for", "load", "loads", "save"]


@dataclass(frozen=True)
class Later:
    """A reader or writer imported on its first call: ``module``'s ``name``, called with
    ``args`` before the caller's arguments (a format's code and its library, such as rdflib or
    pyarrow, are imported only when a file of that format is read or written)."""

    module: str
    name: str
    args: tuple[Any, ...] = ()

    def function(self) -> Callable[..., Any]:
        """The function itself (importing its module)."""
        found: Callable[..., Any] = getattr(importlib.import_module(self.module), self.name)
        return found

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self.function()(*self.args, *args, **kwargs)


@dataclass(frozen=True)
class Format:
    """A data format: its name, file suffixes, and how to read and write it as text.

    ``loads`` is None for a format that is written only, ``dumps`` for one that is read only.
    ``load_options`` and ``dump_options`` name the keyword options its reader and writer take
    (``strict`` and ``base`` for RDF); ``writes`` the kinds of object it can hold. A format
    ``read_from_path`` (a database) is read by ``loads(path_or_stream, name)`` from the file
    itself, not from its text, and so cannot be read by :func:`loads`. A ``binary`` format's
    writer returns bytes (Parquet): :func:`save` writes them, :func:`dumps` refuses.
    """

    name: str
    suffixes: tuple[str, ...]
    loads: Callable[..., StanceGraph] | None
    dumps: Callable[..., str | bytes] | None
    load_options: tuple[str, ...] = ()
    dump_options: tuple[str, ...] = ()
    writes: tuple[str, ...] = ("StanceGraph",)
    read_from_path: bool = False
    binary: bool = False
    #: "yaml", "json", "rdf", "exchange", "dna" or "table".
    family: str = ""
    #: What the format cannot hold of a graph: ``beside(g, path)`` writes it beside the file
    #: :func:`save` wrote at ``path``, and ``beside(g, None)`` warns about it for
    #: :func:`dumps` (statement tables: :func:`~stancegraph.io.tables.convert.write_beside`).
    beside: Callable[..., None] | None = None

    def reader(self) -> Callable[..., StanceGraph]:
        """The function reading this format; refuses a format that is written only."""
        if self.loads is None:
            readable = ", ".join(name for name, f in sorted(FORMATS.items()) if f.loads)
            raise UnknownFormatError(
                "stancegraph writes but does not read the format", id=self.name,
                expected=f"a format it reads: {readable}")
        return self.loads

    def writer(self) -> Callable[..., str | bytes]:
        """The function writing this format; refuses a format that is read only."""
        if self.dumps is None:
            writable = ", ".join(name for name, f in sorted(FORMATS.items()) if f.dumps)
            raise UnknownFormatError(
                "stancegraph reads but does not write the format", id=self.name,
                expected=f"a format it writes: {writable}")
        return self.dumps

    def check_writes(self, obj: object) -> None:
        self.writer()
        if not _is_one_of(obj, self.writes):
            holders = ", ".join(name for name, f in sorted(FORMATS.items())
                                if _is_one_of(obj, f.writes))
            raise InvalidRecordError(
                f"a {type(obj).__name__} cannot be written in the format", id=self.name,
                expected=f"one of: {holders}" if holders else "a StanceGraph")

    def check_options(self, given: dict[str, Any], accepted: tuple[str, ...], what: str) -> None:
        for name in given:
            if name not in accepted:
                raise ArgumentError(
                    f"the {self.name} {what} takes no option", id=name,
                    expected=f"one of: {', '.join(accepted)}" if accepted else "no options",
                    suggestion=closest(name, accepted))


def _yaml_loads(text: str, file: str | None) -> StanceGraph:
    data, lines = _yaml.read(text, file)
    return from_records(data, file=file, line_of=lines.get, written_as=lines.written_as)


def _yaml_dumps(g: StanceGraph) -> str:
    return _yaml.dumps(to_records(g))


def _json_dumps(g: StanceGraph) -> str:
    return _json.dumps(to_records(g, json=True))


def _json_loads(text: str, file: str | None) -> StanceGraph:
    data = _json.parse(text, file)

    @functools.cache
    def lines() -> Mapping[tuple[Any, ...], int]:
        # Line numbers are only needed for an error: find them then, by reading the JSON
        # text as YAML (its superset for these files); give up quietly if that fails.
        try:
            return _yaml.read(text, file)[1]
        except Exception:
            return {}

    return from_records(data, file=file, line_of=lambda path: lines().get(path))


def _is_one_of(obj: object, names: tuple[str, ...]) -> bool:
    """Whether ``obj`` is an instance of one of the classes ``names`` (a stance graph, or one
    of the analysis' results, whose module is imported only for an object that is not)."""
    if isinstance(obj, StanceGraph):
        return "StanceGraph" in names
    analysis = importlib.import_module("stancegraph.analysis")
    return any(isinstance(obj, getattr(analysis, name)) for name in names
               if name != "StanceGraph")


def _table_loads(name: str, source: PathOrStream, file: str | None,
                 **options: Any) -> StanceGraph:
    from .tables.convert import table_loads

    if FORMATS[name].read_from_path:  # Parquet: the bytes of the file
        data, file = read_bytes(source)
    else:  # the text of the file
        assert isinstance(source, str)
        data = source
    return table_loads(name, data, file, **options)


def _exchange_dumps(name: str, obj: Exchangeable) -> str:
    from .exchange import exchange_dumps

    return exchange_dumps(obj, name)


_HERE = __name__.rsplit(".", 1)[0]  # stancegraph.io

FORMATS: dict[str, Format] = {
    "yaml": Format("yaml", (".yaml", ".yml"), _yaml_loads, _yaml_dumps, family="yaml"),
    "json": Format("json", (".json",), _json_loads, _json_dumps, family="json"),
    **{
        name: Format(name, suffixes, Later(f"{_HERE}.rdf.formats", "rdf_loads", (name,)),
                     Later(f"{_HERE}.rdf.formats", "rdf_dumps", (name,)), ("strict",),
                     ("base", "derived"), family="rdf")
        for name, suffixes in RDF_SUFFIXES.items()
    },
    **{
        name: Format(name, suffixes, None, functools.partial(_exchange_dumps, name),
                     writes=("StanceGraph", "SignedNetwork", "CoalitionResult"),
                     family="exchange")
        for name, suffixes in EXCHANGE_SUFFIXES.items()
    },
    "dna": Format("dna", (".dna",), Later(f"{_HERE}.dna", "read_dna"), None,
                  ("strict", "statement_type"), read_from_path=True, family="dna"),
    **{
        name: Format(name, suffixes, functools.partial(_table_loads, name),
                     Later(f"{_HERE}.tables.convert", "table_dumps", (name,)), TABLE_OPTIONS,
                     read_from_path=name == "parquet", binary=name == "parquet",
                     family="table",
                     beside=Later(f"{_HERE}.tables.convert", "write_beside", (name,)))
        for name, suffixes in TABLE_SUFFIXES.items()
    },
}


def _known() -> str:
    def only(f: Format) -> str:
        return "" if f.loads and f.dumps else ", written only" if f.dumps else ", read only"

    return ", ".join(f"{f.name} ({', '.join(f.suffixes)}{only(f)})"
                     for _, f in sorted(FORMATS.items()))


def format_for(path: str | os.PathLike[str] | None = None, format: str | None = None) -> Format:
    """Return the format named ``format``, or else the one ``path``'s suffix belongs to."""
    if format is not None:
        if format not in FORMATS:
            raise UnknownFormatError("unknown format", id=format, expected=f"one of: {_known()}",
                                     suggestion=closest(format, FORMATS))
        return FORMATS[format]
    suffix = Path(os.fspath(path)).suffix.lower() if path is not None else ""
    for fmt in FORMATS.values():
        if suffix in fmt.suffixes:
            return fmt
    raise UnknownFormatError("unknown file format", id=suffix or str(path),
                             expected=f"one of: {_known()}")


def load(source: PathOrStream, *, format: str | None = None, **options: Any) -> StanceGraph:
    """Read a graph from a file path or an open stream.

    The format comes from ``format`` or else from the file name's suffix. A file with any
    error loads nothing: the error names the file, line, record, field and id. RDF formats
    take ``strict=False`` to skip, with a warning, triples the mapping does not cover; a DNA
    database (``.dna``) takes ``strict=True`` to refuse statements that are not stances
    instead of skipping them with a warning, and ``statement_type`` (docs/dna.md).

    >>> g = load(NATO_YAML)
    >>> g.counts()["stances"] > 50
    True
    """
    name = source_name(source)
    fmt = format_for(name, format)  # before reading: an unknown format reads nothing
    reader = fmt.reader()
    fmt.check_options(options, fmt.load_options, "reader")
    with step(f"reading {name or fmt.name}"):
        if fmt.read_from_path:  # a database: the reader opens the file itself
            return reader(source, name, **options)
        text, name = read_text(source)
        return reader(text, name, **options)


def loads(text: str, *, format: str = "yaml", **options: Any) -> StanceGraph:
    """Read a graph from text in the given format (options as for :func:`load`).

    >>> loads('''
    ... actors: [{id: greens, type: Organization, name: Green Party}]
    ... positions: [{id: four-day-week, type: PolicyOption, name: Four-day working week}]
    ... stances: [{holder: greens, relation: supports, target: four-day-week,
    ...            date: 2023-09-10, source: "https://example.org/greens"}]
    ... ''')
    <StanceGraph: 1 actor, 1 position, 0 sources, 0 relations, 1 stance>
    """
    fmt = format_for(format=format)
    reader = fmt.reader()
    if fmt.read_from_path:
        raise UnknownFormatError("cannot read from text the format", id=fmt.name,
                                 expected="sg.load(path): the format is read from its file")
    fmt.check_options(options, fmt.load_options, "reader")
    return reader(text, None, **options)


def dumps(g: Exchangeable, *, format: str = "yaml", **options: Any) -> str:
    """Return the graph as text in the given format (``load(dumps(g))`` equals ``g``).

    RDF formats take ``base``, the IRI that ids are appended to, and ``derived=True`` to also
    write the stances rolled up to the actors they count for (see docs/rdf.md). GEXF and
    GraphML (written only) also take a :class:`~stancegraph.SignedNetwork` or a
    :class:`~stancegraph.CoalitionResult`.
    """
    fmt = format_for(format=format)
    fmt.check_writes(g)
    if fmt.binary:
        raise UnknownFormatError("cannot give as text the binary format", id=fmt.name,
                                 expected="sg.save(g, path): the format is written to a file")
    fmt.check_options(options, fmt.dump_options, "writer")
    with step(f"writing {fmt.name}"):
        text = fmt.writer()(g, **options)
        if fmt.beside is not None and isinstance(g, StanceGraph):
            fmt.beside(g, None)  # no file to write the rest beside: a warning names it
    assert isinstance(text, str)
    return text


def save(g: Exchangeable, path: str | os.PathLike[str], *, format: str | None = None,
         **options: Any) -> None:
    """Write the graph to ``path``, atomically: the file is complete or left as it was.

    The format comes from ``format`` or else from the suffix; a suffix that names another
    format than ``format`` is refused (``save(g, "out.csv", format="turtle")``).
    ``sg.save(g, "debate.gexf")`` or ``"debate.graphml"`` writes the graph for Gephi,
    Cytoscape or yEd, and so does ``sg.save(sg.coalitions(g), "camps.gexf")`` for the signed
    actor network with each actor's camp (see :mod:`stancegraph.io.exchange`). A statement
    table (``.csv``, ``.tsv``, ``.jsonl``, ``.parquet``) holds the stances; what it cannot
    hold (relations, bloc members, sources' dates, ...) goes beside it, in
    ``<stem>.graph.yaml`` and ``<stem>.mapping.yaml``, the mapping that reads it back
    (docs/tables.md, *Writing*).
    """
    fmt = format_for(path, format)
    _check_suffix(path, fmt)
    fmt.check_writes(g)
    fmt.check_options(options, fmt.dump_options, "writer")
    with step(f"writing {os.fspath(path)}"):
        data = fmt.writer()(g, **options)
        if isinstance(data, bytes):
            atomic_write_bytes(path, data)
        else:
            atomic_write_text(path, data)
        if fmt.beside is not None and isinstance(g, StanceGraph):
            fmt.beside(g, path)  # what the format cannot hold, beside it


def _check_suffix(path: str | os.PathLike[str], fmt: Format) -> None:
    """Refuse to write ``fmt`` into a file whose suffix names another format (Turtle into
    ``out.csv``); a suffix of no format (``.txt``, none) takes any."""
    suffix = Path(os.fspath(path)).suffix.lower()
    named = next((f for f in FORMATS.values() if suffix in f.suffixes), None)
    if named is not None and named is not fmt:
        raise ArgumentError(
            f"the file name says {named.name}, the format asked for is {fmt.name}",
            id=os.fspath(path),
            expected=f"a file name ending in {' or '.join(fmt.suffixes)}, or format="
                     f"{named.name!r}")
