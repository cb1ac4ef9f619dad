"""Talking to a SPARQL store: an embedded pyoxigraph store, or a SPARQL 1.1 endpoint over HTTP.

Both offer the same four operations -- ``select`` and ``construct`` (answers streamed, parsed
by pyoxigraph as they arrive), ``update`` (one SPARQL Update request, which the store applies
as a whole) and ``insert`` (triples into a named graph) -- so :class:`~stancegraph.io.store.
SparqlStore` does not care which it has.

Over HTTP (the SPARQL 1.1 Protocol, with the standard library's ``urllib``): queries are POSTed
as ``application/sparql-query``, updates as ``application/sparql-update``. Credentials go in an
``Authorization`` header and nowhere else (docs/store.md, "Credentials"):

- every URL shown -- in a message, a repr, the command line's output -- goes through
  :func:`display_url`, which takes the user-info out (and, for a URL the server sent, the
  query and fragment);
- a URL that urllib could not send as meant is refused up front (:func:`split_credentials`),
  with a :class:`~stancegraph.errors.InvalidRecordError` showing it without user-info;
- whatever the server sends back that is shown (its error message, reason phrase, redirect
  target, content type, the parser's complaint about its answer) has every credential blanked
  out as ``***`` by :class:`Mask` -- before it is trimmed or flattened, in any spelling
  (percent-encoded, escaped, base64, broken by whitespace) -- or, when a password or token is
  too short to blank out safely, is not shown at all;
- a :class:`~stancegraph.errors.StoreError` has neither ``__cause__`` nor ``__context__``: the
  exception it replaces may hold the request.

Redirects are refused rather than followed, since following one would resend the credentials,
and the request body, elsewhere.
"""

from __future__ import annotations

import http.client
import os
import ssl
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from http import HTTPStatus
from pathlib import Path
from typing import IO, Any, Protocol, TypeVar

import pyoxigraph as ox

from ...errors import StoreError
from .credentials import (
    MESSAGE_CHARS,
    TOO_SHORT,
    Auth,
    Hidden,
    Mask,
    authorization,
    credentials,
    display_url,
    split_credentials,
    unprintable,
)

__all__ = ["BODY_BYTES", "Embedded", "Endpoint", "Http"]


_T = TypeVar("_T")
_RESULTS = ("application/sparql-results+json, application/sparql-results+xml;q=0.9, "
            "text/tab-separated-values;q=0.8")
