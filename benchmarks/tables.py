"""A statement table too big for memory: a partitioned Parquet dataset aggregated into the
actor × target matrix by DuckDB, polars, pandas and (once it exists)
``stancegraph.affiliation_from_tables``.

Run from the repository root::

    python benchmarks/tables.py --check                       # 200,000 rows: all methods agree
    python benchmarks/tables.py --statements 10_000_000 --data /work/bench-data/tables-10M \\
        --out benchmarks/results/tables-10M.md
    python benchmarks/tables.py --statements 100_000_000 --data /work/bench-data/tables-100M \\
        --methods duckdb_bare,duckdb_groupby_only,polars,pandas,stancegraph \\
        --out benchmarks/results/tables.md

The data (:func:`write_dataset`) is a seeded statement table written as a hive-partitioned
Parquet dataset, ``DIR/year=YYYY/part-NNNN.parquet``, one chunk of ``--rows-per-file`` rows per
file, with ``DIR/_meta.json`` describing it; a dataset already there with the same parameters
is reused, any other is written again.

The matrix every method computes: per ``(holder, target, relation)``, the sum over documents
(``source``) of the strongest statement of that stance in the document, a statement weighing
its confidence (1 when null) times its relation's strength (1, or 0.5 for ``skeptical-of``):
the weights of ``stancegraph.affiliation(g, level="stated", dedupe="document")``. Methods:

* ``duckdb_bare``: DuckDB's own SQL, the two ``GROUP BY`` s (de-duplication by document, then the
  sum), ``read_parquet('DIR/**/*.parquet', hive_partitioning=true)``, ``memory_limit`` 3GB,
  2 threads, a temporary directory to spill to; the result fetched as an Arrow table.
* ``duckdb_groupby_only``: one ``GROUP BY holder, target, relation`` with the sum of the
  weights, no de-duplication: what the de-duplication costs.
* ``polars``: ``pl.scan_parquet(glob, hive_partitioning=True)``, the same two ``group_by`` s,
  ``collect(engine="streaming")``.
* ``pandas``: file by file (``pyarrow.parquet.read_table`` of the five columns, then
  ``to_pandas``): the de-duplication and a partial sum per file, then one sum of the partial
  sums. This is exact only because a document never spans two files (the generator guarantees
  it); reading the whole dataset into one frame first would hold every row at once
  (see the report's notes).
* ``stancegraph``: ``stancegraph.affiliation_from_tables(DIR, engine="duckdb", level="stated",
  dedupe="document")`` then ``stancegraph.coalitions_from_affiliation(aff, k=4)``; skipped with
  a note while the first does not exist.

Each method runs in a fresh process of its own (``--repeat`` times, methods taking turns);
its time is ``time.perf_counter`` around the work alone (imports and interpreter start-up
excluded; the process's whole life is reported beside it), its memory the process's peak
resident size (GNU ``/usr/bin/time``'s ``%M``, the ``ru_maxrss`` of the process; see
:func:`measure`). Before each run the runner reads every file once, so that the run finds the
dataset in the page cache (the machine's RAM exceeds it): these are warm-cache times.

``--check`` writes a small dataset (200,000 rows in files of 25,000 unless told otherwise),
checks the generator's promises (every actor has statements, no document spans two files,
repeated stances within documents exist, about 5% skeptical-of and 10% null confidence) and
that every method gives the same matrix cell by cell: the same cells, each weight within
1e-9 × max(1, |weight|) of duckdb_bare's.
"""

from __future__ import annotations

import argparse
import datetime as dt
import glob
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from importlib.metadata import version
from pathlib import Path
from typing import Any

import numpy as np

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))
from report import machine_section, write_atomically  # noqa: E402

DEFAULT_OUT = HERE / "results" / "tables.md"
METHODS = ("duckdb_bare", "duckdb_groupby_only", "polars", "pandas", "stancegraph")
#: Changes whenever the generator would write different files for the same parameters.
GENERATOR_VERSION = 1
FIRST_YEAR = 2015
STATEMENTS_PER_DOCUMENT = 5
#: Probability that a statement repeats the holder and target of the one before it in the same
#: document (its relation drawn afresh), so that some stances recur within a document.
REPEAT = 0.3
#: Share of the statements against a target that are skeptical rather than opposed.
SKEPTICAL = 0.1
NULL_CONFIDENCE = 0.1
#: Zipf exponents of actor activity and target popularity (rank r drawn with weight
#: (r + 1) ** -s).
ACTOR_ZIPF = 0.8
TARGET_ZIPF = 0.5
RELATIONS = ("supports", "opposes", "skeptical-of")
COLUMNS = ["holder", "relation", "target", "source", "confidence"]
DUCKDB_MEMORY = "3GB"
DUCKDB_THREADS = 2
TOLERANCE = 1e-9
CAMPS_K = 4


# --------------------------------------------------------------------------- the data


