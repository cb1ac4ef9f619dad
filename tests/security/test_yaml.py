"""YAML data files: libyaml and PyYAML's pure parser read alike, and hostile YAML is refused.

Every test here runs twice: with libyaml (PyYAML's C parser, the default when PyYAML has it)
and with PyYAML's pure-Python parser (``_yaml.USE_LIBYAML = False``). The bad-input tests of
``tests/io/test_bad_input.py`` are imported, so they run with both parsers too.

Hostile cases: "billion laughs" aliases (lists, merge keys, a top-level list the line index
walked to the third level, a members list repeated by every bloc), recursive aliases, nesting
deeper than the parsers allow, characters YAML does not allow (found by libyaml and PyYAML at
different offsets: bytes and characters), a lone surrogate (which libyaml cannot even encode),
keys given twice at any depth, and a bad last record in a large file (refused before the graph
is built).
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
import time
import tracemalloc
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings

import stancegraph as sg
from stancegraph.graph import StanceGraph
from stancegraph.io import _yaml
from stancegraph.synth import synthetic_debate
from tests.io import test_bad_input
from tests.strategies import graphs

ROOT = Path(__file__).parents[2]
NATO = ROOT / "examples" / "nato_2022.yaml"
CORPUS = Path(__file__).parent / "corpus" / "yaml"
LOADERS = ["libyaml", "pure"] if getattr(yaml, "__with_libyaml__", False) else ["pure"]

# The bad-input tests of tests/io, collected here again: they run with each parser below.
globals().update({name: test for name, test in vars(test_bad_input).items()
                  if name.startswith("test_") and callable(test)})


@pytest.fixture(params=LOADERS, autouse=True, scope="module")
def loader(request: pytest.FixtureRequest) -> Iterator[str]:
    """Run every test of this module with libyaml, then with PyYAML's pure parser."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_yaml, "USE_LIBYAML", request.param == "libyaml")
        yield request.param


# -- both parsers give the same data and lines ----------------------------------------------

def reference(text: str) -> tuple[Any, dict[tuple[Any, ...], int]]:
    """The data and line index as the reader before libyaml made them: PyYAML's safe loader
    over the whole node tree, and the line where each node to the third level starts."""
    data = yaml.safe_load(text)
    lines: dict[tuple[Any, ...], int] = {}

    def walk(node: yaml.Node, path: tuple[Any, ...], depth: int) -> None:
        lines[path] = node.start_mark.line + 1
        if depth and isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode):
                    walk(value, (*path, key.value), depth - 1)
        elif depth and isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                walk(item, (*path, i), depth - 1)

    node = yaml.SafeLoader(text).get_single_node()
    if node is not None:
        walk(node, (), 3)
    return data, lines


def read_with_both(text: str) -> tuple[Any, dict[tuple[Any, ...], int]]:
    """Read with each parser; assert they agree; return what they read."""
    found = []
    for use in LOADERS:
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(_yaml, "USE_LIBYAML", use == "libyaml")
            data, lines = _yaml.read(text, None)
            found.append((data, dict(lines)))
    for other in found[1:]:
        assert other == found[0]
    return found[0]


def test_the_seed_reads_alike_with_both_parsers_and_as_before() -> None:
    text = NATO.read_text(encoding="utf-8")
    assert read_with_both(text) == reference(text)


@settings(max_examples=60, deadline=None)
@given(g=graphs())
def test_a_random_graph_reads_alike_with_both_parsers_and_as_before(g: StanceGraph) -> None:
    text = sg.dumps(g, format="yaml")
    assert read_with_both(text) == reference(text)
    # JSON is YAML here (its lines are found by reading it as YAML): the same data as json,
    # unless it holds characters YAML does not allow (DEL, C1 controls: no lines then).
    as_json = sg.dumps(g, format="json")
    try:
        assert read_with_both(as_json)[0] == json.loads(as_json)
    except sg.ParseError as err:
        assert "is not allowed in YAML text" in str(err)


