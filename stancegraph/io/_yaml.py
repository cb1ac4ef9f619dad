"""YAML data files: safe loading with line numbers, and readable dumps.

Text is parsed by libyaml (PyYAML's ``CParser``) when PyYAML was built with it, and by PyYAML's
pure-Python parser otherwise (or when :data:`USE_LIBYAML` is set to False); both give the same
data and the same lines. Only plain data is built (PyYAML's safe constructor: no Python
objects); a date such as ``2022-03-29`` is read as a :class:`datetime.date`.

A data file is read one record at a time: each record of a section (``stances: [...]``) is built
from the parser's events as they come, without the node tree of the whole file (some 40 bytes of
objects for each byte of text), so memory stays near the size of the data. Only what is not
plain (anchors, aliases, tags, merge keys, keys that are not strings) goes through PyYAML's
composer and constructor, one record or value at a time. A key given twice in one mapping, a value PyYAML cannot construct (``2022-02-30``),
a character YAML does not allow and aliases that repeat too much (a "billion laughs" bomb) are
ParseErrors that name the line.

>>> data, lines = read("stances:\\n  - {holder: greens, relation: supports, target: x}\\n", None)
>>> data["stances"][0]["holder"], lines[("stances", 0)], lines[("stances", 0, "target")]
('greens', 2, 2)

For an error message, :meth:`Lines.written_as` finds how a value that is not text was written:
``aliases: [NO]`` (Norway) is read as the boolean false, as YAML 1.1 reads yes, no, on and off.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator, Mapping
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.events import (
    AliasEvent,
    Event,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..errors import ParseError

__all__ = ["ALIAS_NODES", "USE_LIBYAML", "Lines", "dumps", "parse", "read"]

#: Parse with libyaml (PyYAML's C parser) when PyYAML has it; tests set this to False to run
#: the pure-Python parser.
USE_LIBYAML: bool = bool(getattr(yaml, "__with_libyaml__", False))

#: Aliases (``*name``) may repeat at most this many nodes, or as many nodes as the file writes
#: out if that is more: past it, a file is refused as a "billion laughs" bomb.
ALIAS_NODES = 1_000_000

LineIndex = dict[tuple[Any, ...], int]

_STR = "tag:yaml.org,2002:str"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
#: Scalar tags the plain-value resolver gives that the fast path constructs itself; others
#: (``<<``, ``=``) take PyYAML's general path.
_SCALARS = frozenset({_STR, "tag:yaml.org,2002:int", "tag:yaml.org,2002:float",
                      "tag:yaml.org,2002:bool", "tag:yaml.org,2002:null",
                      "tag:yaml.org,2002:timestamp"})
#: Plain scalars remembered with their value (ids, relations, dates, numbers repeat): each is
#: resolved and constructed once, and held once.
_PLAIN_MEMO = 100_000
_UNSET: Any = object()
_CONSTRUCTION_ERRORS = (ValueError, TypeError, KeyError, IndexError, AttributeError,
                        OverflowError)


def read(text: str, file: str | None) -> tuple[Any, Lines]:
    """Parse a YAML data file safely; return its data and the line of each part of it.

    The lines (:class:`Lines`) are looked up by paths such as ``("stances",)``,
    ``("stances", 3)`` and ``("stances", 3, "target")``: a section, a record and a field (the
    line where its value starts); ``()`` is the top-level node. Lines count from 1.
    """
    try:
        data, lines = _read(text, file, streamed=True)
    except _Irregular:  # a top-level mapping with merge keys, tags, ...: no streaming
        data, lines = _read(text, file, streamed=False)
    lines.text = text
    return data, lines


def parse(text: str, file: str | None) -> tuple[Any, LineIndex]:
    """Like :func:`read`, with the lines as a plain dict (for small files such as a mapping).

    >>> parse("columns: {holder: who}", None)
    ({'columns': {'holder': 'who'}}, {(): 1, ('columns',): 1, ('columns', 'holder'): 1})
    """
    data, lines = read(text, file)
    return data, dict(lines)


def _read(text: str, file: str | None, *, streamed: bool) -> tuple[Any, Lines]:
    libyaml = USE_LIBYAML and _CLoader is not None
    loader: _CLoader | _PureLoader | None = None
    try:
        loader = _CLoader(text) if libyaml else _PureLoader(text)
        return loader.sg_read_document(file, streamed)
    except yaml.reader.ReaderError as err:
        position = err.position
        if libyaml:  # libyaml counts UTF-8 bytes, PyYAML characters
            position = len(text.encode("utf-8", "surrogatepass")[:position].decode(
                "utf-8", "ignore"))
        raise _bad_character(text, file, position,
                             err.character if isinstance(err.character, int)
                             else ord(err.character)) from err
    except UnicodeEncodeError as err:  # libyaml reads UTF-8: a lone surrogate cannot be
        raise _bad_character(text, file, err.start, ord(text[err.start])) from err
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None) or getattr(err, "context_mark", None)
        problem = getattr(err, "problem", None) or str(err)
        context, where = getattr(err, "context", None), getattr(err, "context_mark", None)
        if context and problem != context:  # "while parsing a flow mapping", ...
            if where is not None and mark is not None and where.line != mark.line:
                context += f" (line {where.line + 1})"
            problem = f"{context}, {problem}"
        raise ParseError(f"not valid YAML: {problem}", file=file,
                         line=mark.line + 1 if mark is not None else None) from err
    except RecursionError as err:
        raise ParseError("not valid YAML: nested too deeply", file=file,
                         line=_current_line(loader)) from err
    finally:
        if loader is not None:
            loader.dispose()


def _bad_character(text: str, file: str | None, position: int, code: int) -> ParseError:
    return ParseError(f"not valid YAML: character {code:#06x} is not allowed in YAML text",
                      file=file, line=text.count("\n", 0, position) + 1)


def _current_line(loader: Any) -> int | None:
    """The line of the last node the loader began to compose (where nesting got too deep)."""
    line: int | None = getattr(loader, "sg_line", None)
    return line


class _Irregular(Exception):
    """The top-level mapping is not a plain one; read the file again without streaming."""


# -- the line index --------------------------------------------------------------------------

class _Section:
    """The lines of one section's records, kept compactly.

    A record read on the fast path (a mapping of string keys) keeps its line, and the line of
    each field's value in the order of the record's keys (an ``array``); another record keeps
    a dict of its paths.
    """

    __slots__ = ("fields", "irregular", "offsets", "records", "starts")

    def __init__(self, records: list[Any]) -> None:
        self.records = records
        self.starts = array("q")  # each record's line
        self.offsets = array("q", [0])  # where each record's field lines start in ``fields``
        self.fields = array("q")
        self.irregular: dict[int, LineIndex] = {}  # index -> {(i, field...): line}

    def line(self, path: tuple[Any, ...]) -> int:
        i = path[0]
        if not isinstance(i, int) or not 0 <= i < len(self.starts):
            raise KeyError(path)
        if i in self.irregular:
            return self.irregular[i][path]
        if len(path) == 1:
            return self.starts[i]
        if len(path) == 2:
            for j, key in enumerate(self.records[i]):
                if key == path[1]:
                    return self.fields[self.offsets[i] + j]
        raise KeyError(path)

    def paths(self) -> Iterator[tuple[Any, ...]]:
        for i in range(len(self.starts)):
            if i in self.irregular:
                yield from self.irregular[i]
            else:
                yield (i,)
                yield from ((i, key) for key in self.records[i])


class Lines(Mapping[tuple[Any, ...], int]):
    """The line of each part of a data file, by path (see :func:`read`)."""

    def __init__(self) -> None:
        self._paths: LineIndex = {}
        self._sections: dict[str, _Section] = {}
        #: The text the lines are of (for :meth:`written_as`).
        self.text: str | None = None
        self._scalars: list[tuple[int, str]] | None = None

    def written_as(self, value: Any, first: int, last: int | None = None) -> str | None:
        """The text of the first plain (unquoted) scalar from line ``first`` to ``last`` (to
        the end: None) that YAML reads as ``value``, of its type: how a boolean, a number or a
        date that should have been text was written. None if there is none (or no text).

        Only for an error's message: the text is scanned again (once), token by token.

        >>> _, lines = read("actors:\\n  - {id: norway, aliases: [Norge, NO]}\\n", None)
        >>> lines.written_as(False, 2, 2), lines.written_as(True, 2, 2)
        ('NO', None)
        """
        if self.text is None or isinstance(value, str):
            return None
        if self._scalars is None:
            self._scalars = _plain_scalars(self.text)
        for line, text in self._scalars:
            if line < first or (last is not None and line > last):
                continue
            try:
                read_as = yaml.safe_load(text)
            except (yaml.YAMLError, *_CONSTRUCTION_ERRORS):
                continue
            if type(read_as) is type(value) and read_as == value:
                return text
        return None

    def __getitem__(self, path: tuple[Any, ...]) -> int:
        found = self._paths.get(path)
        if found is not None:
            return found
        section = self._sections.get(path[0]) if len(path) > 1 else None
        if section is None:
            raise KeyError(path)
        return section.line(path[1:])

    def __iter__(self) -> Iterator[tuple[Any, ...]]:
        yield from self._paths
        for name, section in self._sections.items():
            yield from ((name, *path) for path in section.paths())

    def __len__(self) -> int:
        return sum(1 for _ in self)


def _plain_scalars(text: str) -> list[tuple[int, str]]:
    """The line and text of each plain scalar of ``text`` that is not a string (``NO``,
    ``1984``, ``2022-03-29``), in order; as many as could be read (the text was read before)."""
    found: list[tuple[int, str]] = []
    loader = yaml.CSafeLoader if USE_LIBYAML and _CLoader is not None else yaml.SafeLoader
    resolver = yaml.SafeLoader.yaml_implicit_resolvers
    try:
        for token in yaml.scan(text, Loader=loader):
            if isinstance(token, yaml.ScalarToken) and token.plain and any(
                    pattern.match(token.value)
                    for _, pattern in resolver.get(token.value[:1], ())):
                found.append((token.start_mark.line + 1, token.value))
    except yaml.YAMLError:
        pass
    return found


def _index(node: Node, path: tuple[Any, ...], lines: LineIndex, depth: int) -> None:
    """Add the line of ``node`` and, ``depth`` levels down, of its items and values."""
    lines[path] = node.start_mark.line + 1
    if depth == 0:
        return
    if isinstance(node, MappingNode):
        for key, value in node.value:
            if isinstance(key, ScalarNode):
                _index(value, (*path, key.value), lines, depth - 1)
    elif isinstance(node, SequenceNode):
        for i, item in enumerate(node.value):
            _index(item, (*path, i), lines, depth - 1)


# -- the loaders -------------------------------------------------------------------------------

class _Reading:
    """What both loaders add to PyYAML: a data file read record by record, duplicate keys
    refused, construction errors with their line, and aliases bounded.

    Mixed in before PyYAML's Composer, parser and safe constructor (see ``_PureLoader`` and
    ``_CLoader``); the ``self: Any`` of its methods is such a loader.
    """

    sg_file: str | None = None
    sg_line: int | None = None
    #: Nodes written out so far, and nodes aliases have repeated.
    sg_written = 0
    sg_repeated = 0

    def sg_read_document(self: Any, file: str | None, streamed: bool) -> tuple[Any, Lines]:
        self.sg_file = file
        self.sg_anchored: set[int] = set()  # ids of nodes with an anchor (in self.anchors)
        self.sg_sizes: dict[int, int] = {}  # id of an anchored node -> its size, aliases
        # expanded
        self.sg_first_char = dict(self.yaml_implicit_resolvers)
        self.sg_plain_keys: dict[str, str] = {}  # keys that are strings when plain
        self.sg_quoted_keys: dict[str, str] = {}
        self.sg_plain: dict[str, Any] = {}  # plain scalar -> its value (all immutable)
        lines = Lines()
        self.get_event()  # the stream starts
        data = None
        if not self.check_event(StreamEndEvent):
            self.get_event()  # the document starts
            start = self.peek_event()
            if streamed and _plain_mapping(start) and None not in self.sg_first_char \
                    and not self.yaml_path_resolvers:
                data = self.sg_top_mapping(lines)
            else:
                node = self.compose_node(None, None)
                _index(node, (), lines._paths, 3)  # before merge keys are flattened
                data = self.construct_document(node)
            self.get_event()  # the document ends
            self.anchors: dict[str, Node] = {}
            if not self.check_event(StreamEndEvent):
                event = self.get_event()
                raise yaml.composer.ComposerError(
                    "expected a single document in the stream", start.start_mark,
                    "but found another document", event.start_mark)
        self.get_event()  # the stream ends
        return data, lines

    # -- the fast path: a mapping of sections, each a list of records ------------------------

    def sg_top_mapping(self: Any, lines: Lines) -> dict[Any, Any]:
        start = self.get_event()
        lines._paths[()] = start.start_mark.line + 1
        data: dict[Any, Any] = {}
        seen: dict[str, int] = {}
        while not self.check_event(MappingEndEvent):
            event = self.peek_event()
            if not _plain_scalar(event):
                raise _Irregular
            tag = self.sg_plain_tag(event)
            if tag not in _SCALARS:
                raise _Irregular
            self.get_event()
            self.sg_check_key(event, seen)
            key = self.sg_scalar(event, tag)
            value = self.peek_event()
            self.sg_written += 2
            if _plain_sequence(value):
                lines._paths[(event.value,)] = value.start_mark.line + 1
                records: list[Any] = []
                section = lines._sections[event.value] = _Section(records)
                self.sg_records(records, section)
                data[key] = records
            else:
                node = self.compose_node(None, None)
                _index(node, (event.value,), lines._paths, 2)
                data[key] = self.construct_document(node)
        self.get_event()
        return data

    def sg_records(self: Any, records: list[Any], section: _Section) -> None:
        self.get_event()  # the sequence starts
        fields = section.fields
        while not self.check_event(SequenceEndEvent):
            event = self.peek_event()
            i = len(records)
            section.starts.append(event.start_mark.line + 1)
            record = self.sg_record(fields) if _plain_mapping(event) else None
            if not isinstance(record, dict):  # not a mapping of strings: PyYAML's general path
                del fields[section.offsets[-1]:]
                node = self.compose_node(None, None) if record is None else record
                paths: LineIndex = {}
                _index(node, (i,), paths, 1)
                section.irregular[i] = paths
                record = self.construct_document(node)
            section.offsets.append(len(fields))
            records.append(record)
        self.get_event()

    def sg_record(self: Any, fields: array[int]) -> dict[Any, Any] | MappingNode:
        """Read a mapping of string keys as a dict, the line of each value into ``fields``;
        past a key that is not a plain string (``<<``, ``1``, ``&a``, ``[a, b]``), compose the
        rest and return the record's node instead.

        The hot loop of reading a data file: PyYAML's composer and constructor, inlined for
        untagged scalars without anchors (the resolver's rules, the constructor's functions).
        """
        peek, get, first_char = self.peek_event, self.get_event, self.sg_first_char
        plain_keys, quoted_keys, plain = self.sg_plain_keys, self.sg_quoted_keys, self.sg_plain
        start = get()
        read: list[tuple[Any, Any]] = []  # (key event, value event or node), to rebuild
        record: dict[Any, Any] = {}
        while True:
            event = peek()
            kind = type(event)
            if kind is MappingEndEvent:
                get()
                self.sg_written += 1 + 2 * len(read)
                return record
            if kind is not ScalarEvent or event.anchor is not None or event.tag is not None:
                node: MappingNode = self.sg_rest_of_mapping(start, read)
                return node
            name = event.value
            if event.implicit[0]:  # a plain key: true, 1, <<, 2022-01-01 are not strings
                known = plain_keys.get(name)
                if known is None:
                    tag = self.sg_plain_tag(event)
                    if tag != _STR:
                        if tag in _SCALARS:  # a key PyYAML cannot read is an error here
                            get()
                            self.sg_scalar(event, tag)
                            read.append((event, None))
                        node = self.sg_rest_of_mapping(start, read)
                        return node
                    if len(plain_keys) < _PLAIN_MEMO:
                        plain_keys[name] = name
                else:
                    name = known  # one string for every "holder" key
            else:
                known = quoted_keys.get(name)
                if known is None:
                    if len(quoted_keys) < _PLAIN_MEMO:
                        quoted_keys[name] = name
                else:
                    name = known
            get()
            if name in record:
                self.sg_check_key(event, {key.value: key.start_mark.line + 1 for key, _ in read})
            value = peek()
            if type(value) is ScalarEvent and value.anchor is None and value.tag is None:
                get()
                text = value.value
                if value.implicit[0]:  # plain: maybe a number, a date, null, ...
                    known = plain.get(text, _UNSET)
                    if known is _UNSET:
                        known = text
                        for tag, pattern in first_char.get(text[:1], ()):
                            if pattern.match(text):
                                known = self.sg_scalar(value, tag)
                                break
                        if len(plain) < _PLAIN_MEMO:
                            plain[text] = known
                    record[name] = known
                else:
                    record[name] = text
                read.append((event, value))
                fields.append(value.start_mark.line + 1)  # type: ignore[union-attr]
            else:  # an alias is on the line of the node it repeats, as in PyYAML's nodes
                composed = self.compose_node(None, None)
                record[name] = self.construct_document(composed)
                read.append((event, composed))
                fields.append(composed.start_mark.line + 1)

    def sg_rest_of_mapping(self: Any, start: Any, read: list[tuple[Any, Any]]) -> MappingNode:
        """The node of a mapping whose first ``read`` pairs were read on the fast path (a value
        None is still to be composed), with the rest of it composed."""
        node = MappingNode(self.resolve(MappingNode, None, start.implicit), [],
                           start.start_mark, None, flow_style=start.flow_style)
        for key_event, value in read:
            key_node = self.sg_scalar_node(key_event)
            if value is None:
                value = self.compose_node(node, key_node)
            elif isinstance(value, ScalarEvent):
                value = self.sg_scalar_node(value)
            node.value.append((key_node, value))
        while not self.check_event(MappingEndEvent):
            key_node = self.compose_node(node, None)
            node.value.append((key_node, self.compose_node(node, key_node)))
        node.end_mark = self.get_event().end_mark
        self.sg_check_keys(node)
        self.sg_written += 1
        return node

    def compose_node(self: Any, parent: Node | None, index: Any) -> Node:
        event = self.peek_event()
        self.sg_line = event.start_mark.line + 1  # where nesting got too deep, if it does
        if type(event) is AliasEvent:
            target = self.anchors.get(event.anchor)
            if target is not None:
                self.sg_repeated += self.sg_size(target, set())
                limit = max(ALIAS_NODES, self.sg_written)
                if self.sg_repeated > limit:
                    raise ParseError(
                        f"not valid YAML: aliases repeat more than {limit:,} nodes, which "
                        "would build a document far larger than its text (a \"billion "
                        "laughs\" YAML bomb?)", file=self.sg_file, line=self.sg_line,
                        id=f"*{event.anchor}",
                        expected=f"aliases that repeat at most {ALIAS_NODES:,} nodes, or as "
                                 "many as the file writes out")
        return super().compose_node(parent, index)  # type: ignore[misc, no-any-return]

    def compose_scalar_node(self: Any, anchor: Any) -> ScalarNode:
        return self.sg_written_node(super().compose_scalar_node(anchor), anchor)  # type: ignore[misc, no-any-return]

    def compose_sequence_node(self: Any, anchor: Any) -> SequenceNode:
        return self.sg_written_node(super().compose_sequence_node(anchor), anchor)  # type: ignore[misc, no-any-return]

    def compose_mapping_node(self: Any, anchor: Any) -> MappingNode:
        node = self.sg_written_node(super().compose_mapping_node(anchor), anchor)  # type: ignore[misc]
        self.sg_check_keys(node)
        return node  # type: ignore[no-any-return]

    def sg_written_node(self: Any, node: Node, anchor: Any) -> Node:
        """Count a node the file writes out, and remember it if it has an anchor."""
        self.sg_written += 1
        if anchor is not None:
            self.sg_anchored.add(id(node))
        return node

    def sg_size(self: Any, node: Node, active: set[int]) -> int:
        """How many nodes ``node`` holds with its aliases expanded (memoised for anchored
        nodes, so a DAG is walked once); an alias to an enclosing node is refused."""
        if isinstance(node, ScalarNode):
            return 1
        key = id(node)
        known: int | None = self.sg_sizes.get(key)
        if known is not None:
            return known
        if key in active:
            raise ParseError("not valid YAML: an alias refers to a node that holds it (a "
                             "recursive structure)", file=self.sg_file,
                             line=node.start_mark.line + 1, expected="plain data")
        active.add(key)
        total = 1
        if isinstance(node, SequenceNode):
            for item in node.value:
                total += self.sg_size(item, active)
        else:
            for k, v in node.value:
                total += self.sg_size(k, active) + self.sg_size(v, active)
        active.discard(key)
        if key in self.sg_anchored:
            self.sg_sizes[key] = total
        return total

    # -- keys and scalars ---------------------------------------------------------------------

    def sg_check_key(self: Any, event: Any, seen: dict[str, int]) -> None:
        line = event.start_mark.line + 1
        if event.value in seen:
            raise _duplicate(event.value, seen[event.value], line, self.sg_file)
        seen[event.value] = line

    def sg_check_keys(self: Any, node: MappingNode) -> None:
        seen: dict[str, int] = {}
        for key, _ in node.value:
            if isinstance(key, ScalarNode):
                line = key.start_mark.line + 1
                if key.value in seen:
                    raise _duplicate(key.value, seen[key.value], line, self.sg_file)
                seen[key.value] = line

    def sg_plain_tag(self: Any, event: Any) -> str:
        """The tag PyYAML's resolver gives the untagged scalar of ``event``."""
        if not event.implicit[0]:  # quoted
            return _STR
        value = event.value
        for tag, pattern in self.sg_first_char.get(value[:1], ()):
            if pattern.match(value):
                return tag  # type: ignore[no-any-return]
        return _STR

    def sg_scalar(self: Any, event: Any, tag: str) -> Any:
        if tag == _STR:
            return event.value
        node = ScalarNode(tag, event.value, event.start_mark, event.end_mark, style=event.style)
        if tag not in _SCALARS:  # "<<" or "=" as a value: PyYAML says what is wrong
            return self.construct_document(node)
        try:
            return self.yaml_constructors[tag](self, node)
        except _CONSTRUCTION_ERRORS as err:
            raise _unreadable(node, err) from err

    def sg_scalar_node(self: Any, event: Any) -> ScalarNode:
        return ScalarNode(self.sg_plain_tag(event), event.value, event.start_mark, event.end_mark,
                          style=event.style)

    def construct_object(self: Any, node: Node, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep)  # type: ignore[misc]
        except yaml.YAMLError:
            raise
        except _CONSTRUCTION_ERRORS as err:
            raise _unreadable(node, err) from err


