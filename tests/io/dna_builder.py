"""Build small Discourse Network Analyzer (DNA 3) databases for the tests, with sqlite3.

The tables and columns are DNA 3's for SQLite, with its default contents: the coder Admin,
``SETTINGS`` rows ``version`` and ``date``, the statement types "DNA Statement" (person,
organization, concept: short text; agreement: boolean; entity attributes Type, Alias, Notes),
"NPF Story Element" and "Annotation". As DNA does, a variable left blank points to the
variable's empty entity (value ``""``).

    with DnaBuilder(tmp_path / "debate.dna") as db:
        doc = db.document("Scholz said: no tanks.", title="Interview", date=dt.date(2022, 3, 1))
        db.statement(doc, quote="no tanks", person="Olaf Scholz", organization="SPD",
                     concept="Tanks for Ukraine", agreement=0)
"""

from __future__ import annotations

import datetime as dt
import random
import sqlite3
from pathlib import Path
from types import TracebackType
from typing import Any

SCHEMA = """
CREATE TABLE SETTINGS(Property TEXT PRIMARY KEY, Value TEXT NOT NULL);
CREATE TABLE CODERS(ID INTEGER NOT NULL PRIMARY KEY, Name TEXT NOT NULL,
    Red INTEGER NOT NULL DEFAULT 0, Green INTEGER NOT NULL DEFAULT 0,
    Blue INTEGER NOT NULL DEFAULT 0, Password TEXT NOT NULL);
CREATE TABLE DOCUMENTS(ID INTEGER NOT NULL PRIMARY KEY, Title TEXT NOT NULL,
    Text TEXT NOT NULL, Coder INTEGER, Author TEXT NOT NULL DEFAULT '',
    Source TEXT NOT NULL DEFAULT '', Section TEXT NOT NULL DEFAULT '',
    Notes TEXT NOT NULL DEFAULT '', Type TEXT NOT NULL DEFAULT '', Date INTEGER NOT NULL,
    FOREIGN KEY(Coder) REFERENCES CODERS(ID) ON DELETE CASCADE);
CREATE TABLE STATEMENTTYPES(ID INTEGER NOT NULL PRIMARY KEY, Label TEXT NOT NULL,
    Red INTEGER NOT NULL DEFAULT 0, Green INTEGER NOT NULL DEFAULT 0,
    Blue INTEGER NOT NULL DEFAULT 0);
CREATE TABLE VARIABLES(ID INTEGER NOT NULL PRIMARY KEY, Variable TEXT NOT NULL,
    DataType TEXT NOT NULL DEFAULT 'short text', StatementTypeId INTEGER,
    UNIQUE (Variable, StatementTypeId));
CREATE TABLE STATEMENTS(ID INTEGER NOT NULL PRIMARY KEY, StatementTypeId INTEGER,
    DocumentId INTEGER, Start INTEGER NOT NULL CHECK (Start >= 0),
    Stop INTEGER NOT NULL CHECK (Stop >= 0), Coder INTEGER, CHECK (Start < Stop));
CREATE TABLE DATABOOLEAN(ID INTEGER PRIMARY KEY NOT NULL, StatementId INTEGER NOT NULL,
    VariableId INTEGER NOT NULL, Value INTEGER NOT NULL DEFAULT 1,
    UNIQUE (StatementId, VariableId));
CREATE TABLE DATAINTEGER(ID INTEGER PRIMARY KEY NOT NULL, StatementId INTEGER NOT NULL,
    VariableId INTEGER NOT NULL, Value INTEGER NOT NULL DEFAULT 0,
    UNIQUE (StatementId, VariableId));
CREATE TABLE ENTITIES(ID INTEGER PRIMARY KEY NOT NULL, VariableId INTEGER NOT NULL,
    Value TEXT NOT NULL DEFAULT '', Red INTEGER, Green INTEGER, Blue INTEGER,
    ChildOf INTEGER CHECK (ChildOf > 0), UNIQUE (VariableId, Value));
CREATE TABLE DATASHORTTEXT(ID INTEGER PRIMARY KEY NOT NULL, StatementId INTEGER NOT NULL,
    VariableId INTEGER NOT NULL, Entity INTEGER NOT NULL, UNIQUE (StatementId, VariableId));
CREATE TABLE DATALONGTEXT(ID INTEGER PRIMARY KEY NOT NULL, StatementId INTEGER NOT NULL,
    VariableId INTEGER NOT NULL, Value TEXT DEFAULT '', UNIQUE (StatementId, VariableId));
CREATE TABLE ATTRIBUTEVARIABLES(ID INTEGER PRIMARY KEY NOT NULL, VariableId INTEGER NOT NULL,
    AttributeVariable TEXT NOT NULL, UNIQUE (VariableId, AttributeVariable));
CREATE TABLE ATTRIBUTEVALUES(ID INTEGER PRIMARY KEY NOT NULL, EntityId INTEGER NOT NULL,
    AttributeVariableId INTEGER NOT NULL, AttributeValue TEXT NOT NULL DEFAULT '',
    UNIQUE (EntityId, AttributeVariableId));
"""

