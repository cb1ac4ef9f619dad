"""A counting HTTP server on 127.0.0.1: the bait every network test points at.

It serves whatever a parser might fetch -- a JSON-LD context, a DTD, Turtle, SPARQL results --
and records every connection and request, so a test can show that nothing reached it
(``server.untouched``), or, in a positive control, that something did. Used by the
``counting_server`` fixture (tests/security/conftest.py) and by tests/io/test_no_network.py.
"""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

NS = "https://w3id.org/stancegraph/ns#"
SPARQL_RESULTS = {
    "head": {"vars": ["s", "p", "o"]},
    "results": {"bindings": [{
        "s": {"type": "uri", "value": "https://example.org/served"},
        "p": {"type": "uri", "value": "https://example.org/p"},
        "o": {"type": "literal", "value": "from the server"},
    }]},
}


@dataclass
class Server:
    """The bait server: its base URL and every request (and connection) it has seen."""

    url: str
    requests: list[str] = field(default_factory=list)
    connections: list[Any] = field(default_factory=list)

    @property
    def untouched(self) -> bool:
        return not self.requests and not self.connections


def _body(path: str) -> tuple[str, bytes]:
    if "sparql" in path:
        return "application/sparql-results+json", json.dumps(SPARQL_RESULTS).encode()
    if path.endswith(".jsonld"):
        return "application/ld+json", json.dumps({"@context": {"sg": NS}}).encode()
    if path.endswith(".dtd") or path.endswith("/x"):
        return "application/xml-dtd", b'<!ENTITY y "fetched">'
    return "text/turtle", (b"<https://example.org/served> a <" + NS.encode() + b"State> .\n")


@contextmanager
def serve() -> Iterator[Server]:
    """Run a counting server on 127.0.0.1 (any free port), with a short socket timeout so that
    a client that does connect cannot hang the suite."""
    seen = Server(url="")

    class Handler(BaseHTTPRequestHandler):
        def parse_request(self) -> bool:
            ok = super().parse_request()
            seen.requests.append(f"{self.command} {self.path}")
            return ok

        def _answer(self) -> None:
            kind, body = _body(self.path)
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        do_GET = do_POST = do_HEAD = _answer

        def log_message(self, format: str, *args: Any) -> None:  # keep the test output quiet
            pass

    class Counting(ThreadingHTTPServer):
        daemon_threads = True

        def finish_request(self, request: Any, client_address: Any) -> None:
            seen.connections.append(client_address)
            super().finish_request(request, client_address)

    previous = socket.getdefaulttimeout()
    socket.setdefaulttimeout(3.0)
    httpd = Counting(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05},
                              daemon=True)
    thread.start()
    seen.url = f"http://127.0.0.1:{httpd.server_address[1]}"
    try:
        yield seen
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)
        socket.setdefaulttimeout(previous)


def without_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    """Requests to 127.0.0.1 go straight to the bait server, whatever proxy is configured."""
    for name in ("http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.upper(), raising=False)
    monkeypatch.setenv("no_proxy", "*")
    monkeypatch.setenv("NO_PROXY", "*")
