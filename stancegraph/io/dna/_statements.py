"""DNA statements as stances, and the report of those that are not.

A statement of the mapped type with an organization, a concept and an agreement of 1 or 0 is
the stance ``organization supports|opposes concept``, dated and sourced by its document, voiced
by its person (if any), quoting its span of the document's text. An integer agreement is read
on its scale (:class:`~stancegraph.io._scale.AgreementScale`): above the middle supports, below it opposes, with the distance
from the middle as the stance's ``strength``. Every other statement is listed in the report
under the reason it was skipped.


>>> document = Document("Er sagte: 🙂 Nein. ", dt.date(2022, 3, 1))
>>> document.span(13, 18), quote_of(document.span(12, 19))  # offsets in UTF-16 code units
('Nein.', 'Nein.')
>>> document.span(13, 99) is None  # past the end of the text
True
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import NamedTuple

from ...model import is_text
from .._scale import AgreementScale
from ._database import shown
from ._entities import Entity

__all__ = ["Document", "Report", "StanceRow", "quote_of", "read_statements"]

_AGREEMENT = {1: "supports", 0: "opposes"}
_UNQUOTED = "kept without a quote, their span lying outside the document text"
_UNQUOTABLE = ("kept without a quote, their span holding a NUL or a lone surrogate, which no "
               "text may hold")
_KEPT = (_UNQUOTED, _UNQUOTABLE)


@dataclass
class Document:
    """What a stance takes from its document: the text its span points into, and the date."""

    text: str
    date: dt.date
    source: str = ""  # the id of its Source node
    _utf16: bytes | None = None  # the text as UTF-16, if it has characters beyond U+FFFF
    _checked: bool = False

    def span(self, start: int, stop: int) -> str | None:
        """The text from ``start`` to ``stop``, counted in UTF-16 code units as Java does."""
        if not self._checked:
            self._checked = True
            if not self.text.isascii() and max(self.text) > "\uffff":
                self._utf16 = self.text.encode("utf-16-le", "surrogatepass")
        if self._utf16 is None:
            return self.text[start:stop] if 0 <= start < stop <= len(self.text) else None
        if not 0 <= start < stop <= len(self._utf16) // 2:
            return None
        return self._utf16[2 * start:2 * stop].decode("utf-16-le", "replace")


def quote_of(span: str | None) -> str | None:
    """A span of text as a quote: without surrounding whitespace; None if nothing is left."""
    return (span.strip() or None) if span is not None else None


class StanceRow(NamedTuple):
    """One stance to add, with the DNA statement it comes from."""

    dna_id: int
    id: str
    holder: str
    relation: str
    target: str
    date: dt.date
    source: str
    speaker: str | None
    quote: str | None
    note: str | None
    strength: float | None = None
    intensity: str | None = None


@dataclass
class Report:
    """Statements not mapped to stances, or mapped without their quote: reason -> DNA ids."""

    skipped: dict[str, list[int]] = field(default_factory=dict)
    unquoted: list[int] = field(default_factory=list)
    unquotable: list[int] = field(default_factory=list)
    total: int = 0

    def skip(self, reason: str, dna_id: int) -> None:
        self.skipped.setdefault(reason, []).append(dna_id)

    def __bool__(self) -> bool:
        return bool(self.skipped or self.unquoted or self.unquotable)

    def reasons(self) -> dict[str, list[int]]:
        """Every reason with its DNA statement ids, ascending."""
        found = {reason: sorted(ids) for reason, ids in sorted(self.skipped.items())}
        if self.unquoted:
            found[_UNQUOTED] = sorted(self.unquoted)
        if self.unquotable:
            found[_UNQUOTABLE] = sorted(self.unquotable)
        return found

    def message(self, file: str, *, strict: bool = False) -> str:
        """What was skipped, or with ``strict``, what is in the way (without the file)."""
        verb = "" if strict else "skipped "
        parts = [f"{len(ids)} {'' if reason in _KEPT else verb}{reason} ({_ids(ids)})"
                 for reason, ids in self.reasons().items()]
        if strict:
            return f"DNA statements that are not stances in full: {'; '.join(parts)}"
        return f"{file}: of {self.total} DNA statement(s), {'; '.join(parts)}"


def _ids(ids: list[int], shown: int = 5) -> str:
    more = f" and {len(ids) - shown} more" if len(ids) > shown else ""
    return ("ids " if len(ids) > 1 else "id ") + ", ".join(map(str, ids[:shown])) + more


def read_statements(
    conn: sqlite3.Connection,
    *,
    type_id: int,
    variables: dict[str, int | None],
    agreement_table: str,
    entities: dict[int, Entity],
    documents: dict[int, Document],
    report: Report,
    scale: AgreementScale | None = None,
) -> Iterator[StanceRow]:
    """The stances of the statements of type ``type_id``, by statement ID; others reported."""
    notes = _notes(conn, type_id, set(variables.values()))
    rows = conn.execute(
        "SELECT s.ID, s.DocumentId, s.Start, s.Stop, p.Entity, o.Entity, c.Entity, a.Value "
        "FROM STATEMENTS s "
        "LEFT JOIN DATASHORTTEXT p ON p.StatementId = s.ID AND p.VariableId = :person "
        "LEFT JOIN DATASHORTTEXT o ON o.StatementId = s.ID AND o.VariableId = :organization "
        "LEFT JOIN DATASHORTTEXT c ON c.StatementId = s.ID AND c.VariableId = :concept "
        f"LEFT JOIN {agreement_table} a ON a.StatementId = s.ID "
        "AND a.VariableId = :agreement "
        "WHERE s.StatementTypeId = :type ORDER BY s.ID", {**variables, "type": type_id})

    # An entity counts only in its own variable's slot (else the slot is as if blank).
    node_of = {role: {dna_id: e.node_id for dna_id, e in entities.items() if e.role == role}.get
               for role in ("person", "organization", "concept")}
    person_of, holder_of, target_of = node_of["person"], node_of["organization"], \
        node_of["concept"]
    for dna_id, document_id, start, stop, person, organization, concept, agreement in rows:
        report.total += 1
        holder, target = holder_of(organization), target_of(concept)
        strength = intensity = None
        if scale is not None and isinstance(agreement, int):
            read = scale.stance(agreement)
            relation = None if read is None else read[0]
            if read is not None:
                strength, intensity = read[1], read[2]
        else:
            relation = _AGREEMENT.get(agreement)
        document = documents.get(document_id)
        if holder is None or target is None or relation is None or document is None:
            report.skip(_reason(holder, target, agreement, document, scale), dna_id)
            continue
        span = document.span(start, stop)
        quote = quote_of(span)
        if span is None:
            report.unquoted.append(dna_id)
        elif quote is not None and not is_text(quote):
            report.unquotable.append(dna_id)
            quote = None
        yield StanceRow(dna_id, f"statement-{dna_id}", holder, relation, target,
                        document.date, document.source, person_of(person), quote,
                        notes.get(dna_id), strength, intensity)
    for dna_id, label in conn.execute(
            "SELECT s.ID, t.Label FROM STATEMENTS s "
            "LEFT JOIN STATEMENTTYPES t ON t.ID = s.StatementTypeId "
            "WHERE s.StatementTypeId IS NOT ? ORDER BY s.ID", (type_id,)):
        report.total += 1
        report.skip("of an unknown statement type" if label is None else
                    f"of type {shown(label, 200)!r}", dna_id)


def _reason(holder: str | None, target: str | None, agreement: int | None,
            document: Document | None, scale: AgreementScale | None = None) -> str:
    missing = [name for name, value in (("organization", holder), ("concept", target),
                                        ("agreement", agreement)) if value is None]
    if missing:
        return f"with no {' and no '.join(missing)}"
    if scale is not None and isinstance(agreement, int):
        return (f"at the middle of the agreement scale from {scale.low} to {scale.high} "
                "(neither supports nor opposes)")
    if agreement not in _AGREEMENT:
        return f"with an agreement of {agreement} (expected 1 or 0)"
    return "whose document is missing"


def _notes(conn: sqlite3.Connection, type_id: int, mapped: set[int | None]) -> dict[int, str]:
    """The values of the type's other variables, per statement: ``name: value; ...``."""
    skip = ", ".join(str(int(id)) for id in mapped if id is not None) or "NULL"
    select = ("SELECT d.StatementId, v.ID, v.Variable, {value} FROM {table} d "
              "JOIN VARIABLES v ON v.ID = d.VariableId {join}WHERE v.StatementTypeId = ? "
              f"AND v.ID NOT IN ({skip})")
    queries = [select.format(value="e.Value", table="DATASHORTTEXT",
                             join="JOIN ENTITIES e ON e.ID = d.Entity ")]
    queries += [select.format(value="d.Value", table=table, join="")
                for table in ("DATALONGTEXT", "DATAINTEGER", "DATABOOLEAN")]
    values: dict[int, list[tuple[str, str]]] = {}
    for query in queries:
        for statement, _, variable, value in conn.execute(query, (type_id,)):
            text = "" if value is None else str(value).strip()
            if text:
                values.setdefault(statement, []).append((variable.strip(), text))
    return {statement: "; ".join(f"{name}: {text}" for name, text in sorted(found))
            for statement, found in values.items()}