#: The default statement type's variables (ids 1 to 4) and their data types.
DEFAULT_VARIABLES = {"person": "short text", "organization": "short text",
                     "concept": "short text", "agreement": "boolean"}
_TABLES = {"short text": "DATASHORTTEXT", "long text": "DATALONGTEXT",
           "boolean": "DATABOOLEAN", "integer": "DATAINTEGER"}


def unix_seconds(date: dt.date) -> int:
    return (date - dt.date(1970, 1, 1)).days * 86400


def utf16_offset(text: str, index: int) -> int:
    """Where Python's ``text[index]`` is in Java's UTF-16 code units."""
    return len(text[:index].encode("utf-16-le")) // 2


class DnaBuilder:
    """A new DNA 3 database at ``path``, filled by calls; written when closed."""

    def __init__(self, path: Path | str, *, version: str = "3.0.10") -> None:
        self.path = Path(path)
        self.conn = sqlite3.connect(self.path)
        self.conn.executescript(SCHEMA)
        self.execute("INSERT INTO CODERS (ID, Name, Red, Green, Blue, Password) "
                     "VALUES (1, 'Admin', 255, 255, 0, 'x')")
        self.execute("INSERT INTO SETTINGS VALUES ('version', ?), ('date', '2023-02-01')",
                     (version,))
        self.default_type = self.statement_type("DNA Statement", DEFAULT_VARIABLES,
                                                color=(239, 208, 51))
        for variable in ("person", "organization", "concept"):
            for attribute in ("Type", "Alias", "Notes"):
                self.attribute_variable(variable, attribute)
        self.statement_type("NPF Story Element",
                            {name: "short text" for name in
                             ("narrator", "victim", "villain", "plot", "hero",
                              "policy solution")})
        self.statement_type("Annotation", {"note": "long text"})

    # -- plumbing ------------------------------------------------------------------------------
    def execute(self, sql: str, params: Any = ()) -> int:
        """Run one SQL statement; return the last inserted row id."""
        cursor = self.conn.execute(sql, params)
        return int(cursor.lastrowid or 0)

    def close(self) -> None:
        self.conn.commit()
        self.conn.close()

    def __enter__(self) -> DnaBuilder:
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self.close()

    # -- the schema's contents -----------------------------------------------------------------
    def statement_type(self, label: str, variables: dict[str, str],
                       color: tuple[int, int, int] = (0, 0, 0)) -> int:
        type_id = self.execute("INSERT INTO STATEMENTTYPES (Label, Red, Green, Blue) "
                               "VALUES (?, ?, ?, ?)", (label, *color))
        for name, data_type in variables.items():
            self.execute("INSERT INTO VARIABLES (Variable, DataType, StatementTypeId) "
                         "VALUES (?, ?, ?)", (name, data_type, type_id))
        return type_id

    def variable(self, name: str, type_id: int | None = None) -> tuple[int, str]:
        """The id and data type of the variable ``name`` of a statement type (the default)."""
        row = self.conn.execute(
            "SELECT ID, DataType FROM VARIABLES WHERE Variable = ? AND StatementTypeId = ?",
            (name, type_id or self.default_type)).fetchone()
        assert row is not None, name
        return int(row[0]), str(row[1])

    def attribute_variable(self, variable: str, name: str, type_id: int | None = None) -> int:
        variable_id = self.variable(variable, type_id)[0]
        row = self.conn.execute("SELECT ID FROM ATTRIBUTEVARIABLES WHERE VariableId = ? AND "
                                "AttributeVariable = ?", (variable_id, name)).fetchone()
        if row is not None:
            return int(row[0])
        return self.execute("INSERT INTO ATTRIBUTEVARIABLES (VariableId, AttributeVariable) "
                            "VALUES (?, ?)", (variable_id, name))

    def document(self, text: str, *, title: str = "A document", author: str = "",
                 source: str = "", section: str = "", notes: str = "", type: str = "",
                 date: dt.date | int = dt.date(2022, 3, 1)) -> int:
        seconds = unix_seconds(date) if isinstance(date, dt.date) else date
        return self.execute(
            "INSERT INTO DOCUMENTS (Title, Text, Coder, Author, Source, Section, Notes, Type, "
            "Date) VALUES (?, ?, 1, ?, ?, ?, ?, ?, ?)",
            (title, text, author, source, section, notes, type, seconds))

    def entity(self, variable: str, value: str, *, color: tuple[int, int, int] | None = (0, 0, 0),
               attributes: dict[str, str] | None = None, child_of: int | None = None,
               type_id: int | None = None) -> int:
        """The entity ``value`` of ``variable`` (made if new), with these attributes."""
        variable_id = self.variable(variable, type_id)[0]
        row = self.conn.execute("SELECT ID FROM ENTITIES WHERE VariableId = ? AND Value = ?",
                                (variable_id, value)).fetchone()
        red, green, blue = color if color is not None else (None, None, None)
        if row is None:
            entity = self.execute("INSERT INTO ENTITIES (VariableId, Value, Red, Green, Blue, "
                                  "ChildOf) VALUES (?, ?, ?, ?, ?, ?)",
                                  (variable_id, value, red, green, blue, child_of))
        else:
            entity = int(row[0])
            if child_of is not None:
                self.execute("UPDATE ENTITIES SET ChildOf = ? WHERE ID = ?", (child_of, entity))
        for name, attribute_value in (attributes or {}).items():
            attribute = self.attribute_variable(variable, name, type_id)
            self.execute("INSERT OR REPLACE INTO ATTRIBUTEVALUES (EntityId, AttributeVariableId, "
                         "AttributeValue) VALUES (?, ?, ?)", (entity, attribute, attribute_value))
        return entity

    def statement(self, document: int, *, quote: str | None = None, start: int | None = None,
                  stop: int | None = None, type_id: int | None = None,
                  **values: str | int | None) -> int:
        """A statement on ``quote`` (or ``start:stop``, in UTF-16 code units) of ``document``.

        ``values`` maps the type's variables to values: text for short and long text (a
        short text makes its entity), an int for boolean and integer variables. A short-text
        variable not given, or None, points to the empty entity, as DNA does.
        """
        type_id = type_id or self.default_type
        if quote is not None:
            (text,) = self.conn.execute("SELECT Text FROM DOCUMENTS WHERE ID = ?",
                                        (document,)).fetchone()
            index = text.index(quote)
            start, stop = utf16_offset(text, index), utf16_offset(text, index + len(quote))
        assert start is not None and stop is not None
        statement = self.execute("INSERT INTO STATEMENTS (StatementTypeId, DocumentId, Start, "
                                 "Stop, Coder) VALUES (?, ?, ?, ?, 1)",
                                 (type_id, document, start, stop))
        for variable_id, name, data_type in self.conn.execute(
                "SELECT ID, Variable, DataType FROM VARIABLES WHERE StatementTypeId = ? "
                "ORDER BY ID", (type_id,)).fetchall():
            value = values.pop(name, None)
            if data_type == "short text":
                value = self.entity(name, str(value or ""), type_id=type_id)
            elif value is None:
                continue
            self.execute(f"INSERT INTO {_TABLES[data_type]} (StatementId, VariableId, "
                         f"{'Entity' if data_type == 'short text' else 'Value'}) "
                         "VALUES (?, ?, ?)", (statement, variable_id, value))
        assert not values, f"no such variables: {sorted(values)}"
        return statement


