"""The command line never prints a traceback: Ctrl-C, a closed pipe, and bugs are one line."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import unicodedata
from pathlib import Path

import pytest

from stancegraph import cli
from tests.test_cli import run

ROOT = Path(__file__).parents[2]
NATO = str(ROOT / "examples" / "nato_2022.yaml")


def _stancegraph(*argv: str) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if k != "STANCEGRAPH_TRACEBACK"}
    return subprocess.Popen([sys.executable, "-m", "stancegraph", *argv], cwd=ROOT, env=env,
                            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def _wait_until_blocked_on_the_fifo(pid: int) -> None:
    """Wait until the command is past its imports, in open() of the FIFO (Linux's /proc)."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if Path(f"/proc/{pid}/wchan").read_text() == "wait_for_partner":
                return
        except OSError:
            pytest.skip("needs Linux's /proc/PID/wchan")
        time.sleep(0.05)
    raise AssertionError("the command never opened the FIFO")


def test_ctrl_c_exits_130_with_one_line(tmp_path: Path) -> None:
    fifo = tmp_path / "debate.yaml"
    os.mkfifo(fifo)  # opening it for reading waits for a writer that never comes
    process = _stancegraph("validate", str(fifo))
    _wait_until_blocked_on_the_fifo(process.pid)
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=30)
    assert process.returncode == 130, err
    assert err == "stancegraph: interrupted\n"
    assert out == ""


def test_a_closed_pipe_is_not_a_traceback() -> None:
    process = _stancegraph("show", NATO, "--format", "json")
    assert process.stdout is not None
    process.stdout.close()  # the reader goes away before the output is written
    _, err = process.communicate(timeout=60)
    assert "Traceback" not in err
    assert process.returncode == 1


def test_a_bug_is_one_line_without_credentials(monkeypatch: pytest.MonkeyPatch,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    def broken(args: object) -> str:
        raise RuntimeError("cannot open http://alice:s3cr/3t@127.0.0.1:7878/query\nsecond line")

    parser = cli._parser()

    def patched() -> object:
        for action in parser._subparsers._group_actions:  # type: ignore[union-attr]
            for sub in getattr(action, "choices", {}).values():
                sub.set_defaults(run=broken)
        return parser

    monkeypatch.setattr(cli, "_parser", patched)
    monkeypatch.delenv("STANCEGRAPH_TRACEBACK", raising=False)
    code, out, err = run(capsys, "validate", NATO)
    assert code == 70
    assert out == ""
    assert err == ("stancegraph: internal error (please report it): RuntimeError: cannot open "
                   "http://127.0.0.1:7878/query second line\n")
    monkeypatch.setenv("STANCEGRAPH_TRACEBACK", "1")
    with pytest.raises(RuntimeError, match="cannot open"):
        cli.main(["validate", NATO])


ESCAPES = ["\x1b[2J\x1b[H", "\x1b]0;owned\x07", "\x9b31m", "\u202eevil", "\x08\x08\x08"]


@pytest.mark.parametrize("escape", ESCAPES)
@pytest.mark.parametrize("command", [["show"], ["stances"], ["coalitions"], ["validate"]])
def test_text_output_never_carries_terminal_escapes(tmp_path: Path, escape: str,
                                                    command: list[str],
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    name = json.dumps(f"Green {escape} Party")
    quote = json.dumps(f"We {escape} support it")
    data = tmp_path / "debate.yaml"
    data.write_text(f"""
actors: [{{id: greens, type: Organization, name: {name}}},
         {{id: reds, type: Organization, name: Reds}}]
positions: [{{id: four-day-week, type: PolicyOption, name: {name}}}]
stances:
  - {{holder: greens, relation: supports, target: four-day-week, quote: {quote}}}
  - {{holder: reds, relation: opposes, target: four-day-week}}
""", encoding="utf-8")
    code, out, err = run(capsys, *command, str(data))
    assert code in (0, 1), err
    controls = [c for c in escape if unicodedata.category(c) in ("Cc", "Cf")]
    assert controls
    for text in (out, err):
        assert not any(c in text for c in controls)


def test_unknown_ids_with_escapes_are_shown_escaped(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "stances", NATO, "--actor", "germ\x1b[2Jany")
    assert code == 1
    assert "\x1b" not in err and "germ\\x1b[2Jany" in err
