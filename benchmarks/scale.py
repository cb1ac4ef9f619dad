"""A million stances on one machine: stancegraph's stages next to a plain pandas + scipy pipeline.

Run from the repository root::

    python benchmarks/scale.py                       # 10k, 100k and 1M stances (2-3 minutes on 2 cores)
    python benchmarks/scale.py --sizes 10000 100000  # quicker
    python benchmarks/scale.py --default-venv /tmp/sg-default   # also in a default install

Inputs (issues 7 and 19): seeded synthetic debates from :func:`stancegraph.synth.synthetic_debate`:
at 1,000,000 stances 50,000 actors, 2,000 targets, 5 planted camps, 20% sign noise (one stance
in five against its camp's leaning), one against in five skeptical rather than opposed; smaller
sizes scaled down proportionally (20 stances per actor, 500 per target); targets drawn
uniformly (``--zipf-sizes`` also runs Zipf-like popularity, where a few targets draw most
stances). Each is written twice: as the issue's plain statement CSV (three columns: holder,
relation, target; no quotes) and as the generator's full Parquet table (with ids, dates,
confidences and sources).

**The comparison (issue 19).** stancegraph, through its public API: ``sg.read_statements`` of
the CSV (read), ``statements(g, level="state")`` (roll-up), ``signed_network`` (projection),
``camps_of(network, k=5, method="spectral", profiles=...)`` (labels: the partition and seating
``coalitions`` runs, on the projection at hand, without its explanation),
``sg.coalitions(g, k=5, method="spectral")`` (camps: from the graph, so its own roll-up and
projection included, and the explanation) and ``sg.count_camps(g)`` (count). The baseline:
``pandas.read_csv``, ``pd.factorize`` of holders and targets into a scipy sparse actor × target matrix (+1 supports,
−1 opposes or skeptical-of; repeated cells add up), ``scipy.sparse.linalg.svds`` (5
components), ``scipy.cluster.vq.kmeans2`` on ``U·Σ`` (k-means++ seeding, seeded). End to end
is read + camps against the baseline's four stages.

Each side runs in its own fresh process per size, first once on a small debate (so what is
timed is the work, not the first import of a module: the baseline imports pandas and scipy
before its clock starts too), then ``--repeat`` times (3, at every size); each stage's figure
is its median. Separately, ``cold`` times a whole script in a fresh interpreter -- start-up,
imports, read and camps -- for each side: what a user running a script waits for.

Installs: the stancegraph side runs in this interpreter ("with extras": whatever is installed
here, e.g. ``pip install -e '.[test]'``) and, with ``--default-venv DIR``, in a virtual
environment holding only the default install (``pip install -e .``: no extras), created there
on first use (which needs the package index) and reused. The baseline always runs here (it
needs pandas).

Also reported, from the "with extras" run: ``sg.load`` of the full Parquet table, camps with
``k`` found, and ``sg.dumps(g, format="turtle")`` at each size (issue 7's figures). Memory is
the process's peak resident size (``ru_maxrss``). Accuracy: the adjusted Rand index of the
camps against the planted ones (actors left unaligned count as one more group).

Verdicts (issue 19): end to end at most 1.5× the baseline in a default install and at most 1×
with extras; ``count_camps`` at most the time of the camps themselves; ARI at least the
baseline's.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path
from typing import Any

import numpy as np

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))
from metrics import adjusted_rand_index  # noqa: E402
from report import cpu_model, write_atomically  # noqa: E402

DEFAULT_OUT = HERE / "results" / "scale.md"
CAMPS = 5
NOISE = 0.2
SEED = 0
WARM_UP = 5_000
#: Issue 19's bars: end to end against the baseline's, by install.
TIME_FACTOR = {"default": 1.5, "extras": 1.0}
MEMORY_LIMIT_MIB = 4096.0


def shape(n: int) -> dict[str, int]:
    """Actors and targets for ``n`` stances: 50,000 and 2,000 at 1,000,000, proportionally."""
    return {"actors": max(20, n // 20), "targets": max(5, n // 500)}


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(step: Callable[[], Any]) -> tuple[Any, float]:
    start = time.perf_counter()
    result = step()
    return result, time.perf_counter() - start


def _truth(ids: Any, n: int) -> list[int]:
    from stancegraph.synth import planted_camps

    camp = planted_camps(actors=shape(n)["actors"], camps=CAMPS, seed=SEED)
    return [camp[a] for a in ids]


def _paths(folder: Path, n: int, popularity: str) -> tuple[Path, Path]:
    base = folder / f"debate-{n}-{popularity}"
    return base.with_suffix(".csv"), base.with_suffix(".parquet")


# -- inputs ------------------------------------------------------------------------------------
def make_inputs(n: int, popularity: str, folder: Path) -> dict[str, Any]:
    """The plain three-column CSV and the full Parquet table of one debate."""
    import pyarrow as pa
    import pyarrow.csv as pacsv

    from stancegraph.io.tables import write_statements
    from stancegraph.synth import synthetic_debate

    csv_path, parquet_path = _paths(folder, n, popularity)
    g = synthetic_debate(n, camps=CAMPS, noise=NOISE, seed=SEED, popularity=popularity,
                         **shape(n))
    write_statements(g, parquet_path)
    columns = g.stance_columns()
    holders = np.array(columns.node_ids, dtype=object)
    relations = np.array(["supports", "opposes", "skeptical-of"], dtype=object)
    table = pa.table({"holder": holders[np.asarray(columns.holder)],
                      "relation": relations[np.asarray(columns.relation)],
                      "target": holders[np.asarray(columns.target)]})
    with open(csv_path, "wb") as out:  # no quotes, the header's included
        out.write(b"holder,relation,target\n")
        pacsv.write_csv(table, out, pacsv.WriteOptions(include_header=False,
                                                       quoting_style="none"))
    return {"csv_mb": csv_path.stat().st_size / 2**20,
            "parquet_mb": parquet_path.stat().st_size / 2**20}


# -- stancegraph -------------------------------------------------------------------------------
def stancegraph_stages(csv_path: Path) -> tuple[dict[str, float], Any]:
    """One pass of stancegraph's stages on the CSV: seconds per stage, and the camps."""
    import stancegraph as sg
    from stancegraph.analysis import affiliation, camps_of, signed_network, statements
    from stancegraph.analysis.networks import profile_affiliation

    out: dict[str, float] = {}
    g, out["read"] = timed(lambda: sg.read_statements(csv_path))
    rows, out["rollup"] = timed(lambda: statements(g, level="state"))
    network, out["projection"] = timed(lambda: signed_network(rows))
    profiles = profile_affiliation(affiliation(rows), "direct").net
    (labels, *_), out["labels"] = timed(lambda: camps_of(network, method="spectral", k=CAMPS,
                                                         profiles=profiles))
    found, out["camps"] = timed(lambda: sg.coalitions(g, method="spectral", k=CAMPS))
    # the labels stage is the partition coalitions makes: the same camps, whatever their
    # names (over the actors in camps: an actor without ties is unaligned there)
    pairs = {(int(label), camp) for id, label in zip(network.ids, labels.tolist(), strict=True)
             if (camp := found.coalition_of(id)) is not None}
    if not len(pairs) == len({label for label, _ in pairs}) == len({c for _, c in pairs}):
        raise AssertionError("the labels stage found other camps than coalitions")
    counted, out["count"] = timed(lambda: sg.count_camps(g))
    out["k_counted"] = counted.k
    return out, (g, found)


