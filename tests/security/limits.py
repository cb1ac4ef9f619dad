"""Limits for the child processes that read hostile input."""

from __future__ import annotations

import resource


def limit_memory(extra: int) -> None:
    """Let this process map at most ``extra`` bytes more than it has mapped now.

    A forked child inherits its parent's address space (after a long test session, gigabytes),
    so the limit is set above what is already there, not from zero.
    """
    with open("/proc/self/statm") as statm:
        pages = int(statm.read().split()[0])
    mapped = pages * resource.getpagesize()
    resource.setrlimit(resource.RLIMIT_AS, (mapped + extra, mapped + extra))
