"""The table of data formats stancegraph reads and writes, and the functions that use it.

>>> sorted(FORMATS)
['json', 'jsonld', 'nquads', 'ntriples', 'rdfxml', 'trig', 'turtle', 'yaml']
>>> format_for("debate.yml").name
'yaml'
>>> format_for("debate.xlsx")
Traceback (most recent call last):
...
stancegraph.errors.UnknownFormatError: unknown file format '.xlsx' (expected one of: json (.json), jsonld (.jsonld), nquads (.nq), ntriples (.nt), rdfxml (.rdf, .owl), trig (.trig), turtle (.ttl), yaml (.yaml, .yml))
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import InvalidRecordError, UnknownFormatError, closest
from ..graph import StanceGraph
from . import _json, _yaml
from ._files import PathOrStream, atomic_write_text, read_text, source_name
from ._records import from_records, to_records
from .rdf.formats import RDF_FORMATS, rdf_dumps, rdf_loads

__all__ = ["FORMATS", "Format", "dumps", "format_for", "load", "loads", "save"]


@dataclass(frozen=True)
class Format:
    """A data format: its name, file suffixes, and how to read and write it as text.

    ``load_options`` and ``dump_options`` name the keyword options its reader and writer take
    (``strict`` and ``base`` for RDF).
    """

    name: str
    suffixes: tuple[str, ...]
    loads: Callable[..., StanceGraph]
    dumps: Callable[..., str]
    load_options: tuple[str, ...] = ()
    dump_options: tuple[str, ...] = ()

    def check_options(self, given: dict[str, Any], accepted: tuple[str, ...], what: str) -> None:
        for name in given:
            if name not in accepted:
                raise InvalidRecordError(
                    f"the {self.name} {what} takes no option", id=name,
                    expected=f"one of: {', '.join(accepted)}" if accepted else "no options",
                    suggestion=closest(name, accepted))


def _yaml_loads(text: str, file: str | None) -> StanceGraph:
    data, lines = _yaml.parse(text, file)
    return from_records(data, file=file, line_of=lines.get)


def _json_loads(text: str, file: str | None) -> StanceGraph:
    data = _json.parse(text, file)

    @functools.cache
    def lines() -> dict[tuple[Any, ...], int]:
        # Line numbers are only needed for an error: find them then, by reading the JSON
        # text as YAML (its superset for these files); give up quietly if that fails.
        try:
            return _yaml.parse(text, file)[1]
        except Exception:
            return {}

    return from_records(data, file=file, line_of=lambda path: lines().get(path))


FORMATS: dict[str, Format] = {
    "yaml": Format(
        "yaml", (".yaml", ".yml"), _yaml_loads, lambda g: _yaml.dumps(to_records(g))
    ),
    "json": Format(
        "json", (".json",), _json_loads, lambda g: _json.dumps(to_records(g, json=True))
    ),
    **{
        name: Format(name, suffixes, functools.partial(rdf_loads, name),
                     functools.partial(rdf_dumps, name), ("strict",), ("base",))
        for name, (suffixes, _) in RDF_FORMATS.items()
    },
}


def _known() -> str:
    return ", ".join(f"{f.name} ({', '.join(f.suffixes)})" for _, f in sorted(FORMATS.items()))


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
    take ``strict=False`` to skip, with a warning, triples the mapping does not cover.

    >>> g = load(NATO_YAML)
    >>> g.counts()["stances"] > 50
    True
    """
    name = source_name(source)
    fmt = format_for(name, format)  # before reading: an unknown format reads nothing
    fmt.check_options(options, fmt.load_options, "reader")
    text, name = read_text(source)
    return fmt.loads(text, name, **options)


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
    fmt.check_options(options, fmt.load_options, "reader")
    return fmt.loads(text, None, **options)


def dumps(g: StanceGraph, *, format: str = "yaml", **options: Any) -> str:
    """Return the graph as text in the given format (``load(dumps(g))`` equals ``g``).

    RDF formats take ``base``, the IRI that ids are appended to (see docs/rdf.md).
    """
    fmt = format_for(format=format)
    fmt.check_options(options, fmt.dump_options, "writer")
    return fmt.dumps(g, **options)


def save(g: StanceGraph, path: str | os.PathLike[str], *, format: str | None = None,
         **options: Any) -> None:
    """Write the graph to ``path``, atomically: the file is complete or left as it was."""
    fmt = format_for(path, format)
    fmt.check_options(options, fmt.dump_options, "writer")
    atomic_write_text(path, fmt.dumps(g, **options))
