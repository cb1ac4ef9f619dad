"""How long a YAML or JSON data file takes to load, and the memory it needs, up to 50 MB.

Run from the repository root::

    python benchmarks/data_files.py                       # 1, 10 and 50 MB
    python benchmarks/data_files.py --quick               # 1 MB only: a fast check
    python benchmarks/data_files.py --before /tmp/old     # also an older stancegraph

The data: a seeded synthetic debate (:func:`stancegraph.synth.synthetic_debate`, ``n // 15``
actors, ``n // 150`` targets, 1,000 documents) with as many stances as make a YAML data file of
the size asked, written by ``sg.dumps(g, format="yaml")`` and ``format="json"``; and the same
files with the last stance made invalid (``confidence: 2``), to time how long a file whose
last record is bad takes to fail. The files are written to ``--data`` (kept there and reused
when the folder is given; a temporary folder otherwise).

Each load runs in a fresh process that imports stancegraph (from ``--before`` for the older
version: the folder holding its ``stancegraph`` package, e.g. ``git archive HEAD stancegraph |
tar -x -C /tmp/old``), then times ``sg.load(path)`` with ``time.perf_counter``; its memory is
the process's peak resident size (``VmHWM``), imports included. ``--repeat`` runs each load
that many times, in as many processes, and keeps the fastest (a busy machine slows every run).
A breakdown for the current version splits a load into parsing the text, validating the
records with their models, and building the graph. The report is printed and written
atomically to ``--out``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))
from report import cpu_model, write_atomically  # noqa: E402

DEFAULT_OUT = HERE / "results" / "data_files.md"
FORMATS = ("yaml", "json")


# -- the data ---------------------------------------------------------------------------------

def _debate(n: int) -> Any:
    from stancegraph.synth import synthetic_debate

    return synthetic_debate(n, actors=max(100, n // 15), targets=max(20, n // 150))


def stances_for(megabytes: float) -> int:
    """How many synthetic stances make a YAML data file of about ``megabytes`` MB."""
    import stancegraph as sg

    small, large = (len(sg.dumps(_debate(n), format="yaml").encode()) for n in (2000, 6000))
    per_stance = (large - small) / 4000  # the sources and actors make up the rest
    return max(10, round((megabytes * 1e6 - (small - 2000 * per_stance)) / per_stance))


def write_files(megabytes: float, folder: Path) -> dict[str, Path]:
    """The four files of one size (``yaml``, ``json``, ``bad.yaml``, ``bad.json``), written to
    ``folder`` unless they are there already."""
    from stancegraph.io import _json, _yaml
    from stancegraph.io._records import to_records

    stem = f"debate-{megabytes:g}MB"
    paths = {"yaml": folder / f"{stem}.yaml", "json": folder / f"{stem}.json",
             "bad.yaml": folder / f"{stem}-bad.yaml", "bad.json": folder / f"{stem}-bad.json"}
    if all(p.exists() for p in paths.values()):
        return paths
    g = _debate(stances_for(megabytes))
    for json_dates in (False, True):
        records = to_records(g, json=json_dates)
        dump = _json.dumps if json_dates else _yaml.dumps
        name = "json" if json_dates else "yaml"
        write_atomically(paths[name], dump(records))  # never a half-written file to reuse
        records["stances"][-1]["confidence"] = 2  # out of [0, 1]: the last record is bad
        write_atomically(paths[f"bad.{name}"], dump(records))
    return paths


# -- one load, in its own process ---------------------------------------------------------------

def _peak_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def load_once(path: Path) -> dict[str, Any]:
    """Time ``sg.load(path)`` in this process: seconds, peak MiB, and the error if it failed."""
    import stancegraph as sg

    start, cpu = time.perf_counter(), time.process_time()
    error = None
    try:
        g = sg.load(path)
        stances = len(g.stances)
    except sg.StanceGraphError as err:  # "file, line 9, stances[3] ...": where, without file
        error, stances = str(err).split(", ", 1)[-1][:160], 0
    return {"seconds": time.perf_counter() - start, "cpu": time.process_time() - cpu,
            "peak_mib": _peak_mib(), "error": error, "stances": stances,
            "version": str(Path(sg.__file__).parent)}


def breakdown_once(path: Path) -> dict[str, Any]:
    """Time the steps of loading ``path`` (a valid file): parse, validate, build the graph."""
    from stancegraph.io import _json, _records, _yaml
    from stancegraph.io._files import read_text
    from stancegraph.model import SECTIONS

    text, name = read_text(path)
    start = time.perf_counter()
    if path.suffix == ".yaml":
        data, lines = _yaml.read(text, name)
    else:
        data = _json.parse(text, name)
    parsed = time.perf_counter()

    def locate(err: Any, where: Any) -> Any:
        return err

    for section in SECTIONS:
        for i, record in enumerate(data.get(section) or ()):
            _records._validate(section, i, record, locate)
    validated = time.perf_counter()
    _records.from_records(data, file=name)
    done = time.perf_counter()
    # from_records validates again, then builds: building = its time less validating.
    return {"parse": parsed - start, "validate": validated - parsed,
            "build": (done - validated) - (validated - parsed), "peak_mib": _peak_mib()}


def _in_process(what: str, path: Path, before: Path | None) -> dict[str, Any]:
    env = dict(os.environ)
    if before is not None:
        env["PYTHONPATH"] = os.pathsep.join([str(before), env.get("PYTHONPATH", "")])
    done = subprocess.run([sys.executable, __file__, f"--{what}", str(path)], check=True,
                          capture_output=True, text=True, env=env)
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def fastest(path: Path, before: Path | None, repeat: int) -> dict[str, Any]:
    runs = [_in_process("one", path, before) for _ in range(repeat)]
    best = min(runs, key=lambda r: r["seconds"])
    best["peak_mib"] = max(r["peak_mib"] for r in runs)
    return best


# -- the report --------------------------------------------------------------------------------

def run(sizes: list[float], folder: Path, before: Path | None,
        repeat: int) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    rows, parts = [], []
    versions: list[tuple[str, Path | None]] = [("after", None)]
    if before is not None:
        versions.insert(0, ("before", before))
    for mb in sizes:
        print(f"{mb:g} MB: writing the files ...", file=sys.stderr)
        paths = write_files(mb, folder)
        for label, where in versions:
            for kind in ("yaml", "json", "bad.yaml", "bad.json"):
                print(f"{mb:g} MB {label} {kind} ...", file=sys.stderr)
                r = fastest(paths[kind], where, repeat)
                rows.append({**r, "mb": mb, "bytes": paths[kind].stat().st_size,
                             "version": label, "file": kind})
        for kind in FORMATS:
            parts.append({"mb": mb, "file": kind, **_in_process("breakdown", paths[kind], None)})
    return rows, parts


def render(rows: list[dict[str, Any]], parts: list[dict[str, Any]], total: float,
           command: str) -> str:
    import pydantic
    import yaml

    lines = [
        "# Data files: loading YAML and JSON",
        "",
        f"Machine: {platform.platform()}, {cpu_model()}, {os.cpu_count()} cores; Python "
        f"{platform.python_version()}, PyYAML {yaml.__version__} (libyaml "
        f"{'yes' if yaml.__with_libyaml__ else 'no'}), pydantic {pydantic.VERSION}; run "
        f"{dt.date.today().isoformat()}, {total:.0f} s in all.",
        "",
        f"Command: `{command}`",
        "",
        "Seconds for `sg.load(path)` (wall clock, fastest run; CPU: the process's processor "
        "time, less disturbed by other work on the machine); MiB: the peak resident size of the "
        "process (imports included, about 150 MiB). `bad`: the same file with its last stance "
        "invalid (`confidence: 2`): the time until the error (for JSON it includes reading the "
        "text again as YAML to find the line).",
        "",
        "| size | file | stances | version | seconds | CPU s | peak MiB | result |",
        "|---:|---|---:|---|---:|---:|---:|---|",
    ]
    for r in rows:
        result = "loaded" if r["error"] is None else "error at " + r["error"].split(": ", 1)[0]
        lines.append(f"| {r['bytes'] / 1e6:.1f} MB | {r['file']} | {r['stances']:,} "
                     f"| {r['version']} | {r['seconds']:.2f} | {r['cpu']:.2f} "
                     f"| {r['peak_mib']:.0f} | {result} |")
    lines += [
        "",
        "Where the time goes (current version, one run each): parsing the text to plain data "
        "(with the line index for YAML), validating every record with its pydantic model, and "
        "building the graph (`add_all`: references, integrity checks, indexes).",
        "",
        "| size | file | parse s | validate s | build graph s | peak MiB |",
        "|---:|---|---:|---:|---:|---:|",
    ]
    for p in parts:
        lines.append(f"| {p['mb']:g} MB | {p['file']} | {p['parse']:.2f} | {p['validate']:.2f} "
                     f"| {p['build']:.2f} | {p['peak_mib']:.0f} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=float, nargs="+", default=[1, 10, 50],
                        help="YAML file sizes in MB")
    parser.add_argument("--quick", action="store_true", help="1 MB only")
    parser.add_argument("--before", type=Path,
                        help="a folder holding an older stancegraph package to compare with")
    parser.add_argument("--data", type=Path, help="where to write (and reuse) the files")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--one", type=Path, help=argparse.SUPPRESS)  # internal: one load
    parser.add_argument("--breakdown", type=Path, help=argparse.SUPPRESS)  # internal
    args = parser.parse_args(argv)
    if args.one is not None:
        print(json.dumps(load_once(args.one)))
        return 0
    if args.breakdown is not None:
        print(json.dumps(breakdown_once(args.breakdown)))
        return 0
    sizes = [1.0] if args.quick else args.sizes
    command = " ".join(["python benchmarks/data_files.py", *(argv if argv is not None
                                                              else sys.argv[1:])])
    start = time.perf_counter()
    if args.data is not None:
        args.data.mkdir(parents=True, exist_ok=True)
        rows, parts = run(sizes, args.data, args.before, args.repeat)
    else:
        with tempfile.TemporaryDirectory() as tmp:
            rows, parts = run(sizes, Path(tmp), args.before, args.repeat)
    report = render(rows, parts, time.perf_counter() - start, command)
    print(report)
    write_atomically(args.out, report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
