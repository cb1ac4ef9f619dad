"""Bad input fails cleanly: a StanceGraphError that says where, and nothing half-done.

Whatever text or data is handed to ``sg.loads``, the result is a graph or a
:class:`~stancegraph.StanceGraphError` -- never a stray ``yaml.YAMLError``, pydantic
``ValidationError``, ``TypeError`` or ``RecursionError``. Errors about a record name it
(``stances[3]``) and, for YAML, its line. Failed writes and failed adds change nothing.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

import stancegraph as sg
from stancegraph.model import SECTIONS, is_id, is_url
from tests.strategies import graphs, ids, json_values

ROOT = Path(__file__).parents[2]
NATO_RECORDS: dict[str, list[dict[str, Any]]] = yaml.safe_load(
    (ROOT / "examples" / "nato_2022.yaml").read_text(encoding="utf-8")
)
FORMATS = ("yaml", "json")
SETTINGS = settings(max_examples=60, deadline=None)
RECORD = re.compile(r"\b(sources|actors|positions|relations|stances)\[\d+\]")

MODELS = (sg.Source, sg.Person, sg.State, sg.Organization, sg.Bloc, sg.Agreement,
          sg.PolicyOption, sg.Claim, sg.Relation, sg.Stance)
#: Every field name and alias a record may use (``except_`` is the Python name of ``except``).
FIELD_NAMES = sorted(
    {name for model in MODELS for name in model.model_fields}
    | {f.alias for model in MODELS for f in model.model_fields.values() if f.alias}
)
REQUIRED = {
    "sources": ("id", "title"),
    "actors": ("id", "type", "name"),
    "positions": ("id", "type", "name"),
    "relations": ("subject", "relation", "object"),
    "stances": ("holder", "relation", "target"),
}
#: Fields holding one id, and fields holding a list of ids (conditions: those shaped like ids).
REFERENCES = ("holder", "target", "speaker", "subject", "object", "about", "broader",
              "reported_in", "superseded_by", "source")
REFERENCE_LISTS = ("members", "parties", "except", "conditions")


def _iso(value: Any) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"not JSON: {value!r}")


def dump(data: Any, fmt: str) -> str:
    """Plain data as the text of a data file, written by the plain yaml and json modules."""
    if fmt == "yaml":
        return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
    return json.dumps(data, default=_iso, ensure_ascii=False, indent=1)


def load_or_error(text: str, fmt: str) -> sg.StanceGraphError | None:
    """Load the text; return the StanceGraphError it raised, or None if it loaded.

    Any other exception propagates and fails the test.
    """
    try:
        result = sg.loads(text, format=fmt)
    except sg.StanceGraphError as err:
        return err
    assert isinstance(result, sg.StanceGraph)
    return None


def graph_ids(g: sg.StanceGraph) -> set[str]:
    return {*g.nodes, *g.relations, *(s.id for s in g.stances if s.id is not None)}


NATO_IDS = graph_ids(sg.loads(dump(NATO_RECORDS, "yaml")))


# -- any text, any data ------------------------------------------------------------------------

#: Pieces of YAML and JSON syntax, joined at random into text that is nearly a data file.
FRAGMENTS = [
    "sources:", "actors:", "positions:", "relations:", "stances:", "\n", "\n  ", "\n  - ", "- ",
    ": ", ", ", "{", "}", "[", "]", "'", '"', "# ", "&a ", "*a", "<<: ", "? ", "---\n", "...\n",
    "%YAML 1.1\n", "|\n", ">\n", "\t", "\\", "~", "null", "true", "1.5", "1e999", "-0", "0x1f",
    "2022-01-01", "2022-02-30", "12:30:00", "!!str ", "!!int ", "!!float ", "!!bool ",
    "!!timestamp ", "!!binary ", "!!set ", "!!omap ", "!!python/name:os.system ", "!local ",
    "id", "type", "State", "Bloc", "name", "holder", "relation", "supports", "target",
    "members", "except", "x", "y", "é",
]
nearly_files = st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=3), max_size=30).map("".join)


@SETTINGS
@given(text=st.text() | nearly_files, fmt=st.sampled_from(FORMATS))
def test_any_text_loads_or_raises_a_stancegraph_error(text: str, fmt: str) -> None:
    load_or_error(text, fmt)


# Text on which PyYAML raises something other than a yaml.YAMLError (ValueError, KeyError, ...),
# or raises before stancegraph starts catching (the control character); found by the property
# above. Each must become a ParseError that names the line.
_UNREADABLE_YAML = {
    "control-character": "actors: [{id: x, type: State, name: a\x0cb}]",  # e.g. pasted in
    "day-30-feb": "sources: [{id: s, title: T, date: 2022-02-30}]",  # a typo in a date
    "month-13": "sources: [{id: s, title: T, date: 2022-13-01}]",
    "hour-25": "sources: [{id: s, title: T, date: 2022-01-01 25:00:00}]",
    "5000-digits": "actors: [{id: x, type: State, name: " + "9" * 5000 + "}]",
    "int-tag": "actors: [{id: x, type: State, name: !!int x}]",
    "empty-int-tag": "actors: [{id: x, type: State, name: !!int }]",
    "float-tag": "actors: [{id: x, type: State, name: !!float x}]",
    "bool-tag": "actors: [{id: x, type: State, name: !!bool x}]",
    "timestamp-tag": "actors: [{id: x, type: State, name: !!timestamp x}]",
}


@pytest.mark.parametrize("text", list(_UNREADABLE_YAML.values()),
                         ids=list(_UNREADABLE_YAML))
def test_yaml_pyyaml_cannot_read_is_a_parse_error(text: str) -> None:
    with pytest.raises(sg.ParseError, match=r"^line 1\b"):
        sg.loads(text)


def test_yaml_nested_too_deeply_is_a_parse_error() -> None:
    # JSON says "not valid JSON: nested too deeply"; YAML raises a bare RecursionError.
    with pytest.raises(sg.ParseError, match="not valid YAML"):
        sg.loads("actors: " + "[" * 1000)


@pytest.mark.parametrize("value", ["{}", "false", "0", "''"])
def test_a_section_that_is_not_a_list_is_refused_even_when_empty(value: str) -> None:
    # "stances: {a: 1}" is refused; "stances: {}" must not load as "no stances" either.
    with pytest.raises(sg.ParseError, match=r"^line 1: 'stances' holds a .*expected a list"):
        sg.loads(f"stances: {value}\n")


_tokens = st.sampled_from(["germany", "france", "duo", "tanks", "s1", "State", "Bloc", "Person",
                           "PolicyOption", "Agreement", "supports", "opposes", "member-of",
                           "leads", "2022-01-01", "https://example.org/a"])
_field_values = json_values | _tokens | st.lists(_tokens, max_size=3)
_records = st.dictionaries(st.sampled_from(FIELD_NAMES) | st.text(max_size=6), _field_values,
                           max_size=8)
data_files = st.dictionaries(
    st.sampled_from([*SECTIONS, "stance", ""]),
    st.lists(_records | json_values, max_size=4) | json_values,
    max_size=5,
)


@SETTINGS
@given(data=json_values | data_files, fmt=st.sampled_from(FORMATS))
def test_any_data_loads_or_raises_a_stancegraph_error(data: Any, fmt: str) -> None:
    load_or_error(dump(data, fmt), fmt)


# -- one mutation of a valid file ---------------------------------------------------------------

@dataclass
class Mutation:
    records: dict[str, list[dict[str, Any]]]
    section: str
    index: int
    kind: str  # replace, delete, add or rename
    field: str


def _references(record: dict[str, Any]) -> list[tuple[str, int | None]]:
    """(field, index in its list or None) of every id reference the record makes."""
    found: list[tuple[str, int | None]] = []
    for field in REFERENCES:
        value = record.get(field)
        if isinstance(value, str) and not (field == "source" and is_url(value)):
            found.append((field, None))
    for field in REFERENCE_LISTS:
        for i, value in enumerate(record.get(field) or ()):
            if is_id(value):
                found.append((field, i))
    return found


@st.composite
def mutations(draw: st.DrawFn) -> Mutation:
    """The records of the seed debate or of a generated graph, with one record changed."""
    if draw(st.booleans()):
        records, known = copy.deepcopy(NATO_RECORDS), NATO_IDS
    else:
        g = draw(graphs())
        records, known = sg.to_records(g, json=True), graph_ids(g)
    section = draw(st.sampled_from([s for s in SECTIONS if records.get(s)]))
    index = draw(st.integers(0, len(records[section]) - 1))
    record = records[section][index]
    refs = _references(record)
    kind = draw(st.sampled_from(["replace", "delete", "add"] + (["rename"] if refs else [])))
    if kind == "replace":
        field = draw(st.sampled_from(sorted(record)))
        record[field] = draw(_field_values)
    elif kind == "delete":
        field = draw(st.sampled_from([f for f in REQUIRED[section] if f in record]))
        del record[field]
    elif kind == "add":
        field = draw(st.text(max_size=12).filter(lambda name: name not in FIELD_NAMES))
        record[field] = draw(json_values)
    else:
        field, i = draw(st.sampled_from(refs))
        new = draw(ids.filter(lambda id: id not in known))
        if i is None:
            record[field] = new
        else:
            record[field] = [*record[field][:i], new, *record[field][i + 1:]]
    return Mutation(records, section, index, kind, field)


@SETTINGS
@given(m=mutations(), fmt=st.sampled_from(FORMATS))
def test_a_mutated_file_loads_or_the_error_names_the_record(m: Mutation, fmt: str) -> None:
    err = load_or_error(dump(m.records, fmt), fmt)
    if m.kind in ("delete", "add", "rename"):  # these always break the file
        assert err is not None, f"{m.kind} {m.section}[{m.index}].{m.field} was accepted"
    if err is None:
        return
    message = str(err)
    assert RECORD.search(message), message
    if m.kind != "replace" or isinstance(err, sg.InvalidRecordError):
        # Only the changed record can be malformed or hold the broken reference.
        assert f"{m.section}[{m.index}]" in message, message
    if fmt == "yaml":
        assert "line " in message, message


# -- each kind of error, by example ------------------------------------------------------------

BASE = """\
actors:
  - {id: germany, type: State, name: Germany}
  - {id: france, type: State, name: France}
  - {id: olaf-scholz, type: Person, name: Olaf Scholz}
  - {id: duo, type: Bloc, name: Paris-Berlin, members: [germany, france]}