def run_stancegraph(n: int, popularity: str, folder: Path, repeat: int,
                    extras: bool) -> dict[str, Any]:
    import stancegraph as sg

    csv_path, parquet_path = _paths(folder, n, popularity)
    stancegraph_stages(_paths(folder, WARM_UP, popularity)[0])  # warm-up
    passes = []
    for _ in range(repeat):
        g = found = None  # (the last pass's graph is not kept alive through the next)
        stages, (g, found) = stancegraph_stages(csv_path)
        passes.append(stages)
    out: dict[str, Any] = {key: statistics.median(p[key] for p in passes) for key in passes[0]}
    out["k_counted"] = passes[-1]["k_counted"]
    out["peak_mib"] = peak_mib()
    ids = sorted(g.actors)
    out["ari"] = _ari(found, ids, n)
    if extras:  # issue 7's other figures
        g, out["load_parquet"] = timed(lambda: sg.load(parquet_path))
        free, out["camps_k_found"] = timed(lambda: sg.coalitions(g, method="spectral"))
        out["camps_found"], out["ari_k_found"] = len(free.coalitions), _ari(free, ids, n)
        text, out["turtle"] = timed(lambda: sg.dumps(g, format="turtle"))
        out["turtle_mib"] = len(text.encode()) / 2**20
        out["peak_all_mib"] = peak_mib()
    return out


