"""The command line does what it says: one conversion command for every format the library
writes, the history of stances, ``show --as-of``, usage errors exit 2, progress bars."""

from __future__ import annotations

import io
import json
import time
from pathlib import Path

import pytest

import stancegraph as sg
from stancegraph import progress
from stancegraph.cli import main

HISTORY = """\
actors:
  - {id: ann, type: Person, name: Ann}
  - {id: bob, type: Person, name: Bob}
positions:
  - {id: tax, type: PolicyOption, name: A tax}
stances:
  - {id: s1, holder: ann, relation: supports, target: tax, date: 2020-01-01,
     retracted: true, retracted_on: 2020-02-01}
  - {id: s2, holder: bob, relation: supports, target: tax, date: 2020-01-05, superseded_by: s3}
  - {id: s3, holder: bob, relation: opposes, target: tax, date: 2020-03-01}
"""


@pytest.fixture
def debate(tmp_path: Path) -> str:
    path = tmp_path / "debate.yaml"
    path.write_text(HISTORY)
    return str(path)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# -- one conversion command -----------------------------------------------------------------
WRITTEN = ["yaml", "json", "turtle", "ntriples", "jsonld", "rdfxml", "trig", "nquads", "csv",
           "tsv", "jsonl", "parquet", "gexf", "graphml"]


@pytest.mark.parametrize("name", WRITTEN)
def test_export_writes_every_format_by_suffix(capsys: pytest.CaptureFixture[str],
                                              tmp_path: Path, debate: str, name: str) -> None:
    suffix = sg.io.format_for(format=name).suffixes[0]
    out_file = tmp_path / f"out{suffix}"
    code, out, _ = run(capsys, "export", debate, "-o", str(out_file))
    assert code == 0 and out.startswith(f"{out_file}: {name},")
    if sg.io.format_for(format=name).loads is not None:  # read back: the same stances
        assert sorted(s.id for s in sg.load(out_file).stances) == ["s1", "s2", "s3"]
    else:  # network files: XML that names the actors
        assert "ann" in out_file.read_text()


def test_csv_suffix_gets_a_table_not_turtle(capsys: pytest.CaptureFixture[str],
                                            tmp_path: Path, debate: str) -> None:
    out_file = tmp_path / "out.csv"
    assert run(capsys, "export", debate, "-o", str(out_file))[0] == 0
    assert out_file.read_text().startswith("id,holder,relation,target")


def test_convert_is_the_same_command(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                     debate: str) -> None:
    code, out, _ = run(capsys, "convert", debate, "-f", "jsonl")
    assert code == 0 and [json.loads(line)["id"] for line in out.splitlines()] == \
        ["s1", "s2", "s3"]


def test_a_suffix_that_disagrees_with_f_is_refused(capsys: pytest.CaptureFixture[str],
                                                   tmp_path: Path, debate: str) -> None:
    out_file = tmp_path / "out.csv"
    code, out, err = run(capsys, "export", debate, "-f", "ttl", "-o", str(out_file))
    assert code == 2 and not out and not out_file.exists()
    assert "-f turtle disagrees with the file name" in err and "out.ttl" in err
    # a suffix of no format takes -f
    assert run(capsys, "export", debate, "-f", "ttl", "-o", str(tmp_path / "out.txt"))[0] == 0
    assert "@prefix" in (tmp_path / "out.txt").read_text()


def test_the_library_refuses_a_disagreeing_suffix_too(tmp_path: Path, debate: str) -> None:
    with pytest.raises(sg.errors.ArgumentError, match="the file name says csv"):
        sg.save(sg.load(debate), tmp_path / "out.csv", format="turtle")
    assert not (tmp_path / "out.csv").exists()


def test_binary_to_stdout_and_base_outside_rdf_are_usage_errors(
        capsys: pytest.CaptureFixture[str], debate: str, tmp_path: Path) -> None:
    code, _, err = run(capsys, "export", debate, "-f", "parquet")
    assert code == 2 and "binary" in err
    code, _, err = run(capsys, "export", debate, "-o", str(tmp_path / "x.csv"),
                       "--base", "https://example.org/")
    assert code == 2 and "--base applies to RDF" in err


def test_export_default_is_still_turtle_on_stdout(capsys: pytest.CaptureFixture[str],
                                                   debate: str) -> None:
    code, out, _ = run(capsys, "export", debate)
    assert code == 0 and "@prefix" in out


