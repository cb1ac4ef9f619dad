"""A data file with mistakes is reported whole: every problem at once, each with its line and a
hint at the fix (issue 16).

Loading (``sg.load``, ``sg.loads``, ``stancegraph validate``) raises one error: the first
problem of the file, carrying every other in ``others``, in the order of the file's lines; no
graph is returned and no traceback printed. An id that is not a slug, a Wikidata URL, text that
YAML read as a boolean, a date not written ``YYYY-MM-DD`` and a word outside a vocabulary each
say what was expected and, where it can be told, what was meant.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import stancegraph as sg
from stancegraph.cli import main

#: A file with a problem of each kind, one to a line (the line is the key's last number).
BAD = """\
actors:
  - {id: France, type: State, name: France}
  - {id: norway, type: Country, name: Norway, aliases: [Norge, NO]}
  - {id: germany, type: State, name: Germany, wikidata: "https://www.wikidata.org/wiki/Q183"}
  - {id: poland, type: State, name: Poland}
  - {id: poland, type: State, name: Poland again}
positions:
  - {id: talks, type: PolicyOption, name: Talks}
stances:
  - {holder: poland, relation: support, target: talks, date: 29/03/2022}
  - {holder: poland, relation: opposes, target: talks, date: 2022-03-29, retracted_on: 2022-03-01}
  - {holder: polnad, relation: opposes, target: talks}
"""


def problems(text: str, fmt: str = "yaml") -> list[sg.StanceGraphError]:
    """Every problem the text's loading reports, in order (and no graph)."""
    with pytest.raises(sg.StanceGraphError) as caught:
        sg.loads(text, format=fmt)
    err = caught.value
    return [err, *err.others]


def located(errors: list[sg.StanceGraphError]) -> list[tuple[int | None, str | None, str | None]]:
    return [(e.line, e.record, e.field) for e in errors]


def test_a_file_reports_every_problem_with_its_line() -> None:
    found = problems(BAD)
    assert located(found) == [
        (2, "actors[0] (id 'France')", "id"),
        (3, "actors[1] (id 'norway')", "type"),
        (3, "actors[1] (id 'norway')", "aliases.1"),
        (4, "actors[2] (id 'germany')", "wikidata"),
        (6, "actors[4]", "id"),
        (10, "stances[0]", "relation"),
        (10, "stances[0]", "date"),
        (11, "stances[1]", "retracted_on"),
        (12, "stances[2]", "holder"),
    ]
    assert type(found[0]) is sg.InvalidRecordError
    assert isinstance(found[4], sg.DuplicateIdError) and isinstance(found[8], sg.UnknownIdError)
    text = str(found[0])
    assert text.startswith("line 2, actors[0] (id 'France'), field 'id': ")
    assert "and 8 more:" in text and all(f"line {e.line}, " in text for e in found)


def test_problems_of_records_and_of_references_are_reported_together() -> None:
    # a refused record (the bad date) does not hide the unknown ids of the others, and a
    # reference to a refused record is not reported again
    text = """\
actors:
  - {id: a, type: State, name: A, description: 2022-13-01x}
  - {id: b, type: Country, name: B}
  - {id: c, type: State, name: C, wikidata: q7}
positions: [{id: p, type: Claim, name: P}]
stances:
  - {holder: a, relation: supports, target: pp, date: 2022-3-9}
  - {holder: c, relation: opposes, target: q, speaker: nobody}
  - {holder: c, relation: opposes, target: p}
"""
    found = problems(text)
    assert located(found) == [
        (3, "actors[1] (id 'b')", "type"),
        (4, "actors[2] (id 'c')", "wikidata"),
        (7, "stances[0]", "date"),
        (8, "stances[1]", "target"),
        (8, "stances[1]", "speaker"),
    ]
    assert found[1].suggestion == "Q7" and found[2].suggestion == "2022-03-09"


