from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import stancegraph as sg
from stancegraph.cli import main

ROOT = Path(__file__).parents[1]
NATO = str(ROOT / "examples" / "nato_2022.yaml")
STANCE_KEYS = ["id", "holder", "relation", "target", "date", "source", "speaker", "quote",
               "attribution", "confidence", "intensity", "conditions", "except", "retracted",
               "retracted_on", "superseded_by", "note", "strength", "derived_from"]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_validate(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "validate", NATO)
    assert code == 0 and "valid" in out and "59 stances" in out
    code, out, _ = run(capsys, "validate", NATO, "--format", "json")
    assert json.loads(out) == {"file": NATO, "valid": True, "counts": {
        "actors": 34, "positions": 31, "sources": 6, "relations": 27, "stances": 59}}


def test_invalid_input_is_one_line_on_stderr_and_exit_1(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("actors:\n  - {id: a, type: State, name: A}\nstances:\n"
                   "  - {holder: b, relation: supports, target: a}\n")
    for command in ("validate", "show", "stances"):
        code, out, err = run(capsys, command, str(bad))
        assert code == 1 and out == ""
        assert err.count("\n") == 1 and "Traceback" not in err
        assert re.search(r"bad\.yaml, line 4, stances\[0\], field 'holder': unknown actor 'b'", err)
    code, _, err = run(capsys, "show", str(tmp_path / "missing.yaml"))
    assert code == 1 and "No such file" in err
    code, _, err = run(capsys, "stances", NATO, "--actor", "germny")
    assert code == 1 and "did you mean 'germany'" in err


def test_show_json_has_every_field_of_every_record(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "show", NATO, "--format", "json")
    data = json.loads(out)
    assert code == 0 and list(data) == ["sources", "actors", "positions", "relations", "stances"]
    assert [len(data[k]) for k in data] == [6, 34, 31, 27, 59]
    person = next(a for a in data["actors"] if a["id"] == "max-blain")
    assert set(person) == {"id", "name", "aliases", "description", "wikidata", "tags", "type",
                           "role"}
    assert person["wikidata"] is None and person["aliases"] == []
    stance = data["stances"][0]
    assert list(stance) == [k for k in STANCE_KEYS if k != "derived_from"]


def test_show_text(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "show", NATO)
    assert code == 0 and "Emmanuel Macron" in out and "Most contested targets" in out


def test_stances_json_records(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "stances", NATO, "--actor", "germany", "--format", "json")
    records = json.loads(out)
    assert code == 0 and records and all(list(r) == STANCE_KEYS for r in records)
    assert all(r["holder"] == "germany" for r in records)
    derived = [r for r in records if r["derived_from"]]
    assert {"stance": "olaf-scholz.supports.ceasefire", "holder": "olaf-scholz",
            "path": ["olaf-scholz", "germany"], "via": ["leads"]} in [
        r["derived_from"] for r in derived]
    stated = [r for r in records if r["derived_from"] is None]
    assert stated and all(r["id"].startswith("germany.") for r in stated)
    # Undated statements take their source's date (2022-03-29 for the report).
    dates = [r["date"] or "2022-03-29" for r in records]
    assert dates == sorted(dates)


def test_stances_filters(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "stances", NATO, "--target", "putin-serious-about-negotiating",
                    "--relation", "skeptical-of", "--stated", "--format", "json")
    records = json.loads(out)
    assert {r["holder"] for r in records} == {"united-kingdom", "poland",
                                              "central-eastern-europe", "boris-johnson"}
    ceee = next(r for r in records if r["holder"] == "central-eastern-europe")
    assert ceee["except"] == ["hungary"]
    _, out, _ = run(capsys, "stances", NATO, "--actor", "germany", "--as-of", "2022-03-28",
                    "--format", "json")
    assert {r["target"] for r in json.loads(out)} == {"abandon-founding-act", "ceasefire"}
    code, out, _ = run(capsys, "stances", NATO, "--actor", "nato")  # the allies hold its stand
    assert code == 0 and out == "no stances match\n"


def test_stances_text_shows_the_path(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "stances", NATO, "--actor", "united-kingdom", "--target",
                    "negotiated-settlement")
    assert "via boris-johnson -leads-> united-kingdom" in out and "speaker: max-blain" in out


def test_bad_date_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit:
        main(["stances", NATO, "--as-of", "29 March"])
    assert exit.value.code == 2
    assert "not a date as YYYY-MM-DD" in capsys.readouterr().err


def test_schema(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "schema")
    assert code == 0 and json.loads(out)["title"] == "stancegraph data file"


COMMANDS = ["validate", "show", "stances", "coalitions", "export", "convert", "sparql", "schema",
            "draw", "import", "push", "pull", "network"]


@pytest.mark.parametrize(("kind", "suffix"), [
    ("coalitions", "png"), ("coalitions", "svg"), ("coalitions", "pdf"), ("stances", "png"),
    ("matrix", "svg"), ("timeline", "pdf")])
def test_draw_writes_the_picture_atomically(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                            kind: str, suffix: str) -> None:
    out = tmp_path / f"picture.{suffix}"
    out.write_bytes(b"old")
    code, text, err = run(capsys, "draw", NATO, "-o", str(out), "--kind", kind)
    assert code == 0 and err == "" and text == f"{out}: {kind}, {suffix}\n"
    data = out.read_bytes()
    assert data.startswith({"png": b"\x89PNG", "svg": b"<?xml", "pdf": b"%PDF"}[suffix])
    assert [p.name for p in tmp_path.iterdir()] == [out.name]  # no temporary file left
    run(capsys, "draw", NATO, "-o", str(out), "--kind", kind)
    assert out.read_bytes() == data  # byte-stable


def test_draw_gives_a_new_file_the_usual_permissions(capsys: pytest.CaptureFixture[str],
                                                    tmp_path: Path) -> None:
    umask = os.umask(0)
    os.umask(umask)
    out = tmp_path / "new.svg"
    assert run(capsys, "draw", NATO, "-o", str(out))[0] == 0
    assert out.stat().st_mode & 0o777 == 0o666 & ~umask  # not the temporary file's 0600


def test_draw_options(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    out = tmp_path / "t.png"
    code, _, err = run(capsys, "draw", NATO, "-o", str(out), "--kind", "timeline", "--actor",
                       "germany", "joe-biden", "--target", "ceasefire")
    assert code == 0 and err == ""
    code, _, _ = run(capsys, "draw", NATO, "-o", str(out), "--level", "stated", "--seed", "2")
    assert code == 0


def test_draw_takes_the_number_of_camps_and_the_method(capsys: pytest.CaptureFixture[str],
                                                       tmp_path: Path) -> None:
    # --k is the number of camps (not a prefix of --kind), as for coalitions.
    two, three = tmp_path / "two.svg", tmp_path / "three.svg"
    code, _, err = run(capsys, "draw", NATO, "-o", str(two), "--k", "2", "--method", "exact")
    assert code == 0 and err == ""
    code, _, _ = run(capsys, "draw", NATO, "-o", str(three), "--k", "3")
    assert code == 0
    assert two.read_text().count("Camp 1 (") == 1 and "Camp 3 (" not in two.read_text()
    assert "Camp 3 (" in three.read_text()
    code, _, err = run(capsys, "draw", NATO, "-o", str(tmp_path / "t.png"), "--kind",
                       "timeline", "--k", "2")
    assert code == 2 and "--k and --method do not apply to a timeline" in err


def test_draw_as_of_a_day_is_the_picture_of_that_day(capsys: pytest.CaptureFixture[str],
                                                     tmp_path: Path) -> None:
    that_day, view = tmp_path / "day.svg", tmp_path / "view.svg"
    code, _, _ = run(capsys, "draw", NATO, "-o", str(that_day), "--kind", "matrix",
                     "--as-of", "2022-03-24")
    assert code == 0
    sg.save(sg.as_of(sg.load(NATO), "2022-03-24"), tmp_path / "day.yaml")
    code, _, _ = run(capsys, "draw", str(tmp_path / "day.yaml"), "-o", str(view), "--kind",
                     "matrix")
    assert code == 0 and that_day.read_bytes() == view.read_bytes()
    code, _, err = run(capsys, "draw", NATO, "-o", str(tmp_path / "t.png"), "--kind",
                       "timeline", "--as-of", "2022-03-24")
    assert code == 2 and "--as-of does not apply to a timeline" in err


def test_draw_refuses_what_it_cannot_write(capsys: pytest.CaptureFixture[str],
                                          tmp_path: Path) -> None:
    code, out, err = run(capsys, "draw", NATO, "-o", str(tmp_path / "camps.jpg"))
    assert code == 1 and out == "" and err.count("\n") == 1
    assert "expected a file name ending in .png, .svg, .pdf" in err
    assert not list(tmp_path.iterdir())
    code, _, err = run(capsys, "draw", NATO, "-o", str(tmp_path / "a.png"), "--actor", "germany")
    assert code == 2 and "apply to timelines" in err
    code, _, err = run(capsys, "draw", NATO, "-o", str(tmp_path / "a.png"), "--kind",
                       "timeline", "--actor", "germny")
    assert code == 1 and "did you mean 'germany'" in err
    assert not list(tmp_path.iterdir())
    with pytest.raises(SystemExit) as exit:
        main(["draw", NATO])  # -o is required
    assert exit.value.code == 2


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example(
        command: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit:
        main([command, "--help"])
    assert exit.value.code == 0
    shown = {"convert": "export"}.get(command, command)  # an alias shows its command's help
    assert f"example: stancegraph {shown}" in capsys.readouterr().out


def test_every_command_is_in_the_readme_and_docs() -> None:
    readme = (ROOT / "README.md").read_text()
    docs = (ROOT / "docs" / "cli.md").read_text()
    from stancegraph.cli import _parser

    actions = [a for a in _parser()._actions if a.dest == "command"]
    assert sorted(actions[0].choices) == sorted(COMMANDS)  # type: ignore[arg-type]
    for command in COMMANDS:
        assert f"`stancegraph {command}" in readme, command
        assert f"`stancegraph {command}" in docs, command


def test_python_dash_m_runs_the_cli() -> None:
    done = subprocess.run([sys.executable, "-m", "stancegraph", "validate", NATO],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0 and "valid" in done.stdout


def test_import_converts_a_statement_table(capsys: pytest.CaptureFixture[str],
                                           tmp_path: Path) -> None:
    out = tmp_path / "debate.ttl"
    code, text, _ = run(capsys, "import", "examples/statements.csv", "--mapping",
                        "examples/statements-mapping.yaml", "-o", str(out), "--format", "json")
    assert code == 0
    report = json.loads(text)
    assert report["stances"] == report["rows"] == 16 and report["skipped"] == []
    assert sg.load(out) == sg.read_statements("examples/statements.csv",
                                              mapping="examples/statements-mapping.yaml")


def test_import_lists_every_bad_row_and_writes_nothing(capsys: pytest.CaptureFixture[str],
                                                       tmp_path: Path) -> None:
    table = tmp_path / "bad.csv"
    table.write_text("holder,relation,target\nGermany,supports,tanks\n,opposes,tanks\n"
                     "France,likes,tanks\n", encoding="utf-8")
    out = tmp_path / "out.yaml"
    code, text, err = run(capsys, "import", str(table), "-o", str(out))
    assert code == 1 and text == "" and not out.exists()
    assert "line 3, row 2, field 'holder'" in err and "line 4, row 3, field 'relation'" in err
    code, text, err = run(capsys, "import", str(table), "-o", str(out), "--on-error", "skip")
    assert code == 0 and "1 stances from 3 rows" in text and out.exists()
    assert len(sg.load(out).stances) == 1


def test_coalitions_k_count_uses_as_many_camps_as_the_profiles_hold(
        capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "coalitions", NATO, "--k", "count", "--format", "json")
    assert code == 0
    camps = [set(c["members"]) for c in json.loads(out)["coalitions"]]
    assert len(camps) == sg.count_camps(sg.load(NATO)).k == 5
    assert any({"france", "germany"} <= camp for camp in camps)
    assert {"russia"} in camps  # apart from both camps
    with pytest.raises(SystemExit) as exit:
        main(["coalitions", NATO, "--k", "many"])
    assert exit.value.code == 2
    assert "not a number of camps (1 or more) or 'count'" in capsys.readouterr().err
