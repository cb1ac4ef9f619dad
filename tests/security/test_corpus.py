"""Every hostile file in ``tests/security/corpus/`` loads or is refused, quickly and cleanly.

The corpus grows with every hostile input found (README.md beside this file). Each file is read
by :func:`stancegraph.load` and by ``stancegraph validate`` in a child process with a time limit:
it must either load or raise a :class:`~stancegraph.StanceGraphError` (exit 1 with one line on
stderr) -- never another exception, a traceback, a hang or a runaway use of memory.
"""

from __future__ import annotations

import io
import sys
import warnings
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest

import stancegraph as sg
from stancegraph import cli
from tests.security.limits import in_child

CORPUS = Path(__file__).parent / "corpus"
#: The suffixes stancegraph reads data from; other files in the corpus (queries, notes) are
#: used by the tests of their own area.
SUFFIXES = {".yaml", ".yml", ".json", ".csv", ".tsv", ".jsonl", ".parquet", ".ttl", ".nt",
            ".nq", ".trig", ".jsonld", ".rdf", ".xml", ".dna"}
#: Seconds and bytes a corpus file may take (each is small: anything slower is a runaway).
SECONDS = 20
MEMORY = 2 * 1024**3

FILES = sorted(p for p in CORPUS.rglob("*") if p.is_file() and p.suffix in SUFFIXES)


def _read(path: str) -> list[str]:
    """In the child: load the file, then validate it on the command line; what happened."""
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
    return outcome


@pytest.mark.skipif(sys.platform != "linux", reason="forks a child per file")
@pytest.mark.parametrize("path", FILES, ids=[str(p.relative_to(CORPUS)) for p in FILES])
def test_a_hostile_file_loads_or_is_refused_cleanly(path: Path) -> None:
    try:
        loaded, validated = in_child(_read, str(path), seconds=SECONDS, memory=MEMORY)
    except (TimeoutError, ChildProcessError) as err:
        pytest.fail(f"{path.name}: {err}")
    assert not loaded.startswith("FOREIGN"), loaded
    code, _, stderr = validated.partition("\n")
    assert code in ("0", "1"), f"exit {code}: {stderr}"
    assert "Traceback" not in stderr
    if code == "1":
        assert "stancegraph: error: " in stderr
    assert (code == "0") == (loaded == "loaded"), (loaded, stderr)


def test_the_corpus_is_not_empty() -> None:
    assert len(FILES) >= 10