def _ari(found: Any, ids: list[str], n: int) -> float:
    labels = [found.coalition_of(a) for a in ids]
    return adjusted_rand_index([-1 if c is None else c for c in labels], _truth(ids, n))


# -- baseline ----------------------------------------------------------------------------------
def baseline_stages(csv_path: Path) -> tuple[dict[str, float], Any, Any]:
    import pandas as pd
    import scipy.sparse as sp
    from scipy.cluster.vq import kmeans2
    from scipy.sparse.linalg import svds

    out: dict[str, float] = {}
    frame, out["read"] = timed(lambda: pd.read_csv(csv_path))

    def matrix() -> tuple[Any, Any]:
        row, actors = pd.factorize(frame["holder"])
        col, targets = pd.factorize(frame["target"])
        sign = np.where(frame["relation"].to_numpy() == "supports", 1.0, -1.0)
        return actors, sp.csr_array((sign, (row, col)), shape=(len(actors), len(targets)))

    (actors, a), out["matrix"] = timed(matrix)
    (u, s, _), out["svds"] = timed(lambda: svds(a, k=CAMPS, random_state=SEED))
    (_, labels), out["kmeans"] = timed(lambda: kmeans2(u * s, CAMPS, minit="++", seed=SEED))
    return out, actors, labels


def run_baseline(n: int, popularity: str, folder: Path, repeat: int) -> dict[str, Any]:
    baseline_stages(_paths(folder, WARM_UP, popularity)[0])  # warm-up
    passes = []
    for _ in range(repeat):
        stages, actors, labels = baseline_stages(_paths(folder, n, popularity)[0])
        passes.append(stages)
    out: dict[str, Any] = {key: statistics.median(p[key] for p in passes) for key in passes[0]}
    out["peak_mib"] = peak_mib()
    out["ari"] = adjusted_rand_index(labels, _truth(list(actors), n))
    return out


# -- cold: a whole script in a fresh interpreter -------------------------------------------------
COLD_STANCEGRAPH = """
import sys, stancegraph as sg
g = sg.read_statements(sys.argv[1])
sg.coalitions(g, method="spectral", k=5)
"""
COLD_BASELINE = """
import sys, numpy as np, pandas as pd, scipy.sparse as sp
from scipy.sparse.linalg import svds
from scipy.cluster.vq import kmeans2
f = pd.read_csv(sys.argv[1])
row, actors = pd.factorize(f["holder"]); col, targets = pd.factorize(f["target"])
a = sp.csr_array((np.where(f["relation"].to_numpy() == "supports", 1.0, -1.0), (row, col)),
                 shape=(len(actors), len(targets)))
u, s, _ = svds(a, k=5, random_state=0)
kmeans2(u * s, 5, minit="++", seed=0)
"""


def cold(python: str, script: str, csv_path: Path, repeat: int) -> float:
    """Median wall time of ``script`` run by ``python`` on the CSV, start-up included."""
    seconds = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run([python, "-c", script, str(csv_path)], check=True, cwd=ROOT,
                       capture_output=True)
        seconds.append(time.perf_counter() - start)
    return statistics.median(seconds)


# -- running -----------------------------------------------------------------------------------
def _child(python: str, *args: str) -> dict[str, Any]:
    done = subprocess.run([python, __file__, *args], capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"{' '.join(args)} failed:\n{done.stderr}")
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def default_venv(folder: Path) -> str:
    """The Python of a virtual environment holding stancegraph's default install."""
    python = folder / "bin" / "python"
    if not python.exists():
        print(f"creating the default install in {folder} ...", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "venv", str(folder)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "-q", "-e", str(ROOT)],
                       check=True)
    return str(python)