_GRAPHS = "application/n-triples, text/turtle;q=0.9, application/n-quads;q=0.8"
#: At most this many bytes of a server's error answer are read.
BODY_BYTES = 16 * 1024


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
    """A SPARQL 1.1 endpoint: ``query_url`` for queries, ``update_url`` for updates.

    The URLs are checked here (see :func:`split_credentials`); ``query_url`` and
    ``update_url`` are kept without their user-info, which goes into the ``Authorization``
    header of the requests to that URL.
    """

    def __init__(self, query_url: str, update_url: str | None, auth: Auth | None,
                 timeout: float) -> None:
        self.query_url, query_auth = split_credentials(query_url, "query_url")
        if update_url is None:
            self.update_url, update_auth = self.query_url, query_auth
        else:
            self.update_url, update_auth = split_credentials(update_url, "update_url")
        # The caller's credentials, else those in the URL (each URL's own, or the other's),
        # else the environment's.
        if auth is not None:
            for_query = for_update = credentials(auth)
        else:
            fallback = query_auth or update_auth or credentials(None)
            for_query, for_update = query_auth or fallback, update_auth or fallback
        self._query_header = Hidden.of(authorization(for_query))
        self._update_header = Hidden.of(authorization(for_update))
        # Every credential given, sent or not, is blanked out of what the server says.
        self._mask = Mask(a for a in (for_query, for_update, query_auth, update_auth)
                           if a is not None)
        self.timeout = timeout
        # No redirects (they would carry the credentials and the body elsewhere), and the
        # environment's proxy settings as usual.
        self._opener = urllib.request.build_opener(_NoRedirects())

    def __repr__(self) -> str:
        return f"Http({self.describe()!r})"

    def describe(self) -> str:
        """The query URL as it may be shown: see :func:`display_url`."""
        return display_url(self.query_url)

    def select(self, query: str) -> Iterator[ox.QuerySolution]:
        url = self.query_url
        with self._post(url, self._query_header, query, "application/sparql-query",
                        _RESULTS) as answer:
            fmt = ox.QueryResultsFormat.from_media_type(_media_type(answer))
            if fmt is None:
                raise self._error(f"answered a query with {self._content_type(answer)}, not "
                                  "SPARQL results", url)
            results: Any = self._guard(url, lambda: ox.parse_query_results(answer, fmt))
            try:
                if not isinstance(results, ox.QuerySolutions):
                    raise self._error("answered a SELECT query with a boolean", url)
                yield from self._stream(url, results)
            finally:
                results = None  # see _stream

    def ask(self, query: str) -> bool:
        url = self.query_url
        with self._post(url, self._query_header, query, "application/sparql-query",
                        _RESULTS) as answer:
            fmt = ox.QueryResultsFormat.from_media_type(_media_type(answer))
            if fmt is None:
                raise self._error("answered an ASK query without SPARQL results", url)
            result = self._guard(url, lambda: ox.parse_query_results(answer, fmt))
            if not isinstance(result, ox.QueryBoolean):
                raise self._error("answered an ASK query with solutions", url)
            return bool(result)

    def construct(self, query: str) -> Iterator[ox.Triple]:
        url = self.query_url
        with self._post(url, self._query_header, query, "application/sparql-query",
                        _GRAPHS) as answer:
            fmt = ox.RdfFormat.from_media_type(_media_type(answer))
            if fmt not in (ox.RdfFormat.N_TRIPLES, ox.RdfFormat.TURTLE, ox.RdfFormat.N_QUADS):
                raise self._error(f"answered a CONSTRUCT query with "
                                  f"{self._content_type(answer)}, not N-Triples, Turtle or "
                                  "N-Quads", url)
            quads: Any = self._guard(url, lambda: ox.parse(answer, fmt))
            try:
                for quad in self._stream(url, quads):
                    yield quad.triple
            finally:
                quads = quad = None  # see _stream

    def update(self, update: str) -> None:
        url = self.update_url
        with self._post(url, self._update_header, update, "application/sparql-update",
                        "*/*") as answer:
            self._guard(url, answer.read)

    def insert(self, graph: str, triples: list[ox.Triple]) -> None:
        body = (ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b"").decode("utf-8")
        self.update(f"INSERT DATA {{ GRAPH <{graph}> {{\n{body}}} }}")

    # Every failure below is raised outside the ``except`` block that caught it, so that the
    # StoreError has no ``__context__`` (nor ``__cause__``): the exception it replaces, and
    # its traceback's frames, may hold the request and with it the credentials.
    @contextmanager
    def _post(self, url: str, header: Hidden | None, body: str, content_type: str,
              accept: str) -> Iterator[IO[bytes]]:
        request = urllib.request.Request(url, data=body.encode("utf-8"), method="POST")
        request.add_header("Content-Type", f"{content_type}; charset=utf-8")
        request.add_header("Accept", accept)
        request.add_header("User-Agent", "stancegraph")
        if header is not None:
            request.add_unredirected_header("Authorization", header.value)
        failure: StoreError | None = None
        try:
            response = self._opener.open(request, timeout=self.timeout)
        except urllib.error.HTTPError as err:
            failure = self._http_error(err, url)
        except urllib.error.URLError as err:
            failure = self._unreachable(err.reason, url)
        except (OSError, ValueError, http.client.HTTPException) as err:
            failure = self._unreachable(err, url)
        del request
        if failure is not None:
            try:
                raise failure
            finally:
                del failure  # no cycle through this frame (see _guard)
        with response:
            yield response

    def _guard(self, url: str, step: Callable[[], _T]) -> _T:
        """``step()``, with what can go wrong while an answer streams in made a StoreError."""
        failure: StoreError | None = None
        try:
            return step()
        except StoreError:
            raise
        except TimeoutError:
            failure = self._timed_out(url)
        except SyntaxError as err:
            details = self._shown(str(err), what="the details")
            failure = self._error("sent an answer that cannot be read"
                                  f"{' ' if self._mask.short else ': '}{details}", url)
        except (OSError, ValueError, http.client.HTTPException) as err:
            failure = self._error("the connection failed while reading the answer "
                                  f"({self._reason(err)})", url)
        try:
            raise failure
        finally:
            # The error's traceback holds this frame, and this frame the error: without this
            # the cycle (and the frames of the answer's parser, with pyoxigraph's objects,
            # which must be freed on the thread that made them) waits for the collector.
            del failure

    def _stream(self, url: str, items: Iterable[_T]) -> Iterator[_T]:
        """The items, with failures made StoreErrors by :meth:`_guard`.

        pyoxigraph's parsers and their items must be freed on the thread that made them: when
        a failure ends the stream, the frames its traceback holds (this one, the caller's) let
        go of them at once, rather than when the error is dropped or collected, maybe on
        another thread.
        """
        it: Any = iter(items)
        item: Any = None
        del items
        try:
            while (item := self._guard(url, lambda: next(it, None))) is not None:
                yield item
        finally:
            it = item = None

    def _unreachable(self, reason: object, url: str) -> StoreError:
        if isinstance(reason, TimeoutError):
            return self._timed_out(url)
        return self._error(f"cannot reach the SPARQL endpoint ({self._reason(reason)})", url,
                           expected="a running SPARQL 1.1 server at this URL")

    def _http_error(self, err: urllib.error.HTTPError, url: str) -> StoreError:
        raw = b""
        try:
            raw = err.read(BODY_BYTES + 1) or b""
        except (OSError, ValueError, http.client.HTTPException):
            pass
        try:
            err.close()
        except (OSError, ValueError, http.client.HTTPException):
            pass
        code = err.code
        if 300 <= code < 400:
            location = err.headers.get("Location") if err.headers is not None else None
            return self._error(f"HTTP {code}: the endpoint redirects to "
                               f"{self._location(location)}; redirects are not followed", url,
                               status=code, expected="the URL it redirects to")
        message = f"HTTP {code} {self._phrase(code, err.reason)}".rstrip()
        text = raw[:BODY_BYTES].decode("utf-8", "replace")
        if text.strip():
            shown = self._shown(text, cut=len(raw) > BODY_BYTES, what="the server's message")
            message += f" {shown}" if self._mask.short else f": {shown}"
        hint = {401: "credentials this endpoint accepts (auth=, or STANCEGRAPH_STORE_USER and "
                     "STANCEGRAPH_STORE_PASSWORD, or STANCEGRAPH_STORE_TOKEN)",
                403: "credentials allowed to do this",
                404: "the endpoint's URL (Oxigraph: /query and /update)"}.get(code)
        return self._error(message, url, status=code, expected=hint)

    def _timed_out(self, url: str) -> StoreError:
        return self._error(f"no answer within {self.timeout:g} s", url,
                           expected="a larger timeout= or a quicker query")

    def _error(self, message: str, url: str, **fields: Any) -> StoreError:
        """A StoreError naming ``url`` as :func:`display_url` shows it; whatever of a password
        or token is left in the message is blanked out (a last line of defence). It is raised
        with no ``__context__``, and would not show one (``__suppress_context__``)."""
        error = StoreError(self._mask(message, names=False), file=display_url(url), **fields)
        error.__suppress_context__ = True
        return error

    # -- what the server sent, made fit to show -------------------------------------------
    def _shown(self, text: str, *, cut: bool = False, what: str) -> str:
        """``text`` from the server on one line, every credential blanked out, at most
        :data:`MESSAGE_CHARS` long; or, if a credential is too short to blank out, a note
        saying ``what`` is not shown (in brackets).

        Credentials are blanked out before the text is trimmed, and of a text that was ``cut``
        (the start of a longer one), the end that could hold the beginning of one is left out.
        """
        if self._mask.short:
            return f"({what} not shown: {TOO_SHORT})"
        shown = self._mask(" ".join(text.split()))
        if cut:
            shown = shown[:max(0, len(shown) - self._mask.tail)].rstrip() + "…"
        return _trim(shown)

    def _reason(self, reason: object) -> str:
        """Why a connection failed: the system's words, or the exception's text shown."""
        if isinstance(reason, ConnectionRefusedError):
            return "connection refused"
        if isinstance(reason, OSError) and not isinstance(reason, ssl.SSLError) \
                and isinstance(reason.strerror, str) and reason.strerror:
            return _trim(reason.strerror.lower())
        text = str(reason)
        name = type(reason).__name__ if isinstance(reason, BaseException) else ""
        if not text.strip():
            return name or "no reason given"
        if self._mask.short:
            return f"{name}{'; ' if name else ''}details not shown: {TOO_SHORT}"
        return self._shown(text, what="the details")

    def _phrase(self, code: int, reason: object) -> str:
        """The standard reason phrase of ``code``, else the server's (shown, if it can be)."""
        try:
            return HTTPStatus(code).phrase
        except ValueError:
            if self._mask.short or not isinstance(reason, str):
                return ""
            return self._shown(reason, what="the reason")

    def _location(self, location: str | None) -> str:
        """Where a redirect points, without user-info, query or fragment."""
        if not location:
            return "another URL"
        if self._mask.short:
            return f"another URL (not shown: {TOO_SHORT})"
        return display_url(self._mask(location), sent_back=True)

    def _content_type(self, answer: Any) -> str:
        kind = answer.headers.get("Content-Type")
        if not kind:
            return "no content type"
        if self._mask.short:
            return "another content type"
        # Blanked out before the parameters are cut off, which could cut a credential in two.
        return _trim(self._mask(str(kind)).split(";")[0])


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None  # urllib then raises the 3xx as an HTTPError


# -- small helpers ---------------------------------------------------------------------------
def _media_type(answer: Any) -> str:
    return str(answer.headers.get("Content-Type", "")).split(";")[0].strip().lower()


def _trim(text: str) -> str:
    """A server's message on one line, without control characters, at most
    :data:`MESSAGE_CHARS` characters."""
    flat = " ".join("".join("\ufffd" if unprintable(c) else c for c in text).split())
    return flat if len(flat) <= MESSAGE_CHARS else flat[:MESSAGE_CHARS - 1] + "…"
