"""Reading text from paths or streams, and writing files atomically."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import IO, Union

from ..errors import ParseError

__all__ = ["PathOrStream", "atomic_write_text", "read_text", "source_name"]

PathOrStream = Union[str, "os.PathLike[str]", IO[str], IO[bytes]]


def source_name(source: PathOrStream) -> str:
    """The file name of a path or stream (``<stream>`` for a stream without one)."""
    if hasattr(source, "read"):
        return str(getattr(source, "name", "<stream>"))
    return os.fspath(source)


def read_text(source: PathOrStream) -> tuple[str, str]:
    """Return ``(text, name)`` read from a path or an open stream (text or binary).

    URLs are never fetched: a path that is a URL is refused with a ParseError.
    """
    name = source_name(source)
    if not hasattr(source, "read") and name.lower().startswith(("http://", "https://", "ftp://")):
        raise ParseError("URLs are not fetched", id=name, file=name,
                         expected="a local file path or an open stream: download it first")
    if hasattr(source, "read"):
        data = source.read()
    else:
        data = Path(name).read_bytes()
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError as err:
            raise ParseError(f"not UTF-8 text (byte {err.start} cannot be decoded)",
                             file=name) from err
    return data, name


def atomic_write_text(path: str | os.PathLike[str], text: str) -> None:
    """Write ``text`` to ``path`` so that the file is either complete or untouched.

    The text goes to a temporary file in the same folder, is flushed to disk, and then
    replaces ``path`` in one step (``os.replace``).
    """
    target = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