# -- history --------------------------------------------------------------------------------
def test_stances_all_shows_retracted_and_superseded(capsys: pytest.CaptureFixture[str],
                                                    debate: str) -> None:
    code, out, _ = run(capsys, "stances", debate)
    assert code == 0 and "ann" not in out and "bob supports" not in out
    code, out, _ = run(capsys, "stances", debate, "--all")
    assert code == 0
    assert "ann supports tax\n    retracted on 2020-02-01" in out
    assert "bob supports tax\n    superseded by s3" in out
    assert "bob opposes tax" in out


def test_stances_all_as_of_marks_what_was_withdrawn_by_then(
        capsys: pytest.CaptureFixture[str], debate: str) -> None:
    _, out, _ = run(capsys, "stances", debate, "--all", "--as-of", "2020-01-15")
    assert "retracted" not in out and "superseded" not in out  # both still counted
    assert "ann supports tax" in out and "bob supports tax" in out
    _, out, _ = run(capsys, "stances", debate, "--all", "--as-of", "2020-02-15")
    assert "ann supports tax\n    retracted on 2020-02-01" in out
    assert "superseded" not in out and "opposes" not in out  # s3 not said yet


def test_stances_all_json_says_what_counts(capsys: pytest.CaptureFixture[str],
                                           debate: str) -> None:
    _, out, _ = run(capsys, "stances", debate, "--all", "--format", "json")
    assert [(r["id"], r["counts"], r["why_not"]) for r in json.loads(out)] == [
        ("s1", False, "retracted on 2020-02-01"), ("s2", False, "superseded by s3"),
        ("s3", True, None)]
    _, out, _ = run(capsys, "stances", debate, "--format", "json")
    assert "counts" not in json.loads(out)[0]  # the documented keys are unchanged without --all


def test_show_as_of(capsys: pytest.CaptureFixture[str], debate: str) -> None:
    code, out, _ = run(capsys, "show", debate, "--as-of", "2020-01-15")
    assert code == 0 and "as of 2020-01-15" in out and "Stances: 2 supports" in out
    _, out, _ = run(capsys, "show", debate, "--as-of", "2020-03-15", "--format", "json")
    assert [s["id"] for s in json.loads(out)["stances"]] == ["s3"]


# -- usage errors exit 2 --------------------------------------------------------------------
@pytest.mark.parametrize("argv", [
    ["stances"], ["coalitions"], ["coalitions", "FILE", "--k", "0"],
    ["coalitions", "FILE", "--k", "-3"], ["draw", "FILE", "-o", "x.png", "--k", "2", "--kind",
                                         "timeline"],
    ["draw", "FILE", "-o", "x.png", "--actor", "ann"], ["show"],
])
def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str], debate: str,
                             argv: list[str]) -> None:
    argv = [debate if a == "FILE" else a for a in argv]
    with pytest.raises(SystemExit) if argv == ["show"] else _no_exit():
        code, _, err = run(capsys, *argv)
        assert code == 2 and "error" in err
    if argv == ["show"]:
        assert "required" in capsys.readouterr().err


class _no_exit:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> bool:
        if exc[0] is SystemExit:  # argparse's own usage errors exit 2 by SystemExit
            assert exc[1].code == 2  # type: ignore[union-attr]
            return True
        return False


def test_draw_k_is_not_taken_for_kind(capsys: pytest.CaptureFixture[str],
                                      tmp_path: Path) -> None:
    nato = str(Path(__file__).parents[1] / "examples" / "nato_2022.yaml")
    code, out, _ = run(capsys, "draw", nato, "-o", str(tmp_path / "c.png"), "--k", "2")
    assert code == 0 and "coalitions" in out


# -- progress -------------------------------------------------------------------------------
def test_no_progress_when_stderr_is_not_a_terminal(capsys: pytest.CaptureFixture[str],
                                                   debate: str) -> None:
    code, _, err = run(capsys, "coalitions", debate)
    assert code == 0 and err == ""


def test_quiet_is_accepted_by_every_command(capsys: pytest.CaptureFixture[str],
                                            debate: str) -> None:
    assert run(capsys, "show", debate, "--quiet")[0] == 0
    assert run(capsys, "validate", debate, "-q")[0] == 0


def test_a_long_step_shows_a_bar_and_clears_it(monkeypatch: pytest.MonkeyPatch) -> None:
    stream = io.StringIO()
    monkeypatch.setattr("sys.stderr", stream)
    monkeypatch.setattr(progress, "DELAY", 0.1)
    with progress.progress_shown():
        with progress.step("reading big.csv"):
            time.sleep(0.6)  # one blocking call: the clock still shows it
        with progress.step("rows", total=4) as bar:
            for _ in range(4):
                time.sleep(0.05)
                bar.advance()
    shown = stream.getvalue()
    assert "reading big.csv" in shown and "rows" in shown