#: YAML that leaves the fast path somewhere: anchors, aliases, merge keys, tags, keys that are
#: not strings, records that are not mappings, flow style, comments, documents markers.
IRREGULAR = {
    "anchors-and-merge": """\
actors:
  - &base {id: germany, type: State, name: Germany, tags: [eu]}
  - <<: *base
    id: france
    name: France
  - {id: duo, type: Bloc, name: Duo, members: &both [germany, france]}
  - id: trio
    <<: {type: Bloc, name: Trio}
    members: *both
""",
    "merge-list": "a: &a {x: 1}\nb: &b {y: 2}\nstances:\n  - <<: [*a, *b]\n    z: 3\n",
    "tags": "stances:\n  - !!map {holder: !!str 1, n: !!int '2', d: !!timestamp 2022-01-01}\n",
    "odd-keys": "stances:\n  - {holder: x, 1: one, true: yes, ~: null, 2022-01-01: d}\n"
                "  - {'quoted': a, \"double\": b, ? complex : c}\n",
    "not-mappings": "stances:\n  - [a, b]\n  - plain\n  - \n  - {}\nactors: {x: 1}\n"
                    "positions: ~\nrelations: 3\n",
    "anchored-section": "actors: &a\n  - {id: x}\npositions: *a\n",
    "anchored-value": "actors:\n  - id: &i x\n    name: *i\n    date: &d 2022-01-01\n"
                      "  - {id: y, name: *d}\n",
    "top-level-merge": "base: &b {x: 1}\n<<: *b\nstances: [{a: 1}]\n",
    "top-level-list": "- {id: x}\n- [a, b]\n- c\n",
    "top-level-scalar": "just text\n",
    "tagged-top": "!!map {stances: [{a: 1}]}\n",
    "document-markers": "%YAML 1.1\n---\nstances:   # comment\n  - {a: 1}  # more\n...\n",
    "empty-document": "---\n...\n",
    "empty": "",
    "flow-everything": '{"stances": [{"holder": "x", "confidence": 0.5, "n": null}], '
                       '"actors": []}',
    "multi-line-values": "stances:\n  - holder:\n      x\n    quote: >-\n      folded\n"
                         "      text\n    members:\n      - a\n      - b\n",
    "value-tags": "stances:\n  - {a: !!str =, b: !!str <<, c: !!null ''}\n",
    "crlf": "stances:\r\n  - holder: x\r\n    target: y\r\n",
}


@pytest.mark.parametrize("text", list(IRREGULAR.values()), ids=list(IRREGULAR))
def test_irregular_yaml_reads_alike_with_both_parsers_and_as_before(text: str) -> None:
    assert read_with_both(text) == reference(text)


