"""Opening a DNA database read-only, and checking that it is a DNA 3 database.

A ``.dna`` file is data from whoever made it, and an SQLite file can hold code as well as data:
views (a recursive one never ends), triggers, virtual tables, generated columns, expression
indexes. So the checks come before any record is read, cheapest first:

1. the file is a regular file (not a folder, a FIFO or a device), opened read-only;
2. its schema holds tables and indexes only: a view, a trigger, a virtual table, a generated
   column, an index on an expression or a partial index is refused, whatever its name, before
   SQLite's own integrity check (which would evaluate them) runs;
3. SQLite's ``PRAGMA integrity_check`` finds the file intact;
4. its ``SETTINGS`` table names a DNA 3 version, the tables and columns the reader uses exist
   (each ``ID`` its table's primary key), every value the reader uses has the kind of value DNA
   stores there and is at most :data:`MAX_VALUE_BYTES` long, and each statement has at most
   one value per variable (so the mapping can trust them).

The whole read runs under a bound on SQLite's work (:data:`STEPS_PER_BYTE` steps of its virtual
machine per byte of the file, at least :data:`MIN_STEPS`), checked by a progress handler that
also lets Ctrl-C through; under Python 3.11 or later SQLite itself refuses a value longer than
:data:`MAX_VALUE_BYTES` without reading it.
"""

from __future__ import annotations

import errno
import os
import re
import sqlite3
import stat
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from ...errors import InvalidRecordError, ParseError, StanceGraphError
from .._files import PathOrStream

__all__ = ["MAX_VALUE_BYTES", "MIN_STEPS", "STEPS_PER_BYTE", "TABLES", "check_database",
           "connect", "local_path", "shown"]

#: The most bytes a text value of the database may hold (64 MiB). DNA itself keeps names,
#: labels and titles under 191 characters; a document's text is an article.
MAX_VALUE_BYTES = 64 * 1024 * 1024
#: The steps of SQLite's virtual machine a whole read may take, per byte of the file: some 40
#: times what reading a DNA database takes (2.3 to 2.5 per byte for 100,000 statements,
#: integrity check included; SQLite runs some 60 million steps a second).
STEPS_PER_BYTE = 100
#: ... and at least this many, whatever the file's size (a second or two).
MIN_STEPS = 100_000_000
_PROGRESS_EVERY = 10_000  # steps between two calls of the progress handler
#: Whether SQLite is told MAX_VALUE_BYTES (Connection.setlimit, Python 3.11+); without it the
#: values are measured in SQL (``length``) before they are read, as under Python 3.10.
_SQLITE_LIMIT = True

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
#: The tables holding a statement's values, one per statement and variable in DNA.
_VALUE_TABLES = ("DATASHORTTEXT", "DATABOOLEAN", "DATAINTEGER", "DATALONGTEXT")
_KINDS = {"integer": "an integer", "text": "text", "null": "nothing (NULL)"}
_EXPECTED = "a DNA 3 database (Discourse Network Analyzer 3.x, an SQLite file)"
_ONLY_DATA = ("tables and indexes only, as DNA writes them: no views, triggers, virtual "
              "tables, generated columns or indexes on expressions")
_SQLITE_HEADER = b"SQLite format 3\x00"


def shown(text: object, limit: int = 60) -> str:
    """A value from the file as an error message shows it: at most ``limit`` characters.

    >>> shown("x" * 100, 10)
    'xxxxxxxxx…'
    """
    text = str(text)
    return text if len(text) <= limit else text[:limit - 1] + "…"


def local_path(source: PathOrStream, file: str) -> Path:
    """The local file a DNA database is read from: never a stream, a URL, a folder or a FIFO."""
    if hasattr(source, "read"):
        raise ParseError("a DNA database is read from its file path, not from an open stream",
                         file=file, expected="a path: sg.load('debate.dna')")
    name = os.fspath(source)
    if name.lower().startswith(("http://", "https://", "ftp://")):
        raise ParseError("URLs are not fetched", id=name, file=name,
                         expected="a local file path: download it first")
    if "\0" in name:
        raise ParseError("a file path cannot hold a NUL character:", id=name,
                         expected="a file path without NUL characters")
    path = Path(name)
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        raise FileNotFoundError(errno.ENOENT, os.strerror(errno.ENOENT), name) from None
    if not stat.S_ISREG(mode):
        # SQLite would block on a FIFO until someone writes to it, and read a device forever
        raise ParseError(f"not a file but {_kind(mode)}", file=name,
                         expected="a DNA database: a regular .dna file")
    return path