def synthetic(path: Path | str, *, statements: int, organizations: int = 500,
              persons: int = 2000, concepts: int = 200, documents: int = 5000,
              seed: int = 0) -> None:
    """A seeded DNA database of ``statements`` complete default-type statements, in bulk."""
    rng = random.Random(seed)
    with DnaBuilder(path) as db:
        text = "The minister said the plan would not work. " * 4
        db.conn.executemany(
            "INSERT INTO DOCUMENTS (ID, Title, Text, Coder, Author, Source, Date) "
            "VALUES (?, ?, ?, 1, ?, ?, ?)",
            [(i, f"Article {i}", text, f"Author {i % 97}", f"Paper {i % 13}",
              1_600_000_000 + 3600 * i) for i in range(1, documents + 1)])
        entities: dict[str, list[int]] = {}
        next_id = 1
        for variable, count in (("person", persons), ("organization", organizations),
                                ("concept", concepts)):
            variable_id = db.variable(variable)[0]
            rows = [(next_id + i, variable_id, f"{variable.title()} {i}") for i in range(count)]
            db.conn.executemany("INSERT INTO ENTITIES (ID, VariableId, Value, Red, Green, Blue) "
                                "VALUES (?, ?, ?, 0, 0, 0)", rows)
            entities[variable] = [row[0] for row in rows]
            next_id += count
        ids = {name: db.variable(name)[0] for name in DEFAULT_VARIABLES}
        statement_rows, short, boolean = [], [], []
        for s in range(1, statements + 1):
            start = rng.randrange(0, 140)
            statement_rows.append((s, db.default_type, rng.randrange(1, documents + 1), start,
                                   start + rng.randrange(5, 30)))
            person = rng.randrange(persons)  # each person speaks for one organization
            short += [(s, ids["person"], entities["person"][person]),
                      (s, ids["organization"], entities["organization"][person % organizations]),
                      (s, ids["concept"], rng.choice(entities["concept"]))]
            boolean.append((s, ids["agreement"], rng.randrange(2)))
        db.conn.executemany("INSERT INTO STATEMENTS (ID, StatementTypeId, DocumentId, Start, "
                            "Stop, Coder) VALUES (?, ?, ?, ?, ?, 1)", statement_rows)
        db.conn.executemany("INSERT INTO DATASHORTTEXT (StatementId, VariableId, Entity) "
                            "VALUES (?, ?, ?)", short)
        db.conn.executemany("INSERT INTO DATABOOLEAN (StatementId, VariableId, Value) "
                            "VALUES (?, ?, ?)", boolean)
