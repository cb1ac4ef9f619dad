"""Opening a DNA database read-only, and checking that it is a DNA 3 database.

The checks come before any record is read: the file is an intact SQLite database, its ``SETTINGS``
table names a DNA 3 version, the tables and columns the reader uses exist, and every value
the reader uses has the kind of value DNA stores there (so the mapping can trust them).
"""

from __future__ import annotations

import errno
import os
import re
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ...errors import InvalidRecordError, ParseError
from .._files import PathOrStream

__all__ = ["TABLES", "check_database", "connect", "local_path"]

_INT, _TEXT = ("integer",), ("text",)
_INT_OR_NULL, _TEXT_OR_NULL = ("integer", "null"), ("text", "null")

#: The tables and columns the reader uses, with the kinds of value (SQLite's ``typeof``) each
#: column may hold. DNA 3 has more (CODERS, REGEXES, ...): they are not read.
TABLES: dict[str, dict[str, tuple[str, ...]]] = {
    "SETTINGS": {"Property": _TEXT, "Value": _TEXT},
    "DOCUMENTS": {"ID": _INT, "Title": _TEXT, "Text": _TEXT, "Author": _TEXT_OR_NULL,
                  "Source": _TEXT_OR_NULL, "Section": _TEXT_OR_NULL, "Notes": _TEXT_OR_NULL,
                  "Type": _TEXT_OR_NULL, "Date": _INT},
    "STATEMENTTYPES": {"ID": _INT, "Label": _TEXT},
    "VARIABLES": {"ID": _INT, "Variable": _TEXT, "DataType": _TEXT,
                  "StatementTypeId": _INT_OR_NULL},
    "STATEMENTS": {"ID": _INT, "StatementTypeId": _INT_OR_NULL, "DocumentId": _INT_OR_NULL,
                   "Start": _INT, "Stop": _INT},
    "DATASHORTTEXT": {"ID": _INT, "StatementId": _INT, "VariableId": _INT, "Entity": _INT},
    "DATABOOLEAN": {"ID": _INT, "StatementId": _INT, "VariableId": _INT, "Value": _INT},
    "DATAINTEGER": {"ID": _INT, "StatementId": _INT, "VariableId": _INT, "Value": _INT},
    "DATALONGTEXT": {"ID": _INT, "StatementId": _INT, "VariableId": _INT,
                     "Value": _TEXT_OR_NULL},
    "ENTITIES": {"ID": _INT, "VariableId": _INT, "Value": _TEXT, "Red": _INT_OR_NULL,
                 "Green": _INT_OR_NULL, "Blue": _INT_OR_NULL, "ChildOf": _INT_OR_NULL},
    "ATTRIBUTEVARIABLES": {"ID": _INT, "VariableId": _INT, "AttributeVariable": _TEXT},
    "ATTRIBUTEVALUES": {"ID": _INT, "EntityId": _INT, "AttributeVariableId": _INT,
                        "AttributeValue": _TEXT_OR_NULL},
}
_KINDS = {"integer": "an integer", "text": "text", "null": "nothing (NULL)"}
_EXPECTED = "a DNA 3 database (Discourse Network Analyzer 3.x, an SQLite file)"


def local_path(source: PathOrStream, file: str) -> Path:
    """The local file a DNA database is read from: never a stream or a URL."""
    if hasattr(source, "read"):
        raise ParseError("a DNA database is read from its file path, not from an open stream",
                         file=file, expected="a path: sg.load('debate.dna')")
    name = os.fspath(source)
    if name.lower().startswith(("http://", "https://", "ftp://")):
        raise ParseError("URLs are not fetched", id=name, file=name,
                         expected="a local file path: download it first")
    path = Path(name)
    if not path.exists():
        raise FileNotFoundError(errno.ENOENT, os.strerror(errno.ENOENT), name)
    if path.is_dir():
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), name)
    return path