def _kind(mode: int) -> str:
    for check, kind in ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a FIFO (named pipe)"),
                        (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
                        (stat.S_ISSOCK, "a socket")):
        if check(mode):
            return kind
    return "something else"  # pragma: no cover - no other kinds of file on POSIX


@dataclass
class _Budget:
    """The progress handler: stops SQLite when the read has taken ``steps`` steps."""

    steps: int
    taken: int = 0
    exhausted: bool = False

    def __call__(self) -> int:
        self.taken += _PROGRESS_EVERY
        if self.taken > self.steps:
            self.exhausted = True
            return 1  # SQLite stops the query: "interrupted"
        return 0


@contextmanager
def connect(path: Path, file: str) -> Iterator[sqlite3.Connection]:
    """Open the database read-only (SQLite's ``mode=ro``) in one read transaction.

    The file is never written and nothing is created beside it: no journal, no write-ahead
    log, no schema change, no vacuum. The transaction gives a consistent snapshot if DNA is
    writing to the file at the same time. A database in write-ahead-log mode (which DNA does
    not use) is read as ``immutable``, since SQLite would create its ``-wal`` and ``-shm``
    files otherwise; if a ``-wal`` file is beside it, it holds changes not yet in the database,
    and the file is refused. SQLite's errors become a :class:`~stancegraph.errors.ParseError`
    naming the file; Ctrl-C stays a KeyboardInterrupt.
    """
    size = path.stat().st_size
    uri = path.resolve().as_uri() + "?mode=ro"
    if _write_ahead_log(path):
        wal = path.with_name(path.name + "-wal")
        if wal.exists() and wal.stat().st_size > 0:
            raise ParseError(f"the database has changes in its write-ahead log {wal.name} not "
                             "yet written into it", file=file,
                             expected="a database whose changes are all in its file: open it "
                             "once with DNA or sqlite3 (or run PRAGMA wal_checkpoint)")
        uri += "&immutable=1"
    budget = _Budget(max(MIN_STEPS, STEPS_PER_BYTE * size))
    try:
        conn = sqlite3.connect(uri, uri=True, isolation_level=None)
    except sqlite3.Error as err:  # pragma: no cover - local_path has checked the file
        raise ParseError(f"cannot open the database ({err})", file=file) from err
    try:
        conn.set_progress_handler(budget, _PROGRESS_EVERY)
        if sys.version_info >= (3, 11) and _SQLITE_LIMIT:
            conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, MAX_VALUE_BYTES)
        for pragma in ("query_only = ON", "trusted_schema = OFF", "cell_size_check = ON",
                       "mmap_size = 0", "ignore_check_constraints = ON"):
            conn.execute(f"PRAGMA {pragma}")
        conn.execute("BEGIN")
        yield conn
    except sqlite3.Error as err:
        raise _error(err, conn, budget, file, size) from err
    except UnicodeDecodeError as err:  # SQLite's message quotes bytes of a damaged schema
        raise ParseError("cannot read the DNA database (SQLite's error message is not UTF-8: "
                         "the schema is damaged)", file=file, expected=_EXPECTED) from err
    finally:
        conn.close()


def _write_ahead_log(path: Path) -> bool:
    """Whether the file's SQLite header says write-ahead-log mode (bytes 18 and 19 are 2)."""
    with open(path, "rb") as handle:
        header = handle.read(20)
    return header.startswith(_SQLITE_HEADER) and len(header) == 20 and 2 in header[18:20]


