"""How long a SPARQL store takes to push, pull and aggregate a stance graph.

Run from the repository root (the ``oxigraph`` package, a test dependency, gives the server)::

    python benchmarks/store.py                  # 10k and 100k stances
    python benchmarks/store.py --sizes 10000    # a quick check

On the seeded synthetic debate of ``network_construction.py`` (``n // 15`` actors, ``n // 150``
targets), for three stores -- the embedded pyoxigraph store in memory, an ``oxigraph serve``
server in memory, and one on disk (``--location``) -- it times with ``time.perf_counter``:
:meth:`~stancegraph.SparqlStore.push` (export, ``INSERT DATA`` batches into a temporary graph,
then the atomic replace), :meth:`~stancegraph.SparqlStore.pull`, the aggregate
:meth:`~stancegraph.SparqlStore.stance_matrix` at state level, and the coalitions found from
it; and, as the baseline, the same coalitions from the graph in memory. It checks that both
give the same camps. The report is printed and written atomically to ``--out``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import os
import platform
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

import stancegraph as sg

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))
from report import cpu_model, write_atomically  # noqa: E402

DEFAULT_OUT = HERE / "results" / "store.md"


def _synthetic(n: int) -> sg.StanceGraph:
    spec = importlib.util.spec_from_file_location("_nc", HERE / "network_construction.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    graph: sg.StanceGraph = module.synthetic_debate(n, actors=max(100, n // 15),
                                                    targets=max(20, n // 150))
    return graph


def _server(location: Path | None) -> tuple[subprocess.Popen[bytes], str]:
    exe = Path(sys.executable).parent / "oxigraph"
    command = [str(exe) if exe.exists() else (shutil.which("oxigraph") or "oxigraph"), "serve"]
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    command += ["--bind", f"127.0.0.1:{port}"]
    if location is not None:
        command += ["--location", str(location)]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    for _ in range(150):
        try:
            with urllib.request.urlopen(f"{url}/query?query=ASK%7B%7D", timeout=2):
                return process, url
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError("oxigraph serve did not start")


def _timed(step: Any) -> tuple[Any, float]:
    start = time.perf_counter()
    result = step()
    return result, time.perf_counter() - start


def measure(g: sg.StanceGraph, store: sg.SparqlStore) -> dict[str, Any]:
    triples, push_s = _timed(lambda: store.push(g))
    pulled, pull_s = _timed(store.pull)
    aff, matrix_s = _timed(store.stance_matrix)
    found, camps_s = _timed(lambda: sg.coalitions_from_affiliation(aff))
    return {"triples": triples, "push_s": push_s, "pull_s": pull_s, "matrix_s": matrix_s,
            "coalitions_s": camps_s, "round_trip": pulled == g, "found": found}


def run(sizes: list[int]) -> list[dict[str, Any]]:
    rows = []
    for n in sizes:
        g = _synthetic(n)
        reference, memory_s = _timed(lambda: sg.coalitions(g))  # noqa: B023 (called at once)
        camps = [c.members for c in reference.coalitions]
        with tempfile.TemporaryDirectory() as tmp:
            stores: list[tuple[str, Any]] = [("embedded, in memory", None),
                                             ("server, in memory", None),
                                             ("server, on disk", Path(tmp) / "data")]
            for name, location in stores:
                print(f"{n} stances, {name} ...", file=sys.stderr)
                process = None
                if name.startswith("server"):
                    process, url = _server(location)
                    store = sg.SparqlStore(f"{url}/query", update_url=f"{url}/update",
                                           timeout=3600)
                else:
                    store = sg.SparqlStore()
                try:
                    row = measure(g, store)
                finally:
                    if process is not None:
                        process.terminate()
                        process.wait()
                row.update(stances=n, store=name, memory_s=memory_s,
                           same=[c.members for c in row.pop("found").coalitions] == camps)
                rows.append(row)
    return rows


def render(rows: list[dict[str, Any]], total: float) -> str:
    lines = [
        "# SPARQL store: push, pull, aggregate",
        "",
        f"Machine: {platform.platform()}, {cpu_model()}, {os.cpu_count()} cores; Python "
        f"{platform.python_version()}, stancegraph {sg.__version__}; run "
        f"{dt.date.today().isoformat()}, {total:.0f} s in all.",
        "",
        "Seconds. Push: export, `INSERT DATA` batches of 20,000 triples into a temporary graph, "
        "then the atomic replace. Matrix: the aggregate query at state level (document "
        "de-duplication). Camps: coalitions from that matrix; in memory: `sg.coalitions(g)` "
        "on the graph. Same: the store's camps equal those in memory.",
        "",
        "| stances | triples | store | push | pull | matrix | camps | in memory | same |",
        "|---:|---:|---|---:|---:|---:|---:|---:|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r['stances']:,} | {r['triples']:,} | {r['store']} | {r['push_s']:.2f} "
            f"| {r['pull_s']:.2f} | {r['matrix_s']:.2f} | {r['coalitions_s']:.2f} "
            f"| {r['memory_s']:.2f} | {'yes' if r['same'] and r['round_trip'] else 'NO'} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    start = time.perf_counter()
    report = render(run(args.sizes), time.perf_counter() - start)
    print(report)
    write_atomically(args.out, report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