def run(sizes: list[int], popularity: str, folder: Path, repeat: int,
        pythons: dict[str, str]) -> list[dict[str, Any]]:
    if not _paths(folder, WARM_UP, popularity)[0].exists():
        _child(sys.executable, "--part", "inputs", "--one", str(WARM_UP),
               "--popularity", popularity, "--folder", str(folder))
    rows = []
    for n in sizes:
        row: dict[str, Any] = {"stances": n, "popularity": popularity, **shape(n)}
        common = ["--one", str(n), "--popularity", popularity, "--folder", str(folder)]
        reps = ["--repeat", str(repeat)]
        print(f"{n} stances, {popularity}: inputs ...", file=sys.stderr)
        row["inputs"] = _child(sys.executable, "--part", "inputs", *common)
        for install, python in pythons.items():
            print(f"{n} stances, {popularity}: stancegraph, {install} ...", file=sys.stderr)
            extras = ["--extras"] if install == "extras" else []
            row[install] = _child(python, "--part", "stancegraph", *common, *reps, *extras)
            row[install]["cold"] = cold(python, COLD_STANCEGRAPH, _paths(folder, n,
                                                                         popularity)[0], 3)
        print(f"{n} stances, {popularity}: baseline ...", file=sys.stderr)
        row["baseline"] = _child(sys.executable, "--part", "baseline", *common, *reps)
        row["baseline"]["cold"] = cold(sys.executable, COLD_BASELINE,
                                       _paths(folder, n, popularity)[0], 3)
        rows.append(row)
    return rows


# -- the report --------------------------------------------------------------------------------
def verdict(r: dict[str, Any], install: str) -> dict[str, Any]:
    """Issue 19's tests for one size and install."""
    s, b = r[install], r["baseline"]
    sg_s = s["read"] + s["camps"]
    base_s = b["read"] + b["matrix"] + b["svds"] + b["kmeans"]
    return {"sg_s": sg_s, "base_s": base_s, "ratio": sg_s / base_s,
            "fast": sg_s <= TIME_FACTOR[install] * base_s, "count_ok": s["count"] <= s["camps"],
            "ari_gap": s["ari"] - b["ari"], "accurate": s["ari"] >= b["ari"],
            "cold_ratio": s["cold"] / b["cold"], "small": s["peak_mib"] < MEMORY_LIMIT_MIB}


def _versions(python: str = sys.executable) -> str:
    names = ["numpy", "scipy", "pandas", "pyarrow", "stancegraph"]
    found = []
    for name in names:
        try:
            found.append(f"{name} {version(name)}")
        except Exception:  # noqa: BLE001 -- a missing optional library is just not listed
            pass
    return ", ".join(found)