def _error(err: sqlite3.Error, conn: sqlite3.Connection, budget: _Budget, file: str,
           size: int) -> StanceGraphError:
    """The stancegraph error for an error of SQLite's (KeyboardInterrupt for Ctrl-C)."""
    text = str(err)
    if text == "interrupted":
        if not budget.exhausted:
            raise KeyboardInterrupt  # the progress handler was stopped by Ctrl-C
        return ParseError(f"reading the database took more than {budget.steps:,} steps of "
                          f"SQLite's virtual machine, the bound for a file of {size:,} bytes",
                          file=file, expected="a DNA database, which reads in far fewer")
    if text.startswith("Could not decode to UTF-8"):  # sqlite3 quotes the whole text: not shown
        budget.taken, budget.exhausted = 0, False
        found = _undecodable(conn, file)
        return found or ParseError("text that is not UTF-8 in the database's schema",
                                   file=file, expected="UTF-8 text")
    if "string or blob too big" in text:
        return ParseError(f"a value longer than {MAX_VALUE_BYTES:,} bytes", file=file,
                          expected=f"values of at most {MAX_VALUE_BYTES:,} bytes")
    if "not a database" in text:
        return ParseError("not an SQLite database", file=file, expected=_EXPECTED)
    if getattr(err, "sqlite_errorname", "") == "SQLITE_READONLY_ROLLBACK" or (
            "readonly database" in text):  # nothing is written: a hot journal was met
        return ParseError("the last change to the database was interrupted (its journal "
                          "is beside it), and reading it read-only cannot roll that back",
                          file=file, expected="a database that DNA or sqlite3 has opened "
                          "once since, to roll the change back")
    if "malformed database schema" in text:
        return ParseError(f"the database's schema is damaged or was altered ({shown(text)})",
                          file=file, expected=_EXPECTED)
    return ParseError(f"cannot read the DNA database ({shown(text, 200)})", file=file)


def _undecodable(conn: sqlite3.Connection, file: str) -> ParseError | None:
    """The first text value the reader uses that is not UTF-8, as an error naming it."""
    conn.text_factory = bytes
    try:
        tables = {}
        for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'"):
            if isinstance(name, bytes) and name.isascii() and name.upper().decode() in TABLES:
                tables[name.upper().decode()] = name.decode()
        for table, name in tables.items():
            text = [column for column, kinds in TABLES[table].items() if "text" in kinds]
            if not text:
                continue
            key, where = ("rowid", "WHERE Property = 'version' ") if table == "SETTINGS" else (
                "ID", "")
            quoted = ", ".join(f'"{column}"' for column in text)
            for row in conn.execute(f'SELECT {key}, {quoted} FROM "{name}" {where}'
                                    f"ORDER BY {key}"):
                for column, value in zip(text, row[1:], strict=True):
                    try:
                        value.decode("utf-8") if isinstance(value, bytes) else None
                    except UnicodeDecodeError as err:
                        return ParseError(
                            f"text that is not UTF-8 (byte {err.start} cannot be decoded)",
                            file=file, record=f"{table} {key} {row[0]}", field=column,
                            expected="UTF-8 text (without lone surrogates)")
    except sqlite3.Error:
        return None
    finally:
        conn.text_factory = str
    return None


def check_database(conn: sqlite3.Connection, file: str) -> str:
    """Check the database is DNA 3 and holds what the reader needs; return its version."""
    tables = _check_schema(conn, file)
    # A damaged file can answer queries inconsistently (an index that disagrees with its
    # table): SQLite's own check finds that first (0.14 s for 100,000 statements). It
    # evaluates nothing from the file: the schema holds no expressions it would compute, and
    # CHECK constraints are ignored (PRAGMA ignore_check_constraints).
    (problem,) = conn.execute("PRAGMA integrity_check(1)").fetchone()
    if problem != "ok":
        raise ParseError(f"the database is damaged ({shown(problem, 200)})", file=file,
                         expected="a database that SQLite's integrity_check finds intact")
    if "SETTINGS" not in tables:
        raise ParseError("not a DNA database: it has no SETTINGS table", file=file,
                         expected=_EXPECTED)
    version = _version(conn, file, tables["SETTINGS"])
    missing = [name for name in TABLES if name not in tables]
    if missing:
        raise ParseError(f"not a DNA 3 database: it has no table {', '.join(missing)}",
                         file=file, expected=f"{_EXPECTED} with the tables {', '.join(TABLES)}")
    for table, columns in TABLES.items():
        have = {name.lower(): pk for name, pk in conn.execute(
            "SELECT name, pk FROM pragma_table_info(?)", (tables[table],))}
        lacking = [column for column in columns if column.lower() not in have]
        if lacking:
            raise ParseError(f"not a DNA 3 database: table {table} has no column "
                             f"{', '.join(lacking)}", file=file,
                             expected=f"the columns {', '.join(columns)}")
        keys = sorted(name for name, pk in have.items() if pk)
        if table != "SETTINGS" and keys != ["id"]:
            raise ParseError(f"not a DNA 3 database: the primary key of table {table} is not "
                             "its ID", file=file, expected="ID INTEGER PRIMARY KEY, as DNA "
                             "makes it (so that each ID is one row)")
    for table, columns in TABLES.items():
        if table != "SETTINGS":
            _check_values(conn, file, table, tables[table], columns)
    for table in _VALUE_TABLES:
        _check_one_value(conn, file, table)
    for column in ("Red", "Green", "Blue"):
        _check_colour(conn, file, column)
    return version