def test_a_file_whose_records_are_valid_reports_every_broken_reference() -> None:
    text = """\
actors:
  - {id: eu, type: Bloc, name: EU, members: [france, germny]}
  - {id: france, type: State, name: France}
positions:
  - {id: p, type: Claim, name: P, broader: q}
  - {id: q, type: Claim, name: Q, broader: p}
stances:
  - {holder: frnce, relation: supports, target: pp}
  - {holder: eu, relation: opposes, target: p, except: [spain]}
"""
    found = problems(text)
    assert located(found) == [
        (2, "actors[0]", "members"),
        (5, "positions[0]", "broader"),  # the cycle p -> q -> p, once
        (8, "stances[0]", "holder"),
        (8, "stances[0]", "target"),
        (9, "stances[1]", "except"),
    ]
    assert [e.suggestion for e in found[2:4]] == ["france", "p"]


def test_an_uppercase_id_is_told_the_rule_and_the_lowercased_id() -> None:
    err = problems("actors: [{id: France, type: State, name: France}]\n"
                   "stances: [{holder: Olaf Scholz, relation: supports, target: france}]\n")
    assert err[0].suggestion == "france" and err[1].suggestion == "olaf-scholz"
    message = str(err[0])
    assert "pattern" not in message and "^[a-z0-9]" not in message
    assert re.search(r"not an id \(expected an id: lowercase letters a-z and digits, words "
                     r"joined by a single '-', '_' or '\.'.*did you mean 'france'\?\)", message)


@pytest.mark.parametrize("url", [
    "https://www.wikidata.org/wiki/Q55",
    "http://www.wikidata.org/entity/Q55",
    "https://m.wikidata.org/wiki/Special:EntityPage/Q55",
])
def test_a_wikidata_url_suggests_the_item_id(url: str) -> None:
    [err] = problems(f"actors: [{{id: nl, type: State, name: Netherlands, wikidata: '{url}'}}]")
    assert err.field == "wikidata" and err.suggestion == "Q55"
    assert "the URL of a Wikidata item, not its id" in str(err)
    assert "expected a Wikidata item id: Q and a number, such as Q55" in str(err)


@pytest.mark.parametrize(("field", "written"), [
    ("aliases: [Norge, NO]", "NO"),
    ("aliases:\n      - Norge\n      - 'No'\n      - off", "off"),
    ("tags: [yes]", "yes"),
    ("description: On", "On"),
])
def test_text_read_as_a_boolean_says_to_quote_it(field: str, written: str) -> None:
    text = f"actors:\n  - id: norway\n    type: State\n    name: Norway\n    {field}\n"
    [err] = problems(text)
    assert "read as a boolean, not as text" in str(err)
    assert str(err).endswith(f"quote it: '{written}'")
    assert "invalid value False" not in str(err) and "invalid value True" not in str(err)


def test_text_read_as_a_number_or_a_date_says_to_quote_it() -> None:
    found = problems("positions:\n  - {id: p, type: Claim, name: 1984}\n"
                     "  - {id: q, type: Claim, name: Q, aliases: [2022-03-29]}\n")
    assert str(found[0]).splitlines()[0].endswith("read as a number, not as text: quote it: "
                                                  "'1984'")
    assert "read as a date, not as text: quote it: '2022-03-29'" in str(found[1])


def test_a_json_boolean_where_text_is_expected() -> None:
    [err] = problems('{"actors": [{"id": "no", "type": "State", "name": false}]}', "json")
    assert "invalid value False: a boolean, not text" in str(err) and err.line == 1


@pytest.mark.parametrize(("date", "suggestion"), [
    ("29/03/2022", "2022-03-29"),
    ("'2022-3-9'", "2022-03-09"),
    ("20220329", "2022-03-29"),
    ("2022-03-29 10:30:00", "2022-03-29"),
    ("03/04/2022", None),  # March or April: not told
    ("tomorrow", None),
])
def test_a_date_is_expected_as_yyyy_mm_dd(date: str, suggestion: str | None) -> None:
    [err] = problems(f"sources: [{{id: s, title: T, date: {date}}}]")
    assert err.field == "date" and err.expected == "a date as YYYY-MM-DD"
    assert err.suggestion == suggestion
    assert "expected a date as YYYY-MM-DD" in str(err)


