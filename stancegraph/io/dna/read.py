"""Read a DNA 3 database into a StanceGraph (the mapping is in docs/dna.md)."""

from __future__ import annotations

import datetime as dt
import sqlite3
import warnings
from typing import Any

from pydantic import BaseModel, ValidationError

from ..._stance_rows import StanceRows, collector_paused
from ...errors import InvalidRecordError, SkippedStatementsWarning, StanceGraphError
from ...graph import StanceGraph, pydantic_error
from ...model import (
    Agreement,
    Bloc,
    Claim,
    Organization,
    Person,
    PolicyOption,
    Relation,
    Source,
    State,
)
from .._files import PathOrStream, source_name
from .._scale import AgreementScale
from .._slugs import Slugs
from ._database import check_database, connect, local_path, shown
from ._entities import ROLES, read_entities
from ._statements import Document, Report, StanceRow, read_statements

__all__ = ["DEFAULT_STATEMENT_TYPE", "read_dna"]

#: The label of DNA's default statement type.
DEFAULT_STATEMENT_TYPE = "DNA Statement"

_MODELS: dict[str, type[BaseModel]] = {
    "Person": Person, "State": State, "Organization": Organization, "Bloc": Bloc,
    "Agreement": Agreement, "PolicyOption": PolicyOption, "Claim": Claim,
}
_EPOCH = dt.datetime(1970, 1, 1)
# DNA 3 stores a document's date in Unix seconds. Dates of 10^11 or more would be after the
# year 5000 in seconds: a file holding such a date is read as storing milliseconds.
_MILLISECONDS_FROM = 10**11
_LABELS_SHOWN = 12  # statement types listed when the label read is not found
_NEEDED = "the variables organization, concept (short text), agreement (boolean) and person " \
          "(short text, optional)"


def read_dna(source: PathOrStream, file: str | None = None, *, strict: bool = False,
             statement_type: str = DEFAULT_STATEMENT_TYPE) -> StanceGraph:
    """Read the Discourse Network Analyzer (DNA 3) database at ``source`` as a StanceGraph.

    The database is opened read-only and never changed. Statements of ``statement_type`` (a
    label in ``STATEMENTTYPES``) become stances; the others, and statements missing an
    organization, a concept or an agreement, are skipped and listed in a
    :class:`~stancegraph.errors.SkippedStatementsWarning` -- or, with ``strict=True``,
    refused with an :class:`~stancegraph.errors.InvalidRecordError`.
    """
    name = file if file is not None else source_name(source)
    path = local_path(source, name)
    report = Report()
    with collector_paused():
        with connect(path, name) as conn:
            check_database(conn, name)
            records = _Reader(conn, name, statement_type, report).read()
        if report and strict:
            raise InvalidRecordError(
                report.message(name, strict=True), file=name,
                expected=f"statements of type {statement_type!r} with an organization, a "
                "concept, an agreement of 1 or 0 and a span inside the text -- or "
                "strict=False to skip the others with a warning")
        g = _build(records, name)
    if report:
        warnings.warn(SkippedStatementsWarning(report.message(name), report.reasons()),
                      stacklevel=3)
    return g


