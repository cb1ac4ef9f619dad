"""DNA databases (``.dna``, SQLite files) from strangers: code in the schema is refused, what is
read is bounded, and every odd file loads or is refused with a StanceGraphError.

Each hostile database is made here, from a small valid one, and read in a child process with a
time and memory limit (a recursive view would otherwise never end, a view of huge blobs would
exhaust memory). The small ones are also kept in ``corpus/dna/``, which ``test_corpus.py``
reads; ``python -m tests.security.test_dna`` writes them anew.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import random
import re
import sqlite3
import subprocess
import sys
import warnings
from collections.abc import Callable
from contextlib import closing, suppress
from pathlib import Path

import pytest

import stancegraph as sg
from stancegraph.io.dna import _database
from tests.io.dna_builder import DnaBuilder, synthetic
from tests.security.limits import in_child

CORPUS = Path(__file__).parent / "corpus" / "dna"
SECONDS = 20
MEMORY = 2 * 1024**3
BOMB = "printf('%.*c', 900000000, 'x')"  # 900 MB of text, made by SQLite on demand
ONLY_DATA = r"\(expected tables and indexes only, as DNA writes them"

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="forks, FIFOs, /dev")


# -- making databases --------------------------------------------------------------------------

def _base(path: Path, *, encoding: str | None = None) -> Path:
    """A small valid DNA database: two stances, small pages (so the corpus files are small)."""
    if encoding is not None:
        with closing(sqlite3.connect(path)) as conn:
            conn.execute(f"PRAGMA encoding = '{encoding}'")
            conn.execute("CREATE TABLE t(x)")
            conn.execute("DROP TABLE t")
            conn.commit()
    with DnaBuilder(path) as db:
        doc = db.document("Scholz said no. Merz said yes.", title="Debate",
                          date=dt.date(2023, 1, 12))
        db.statement(doc, quote="Scholz said no.", person="Olaf Scholz", organization="SPD",
                     concept="Tanks", agreement=0)
        db.statement(doc, quote="Merz said yes.", person="Friedrich Merz", organization="CDU",
                     concept="Tanks", agreement=1)
    with closing(sqlite3.connect(path, isolation_level=None)) as conn:
        conn.execute("PRAGMA page_size = 512")
        conn.execute("VACUUM")
    return path


def _sql(path: Path, *statements: str, writable_schema: bool = False) -> Path:
    """Run SQL on the database; with ``writable_schema``, sqlite_master may be edited."""
    with closing(sqlite3.connect(path, isolation_level=None)) as conn:
        conn.execute("PRAGMA ignore_check_constraints = ON")
        if writable_schema:
            conn.execute("PRAGMA writable_schema = ON")
        for statement in statements:
            conn.execute(statement)
        if writable_schema:
            (version,) = conn.execute("PRAGMA schema_version").fetchone()
            conn.execute(f"PRAGMA schema_version = {version + 1}")
    return path


def _recreate(path: Path, table: str, columns: str, *then: str) -> Path:
    """Make ``table`` anew with these column definitions (and no constraints), same rows."""
    return _sql(path, f"ALTER TABLE {table} RENAME TO old", f"CREATE TABLE {table}({columns})",
         f"INSERT INTO {table} SELECT * FROM old", "DROP TABLE old", *then)


def _rewrite(path: Path, name: str, sql: str) -> Path:
    """Replace the SQL of schema object ``name`` in sqlite_master (as a hostile file does)."""
    return _sql(path, f"UPDATE sqlite_master SET sql = '{sql.replace(chr(39), chr(39) * 2)}' "
         f"WHERE name = '{name}'", writable_schema=True)


def _utf16(path: Path) -> Path:
    """The database at ``path`` made anew, its text kept as UTF-16."""
    path.unlink()
    return _base(path, encoding="UTF-16le")


def _text(value: bytes) -> str:
    """SQL for a text value holding these exact bytes (UTF-8 or not)."""
    return f"CAST(X'{value.hex()}' AS TEXT)"


NOT_UTF8 = b"S\xffD"
LONE_SURROGATE = b"Debate \xed\xa0\x80"  # U+D800 encoded as if it were a character
NOT_UTF8_VERSION = b"3.0\xff"
_HARMLESS = "'x'"
_GENERATED = ("ID INTEGER PRIMARY KEY, StatementId INTEGER, VariableId INTEGER, "
              "Value TEXT GENERATED ALWAYS AS (%s) VIRTUAL")
_NO_UNIQUE = "ID INTEGER PRIMARY KEY, StatementId INTEGER, VariableId INTEGER, Entity INTEGER"
_RECURSIVE = "WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM r) SELECT x FROM r"

#: name -> (how the file is made from a valid one, and what loading it must give: "loaded",
#: or the error class and a pattern its message matches). Each is a file of the corpus too.
HOSTILE: dict[str, tuple[Callable[[Path], object], str, str]] = {
    # the cases: views instead of tables, yielding huge values or rows without end
    "huge-blob-view": (lambda p: _sql(
        p, "DROP TABLE DATALONGTEXT",
        "CREATE VIEW DATALONGTEXT AS SELECT x AS ID, 1 AS StatementId, 5 AS VariableId, "
        f"randomblob(900000000) AS Value FROM ({_RECURSIVE} LIMIT 5)"),
        "ParseError", r"sqlite_master: the table DATALONGTEXT is a view, not a table of data "
        + ONLY_DATA),
    "recursive-view": (lambda p: _sql(
        p, "DROP TABLE STATEMENTS",
        f"CREATE VIEW STATEMENTS AS SELECT x AS ID, 1 AS StatementTypeId, 1 AS DocumentId, "
        f"0 AS Start, 1 AS Stop FROM ({_RECURSIVE})"),
        "ParseError", r"the table STATEMENTS is a view, not a table of data"),
    "settings-view": (lambda p: _sql(
        p, "DROP TABLE SETTINGS",
        "CREATE VIEW SETTINGS AS SELECT 'version' AS Property, '3.0.10' AS Value"),
        "ParseError", r"the table SETTINGS is a view"),
    # their siblings: code anywhere in the schema
    "other-view": (lambda p: _sql(p, f"CREATE VIEW numbers AS {_RECURSIVE}"),
                   "ParseError", r"the database holds a view, which DNA never writes: "
                   r"'numbers'"),
    "trigger": (lambda p: _sql(p, "CREATE TRIGGER t AFTER INSERT ON CODERS BEGIN "
                                  "DELETE FROM STATEMENTS; END"),
                "ParseError", r"the database holds a trigger, which DNA never writes: 't'"),
    "virtual-table": (lambda p: _sql(p, "CREATE VIRTUAL TABLE search USING fts5(text)"),
                      "ParseError", r"holds a virtual table, which DNA never writes: 'search'"),
    "virtual-documents": (lambda p: _sql(
        p, "DROP TABLE DOCUMENTS",
        "CREATE VIRTUAL TABLE DOCUMENTS USING fts5(ID, Title, Text, Author, Source, Section, "
        "Notes, Type, Date)"),
        "ParseError", r"the table DOCUMENTS is a virtual table"),
    "virtual-rtree": (lambda p: _sql(p, "CREATE VIRTUAL TABLE boxes USING rtree(id, x0, x1)"),
                      "ParseError", r"holds a virtual table, which DNA never writes: 'boxes'"),
    "virtual-table-disguised": (lambda p: (
        _sql(p, "CREATE VIRTUAL TABLE search USING fts5(text)"),
        _rewrite(p, "search", "CREATE/**/VIRTUAL TABLE search USING fts5(text)")),
        "ParseError", r"holds a virtual table, which DNA never writes: 'search'"),
    "generated-column": (lambda p: (
        _sql(p, "DROP TABLE DATALONGTEXT",
             f"CREATE TABLE DATALONGTEXT({_GENERATED % _HARMLESS})",
             "INSERT INTO DATALONGTEXT (StatementId, VariableId) VALUES (1, 5), (2, 5)"),
        _rewrite(p, "DATALONGTEXT", f"CREATE TABLE DATALONGTEXT({_GENERATED % BOMB})")),
        "ParseError", r"holds the generated column DATALONGTEXT\.Value, which DNA never "
        "writes"),
    "expression-index": (lambda p: (
        _sql(p, "CREATE TABLE extra(x TEXT)",
             f"INSERT INTO extra SELECT 'a' FROM ({_RECURSIVE} LIMIT 60)",
             "CREATE INDEX bomb ON extra(length(x))"),
        _rewrite(p, "bomb", f"CREATE INDEX bomb ON extra(length({BOMB} || x))")),
        "ParseError", r"holds the index on an expression bomb, which DNA never writes"),
    "partial-index": (lambda p: (
        _sql(p, "CREATE TABLE extra(x TEXT)",
             f"INSERT INTO extra SELECT 'a' FROM ({_RECURSIVE} LIMIT 60)",
             "CREATE INDEX some ON extra(x) WHERE x > ''"),
        _rewrite(p, "some", f"CREATE INDEX some ON extra(x) WHERE length({BOMB} || x) > 0")),
        "ParseError", r"holds the partial index some"),
    # CHECK constraints are never evaluated (the file is only read): it loads
    "check-bomb": (lambda p: (
        _sql(p, "CREATE TABLE extra(x TEXT CHECK (x > ''))",
             f"INSERT INTO extra SELECT 'a' FROM ({_RECURSIVE} LIMIT 60)"),
        _rewrite(p, "extra", f"CREATE TABLE extra(x TEXT CHECK (length({BOMB} || x) > 0))")),
        "loaded", ""),
    # schemas that are not DNA's
    "extra-columns-and-tables": (lambda p: _sql(
        p, "ALTER TABLE DOCUMENTS ADD COLUMN Extra BLOB", "UPDATE DOCUMENTS SET Extra = X'00ff'",
        "CREATE TABLE mine(a, b)", "CREATE INDEX mine_a ON mine(a)"), "loaded", ""),
    "missing-column": (lambda p: _sql(p, "ALTER TABLE ENTITIES DROP COLUMN ChildOf"),
                       "ParseError", r"table ENTITIES has no column ChildOf"),
    "id-not-primary-key": (lambda p: _recreate(
        p, "STATEMENTS", "ID INTEGER, StatementTypeId INTEGER, DocumentId INTEGER, "
        "Start INTEGER, Stop INTEGER, Coder INTEGER",
        "INSERT INTO STATEMENTS SELECT * FROM STATEMENTS"),
        "ParseError", r"the primary key of table STATEMENTS is not its ID"),
    "duplicate-values": (lambda p: _recreate(
        p, "DATASHORTTEXT", _NO_UNIQUE,
        "INSERT INTO DATASHORTTEXT (StatementId, VariableId, Entity) SELECT 1, v.x, 2 FROM "
        f"({_RECURSIVE} LIMIT 400) JOIN ({_RECURSIVE} LIMIT 3) v"),
        "InvalidRecordError", r"DATASHORTTEXT ID \d+, field 'StatementId': a second value "
        r"for variable 1 of statement 1"),
    # values of the wrong kind, size or encoding
    "text-for-integer": (lambda p: _sql(p, "UPDATE STATEMENTS SET Start = 'x' WHERE ID = 2"),
                         "InvalidRecordError", r"STATEMENTS ID 2, field 'Start': a value of "
                         r"the wrong kind \(text\) \(expected an integer\)"),
    "real-for-integer": (lambda p: _sql(p, "UPDATE DOCUMENTS SET Date = 1.5e300"),
                         "InvalidRecordError", r"DOCUMENTS ID 1, field 'Date': a value of the "
                         r"wrong kind \(real\)"),
    "blob-for-text": (lambda p: _sql(p, "UPDATE DOCUMENTS SET Title = X'00ff'"),
                      "InvalidRecordError", r"DOCUMENTS ID 1, field 'Title': a value of the "
                      r"wrong kind \(blob\) \(expected text\)"),
    "null-for-text": (lambda p: _recreate(
        p, "ENTITIES", "ID INTEGER PRIMARY KEY, VariableId INTEGER, Value TEXT, Red INTEGER, "
        "Green INTEGER, Blue INTEGER, ChildOf INTEGER",
        "UPDATE ENTITIES SET Value = NULL WHERE ID = 2"),
        "InvalidRecordError", r"ENTITIES ID 2, field 'Value': a value of the wrong kind "
        r"\(null\) \(expected text\)"),
    "date-min-int": (lambda p: _sql(p, f"UPDATE DOCUMENTS SET Date = {-2**63}"),
                     "InvalidRecordError", r"DOCUMENTS ID 1, field 'Date': date out of range"),
    "date-max-int": (lambda p: _sql(p, f"UPDATE DOCUMENTS SET Date = {2**63 - 1}"),
                     "InvalidRecordError", r"DOCUMENTS ID 1, field 'Date': date out of range"),
    "huge-ids": (lambda p: _sql(
        p, "PRAGMA foreign_keys = OFF", f"UPDATE STATEMENTS SET ID = {2**63 - 1} WHERE ID = 2",
        f"UPDATE DATASHORTTEXT SET StatementId = {2**63 - 1} WHERE StatementId = 2",
        f"UPDATE DATABOOLEAN SET StatementId = {2**63 - 1} WHERE StatementId = 2",
        f"UPDATE DOCUMENTS SET ID = {2**63 - 1}", f"UPDATE STATEMENTS SET DocumentId = "
        f"{2**63 - 1}", f"UPDATE STATEMENTS SET Start = {2**63 - 2}, Stop = {2**63 - 1} "
        "WHERE ID = 1"), "loaded", ""),
    "not-utf8": (lambda p: _sql(p, f"UPDATE ENTITIES SET Value = {_text(NOT_UTF8)} "
                                   "WHERE Value = 'SPD'"),
                 "ParseError", r"ENTITIES ID 2, field 'Value': text that is not UTF-8 \(byte 1 "
                 r"cannot be decoded\)"),
    "lone-surrogate": (lambda p: _sql(p, f"UPDATE DOCUMENTS SET Title = "
                                         f"{_text(LONE_SURROGATE)}"),
                       "ParseError", r"DOCUMENTS ID 1, field 'Title': text that is not UTF-8 "
                       r"\(byte 7 cannot be decoded\)"),
    "lone-surrogate-utf16": (lambda p: _sql(
        _utf16(p), f"UPDATE DOCUMENTS SET Text = Text || {_text(bytes.fromhex('3dd8'))}"),
        "ParseError", r"DOCUMENTS ID 1, field 'Text': text that is not UTF-8"),
    "utf16": (lambda p: _sql(_utf16(p), "UPDATE DOCUMENTS SET Title = 'Débat 🙂'"),
              "loaded", ""),
    # SETTINGS and its version
    "version-integer": (lambda p: _recreate(p, "SETTINGS", "Property TEXT, Value",
                                            "UPDATE SETTINGS SET Value = 3 WHERE "
                                            "Property = 'version'"),
                        "InvalidRecordError", r"SETTINGS row 'version', field 'Value': a value "
                        r"of the wrong kind \(integer\) \(expected text\)"),
    "version-blob": (lambda p: _sql(p, "UPDATE SETTINGS SET Value = X'332e30' WHERE "
                                       "Property = 'version'"),
                     "InvalidRecordError", r"wrong kind \(blob\)"),
    "version-null": (lambda p: _recreate(p, "SETTINGS", "Property TEXT, Value TEXT",
                                         "UPDATE SETTINGS SET Value = NULL"),
                     "InvalidRecordError", r"wrong kind \(null\)"),
    "version-long": (lambda p: _sql(p, "UPDATE SETTINGS SET Value = '2' || "
                                       "printf('%.*c', 20000, 'x') WHERE Property = 'version'"),
                     "ParseError", r"unsupported DNA database version '2x{58}…' \(expected"),
    "version-twice": (lambda p: _recreate(p, "SETTINGS", "Property TEXT, Value TEXT",
                                          "INSERT INTO SETTINGS VALUES ('version', '2.0')"),
                      "ParseError", r"its SETTINGS table has two 'version' rows"),
    "version-not-utf8": (lambda p: _sql(p, f"UPDATE SETTINGS SET Value = "
                                           f"{_text(NOT_UTF8_VERSION)} WHERE Property = "
                                           "'version'"),
                         "ParseError", r"SETTINGS rowid 1, field 'Value': text that is not "
                         r"UTF-8"),
    # files that are not DNA databases at all
    "not-sqlite": (lambda p: p.write_bytes(random.Random(1).randbytes(4096)),
                   "ParseError", r"not an SQLite database"),
    "zero-bytes": (lambda p: p.write_bytes(b""), "ParseError", r"not a DNA database: it has "
                   r"no SETTINGS table"),
    "truncated": (lambda p: p.write_bytes(p.read_bytes()[:3000]),
                  "ParseError", r"not an SQLite database|damaged|cannot read|malformed"),
    "sqlite-header-only": (lambda p: p.write_bytes(p.read_bytes()[:100]),
                           "ParseError", r"not an SQLite database|damaged|cannot read"),
    "write-ahead-log": (lambda p: _sql(p, "PRAGMA journal_mode = WAL"), "loaded", ""),
}


def _hostile(folder: Path, name: str) -> Path:
    path = _base(folder / f"{name}.dna")
    HOSTILE[name][0](path)
    return path


# -- reading them in a child, with a time and memory limit --------------------------------------

def _read(path: str) -> tuple[str, str]:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", sg.StanceGraphWarning)
            sg.load(path)
        return "loaded", ""
    except sg.StanceGraphError as err:
        return type(err).__name__, str(err)
    except BaseException as err:  # noqa: BLE001 -- what the test is looking for
        return f"FOREIGN {type(err).__name__}", str(err)[:500]


def _outcome(path: Path, seconds: float = SECONDS) -> tuple[str, str]:
    """What loading ``path`` gives, read in a child process: (kind, message)."""
    try:
        kind, message = in_child(_read, str(path), seconds=seconds, memory=MEMORY)
    except TimeoutError as err:
        return "TIMEOUT", str(err)
    except ChildProcessError as err:
        return "DIED", str(err)
    return str(kind), str(message)


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_a_hostile_database_loads_or_is_refused_by_name(tmp_path: Path, name: str) -> None:
    _, kind, pattern = HOSTILE[name]
    path = _hostile(tmp_path, name)
    got, message = _outcome(path)
    assert got == kind, f"{got}: {message}"
    if pattern:
        assert re.search(pattern, message), message
        assert message.startswith(str(path)) and len(message) < 1000


def test_refused_code_is_never_run(tmp_path: Path) -> None:
    # refused at once: before SQLite's integrity check, which would evaluate the expressions
    for name in ("recursive-view", "generated-column", "expression-index", "partial-index"):
        path = _hostile(tmp_path, name)
        with pytest.raises(sg.ParseError, match=r"sqlite_master: the (table|database)"):
            _within(1.0, lambda path=path: sg.load(path))


def _within(seconds: float, action: Callable[[], object]) -> None:
    """Run ``action`` under a budget of SQLite steps worth about ``seconds`` (60 M a second)."""
    saved = _database.MIN_STEPS, _database.STEPS_PER_BYTE
    _database.MIN_STEPS, _database.STEPS_PER_BYTE = int(60e6 * seconds), 0
    try:
        action()
    finally:
        _database.MIN_STEPS, _database.STEPS_PER_BYTE = saved


# -- bounds on what is read --------------------------------------------------------------------

@pytest.mark.parametrize("sqlite_limit", [True, False], ids=["setlimit", "length-in-sql"])
def test_a_value_over_the_limit_is_refused_by_name(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch,
                                                  sqlite_limit: bool) -> None:
    # SQLite's own limit (Python 3.11+) refuses the value unread; Python 3.10 measures it in SQL
    monkeypatch.setattr(_database, "_SQLITE_LIMIT", sqlite_limit)
    monkeypatch.setattr(_database, "MAX_VALUE_BYTES", 1000)
    path = _base(tmp_path / "long.dna")
    _sql(path, "UPDATE ENTITIES SET Value = printf('%.*c', 999, 'x') WHERE ID = 1",
         "INSERT INTO ATTRIBUTEVALUES (EntityId, AttributeVariableId, AttributeValue) "
         "SELECT ID, 1, 'short' FROM ENTITIES",
         "UPDATE ATTRIBUTEVALUES SET AttributeValue = printf('%.*c', 1001, 'y') WHERE ID = 4")
    with pytest.raises(sg.ParseError, match=r"long\.dna, ATTRIBUTEVALUES ID 4, field "
                       r"'AttributeValue': a value longer than 1,000 bytes \(expected values "
                       r"of at most 1,000 bytes\)"):
        sg.load(path)
    _sql(path, "UPDATE SETTINGS SET Value = '3.0' || printf('%.*c', 1000, 'x')")
    with pytest.raises(sg.ParseError, match=r"SETTINGS row 'version', field 'Value': a value "
                       r"longer than 1,000 bytes|SETTINGS, field 'Value': a value longer"):
        sg.load(path)


@pytest.mark.slow
def test_a_text_over_64_mib_is_refused_unread(tmp_path: Path) -> None:
    path = _base(tmp_path / "big.dna")
    _sql(path, f"UPDATE DOCUMENTS SET Text = Text || printf('%.*c', {64 * 2**20}, ' ')")
    got, message = _outcome(path)
    assert got == "ParseError", message
    assert re.search(r"DOCUMENTS ID 1, field 'Text': a value longer than 67,108,864 bytes",
                     message)


def test_the_work_of_a_read_is_bounded(tmp_path: Path) -> None:
    synthetic(tmp_path / "s.dna", statements=3000, organizations=40, persons=120,
              concepts=30, documents=200)
    with pytest.raises(sg.ParseError, match=r"s\.dna: reading the database took more than "
                       r"600,000 steps of SQLite's virtual machine, the bound for a file of "
                       r"[\d,]+ bytes"):
        _within(0.01, lambda: sg.load(tmp_path / "s.dna"))
    assert len(sg.load(tmp_path / "s.dna").stances) == 3000  # the real bound is far off


def test_ctrl_c_stops_a_read_as_a_keyboard_interrupt(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    # SIGINT while SQLite works: Python raises KeyboardInterrupt in the progress handler,
    # which SQLite sees as a request to stop; the reader raises it again
    def interrupted(self: object) -> int:
        raise KeyboardInterrupt

    synthetic(tmp_path / "s.dna", statements=3000, organizations=40, persons=120,
              concepts=30, documents=200)
    monkeypatch.setattr(_database._Budget, "__call__", interrupted)
    with pytest.raises(KeyboardInterrupt):
        sg.load(tmp_path / "s.dna")


def test_ctrl_c_reaches_a_read_in_sqlite(tmp_path: Path) -> None:
    # a real SIGINT while SQLite's integrity check runs on a large file (no Python runs then)
    synthetic(tmp_path / "s.dna", statements=20000, organizations=40, persons=120,
              concepts=30, documents=200)
    script = ("import signal, threading, os, stancegraph as sg\n"
              "from stancegraph.io.dna import _database as d\n"
              "check = d.check_database\n"
              "def slow(conn, file):\n"
              "    threading.Timer(0.2, os.kill, (os.getpid(), signal.SIGINT)).start()\n"
              "    conn.execute('WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT x + 1 "
              "FROM r) SELECT count(*) FROM r').fetchall()\n"
              "    return check(conn, file)\n"
              "d.check_database = slow\n"
              "import stancegraph.io.dna.read as r\n"
              "r.check_database = slow\n"
              "try:\n"
              f"    sg.load({str(tmp_path / 's.dna')!r})\n"
              "except KeyboardInterrupt:\n"
              "    print('KeyboardInterrupt')\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=60, cwd=Path(__file__).parents[2])
    assert done.stdout.strip() == "KeyboardInterrupt", done.stderr[-2000:]


# -- the file: read-only, nothing beside it ----------------------------------------------------

def test_a_write_ahead_log_database_is_read_without_making_files(tmp_path: Path) -> None:
    path = _hostile(tmp_path, "write-ahead-log")
    before = path.read_bytes()
    assert len(sg.load(path).stances) == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["write-ahead-log.dna"]
    assert path.read_bytes() == before


def test_a_write_ahead_log_beside_the_database_is_not_ignored(tmp_path: Path) -> None:
    path = _hostile(tmp_path, "write-ahead-log")
    writer = sqlite3.connect(path)
    try:
        writer.execute("PRAGMA wal_autocheckpoint = 0")
        writer.execute("UPDATE DOCUMENTS SET Title = 'Changed'")
        writer.commit()
        assert (tmp_path / "write-ahead-log.dna-wal").stat().st_size > 0
        with pytest.raises(sg.ParseError, match=r"write-ahead-log\.dna: the database has "
                           r"changes in its write-ahead log write-ahead-log\.dna-wal not yet "
                           r"written into it"):
            sg.load(path)
    finally:
        writer.close()
    assert sg.load(path).node("document-1").title == "Changed"  # type: ignore[union-attr]


def test_a_hot_journal_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = _base(tmp_path / "hot.dna")
    crash = ("import os, sqlite3\n"
             f"conn = sqlite3.connect({str(path)!r})\n"
             "conn.execute('PRAGMA cache_size = 1')\n"
             "conn.execute('BEGIN')\n"
             "conn.execute(\"UPDATE DOCUMENTS SET Text = printf('%.*c', 100000, 'x')\")\n"
             "conn.execute(\"INSERT INTO ENTITIES (VariableId, Value) SELECT 1, hex(randomblob(40)) "
             "FROM (WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM r) SELECT x "
             "FROM r LIMIT 2000)\")\n"
             "os._exit(0)\n")
    subprocess.run([sys.executable, "-c", crash], check=True, timeout=60)
    journal = tmp_path / "hot.dna-journal"
    assert journal.stat().st_size > 0
    before = path.read_bytes(), journal.read_bytes()
    with pytest.raises(sg.ParseError, match=r"hot\.dna: the last change to the database was "
                       r"interrupted"):
        sg.load(path)
    assert (path.read_bytes(), journal.read_bytes()) == before


def test_a_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.dna")
    assert _outcome(tmp_path / "pipe.dna", seconds=10) == (
        "ParseError", f"{tmp_path / 'pipe.dna'}: not a file but a FIFO (named pipe) (expected "
        "a DNA database: a regular .dna file)")


def test_a_folder_or_a_device_is_refused(tmp_path: Path) -> None:
    (tmp_path / "folder.dna").mkdir()
    with pytest.raises(sg.ParseError, match=r"folder\.dna: not a file but a folder"):
        sg.load(tmp_path / "folder.dna")
    with pytest.raises(sg.ParseError, match=r"/dev/zero: not a file but a character device"):
        sg.load("/dev/zero", format="dna")
    with pytest.raises(FileNotFoundError):
        sg.load(tmp_path / "missing.dna")


# -- messages stay short -----------------------------------------------------------------------

def test_long_labels_are_cut_in_messages(tmp_path: Path) -> None:
    path = _base(tmp_path / "labels.dna")
    _sql(path, "UPDATE STATEMENTTYPES SET Label = printf('%.*c', 100000, 'z') WHERE ID = 3",
         "INSERT INTO STATEMENTS (StatementTypeId, DocumentId, Start, Stop) VALUES (3, 1, 0, 1)",
         "UPDATE VARIABLES SET DataType = printf('%.*c', 100000, 'k') WHERE ID = 4")
    with pytest.raises(sg.InvalidRecordError) as caught:
        sg.load(path)
    assert re.search(r"VARIABLES ID 4, field 'DataType': the variable 'agreement' has the wrong "
                     r"data type 'k{59}…'", str(caught.value))
    with pytest.raises(sg.InvalidRecordError) as caught:
        sg.load(path, statement_type="missing")
    assert len(str(caught.value)) < 500 and "'z" in str(caught.value)
    _sql(path, "UPDATE VARIABLES SET DataType = 'boolean' WHERE ID = 4")
    with pytest.warns(sg.SkippedStatementsWarning) as caught_warnings:
        sg.load(path)
    assert len(str(caught_warnings[0].message)) < 500


# -- the sample database, and damaged files ----------------------------------------------------

SAMPLE = Path("/work/shared/dna/sample.dna")


@pytest.mark.skipif(not SAMPLE.exists(), reason="DNA's sample database is not here")
def test_dna_s_sample_database_loads_as_before() -> None:
    with pytest.warns(sg.SkippedStatementsWarning, match=r"of 41 DNA statement\(s\), 1 "
                      r"skipped of type 'Annotation' \(id 5\)"):
        g = sg.load(SAMPLE)
    assert g.counts() == {"actors": 14, "positions": 6, "sources": 7, "relations": 7,
                          "stances": 40}
    rows = sorted((s.id, s.holder, s.relation, s.target, str(s.date), s.source, s.speaker or "",
                   s.quote or "") for s in g.stances)
    assert hashlib.sha256(repr(rows).encode()).hexdigest()[:16] == "8013888ee9a03371"


@pytest.mark.slow
def test_damaged_databases_load_or_raise_a_stancegraph_error(tmp_path: Path) -> None:
    """A seeded fuzz: bytes of a small database changed, in its header, its first page
    (the schema) or anywhere; or the file cut short."""
    base = _base(tmp_path / "base.dna").read_bytes()
    rng = random.Random(20261204)
    path = tmp_path / "damaged.dna"
    outcomes: dict[str, int] = {}
    for case in range(400):
        content = bytearray(base)
        region = (100, 512, len(content))[case % 3]
        for _ in range(rng.randint(1, 12)):
            content[rng.randrange(region)] = rng.randrange(256)
        if case % 17 == 0:
            del content[rng.randrange(len(content)):]
        path.write_bytes(bytes(content))
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", sg.StanceGraphWarning)
                sg.load(path)
            outcomes["loaded"] = outcomes.get("loaded", 0) + 1
        except sg.StanceGraphError as err:
            outcomes[type(err).__name__] = outcomes.get(type(err).__name__, 0) + 1
        except BaseException as err:  # noqa: BLE001
            raise AssertionError(f"case {case}: {type(err).__name__}: {err}") from err
    assert sum(outcomes.values()) == 400 and outcomes.get("loaded", 0) > 0, outcomes
    assert sorted(p.name for p in tmp_path.iterdir()) == ["base.dna", "damaged.dna"]


ODD_VALUES = ["NULL", "0", "1", "-1", "2", "256", str(2**63 - 1), str(-2**63), "1.5", "1e300",
              "''", "' '", "'x'", "X'00ff'", _text(b"\xff"), _text(b"\xed\xa0\x80"), "char(0)",
              "'🙂'", "'3.0'", "'2.0'", "'version'", "'DNA Statement'", "'organization'",
              "'concept'", "'boolean'", "'integer'", "'short text'", "'Type'", "'state'",
              "'Claim'", "-86400", "100000000000"]


@pytest.mark.slow
def test_odd_values_load_or_raise_a_stancegraph_error(tmp_path: Path) -> None:
    """A seeded fuzz past SQLite's checks: values of any kind put in any column read."""
    base = _base(tmp_path / "base.dna")
    _sql(base, "INSERT INTO ATTRIBUTEVALUES (EntityId, AttributeVariableId, AttributeValue) "
         "VALUES (2, 4, 'party'), (3, 7, 'Policy option')", "UPDATE ENTITIES SET ChildOf = 3 "
         "WHERE ID = 2", "INSERT INTO VARIABLES (Variable, DataType, StatementTypeId) "
         "VALUES ('comment', 'long text', 1)", "INSERT INTO DATALONGTEXT (StatementId, "
         "VariableId, Value) VALUES (1, 12, 'a note')")
    rng = random.Random(20261204)
    path = tmp_path / "odd.dna"
    outcomes: dict[str, int] = {}
    for case in range(300):
        path.write_bytes(base.read_bytes())
        changes = []
        for _ in range(rng.randint(1, 8)):
            table = rng.choice(list(_database.TABLES))
            column = rng.choice(list(_database.TABLES[table]))
            changes.append(f'UPDATE OR IGNORE {table} SET "{column}" = {rng.choice(ODD_VALUES)} '
                           f"WHERE rowid = {rng.randint(1, 6)}")
        with closing(sqlite3.connect(path, isolation_level=None)) as conn:
            conn.execute("PRAGMA ignore_check_constraints = ON")
            for change in changes:
                with suppress(sqlite3.IntegrityError):  # a text ID, say
                    conn.execute(change)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", sg.StanceGraphWarning)
                g = sg.load(path)
            assert sg.loads(sg.dumps(g)) == g
            outcomes["loaded"] = outcomes.get("loaded", 0) + 1
        except sg.StanceGraphError as err:
            outcomes[type(err).__name__] = outcomes.get(type(err).__name__, 0) + 1
        except BaseException as err:  # noqa: BLE001
            raise AssertionError(f"case {case} {changes}: {type(err).__name__}: {err}") from err
    assert len(outcomes) == 3, outcomes  # some load, some are refused each way


# -- the corpus --------------------------------------------------------------------------------

def write_corpus(folder: Path = CORPUS) -> None:
    """Write every hostile database of :data:`HOSTILE` into the corpus (each < 100 KB)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in sorted(HOSTILE):
        (folder / f"{name}.dna").unlink(missing_ok=True)
        path = _hostile(folder, name)
        assert path.stat().st_size < 100_000, (name, path.stat().st_size)


def test_the_corpus_holds_every_hostile_database() -> None:
    assert sorted(p.stem for p in CORPUS.glob("*.dna")) == sorted(HOSTILE)


if __name__ == "__main__":
    write_corpus()