def _check_schema(conn: sqlite3.Connection, file: str) -> dict[str, str]:
    """Refuse code in the schema; return the tables' names by their upper-case names.

    Everything is read from the schema as SQLite parsed it; nothing is evaluated.
    """
    tables: dict[str, str] = {}
    # A real table's SQL starts CREATE TABLE (SQLite writes it so); a virtual one's does not.
    for kind, name, plain in conn.execute(
            "SELECT type, name, upper(substr(sql, 1, 13)) = 'CREATE TABLE ' "
            "FROM sqlite_master ORDER BY rowid"):
        name = str(name)
        dna = name.isascii() and name.upper() in TABLES
        if kind in ("view", "trigger") or (kind == "table" and not plain):
            what = "a virtual table" if kind == "table" else f"a {kind}"
            if dna:
                message = f"the table {name.upper()} is {what}, not a table of data"
            else:
                message = f"the database holds {what}, which DNA never writes:"
            raise ParseError(message, id=None if dna else shown(name), file=file,
                             record="sqlite_master", expected=_ONLY_DATA)
        if kind == "table" and dna:
            tables[name.upper()] = name
    # Columns computed from an expression, and indexes on expressions or on some rows only,
    # would be evaluated by the integrity check. Tables first, then indexes.
    found = []
    if sqlite3.sqlite_version_info >= (3, 31):  # generated columns came with SQLite 3.31
        found += [f"the generated column {shown(table)}.{shown(column)}" for table, column in
                  conn.execute("SELECT m.name, x.name FROM sqlite_master m, "
                               "pragma_table_xinfo(m.name) x WHERE m.type = 'table' "
                               "AND x.hidden IN (2, 3) LIMIT 1")]
    found += [f"the partial index {shown(index)}" for (index,) in conn.execute(
        "SELECT x.name FROM sqlite_master m, pragma_index_list(m.name) x "
        "WHERE m.type = 'table' AND x.partial LIMIT 1")]
    found += [f"the index on an expression {shown(index)}" for (index,) in conn.execute(
        "SELECT DISTINCT m.name FROM sqlite_master m, pragma_index_xinfo(m.name) x "
        "WHERE m.type = 'index' AND x.cid = -2 LIMIT 1")]
    if found:
        raise ParseError(f"the database holds {found[0]}, which DNA never writes", file=file,
                         record="sqlite_master", expected=_ONLY_DATA)
    return tables


def _version(conn: sqlite3.Connection, file: str, settings: str) -> str:
    """The version DNA wrote in SETTINGS (the only row of SETTINGS that is read)."""
    record = "SETTINGS row 'version'"
    try:
        rows = conn.execute(f"SELECT typeof(Value), length(CAST(Value AS BLOB)) FROM "
                            f'"{settings}" WHERE Property = \'version\' LIMIT 2').fetchall()
    except sqlite3.DataError as err:  # SQLite's own bound (Python 3.11+)
        raise _too_long(file, "SETTINGS", None, "Value") from err
    if not rows:
        raise ParseError("not a DNA database: its SETTINGS table has no 'version' row",
                         file=file, expected=_EXPECTED)
    if len(rows) > 1:
        raise ParseError("not a DNA database: its SETTINGS table has two 'version' rows",
                         file=file, expected=_EXPECTED)
    ((kind, length),) = rows
    if kind != "text":
        raise InvalidRecordError(f"a value of the wrong kind ({kind})", file=file,
                                 record=record, field="Value", expected="text")
    if length > MAX_VALUE_BYTES:
        raise _too_long(file, record, None, "Value")
    (version,) = conn.execute(f'SELECT Value FROM "{settings}" WHERE Property = \'version\''
                              ).fetchone()
    version = version.strip()
    if re.match(r"3(?![0-9])", version) is None:
        raise ParseError("unsupported DNA database version", id=shown(version), file=file,
                         expected="a database of DNA 3 (a SETTINGS version of 3.x); a DNA 2 "
                         "database can be imported into a new DNA 3 database in DNA 3")
    return str(version)


