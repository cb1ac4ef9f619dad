"""A Spark cluster on this machine for the tests: ``local_cluster()`` yields a SparkSession whose
executors are separate JVMs (Spark's ``local-cluster[N,1,1024]`` master), every port on 127.0.0.1.

The master and the workers run inside the driver's JVM; each worker forks its executor JVM, and
each executor forks its Python workers (this interpreter, so driver and workers match). All of
Spark's files (the workers' ``work/`` folders, shuffle and block files, the SQL warehouse) go to
one temporary folder, deleted afterwards with every process that the cluster started.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

# C1 only and the serial collector: JVMs start faster and use fewer threads on 2 cores.
JVM_OPTIONS = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"


def _spark_home(folder: Path) -> Path:
    """A SPARK_HOME, ``folder/home``, that links to the pip package's files: the workers write
    ``$SPARK_HOME/work``, which would otherwise land inside the installed package."""
    import pyspark

    home = folder / "home"
    home.mkdir()
    package = Path(pyspark.__file__).parent
    for entry in package.iterdir():
        if entry.name != "work":
            (home / entry.name).symlink_to(entry)
    return home


def _descendants(pid: int) -> list[int]:
    """The processes under ``pid`` (Linux ``/proc``; none elsewhere)."""
    found: list[int] = []
    todo = [pid]
    while todo:
        for children in Path(f"/proc/{todo.pop()}/task").glob("*/children"):
            try:
                pids = [int(child) for child in children.read_text().split()]
            except OSError:  # the task ended meanwhile
                continue
            found += pids
            todo += pids
    return found


def _stop_gateway() -> None:
    """End PySpark's driver JVM (it outlives ``SparkSession.stop()``) and whatever it forked."""
    from pyspark import SparkContext

    gateway = SparkContext._gateway
    if gateway is None:
        return
    proc = gateway.proc
    left = _descendants(proc.pid) if proc is not None else []
    gateway.shutdown()
    SparkContext._gateway = None
    SparkContext._jvm = None
    if proc is not None:
        proc.stdin.close()  # the driver JVM exits when its stdin closes
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    for pid in left:  # executors normally leave with the driver; make sure
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


def _set_environment(values: dict[str, str | None]) -> None:
    """Set these environment variables; unset those given as None."""
    for name, value in values.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


@contextmanager
def local_cluster(workers: int = 2, timeout: float = 180.0) -> Iterator[SparkSession]:
    """A SparkSession on a cluster of ``workers`` executors (1 core, 1 GiB each; the driver
    1 GiB), bound to 127.0.0.1 with no web UI; stopped, its processes ended and its files
    deleted on leaving, also when starting it failed. Raises RuntimeError if the executors
    have not all registered within ``timeout`` seconds."""
    from pyspark.sql import SparkSession

    folder = Path(tempfile.mkdtemp(prefix="stancegraph-spark-"))
    environment = {"SPARK_HOME": str(folder / "home"), "SPARK_LOCAL_IP": "127.0.0.1",
                   "SPARK_LOCAL_DIRS": str(folder / "local"),  # the executors' too
                   "PYSPARK_PYTHON": sys.executable, "PYSPARK_DRIVER_PYTHON": sys.executable,
                   "PYSPARK_SUBMIT_ARGS": None}
    saved = {name: os.environ.get(name) for name in environment}
    session: SparkSession | None = None
    try:
        _spark_home(folder)
        _set_environment(environment)
        options = {
            "spark.driver.host": "127.0.0.1",
            "spark.driver.bindAddress": "127.0.0.1",
            "spark.driver.memory": "1g",
            "spark.executor.memory": "1g",
            "spark.driver.extraJavaOptions": JVM_OPTIONS,
            "spark.executor.extraJavaOptions": JVM_OPTIONS,
            "spark.ui.enabled": "false",
            "spark.ui.showConsoleProgress": "false",
            "spark.sql.warehouse.dir": str(folder / "warehouse"),
            "spark.sql.shuffle.partitions": str(2 * workers),
        }
        builder = SparkSession.builder.master(f"local-cluster[{workers},1,1024]")
        for key, value in options.items():
            builder = builder.config(key, value)
        session = builder.appName("stancegraph-tests").getOrCreate()
        session.sparkContext.setLogLevel("ERROR")
        deadline = time.monotonic() + timeout
        while executor_count(session) < workers:  # getOrCreate does not wait for them
            if time.monotonic() > deadline:
                raise RuntimeError(f"{executor_count(session)} of {workers} Spark executors "
                                   f"registered in {timeout:.0f} s")
            time.sleep(0.1)
        yield session
    finally:
        try:
            if session is not None:
                session.stop()
            _stop_gateway()
        finally:
            _set_environment(saved)
            shutil.rmtree(folder, ignore_errors=True)


def executor_count(session: SparkSession) -> int:
    """How many executors are registered (the driver's block manager not counted)."""
    status = session.sparkContext._jsc.sc().getExecutorMemoryStatus()
    return int(status.size()) - 1
