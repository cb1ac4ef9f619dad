"""Progress of long operations: silent unless asked for.

Reading or writing a million stances, pushing them to a store or finding the camps of a large
debate takes seconds. Each of these steps reports its progress here; nothing is shown unless a
caller asks with :func:`show_progress` (the ``stancegraph`` command asks when standard error is
a terminal, and not with ``--quiet``). A bar then appears only for a step that lasts over a
second, and is cleared when the step ends, so short steps stay silent. Bars are drawn by tqdm
(its notebook form in Jupyter).

>>> show_progress(False)  # the default: silent
>>> with step("counting", total=3) as bar:
...     for _ in range(3):
...         bar.advance()
>>> with progress_shown():
...     with step("reading", unit="B") as bar:
...         bar.advance(10)
"""

from __future__ import annotations

import functools
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, ParamSpec, Protocol, TypeVar

__all__ = ["Bar", "progress_shown", "show_progress", "step", "stepped"]

_P = ParamSpec("_P")
_R = TypeVar("_R")

#: Whether steps show a bar; the default is silent (a library does not print).
_SHOWN: ContextVar[bool] = ContextVar("stancegraph_progress", default=False)
#: Show a bar only for steps that last longer than this (seconds).
DELAY = 1.0


class Bar(Protocol):
    """What a step reports to: ``advance(n)`` when ``n`` more units are done."""

    def advance(self, n: int = 1) -> None: ...


class _Silent:
    def advance(self, n: int = 1) -> None:
        pass


class _Shown:
    def __init__(self, bar: Any) -> None:
        self._bar = bar

    def advance(self, n: int = 1) -> None:
        self._bar.update(n)


def show_progress(enabled: bool = True) -> None:
    """Show (or stop showing) progress bars for the steps that follow, on standard error.

    >>> show_progress(True); show_progress(False)
    """
    _SHOWN.set(bool(enabled))


@contextmanager
def progress_shown(enabled: bool = True) -> Iterator[None]:
    """Show progress bars (or not) inside a ``with`` block only."""
    token = _SHOWN.set(bool(enabled))
    try:
        yield
    finally:
        _SHOWN.reset(token)


@contextmanager
def step(description: str, *, total: int | None = None, unit: str = "it") -> Iterator[Bar]:
    """Report a step of ``total`` units (None: unknown, the bar counts and times it).

    The step's own code calls ``bar.advance(n)``; nothing is drawn unless progress is shown
    (:func:`show_progress`) and the step lasts over :data:`DELAY` seconds.
    """
    if not _SHOWN.get():
        yield _Silent()
        return
    from tqdm.auto import tqdm

    bar = tqdm(total=total, desc=description, unit=unit, unit_scale=unit == "B", delay=DELAY,
               leave=False, file=sys.stderr, dynamic_ncols=True)
    done = threading.Event()
    # A step that spends its time in one call (pyarrow reading a file, an eigensolver) never
    # advances: a clock redraws its bar, so its elapsed time still shows.
    clock = threading.Thread(target=_tick, args=(bar, done), daemon=True)
    clock.start()
    try:
        yield _Shown(bar)
    finally:
        done.set()
        clock.join()
        bar.close()


def _tick(bar: Any, done: threading.Event) -> None:
    while not done.wait(0.25):
        if bar._time() >= bar.start_t + DELAY:  # tqdm's own clock and start
            bar.refresh()


def stepped(description: str) -> Callable[[Callable[_P, _R]], Callable[_P, _R]]:
    """Make each call of the decorated function one :func:`step` (for library functions that
    can take seconds: finding camps, counting them)."""

    def decorate(function: Callable[_P, _R]) -> Callable[_P, _R]:
        @functools.wraps(function)
        def run(*args: _P.args, **kwargs: _P.kwargs) -> _R:
            if not _SHOWN.get():
                return function(*args, **kwargs)
            with step(description):
                return function(*args, **kwargs)

        return run

    return decorate