def _names(prefix: str, ids: np.ndarray, width: int) -> Any:
    """A pyarrow string array ``prefix`` + each id zero-padded to ``width`` digits, built
    from bytes without a Python string per row."""
    import pyarrow as pa

    ids = np.asarray(ids, dtype=np.int64)
    n, size = len(ids), len(prefix) + width
    chars = np.empty((n, size), dtype=np.uint8)
    chars[:, :len(prefix)] = np.frombuffer(prefix.encode(), dtype=np.uint8)
    powers = 10 ** np.arange(width - 1, -1, -1, dtype=np.int64)
    chars[:, len(prefix):] = (ids[:, None] // powers % 10 + ord("0")).astype(np.uint8)
    offsets = np.arange(0, size * (n + 1), size, dtype=np.int32)
    return pa.Array.from_buffers(pa.string(), n, [None, pa.py_buffer(offsets),
                                                  pa.py_buffer(chars.tobytes())])


def _width(count: int, least: int) -> int:
    return max(least, len(str(max(count - 1, 0))))


def actor_names(actors: int) -> list[str]:
    """``a00000``, ``a00001``, ...: the actor ids (5 digits, more when there are more)."""
    return [f"a{i:0{_width(actors, 5)}d}" for i in range(actors)]


def target_names(targets: int) -> list[str]:
    return [f"t{j:0{_width(targets, 4)}d}" for j in range(targets)]


def _cdf(n: int, exponent: float) -> np.ndarray:
    weight = (np.arange(n, dtype=np.float64) + 1.0) ** -exponent
    cdf = np.cumsum(weight)
    return cdf / cdf[-1]


def planted(seed: int, actors: int, targets: int, camps: int) -> dict[str, np.ndarray]:
    """The dataset's fixed draws: each actor's camp (``camp``, balanced: sizes differ by at
    most one), each camp's preferred sign per target (``sign``, camps × targets, ±1), actor
    activity and target popularity ranks (``actor_rank``, ``target_rank``: the id at each
    Zipf rank) and the order in which the first rows visit every actor (``every``)."""
    rng = np.random.default_rng([seed, 0])
    camp = rng.permutation(np.arange(actors) % camps)
    sign = rng.choice(np.array([-1, 1], dtype=np.int8), size=(camps, targets))
    return {"camp": camp, "sign": sign, "actor_rank": rng.permutation(actors),
            "target_rank": rng.permutation(targets), "every": rng.permutation(actors)}


def _chunk(index: int, start: int, rows: int, *, seed: int, actors: int, targets: int,
           sign_noise: float, rows_per_file: int, year: int, fixed: dict[str, np.ndarray],
           actor_cdf: np.ndarray, target_cdf: np.ndarray, holder_dict: Any,
           target_dict: Any) -> Any:
    """One file's rows (global rows ``start`` to ``start + rows``) as a pyarrow table."""
    import pyarrow as pa

    rng = np.random.default_rng([seed, 1, index])
    documents = max(1, -(-rows // STATEMENTS_PER_DOCUMENT))
    document = np.sort(rng.integers(0, documents, rows))  # rows grouped by document
    holder = fixed["actor_rank"][np.searchsorted(actor_cdf, rng.random(rows), side="right")]
    target = fixed["target_rank"][np.searchsorted(target_cdf, rng.random(rows), side="right")]
    # The dataset's first rows name every actor once, so that each has statements.
    first = np.arange(start, start + rows) < actors
    holder[first] = fixed["every"][start:start + int(first.sum())]
    # Repeats: a statement takes the holder and target of the one before it in its document.
    repeat = np.zeros(rows, dtype=bool)
    repeat[1:] = (document[1:] == document[:-1]) & (rng.random(rows - 1) < REPEAT)
    repeat &= ~first
    origin = np.maximum.accumulate(np.where(repeat, 0, np.arange(rows)))
    holder, target = holder[origin], target[origin]
    preferred = fixed["sign"][fixed["camp"][holder], target]
    sign = np.where(rng.random(rows) < sign_noise, -preferred, preferred)
    relation = np.where(sign > 0, 0, np.where(rng.random(rows) < SKEPTICAL, 2, 1)).astype(
        np.int8)
    confidence = rng.uniform(0.5, 1.0, rows)
    null = rng.random(rows) < NULL_CONFIDENCE
    days = (dt.date(year + 1, 1, 1) - dt.date(year, 1, 1)).days
    epoch = (dt.date(year, 1, 1) - dt.date(1970, 1, 1)).days
    day = (epoch + rng.integers(0, days, documents)).astype(np.int32)
    used, local = np.unique(document, return_inverse=True)
    slots = -(-rows_per_file // STATEMENTS_PER_DOCUMENT)  # document ids reserved per file
    source_dict = _names("d", index * slots + used, 9)
    return pa.table({
        "holder": pa.DictionaryArray.from_arrays(pa.array(holder.astype(np.int32)),
                                                 holder_dict),
        "relation": pa.DictionaryArray.from_arrays(pa.array(relation),
                                                   pa.array(list(RELATIONS))),
        "target": pa.DictionaryArray.from_arrays(pa.array(target.astype(np.int32)),
                                                 target_dict),
        "date": pa.array(day[document], type=pa.date32()),
        "source": pa.DictionaryArray.from_arrays(pa.array(local.astype(np.int32)),
                                                 source_dict),
        "confidence": pa.array(confidence, mask=null),
    })


def _params(n_statements: int, seed: int, actors: int, targets: int, camps: int,
            sign_noise: float, rows_per_file: int, years: int) -> dict[str, Any]:
    return {"generator": GENERATOR_VERSION, "n_statements": n_statements, "seed": seed,
            "actors": actors, "targets": targets, "camps": camps, "sign_noise": sign_noise,
            "rows_per_file": rows_per_file, "years": years}


def _files(directory: Path) -> list[Path]:
    return sorted(directory.glob("year=*/part-*.parquet"))


def write_dataset(directory: str | Path, n_statements: int, *, seed: int,
                  actors: int = 20_000, targets: int = 1_000, camps: int = 4,
                  sign_noise: float = 0.2, rows_per_file: int = 5_000_000,
                  years: int = 10) -> dict[str, Any]:
    """Write ``n_statements`` seeded statements as a hive-partitioned Parquet dataset,
    ``directory/year=YYYY/part-NNNN.parquet``, and return what ``directory/_meta.json`` says.

    Columns: ``holder`` (``a00123``), ``relation`` (``supports`` or ``opposes``, about 5%
    ``skeptical-of``), ``target`` (``t0042``), ``date`` (date32, in the partition's year;
    one date per document), ``source`` (``d000123456``, a document id) and ``confidence``
    (float64, uniform in [0.5, 1], about 10% null). The strings are Arrow dictionary columns;
    files are zstd-compressed, row groups of 1,000,000 rows.

    The files are written one at a time, each of ``rows_per_file`` rows (the last may be
    shorter), file ``i`` in year ``2015 + i * years // files``; only one file's rows are in
    memory at once. Each file's draws come from their own generator (seeded by ``seed`` and
    the file's number), so the same seed gives the same files.

    Planted camps (:func:`planted`): the actors fall into ``camps`` camps of equal size, each
    camp prefers a sign per target, and a statement follows its holder's camp with
    probability ``1 - sign_noise`` (against the target: opposed, one time in ten skeptical).
    Actor activity is Zipf-like (exponent 0.8 over a random ranking of the actors), target
    popularity milder (0.5); every actor has statements when ``n_statements >= actors`` (the
    dataset's first rows name each actor once).

    Documents: each file holds its own documents, about five statements each (their sizes
    drawn at random), so **a document never spans two files** (nor two partitions) and
    de-duplicating by document file by file is exact. Within a document, a statement repeats
    the holder and target of the one before it with probability 0.3, its relation drawn
    afresh, so the same stance recurs within some documents and de-duplication matters.

    An existing dataset whose ``_meta.json`` gives the same parameters is kept as it is.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    directory = Path(directory)
    params = _params(n_statements, seed, actors, targets, camps, sign_noise, rows_per_file,
                     years)
    meta_path = directory / "_meta.json"
    if meta_path.exists():
        meta = json.loads(meta_path.read_text())
        if meta.get("params") == params and len(_files(directory)) == meta.get("files"):
            meta["reused"] = True
            return dict(meta)
    # Start afresh: remove only what this function writes.
    meta_path.unlink(missing_ok=True)
    for old in _files(directory):
        old.unlink()
    for folder in directory.glob("year=*"):
        if folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
    directory.mkdir(parents=True, exist_ok=True)
    began = time.perf_counter()
    fixed = planted(seed, actors, targets, camps)
    holder_dict = _names("a", np.arange(actors), _width(actors, 5))
    target_dict = _names("t", np.arange(targets), _width(targets, 4))
    actor_cdf, target_cdf = _cdf(actors, ACTOR_ZIPF), _cdf(targets, TARGET_ZIPF)
    n_files = max(1, -(-n_statements // rows_per_file))
    for index in range(n_files):
        start = index * rows_per_file
        rows = min(rows_per_file, n_statements - start)
        year = FIRST_YEAR + index * years // n_files
        table = _chunk(index, start, rows, seed=seed, actors=actors, targets=targets,
                       sign_noise=sign_noise, rows_per_file=rows_per_file, year=year,
                       fixed=fixed, actor_cdf=actor_cdf, target_cdf=target_cdf,
                       holder_dict=holder_dict, target_dict=target_dict)
        path = directory / f"year={year}" / f"part-{index:04d}.parquet"
        path.parent.mkdir(exist_ok=True)
        tmp = path.with_suffix(".tmp")
        pq.write_table(table, tmp, compression="zstd", row_group_size=1_000_000,
                       dictionary_pagesize_limit=16 * 2**20)
        os.replace(tmp, path)
        del table
        print(f"  wrote {path.relative_to(directory)} ({rows:,} rows, "
              f"{time.perf_counter() - began:.0f} s)", file=sys.stderr)
    files = _files(directory)
    meta = {"params": params, "files": len(files),
            "bytes": sum(f.stat().st_size for f in files),
            "partitions": len({f.parent.name for f in files}),
            "seconds": time.perf_counter() - began,
            "written": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
            "pyarrow": pa.__version__}
    write_atomically(meta_path, json.dumps(meta, indent=1))
    meta["reused"] = False
    return meta


# --------------------------------------------------------------------------- the methods


def _glob(directory: Path) -> str:
    return str(directory / "**" / "*.parquet")


WEIGHT_SQL = ("coalesce(confidence, 1) * CASE relation WHEN 'skeptical-of' THEN 0.5 "
              "ELSE 1 END")


def bare_sql(directory: Path) -> str:
    scan = f"read_parquet('{_glob(directory)}', hive_partitioning=true)"
    return (f"SELECT holder, target, relation, sum(w) AS w FROM ("
            f"SELECT holder, target, relation, source, max({WEIGHT_SQL}) AS w "
            f"FROM {scan} GROUP BY ALL) GROUP BY ALL")


def groupby_only_sql(directory: Path) -> str:
    scan = f"read_parquet('{_glob(directory)}', hive_partitioning=true)"
    return (f"SELECT holder, target, relation, sum({WEIGHT_SQL}) AS w FROM {scan} "
            f"GROUP BY holder, target, relation")


class _FolderPeak:
    """The largest size a folder reaches while the block runs (polled every 0.2 s)."""

    def __init__(self, folder: Path) -> None:
        self.folder, self.peak, self._stop = folder, 0, threading.Event()
        self._thread = threading.Thread(target=self._poll, daemon=True)

    def _size(self) -> int:
        total = 0
        for root, _, names in os.walk(self.folder):
            for name in names:
                try:
                    total += os.stat(os.path.join(root, name)).st_size
                except OSError:
                    pass
        return total

    def _poll(self) -> None:
        while not self._stop.wait(0.2):
            self.peak = max(self.peak, self._size())

    def __enter__(self) -> _FolderPeak:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def _duckdb(directory: Path, sql: str, scratch: Path) -> tuple[Any, dict[str, Any]]:
    import duckdb

    spill = Path(tempfile.mkdtemp(prefix="duckdb-spill-", dir=scratch))
    try:
        con = duckdb.connect()
        con.execute(f"SET memory_limit = '{DUCKDB_MEMORY}'")
        con.execute(f"SET threads = {DUCKDB_THREADS}")
        con.execute(f"SET temp_directory = '{spill}'")
        with _FolderPeak(spill) as peak:
            table = con.sql(sql).to_arrow_table()
        con.close()
    finally:
        shutil.rmtree(spill, ignore_errors=True)
    return table, {"spilled_mib": peak.peak / 2**20}


def run_duckdb_bare(directory: Path, scratch: Path) -> tuple[Any, dict[str, Any]]:
    return _duckdb(directory, bare_sql(directory), scratch)


def run_duckdb_groupby_only(directory: Path, scratch: Path) -> tuple[Any, dict[str, Any]]:
    return _duckdb(directory, groupby_only_sql(directory), scratch)


def run_polars(directory: Path, scratch: Path) -> tuple[Any, dict[str, Any]]:
    import polars as pl

    keys = ["holder", "target", "relation"]
    weight = (pl.col("confidence").fill_null(1.0)
              * pl.when(pl.col("relation") == "skeptical-of").then(0.5).otherwise(1.0))
    frame = (pl.scan_parquet(_glob(directory), hive_partitioning=True)
             .group_by([*keys, "source"]).agg(weight.max().alias("w"))
             .group_by(keys).agg(pl.col("w").sum())
             .collect(engine="streaming"))
    return frame, {"schema": {k: str(v) for k, v in frame.schema.items()}}


def run_pandas(directory: Path, scratch: Path) -> tuple[Any, dict[str, Any]]:
    import pandas as pd
    import pyarrow.parquet as pq

    keys = ["holder", "target", "relation"]
    parts = []
    files = sorted(glob.glob(_glob(directory), recursive=True))
    for path in files:
        frame = pq.read_table(path, columns=COLUMNS).to_pandas()
        frame["w"] = frame["confidence"].fillna(1.0) * np.where(
            frame["relation"] == "skeptical-of", 0.5, 1.0)
        strongest = frame.groupby([*keys, "source"], observed=True, sort=False)["w"].max()
        del frame
        parts.append(strongest.groupby(level=[0, 1, 2], observed=True, sort=False).sum())
        del strongest
    total = pd.concat(parts).groupby(level=[0, 1, 2], observed=True, sort=False).sum()
    return total.reset_index(), {"files": len(files),
                                 "partial_rows": int(sum(len(p) for p in parts))}


def run_stancegraph(directory: Path, scratch: Path) -> tuple[Any, dict[str, Any]]:
    import stancegraph as sg

    if not hasattr(sg, "affiliation_from_tables"):
        return None, {"skipped": "stancegraph.affiliation_from_tables does not exist yet"}
    import duckdb

    spill = Path(tempfile.mkdtemp(prefix="duckdb-spill-", dir=scratch))
    con = duckdb.connect()  # DuckDB's settings as for the baselines
    con.execute(f"SET memory_limit = '{DUCKDB_MEMORY}'")
    con.execute(f"SET threads = {DUCKDB_THREADS}")
    con.execute(f"SET temp_directory = '{spill}'")
    began = time.perf_counter()
    try:
        with _FolderPeak(spill) as peak:
            aff = sg.affiliation_from_tables(directory, engine="duckdb", connection=con,
                                             level="stated", dedupe="document")
    finally:
        con.close()
        shutil.rmtree(spill, ignore_errors=True)
    extra: dict[str, Any] = {"affiliation_s": time.perf_counter() - began,
                             "spilled_mib": peak.peak / 2**20}
    if hasattr(sg, "coalitions_from_affiliation"):
        began = time.perf_counter()
        found = sg.coalitions_from_affiliation(aff, k=CAMPS_K)
        extra["coalitions_s"] = time.perf_counter() - began
        extra["found"] = found
    else:
        extra["note"] = "stancegraph.coalitions_from_affiliation does not exist: not run"
    return aff, extra


RUNNERS: dict[str, Callable[[Path, Path], tuple[Any, dict[str, Any]]]] = {
    "duckdb_bare": run_duckdb_bare, "duckdb_groupby_only": run_duckdb_groupby_only,
    "polars": run_polars, "pandas": run_pandas, "stancegraph": run_stancegraph}


def _as_arrow(result: Any) -> Any:
    """A method's result as an Arrow table of string ``holder``, ``target``, ``relation`` and
    float64 ``w`` (an affiliation: ``relation`` is ``positive`` or ``negative``)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if hasattr(result, "positive") and hasattr(result, "negative"):  # an Affiliation
        parts = []
        for part in ("positive", "negative"):
            coo = getattr(result, part).tocoo()
            parts.append(pa.table({
                "holder": pa.array(np.asarray(result.actors, dtype=object)[coo.row]),
                "target": pa.array(np.asarray(result.targets, dtype=object)[coo.col]),
                "relation": pa.array([part] * len(coo.data), type=pa.string()),
                "w": pa.array(coo.data.astype(np.float64))}))
        return pa.concat_tables(parts)
    if hasattr(result, "to_arrow"):  # polars
        table = result.to_arrow()
    elif hasattr(result, "schema") and hasattr(result, "column_names"):
        table = result
    else:  # pandas
        table = pa.Table.from_pandas(result, preserve_index=False)
    return pa.table({name: pc.cast(table[name], pa.float64() if name == "w" else pa.string())
                     for name in ("holder", "target", "relation", "w")})


def _summary(result: Any) -> tuple[int, float]:
    """(cells, total weight) of a method's result, read in its own form (no copy)."""
    if hasattr(result, "positive") and hasattr(result, "negative"):  # an Affiliation
        return (int(result.positive.nnz + result.negative.nnz),
                float(result.positive.sum() + result.negative.sum()))
    if hasattr(result, "num_rows"):  # Arrow
        import pyarrow.compute as pc

        return result.num_rows, float(pc.sum(result["w"]).as_py() or 0.0)
    return len(result), float(result["w"].sum())  # polars or pandas


def child(method: str, directory: Path, scratch: Path, result_path: Path | None) -> dict[str, Any]:
    """Run one method in this (fresh) process; what it found and how long it took.

    ``hwm_mib`` is the process's peak resident size when the work is done (before the result
    is summed or, with ``result_path``, converted and written for ``--check``)."""
    began = time.perf_counter()
    result, extra = RUNNERS[method](directory, scratch)
    seconds = time.perf_counter() - began
    out: dict[str, Any] = {"seconds": seconds, "hwm_mib": _hwm_mib()}
    found = extra.pop("found", None)
    out.update(extra)
    if result is None:
        return out
    out["cells"], out["total_weight"] = _summary(result)
    if found is not None:
        out["camps_found"] = len(found.coalitions)
        out["ari"] = _ari(found, directory)
    if result_path is not None:
        import pyarrow.parquet as pq

        pq.write_table(_as_arrow(result), result_path)
    return out


def _ari(found: Any, directory: Path) -> float:
    from metrics import adjusted_rand_index

    p = json.loads((directory / "_meta.json").read_text())["params"]
    camp = planted(p["seed"], p["actors"], p["targets"], p["camps"])["camp"]
    names = actor_names(p["actors"])
    labels = [found.coalition_of(a) for a in names]
    return adjusted_rand_index([-1 if c is None else c for c in labels], camp.tolist())


# --------------------------------------------------------------------------- the runner


TIME = Path("/usr/bin/time")


def _hwm_mib() -> float:
    """This process's peak resident size (``VmHWM``: its own address space only, not the
    parent's it was forked from), in MiB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(method: str, directory: Path, scratch: Path, result_path: Path | None = None,
            timeout: float | None = None) -> dict[str, Any]:
    """Run ``method`` in a fresh process: its report, its peak RSS in MiB and the process's
    whole wall time.

    The peak is GNU time's ``%M`` (``/usr/bin/time``: the ``ru_maxrss`` of a child it forks
    from its own small process). Not ``os.wait4`` or ``RUSAGE_CHILDREN`` here: on Linux a
    child's ``ru_maxrss`` starts from the resident size of the process that forked it, so a
    runner that has written the data or read the results would inflate every figure. The
    child's own ``VmHWM`` is reported beside it as a cross-check.
    """
    with tempfile.TemporaryDirectory(prefix="tables-measure-") as tmp:
        out_path, err_path, time_path = (Path(tmp) / n for n in ("out", "err", "time"))
        command = [sys.executable, __file__, "--child", method, "--data", str(directory),
                   "--scratch", str(scratch)]
        if result_path is not None:
            command += ["--result", str(result_path)]
        if TIME.exists():
            command = [str(TIME), "-o", str(time_path), "-f", "%U %S %M", *command]
        busy_before = _busy_seconds()
        began = time.perf_counter()
        with out_path.open("w") as out, err_path.open("w") as err:
            proc = subprocess.Popen(command, stdout=out, stderr=err, start_new_session=True)
            timed_out = False
            try:
                proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)  # the group this call started
                proc.wait()
                timed_out = True
        wall = time.perf_counter() - began
        busy = _busy_seconds() - busy_before
        text, errors = out_path.read_text(), err_path.read_text()
        timed = time_path.read_text().split() if time_path.exists() else []
    row: dict[str, Any] = {"process_s": wall}
    if len(timed) >= 3 and timed[-1].isdigit():
        row["peak_mib"] = int(timed[-1]) / 1024
        row["cpu_s"] = float(timed[-3]) + float(timed[-2])
        # CPU time the whole machine spent during the run that was not this method's.
        row["others_share"] = max(0.0, busy - row["cpu_s"]) / (wall * (os.cpu_count() or 1))
    if timed_out:
        row["error"] = f"stopped after {timeout:.0f} s (--timeout)"
    elif proc.returncode != 0:
        row["error"] = (errors.strip().splitlines() or [f"exit {proc.returncode}"])[-1]
        print(errors, file=sys.stderr)
    else:
        row.update(json.loads(text))
    row.setdefault("peak_mib", row.get("hwm_mib", float("nan")))
    return row


def _busy_seconds() -> float:
    """CPU seconds the machine has spent busy (all cores, from ``/proc/stat``)."""
    try:
        fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]
    except OSError:
        return 0.0
    user, nice, system, _idle, _iowait, irq, softirq, steal = (int(x) for x in fields[:8])
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def wait_quiet(limit: float, *, share: float = 0.1, window: float = 2.0) -> float:
    """Wait (at most ``limit`` seconds) until other work uses under ``share`` of the cores
    over ``window`` seconds; the share last seen."""
    deadline = time.perf_counter() + limit
    while True:
        before = _busy_seconds()
        time.sleep(window)
        seen = (_busy_seconds() - before) / (window * (os.cpu_count() or 1))
        if seen < share or time.perf_counter() >= deadline:
            return seen


def _warm(directory: Path) -> None:
    """Read every file of the dataset once, so that each run finds it in the page cache
    (a method that used much memory before may have pushed it out)."""
    for path in _files(directory):
        with path.open("rb") as handle:
            while handle.read(2**24):
                pass


def run_methods(methods: Sequence[str], directory: Path, scratch: Path, repeat: int,
                results: Path | None = None, timeout: float | None = None,
                quiet: float = 0.0) -> dict[str, dict[str, Any]]:
    """Each method ``repeat`` times, taking turns; per method the fastest run, with the
    largest peak of its runs. Before each run, up to ``quiet`` seconds' wait for the machine
    to fall quiet (:func:`wait_quiet`)."""
    runs: dict[str, list[dict[str, Any]]] = {m: [] for m in methods}
    for turn in range(repeat):
        for method in methods:
            print(f"{method} (run {turn + 1} of {repeat}) ...", file=sys.stderr)
            path = results / f"{method}.parquet" if results is not None else None
            _warm(directory)
            if quiet > 0:
                wait_quiet(quiet)
            load = os.getloadavg()[0]
            row = measure(method, directory, scratch, path, timeout)
            row["load"] = load
            print(f"  {row.get('seconds', float('nan')):.2f} s, {row['peak_mib']:.0f} MiB, "
                  f"others {row.get('others_share', float('nan')):.0%} of the CPU"
                  + (f" ({row['error']})" if "error" in row else "")
                  + (f" ({row['skipped']})" if "skipped" in row else ""), file=sys.stderr)
            runs[method].append(row)
    best = {}
    for method, rows in runs.items():
        ok = [r for r in rows if "error" not in r]
        pick = dict(min(ok, key=lambda r: r.get("seconds", 0.0)) if ok else rows[-1])
        pick["peak_mib"] = max(r["peak_mib"] for r in rows)
        pick["all_seconds"] = [r["seconds"] for r in ok]
        pick["loads"] = [r["load"] for r in rows]
        pick["all_others"] = [r.get("others_share", float("nan")) for r in ok]
        pick["runs"] = len(rows)
        best[method] = pick
    return best


# --------------------------------------------------------------------------- checks


def _sorted_cells(path: Path, collapse: bool) -> Any:
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    table = pq.read_table(path)
    if collapse:  # relations to the sides of an affiliation
        import pyarrow as pa

        side = pc.if_else(pc.equal(table["relation"], "supports"), "positive", "negative")
        table = pa.table({"holder": table["holder"], "target": table["target"],
                          "relation": side, "w": table["w"]})
        table = table.group_by(["holder", "target", "relation"]).aggregate([("w", "sum")])
        table = table.rename_columns(["holder", "target", "relation", "w"])
    return table.sort_by([("holder", "ascending"), ("target", "ascending"),
                          ("relation", "ascending")])


def compare(reference: Path, other: Path, collapse: bool = False) -> str | None:
    """None when the two results hold the same cells and weights (within 1e-9 × max(1, |w|)),
    else what differs."""
    a, b = _sorted_cells(reference, collapse), _sorted_cells(other, False)
    if a.num_rows != b.num_rows:
        return f"{b.num_rows:,} cells, not {a.num_rows:,}"
    for key in ("holder", "target", "relation"):
        if not a[key].equals(b[key]):
            return f"the cells differ ({key})"
    wa, wb = a["w"].to_numpy(), b["w"].to_numpy()
    gap = np.abs(wa - wb) / np.maximum(1.0, np.abs(wa))
    if gap.size and gap.max() > TOLERANCE:
        return f"weights differ by up to {gap.max():.2e} (relative)"
    return None


def dataset_checks(directory: Path, meta: dict[str, Any]) -> list[tuple[bool, str]]:
    """The generator's promises, checked on the files with DuckDB."""
    import duckdb

    p = meta["params"]
    scan = (f"read_parquet('{_glob(directory)}', hive_partitioning=true, "
            f"filename=true)")
    con = duckdb.connect()
    rows, holders, targets, skeptical, null, bad_year = con.execute(
        f"SELECT count(*), count(DISTINCT holder), count(DISTINCT target), "
        f"avg((relation = 'skeptical-of')::int), avg((confidence IS NULL)::int), "
        f"sum((year(date) <> year)::int) FROM {scan}").fetchone()
    spanning = con.execute(f"SELECT count(*) FROM (SELECT source FROM {scan} GROUP BY source "
                       f"HAVING count(DISTINCT filename) > 1)").fetchone()[0]
    documents, repeated = con.execute(
        f"SELECT count(DISTINCT source), (SELECT count(*) FROM (SELECT 1 FROM {scan} "
        f"GROUP BY holder, target, relation, source HAVING count(*) > 1)) FROM {scan}"
    ).fetchone()
    lo, hi = con.execute(f"SELECT min(confidence), max(confidence) FROM {scan}").fetchone()
    every = p["n_statements"] < p["actors"] or holders == p["actors"]
    return [
        (rows == p["n_statements"], f"{rows:,} rows written, {p['n_statements']:,} asked for"),
        (every, f"{holders:,} of {p['actors']:,} actors have statements; "
                f"{targets:,} of {p['targets']:,} targets are named"),
        (spanning == 0, f"{spanning} documents span two files ({documents:,} documents, "
                        f"{rows / documents:.2f} statements each)"),
        (repeated > 0, f"{repeated:,} stances (holder, target, relation) recur within a "
                       f"document"),
        (0.03 < skeptical < 0.07, f"skeptical-of: {skeptical:.1%} of the statements"),
        (0.08 < null < 0.12, f"confidence null: {null:.1%}; range {lo:.3f} to {hi:.3f}"),
        (bad_year == 0, f"{bad_year} dates outside their partition's year"),
    ]


def stancegraph_reference(directory: Path, result_path: Path) -> None:
    """The matrix of ``stancegraph.analysis.affiliation(g, level="stated",
    dedupe="document")`` with ``g`` read in memory (``sg.read_statements``) from the whole
    dataset: what the SQL is meant to compute, written as an affiliation's cells."""
    import pyarrow.dataset as ds
    import pyarrow.parquet as pq

    import stancegraph as sg
    from stancegraph.analysis import affiliation

    whole = result_path.with_name("whole.parquet")
    table = ds.dataset(directory, format="parquet", partitioning="hive").to_table(
        columns=["holder", "relation", "target", "date", "source", "confidence"])
    pq.write_table(table, whole)
    g = sg.read_statements(whole)
    pq.write_table(_as_arrow(affiliation(g, level="stated", dedupe="document")), result_path)


# --------------------------------------------------------------------------- the report


def _versions() -> str:
    found = []
    for name in ("duckdb", "polars", "pyarrow", "pandas", "numpy", "stancegraph"):
        try:
            found.append(f"{name} {version(name)}")
        except Exception:  # noqa: BLE001 -- a missing optional library is just not listed
            pass
    return ", ".join(found)


def _checkout() -> str:
    """The commit the stancegraph measured was at, and whether files had changed."""
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=HERE, check=True,
                              capture_output=True, text=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"],
                               cwd=HERE, check=True, capture_output=True, text=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return head + (" with uncommitted changes" if dirty.strip() else "")


def _ram_gib() -> float:
    return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30


WHAT = {
    "duckdb_bare": "DuckDB SQL: GROUP BY holder, target, relation, source (max), then "
                   "GROUP BY holder, target, relation (sum); Arrow result",
    "duckdb_groupby_only": "DuckDB SQL: one GROUP BY holder, target, relation (sum), "
                           "no de-duplication",
    "polars": "scan_parquet(hive_partitioning=True), two group_by, collect(engine=\"streaming\")",
    "pandas": "per file: read_table(5 columns).to_pandas(), two groupby; then a groupby of "
              "the partial sums",
    "stancegraph": "affiliation_from_tables(engine=\"duckdb\", level=\"stated\", "
                   "dedupe=\"document\") + coalitions_from_affiliation(k=4)",
}


def render(meta: dict[str, Any], directory: Path, rows: dict[str, dict[str, Any]],
           total: float, command: str, checks: list[tuple[bool, str]]) -> str:
    p = meta["params"]
    base = rows.get("duckdb_bare", {}).get("seconds")
    loads = [x for r in rows.values() for x in r.get("loads", [])] or [os.getloadavg()[0]]
    lines = [
        f"# Tables: {p['n_statements']:,} statements in Parquet, aggregated to the actor × "
        "target matrix",
        "",
        f"Written by `{command}`; see the docstring of `benchmarks/tables.py` for what is "
        "measured.",
        "",
        *machine_section(total)[:-1],
        f"- cores: {os.cpu_count()}, RAM: {_ram_gib():.1f} GiB",
        f"- versions: {_versions()}; checkout {_checkout()}",
        f"- load average (1 min) before the runs: {min(loads):.1f} to {max(loads):.1f}. The "
        "machine is shared: other work running at the same time slows a method. Each run "
        "waits (up to `--quiet` seconds) for the CPU to fall quiet, and the share of the "
        "machine's CPU time that others used during it is given in brackets after its time "
        "(busy time from /proc/stat minus the method's own user + system time); the fastest "
        "run is reported",
        "",
        "## Data",
        "",
        f"- {p['n_statements']:,} statements, {p['actors']:,} actors in {p['camps']} planted "
        f"camps, {p['targets']:,} targets, sign noise {p['sign_noise']}, seed {p['seed']}",
        f"- {meta['files']} files of up to {p['rows_per_file']:,} rows in "
        f"{meta['partitions']} year partitions (`{directory.name}/year=YYYY/part-NNNN.parquet`"
        f"), zstd, {meta['bytes'] / 2**20:,.0f} MiB on disk "
        f"({meta['bytes'] / p['n_statements']:.1f} bytes a statement)",
        f"- written in {meta['seconds']:.0f} s"
        + (" (earlier; reused)" if meta.get("reused") else ""),
        "",
        "## Methods",
        "",
        "Seconds: the work alone, inside a fresh process (fastest of the runs); process s: "
        "that process's whole life (interpreter, imports); MiB: its peak resident size "
        "(`ru_maxrss` by GNU time, largest of the runs). Ratio: seconds over duckdb_bare's. "
        f"DuckDB: memory_limit {DUCKDB_MEMORY}, {DUCKDB_THREADS} threads; spilled: the "
        "largest its temporary directory grew. Cells: rows of (holder, target, relation); "
        "for stancegraph the non-zero cells of the affiliation's positive and negative "
        "matrices (opposes and skeptical-of in one), hence fewer.",
        "",
        "| method | seconds | process s | peak MiB | × duckdb_bare | cells | total weight "
        "| notes |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for method, r in rows.items():
        if "error" in r or "skipped" in r:
            note = r.get("error") or r.get("skipped")
            lines.append(f"| {method} | – | {r['process_s']:.1f} | {r['peak_mib']:.0f} | – | – "
                         f"| – | {note} |")
            continue
        notes = []
        if "spilled_mib" in r:
            notes.append(f"spilled {r['spilled_mib']:,.0f} MiB")
        if "partial_rows" in r:
            notes.append(f"{r['partial_rows']:,} partial cells from {r['files']} files")
        if "affiliation_s" in r:
            notes.append(f"affiliation {r['affiliation_s']:.1f} s" + (
                f" ({r['affiliation_s'] / base:.2f}× duckdb_bare)" if base else ""))
        if "coalitions_s" in r:
            notes.append(f"coalitions {r['coalitions_s']:.1f} s, {r['camps_found']} camps, "
                         f"ARI {r['ari']:.3f}")
        if "note" in r:
            notes.append(r["note"])
        if r.get("runs", 1) > 1:
            notes.append(f"{r['runs']} runs: " + ", ".join(
                f"{x:.2f} s ({o:.0%})" for x, o in zip(r["all_seconds"], r["all_others"],
                                                       strict=True)))
        elif "others_share" in r:
            notes.append(f"others {r['others_share']:.0%} of the CPU")
        ratio = f"{r['seconds'] / base:.2f}" if base else "–"
        lines.append(
            f"| {method} | {r['seconds']:.2f} | {r['process_s']:.1f} | {r['peak_mib']:,.0f} "
            f"| {ratio} | {r['cells']:,} | {r['total_weight']:,.3f} | {'; '.join(notes)} |")
    lines += ["", "What each method runs:", ""]
    lines += [f"- `{m}`: {WHAT[m]}" for m in rows]
    lines += ["", "## Checks", ""]
    lines += [f"- {'PASS' if ok else 'FAIL'} {text}" for ok, text in checks]
    return "\n".join(lines) + "\n"


def agreement(rows: dict[str, dict[str, Any]]) -> list[tuple[bool, str]]:
    """The de-duplicating methods give as many cells and the same total weight as
    duckdb_bare (the cell-by-cell check is ``--check``'s)."""
    ref = rows.get("duckdb_bare")
    if not ref or "cells" not in ref:
        return []
    out = []
    for method, r in rows.items():
        if method in ("duckdb_bare", "duckdb_groupby_only") or "cells" not in r:
            continue
        cells = r["cells"] if method != "stancegraph" else None
        gap = abs(r["total_weight"] - ref["total_weight"]) / max(1.0, ref["total_weight"])
        same = (cells is None or cells == ref["cells"]) and gap <= 1e-9
        out.append((same, f"{method}: {r['cells']:,} cells, total weight within "
                          f"{gap:.1e} (relative) of duckdb_bare's"))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--statements", type=lambda s: int(s.replace("_", "")), default=None,
                        help="rows (default 100,000,000; 200,000 with --check)")
    parser.add_argument("--data", type=Path, help="the dataset's folder (written if missing "
                        "or different)")
    parser.add_argument("--methods", default=",".join(METHODS))
    parser.add_argument("--out", type=Path, help=f"report (default {DEFAULT_OUT}; "
                        "--check writes one only when told)")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--actors", type=int, default=20_000)
    parser.add_argument("--targets", type=int, default=1_000)
    parser.add_argument("--camps", type=int, default=4)
    parser.add_argument("--sign-noise", type=float, default=0.2)
    parser.add_argument("--rows-per-file", type=lambda s: int(s.replace("_", "")),
                        default=None, help="default 5,000,000; 25,000 with --check")
    parser.add_argument("--timeout", type=float, help="stop a method's process after this "
                        "many seconds")
    parser.add_argument("--quiet", type=float, default=300.0,
                        help="before each run, wait up to this many seconds for other work "
                        "to leave the CPU (default 300; 0: do not wait)")
    parser.add_argument("--json", type=Path, help="also write the raw figures here")
    parser.add_argument("--check", action="store_true",
                        help="a small dataset: every method must give the same matrix")
    parser.add_argument("--child", choices=METHODS, help=argparse.SUPPRESS)
    parser.add_argument("--scratch", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--result", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(child(args.child, args.data, args.scratch, args.result)))
        return 0

    started = time.perf_counter()
    methods = [m.strip() for m in args.methods.split(",") if m.strip()]
    unknown = set(methods) - set(METHODS)
    if unknown:
        parser.error(f"unknown methods: {', '.join(sorted(unknown))}")
    n = args.statements or (200_000 if args.check else 100_000_000)
    per_file = args.rows_per_file or (25_000 if args.check else 5_000_000)
    with tempfile.TemporaryDirectory(prefix="stancegraph-tables-") as tmp:
        directory = args.data or Path(tmp) / "data"
        scratch = directory.parent
        print(f"dataset {directory} ...", file=sys.stderr)
        meta = write_dataset(directory, n, seed=args.seed, actors=args.actors,
                             targets=args.targets, camps=args.camps,
                             sign_noise=args.sign_noise, rows_per_file=per_file)
        print(f"  {meta['files']} files, {meta['bytes'] / 2**20:,.1f} MiB, "
              f"{meta['seconds']:.1f} s{' (reused)' if meta['reused'] else ''}",
              file=sys.stderr)
        checks: list[tuple[bool, str]] = []
        if args.check:
            checks += dataset_checks(directory, meta)
            results = Path(tmp) / "results"
            results.mkdir()
            rows = run_methods(methods, directory, scratch, args.repeat, results, args.timeout,
                               args.quiet)
            ref = results / "duckdb_bare.parquet"
            print("stancegraph in memory (the reference semantics) ...", file=sys.stderr)
            stancegraph_reference(directory, results / "in_memory.parquet")
            differs = compare(ref, results / "in_memory.parquet", collapse=True)
            checks.append((differs is None, "duckdb_bare gives the matrix of stancegraph."
                           "analysis.affiliation(sg.read_statements(all rows), level=\"stated\", "
                           "dedupe=\"document\") cell by cell" + (f": {differs}" if differs
                                                                    else "")))
            for method in methods:
                if method == "duckdb_bare" or not (results / f"{method}.parquet").exists():
                    continue
                if method == "duckdb_groupby_only":
                    differs = compare(ref, results / f"{method}.parquet")
                    checks.append((differs is not None, "duckdb_groupby_only differs from "
                                   f"duckdb_bare, as it should without de-duplication "
                                   f"({differs})"))
                    continue
                differs = compare(ref, results / f"{method}.parquet",
                                  collapse=method == "stancegraph")
                checks.append((differs is None, f"{method} gives duckdb_bare's matrix cell by "
                               f"cell" + (f": {differs}" if differs else
                                          f" ({rows[method]['cells']:,} cells)")))
        else:
            rows = run_methods(methods, directory, scratch, args.repeat, None, args.timeout,
                               args.quiet)
            checks += agreement(rows)
        for method, r in rows.items():
            if "skipped" in r:
                checks.append((True, f"{method} skipped: {r['skipped']}"))
            if "error" in r:
                checks.append((False, f"{method} failed: {r['error']}"))
    command = "python benchmarks/tables.py " + " ".join(
        argv if argv is not None else sys.argv[1:])
    report = render(meta, directory, rows, time.perf_counter() - started, command.strip(),
                    checks)
    print(report)
    if args.json:
        write_atomically(args.json, json.dumps({"meta": meta, "rows": rows}, indent=1,
                                               default=str))
    out = args.out or (None if args.check else DEFAULT_OUT)
    if out is not None:
        write_atomically(out, report)
    return 0 if all(ok for ok, _ in checks) else 1


if __name__ == "__main__":
    sys.exit(main())