def render(runs: list[list[dict[str, Any]]], installs: list[str], total: float,
           command: str) -> str:
    yes = {True: "yes", False: "**no**"}
    lines = [
        "# Scale: a million stances, next to a plain pandas + scipy pipeline",
        "",
        f"Machine: {platform.platform()}, {cpu_model()}, {os.cpu_count()} cores; Python "
        f"{platform.python_version()}, {_versions()}; run {dt.date.today().isoformat()}, "
        f"{total:.0f} s in all. Command: `{command}` (see its docstring).",
        "",
        "Seconds, the median of the timed passes (`--repeat`) after a warm-up pass; cold: a "
        "whole script (start-up, imports, read, camps) in a fresh interpreter. MiB: the "
        "process's peak resident size. ARI: adjusted Rand index against "
        f"the {CAMPS} planted camps. Installs: "
        + "; ".join({"default": "default, `pip install -e .` (no extras)",
                     "extras": "extras, this environment (`.[test]`)"}[i] for i in installs)
        + ".",
    ]
    for rows in runs:
        pop = rows[0]["popularity"]
        lines += ["", f"## Targets drawn {'uniformly' if pop == 'uniform' else 'with Zipf-like popularity'}",
                  "", "### Stages", "",
                  "| stances | actors | targets | install | read s | roll-up s | projection s "
                  "| labels s | camps k=5 s | count s | k counted | ARI | MiB | cold s |",
                  "|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
        for r in rows:
            for install in installs:
                s = r[install]
                lines.append(
                    f"| {r['stances']:,} | {r['actors']:,} | {r['targets']:,} | {install} "
                    f"| {s['read']:.3f} | {s['rollup']:.3f} | {s['projection']:.3f} "
                    f"| {s['labels']:.3f} | {s['camps']:.3f} | {s['count']:.3f} "
                    f"| {s['k_counted']} | {s['ari']:.3f} "
                    f"| {s['peak_mib']:.0f} | {s['cold']:.2f} |")
            b = r["baseline"]
            lines.append(
                f"| {r['stances']:,} | {r['actors']:,} | {r['targets']:,} | baseline "
                f"| {b['read']:.3f} | matrix {b['matrix']:.3f} | svds {b['svds']:.3f} "
                f"| k-means {b['kmeans']:.3f} | – | – | – | {b['ari']:.3f} | {b['peak_mib']:.0f} "
                f"| {b['cold']:.2f} |")
        lines += ["", "### Issue 19's tests: end to end (read + camps with k given) against "
                  "the baseline", "",
                  "| stances | install | stancegraph s | baseline s | ratio | within | "
                  "count ≤ camps | ARI − baseline | ARI ≥ baseline | cold ratio |",
                  "|---:|---|---:|---:|---:|---|---|---:|---|---:|"]
        for r in rows:
            for install in installs:
                v = verdict(r, install)
                lines.append(
                    f"| {r['stances']:,} | {install} | {v['sg_s']:.3f} | {v['base_s']:.3f} "
                    f"| {v['ratio']:.2f} | {yes[v['fast']]} ({TIME_FACTOR[install]:g}×) "
                    f"| {yes[v['count_ok']]} | {v['ari_gap']:+.3f} | {yes[v['accurate']]} "
                    f"| {v['cold_ratio']:.2f} |")
        if "extras" in installs:
            lines += ["", "### Issue 7's other figures (with extras)", "",
                      "| stances | load full Parquet s | camps, k found s | camps found | ARI "
                      "| Turtle s | Turtle MiB | MiB |",
                      "|---:|---:|---:|---:|---:|---:|---:|---:|"]
            for r in rows:
                s = r["extras"]
                lines.append(
                    f"| {r['stances']:,} | {s['load_parquet']:.2f} | {s['camps_k_found']:.2f} "
                    f"| {s['camps_found']} | {s['ari_k_found']:.3f} | {s['turtle']:.2f} "
                    f"| {s['turtle_mib']:.0f} | {s['peak_all_mib']:.0f} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--zipf-sizes", type=int, nargs="*", default=[],
                        help="sizes also run with Zipf-like popularity")
    parser.add_argument("--repeat", type=int, default=3, help="timed passes below a million")
    parser.add_argument("--default-venv", type=Path,
                        help="also run stancegraph in a default install here (made if missing)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--json", type=Path, help="also write the raw figures here")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # internal: one size
    parser.add_argument("--part", choices=["inputs", "stancegraph", "baseline"],
                        help=argparse.SUPPRESS)
    parser.add_argument("--popularity", default="uniform", help=argparse.SUPPRESS)
    parser.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--extras", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one is not None:
        if args.part == "inputs":
            result = make_inputs(args.one, args.popularity, args.folder)
        elif args.part == "stancegraph":
            result = run_stancegraph(args.one, args.popularity, args.folder, args.repeat,
                                     args.extras)
        else:
            result = run_baseline(args.one, args.popularity, args.folder, args.repeat)
        print(json.dumps(result))
        return 0
    pythons = {"extras": sys.executable}
    if args.default_venv:
        pythons = {"default": default_venv(args.default_venv.resolve()), **pythons}
    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="stancegraph-scale-") as folder:
        runs = [run(args.sizes, "uniform", Path(folder), args.repeat, pythons)]
        if args.zipf_sizes:
            runs.append(run(args.zipf_sizes, "zipf", Path(folder), args.repeat, pythons))
    if args.json:
        write_atomically(args.json, json.dumps(runs, indent=1))
    command = "python benchmarks/scale.py " + " ".join(argv if argv is not None else sys.argv[1:])
    report = render(runs, list(pythons), time.perf_counter() - start, command.strip())
    print(report)
    write_atomically(args.out, report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