def test_a_short_step_and_the_default_are_silent(monkeypatch: pytest.MonkeyPatch,
                                                 debate: str) -> None:
    stream = io.StringIO()
    monkeypatch.setattr("sys.stderr", stream)
    sg.coalitions(sg.load(debate))  # the library is silent unless asked
    with progress.progress_shown():
        with progress.step("quick"):
            pass
    assert stream.getvalue() == ""


def test_the_cli_shows_progress_on_a_terminal(monkeypatch: pytest.MonkeyPatch,
                                              debate: str) -> None:
    shown: list[bool] = []
    monkeypatch.setattr("stancegraph.cli.show_progress", shown.append)

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr("sys.stderr", Terminal())
    main(["show", debate])
    main(["show", debate, "--quiet"])
    assert shown == [True, False]


def test_draw_timeline_pages(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    nato = str(Path(__file__).parents[1] / "examples" / "nato_2022.yaml")
    pages = [tmp_path / f"p{n}.png" for n in (1, 2)]
    for n, page in enumerate(pages, 1):
        assert run(capsys, "draw", nato, "--kind", "timeline", "-o", str(page), "--page",
                   str(n), "--rows", "10")[0] == 0
    assert pages[0].read_bytes() != pages[1].read_bytes()
    assert run(capsys, "draw", nato, "--kind", "timeline", "-o", str(tmp_path / "all.png"),
               "--rows", "0")[0] == 0
    code, _, err = run(capsys, "draw", nato, "--kind", "timeline", "-o", str(tmp_path / "x.png"),
                       "--page", "999")
    assert code == 1 and "cannot draw timeline page '999'" in err and "a page from 1 to" in err
    code, _, err = run(capsys, "draw", nato, "-o", str(tmp_path / "x.png"), "--page", "2")
    assert code == 2 and "--rows and --page apply to timelines" in err


def test_derived_stances_in_rdf_from_the_command_line(capsys: pytest.CaptureFixture[str],
                                                      tmp_path: Path) -> None:
    debate = tmp_path / "bloc.yaml"
    debate.write_text("""\
actors:
  - {id: bloc, type: Bloc, name: The bloc}
  - {id: a, type: State, name: A}
  - {id: b, type: State, name: B}
relations:
  - {subject: a, relation: member-of, object: bloc}
  - {subject: b, relation: member-of, object: bloc}
positions:
  - {id: x, type: PolicyOption, name: X}
stances:
  - {holder: bloc, relation: opposes, target: x}
""")
    query = tmp_path / "q.rq"
    query.write_text("PREFIX sg: <https://w3id.org/stancegraph/ns#>\n"
                     "SELECT ?s WHERE { ?s a sg:State ; sg:opposes ?x } ORDER BY ?s\n")
    _, out, _ = run(capsys, "sparql", str(debate), str(query), "--format", "json")
    assert json.loads(out)["rows"] == []
    _, out, _ = run(capsys, "sparql", str(debate), str(query), "--format", "json", "--derived")
    assert [r["s"].rsplit("/", 1)[1] for r in json.loads(out)["rows"]] == ["a", "b"]
    code, out, _ = run(capsys, "export", str(debate), "--derived")
    assert code == 0 and "DerivedStance" in out and "wasDerivedFrom" in out
    code, _, err = run(capsys, "export", str(debate), "--derived", "-o", str(tmp_path / "x.csv"))
    assert code == 2 and "--derived applies to RDF" in err


def test_a_table_export_says_what_it_wrote_beside_and_import_points_to_it(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    nato = str(Path(__file__).parents[1] / "examples" / "nato_2022.yaml")
    table = tmp_path / "nato.csv"
    code, out, _ = run(capsys, "export", nato, "-o", str(table))
    assert code == 0 and "nato.graph.yaml" in out and "--mapping" in out
    back = tmp_path / "back.yaml"
    code, _, _ = run(capsys, "import", str(table), "--mapping", str(tmp_path / "nato.mapping.yaml"),
                     "-o", str(back))
    assert code == 0
    assert sg.coalitions(sg.load(back)).to_dict() == sg.coalitions(sg.load(nato)).to_dict()
    _, _, err = run(capsys, "import", str(table), "-o", str(tmp_path / "lossy.yaml"),
                    "--on-error", "skip")
    assert "note:" in err and "nato.mapping.yaml" in err
