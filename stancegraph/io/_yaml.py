"""YAML data files: safe loading with line numbers, and readable dumps."""

from __future__ import annotations

from typing import Any

import yaml

from ..errors import ParseError

__all__ = ["dumps", "parse"]

LineIndex = dict[tuple[Any, ...], int]


def parse(text: str, file: str | None) -> tuple[Any, LineIndex]:
    """Parse YAML safely; return the data and the line of each section, record and field.

    Keys of the index are paths such as ``("stances",)``, ``("stances", 3)`` and
    ``("stances", 3, "target")``; lines count from 1.
    """
    loader = None
    try:
        loader = _Loader(text)  # checks the characters already
        node = loader.get_single_node()
        if node is None:
            return None, {}
        lines: LineIndex = {}
        _index(node, (), lines, depth=3, file=file)
        return loader.construct_document(node), lines
    except yaml.reader.ReaderError as err:
        line = text.count("\n", 0, err.position) + 1
        code = err.character if isinstance(err.character, int) else ord(err.character)
        raise ParseError(f"not valid YAML: character {code:#06x} is not allowed "
                         "in YAML text", file=file, line=line) from err
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None) or getattr(err, "context_mark", None)
        problem = getattr(err, "problem", None) or str(err)
        raise ParseError(f"not valid YAML: {problem}", file=file,
                         line=mark.line + 1 if mark is not None else None) from err
    except RecursionError as err:
        raise ParseError("not valid YAML: nested too deeply", file=file) from err
    finally:
        if loader is not None:
            loader.dispose()


class _Loader(yaml.SafeLoader):
    """PyYAML's safe loader, with values it cannot construct reported as YAML errors.

    PyYAML raises bare ``ValueError``, ``KeyError`` and the like for scalars such as
    ``2022-02-30`` or ``!!int x``; here they become errors that carry the line.
    """

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep)
        except yaml.YAMLError:
            raise
        except (ValueError, TypeError, KeyError, IndexError, AttributeError, OverflowError) as err:
            tag = node.tag.rsplit(":", 1)[-1]
            raise yaml.constructor.ConstructorError(
                None, None, f"cannot read {_short(node.value)} as {tag} ({err})",
                node.start_mark) from err


def _short(value: Any) -> str:
    text = repr(value) if isinstance(value, str) else type(value).__name__
    return text if len(text) <= 60 else text[:57] + "..."


def _index(node: yaml.Node, path: tuple[Any, ...], lines: LineIndex, depth: int,
           file: str | None) -> None:
    lines[path] = node.start_mark.line + 1
    if depth == 0:
        return
    if isinstance(node, yaml.MappingNode):
        seen: dict[Any, int] = {}
        for key, value in node.value:
            name = key.value if isinstance(key, yaml.ScalarNode) else None
            if name in seen:
                raise ParseError(
                    f"key {name!r} appears twice in one mapping (first on line {seen[name]}); "
                    "YAML would silently keep only the last",
                    file=file, line=key.start_mark.line + 1)
            if name is not None:
                seen[name] = key.start_mark.line + 1
                lines[(*path, name)] = key.start_mark.line + 1
                _index(value, (*path, name), lines, depth - 1, file)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _index(item, (*path, i), lines, depth - 1, file)


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
