"""Every hostile file in ``tests/security/corpus/`` loads or is refused, quickly and cleanly.

The corpus grows with every hostile input found (README.md beside this file). Each file is read
by :func:`stancegraph.load` and by ``stancegraph validate`` in a child process with a time limit:
it must either load or raise a :class:`~stancegraph.StanceGraphError` (exit 1 with one line on
stderr) -- never another exception, a traceback, a hang or a runaway use of memory.
"""

from __future__ import annotations

import io
import multiprocessing
import sys
import warnings
from contextlib import redirect_stderr, redirect_stdout
from multiprocessing.connection import Connection
from pathlib import Path

import pytest

import stancegraph as sg
from stancegraph import cli
from tests.security.limits import limit_memory

CORPUS = Path(__file__).parent / "corpus"
#: The suffixes stancegraph reads data from; other files in the corpus (queries, notes) are
#: used by the tests of their own area.
SUFFIXES = {".yaml", ".yml", ".json", ".csv", ".tsv", ".jsonl", ".parquet", ".ttl", ".nt",
            ".nq", ".trig", ".jsonld", ".rdf", ".xml", ".dna"}
#: Seconds and bytes a corpus file may take (each is small: anything slower is a runaway).
SECONDS = 20
MEMORY = 2 * 1024**3

FILES = sorted(p for p in CORPUS.rglob("*") if p.is_file() and p.suffix in SUFFIXES)


def _read(path: str, answer: Connection) -> None:
    """In the child: load the file, then validate it on the command line; send what happened."""
    limit_memory(MEMORY)
    outcome = []
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", sg.StanceGraphWarning)
            sg.load(path)
        outcome.append("loaded")
    except sg.StanceGraphError as err:
        outcome.append(f"refused: {err}")
    except BaseException as err:  # noqa: BLE001 -- what the test is looking for
        outcome.append(f"FOREIGN {type(err).__name__}: {err}")
    err_text = io.StringIO()
    with redirect_stdout(io.StringIO()), redirect_stderr(err_text):
        try:
            code = cli.main(["validate", path])
        except BaseException as err:  # noqa: BLE001
            code = -1
            err_text.write(f"FOREIGN {type(err).__name__}: {err}")
    outcome.append(f"{code}\n{err_text.getvalue()}")
    answer.send(outcome)


@pytest.mark.skipif(sys.platform != "linux", reason="forks a child per file")
@pytest.mark.parametrize("path", FILES, ids=[str(p.relative_to(CORPUS)) for p in FILES])
def test_a_hostile_file_loads_or_is_refused_cleanly(path: Path) -> None:
    context = multiprocessing.get_context("fork")
    mine, theirs = context.Pipe(duplex=False)
    child = context.Process(target=_read, args=(str(path), theirs))
    child.start()
    try:
        if not mine.poll(SECONDS):
            pytest.fail(f"{path.name}: no answer within {SECONDS} s")
        loaded, validated = mine.recv()
    finally:
        child.kill()
        child.join()
    assert not loaded.startswith("FOREIGN"), loaded
    code, _, stderr = validated.partition("\n")
    assert code in ("0", "1"), f"exit {code}: {stderr}"
    assert "Traceback" not in stderr
    if code == "1":
        assert "stancegraph: error: " in stderr
    assert (code == "0") == (loaded == "loaded"), (loaded, stderr)


def test_the_corpus_is_not_empty() -> None:
    assert len(FILES) >= 10