def test_libyaml_is_the_parser_when_pyyaml_has_it(loader: str,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    unused = _yaml._PureLoader if loader == "libyaml" else _yaml._CLoader

    def refuse(*args: Any) -> None:
        raise AssertionError("the other parser was used")

    monkeypatch.setattr(unused, "__init__", refuse)
    assert sg.loads("stances: []").counts()["stances"] == 0


# -- what libyaml and PyYAML do differently ------------------------------------------------------

def test_a_lone_surrogate_is_a_parse_error_with_its_line() -> None:
    # libyaml reads UTF-8, and a lone surrogate has no UTF-8 form (a raw UnicodeEncodeError).
    with pytest.raises(sg.ParseError, match=r"^line 2: not valid YAML: character 0xd800 is "
                       r"not allowed in YAML text"):
        sg.loads("actors:\n  - {id: x, type: State, name: a\ud800b}\n")


@pytest.mark.parametrize("char", ["\x01", "\x0c", "\x7f", "\x80", "\ufffe"])
def test_a_character_yaml_refuses_after_wide_ones_is_on_its_line(char: str) -> None:
    # libyaml says where in UTF-8 bytes, PyYAML in characters: both lines must be right.
    text = "sources:\n  - {id: s, title: Zürich 東京 🙂}\n  - {id: t, title: a" + char + "}\n"
    with pytest.raises(sg.ParseError, match=rf"^line 3: not valid YAML: character "
                       rf"{ord(char):#06x} is not allowed"):
        sg.loads(text)


@pytest.mark.parametrize("text", [
    "actors:\n  - id:\tx\n",  # a tab after a colon: libyaml reads it, PyYAML does not
    "actors:\n  - {id: x, name: a\x85b}\n",  # NEXT LINE: a line break for both
    "actors:\n  - id: x\n   name: y\n",  # bad indentation: the messages differ
    "actors:\n  - {id: x\n",
    "actors: [a, b\nstances: []\n",
    "actors:\n\t- x\n",
])
def test_what_the_parsers_read_differently_loads_or_names_a_line(text: str) -> None:
    try:
        _yaml.read(text, None)
    except sg.ParseError as err:
        assert err.line is not None, err


@pytest.mark.parametrize("opening", ["[", "{a: "])
def test_flow_nesting_deeper_than_the_parsers_allow(opening: str) -> None:
    with pytest.raises(sg.ParseError, match=r"^line 1: not valid YAML: .*(nest|deep)"):
        sg.loads("actors: " + opening * 5000)


def test_block_nesting_deeper_than_the_parsers_allow() -> None:
    text = "actors:\n" + "".join(" " * i + f"k{i}:\n" for i in range(1, 3000))
    with pytest.raises(sg.ParseError, match=r"^line \d+: not valid YAML: .*(nest|deep)"):
        sg.loads(text)


def test_nesting_libyaml_allows_but_python_cannot_compose_names_a_line() -> None:
    # 900 levels: within libyaml's limit (1000), beyond what a recursive composer manages.
    with pytest.raises(sg.ParseError, match=r"^line 1: not valid YAML: "):
        sg.loads("actors: " + "[" * 900 + "]" * 900)


# -- keys given twice, at any depth -----------------------------------------------------------

@pytest.mark.parametrize(("text", "key", "line", "first"), [
    ("stances:\n  - {holder: x, holder: y}\n", "holder", 2, 2),  # on one line
    ("stances: []\nactors: []\nstances: []\n", "stances", 3, 1),
    ("actors:\n  - id: x\n    extra: {a: 1, b: 2}\n    extra: 3\n", "extra", 4, 3),
    ("actors:\n  - id: x\n    extra:\n      a: 1\n      a: 2\n", "a", 5, 4),  # deep
    ("b: &b {x: 1}\nstances:\n  - <<: *b\n    id: s\n    id: t\n", "id", 5, 4),
    ("actors:\n  - &a {id: x}\n  - <<: *a\n    <<: *a\n", "<<", 4, 3),
])
def test_a_key_given_twice_is_refused_with_both_lines(text: str, key: str, line: int,
                                                      first: int) -> None:
    with pytest.raises(sg.ParseError, match=rf"^line {line}: key '{re.escape(key)}' appears "
                       rf"twice in one mapping \(first on line {first}\)"):
        sg.loads(text)


def test_a_merged_key_given_again_is_not_a_duplicate() -> None:
    text = "actors:\n  - &a {id: x, type: State, name: X}\n  - <<: *a\n    id: y\n"
    assert sorted(sg.loads(text).actors) == ["x", "y"]


# -- aliases: "billion laughs" and their kin ---------------------------------------------------

def laughs(levels: int, width: int = 10, prefix: str = "") -> str:
    """Anchors a0..a<levels>, each a list of ``width`` aliases of the one before."""
    lines = [f"{prefix}a0: &a0 [" + ", ".join(["lol"] * width) + "]"]
    for i in range(1, levels + 1):
        lines.append(f"{prefix}a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * width) + "]")
    return "\n".join(lines) + "\n"


BOMB = r"not valid YAML: aliases repeat more than 1,000,000 nodes"


def test_billion_laughs_is_refused_at_the_alias_that_goes_too_far() -> None:
    with pytest.raises(sg.ParseError, match=rf"^line 6: {BOMB}.* '\*a4' \(expected aliases "
                       r"that repeat at most 1,000,000 nodes"):
        sg.loads(laughs(9))


def test_billion_laughs_inside_a_record() -> None:
    bomb = laughs(8).replace("\n", "\n      ")
    text = f"stances:\n  - holder: x\n    bomb:\n      {bomb}quote: [*a8, *a8, *a8]\n"
    with pytest.raises(sg.ParseError, match=BOMB):
        sg.loads(text)


def merges(levels: int) -> list[str]:
    """Anchors m0..m<levels>, each merging ten aliases of the one before."""
    lines = ["m0: &m0 {" + ", ".join(f"k{i}: {i}" for i in range(10)) + "}"]
    return lines + [f"m{i}: &m{i} {{<<: [" + ", ".join([f"*m{i - 1}"] * 10) + "]}"
                    for i in range(1, levels + 1)]


def test_merge_keys_merged_as_they_are_read_stay_small() -> None:
    # Each top-level value is built as soon as it is read, and PyYAML merges a mapping's
    # repeated keys once: every m<i> holds the ten keys of m0 (no bomb, an unknown key).
    with pytest.raises(sg.ParseError, match=r"^line 1: unknown top-level key 'm0'"):
        sg.loads("\n".join(merges(30)) + "\n")


def test_merge_keys_composed_together_count_as_repeated() -> None:
    text = "stances:\n  - holder: x\n    bomb:\n      " + "\n      ".join(merges(9)) + "\n"
    with pytest.raises(sg.ParseError, match=BOMB):
        sg.loads(text)


def test_aliases_the_line_index_would_walk_to_the_third_level() -> None:
    # The reader before walked the node tree three levels down, aliases and all: 300 ** 3
    # nodes from a 4 KB file (20 to 50 s, then "the file holds a list").
    width = 300
    text = "\n".join(["- &r [x, x]", "- &p [" + ", ".join(["*r"] * width) + "]",
                      "- &q [" + ", ".join(["*p"] * width) + "]", *(["- *q"] * width)])
    with pytest.raises(sg.ParseError, match=rf"^line \d+: {BOMB}"):
        sg.loads(text)


def test_a_members_list_repeated_by_every_bloc() -> None:
    # Valid data, 150 KB, 2.25 million memberships: loaded (slowly, hugely) before.
    n = 1500
    actors = [f"  - {{id: m{i}, type: State, name: M{i}}}" for i in range(n)]
    members = ", ".join(f"m{i}" for i in range(n))
    blocs = [f"  - {{id: b0, type: Bloc, name: B, members: &all [{members}]}}"]
    blocs += [f"  - {{id: b{i}, type: Bloc, name: B, members: *all}}" for i in range(1, n)]
    with pytest.raises(sg.ParseError, match=rf"^line \d+: {BOMB}.* '\*all'"):
        sg.loads("\n".join(["actors:", *actors, *blocs]) + "\n")


def test_aliases_within_the_budget_load() -> None:
    # Reuse as people write it: a shared members list, and defaults merged into each record.
    n = 200
    actors = [f"  - {{id: m{i}, type: State, name: M{i}}}" for i in range(n)]
    members = ", ".join(f"m{i}" for i in range(n))
    blocs = [f"  - {{id: b0, type: Bloc, name: B, members: &all [{members}]}}"]
    blocs += [f"  - {{id: b{i}, type: Bloc, name: B, members: *all}}" for i in range(1, 50)]
    g = sg.loads("\n".join(["actors:", *actors, *blocs]) + "\n")
    assert len(g.node("b49").members) == n


def test_an_alias_to_a_node_that_holds_it() -> None:
    with pytest.raises(sg.ParseError, match=r"^line 1: not valid YAML: an alias refers to a "
                       r"node that holds it"):
        sg.loads("a: &a [x, *a]\nb: *a\n")


@pytest.mark.parametrize(("text", "message"), [
    ("stances:\n  - {holder: *nope}\n", r"^line 2: not valid YAML: found undefined alias"),
    ("stances:\n  - {holder: &a x, target: &a y}\n",
     r"^line 2: not valid YAML: found duplicate anchor 'a'; first occurrence, second "),
    ("stances: []\n---\nactors: []\n", r"^line 2: not valid YAML: expected a single document "
                                        r"in the stream \(line 1\), but found another document"),
    ("stances:\n  - {date: 2022-02-30}\n", r"^line 2: not valid YAML: cannot read "
                                          r"'2022-02-30' as timestamp"),
    ("stances:\n  - {2022-02-30: x}\n", r"^line 2: not valid YAML: cannot read "
                                       r"'2022-02-30' as timestamp"),
    ("stances:\n  - {n: !!python/name:os.system x}\n",
     r"^line 2: not valid YAML: could not determine a constructor"),
])
def test_yaml_errors_name_their_line(text: str, message: str) -> None:
    with pytest.raises(sg.ParseError, match=message):
        sg.loads(text)


# -- a bad last record fails before the graph is built ------------------------------------------

def test_a_bad_last_record_fails_before_the_graph_is_built(
        monkeypatch: pytest.MonkeyPatch) -> None:
    text = sg.dumps(synthetic_debate(3000, actors=100, targets=20), format="yaml")
    text = text[:text.rindex("confidence: ")] + "confidence: 2\n"
    last_line = text.count("\n")

    def built(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("the graph was built before the records were checked")

    monkeypatch.setattr(StanceGraph, "add_all", built)
    with pytest.raises(sg.InvalidRecordError, match=rf"^line {last_line}, stances\[2999\] "
                       r"\(id 's2999'\), field 'confidence': invalid value 2"):
        sg.loads(text)


@functools.cache
def large_files(stances: int = 5000) -> tuple[str, str]:
    """One synthetic debate as YAML (5,000 stances: 0.7 MB) and as JSON."""
    g = synthetic_debate(stances, actors=500, targets=100)
    return sg.dumps(g, format="yaml"), sg.dumps(g, format="json")


def cpu_seconds(text: str, fmt: str) -> float:
    start = time.process_time()
    sg.loads(text, format=fmt)
    return time.process_time() - start


@pytest.mark.slow
def test_a_large_file_loads_in_about_the_time_of_the_same_json(loader: str) -> None:
    # Before libyaml: 30 times the JSON time (a 50 MB file: 182 s); now less than twice.
    # Processor time, not wall time: a busy machine slows both alike.
    if loader == "pure":
        pytest.skip("the pure-Python parser is some 15 times slower than libyaml")
    yaml_text, json_text = large_files()
    yaml_s = min(cpu_seconds(yaml_text, "yaml") for _ in range(2))
    json_s = min(cpu_seconds(json_text, "json") for _ in range(2))
    assert yaml_s < 3 * json_s + 0.3, (yaml_s, json_s)


@pytest.mark.slow
def test_a_large_file_needs_no_more_memory_than_the_same_json(loader: str) -> None:
    # Before: the whole node tree (some 40 bytes of objects a byte of text), 5 times JSON's
    # peak; now one record's nodes at a time.
    yaml_text, json_text = large_files(5000 if loader == "libyaml" else 1000)
    peaks = []
    for text, fmt in ((yaml_text, "yaml"), (json_text, "json")):
        tracemalloc.start()
        try:
            sg.loads(text, format=fmt)
            peaks.append(tracemalloc.get_traced_memory()[1])
        finally:
            tracemalloc.stop()
    assert peaks[0] < 1.5 * peaks[1], peaks


def test_dates_and_values_read_as_before() -> None:
    data, _ = _yaml.read("a: [2022-03-29, 2022-03-29 10:00:00, 1_000, 0x1f, .inf, yes, ~, "
                         "'2022-03-29', 1e3]\n", None)
    assert data["a"][:5] == [dt.date(2022, 3, 29), dt.datetime(2022, 3, 29, 10), 1000, 31,
                             float("inf")]
    assert data["a"][5:] == [True, None, "2022-03-29", "1e3"]


def test_the_corpus_of_hostile_yaml_is_refused_with_a_line() -> None:
    for path in sorted(CORPUS.glob("*.yaml")):
        try:
            sg.load(path)
        except sg.ParseError as err:
            assert err.line is not None, (path.name, err)
        except sg.StanceGraphError:
            pass
