"""Start-up: how long `stancegraph validate` takes on the seed, next to the floor of importing
pydantic and yaml, in the same run.

Run from the repository root::

    python benchmarks/startup.py                 # 15 runs of each
    python benchmarks/startup.py --runs 5 --out /tmp/startup.md

Each command runs in a fresh interpreter (a subprocess, as a user runs it); the wall time is
measured around the process and its CPU time (user + system) from ``resource`` for the
children. Reported: the median over the runs, and the ratio of the validation's to the floor's.
Issue 14 asks for at most 1.5 times the floor. The report also lists which of the heavy
libraries (rdflib, pyoxigraph, scipy, matplotlib, sqlite3, pyarrow, pandas, networkx) the validation
imports, and where the import time of ``import stancegraph`` goes (``-X importtime``: the
largest cumulative entries).
"""

from __future__ import annotations

import argparse
import datetime as dt
import platform
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))
from report import cpu_model, write_atomically  # noqa: E402

DEFAULT_OUT = HERE / "results" / "startup.md"
SEED = ROOT / "examples" / "nato_2022.yaml"
HEAVY = ("rdflib", "pyoxigraph", "scipy", "matplotlib", "sqlite3", "pyarrow", "pandas",
         "networkx")
COMMANDS = {
    "floor: python -c 'import pydantic, yaml'": [sys.executable, "-c", "import pydantic, yaml"],
    "python -c 'import stancegraph'": [sys.executable, "-c", "import stancegraph"],
    "stancegraph validate examples/nato_2022.yaml": [sys.executable, "-m", "stancegraph",
                                                     "validate", str(SEED)],
}
_LOADED = ("import sys, runpy; sys.argv = ['stancegraph', 'validate', {seed!r}];\n"
           "import stancegraph.cli as c; c.main(sys.argv[1:]);\n"
           "print(' '.join(h for h in {heavy!r} if h in sys.modules), file=sys.stderr)")


def timed(argv: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds of one run of ``argv``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, cwd=ROOT)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def heavy_imported() -> list[str]:
    code = _LOADED.format(seed=str(SEED), heavy=HEAVY)
    done = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True,
                          text=True, cwd=ROOT)
    return done.stderr.strip().splitlines()[-1].split() if done.stderr.strip() else []


def import_profile(top: int = 8) -> list[tuple[str, float]]:
    done = subprocess.run([sys.executable, "-X", "importtime", "-c", "import stancegraph"],
                          check=True, capture_output=True, text=True, cwd=ROOT)
    rows = []
    for line in done.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            _, cumulative, name = (part.strip() for part in line.split("|"))
            if cumulative.isdigit() and "." not in name.strip():
                rows.append((name.strip(), int(cumulative) / 1e6))
    return sorted(rows, key=lambda r: -r[1])[:top]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    results = {}
    for name, command in COMMANDS.items():
        timed(command)  # warm the file cache
        runs = [timed(command) for _ in range(args.runs)]
        results[name] = (statistics.median(r[0] for r in runs),
                         statistics.median(r[1] for r in runs))
        print(f"{name}: {results[name]}", file=sys.stderr, flush=True)
    floor_wall, floor_cpu = next(iter(results.values()))
    lines = [
        "# Start-up", "",
        f"Written by `python benchmarks/startup.py --runs {args.runs}`; see its docstring.", "",
        "## Machine", "",
        f"- date: {dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC",
        f"- platform: {platform.platform()}", f"- CPU: {cpu_model()}",
        f"- Python: {platform.python_version()}", "",
        "## Median over the runs", "",
        "| command | wall s | CPU s | wall / floor | CPU / floor |",
        "|---|---:|---:|---:|---:|",
    ]
    for name, (wall, cpu) in results.items():
        lines.append(f"| `{name}` | {wall:.3f} | {cpu:.3f} | {wall / floor_wall:.1f} | "
                     f"{cpu / floor_cpu:.1f} |")
    heavy = heavy_imported()
    lines += ["", "Heavy libraries the validation imports: "
              + (", ".join(heavy) if heavy else "none") + ".", "",
              "## Where `import stancegraph` spends its time (cumulative, top-level packages)",
              "", "| package | s |", "|---|---:|"]
    lines += [f"| {name} | {seconds:.3f} |" for name, seconds in import_profile()]
    text = "\n".join(lines) + "\n"
    print(text)
    write_atomically(args.out, text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
