"""How long it takes to turn statements into the signed actor network, up to 1,000,000 stances.

Run from the repository root::

    python benchmarks/network_construction.py                 # 10k, 100k and 1M stances
    python benchmarks/network_construction.py --sizes 10000   # a quick check

A seeded synthetic debate (:func:`stancegraph.synth.synthetic_debate`): ``actors`` states in ``camps`` camps, each
camp with a leaning on every target; each stance is a random actor's stance on a target drawn
with Zipf-like popularity, in its camp's direction with probability 0.8, skeptical one time in
five, with a confidence and one of ``sources`` documents. Measured, per size, with
``time.perf_counter``: building the StanceGraph (``add_all``), the statements at state level
(roll-up and de-duplication per document), the signed network (kept factored above
``FACTOR_ABOVE`` projected pairs), and the coalitions (``method="auto"``, which is spectral at
these sizes, ``k`` found). Memory: the process's peak resident size (``ru_maxrss``) after each
step, so a step that needs no more than an earlier one shows the same figure. Each size runs in
a fresh process, so sizes do not share a peak. The report is printed and written atomically to
``--out``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import scipy

from stancegraph.analysis import affiliation, coalitions, signed_network, statements
from stancegraph.analysis.networks import projected_ties
from stancegraph.synth import synthetic_debate

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))
from report import cpu_model, write_atomically  # noqa: E402

DEFAULT_OUT = HERE / "results" / "network_construction.md"


def measure(step: Callable[[], Any]) -> tuple[Any, float, float]:
    """(result, seconds, the process's peak resident MiB so far)."""
    start = time.perf_counter()
    result = step()
    seconds = time.perf_counter() - start
    return result, seconds, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def one_size(n: int) -> dict[str, Any]:
    """Measure every step for ``n`` stances (in this process)."""
    actors, targets = max(100, n // 15), max(20, n // 150)
    g, build_s, build_mb = measure(lambda: synthetic_debate(n, actors=actors, targets=targets))
    rows, stat_s, stat_mb = measure(lambda: statements(g, level="state"))
    net, net_s, net_mb = measure(lambda: signed_network(rows))
    found, camps_s, camps_mb = measure(lambda: coalitions(g))
    return {"stances": n, "actors": actors, "targets": targets, "build_s": build_s,
            "build_mb": build_mb, "statements_s": stat_s, "statements_mb": stat_mb,
            "network_s": net_s, "network_mb": net_mb,
            "form": "factored" if net.is_factored else "explicit",
            "pairs": projected_ties(affiliation(rows)), "coalitions_s": camps_s,
            "coalitions_mb": camps_mb, "camps": len(found.coalitions), "method": found.method}


def run(sizes: list[int]) -> list[dict[str, Any]]:
    rows = []
    for n in sizes:
        print(f"{n} stances ...", file=sys.stderr)
        # A fresh process per size: peak memory is then the size's own.
        done = subprocess.run([sys.executable, __file__, "--one", str(n)], check=True,
                              capture_output=True, text=True)
        rows.append(json.loads(done.stdout))
    return rows


def render(rows: list[dict[str, Any]], total: float) -> str:
    cpu = cpu_model()
    lines = [
        "# Network construction: statements to the signed actor network",
        "",
        f"Machine: {platform.platform()}, {cpu}, {os.cpu_count()} cores; Python "
        f"{platform.python_version()}, numpy {np.__version__}, scipy {scipy.__version__}; "
        f"run {dt.date.today().isoformat()}, {total:.0f} s in all.",
        "",
        "Time in seconds; MiB: the process's peak resident size after the step. Pairs: the "
        "actor pairs the projection could tie (sum over targets of holders squared); above "
        "5,000,000 the network stays factored.",
        "",
        "| stances | actors | targets | build graph s | MiB | statements s | MiB "
        "| signed network s | MiB | pairs | form | coalitions s | MiB | camps (method) |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r['stances']:,} | {r['actors']:,} | {r['targets']:,} | {r['build_s']:.2f} "
            f"| {r['build_mb']:.0f} | {r['statements_s']:.2f} | {r['statements_mb']:.0f} "
            f"| {r['network_s']:.2f} | {r['network_mb']:.0f} | {r['pairs']:,} | {r['form']} "
            f"| {r['coalitions_s']:.2f} | {r['coalitions_mb']:.0f} "
            f"| {r['camps']} ({r['method']}) |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # internal: one size
    args = parser.parse_args(argv)
    if args.one is not None:
        print(json.dumps(one_size(args.one)))
        return 0
    start = time.perf_counter()
    report = render(run(args.sizes), time.perf_counter() - start)
    print(report)
    write_atomically(args.out, report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