def _plain_scalar(event: Event) -> bool:
    return type(event) is ScalarEvent and event.anchor is None and event.tag is None


def _plain_mapping(event: Event) -> bool:
    return (type(event) is MappingStartEvent and event.anchor is None
            and event.tag in (None, "!", _MAP))


def _plain_sequence(event: Event) -> bool:
    return (type(event) is SequenceStartEvent and event.anchor is None
            and event.tag in (None, "!", _SEQ))


def _duplicate(name: str, first: int, line: int, file: str | None) -> ParseError:
    return ParseError(f"key {name!r} appears twice in one mapping (first on line {first}); "
                      "YAML would silently keep only the last", file=file, line=line)


def _unreadable(node: Node, err: Exception) -> yaml.constructor.ConstructorError:
    """PyYAML raises bare ``ValueError``, ``KeyError`` and the like for scalars such as
    ``2022-02-30`` or ``!!int x``; they become errors that carry the line."""
    tag = node.tag.rsplit(":", 1)[-1]
    return yaml.constructor.ConstructorError(
        None, None, f"cannot read {_short(node.value)} as {tag} ({err})", node.start_mark)


def _short(value: Any) -> str:
    text = repr(value) if isinstance(value, str) else type(value).__name__
    return text if len(text) <= 60 else text[:57] + "..."


