"""Talking to a SPARQL store: an embedded pyoxigraph store, or a SPARQL 1.1 endpoint over HTTP.

Both offer the same four operations -- ``select`` and ``construct`` (answers streamed, parsed
by pyoxigraph as they arrive), ``update`` (one SPARQL Update request, which the store applies
as a whole) and ``insert`` (triples into a named graph) -- so :class:`~stancegraph.io.store.
SparqlStore` does not care which it has.

Over HTTP (the SPARQL 1.1 Protocol, with the standard library's ``urllib``): queries are POSTed
as ``application/sparql-query``, updates as ``application/sparql-update``. Credentials go in an
``Authorization`` header and nowhere else: not in the URL shown, a repr or an error message
(where a server echoes them, they are blanked). Redirects are refused rather than followed,
since following one would resend the credentials, and the request body, elsewhere.
"""

from __future__ import annotations

import base64
import os
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any, NoReturn, Protocol

import pyoxigraph as ox

from ..errors import InvalidRecordError, StoreError

__all__ = ["Auth", "Embedded", "Endpoint", "Http", "credentials"]

#: A user name and password (HTTP Basic) or a bearer token.
Auth = tuple[str, str] | str

_RESULTS = ("application/sparql-results+json, application/sparql-results+xml;q=0.9, "
            "text/tab-separated-values;q=0.8")
_GRAPHS = "application/n-triples, text/turtle;q=0.9, application/n-quads;q=0.8"
#: At most this much of a server's error message is kept.
MESSAGE_CHARS = 300


class Endpoint(Protocol):
    """What :class:`~stancegraph.io.store.SparqlStore` needs from a store."""

    def select(self, query: str) -> Iterator[ox.QuerySolution]: ...

    def ask(self, query: str) -> bool: ...

    def construct(self, query: str) -> Iterator[ox.Triple]: ...

    def update(self, update: str) -> None: ...

    def insert(self, graph: str, triples: list[ox.Triple]) -> None: ...

    def describe(self) -> str: ...


class Embedded:
    """A pyoxigraph store in this process: in memory, or on disk at ``path``."""

    def __init__(self, path: str | os.PathLike[str] | None = None) -> None:
        self.path = None if path is None else Path(path)
        try:
            self.store = ox.Store(None if path is None else str(path))
        except OSError as err:
            raise StoreError(f"cannot open the store: {err}", file=str(path)) from err

    def describe(self) -> str:
        return "in memory" if self.path is None else str(self.path)

    def select(self, query: str) -> Iterator[ox.QuerySolution]:
        answer = self._run(lambda: self.store.query(query))
        if not isinstance(answer, ox.QuerySolutions):
            raise StoreError("not a SELECT query", file=self.describe())
        return iter(answer)

    def ask(self, query: str) -> bool:
        answer = self._run(lambda: self.store.query(query))
        if not isinstance(answer, ox.QueryBoolean):
            raise StoreError("not an ASK query", file=self.describe())
        return bool(answer)

    def construct(self, query: str) -> Iterator[ox.Triple]:
        answer = self._run(lambda: self.store.query(query))
        if not isinstance(answer, ox.QueryTriples):
            raise StoreError("not a CONSTRUCT query", file=self.describe())
        return iter(answer)

    def update(self, update: str) -> None:
        self._run(lambda: self.store.update(update))

    def insert(self, graph: str, triples: list[ox.Triple]) -> None:
        name = ox.NamedNode(graph)
        self._run(lambda: self.store.extend(ox.Quad(t.subject, t.predicate, t.object, name)
                                            for t in triples))

    def _run(self, call: Any) -> Any:
        try:
            return call()
        except SyntaxError as err:
            raise StoreError(f"the store refused the request: {_trim(str(err))}",
                             file=self.describe()) from err
        except OSError as err:
            raise StoreError(f"the store failed: {_trim(str(err))}", file=self.describe()) from err