positions:
  - {id: weapons, type: PolicyOption, name: Weapons}
  - {id: tanks, type: PolicyOption, name: Tanks, broader: weapons}
stances:
  - {id: s1, holder: germany, relation: opposes, target: tanks}
"""


def with_stance(fields: str) -> str:
    """BASE with one more stance, stances[1] on line 11."""
    return BASE + f"  - {{{fields}}}\n"


def test_base_file_is_valid() -> None:
    assert sg.loads(BASE).counts() == {"actors": 4, "positions": 2, "sources": 0,
                                       "relations": 0, "stances": 1}


def test_unknown_holder_suggests_the_closest_id() -> None:
    with pytest.raises(sg.UnknownIdError, match=r"^line 11, stances\[1\], field 'holder': "
                       r"unknown actor 'germny' .*did you mean 'germany'\?\)$"):
        sg.loads(with_stance("holder: germny, relation: supports, target: tanks"))


def test_duplicate_id() -> None:
    with pytest.raises(sg.DuplicateIdError, match=r"line 11, stances\[1\], field 'id': "
                       r"duplicate id 'tanks'"):
        sg.loads(with_stance("id: tanks, holder: france, relation: supports, target: weapons"))


def test_confidence_out_of_range() -> None:
    with pytest.raises(sg.InvalidRecordError, match=r"line 11, stances\[1\], field "
                       r"'confidence': invalid value 2"):
        sg.loads(with_stance("holder: france, relation: supports, target: tanks, confidence: 2"))


def test_unknown_top_level_key() -> None:
    with pytest.raises(sg.ParseError, match=r"line 11: unknown top-level key 'stance' "
                       r"\(expected sources, actors, .*; did you mean 'stances'\?\)"):
        sg.loads(BASE + "stance: []\n")


def test_superseded_by_an_unknown_stance() -> None:
    with pytest.raises(sg.UnknownIdError, match=r"stances\[1\], field 'superseded_by': "
                       r"unknown stance 's2'"):
        sg.loads(with_stance("holder: france, relation: supports, target: tanks, "
                             "superseded_by: s2"))


def test_except_on_a_holder_that_is_not_a_bloc() -> None:
    with pytest.raises(sg.IntegrityError, match=r"stances\[1\], field 'except': 'except' "
                       r"applies to a Bloc holder, not the State 'germany'"):
        sg.loads(with_stance("holder: germany, relation: supports, target: tanks, "
                             "except: [france]"))


def test_bloc_except_naming_a_non_member() -> None:
    with pytest.raises(sg.UnknownIdError, match=r"stances\[1\], field 'except': not a member "
                       r"of bloc 'duo': 'olaf-scholz'"):
        sg.loads(with_stance("holder: duo, relation: supports, target: tanks, "
                             "except: [olaf-scholz]"))


def test_cycle_of_broader_positions() -> None:
    text = BASE.replace("name: Weapons}", "name: Weapons, broader: tanks}")
    with pytest.raises(sg.IntegrityError, match=r"line 7, positions\[0\], field 'broader': "
                       r"broader forms a cycle weapons -> tanks -> weapons"):
        sg.loads(text)


def test_yaml_duplicate_key_names_both_lines() -> None:
    text = "actors:\n  - id: germany\n    type: State\n    name: Germany\n    name: Deutschland\n"
    with pytest.raises(sg.ParseError, match=r"^line 5: key 'name' appears twice in one mapping "
                       r"\(first on line 4\)"):
        sg.loads(text)


def test_invalid_yaml_names_the_line() -> None:
    with pytest.raises(sg.ParseError, match=r"^line 4: not valid YAML"):
        sg.loads("actors:\n  - id: x\n    name: [a\n")


def test_invalid_json_names_the_line() -> None:
    with pytest.raises(sg.ParseError, match=r"^line 3: not valid JSON"):
        sg.loads('{\n  "actors": [\n    {"id": "x",}\n  ]\n}', format="json")


def test_bytes_that_are_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "debate.yaml"
    path.write_bytes(b"actors: [{id: x, type: State, name: \xff}]\n")
    with pytest.raises(sg.ParseError, match=r"debate\.yaml, line 1: not UTF-8 text"):
        sg.load(path)


KNOWN_FORMATS = (r"expected one of: csv \(\.csv\), .*gexf \(\.gexf, written only\), graphml "
                 r"\(\.graphml, written only\), json \(\.json\), jsonl \(\.jsonl, \.ndjson\), "
                 r"jsonld \(\.jsonld\), .*yaml \(\.yaml, \.yml\)")


def test_load_with_an_unknown_suffix(tmp_path: Path) -> None:
    path = tmp_path / "debate.toml"
    path.write_text("[actors]\n", encoding="utf-8")
    with pytest.raises(sg.UnknownFormatError, match=rf"unknown file format '\.toml' "
                       rf"\({KNOWN_FORMATS}\)"):
        sg.load(path)


def test_load_of_a_binary_file_with_an_unknown_suffix(tmp_path: Path) -> None:
    # A spreadsheet is refused for its suffix, before its bytes are read as UTF-8.
    path = tmp_path / "debate.xlsx"
    path.write_bytes(b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00\xb5U0#\xf4")
    with pytest.raises(sg.UnknownFormatError, match=rf"'\.xlsx' \({KNOWN_FORMATS}\)"):
        sg.load(path)


def test_save_with_an_unknown_suffix_writes_nothing(tmp_path: Path) -> None:
    with pytest.raises(sg.UnknownFormatError, match=rf"'\.toml' \({KNOWN_FORMATS}\)"):
        sg.save(sg.loads(BASE), tmp_path / "debate.toml")
    assert list(tmp_path.iterdir()) == []


# -- failed writes leave no trace --------------------------------------------------------------

def _graph_with(name: Any) -> sg.StanceGraph:
    """A graph holding a node whose name was never validated (built with model_construct)."""
    g = sg.loads(BASE)
    g.add(sg.State.model_construct(id="odd", name=name))
    return g


@pytest.mark.filterwarnings("ignore:Pydantic serializer warnings:UserWarning")
def test_save_whose_dumps_fails_keeps_the_old_file(tmp_path: Path) -> None:
    path = tmp_path / "debate.yaml"
    path.write_text("old\n", encoding="utf-8")
    with pytest.raises(yaml.representer.RepresenterError, match="cannot represent an object"):
        sg.save(_graph_with(object()), path)
    assert [p.name for p in tmp_path.iterdir()] == ["debate.yaml"]
    assert path.read_text(encoding="utf-8") == "old\n"


def test_save_whose_write_fails_halfway_removes_its_temporary_file(tmp_path: Path) -> None:
    # JSON is written with ensure_ascii=False, so a lone surrogate reaches the file encoder
    # (which refuses it before any file is made; tests/security/test_writes.py fails halfway).
    path = tmp_path / "debate.json"
    path.write_text("old\n", encoding="utf-8")
    with pytest.raises(sg.InvalidRecordError, match="lone surrogate"):
        sg.save(_graph_with("\ud800"), path)
    assert [p.name for p in tmp_path.iterdir()] == ["debate.json"]
    assert path.read_text(encoding="utf-8") == "old\n"


def test_save_into_a_missing_folder_creates_nothing(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="No such file or directory"):
        sg.save(sg.loads(BASE), tmp_path / "missing" / "debate.yaml")
    assert list(tmp_path.iterdir()) == []


def test_save_over_a_folder_removes_its_temporary_file(tmp_path: Path) -> None:
    (tmp_path / "debate.yaml").mkdir()
    with pytest.raises(sg.InvalidRecordError, match="is a folder, not a regular file"):
        sg.save(sg.loads(BASE), tmp_path / "debate.yaml")
    assert [p.name for p in tmp_path.iterdir()] == ["debate.yaml"]
    assert list((tmp_path / "debate.yaml").iterdir()) == []


# -- failed adds change nothing ----------------------------------------------------------------

@SETTINGS
@given(g=graphs(), data=st.data())
def test_a_failed_add_leaves_the_graph_unchanged(g: sg.StanceGraph, data: st.DataObject) -> None:
    before = sg.dumps(g)
    fresh = data.draw(ids.filter(lambda id: id not in g and f"{id}-gone" not in g), "fresh")
    holder = data.draw(st.sampled_from(sorted(g.actors)), "holder")
    target = data.draw(st.sampled_from(sorted(g.positions)), "target")
    taken = data.draw(st.sampled_from(sorted(graph_ids(g))), "taken")

    # A batch whose last record is wrong adds none of the records before it.
    with pytest.raises(sg.UnknownIdError, match=rf"stances\[1\], field 'target': unknown "
                       rf"target '{re.escape(fresh)}-gone'"):
        g.add_all(
            actors=[sg.State(id=fresh, name="New")],
            relations=[sg.Relation(subject=fresh, relation="talks-with", object=holder)],
            stances=[sg.Stance(holder=fresh, relation="supports", target=target),
                     sg.Stance(holder=holder, relation="opposes", target=f"{fresh}-gone")],
        )
    assert fresh not in g
    with pytest.raises(sg.InvalidRecordError, match=r"stance, field 'confidence'"):
        g.add_stance(holder=holder, relation="supports", target=target, confidence=2)
    with pytest.raises(sg.IntegrityError, match="cannot hold a stance on itself"):
        g.add_stance(holder=holder, relation="supports", target=holder)
    with pytest.raises(sg.DuplicateIdError, match=rf"duplicate id '{re.escape(taken)}'"):
        g.add_stance(id=taken, holder=holder, relation="supports", target=target)
    with pytest.raises(sg.DuplicateIdError, match=rf"duplicate id '{re.escape(taken)}'"):
        g.add(sg.Claim(id=taken, name="Again"))
    assert sg.dumps(g) == before

    # The ids the failed batch would have taken are still free.
    g.add_all(actors=[sg.State(id=fresh, name="New")],
              stances=[sg.Stance(holder=fresh, relation="supports", target=target)])
    assert fresh in g and g.stances[-1].holder == fresh