def test_a_duplicate_id_names_the_line_and_record_of_the_first() -> None:
    text = """\
sources:
  - {id: doc, title: A document}
actors:
  - {id: france, type: State, name: France}
  - {id: doc, type: State, name: Doc}
positions:
  - id: france
    type: Claim
    name: France again
"""
    every = problems(text)
    found = [e for e in every if isinstance(e, sg.DuplicateIdError)]
    assert len(found) == len(every)
    assert [(e.line, e.record, e.first, e.first_line) for e in found] == [
        (5, "actors[1]", "sources[0]", 2), (7, "positions[0]", "actors[0]", 4)]
    assert str(found[0]).startswith("line 5, actors[1], field 'id': duplicate id 'doc' "
                                    "(first used by sources[0], on line 2)")


def test_a_duplicate_of_a_refused_record_is_reported_too() -> None:
    found = problems("actors:\n  - {id: a, type: State, name: A, wikidata: x}\n"
                     "  - {id: a, type: State, name: A2}\n")
    assert [type(e).__name__ for e in found] == ["InvalidRecordError", "DuplicateIdError"]
    assert "first used by actors[0], on line 2" in str(found[1])


@pytest.mark.parametrize(("record", "field", "suggestion"), [
    ("stances: [{holder: a, relation: support, target: b}]", "relation", "supports"),
    ("stances: [{holder: a, relation: Skeptical of, target: b}]", "relation", "skeptical-of"),
    ("stances: [{holder: a, relation: against, target: b}]", "relation", "opposes"),
    ("stances: [{holder: a, relation: supports, target: b, attribution: onrecord}]",
     "attribution", "on-record"),
    ("relations: [{subject: a, relation: memberof, object: b}]", "relation", "member-of"),
    ("actors: [{id: a, type: Country, name: A}]", "type", "State"),
    ("actors: [{id: a, type: Nation, name: A}]", "type", "State"),
    ("positions: [{id: a, type: Treaty, name: A}]", "type", "Agreement"),
])
def test_an_unknown_word_gets_did_you_mean(record: str, field: str, suggestion: str) -> None:
    err = problems(record)[0]
    assert (err.field, err.suggestion) == (field, suggestion)
    assert f"did you mean {suggestion!r}?" in str(err)
    assert "Input should be" not in str(err)


def test_a_retraction_before_the_stance_is_refused() -> None:
    text = """\
actors: [{id: a, type: State, name: A}]
positions: [{id: p, type: Claim, name: P}]
relations:
  - {subject: a, relation: talks-with, object: b, start: 2022-03-02, end: 2022-03-01}
stances:
  - {holder: a, relation: supports, target: p, date: 2022-03-29, retracted_on: 2022-03-28}
  - {holder: a, relation: opposes, target: p, date: 2022-03-29, retracted_on: 2022-03-29}
"""
    found = problems(text)
    assert located(found) == [(4, "relations[0]", "end"), (6, "stances[0]", "retracted_on")]
    assert "before the stance's own date, 2022-03-29" in str(found[1])
    with pytest.raises(ValueError, match="before the stance's own date"):
        sg.Stance(holder="a", relation="supports", target="p", date="2022-03-29",
                  retracted_on="2022-03-28")


def test_validate_lists_every_problem_and_exits_1(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(BAD, encoding="utf-8")
    code = main(["validate", str(bad)])
    out, err = capsys.readouterr()
    assert code == 1 and out == ""
    assert "Traceback" not in err
    lines = err.splitlines()
    assert lines[0].startswith(f"stancegraph: error: {bad}, line 2, actors[0] (id 'France')")
    assert lines[1] == "  and 8 more:"
    assert [int(m) for m in re.findall(r"^  line (\d+), ", err, re.M)] == [
        3, 3, 4, 6, 10, 10, 11, 12]
    for hint in ("did you mean 'france'?", "did you mean 'State'?", "quote it: 'NO'",
                 "did you mean 'Q183'?", "(first used by actors[3], on line 5)",
                 "did you mean 'supports'?", "expected a date as YYYY-MM-DD",
                 "before the stance's own date", "did you mean 'poland'?"):
        assert hint in err, hint