class Http:
    """A SPARQL 1.1 endpoint: ``query_url`` for queries, ``update_url`` for updates."""

    def __init__(self, query_url: str, update_url: str | None, auth: Auth | None,
                 timeout: float) -> None:
        self.query_url, url_auth = _split_credentials(query_url)
        if update_url is None:
            self.update_url, update_auth = self.query_url, None
        else:
            self.update_url, update_auth = _split_credentials(update_url)
        # The caller's credentials, else those in the URL, else the environment's.
        chosen = credentials(auth) if auth is not None \
            else url_auth or update_auth or credentials(None)
        self._header = _authorization(chosen)
        self._secrets = _secrets(chosen)
        self.timeout = timeout
        # No redirects (they would carry the credentials and the body elsewhere), and the
        # environment's proxy settings as usual.
        self._opener = urllib.request.build_opener(_NoRedirects())

    def describe(self) -> str:
        return self.query_url

    def select(self, query: str) -> Iterator[ox.QuerySolution]:
        with self._post(self.query_url, query, "application/sparql-query", _RESULTS) as answer:
            kind = _media_type(answer)
            fmt = ox.QueryResultsFormat.from_media_type(kind)
            if fmt is None:
                self._fail(f"answered a query with {kind or 'no content type'}, not SPARQL "
                           "results", self.query_url)
            with self._reading(self.query_url):
                results = ox.parse_query_results(answer, fmt)
                if not isinstance(results, ox.QuerySolutions):
                    self._fail("answered a SELECT query with a boolean", self.query_url)
                yield from results

    def ask(self, query: str) -> bool:
        with self._post(self.query_url, query, "application/sparql-query", _RESULTS) as answer:
            fmt = ox.QueryResultsFormat.from_media_type(_media_type(answer))
            if fmt is None:
                self._fail("answered an ASK query without SPARQL results", self.query_url)
            with self._reading(self.query_url):
                result = ox.parse_query_results(answer, fmt)
            if not isinstance(result, ox.QueryBoolean):
                self._fail("answered an ASK query with solutions", self.query_url)
            return bool(result)

    def construct(self, query: str) -> Iterator[ox.Triple]:
        with self._post(self.query_url, query, "application/sparql-query", _GRAPHS) as answer:
            kind = _media_type(answer)
            fmt = ox.RdfFormat.from_media_type(kind)
            if fmt not in (ox.RdfFormat.N_TRIPLES, ox.RdfFormat.TURTLE, ox.RdfFormat.N_QUADS):
                self._fail(f"answered a CONSTRUCT query with {kind or 'no content type'}, not "
                           "N-Triples, Turtle or N-Quads", self.query_url)
            with self._reading(self.query_url):
                for quad in ox.parse(answer, fmt):
                    yield quad.triple

    def update(self, update: str) -> None:
        with self._post(self.update_url, update, "application/sparql-update", "*/*") as answer:
            with self._reading(self.update_url):
                answer.read()

    def insert(self, graph: str, triples: list[ox.Triple]) -> None:
        body = (ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b"").decode("utf-8")
        self.update(f"INSERT DATA {{ GRAPH <{graph}> {{\n{body}}} }}")

    @contextmanager
    def _post(self, url: str, body: str, content_type: str, accept: str) -> Iterator[IO[bytes]]:
        request = urllib.request.Request(url, data=body.encode("utf-8"), method="POST")
        request.add_header("Content-Type", f"{content_type}; charset=utf-8")
        request.add_header("Accept", accept)
        request.add_header("User-Agent", "stancegraph")
        if self._header is not None:
            request.add_unredirected_header("Authorization", self._header)
        try:
            response = self._opener.open(request, timeout=self.timeout)
        except urllib.error.HTTPError as err:
            self._http_error(err, url)
        except urllib.error.URLError as err:
            reason = err.reason
            if isinstance(reason, TimeoutError):
                self._timed_out(url, err)
            self._fail(f"cannot reach the SPARQL endpoint ({_reason(reason)})", url, err,
                       expected="a running SPARQL 1.1 server at this URL")
        except TimeoutError as err:
            self._timed_out(url, err)
        except (OSError, ValueError) as err:  # a malformed URL, a reset connection
            self._fail(f"cannot reach the SPARQL endpoint ({_reason(err)})", url, err)
        with response:
            yield response

    @contextmanager
    def _reading(self, url: str) -> Iterator[None]:
        """Translate what can go wrong while an answer streams in."""
        try:
            yield
        except StoreError:
            raise
        except TimeoutError as err:
            self._timed_out(url, err)
        except SyntaxError as err:
            self._fail(f"sent an answer that cannot be read: {_trim(str(err))}", url, err)
        except OSError as err:
            self._fail(f"the connection failed while reading the answer ({_reason(err)})",
                       url, err)

    def _http_error(self, err: urllib.error.HTTPError, url: str) -> NoReturn:
        try:
            text = err.read(4 * MESSAGE_CHARS).decode("utf-8", "replace")
        except (OSError, ValueError):
            text = ""
        finally:
            err.close()
        if 300 <= err.code < 400:
            where = err.headers.get("Location", "another URL") if err.headers else "another URL"
            self._fail(f"HTTP {err.code}: the endpoint redirects to {_strip(where)}; redirects "
                       "are not followed", url, err, status=err.code,
                       expected="the URL it redirects to")
        message = f"HTTP {err.code} {err.reason}".rstrip()
        if text.strip():
            message += f": {_trim(text)}"
        hint = {401: "credentials this endpoint accepts (auth=, or STANCEGRAPH_STORE_USER and "
                     "STANCEGRAPH_STORE_PASSWORD, or STANCEGRAPH_STORE_TOKEN)",
                403: "credentials allowed to do this",
                404: "the endpoint's URL (Oxigraph: /query and /update)"}.get(err.code)
        self._fail(message, url, err, status=err.code, expected=hint)

    def _timed_out(self, url: str, err: BaseException) -> NoReturn:
        self._fail(f"no answer within {self.timeout:g} s", url, err,
                   expected="a larger timeout= or a quicker query")

    def _fail(self, message: str, url: str, cause: BaseException | None = None,
              **fields: Any) -> NoReturn:
        for secret in self._secrets:
            message = message.replace(secret, "***")
        error = StoreError(message, file=_strip(url), **fields)
        if cause is None:
            raise error
        raise error from None  # the cause may hold the request, and with it the credentials


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None  # urllib then raises the 3xx as an HTTPError


