"""Filtered views: ``as_of`` and ``between`` as column masks, next to the statements they feed.

Run from the repository root::

    python benchmarks/views.py                  # 200,000 and 1,000,000 stances
    python benchmarks/views.py --sizes 20000 --out /tmp/views.md

On seeded synthetic debates (:func:`stancegraph.synth.synthetic_debate`: 5 camps, dates spread
over 2023; as in ``benchmarks/scale.py``, ``n / 20`` actors and ``n / 500`` targets), each call
is timed as the fastest of ``--repeat`` runs in the same process:

* ``sg.as_of(g, "2023-07-01")`` (half the year) and ``between(g, "2023-04-01", "2023-07-01")``;
* ``statements(g)``, the first step of every analysis, as the yardstick: issue 14 asks for
  ``as_of`` within 2 times it;
* ``sg.coalitions(g, k=5, method="spectral", as_of=day)`` against the same call on the view
  made beforehand (``sg.coalitions(sg.as_of(g, day), ...)`` minus the ``as_of``): issue 14
  asks for at most 1.2 times.

The report (machine, table, checks) is printed and written atomically to ``--out``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))
from report import best, machine_section, write_atomically  # noqa: E402

import stancegraph as sg  # noqa: E402
from stancegraph.analysis import statements  # noqa: E402
from stancegraph.queries import between  # noqa: E402
from stancegraph.synth import synthetic_debate  # noqa: E402

DEFAULT_OUT = HERE / "results" / "views.md"
DAY, START = dt.date(2023, 7, 1), dt.date(2023, 4, 1)


def run(n: int, repeat: int) -> dict[str, Any]:
    g = synthetic_debate(n, actors=max(20, n // 20), targets=max(5, n // 500), camps=5, seed=0)
    view, s_as_of = best(repeat, lambda: sg.as_of(g, DAY))
    _, s_between = best(repeat, lambda: between(g, START, DAY))
    _, s_statements = best(repeat, lambda: statements(g))
    _, s_coalitions_as_of = best(repeat, lambda: sg.coalitions(g, k=5, method="spectral",
                                                               as_of=DAY))
    _, s_coalitions_view = best(repeat, lambda: sg.coalitions(view, k=5, method="spectral"))
    kept = len(view.stances)
    row = {"n": n, "kept": kept, "as_of": s_as_of, "between": s_between,
           "statements": s_statements, "coalitions_as_of": s_coalitions_as_of,
           "coalitions_view": s_coalitions_view}
    print(f"views {n}: {row}", file=sys.stderr, flush=True)
    return row


def render(rows: Sequence[dict[str, Any]], command: str, seconds: float) -> str:
    lines = ["# Filtered views", "",
             f"Written by `{command}`; see its docstring for what is measured.", "",
             *machine_section(seconds),
             "## Seconds (fastest of the runs)", "",
             "| stances | kept on 2023-07-01 | as_of | between | statements | as_of / statements "
             "| coalitions(as_of=) | coalitions(view) | ratio |",
             "|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    checks = []
    for r in rows:
        ratio_view = r["as_of"] / r["statements"]
        ratio_camps = r["coalitions_as_of"] / r["coalitions_view"]
        lines.append(f"| {r['n']:,} | {r['kept']:,} | {r['as_of']:.3f} | {r['between']:.3f} | "
                     f"{r['statements']:.3f} | {ratio_view:.2f} | {r['coalitions_as_of']:.3f} | "
                     f"{r['coalitions_view']:.3f} | {ratio_camps:.2f} |")
        checks.append(f"- {'PASS' if ratio_view <= 2 else 'FAIL'} n={r['n']:,}: as_of takes "
                      f"{ratio_view:.2f} x statements() (goal: at most 2)")
        checks.append(f"- {'PASS' if ratio_camps <= 1.2 else 'FAIL'} n={r['n']:,}: "
                      f"coalitions(as_of=) takes {ratio_camps:.2f} x coalitions on the view "
                      "(goal: at most 1.2)")
    return "\n".join(lines + ["", "## Checks", ""] + checks) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[200_000, 1_000_000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    start = time.perf_counter()
    rows = [run(n, args.repeat) for n in args.sizes]
    command = "python benchmarks/views.py" + (
        "" if args.sizes == [200_000, 1_000_000] else f" --sizes {' '.join(map(str, args.sizes))}")
    text = render(rows, command, time.perf_counter() - start)
    print(text)
    write_atomically(args.out, text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
