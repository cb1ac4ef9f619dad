"""Coalition detection benchmark: recover the planted clusters of signed stochastic block models.

Run from the repository root::

    python benchmarks/coalitions.py            # the full grid (n = 1,000 and 10,000)
    python benchmarks/coalitions.py --quick    # n = 1,000 only, a fast check
    python benchmarks/coalitions.py --out benchmarks/results/coalitions.md

For every cell of the grid (n, k, average degree, noise) one network is drawn from the SSBM
(:mod:`ssbm`, seed fixed) and each method partitions it into k clusters:

* ``sponge`` and ``signed-laplacian`` -- the baselines of :mod:`baselines`;
* ``stancegraph`` -- ``stancegraph.analysis.spectral.spectral_partition(network, k=k, seed=0)``,
  and ``stancegraph (auto k)`` -- the same with ``k=None``; imported lazily, and left out with
  a note while that module does not exist.

Measured per cell and method: the adjusted Rand index against the planted partition, the
frustration relative to the planted partition's, and the wall time of the method call alone
(``time.perf_counter``; the network is built beforehand, every method is warmed up once on a
small network first, and the fastest of ``--repeat`` calls is reported). The markdown report (machine, grid, table, checks) is printed and written
atomically to ``--out``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import os
import platform
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import scipy

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:  # run as a script from anywhere: the sibling modules
    sys.path.insert(0, str(HERE))

from baselines import signed_laplacian, sponge  # noqa: E402
from metrics import adjusted_rand_index, relative_frustration  # noqa: E402
from report import cpu_model, write_atomically  # noqa: E402
from ssbm import signed_sbm  # noqa: E402

from stancegraph.analysis.signed import SignedNetwork, frustration  # noqa: E402

__all__ = ["Cell", "main", "methods", "render", "run"]

SEED = 0
NS = (1000, 10000)
KS = (2, 5)
DEGREES = (10, 50)
NOISES = (0.0, 0.1, 0.2, 0.35)
DEFAULT_OUT = HERE / "results" / "coalitions.md"

# The pass marks of the per-cell check of stancegraph against the baselines.
ARI_SLACK = 0.005
TIME_FACTOR = 1.5

Method = Callable[[SignedNetwork, int], Any]


@dataclass
class Outcome:
    """One method on one cell."""

    ari: float
    relative: float
    frustration: float
    seconds: float
    clusters: int


@dataclass
class Cell:
    """One network of the grid and what each method made of it."""

    n: int
    k: int
    degree: int
    noise: float
    edges: int = 0
    planted_frustration: float = 0.0
    outcomes: dict[str, Outcome] = field(default_factory=dict)


def _labels(result: Any) -> npt.NDArray[np.int64]:
    """Labels from whatever a method returns: an array, a list, or an object with ``labels``."""
    if hasattr(result, "labels"):
        result = result.labels
    return np.asarray(result, dtype=np.int64)


def methods() -> tuple[dict[str, Method], list[str]]:
    """The methods to run, by column name, and notes on the ones left out."""
    table: dict[str, Method] = {
        "sponge": lambda net, k: sponge(net, k, seed=SEED),
        "signed-laplacian": lambda net, k: signed_laplacian(net, k, seed=SEED),
    }
    notes: list[str] = []
    try:
        from stancegraph.analysis.spectral import spectral_partition
    except ImportError as err:
        notes.append(f"`stancegraph` and `stancegraph (auto k)` columns skipped: cannot import "
                     f"stancegraph.analysis.spectral.spectral_partition ({err}).")
    else:
        table["stancegraph"] = lambda net, k: spectral_partition(net, k=k, seed=SEED)
        table["stancegraph (auto k)"] = lambda net, k: spectral_partition(net, k=None, seed=SEED)
    return table, notes


def run_cell(
    n: int, k: int, degree: int, noise: float, table: dict[str, Method], repeat: int = 1,
    networks: int = 1,
) -> Cell:
    """Draw the cell's networks (SSBM seeds ``SEED``, ``SEED + 1``, ...) and run every method
    on each (timed: the best of ``repeat``); the cell reports the means over the networks."""
    per_method: dict[str, list[Outcome]] = {name: [] for name in table}
    edges, planted_total = 0, 0.0
    for offset in range(max(1, networks)):
        network, planted = signed_sbm(n, k, degree, noise, seed=SEED + offset)
        edges += int(network.positive.nnz + network.negative.nnz) // 2
        planted_total += frustration(network, planted)
        for name, method in table.items():
            seconds = math.inf
            for _ in range(max(1, repeat)):  # deterministic methods: same labels each time
                start = time.perf_counter()
                result = method(network, k)
                seconds = min(seconds, time.perf_counter() - start)
            labels = _labels(result)
            per_method[name].append(Outcome(
                ari=adjusted_rand_index(planted, labels),
                relative=relative_frustration(network, labels, planted),
                frustration=frustration(network, labels),
                seconds=seconds,
                clusters=int(np.unique(labels).size),
            ))
    count = max(1, networks)
    cell = Cell(n, k, degree, noise, edges=edges // count,
                planted_frustration=planted_total / count)
    for name, outcomes in per_method.items():
        cell.outcomes[name] = Outcome(
            ari=float(np.mean([o.ari for o in outcomes])),
            relative=float(np.mean([o.relative for o in outcomes])),
            frustration=float(np.mean([o.frustration for o in outcomes])),
            seconds=float(np.mean([o.seconds for o in outcomes])),
            clusters=round(float(np.mean([o.clusters for o in outcomes]))),
        )
    return cell


def _warm_up(table: dict[str, Method]) -> None:
    """Call every method once on a small network, untimed (imports, caches, first-call costs)."""
    network, _ = signed_sbm(200, 2, 10, 0.1, seed=SEED)
    for method in table.values():
        method(network, 2)


def run(
    ns: Sequence[int], repeat: int = 1, progress: bool = True, networks: int = 1
) -> tuple[list[Cell], list[str], float]:
    """Run the grid for the given sizes: the cells, the notes, and the total seconds."""
    table, notes = methods()
    _warm_up(table)
    start = time.perf_counter()
    cells = []
    for n in ns:
        for k in KS:
            for degree in DEGREES:
                for noise in NOISES:
                    cell = run_cell(n, k, degree, noise, table, repeat, networks)
                    cells.append(cell)
                    if progress:
                        print(f"  n={n} k={k} degree={degree} noise={noise}: " + ", ".join(
                            f"{name} ARI {o.ari:.3f} ({o.seconds:.2f} s)"
                            for name, o in cell.outcomes.items()), file=sys.stderr, flush=True)
    return cells, notes, time.perf_counter() - start


def machine() -> dict[str, str]:
    """What the numbers were measured on."""
    cpu = cpu_model()
    return {
        "date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "platform": platform.platform(),
        "CPU": cpu,
        "cores": str(os.cpu_count()),
        "Python": platform.python_version(),
        "numpy": np.__version__,
        "scipy": scipy.__version__,
    }


def _relative(o: Outcome) -> str:
    if math.isinf(o.relative):
        return f"inf ({o.frustration:.0f})"
    return f"{o.relative:.3f}"


def check(cell: Cell) -> str | None:
    """One line judging stancegraph against the baselines on this cell (None without it)."""
    mine = cell.outcomes.get("stancegraph")
    if mine is None:
        return None
    baselines = [o for name, o in cell.outcomes.items() if not name.startswith("stancegraph")]
    best = max(o.ari for o in baselines)
    reference = cell.outcomes["sponge"]
    ari_ok = mine.ari >= best - ARI_SLACK
    frustration_ok = mine.frustration <= reference.frustration
    time_ok = mine.seconds <= TIME_FACTOR * reference.seconds
    verdict = "PASS" if ari_ok and frustration_ok and time_ok else "FAIL"
    return (f"{verdict} n={cell.n} k={cell.k} degree={cell.degree} noise={cell.noise}: "
            f"ARI {mine.ari:.3f} vs best baseline {best:.3f} ({'ok' if ari_ok else 'low'}); "
            f"frustration {mine.frustration:.0f} vs SPONGE {reference.frustration:.0f} "
            f"({'ok' if frustration_ok else 'high'}); time {mine.seconds:.2f} s vs "
            f"{TIME_FACTOR} x SPONGE {TIME_FACTOR * reference.seconds:.2f} s "
            f"({'ok' if time_ok else 'slow'})")


def _table(
    title: str,
    cells: list[Cell],
    names: list[str],
    show: Callable[[Outcome], str],
    extra: list[tuple[str, Callable[[Cell], str]]] | None = None,
    extra_first: bool = False,
) -> list[str]:
    """One markdown table: a row per cell, a column per method (plus ``extra`` columns)."""
    extra = extra or []
    before = extra if extra_first else []
    after = [] if extra_first else extra
    head = ["n", "k", "degree", "noise"] + [h for h, _ in before] + names + [h for h, _ in after]
    lines = [f"### {title}", "", "| " + " | ".join(head) + " |",
             "|" + "|".join("---:" for _ in head) + "|"]
    for c in cells:
        row = [str(c.n), str(c.k), str(c.degree), f"{c.noise:g}"]
        row += [f(c) for _, f in before]
        row += [show(c.outcomes[name]) for name in names]
        row += [f(c) for _, f in after]
        lines.append("| " + " | ".join(row) + " |")
    return lines + [""]


def render(cells: list[Cell], notes: list[str], seconds: float, info: dict[str, str],
           quick: bool, repeat: int = 1, networks: int = 1) -> str:
    """The markdown report."""
    names = list(cells[0].outcomes) if cells else []
    lines = ["# Coalition benchmark: signed stochastic block models", ""]
    lines.append("Written by `python benchmarks/coalitions.py"
                 + (" --quick" if quick else "") + f" --repeat {repeat} --networks {networks}`; see "
                 "benchmarks/README.md for what is measured.")
    lines += ["", "## Machine", ""]
    lines += [f"- {key}: {value}" for key, value in info.items()]
    lines += ["", "## Grid", ""]
    lines.append(f"- n in {sorted({c.n for c in cells})}, k in {list(KS)}, average degree in "
                 f"{list(DEGREES)}, noise in {list(NOISES)}; {networks} network(s) per cell (SSBM "
                 f"seeds {SEED} to {SEED + networks - 1}; every figure is the mean over them), "
                 f"equal cluster sizes; methods seeded with {SEED}.")
    lines.append(f"- Total time of the grid (networks, {repeat} timed call(s) per method, "
                 f"scoring; warm-up excluded): {seconds:.1f} s.")
    for note in notes:
        lines.append(f"- {note}")
    lines += ["", "## Results", ""]
    lines.append("ARI: adjusted Rand index against the planted partition (1 = recovered, "
                 "about 0 = no better than chance). Frustration: found / planted; when the "
                 "planted partition has none (noise 0) a found partition with some shows `inf` "
                 "and its own frustration in brackets. Time: seconds of the method call alone.")
    lines.append("")
    auto = "stancegraph (auto k)"
    lines += _table("ARI against the planted partition", cells, names,
                    lambda o: f"{o.ari:.3f}",
                    extra=[("auto k: clusters found", lambda c: str(c.outcomes[auto].clusters))]
                    if any(auto in c.outcomes for c in cells) else [])
    lines += _table("Frustration, found / planted", cells, names, _relative,
                    extra=[("edges", lambda c: str(c.edges)),
                           ("planted frustration", lambda c: f"{c.planted_frustration:.0f}")],
                    extra_first=True)
    lines += _table(f"Time of the method call, seconds (best of {repeat})", cells, names,
                    lambda o: f"{o.seconds:.3f}")
    checks = [line for line in (check(c) for c in cells) if line is not None]
    lines += ["", "## Checks", ""]
    if checks:
        lines.append(f"stancegraph (k given) passes a cell when its ARI >= the best baseline's "
                     f"- {ARI_SLACK}, its frustration <= SPONGE's and its time <= {TIME_FACTOR} "
                     f"x SPONGE's. {sum(x.startswith('PASS') for x in checks)} of {len(checks)} "
                     f"cells pass.")
        lines.append("")
        lines += [f"- {line}" for line in checks]
    else:
        lines.append("No checks: the stancegraph column was skipped.")
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Coalition detection on signed stochastic block models: ARI, relative "
                    "frustration and time of SPONGE, the signed Laplacian and stancegraph.",
        epilog="example: python benchmarks/coalitions.py --quick --out /tmp/quick.md")
    parser.add_argument("--quick", action="store_true", help="only n = 1,000 (a fast check)")
    parser.add_argument("--repeat", type=int, default=3,
                        help="time each method call this many times and report the fastest "
                             "(default: 3)")
    parser.add_argument("--networks", type=int, default=3,
                        help="networks drawn per cell; figures are means over them (default: 3)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT,
                        help=f"markdown report to write (default: {DEFAULT_OUT.relative_to(HERE.parent)})")
    args = parser.parse_args(argv)
    ns = NS[:1] if args.quick else NS
    cells, notes, seconds = run(ns, repeat=args.repeat, networks=args.networks)
    text = render(cells, notes, seconds, machine(), args.quick, args.repeat, args.networks)
    write_atomically(args.out, text)
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
