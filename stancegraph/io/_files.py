"""Reading text from paths or streams, and writing files atomically.

Every file stancegraph writes (``sg.save``, ``write_statements``, ``import_table``, the command
line's ``-o``) goes through :func:`atomic_write_bytes`, which refuses an output path it could
not replace safely -- a symbolic link, a FIFO, a device, a socket, a folder, a read-only file
-- without opening it:

>>> import pathlib, tempfile
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> (folder / "link.yaml").symlink_to(folder / "elsewhere.yaml")
>>> atomic_write_bytes(folder / "link.yaml", b"")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
stancegraph.errors.InvalidRecordError: .../link.yaml: the output path is a symbolic link (to '.../elsewhere.yaml'), which stancegraph does not write through (expected the path of the file itself, or a new file name)
"""

from __future__ import annotations

import os
import secrets
import stat
from pathlib import Path
from typing import IO, Union

from ..errors import InvalidRecordError, ParseError

__all__ = ["PathOrStream", "atomic_write_bytes", "atomic_write_text", "check_output_path",
           "decode_utf8", "read_bytes", "read_text", "source_name"]

PathOrStream = Union[str, "os.PathLike[str]", IO[str], IO[bytes]]

_NUL_EXPECTED = "a file path without NUL characters"


def source_name(source: PathOrStream) -> str:
    """The file name of a path or stream (``<stream>`` for a stream without one)."""
    if hasattr(source, "read"):
        return str(getattr(source, "name", "<stream>"))
    return os.fspath(source)


def read_bytes(source: PathOrStream) -> tuple[bytes | str, str]:
    """Return ``(data, name)`` read from a path or an open stream, as it comes (a text stream
    gives str).

    URLs are never fetched: a path that is a URL is refused with a ParseError. So are a path
    holding a NUL character and a device or socket (``/dev/zero`` would never end); a FIFO
    (a pipe) is read.
    """
    name = source_name(source)
    if not hasattr(source, "read") and name.lower().startswith(("http://", "https://", "ftp://")):
        raise ParseError("URLs are not fetched", id=name, file=name,
                         expected="a local file path or an open stream: download it first")
    if hasattr(source, "read"):
        data: bytes | str = source.read()
    else:
        if "\0" in name:
            raise ParseError("a file path cannot hold a NUL character:", id=name,
                             expected=_NUL_EXPECTED)
        try:
            mode = os.stat(name).st_mode
        except OSError:
            mode = 0  # reading says what is wrong (no such file, no permission, ...)
        if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) or stat.S_ISSOCK(mode):
            raise ParseError(f"not a file but {_kind(mode)}", file=name,
                             expected="a regular file, a pipe or an open stream")
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
    (see :func:`atomic_write_bytes`); text that cannot be written as UTF-8 (a lone surrogate)
    is an InvalidRecordError and leaves the file as it was."""
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError as err:
        line = text.count("\n", 0, err.start) + 1
        raise InvalidRecordError(
            f"cannot write the text as UTF-8: line {line} holds a lone surrogate (half of a "
            "UTF-16 pair, not a character):", file=os.fsdecode(path),
            id=text[err.start:err.end].encode("utf-8", "backslashreplace").decode(),
            expected="text without lone surrogates") from err
    atomic_write_bytes(path, data)


def check_output_path(path: str | os.PathLike[str]) -> int | None:
    """Refuse, with an InvalidRecordError naming it, an output path that cannot be replaced
    safely; return the permissions of the file there (None if there is none).

    Refused without being opened (opening a FIFO would block): a path holding a NUL
    character; a symbolic link (even one to a regular file: writing through a link is how a
    planted link makes a program overwrite another file); a FIFO, a character or block device
    (such as ``/dev/null``), a socket or a folder; a read-only file (no write permission for
    anyone, as after ``chmod 0444`` -- checked by the mode bits, so that it holds for root too,
    whom the system would let write) and a file the caller has no permission to write.
    """
    name = os.fsdecode(path)
    if "\0" in name:
        raise InvalidRecordError("a file path cannot hold a NUL character:", id=name,
                                 expected=_NUL_EXPECTED)
    try:
        st = os.lstat(name)
    except FileNotFoundError:
        return None
    mode = st.st_mode
    if stat.S_ISLNK(mode):
        raise InvalidRecordError(
            f"the output path is a symbolic link (to {_link_target(name)!r}), which stancegraph "
            "does not write through", file=name,
            expected="the path of the file itself, or a new file name")
    if not stat.S_ISREG(mode):
        raise InvalidRecordError(
            f"the output path is {_kind(mode)}, not a regular file: stancegraph does not "
            "replace it", file=name, expected="the path of a regular file, or a new file name")
    if not mode & 0o222:
        raise InvalidRecordError(
            f"the output file is read-only (mode {stat.S_IMODE(mode):04o}): stancegraph does "
            "not overwrite it", file=name,
            expected="a file with write permission (chmod u+w), or another file name")
    if not os.access(name, os.W_OK):
        raise InvalidRecordError(
            "no permission to write the output file: stancegraph does not replace it",
            file=name, expected="a file you may write, or another file name")
    return stat.S_IMODE(mode) & 0o777  # never setuid, setgid or sticky


def atomic_write_bytes(path: str | os.PathLike[str], data: bytes) -> None:
    """Write ``data`` to ``path`` so that the file is either complete or untouched.

    The path is checked first (:func:`check_output_path`: no links, FIFOs, devices, sockets,
    folders or read-only files). The data goes to a new temporary file in the same folder,
    created with the permissions ``path`` has (a new file gets the usual ones, 0666 less the
    umask), is flushed to disk, and then replaces ``path`` in one step (``os.replace``, which
    replaces a link or FIFO put there meanwhile rather than writing through it).
    """
    name = os.fsdecode(path)
    mode = check_output_path(name)
    target = Path(name)
    folder = target.parent
    tmp, fd = _create_temporary(folder, target.name, name, 0o666 if mode is None else mode)
    try:
        if mode is not None:
            os.fchmod(fd, mode)  # the umask may have taken bits the file had
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    _sync_folder(folder)


def _create_temporary(folder: Path, base: str, name: str, mode: int) -> tuple[Path, int]:
    """A new file in ``folder`` (``O_EXCL``: never an existing file or link), open for
    writing, with ``mode`` less the umask; an OSError names ``name``, the file being written."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0) | getattr(
        os, "O_BINARY", 0)
    for _ in range(100):
        # a short prefix: the temporary name must fit where the target's name just fits
        tmp = folder / f".{base[:32]}.{secrets.token_hex(4)}.tmp"
        try:
            return tmp, os.open(tmp, flags, mode)
        except FileExistsError:
            continue
        except OSError as err:  # no such folder, no permission: about the file being written
            raise type(err)(err.errno, err.strerror, name) from err
    raise FileExistsError(f"no free temporary file name beside {name}")


def _sync_folder(folder: Path) -> None:
    """Flush the folder's entry for the replaced file to disk, where the system allows it."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _link_target(name: str) -> str:
    try:
        return os.readlink(name)
    except OSError:
        return "?"


def _kind(mode: int) -> str:
    """What a file of this mode is, with its article."""
    for check, kind in ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a FIFO (named pipe)"),
                        (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
                        (stat.S_ISSOCK, "a socket"), (stat.S_ISLNK, "a symbolic link")):
        if check(mode):
            return kind
    return "not a regular file"
