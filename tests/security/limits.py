"""Reading hostile input in a child process, with limits on its time and memory."""

from __future__ import annotations

import multiprocessing
import resource
from collections.abc import Callable
from typing import Any


def limit_memory(extra: int) -> None:
    """Let this process map at most ``extra`` bytes more than it has mapped now.

    A forked child inherits its parent's address space (after a long test session, gigabytes),
    so the limit is set above what is already there, not from zero.
    """
    with open("/proc/self/statm") as statm:
        pages = int(statm.read().split()[0])
    mapped = pages * resource.getpagesize()
    resource.setrlimit(resource.RLIMIT_AS, (mapped + extra, mapped + extra))


def in_child(work: Callable[..., Any], *args: Any, seconds: float, memory: int) -> Any:
    """``work(*args)`` run in a forked child that may map ``memory`` more bytes; its result.

    Raises TimeoutError if the child has not answered within ``seconds`` (it is killed), and
    ChildProcessError if it died without an answer.
    """
    context = multiprocessing.get_context("fork")
    mine, theirs = context.Pipe(duplex=False)

    def run() -> None:
        limit_memory(memory)
        theirs.send(work(*args))

    child = context.Process(target=run)
    child.start()
    try:
        if not mine.poll(seconds):
            raise TimeoutError(f"no answer within {seconds} s")
        try:
            return mine.recv()
        except EOFError:
            child.join()
            raise ChildProcessError(f"exit code {child.exitcode}") from None
    finally:
        child.kill()
        child.join()
