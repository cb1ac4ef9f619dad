"""Fixtures of the security tests: a counting HTTP server on 127.0.0.1 (``counting_server``)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.security.counting_server import Server, serve, without_proxy


@pytest.fixture
def counting_server(monkeypatch: pytest.MonkeyPatch) -> Iterator[Server]:
    """A counting HTTP server on 127.0.0.1 (any free port): ``.url``, ``.requests``,
    ``.untouched``. Proxies are bypassed for the test, so a request would reach it."""
    without_proxy(monkeypatch)
    with serve() as server:
        yield server