class _PureLoader(_Reading, yaml.SafeLoader):
    """PyYAML's pure-Python safe loader, reading as :class:`_Reading` says."""


if hasattr(yaml, "CSafeLoader"):
    class _CLoader(_Reading, Composer, yaml.CSafeLoader):
        """libyaml's parser under PyYAML's (Python) composer, reading as ``_Reading`` says."""

        def __init__(self, stream: str) -> None:
            yaml.CSafeLoader.__init__(self, stream)
            Composer.__init__(self)
else:  # pragma: no cover - PyYAML built without libyaml
    _CLoader = None  # type: ignore[assignment, misc]


# -- writing -----------------------------------------------------------------------------------

class _Dumper(yaml.SafeDumper):
    """Indents lists inside mappings, as people write YAML by hand."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> Any:
        return super().increase_indent(flow, False)


# YAML folds these line breaks inside plain and single-quoted scalars; only double quotes keep them.
_BREAKS = ("\x85", "\u2028", "\u2029")


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if any(b in value for b in _BREAKS):
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style='"')
    return dumper.represent_str(value)


_Dumper.add_representer(str, _represent_str)


def dumps(data: dict[str, Any]) -> str:
    """Dump plain data (dicts, lists, strings, numbers, dates) as block-style YAML."""
    text: str = yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True,
                          default_flow_style=False, width=100)
    return text
