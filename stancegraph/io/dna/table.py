"""A DNA database's statements as DNA sees them: every variable of one statement type, and the
fields of each statement's document -- the input of :func:`~stancegraph.dna_network`.

Unlike :func:`~stancegraph.io.dna.read_dna`, which maps statements to stances, this keeps what
DNA's own network export works on: entity values as text, booleans and integers as numbers,
each statement's document (id, title, author, source, section, type) and its date and time.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import warnings
from typing import Any

from ...analysis.dna_statements import DOCUMENT_VARIABLES, DnaStatements
from ...errors import InvalidRecordError, SkippedStatementsWarning
from .._files import PathOrStream, source_name
from ._database import check_database, connect, local_path, shown
from .read import DEFAULT_STATEMENT_TYPE

__all__ = ["read_dna_statements"]

_TABLES = {"short text": "DATASHORTTEXT", "long text": "DATALONGTEXT",
           "boolean": "DATABOOLEAN", "integer": "DATAINTEGER"}
_EPOCH = dt.datetime(1970, 1, 1)
_MILLISECONDS_FROM = 10**11  # as the stance reader: dates this large are milliseconds


def read_dna_statements(source: PathOrStream, file: str | None = None, *,
                        statement_type: str = DEFAULT_STATEMENT_TYPE) -> DnaStatements:
    """The statements of ``statement_type`` in the DNA 3 database at ``source``, by ID.

    >>> table = read_dna_statements(SAMPLE_DNA)  # doctest: +SKIP
    >>> len(table), sorted(table.variables)  # doctest: +SKIP
    (40, ['agreement', 'concept', 'organization', 'person'])
    """
    name = file if file is not None else source_name(source)
    path = local_path(source, name)
    with connect(path, name) as conn:
        check_database(conn, name)
        return _read(conn, name, statement_type)


def _read(conn: sqlite3.Connection, file: str, label: str) -> DnaStatements:
    found = conn.execute("SELECT ID FROM STATEMENTTYPES WHERE Label = ? ORDER BY ID",
                         (label,)).fetchall()
    if len(found) != 1:
        labels = [shown(text) for (text,) in conn.execute(
            "SELECT Label FROM STATEMENTTYPES ORDER BY ID LIMIT 13")]
        raise InvalidRecordError(
            "no statement type is labelled" if not found else "two statement types are labelled",
            id=shown(label), file=file, record="STATEMENTTYPES", field="Label",
            expected="one of: " + ", ".join(repr(text) for text in labels))
    type_id = int(found[0][0])
    orphans = [id for (id,) in conn.execute(
        "SELECT s.ID FROM STATEMENTS s LEFT JOIN DOCUMENTS d ON d.ID = s.DocumentId "
        "WHERE s.StatementTypeId = ? AND d.ID IS NULL ORDER BY s.ID", (type_id,))]
    if orphans:  # DNA's own export leaves them out too: said, not silently
        shown_ids = ", ".join(map(str, orphans[:5])) + (
            f" and {len(orphans) - 5} more" if len(orphans) > 5 else "")
        warnings.warn(SkippedStatementsWarning(
            f"{file}: {len(orphans)} statement(s) of type {label!r} whose document is missing "
            f"left out (ids {shown_ids})", {"whose document is missing": orphans}),
            stacklevel=4)
    rows = conn.execute(
        "SELECT s.ID, s.DocumentId, d.Date, d.Title, d.Author, d.Source, d.Section, d.Type, "
        "s.Start, s.Stop "
        "FROM STATEMENTS s JOIN DOCUMENTS d ON d.ID = s.DocumentId "
        "WHERE s.StatementTypeId = ? ORDER BY s.ID", (type_id,)).fetchall()
    position = {row[0]: k for k, row in enumerate(rows)}
    dates = [row[2] for row in rows]
    largest = max((abs(d) for d in dates), default=0)
    divisor = 1000 if largest >= _MILLISECONDS_FROM else 1
    times = [_time(row[2], divisor, file, row[1]) for row in rows]
    low, high = conn.execute("SELECT min(Date), max(Date), min(ID) FROM DOCUMENTS").fetchone()[:2]
    documents: dict[str, list[Any]] = {
        "id": [str(row[1]) for row in rows], "title": [row[3] for row in rows],
        "author": [row[4] for row in rows], "source": [row[5] for row in rows],
        "section": [row[6] for row in rows], "type": [row[7] for row in rows]}
    assert set(documents) == set(DOCUMENT_VARIABLES)
    variables: dict[str, list[Any]] = {}
    kinds: dict[str, str] = {}
    for variable_id, variable, kind in conn.execute(
            "SELECT ID, Variable, DataType FROM VARIABLES WHERE StatementTypeId = ? "
            "ORDER BY ID", (type_id,)).fetchall():
        table = _TABLES.get(kind)
        if table is None:
            raise InvalidRecordError(f"the variable {shown(variable)!r} has an unknown data "
                                     "type", id=shown(kind), file=file,
                                     record=f"VARIABLES ID {variable_id}", field="DataType",
                                     expected=" or ".join(_TABLES))
        values: list[Any] = [None] * len(rows)
        query = ("SELECT d.StatementId, e.Value FROM DATASHORTTEXT d "
                 "JOIN ENTITIES e ON e.ID = d.Entity WHERE d.VariableId = ?"
                 if table == "DATASHORTTEXT" else
                 f"SELECT StatementId, Value FROM {table} WHERE VariableId = ?")
        for statement, value in conn.execute(query, (variable_id,)):
            k = position.get(statement)
            if k is not None:
                values[k] = int(value) if kind in ("boolean", "integer") else value
        variables[variable] = values
        kinds[variable] = kind
    return DnaStatements(
        ids=[row[0] for row in rows], documents=[row[1] for row in rows], times=times,
        variables=variables, kinds=kinds, document_fields=documents, statement_type=label,
        starts=[row[8] for row in rows], stops=[row[9] for row in rows],
        date_range=None if low is None else (_time(low, divisor, file, None),
                                             _time(high, divisor, file, None)))


def _time(stored: int, divisor: int, file: str, document: int | None) -> dt.datetime:
    """A document's stored date (Unix seconds, UTC) as DNA reads it."""
    try:
        return _EPOCH + dt.timedelta(seconds=stored // divisor)
    except OverflowError as err:
        raise InvalidRecordError(f"date out of range: {stored}", file=file,
                                 record=None if document is None else f"DOCUMENTS ID {document}",
                                 field="Date",
                                 expected="Unix seconds within the years 1 to 9999") from err
