"""Credentials given for a SPARQL store never show, whatever the user types or the server says.

A raw HTTP server on 127.0.0.1 plays a hostile endpoint: it echoes the credentials it was sent
in its error message (at the 300-character cut, broken by whitespace, percent-encoded, HTML-
or JSON-escaped, in base64), in its reason phrase, in a redirect's target, in its content
type, in a status line that cannot be read. Every error must leave them out of ``str``,
``repr``, ``args``, the fields, the traceback, ``__cause__`` and ``__context__``, the command
line's stdout and stderr, and ``logging``. docs/store.md, "Credentials", says what is
guaranteed.
"""

from __future__ import annotations

import base64
import contextlib
import html
import io
import json
import logging
import os
import re
import socket
import threading
import traceback
import urllib.parse
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import stancegraph as sg
from stancegraph.cli import main
from stancegraph.io.store.credentials import MESSAGE_CHARS, Auth, display_url
from stancegraph.io.store.endpoint import BODY_BYTES
from tests.io.test_store import Oxigraph, oxigraph  # noqa: F401  (the server fixture)
from tests.test_cli import run

ROOT = Path(__file__).parents[2]
NATO = str(ROOT / "examples" / "nato_2022.yaml")
USER = "analyst-Kq"

#: Passwords and tokens of every shape: plain, long (split by any cut), with runs of spaces,
#: with the characters a URL, HTML or JSON must escape.
SECRETS = {
    "plain": "s3cr3t-Passw0rd",
    "long": "L0ng-" + "".join(f"{i:03d}Qx" for i in range(80)),
    "spaces": "gr33n   l1ght  run    n0w",
    "special": "p/ss?#@&<>\"'é+%=;x",
    "token": "eyJhbGciOi.JIUzI1NiJ9-t0ken_Vb",
}