@contextmanager
def connect(path: Path, file: str) -> Iterator[sqlite3.Connection]:
    """Open the database read-only (SQLite's ``mode=ro``) in one read transaction.

    The file is never written: no journal, no schema change, no vacuum. The transaction gives
    a consistent snapshot if DNA is writing to the file at the same time. SQLite's errors
    become a :class:`~stancegraph.errors.ParseError` naming the file.
    """
    uri = path.resolve().as_uri() + "?mode=ro"
    try:
        conn = sqlite3.connect(uri, uri=True, isolation_level=None)
    except sqlite3.Error as err:  # pragma: no cover - local_path has checked the file
        raise ParseError(f"cannot open the database ({err})", file=file) from err
    try:
        conn.execute("BEGIN")
        yield conn
    except sqlite3.Error as err:
        text = str(err)
        if "not a database" in text:
            raise ParseError("not an SQLite database", file=file, expected=_EXPECTED) from err
        raise ParseError(f"cannot read the DNA database ({text})", file=file) from err
    except UnicodeDecodeError as err:
        raise ParseError(f"text that is not UTF-8 in the database ({err.reason})",
                         file=file) from err
    finally:
        conn.close()


def check_database(conn: sqlite3.Connection, file: str) -> str:
    """Check the database is DNA 3 and holds what the reader needs; return its version."""
    # A damaged file can answer queries inconsistently (an index that disagrees with its
    # table): SQLite's own check finds that first (0.15 s for 100,000 statements).
    (problem,) = conn.execute("PRAGMA integrity_check(1)").fetchone()
    if problem != "ok":
        raise ParseError(f"the database is damaged ({problem})", file=file,
                         expected="a database that SQLite's integrity_check finds intact")
    tables = {name.upper(): name for (name,) in conn.execute(
        "SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")}
    if "SETTINGS" not in tables:
        raise ParseError("not a DNA database: it has no SETTINGS table", file=file,
                         expected=_EXPECTED)
    version = _version(conn, file)
    missing = [name for name in TABLES if name not in tables]
    if missing:
        raise ParseError(f"not a DNA 3 database: it has no table {', '.join(missing)}",
                         file=file, expected=f"{_EXPECTED} with the tables {', '.join(TABLES)}")
    for table, columns in TABLES.items():
        have = {row[1].lower() for row in conn.execute(f'PRAGMA table_info("{tables[table]}")')}
        lacking = [column for column in columns if column.lower() not in have]
        if lacking:
            raise ParseError(f"not a DNA 3 database: table {table} has no column "
                             f"{', '.join(lacking)}", file=file,
                             expected=f"the columns {', '.join(columns)}")
    for table, columns in TABLES.items():
        if table != "SETTINGS":
            _check_kinds(conn, file, table, columns)
    for column in ("Red", "Green", "Blue"):
        _check_colour(conn, file, column)
    return version


def _version(conn: sqlite3.Connection, file: str) -> str:
    rows = conn.execute("SELECT Value FROM SETTINGS WHERE Property = 'version'").fetchall()
    if not rows:
        raise ParseError("not a DNA database: its SETTINGS table has no 'version' row",
                         file=file, expected=_EXPECTED)
    version = str(rows[0][0]).strip()
    if re.match(r"3(?![0-9])", version) is None:
        raise ParseError("unsupported DNA database version", id=version, file=file,
                         expected="a database of DNA 3 (a SETTINGS version of 3.x); a DNA 2 "
                         "database can be imported into a new DNA 3 database in DNA 3")
    return version


def _check_kinds(conn: sqlite3.Connection, file: str, table: str,
                 columns: dict[str, tuple[str, ...]]) -> None:
    """Refuse the first row (by ID) with a value of a kind its column does not hold."""
    tests = " OR ".join(f'typeof("{column}") NOT IN ({", ".join(map(repr, kinds))})'
                        for column, kinds in columns.items())
    kinds = ", ".join(f'typeof("{column}")' for column in columns)
    bad = conn.execute(f'SELECT ID, {kinds} FROM "{table}" WHERE {tests} ORDER BY ID LIMIT 1'
                       ).fetchone()
    if bad is not None:
        for (column, allowed), kind in zip(columns.items(), bad[1:], strict=True):
            if kind not in allowed:
                raise InvalidRecordError(f"a value of the wrong kind ({kind})", file=file,
                                         record=f"{table} ID {bad[0]}", field=column,
                                         expected=" or ".join(_KINDS[k] for k in allowed))


def _check_colour(conn: sqlite3.Connection, file: str, column: str) -> None:
    bad = conn.execute(f'SELECT ID, "{column}" FROM ENTITIES WHERE "{column}" NOT BETWEEN 0 '
                       "AND 255 ORDER BY ID LIMIT 1").fetchone()
    if bad is not None:
        raise InvalidRecordError(f"colour component out of range: {bad[1]}", file=file,
                                 record=f"ENTITIES ID {bad[0]}", field=column,
                                 expected="an integer from 0 to 255")
