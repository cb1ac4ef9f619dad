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
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, {}
        lines: LineIndex = {}
        _index(node, (), lines, depth=3, file=file)
        return loader.construct_document(node), lines
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None) or getattr(err, "context_mark", None)
        problem = getattr(err, "problem", None) or str(err)
        raise ParseError(f"not valid YAML: {problem}", file=file,
                         line=mark.line + 1 if mark is not None else None) from err
    finally:
        loader.dispose()


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


def dumps(data: dict[str, Any]) -> str:
    """Dump plain data (dicts, lists, strings, numbers, dates) as block-style YAML."""
    text: str = yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True,
                          default_flow_style=False, width=100)
    return text