def credentials(auth: Auth | None) -> Auth | None:
    """``auth``, or else the credentials in the environment: ``STANCEGRAPH_STORE_TOKEN`` (a
    bearer token), or ``STANCEGRAPH_STORE_USER`` with ``STANCEGRAPH_STORE_PASSWORD``."""
    if auth is not None:
        if isinstance(auth, str) or (isinstance(auth, tuple) and len(auth) == 2
                                     and all(isinstance(a, str) for a in auth)):
            return auth
        raise InvalidRecordError("auth must be a (user, password) pair or a token",
                                 expected="auth=('user', 'password') or auth='token'")
    token = os.environ.get("STANCEGRAPH_STORE_TOKEN")
    if token:
        return token
    user = os.environ.get("STANCEGRAPH_STORE_USER")
    if user:
        return (user, os.environ.get("STANCEGRAPH_STORE_PASSWORD", ""))
    return None


def _authorization(auth: Auth | None) -> str | None:
    if auth is None:
        return None
    if isinstance(auth, str):
        return f"Bearer {auth}"
    pair = f"{auth[0]}:{auth[1]}".encode()
    return "Basic " + base64.b64encode(pair).decode("ascii")


def _secrets(auth: Auth | None) -> list[str]:
    if auth is None:
        return []
    values = [auth] if isinstance(auth, str) else [auth[1]]
    header = _authorization(auth)
    if header is not None:
        values.append(header.split(" ", 1)[1])
    return [v for v in values if len(v) >= 3]


def _split_credentials(url: str) -> tuple[str, Auth | None]:
    """The URL without ``user:password@``, and those credentials (None if there are none)."""
    if not isinstance(url, str) or not url.startswith(("http://", "https://")):
        raise InvalidRecordError("not an HTTP URL", id=_strip(str(url)),
                                 expected="the endpoint's http:// or https:// URL")
    parts = urllib.parse.urlsplit(url)
    if parts.username is None:
        return url, None
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    netloc = host if parts.port is None else f"{host}:{parts.port}"
    clean = urllib.parse.urlunsplit(parts._replace(netloc=netloc))
    user = urllib.parse.unquote(parts.username)
    password = urllib.parse.unquote(parts.password or "")
    return clean, (user, password)


def _strip(url: str) -> str:
    """A URL safe to show: without credentials."""
    at = url.find("@", url.find("://") + 3 if "://" in url else 0)
    slash = url.find("/", url.find("://") + 3 if "://" in url else 0)
    if at != -1 and (slash == -1 or at < slash):
        start = url.find("://") + 3 if "://" in url else 0
        return url[:start] + url[at + 1:]
    return url


def _media_type(answer: Any) -> str:
    return str(answer.headers.get("Content-Type", "")).split(";")[0].strip().lower()


def _reason(reason: object) -> str:
    if isinstance(reason, ConnectionRefusedError):
        return "connection refused"
    if isinstance(reason, OSError) and reason.strerror:
        return str(reason.strerror).lower()
    return _trim(str(reason)) or type(reason).__name__


def _trim(text: str) -> str:
    """A server's message on one line, at most :data:`MESSAGE_CHARS` characters."""
    flat = " ".join(text.split())
    return flat if len(flat) <= MESSAGE_CHARS else flat[:MESSAGE_CHARS - 1] + "…"
