"""Quoted CSV: Arrow's reader next to Python's ``csv`` module, on a statement table whose cells
are quoted and hold commas.

Run from the repository root (needs pyarrow)::

    python benchmarks/quoted_csv.py                  # 1,000,000 rows
    python benchmarks/quoted_csv.py --sizes 100000 --out /tmp/quoted_csv.md

Each size writes a seeded table ``holder,relation,target`` (header quoted, CRLF line ends; the
holder ``"Actor 17, of party 17"`` and the target ``"Policy 4, in part 4"`` quoted, 5,000 actors
and 2,000 targets) and times, as the fastest of ``--repeat`` runs in the same process:

* the read into coded columns (``stancegraph.io.tables.files.read_table``, with the garbage
  collector paused as ``sg.read_statements`` pauses it), once as stancegraph reads it (Arrow,
  where Arrow reads the text exactly as the ``csv`` module does) and once through the ``csv``
  module (Arrow switched off, as every quoted file was read before);
* the lines of the rows, which error messages name: counted from the bytes with numpy, and by
  a second pass of the ``csv`` module;
* ``sg.read_statements`` end to end, both ways.

The tables are checked equal both ways. The report is printed and written atomically to
``--out``.
"""

from __future__ import annotations

import argparse
import csv
import io
import random
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from unittest import mock

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))
from report import best, machine_section, write_atomically  # noqa: E402

import stancegraph as sg  # noqa: E402
from stancegraph._stance_rows import collector_paused  # noqa: E402
from stancegraph.io.tables import files  # noqa: E402

DEFAULT_OUT = HERE / "results" / "quoted_csv.md"
DEFAULT_SIZES = [1_000_000]


def write_table(path: Path, n: int, seed: int = 0) -> None:
    rng = random.Random(seed)
    holders = [f"Actor {i}, of party {i % 50}" for i in range(5000)]
    targets = [f"Policy {j}, in part {j % 7}" for j in range(2000)]
    relations = ["supports", "opposes", "skeptical-of"]
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write('"holder","relation","target"\r\n')
        for _ in range(n):
            out.write(f'"{rng.choice(holders)}",{rng.choice(relations)},'
                      f'"{rng.choice(targets)}"\r\n')


@contextmanager
def csv_module_only() -> Iterator[None]:
    with mock.patch.object(files, "_arrow_delimited", lambda *args: None):
        yield


def run(n: int, repeat: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "quoted.csv"
        write_table(path, n)
        text = path.read_text(encoding="utf-8")

        def read() -> Any:
            with collector_paused():
                return files.read_table(text, "csv", str(path))

        read()  # pyarrow imported, not timed
        arrow, s_arrow = best(repeat, read)
        with csv_module_only():
            plain, s_csv = best(repeat, read)
        same = (arrow.columns == plain.columns and arrow.rows == plain.rows == n
                and all(arrow.cells[c].tolist() == plain.cells[c].tolist()
                        for c in arrow.columns))
        lines, s_lines = best(repeat, lambda: files._record_starts(text))
        csv_lines, s_csv_lines = best(repeat, lambda: files._record_lines(
            csv.reader(io.StringIO(text, newline=""), strict=True)))
        same = same and lines == csv_lines == plain.lines()
        _, s_load = best(repeat, lambda: sg.read_statements(path))
        with csv_module_only():
            _, s_load_csv = best(repeat, lambda: sg.read_statements(path))
        size = path.stat().st_size
    row = {"n": n, "megabytes": size / 1e6, "arrow": s_arrow, "csv": s_csv, "lines": s_lines,
           "csv_lines": s_csv_lines, "load": s_load, "load_csv": s_load_csv, "same": same}
    print(f"quoted_csv {n}: {row}", file=sys.stderr, flush=True)
    return row


def render(rows: Sequence[dict[str, Any]], command: str, seconds: float) -> str:
    lines = ["# Quoted CSV", "",
             f"Written by `{command}`; see its docstring for what is measured.", "",
             *machine_section(seconds),
             "## Seconds (fastest of the runs)", "",
             "| rows | MB | read: Arrow | read: csv module | ratio | lines: numpy | "
             "lines: csv module | read_statements: Arrow | read_statements: csv module |",
             "|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    checks = []
    for r in rows:
        lines.append(f"| {r['n']:,} | {r['megabytes']:.0f} | {r['arrow']:.2f} | {r['csv']:.2f} "
                     f"| {r['csv'] / r['arrow']:.1f} | {r['lines']:.2f} | {r['csv_lines']:.2f} "
                     f"| {r['load']:.2f} | {r['load_csv']:.2f} |")
        checks.append(f"- {'PASS' if r['same'] else 'FAIL'} n={r['n']:,}: both readers give "
                      "the same columns and the same lines")
    return "\n".join(lines + ["", "## Checks", ""] + checks) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=DEFAULT_SIZES)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    start = time.perf_counter()
    rows = [run(n, args.repeat) for n in args.sizes]
    command = "python benchmarks/quoted_csv.py" + (
        "" if args.sizes == DEFAULT_SIZES else f" --sizes {' '.join(map(str, args.sizes))}")
    text = render(rows, command, time.perf_counter() - start)
    print(text)
    write_atomically(args.out, text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
