"""Credentials for a SPARQL store, and keeping them out of everything shown (docs/store.md,
"Credentials").

- :func:`credentials` picks the caller's credentials or the environment's, refusing those HTTP
  cannot carry; :func:`authorization` makes the ``Authorization`` header, kept in a
  :class:`Hidden` value whose repr does not show it;
- :func:`split_credentials` takes the user-info out of an endpoint URL, refusing a URL that
  urllib could not send as meant; :func:`display_url` is how every URL is shown;
- :class:`Mask` blanks credentials out of whatever a server sends back, in any spelling.
"""

from __future__ import annotations

import base64
import html.entities
import ipaddress
import os
import re
import unicodedata
import urllib.parse
from collections.abc import Iterable
from typing import NoReturn

from ...errors import InvalidRecordError

__all__ = ["MESSAGE_CHARS", "SHORT_SECRET", "TOO_SHORT", "Auth", "Hidden", "Mask", "authorization",
           "credentials", "display_url", "split_credentials", "unprintable"]

#: A user name and password (HTTP Basic) or a bearer token.
Auth = tuple[str, str] | str
#: At most this much of a server's message (or of a URL) is shown.
MESSAGE_CHARS = 300
#: A password or token with fewer characters (whitespace not counted) cannot be blanked out of
#: a server's message safely: while one is in use, what the server says is not shown.
SHORT_SECRET = 4


class Hidden:
    """A secret value whose ``repr`` and ``str`` do not show it."""

    __slots__ = ("value",)

    def __init__(self, value: str) -> None:
        self.value = value

    @classmethod
    def of(cls, value: str | None) -> Hidden | None:
        return None if value is None else cls(value)

    def __repr__(self) -> str:
        return "<hidden>"

    __str__ = __repr__


# -- credentials -----------------------------------------------------------------------------
def credentials(auth: Auth | None) -> Auth | None:
    """``auth``, or else the credentials in the environment: ``STANCEGRAPH_STORE_TOKEN`` (a
    bearer token), or ``STANCEGRAPH_STORE_USER`` with ``STANCEGRAPH_STORE_PASSWORD``.

    Credentials holding a control character (such as a line break) are refused, as are a user
    name holding ``:`` (HTTP Basic cannot send it) and an empty or non-ASCII token; the
    message never shows them.

    >>> credentials(("analyst", "s3cret"))
    ('analyst', 's3cret')
    >>> credentials("token\\n")
    Traceback (most recent call last):
      ...
    stancegraph.errors.InvalidRecordError: the token holds a control character (such as a line break) (expected credentials without control characters)
    """
    if auth is not None:
        if isinstance(auth, str):
            _check(auth, "the token", token=True)
            return auth
        if isinstance(auth, tuple) and len(auth) == 2 and all(isinstance(a, str) for a in auth):
            _check(auth[0], "the user name", user=True)
            _check(auth[1], "the password")
            return auth
        raise InvalidRecordError("auth must be a (user, password) pair or a token",
                                 expected="auth=('user', 'password') or auth='token'")
    token = os.environ.get("STANCEGRAPH_STORE_TOKEN")
    if token:
        _check(token, "STANCEGRAPH_STORE_TOKEN", token=True)
        return token
    user = os.environ.get("STANCEGRAPH_STORE_USER")
    if user:
        password = os.environ.get("STANCEGRAPH_STORE_PASSWORD", "")
        _check(user, "STANCEGRAPH_STORE_USER", user=True)
        _check(password, "STANCEGRAPH_STORE_PASSWORD")
        return (user, password)
    return None


def _check(value: str, what: str, *, token: bool = False, user: bool = False) -> None:
    """Refuse a credential HTTP cannot carry, without showing it."""
    if token and not value:
        raise InvalidRecordError(f"{what} is empty", expected="a bearer token")
    if token and not value.isascii():
        raise InvalidRecordError(f"{what} holds a character that is not ASCII",
                                 expected="a bearer token as the server gave it (ASCII)")
    if any(unicodedata.category(c) == "Cc" for c in value):
        raise InvalidRecordError(f"{what} holds a control character (such as a line break)",
                                 expected="credentials without control characters")
    if user and ":" in value:
        raise InvalidRecordError(f"{what} holds a ':'",
                                 expected="a user name without ':' (HTTP Basic cannot send it)")


def authorization(auth: Auth | None) -> str | None:
    if auth is None:
        return None
    if isinstance(auth, str):
        return f"Bearer {auth}"
    return "Basic " + _base64(f"{auth[0]}:{auth[1]}")