# -- a hostile server ------------------------------------------------------------------------
class Hostile:
    """An HTTP server on 127.0.0.1 answering every request with ``answer(authorization)``
    -- the raw bytes of a whole response -- and remembering what each path was sent."""

    def __init__(self) -> None:
        self.answer: Callable[[str], bytes] = lambda auth: _response(200, b"")
        self.seen: list[tuple[str, str]] = []
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(16)
        self.url = f"http://127.0.0.1:{self.listener.getsockname()[1]}"
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.listener.accept()
            except OSError:
                return
            with conn:
                try:
                    conn.settimeout(10)
                    self._one(conn)
                except OSError:
                    pass

    def _one(self, conn: socket.socket) -> None:
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = conn.recv(65536)
            if not chunk:
                return
            data += chunk
        head, _, body = data.partition(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        headers = {k.strip().lower(): v.strip() for k, _, v in
                   (line.partition(":") for line in lines[1:])}
        length = int(headers.get("content-length", "0"))
        while len(body) < length:
            chunk = conn.recv(65536)
            if not chunk:
                break
            body += chunk
        auth = headers.get("authorization", "")
        self.seen.append((lines[0].split(" ")[1], auth))
        conn.sendall(self.answer(auth))

    def close(self) -> None:
        self.listener.close()


@pytest.fixture(scope="module")
def hostile() -> Iterator[Hostile]:
    server = Hostile()
    yield server
    server.close()


def _response(code: int, body: bytes, reason: str = "Denied",
              headers: dict[str, str] | None = None) -> bytes:
    head = [f"HTTP/1.1 {code} {reason}", f"Content-Length: {len(body)}", "Connection: close"]
    head += [f"{k}: {v}" for k, v in (headers or {}).items()]
    return ("\r\n".join(head) + "\r\n\r\n").encode("utf-8") + body


# -- what a hostile server can send back -----------------------------------------------------
def _one_line(text: str) -> str:  # what fits in a header
    return " ".join(text.split())


def _wrapped(text: str, every: int = 3) -> str:
    return "\r\n \t".join(text[i:i + every] for i in range(0, len(text), every))


def _answers(user: str, secret: str, auth: str, pad: int = 0, fill: str = "~") -> \
        dict[str, bytes]:
    """Every hostile answer, for the credentials ``user`` and ``secret`` (whose Authorization
    header the server got as ``auth``), after ``pad`` characters ``fill`` where there is text."""
    basic = auth.split(" ", 1)[-1]
    pair = f"{user}:{secret}"
    before = fill * pad
    bodies = {
        "verbatim": f"bad credentials: {auth} for {pair} ({secret})",
        "at the cut": "x" * (MESSAGE_CHARS - 1 - len(secret) // 2) + secret + " end",
        "wrapped": f"denied: {_wrapped(secret)} / {_wrapped(basic, 5)}",
        "flattened": f"denied: {_one_line(secret)}",
        "in capitals": f"DENIED: {secret.upper()} {pair.upper()}",
        "percent-encoded": " ".join([urllib.parse.quote(secret, safe=""),
                                     urllib.parse.quote_plus(secret),
                                     re.sub("%..", lambda m: m.group().lower(),
                                            urllib.parse.quote(secret, safe="")),
                                     urllib.parse.quote(pair, safe=":")]),
        "html": f"<html><body><p>Denied: {html.escape(pair)}</p></body></html>",
        "json": json.dumps({"error": "denied", "user": user, "password": secret,
                            "authorization": auth}),
        "json, not ascii": json.dumps({"password": secret}, ensure_ascii=False),
        "base64 lines": base64.encodebytes(pair.encode()).decode("ascii"),
        "at the end of what is read": " " * (BODY_BYTES - len(secret) // 2) + secret,
    }
    answers = {f"body {name}": _response(401, (before + body).encode("utf-8"))
               for name, body in bodies.items()}
    one = _one_line(secret)
    answers.update({
        "reason of an unknown status": _response(499, b"", reason=f"{before}{one}"),
        "reason of 401": _response(401, b"", reason=f"{before}{one} {_one_line(auth)}"),
        "307 to a URL with the credentials": _response(307, b"", headers={"Location": (
            f"http://{user}:{urllib.parse.quote(secret, safe='')}@127.0.0.1:9/{before}"
            f"?token={urllib.parse.quote(secret, safe='')}#{urllib.parse.quote(secret)}")}),
        "302 with them in the path": _response(302, b"", headers={"Location": (
            f"http://127.0.0.1:9/{urllib.parse.quote(before + secret, safe='')}/x")}),
        "302 with them as they are": _response(302, b"", headers={"Location": (
            f"http://{user}:{one}@127.0.0.1:9/{one}?token={one}")}),
        "content type": _response(200, b"{}", headers={"Content-Type": f"text/{one}"}),
        "headers only": _response(401, b"", headers={
            "WWW-Authenticate": f'Basic realm="{one}"', "X-Echo": _one_line(auth)}),
        "bad status line": f"HTTP/1.1 {before}{one} {_one_line(auth)}\r\n\r\n".encode(),
        "results that cannot be read": _response(200, (
            '{"head": {"vars": ["g"]}, "results": {"bindings": [{"g": {"type": "uri", '
            f'"value": "x"}}, {secret} {auth}').encode(),
            headers={"Content-Type": "application/sparql-results+json"}),
    })
    return answers


CASES = sorted(_answers(USER, "x", "Basic x"))


def _answering(case: str, secret: str, pad: int = 0,
               fill: str = "~") -> Callable[[str], bytes]:
    """The server's answer to a request whose Authorization header is the argument."""
    return lambda header: _answers(USER, secret, header, pad, fill)[case]


def _leaks(secret: str, user: str | None) -> list[str]:
    """What must not be shown: the secret in its forms, and every 8 characters of it."""
    solid = "".join(secret.split())
    forms = {secret, solid, _one_line(secret), urllib.parse.quote(secret, safe=""),
             urllib.parse.quote_plus(secret), html.escape(secret)}
    if user is not None:
        pair = f"{user}:{secret}"
        forms |= {user, pair, base64.b64encode(pair.encode()).decode().rstrip("=")}
    else:
        forms.add(base64.b64encode(secret.encode()).decode().rstrip("="))
    forms |= {solid[i:i + 8] for i in range(max(1, len(solid) - 7))}
    return sorted(forms)


@contextlib.contextmanager
def _logged() -> Iterator[io.StringIO]:
    """Everything logged meanwhile, at every level."""
    out = io.StringIO()
    handler = logging.StreamHandler(out)
    handler.setLevel(logging.DEBUG)
    root = logging.getLogger()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    try:
        yield out
    finally:
        root.removeHandler(handler)
        root.setLevel(level)


def _shown(err: BaseException) -> str:
    """Everything an error shows or carries."""
    assert err.__cause__ is None and err.__context__ is None, "the error chains another"
    parts = [str(err), repr(err), repr(err.args), "".join(traceback.format_exception(err))]
    parts += [repr(getattr(err, name, None)) for name in
              ("message", "file", "line", "record", "field", "id", "expected", "filename")]
    return "\n".join(parts)


def _assert_hidden(texts: list[str], secret: str, user: str | None) -> None:
    for text in texts:
        for leak in _leaks(secret, user):
            assert leak not in text, f"{leak!r} shown in {text!r}"


def _api_error(store: sg.SparqlStore) -> sg.StoreError:
    with pytest.raises(sg.StoreError, match=r"^http://127\.0\.0\.1:\d+/query: ") as caught:
        store.graphs()
    return caught.value


def _cli(*argv: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    """The command line, in this process: exit code, stdout, stderr."""
    out, err = io.StringIO(), io.StringIO()
    saved = {name: os.environ.get(name) for name in (env or {})}
    os.environ.update(env or {})
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(list(argv))
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
    return code, out.getvalue(), err.getvalue()


def _check_case(server: Hostile, case: str, secret: str, *, token: bool, pad: int = 0,
                fill: str = "~") -> str:
    """Run ``case`` through the API and the command line; return the API's message."""
    user = None if token else USER
    auth: Auth = secret if token else (USER, secret)
    if token and not secret.isascii():  # a header cannot carry it
        with pytest.raises(sg.InvalidRecordError, match="the token holds a character that is "
                                                        "not ASCII") as caught:
            sg.SparqlStore(f"{server.url}/query", auth=auth)
        _assert_hidden([_shown(caught.value)], secret, user)
        return ""
    server.answer = _answering(case, secret, pad, fill)
    with _logged() as log:
        err = _api_error(sg.SparqlStore(f"{server.url}/query", auth=auth, timeout=10))
        if token:
            code, out, cli_err = _cli("coalitions", "--store", f"{server.url}/query",
                                      env={"STANCEGRAPH_STORE_TOKEN": secret})
        else:
            quoted = urllib.parse.quote(secret, safe="")
            url = f"http://{USER}:{quoted}@{server.url[len('http://'):]}/query"
            code, out, cli_err = _cli("coalitions", "--store", url, "--format", "json")
    assert server.seen[-1][1].startswith("Bearer " if token else "Basic ")
    assert code == 1 and out == "" and cli_err.startswith("stancegraph: error: http://127.0.0.1:")
    assert cli_err.count("\n") == 1, cli_err
    _assert_hidden([_shown(err), cli_err, log.getvalue()], secret, user)
    return str(err)


# -- the server's answers --------------------------------------------------------------------
@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("kind", sorted(SECRETS))
def test_no_answer_shows_the_credentials(hostile: Hostile, case: str, kind: str) -> None:
    message = _check_case(hostile, case, SECRETS[kind], token=kind == "token")
    if case.startswith("body") and case != "body at the end of what is read":
        assert "***" in message  # blanked out, and the rest of the message kept
    if case.startswith(("307", "302")):
        assert "redirects to http://127.0.0.1:9/" in message and "redirects are not" in message


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(case=st.sampled_from(CASES),
       secret=st.sampled_from(sorted(SECRETS.values())) | st.text(
           st.sampled_from("abcXYZ019/?#@&<>\"'+%=;:é .-_\\😀\u00a0"), min_size=8,
           max_size=120).filter(
           lambda s: len("".join(s.split())) >= 8),
       token=st.booleans(), pad=st.integers(0, 2 * MESSAGE_CHARS),
       fill=st.sampled_from(["~", " ", "\n", "é", "~ "]))
def test_no_answer_shows_the_credentials_anywhere_in_it(hostile: Hostile, case: str,
                                                        secret: str, token: bool, pad: int,
                                                        fill: str) -> None:
    if case in ("reason of an unknown status", "reason of 401", "bad status line") \
            and fill == "\n":
        fill = " "  # a line break would end the status line
    _check_case(hostile, case, secret, token=token, pad=pad, fill=fill)


def test_a_password_too_short_to_blank_out_hides_the_servers_words(hostile: Hostile) -> None:
    secret = "Zq"
    for case in CASES:
        hostile.answer = _answering(case, secret)
        err = _api_error(sg.SparqlStore(f"{hostile.url}/query", auth=(USER, secret)))
        text = _shown(err)
        assert secret not in text, (case, text)
        assert USER not in text, (case, text)
    hostile.answer = lambda header: _response(401, f"denied {secret} MARKER".encode())
    err = _api_error(sg.SparqlStore(f"{hostile.url}/query", auth=(USER, secret)))
    assert str(err).startswith(f"{hostile.url}/query: HTTP 401 Unauthorized (the server's "
                               "message not shown: a credential in use is shorter than 4 "
                               "characters")
    assert "MARKER" not in str(err) and err.status == 401


def test_a_redirect_shows_where_without_user_info_query_or_fragment(hostile: Hostile) -> None:
    hostile.answer = lambda header: _response(307, b"", headers={
        "Location": "https://bob:hunter22@login.example.org/sso/x?token=abcdef1234#state=zz"})
    err = _api_error(sg.SparqlStore(f"{hostile.url}/query"))
    assert str(err) == (f"{hostile.url}/query: HTTP 307: the endpoint redirects to "
                        "https://login.example.org/sso/x?…; redirects are not followed "
                        "(expected the URL it redirects to)")
    assert len(hostile.seen) >= 1


def test_server_text_cannot_write_to_the_terminal(hostile: Hostile) -> None:
    hostile.answer = lambda header: _response(
        499, "\x1b[2J\x1b]0;owned\x07 evil \u202e".encode(), reason="\x1b[31mred")
    err = _api_error(sg.SparqlStore(f"{hostile.url}/query"))
    assert not any(c in str(err) for c in "\x1b\x07\u202e"), str(err)
    assert "evil" in str(err)


# -- errors do not chain what they replace ---------------------------------------------------
def test_no_store_error_chains_the_request(hostile: Hostile) -> None:
    secret = SECRETS["plain"]
    for case in ("body verbatim", "bad status line", "results that cannot be read",
                 "307 to a URL with the credentials", "content type"):
        hostile.answer = _answering(case, secret)
        _shown(_api_error(sg.SparqlStore(f"{hostile.url}/query", auth=(USER, secret))))
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    store = sg.SparqlStore(f"http://{USER}:{secret}@127.0.0.1:{port}/query", timeout=5)
    _assert_hidden([_shown(_api_error(store))], secret, USER)
    with socket.socket() as silent:  # accepts, never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen(1)
        store = sg.SparqlStore(f"http://127.0.0.1:{silent.getsockname()[1]}/query",
                               auth=(USER, secret), timeout=0.3)
        _assert_hidden([_shown(_api_error(store))], secret, USER)


def test_each_url_gets_its_own_credentials(hostile: Hostile) -> None:
    hostile.answer = lambda header: _response(204, b"")
    query = hostile.url.replace("http://", "http://reader:r3ad-0nly@") + "/query"
    update = hostile.url.replace("http://", "http://writer:wr1te-only@") + "/update"
    store = sg.SparqlStore(query, update_url=update)
    store.drop()
    path, auth = hostile.seen[-1]
    assert path == "/update" and auth == "Basic " + base64.b64encode(
        b"writer:wr1te-only").decode()
    assert "r3ad" not in repr(store) and "wr1te" not in repr(store)
    assert repr(store) == (f"SparqlStore('{hostile.url}/query', update_url='{hostile.url}"
                           f"/update', graph='https://w3id.org/stancegraph/graph/default')")


def test_reprs_and_attributes_do_not_show_the_credentials() -> None:
    secret = SECRETS["special"]
    url = f"http://{USER}:{urllib.parse.quote(secret, safe='')}@127.0.0.1:1/query?key=k3y-V4lue"
    for store in (sg.SparqlStore(url), sg.SparqlStore("http://127.0.0.1:1/query",
                                                      auth=(USER, secret))):
        endpoint = store._endpoint
        texts = [repr(store), store.describe(), repr(endpoint), endpoint.describe(),
                 repr(vars(endpoint)), str(vars(endpoint))]
        _assert_hidden(texts, secret, USER)
        assert "k3y-V4lue" not in repr(store)


# -- URLs that cannot be sent as meant -------------------------------------------------------
BAD_URLS = {
    "http://alice:pa/ss-W0rd@127.0.0.1:1/query": "an '@' after its host",
    "http://alice:pa#ss-W0rd@127.0.0.1:1/query": "an '@' after its host",
    "http://alice:pa?ss-W0rd@127.0.0.1:1/query": "an '@' after its host",
    "http://alice:pass-W0rd@127.0.0.1:99999/query": "port is not a number from 1 to 65535",
    "http://alice:pass-W0rd@127.0.0.1:0/query": "port is not a number from 1 to 65535",
    "http://alice:pass-W0rd@127.0.0.1:x/query": "port is not a number from 1 to 65535",
    "http://alice:pass-W0rd@[::1/query": "not a valid IPv6 address",
    "http://alice:pass-W0rd@[zz]:80/": "not a valid IPv6 address",
    "http://alice:pass-W0rd@/query": "no host",
    "http://alice:pass-W0rd@:80/query": "no host",
    "http://alice:pass-W0rd@exämple.org/query": "host is not ASCII",
    "http://alice:pass-W0rd@127.0.0.1:1/qué": "path or query is not ASCII",
    "http://alice:pass-W0rd@127.0.0.1:1/que ry": "whitespace or a control character",
    "http://alice:pass-W0rd@127.0.0.1:1/q\r\nX-Evil: 1": "whitespace or a control character",
    "http://alice:pass-W0rd@127.0.0.1:1/q\x00": "whitespace or a control character",
    " http://alice:pass-W0rd@127.0.0.1:1/q": "not an HTTP URL",
    "ftp://alice:pass-W0rd@127.0.0.1:1/q": "not an HTTP URL",
    "alice:pass-W0rd@127.0.0.1:1/q": "not an HTTP URL",
    "http://alice:pass-W0rd@ex ample.org/q": "whitespace or a control character",
    "http://alice:pass-W0rd@ex!ample.org/q": "not a host name or IP address",
    "http://al%0aice:pass-W0rd@127.0.0.1:1/q": "holds a control character",
    "http://al%3Aice:pass-W0rd@127.0.0.1:1/q": "user name in the URL holds a ':'",
}


@pytest.mark.parametrize("url", sorted(BAD_URLS))
def test_a_url_that_cannot_be_sent_is_refused_without_credentials(
        url: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(sg.InvalidRecordError, match=BAD_URLS[url]) as caught:
        sg.SparqlStore(url)
    text = _shown(caught.value)
    assert "W0rd" not in text and "alice" not in text
    with pytest.raises(sg.InvalidRecordError, match=BAD_URLS[url]) as caught:
        sg.SparqlStore("http://127.0.0.1:1/query", update_url=url)
    assert "W0rd" not in _shown(caught.value) and "update_url" in str(caught.value)
    for command in (["push", NATO], ["pull", "-o", "out.yaml"], ["coalitions"],
                    ["stances"]):
        code, out, err = run(capsys, *command, "--store", url)
        assert code == 1 and out == "" and err.count("\n") == 1, err
        assert err.startswith("stancegraph: error: ") and BAD_URLS[url].split("'")[0] in err
        assert "W0rd" not in err and "alice" not in err and "Traceback" not in err


def test_percent_encoded_credentials_in_the_url_are_sent(hostile: Hostile) -> None:
    hostile.answer = lambda header: _response(204, b"")
    secret = "p/ss?#@ w0rd"
    url = hostile.url.replace("http://", f"http://{USER}:{urllib.parse.quote(secret, safe='')}@")
    sg.SparqlStore(f"{url}/query").drop()
    assert hostile.seen[-1][1] == "Basic " + base64.b64encode(
        f"{USER}:{secret}".encode()).decode()


@pytest.mark.parametrize("auth", [("bob", "line\nbreak"), ("b\rob", "password"),
                                  ("b:ob", "password"), "tok\x00en", "", "t0ken-é"])
def test_credentials_http_cannot_carry_are_refused_unseen(auth: Any) -> None:
    with pytest.raises(sg.InvalidRecordError,
                       match="control character|holds a ':'|is empty|not ASCII") as caught:
        sg.SparqlStore("http://127.0.0.1:1/query", auth=auth)
    text = _shown(caught.value)
    for part in ([auth] if isinstance(auth, str) else auth):
        if len(part) > 1:
            assert part not in text


def test_a_token_in_the_environment_with_a_line_break_is_refused(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("STANCEGRAPH_STORE_TOKEN", "t0ken-Vb\n")
    code, out, err = run(capsys, "coalitions", "--store", "http://127.0.0.1:1/query")
    assert code == 1 and out == ""
    assert "STANCEGRAPH_STORE_TOKEN holds a control character" in err and "t0ken" not in err


@pytest.mark.parametrize(("url", "shown"), [
    ("http://alice:s3cr/et@host/query", "http://host/query"),
    ("http://alice:s3cr@et@host/query", "http://host/query"),
    ("alice:s3cret@host/query", "host/query"),
    ("http://host/query?api_key=s3cret&graph=g#access_token=s3cret",
     "http://host/query?api_key=***&graph=g#access_token=***"),
    ("http://host/q\n\x1b[2J", "http://host/q%0A%1B[2J"),
    ("http://host/" + "x" * 1000, "http://host/" + "x" * (MESSAGE_CHARS - 13) + "…"),
])
def test_display_url(url: str, shown: str) -> None:
    assert display_url(url) == shown


# -- the command line, against a real server -------------------------------------------------
def test_push_pull_and_coalitions_never_print_the_credentials(
        oxigraph: Oxigraph, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:  # noqa: F811
    secret = "s3cr3t-Passw0rd"
    host = oxigraph.url[len("http://"):]
    where = ["--store", f"http://{USER}:{secret}@{host}/query",
             "--update", f"http://{USER}:{secret}@{host}/update",
             "--graph", "https://example.org/graphs/credentials"]
    outputs = []
    with _logged() as log:
        outputs.append(run(capsys, "push", NATO, *where))
        outputs.append(run(capsys, "pull", *where, "-o", str(tmp_path / "pulled.yaml")))
        outputs.append(run(capsys, "coalitions", *where))
        outputs.append(run(capsys, "coalitions", *where, "--format", "json"))
        outputs.append(run(capsys, "stances", *where, "--actor", "germany"))
    for code, out, err in outputs:
        assert code == 0, err
        _assert_hidden([out, err], secret, USER)
    _assert_hidden([log.getvalue()], secret, USER)
    assert outputs[0][1].startswith(f"{NATO} -> {oxigraph.url}/query graph <https://example.org")
    assert outputs[1][1].startswith(f"{oxigraph.url}/query graph <https://example.org")
    assert outputs[2][1].startswith(f"{oxigraph.url}/query: ")
