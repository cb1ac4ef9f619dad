"""What the benchmark reports share: the machine they ran on, timing a call, and writing
them atomically."""

from __future__ import annotations

import datetime as dt
import os
import platform
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

__all__ = ["best", "cpu_model", "machine_section", "write_atomically"]


def best(repeat: int, call: Callable[[], Any]) -> tuple[Any, float]:
    """The last value of ``call()`` and the fastest of ``repeat`` runs, in seconds."""
    seconds, value = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        value = call()
        seconds.append(time.perf_counter() - start)
    return value, min(seconds)


def machine_section(seconds: float) -> list[str]:
    """The report's "Machine" section: date, platform, CPU, Python and numpy, total time."""
    return ["## Machine", "",
            f"- date: {dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC",
            f"- platform: {platform.platform()}", f"- CPU: {cpu_model()}",
            f"- Python: {platform.python_version()}, numpy {np.__version__}",
            f"- total time: {seconds:.0f} s", ""]


def cpu_model() -> str:
    """The CPU's model name (from /proc/cpuinfo where there is one)."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def write_atomically(path: Path, text: str) -> None:
    """Write to a temporary file beside ``path``, then ``os.replace`` it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes it private; a report is for reading
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