def _check_values(conn: sqlite3.Connection, file: str, table: str, name: str,
                  columns: dict[str, tuple[str, ...]]) -> None:
    """Refuse the first row (by ID) with a value of a kind its column does not hold, or
    a text longer than :data:`MAX_VALUE_BYTES`."""
    texts = [column for column, kinds in columns.items() if "text" in kinds]
    tests = [f'typeof("{column}") NOT IN ({", ".join(map(repr, kinds))})'
             for column, kinds in columns.items()]
    tests += [f'length(CAST("{column}" AS BLOB)) > {MAX_VALUE_BYTES}' for column in texts]
    kinds = ", ".join(f'typeof("{column}")' for column in columns)
    query = (f'SELECT ID, {kinds} FROM "{name}" WHERE {" OR ".join(tests)} '
             "ORDER BY ID LIMIT 1")
    try:
        bad = conn.execute(query).fetchone()
    except sqlite3.DataError as err:  # SQLite's own bound (Python 3.11+): a longer value
        for column in texts:
            row = _first_too_long(conn, name, column)
            if row is not None:
                raise _too_long(file, table, row, column) from err
        raise _too_long(file, table, None, None) from err
    if bad is None:
        return
    for (column, allowed), kind in zip(columns.items(), bad[1:], strict=True):
        if kind not in allowed:
            raise InvalidRecordError(f"a value of the wrong kind ({kind})", file=file,
                                     record=f"{table} ID {bad[0]}", field=column,
                                     expected=" or ".join(_KINDS[k] for k in allowed))
    for column in texts:
        (length,) = conn.execute(f'SELECT length(CAST("{column}" AS BLOB)) FROM "{name}" '
                                 "WHERE ID = ?", (bad[0],)).fetchone()
        if length is not None and length > MAX_VALUE_BYTES:
            raise _too_long(file, table, bad[0], column)


def _too_long(file: str, table: str, row: int | None, column: str | None) -> ParseError:
    return ParseError(f"a value longer than {MAX_VALUE_BYTES:,} bytes", file=file,
                      record=table if row is None else f"{table} ID {row}", field=column,
                      expected=f"values of at most {MAX_VALUE_BYTES:,} bytes")


def _first_too_long(conn: sqlite3.Connection, name: str, column: str) -> int | None:
    """The first ID whose ``column`` SQLite refuses to read as too long, by bisection
    (each probe reads a range of rows; SQLite refuses the long value without reading it)."""
    def too_long(low: int, high: int) -> bool:
        try:
            conn.execute(f'SELECT max(length("{column}")) FROM "{name}" '
                         "WHERE ID BETWEEN ? AND ?", (low, high)).fetchone()
        except sqlite3.DataError:
            return True
        return False

    low, high = conn.execute(f'SELECT min(ID), max(ID) FROM "{name}"').fetchone()
    if not isinstance(low, int) or not isinstance(high, int) or not too_long(low, high):
        return None
    while low < high:
        middle = (low + high) // 2
        if too_long(low, middle):
            high = middle
        else:
            low = middle + 1
    return low


def _check_one_value(conn: sqlite3.Connection, file: str, table: str) -> None:
    """Refuse a second value for the same statement and variable (DNA keeps them unique).

    Where DNA's unique index on the two is there, SQLite's integrity check has verified them.
    """
    for (index,) in conn.execute('SELECT name FROM pragma_index_list(?) WHERE "unique"',
                                 (table,)):
        columns = conn.execute("SELECT lower(name) FROM pragma_index_info(?) ORDER BY 1",
                               (index,)).fetchall()
        if columns == [("statementid",), ("variableid",)]:
            return
    bad = conn.execute(f"SELECT max(ID), StatementId, VariableId FROM {table} "
                       "GROUP BY StatementId, VariableId HAVING count(*) > 1 "
                       "ORDER BY StatementId, VariableId LIMIT 1").fetchone()
    if bad is not None:
        raise InvalidRecordError(
            f"a second value for variable {bad[2]} of statement {bad[1]}", file=file,
            record=f"{table} ID {bad[0]}", field="StatementId",
            expected="one value per statement and variable, as DNA keeps them")


def _check_colour(conn: sqlite3.Connection, file: str, column: str) -> None:
    bad = conn.execute(f'SELECT ID, "{column}" FROM ENTITIES WHERE "{column}" NOT BETWEEN 0 '
                       "AND 255 ORDER BY ID LIMIT 1").fetchone()
    if bad is not None:
        raise InvalidRecordError(f"colour component out of range: {bad[1]}", file=file,
                                 record=f"ENTITIES ID {bad[0]}", field=column,
                                 expected="an integer from 0 to 255")
