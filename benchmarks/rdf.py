"""RDF export and import: stancegraph next to plain pyoxigraph on the same triples.

Run from the repository root::

    python benchmarks/rdf.py                          # 10k, 100k and 1M stances
    python benchmarks/rdf.py --sizes 10000            # a quick check

The debates come from :func:`stancegraph.synth.synthetic_debate` (seeded). For each size and
format, in a fresh process per size:

* **stancegraph export**: ``sg.dumps(g, format=...)``;
* **pyoxigraph export**: what a program writing the same triples with pyoxigraph alone needs:
  making the terms (named nodes cached, as the exporter does) and ``pyoxigraph.serialize``;
* **stancegraph import**: ``sg.loads(text, format=...)``, a validated StanceGraph, in a fresh
  process holding only the text (as a program loading a file); checked by writing it again:
  the same bytes;
* **pyoxigraph import**: ``pyoxigraph.parse`` of the same text, reading every quad's subject,
  predicate and object (what any program must do to use the data).

Time with ``time.perf_counter``, the fastest of ``REPEAT`` runs up to 100,000 stances (one run
above: a busy machine slows every run, the fastest is the least disturbed); memory as the
import process's peak resident size (``VmHWM``).
The report is printed and written atomically to ``--out``.
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
import tempfile
import time
from pathlib import Path
from typing import Any

import pyoxigraph as ox

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

from report import cpu_model, write_atomically  # noqa: E402

import stancegraph as sg  # noqa: E402
from stancegraph.io.rdf.export import quads  # noqa: E402
from stancegraph.synth import synthetic_debate  # noqa: E402

DEFAULT_OUT = HERE / "results" / "rdf.md"
OX_FORMATS = {"turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES,
              "trig": ox.RdfFormat.TRIG, "nquads": ox.RdfFormat.N_QUADS,
              "rdfxml": ox.RdfFormat.RDF_XML, "jsonld": ox.RdfFormat.JSON_LD}
#: Formats measured at every size; the others only up to SMALL stances.
MAIN = ("turtle", "ntriples")
SMALL = 100_000
#: Each step is timed this many times up to SMALL stances (once above), keeping the fastest.
REPEAT = 3


def _peak() -> float:
    """This process's peak resident MiB: VmHWM (ru_maxrss would count the parent's peak too:
    Linux keeps it across fork and exec)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def one_size(n: int) -> list[dict[str, Any]]:
    g = synthetic_debate(n, actors=max(100, n // 15), targets=max(20, n // 150))
    rows = [(s.value, p.value, o) for s, p, o, _ in quads(g)]
    results = []
    repeat = REPEAT if n <= SMALL else 1
    for name, fmt in OX_FORMATS.items():
        if name not in MAIN and n > SMALL:
            continue
        export_s = ox_export_s = import_s = ox_import_s = float("inf")
        for _ in range(repeat):  # the fastest of a few: robust to a busy machine
            start = time.perf_counter()
            text = sg.dumps(g, format=name)
            export_s = min(export_s, time.perf_counter() - start)
            export_mb = _peak()

            start = time.perf_counter()
            cache: dict[str, ox.NamedNode] = {}

            def node(iri: str, cache: dict[str, ox.NamedNode] = cache) -> ox.NamedNode:
                term = cache.get(iri)
                if term is None:
                    term = cache[iri] = ox.NamedNode(iri)
                return term

            triples = [ox.Triple(node(s), node(p), o if isinstance(o, ox.Literal)
                                 else node(o.value)) for s, p, o in rows]
            data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES
                                if name in ("trig", "nquads") else fmt)
            ox_export_s = min(ox_export_s, time.perf_counter() - start)
            del triples, data

        # Import in a fresh process holding only the text, as a program loading a file does
        # (this process holds the graph and the benchmark's own terms: gigabytes at 1M).
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / f"debate.{name}"
            path.write_text(text, encoding="utf-8")
            done = subprocess.run([sys.executable, __file__, "--load", str(path), name,
                                   str(repeat)], check=True, stdout=subprocess.PIPE, text=True)
        measured = json.loads(done.stdout)
        import_s, ox_import_s = measured["import_s"], measured["ox_import_s"]
        import_mb, count = measured["import_mb"], measured["triples"]
        results.append({"stances": n, "format": name, "triples": count, "bytes": len(text),
                        "export_s": export_s, "ox_export_s": ox_export_s, "export_mb": export_mb,
                        "import_s": import_s, "ox_import_s": ox_import_s,
                        "import_mb": import_mb})
        print(f"  {n} {name}: export {export_s:.2f} s (pyoxigraph {ox_export_s:.2f}), import "
              f"{import_s:.2f} s (pyoxigraph {ox_import_s:.2f})", file=sys.stderr, flush=True)
    return results


def load_one(path: str, name: str, repeat: int) -> dict[str, Any]:
    """Time ``sg.loads`` and pyoxigraph's parse of one file (the fastest of ``repeat``), and
    check the graph read back writes the same bytes (the export is byte-stable)."""
    text = Path(path).read_text(encoding="utf-8")
    fmt = OX_FORMATS[name]
    import_s = ox_import_s = float("inf")
    count = 0
    for _ in range(repeat):
        start = time.perf_counter()
        loaded = sg.loads(text, format=name)
        import_s = min(import_s, time.perf_counter() - start)
        import_mb = _peak()
        assert sg.dumps(loaded, format=name) == text, name
        del loaded
        start = time.perf_counter()
        count = 0
        for q in ox.parse(text.encode("utf-8"), format=fmt):
            _ = (q.subject.value, q.predicate.value, q.object.value)
            count += 1
        ox_import_s = min(ox_import_s, time.perf_counter() - start)
    return {"import_s": import_s, "ox_import_s": ox_import_s, "import_mb": import_mb,
            "triples": count}


def render(rows: list[dict[str, Any]], total: float) -> str:
    cpu = cpu_model()
    lines = [
        "# RDF export and import: stancegraph and plain pyoxigraph",
        "",
        f"Machine: {platform.platform()}, {cpu}, {os.cpu_count()} cores; Python "
        f"{platform.python_version()}, pyoxigraph {ox.__version__}, stancegraph "
        f"{sg.__version__}; run {dt.date.today().isoformat()}, {total:.0f} s in all. Written by "
        "`python benchmarks/rdf.py`; see its docstring for what is measured.",
        "",
        "| stances | format | triples | MB | export s | pyoxigraph s | ratio | import s "
        "| pyoxigraph s | ratio | import peak MiB |",
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        lines.append(
            f"| {r['stances']:,} | {r['format']} | {r['triples']:,} | {r['bytes'] / 1e6:.1f} "
            f"| {r['export_s']:.2f} | {r['ox_export_s']:.2f} "
            f"| {r['export_s'] / r['ox_export_s']:.1f} | {r['import_s']:.2f} "
            f"| {r['ox_import_s']:.2f} | {r['import_s'] / r['ox_import_s']:.1f} "
            f"| {r['import_mb']:.0f} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--load", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.load is not None:
        path, name, repeat = args.load
        print(json.dumps(load_one(path, name, int(repeat))))
        return 0
    if args.one is not None:
        print(json.dumps(one_size(args.one)))
        return 0
    start = time.perf_counter()
    rows: list[dict[str, Any]] = []
    for n in args.sizes:
        print(f"{n} stances ...", file=sys.stderr, flush=True)
        done = subprocess.run([sys.executable, __file__, "--one", str(n)], check=True,
                              stdout=subprocess.PIPE, text=True)
        rows += json.loads(done.stdout)
    report = render(rows, time.perf_counter() - start)
    print(report)
    write_atomically(args.out, report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
