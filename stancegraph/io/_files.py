"""Reading text from paths or streams, and writing files atomically."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import IO, Union

from ..errors import ParseError

__all__ = ["PathOrStream", "atomic_write_bytes", "atomic_write_text", "decode_utf8", "read_bytes",
           "read_text", "source_name"]

PathOrStream = Union[str, "os.PathLike[str]", IO[str], IO[bytes]]


def source_name(source: PathOrStream) -> str:
    """The file name of a path or stream (``<stream>`` for a stream without one)."""
    if hasattr(source, "read"):
        return str(getattr(source, "name", "<stream>"))
    return os.fspath(source)


def read_bytes(source: PathOrStream) -> tuple[bytes | str, str]:
    """Return ``(data, name)`` read from a path or an open stream, as it comes (a text stream
    gives str).

    URLs are never fetched: a path that is a URL is refused with a ParseError.
    """
    name = source_name(source)
    if not hasattr(source, "read") and name.lower().startswith(("http://", "https://", "ftp://")):
        raise ParseError("URLs are not fetched", id=name, file=name,
                         expected="a local file path or an open stream: download it first")
    if hasattr(source, "read"):
        data: bytes | str = source.read()
    else:
        data = Path(name).read_bytes()
    return data, name


def decode_utf8(data: bytes, name: str | None) -> str:
    """``data`` as UTF-8 text (a leading byte order mark dropped); a ParseError naming the
    line and byte that cannot be decoded otherwise."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        raise ParseError(f"not UTF-8 text (byte {err.start} cannot be decoded)",
                         file=name, line=line, expected="a file saved as UTF-8") from err


def read_text(source: PathOrStream) -> tuple[str, str]:
    """Return ``(text, name)`` read from a path or an open stream (text or binary).

    URLs are never fetched: a path that is a URL is refused with a ParseError.
    """
    data, name = read_bytes(source)
    if isinstance(data, bytes):
        data = decode_utf8(data, name)
    return data, name


def atomic_write_text(path: str | os.PathLike[str], text: str) -> None:
    """Write ``text`` to ``path`` as UTF-8 so that the file is either complete or untouched
    (see :func:`atomic_write_bytes`)."""
    atomic_write_bytes(path, text.encode("utf-8"))


def atomic_write_bytes(path: str | os.PathLike[str], data: bytes) -> None:
    """Write ``data`` to ``path`` so that the file is either complete or untouched.

    The data goes to a temporary file in the same folder, is flushed to disk, and then
    replaces ``path`` in one step (``os.replace``), keeping the permissions ``path`` had (a
    new file gets the usual ones, 0666 less the umask).
    """
    target = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, _mode(target))  # mkstemp makes the file private (0600)
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def _mode(target: Path) -> int:
    """The permissions ``target`` has, or a new file would get (0666 less the umask)."""
    try:
        return target.stat().st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