class _Reader:
    def __init__(self, conn: sqlite3.Connection, file: str, statement_type: str,
                 report: Report) -> None:
        self.conn, self.file, self.label, self.report = conn, file, statement_type, report

    def read(self) -> dict[str, Any]:
        type_id = self.statement_type()
        variables, agreement_table = self.variables(type_id)
        slugs = Slugs()
        for (id,) in self.conn.execute("SELECT ID FROM STATEMENTS WHERE StatementTypeId = ?",
                                       (type_id,)):
            slugs.reserve(f"statement-{id}")
        sources, documents = self.documents(slugs)
        roles = {role: id for role, id in variables.items() if role in ROLES and id is not None}
        entities = read_entities(self.conn, roles, slugs)
        scale = None
        if agreement_table == "DATAINTEGER":  # the scale: the lowest and highest value coded
            low, high = self.conn.execute(
                "SELECT min(a.Value), max(a.Value) FROM DATAINTEGER a JOIN STATEMENTS s ON "
                "s.ID = a.StatementId WHERE a.VariableId = ? AND s.StatementTypeId = ?",
                (variables["agreement"], type_id)).fetchone()
            scale = None if low is None else AgreementScale(int(low), int(high))
        rows = list(read_statements(
            self.conn, type_id=type_id, variables=variables, agreement_table=agreement_table,
            entities=entities, documents=documents, report=self.report, scale=scale))
        return {"sources": sources, "entities": entities, "rows": rows}

    def statement_type(self) -> int:
        found = self.conn.execute("SELECT ID FROM STATEMENTTYPES WHERE Label = ? ORDER BY ID",
                                  (self.label,)).fetchall()
        if len(found) != 1:
            labels = [shown(label) for (label,) in self.conn.execute(
                f"SELECT Label FROM STATEMENTTYPES ORDER BY ID LIMIT {_LABELS_SHOWN + 1}")]
            if len(labels) > _LABELS_SHOWN:
                labels[-1:] = ["..."]
            message = ("no statement type is labelled" if not found else
                       "two statement types are labelled")
            raise InvalidRecordError(message, id=shown(self.label), file=self.file,
                                     field="Label", record="STATEMENTTYPES",
                                     expected="one of: " + ", ".join(
                                         label if label == "..." else repr(label)
                                         for label in labels))
        return int(found[0][0])

    def variables(self, type_id: int) -> tuple[dict[str, int | None], str]:
        """The mapped variables' ids (person may be None) and the agreement's data table."""
        found = {name: (id, kind) for id, name, kind in self.conn.execute(
            "SELECT ID, Variable, DataType FROM VARIABLES WHERE StatementTypeId = ? "
            "ORDER BY ID", (type_id,))}
        wanted = {"person": ("short text",), "organization": ("short text",),
                  "concept": ("short text",), "agreement": ("boolean", "integer")}
        ids: dict[str, int | None] = {}
        for variable, kinds in wanted.items():
            if variable not in found:
                if variable == "person":
                    ids[variable] = None
                    continue
                raise InvalidRecordError(
                    f"the statement type {self.label!r} has no variable", id=variable,
                    file=self.file, record=f"STATEMENTTYPES ID {type_id}", expected=_NEEDED)
            id, kind = found[variable]
            if kind not in kinds:
                raise InvalidRecordError(
                    f"the variable {variable!r} has the wrong data type", id=shown(kind),
                    file=self.file, record=f"VARIABLES ID {id}", field="DataType",
                    expected=" or ".join(kinds))
            ids[variable] = id
        table = "DATABOOLEAN" if found["agreement"][1] == "boolean" else "DATAINTEGER"
        return ids, table

    def documents(self, slugs: Slugs) -> tuple[list[tuple[str, dict[str, Any]]],
                                               dict[int, Document]]:
        # not SQL's abs(): abs(-2**63) is an error in SQLite
        highest, lowest = self.conn.execute("SELECT max(Date), min(Date) FROM DOCUMENTS"
                                            ).fetchone()
        largest = max(abs(highest), abs(lowest)) if highest is not None else 0
        divisor = 1000 if largest >= _MILLISECONDS_FROM else 1
        sources: list[tuple[str, dict[str, Any]]] = []
        documents: dict[int, Document] = {}
        for id, title, text, author, publisher, section, notes, kind, date in self.conn.execute(
                "SELECT ID, Title, Text, Author, Source, Section, Notes, Type, Date "
                "FROM DOCUMENTS ORDER BY ID"):
            record = f"DOCUMENTS ID {id}"
            source_id = f"document-{id}"
            slugs.reserve(source_id)
            day = self.date(date // divisor, record)
            tags = [f"{tag}:{value.strip()}" for tag, value in (("section", section),
                                                                 ("type", kind))
                    if value and value.strip()]
            data = {"id": source_id, "title": title.strip() or f"DNA document {id}",
                    "author": author, "publisher": publisher, "date": day,
                    "description": notes, "tags": tags}
            sources.append((record, {k: v for k, v in data.items()
                                     if not (isinstance(v, str) and not v.strip()) and
                                     v is not None}))
            documents[id] = Document(text, day, source_id)
        return sources, documents

    def date(self, seconds: int, record: str) -> dt.date:
        try:
            return (_EPOCH + dt.timedelta(seconds=seconds)).date()
        except OverflowError as err:
            raise InvalidRecordError(f"date out of range: {seconds} seconds", file=self.file,
                                     record=record, field="Date",
                                     expected="Unix seconds within the years 1 to 9999") from err


def _build(records: dict[str, Any], file: str) -> StanceGraph:
    """The graph of the records: all of them, or an error naming the DNA record at fault."""
    origin: dict[str, list[str]] = {"sources": [], "actors": [], "positions": [],
                                    "relations": []}
    sections: dict[str, list[Any]] = {name: [] for name in origin}

    def add(section: str, record: str, model: type[BaseModel], data: dict[str, Any]) -> None:
        try:
            sections[section].append(model.model_validate(data))
        except ValidationError as err:
            raise pydantic_error(err, model, record=record, file=file) from err
        origin[section].append(record)

    for record, data in records["sources"]:
        add("sources", record, Source, data)
    for entity in records["entities"].values():
        add(entity.section, f"ENTITIES ID {entity.dna_id}", _MODELS[entity.data["type"]],
            entity.data)
    rows: list[StanceRow] = records["rows"]
    speaks_for: dict[tuple[str, str], int] = {}  # (person, organization) -> first statement
    for row in rows:
        if row.speaker is not None:
            speaks_for.setdefault((row.speaker, row.holder), row.dna_id)
    for (person, holder), dna_id in sorted(speaks_for.items()):
        add("relations", f"STATEMENTS ID {dna_id}", Relation,
            {"id": f"{person}.speaks-for.{holder}", "subject": person,
             "relation": "speaks-for", "object": holder})

    g = StanceGraph()
    stances = StanceRows.empty()
    for row in rows:  # in DNA's order; a note or a scale makes a row go through the model
        more: dict[str, Any] = {name: value for name, value in (
            ("note", row.note), ("strength", row.strength), ("intensity", row.intensity))
            if value is not None}
        stances.append(row.id, row.holder, row.relation, row.target, date=row.date,
                       source=row.source, speaker=row.speaker, quote=row.quote, **more)
    try:
        g.add_all(**sections, labels=lambda section, i: origin[section][i])
        g.add_stance_rows(stances, labels=lambda i: f"STATEMENTS ID {rows[i].dna_id}")
    except StanceGraphError as err:
        raise err.located(file=file) from err
    return g