def _base64(text: str, *, urlsafe: bool = False) -> str:
    data = text.encode("utf-8")
    return (base64.urlsafe_b64encode(data) if urlsafe else base64.b64encode(data)).decode()


def _base64_within(text: str, offset: int, *, urlsafe: bool = False) -> str:
    """The base64 characters that spell ``text`` wherever it stands ``offset`` bytes (modulo
    3) into a longer text: those of the groups of 3 bytes that are all its own."""
    data = text.encode("utf-8")
    skip = (3 - offset) % 3  # bytes of text in the group it starts in, shared with others
    whole = data[skip:][:(len(data) - skip) // 3 * 3]
    encoded = base64.urlsafe_b64encode(whole) if urlsafe else base64.b64encode(whole)
    return encoded.decode()


# -- URLs ------------------------------------------------------------------------------------
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*://")
# A query or fragment parameter whose name says it carries a credential.
_CREDENTIAL_PARAMETER = re.compile(
    r"(?i)([?&;#][^=&;#]*(?:token|key|secret|pass|pwd|auth|sig|session|credential)[^=&;#]*=)"
    r"[^&;#]*")
_HOST_NAME = re.compile(r"[A-Za-z0-9._~\-]+")
_URL_FORM = ("http://HOST[:PORT]/PATH, with a user name or password in it percent-encoded "
             "(or given with auth=, or STANCEGRAPH_STORE_USER and STANCEGRAPH_STORE_PASSWORD)")


def display_url(url: object, *, sent_back: bool = False) -> str:
    """``url`` as it may be shown: in a message, a repr, the command line's output.

    Everything from ``scheme://`` to the last ``@`` is taken out (the user-info, however
    malformed: a password may hold ``/``, ``?``, ``#`` or ``@``); the values of query
    parameters named like credentials (``token``, ``api_key``, ``password``, ``sig``, ...) are
    shown as ``***``; control characters and whitespace are percent-encoded; the result is
    at most :data:`MESSAGE_CHARS` long. A URL a server ``sent_back`` (a redirect's target) is
    shown without its query and fragment, which may carry tokens. Never raises.

    >>> display_url("http://alice:s3cr/et@127.0.0.1:7878/query?key=abc&graph=g")
    'http://127.0.0.1:7878/query?key=***&graph=g'
    >>> display_url("https://login.example.org/sso?token=abc#x", sent_back=True)
    'https://login.example.org/sso?…'
    """
    try:
        text = url if isinstance(url, str) else str(url)
    except Exception:  # an object whose str() fails: name its type only
        text = f"<{type(url).__name__}>"
    scheme = _SCHEME.match(text)
    start = scheme.end() if scheme else 0
    at = text.rfind("@", start)
    if at != -1:
        text = text[:start] + text[at + 1:]
    if sent_back:
        ends = [i for i in (text.find("?", start), text.find("#", start)) if i != -1]
        if ends:
            text = text[:min(ends)] + "?…"
    else:
        text = _CREDENTIAL_PARAMETER.sub(r"\1***", text)
    text = "".join(_percent(c) if unprintable(c) or c.isspace() else c for c in text)
    return text if len(text) <= MESSAGE_CHARS else text[:MESSAGE_CHARS - 1] + "…"


def split_credentials(url: object, field: str = "query_url") -> tuple[str, Auth | None]:
    """The endpoint URL ``url`` without its user-info, and the user name and password in it.

    A URL that ``urllib`` could not send as meant is refused with an
    :class:`~stancegraph.errors.InvalidRecordError` naming ``field`` and showing the URL as
    :func:`display_url` does: not ``http(s)://``, whitespace or control characters, a port
    that is not 1 to 65535, a bad IPv6 literal, no host, a host that is not an ASCII name or
    address, a non-ASCII path, or a ``@`` after the host (a password holding an unencoded
    ``/``, ``?``, ``#``: it must be percent-encoded, as must a ``@`` in the path or query).

    >>> split_credentials("http://alice:p%2Fss@127.0.0.1:7878/query")
    ('http://127.0.0.1:7878/query', ('alice', 'p/ss'))
    >>> split_credentials("http://alice:p/ss@127.0.0.1:7878/query")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
      ...
    stancegraph.errors.InvalidRecordError: field 'query_url': the URL has an '@' after its host 'http://127.0.0.1:7878/query' (expected ...)
    """
    shown = display_url(url)

    def refuse(message: str, expected: str = _URL_FORM) -> NoReturn:
        raise InvalidRecordError(message, field=field, id=shown, expected=expected)

    if not isinstance(url, str) or not url[:8].lower().startswith(("http://", "https://")):
        refuse("not an HTTP URL", "the endpoint's http:// or https:// URL")
    if any(c.isspace() or unprintable(c) for c in url):
        refuse("the URL holds whitespace or a control character",
               "a URL without them (a space in a path percent-encoded as %20)")
    start = url.index("://") + 3
    end = min([i for i in (url.find(c, start) for c in "/?#") if i != -1], default=len(url))
    userinfo, at, hostport = url[start:end].rpartition("@")
    rest = url[end:]
    if "@" in rest:
        refuse("the URL has an '@' after its host",
               "a '@' in the path or query percent-encoded as %40, and a user name or password "
               "in the URL with '/', '?', '#' or '@' in it percent-encoded (%2F, %3F, %23, %40) "
               "or given with auth=, or STANCEGRAPH_STORE_USER and STANCEGRAPH_STORE_PASSWORD")
    if not hostport.isascii():
        refuse("the URL's host is not ASCII",
               "the host's ASCII form (IDNA: xn--...) or its IP address")
    if not rest.isascii():
        refuse("the URL's path or query is not ASCII", "them percent-encoded (é as %C3%A9)")
    clean = url[:start] + hostport + rest
    parts: urllib.parse.SplitResult | None = None
    port: int | None = 0
    try:  # refused below, outside the except blocks: no __context__
        parts = urllib.parse.urlsplit(clean)
        port = parts.port
    except ValueError:  # unbalanced brackets, a bad IPv6 literal; a bad port
        pass
    if parts is None:
        refuse("the URL's host is not a valid IPv6 address in brackets",
               "an address such as http://[::1]:7878/query")
    if port == 0:  # not a number, out of range, or 0
        refuse("the URL's port is not a number from 1 to 65535")
    host = parts.hostname
    if not host:
        refuse("the URL has no host")
    if hostport.startswith("[") and not _is_ipv6(host):  # Python < 3.11.4 lets [zz] through
        refuse("the URL's host is not a valid IPv6 address in brackets",
               "an address such as http://[::1]:7878/query")
    if not hostport.startswith("[") and not _HOST_NAME.fullmatch(host):
        refuse("the URL's host is not a host name or IP address",
               "a host such as example.org, 127.0.0.1 or [::1]")
    if not at or not userinfo:
        return clean, None
    user, _, password = userinfo.partition(":")
    user = urllib.parse.unquote(user, errors="replace")
    password = urllib.parse.unquote(password, errors="replace")
    if any(unicodedata.category(c) == "Cc" for c in user + password):
        refuse("the user name or password in the URL holds a control character",
               "credentials without control characters")
    if ":" in user:
        refuse("the user name in the URL holds a ':'",
               "a user name without ':' (HTTP Basic cannot send it)")
    return clean, (user, password)


def _is_ipv6(host: str) -> bool:
    try:
        ipaddress.IPv6Address(host)
    except ValueError:
        return False
    return True


def unprintable(c: str) -> bool:
    return unicodedata.category(c) in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp")


def _percent(c: str) -> str:
    return "".join(f"%{b:02X}" for b in c.encode("utf-8", "surrogatepass"))


# -- blanking credentials out of what a server says ------------------------------------------
TOO_SHORT = (f"a credential in use is shorter than {SHORT_SECRET} characters, too short to "
              "blank out safely")
# Whitespace as an encoder spells it: percent-encoded, an HTML character reference, a JSON
# escape. It is read as a space between two characters of a credential.
_ENCODED_BLANK = re.compile("|".join(
    [r"\\[nrtfv]"] + [form for c in map(chr, range(0x3001)) if c.isspace() for form in (
        "".join(f"%{b:02x}" for b in c.encode("utf-8")), f"&\\#0{{0,3}}{ord(c)};",
        f"&\\#x0{{0,3}}{ord(c):x};", f"\\\\u{ord(c):04x}")]), re.IGNORECASE)
#: The most characters one character of a credential takes when spelled (as "%F0%9F%98%80",
#: or "\ud83d\ude00"), with the space that may follow it.
_SPELLING = 13


class Mask:
    """Blanks credentials out of a text, as ``***``.

    A credential is found in any case and broken by whitespace anywhere (as it is, or
    encoded), each of its characters spelled as it is or as encoders spell it: letters and
    digits as they are, other characters also percent-encoded (UTF-8), as HTML character
    references, or as JSON escapes; and in base64 (the Basic header, or a credential within
    any base64 text), and garbled as UTF-8 read as Latin-1 (as http.client reads a header).

    ``short`` says a password or token has fewer than :data:`SHORT_SECRET` characters (other
    than whitespace): it cannot be blanked out without blanking out half of any message. User
    names (of 4 characters or more) are blanked out too, but not, with ``names=False``, out of
    stancegraph's own words. The patterns are made when first needed: only when something is
    to be shown.
    """

    def __init__(self, given: Iterable[Auth]) -> None:
        self._given = list(given)
        self.short = any(0 < len(_solid(a if isinstance(a, str) else a[1])) < SHORT_SECRET
                         for a in self._given)
        self._patterns: tuple[list[re.Pattern[str]], list[re.Pattern[str]]] | None = None

    def __repr__(self) -> str:
        return f"<Mask of {len(self._given)} credentials>"

    @property
    def tail(self) -> int:
        """How many characters the beginning of a credential may take at the end of a text."""
        return _SPELLING * max((len(authorization(a) or "") for a in self._given), default=0)

    def __call__(self, text: str, *, names: bool = True) -> str:
        if not self._given or not text:
            return text
        if self._patterns is None:
            self._patterns = self._compile()
        secrets, user_names = self._patterns
        patterns = secrets + user_names if names else secrets
        # The text read as it is, and with encoded whitespace read as spaces: each character
        # of the text read, with where it starts in the text (and the text's end).
        plain = (text, list(range(len(text) + 1)))
        spans = []
        for read, where in (plain, _blanks_read(text)):
            for pattern in patterns:
                spans += [(where[m.start()], where[m.end()]) for m in pattern.finditer(read)
                          if m.end() > m.start()]
        if not spans:
            return text
        out, done = [], 0
        for start, end in sorted(spans):
            if end <= done:
                continue
            if start >= done:
                out += [text[done:start], "***"]
            done = end
        out.append(text[done:])
        return "".join(out)

    def _compile(self) -> tuple[list[re.Pattern[str]], list[re.Pattern[str]]]:
        forms: set[str] = set()
        names: set[str] = set()
        for auth in self._given:
            secret = auth if isinstance(auth, str) else auth[1]
            forms |= {secret, secret.replace(" ", "+")}  # form-encoded: a space is '+'
            for value in [secret] if isinstance(auth, str) else [secret, ":".join(auth)]:
                forms |= {_base64(value, urlsafe=u).rstrip("=") for u in (False, True)}
            forms |= {_base64_within(secret, offset, urlsafe=u) for offset in range(3)
                      for u in (False, True)}
            if not isinstance(auth, str):
                names.add(auth[0])
        forms |= {_garbled(_solid(f)) for f in forms}
        names |= {_garbled(_solid(n)) for n in names}

        def patterns(kept: set[str]) -> list[re.Pattern[str]]:
            return [re.compile(r"\s*".join(map(_spellings, _solid(f))), re.IGNORECASE)
                    for f in sorted(kept) if len(_solid(f)) >= SHORT_SECRET]

        return patterns(forms), patterns(names - forms)


def _spellings(c: str) -> str:
    """A pattern matching the character ``c`` as encoders spell it: a letter or digit as it
    is; another character also percent-encoded, as an HTML character reference, or as a JSON
    escape."""
    if c.isascii() and c.isalnum():
        return c
    code = ord(c)
    forms = [re.escape(c), "".join(f"%{b:02x}" for b in c.encode("utf-8", "surrogatepass")),
             f"&\\#0{{0,3}}{code};", f"&\\#x0{{0,3}}{code:x};"]
    if (name := html.entities.codepoint2name.get(code)) is not None:
        forms.append(f"&{name};")
    if c == "'":
        forms.append("&apos;")
    if code < 0x10000:
        forms.append(f"\\\\u{code:04x}")
    else:
        high, low = divmod(code - 0x10000, 0x400)
        forms.append(f"\\\\u{0xD800 + high:04x}\\\\u{0xDC00 + low:04x}")
    if c in "\"\\/":
        forms.append(re.escape("\\" + c))
    return "(?:" + "|".join(forms) + ")"


def _blanks_read(text: str) -> tuple[str, list[int]]:
    """``text`` with encoded whitespace read as a space, and where each of its characters
    (and its end) stands in ``text``."""
    read: list[str] = []
    where: list[int] = []
    done = 0
    for m in _ENCODED_BLANK.finditer(text):
        read.append(text[done:m.start()])
        where += range(done, m.start())
        read.append(" ")
        where.append(m.start())
        done = m.end()
    read.append(text[done:])
    where += range(done, len(text) + 1)
    return "".join(read), where


def _garbled(text: str) -> str:
    """``text`` as UTF-8 read as Latin-1."""
    return text.encode("utf-8", "surrogatepass").decode("latin-1")


def _solid(text: str) -> str:
    """``text`` without its whitespace."""
    return "".join(text.split())
