"""The bulk path of the RDF import: stance nodes of the common shape, read as columns.

Most triples of a large export describe stance nodes (``sg:Stance``) with a holder, a target,
a date, a source, a confidence and perhaps a speaker, quote and attribution. Building a
pydantic model for each of them dominated the import, so :func:`read_triples` reads such
nodes straight into :class:`~stancegraph._stance_rows.StanceRows` while the parser streams:
a triple about a stance node whose class is already known goes into its column at once, and
only the others are kept. A stance node with anything else -- another property, a second
value, a value of an unexpected kind, a second class -- is handed, with every other triple, to
the general reader in :mod:`.read`, which maps it or reports what is wrong.

Derived stances (``sg:DerivedStance``: statements rolled up to the actors they count for,
written by a derived export) are not statements: every triple about such a node, and each
shortcut triple one of them accounts for, is dropped here, so that reading a derived export
gives the graph it was written from.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Iterable
from typing import Any

import pyoxigraph as ox

from ..._stance_rows import StanceRows
from ._mapping import (
    ATTRIBUTION,
    KIND_CLASSES,
    STANCE_CLASS,
    STANCE_SHORTCUT,
    TYPE,
    XSD_DATE,
    XSD_DECIMAL,
    XSD_STRING,
    local_id,
    local_ids,
)
from .vocabulary import SG

__all__ = ["read_triples", "xsd_date", "xsd_number"]

_STANCE = str(SG.Stance)
_DERIVED = str(SG.DerivedStance)
_SOURCE = KIND_CLASSES["Source"][0]
_RELATION_OF_CLASS = {iri: name for name, iri in STANCE_CLASS.items()}
_ATTRIBUTION_OF = {iri: name for name, iri in ATTRIBUTION.items()}
# The properties of the common shape -> the StanceRows column each fills.
_COLUMN = {str(SG.holder): "holder", str(SG.target): "target", str(SG.statedOn): "date",
           str(SG.confidence): "confidence", str(SG.source): "source",
           str(SG.speaker): "speaker", str(SG.quote): "quote",
           str(SG.attribution): "attribution"}
# The datatype each column's literal must have, None for the columns holding IRIs.
_EXPECT = {str(SG.holder): None, str(SG.target): None, str(SG.statedOn): XSD_DATE,
           str(SG.confidence): XSD_DECIMAL, str(SG.source): None, str(SG.speaker): None,
           str(SG.quote): XSD_STRING, str(SG.attribution): None}
_SHORTCUT = {iri: name for name, iri in STANCE_SHORTCUT.items()}
_NN, _LITERAL = ox.NamedNode, ox.Literal
_XSD = "http://www.w3.org/2001/XMLSchema#"
# The lexical forms of XML Schema's numbers (XSD 1.1 part 2, 3.3): Python's float() also takes
# spaces, underscores, "nan" and "infinity", which are not these.
_DECIMAL = r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)"
_NUMBER_FORMS = {
    _XSD + "decimal": re.compile(_DECIMAL),
    _XSD + "integer": re.compile(r"[+-]?[0-9]+"),
    _XSD + "double": re.compile(rf"{_DECIMAL}(?:[eE][+-]?[0-9]+)?|[+-]?INF|NaN"),
    _XSD + "float": re.compile(rf"{_DECIMAL}(?:[eE][+-]?[0-9]+)?|[+-]?INF|NaN"),
}
_DATE_FORM = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")  # what the model holds: no time zone


_BAD = object()  # a converter's answer for a value outside the common shape

Send = Callable[[str, str, Any], None]


def read_triples(quads: Iterable[Any], reader: Any) -> tuple[StanceRows, list[str]]:
    """Read parsed quads: stance nodes of the common shape into rows, the rest to ``reader``.

    ``reader`` takes every other triple through ``reader.add(subject IRI, predicate IRI,
    object term)``, and a triple whose subject is a blank node through ``reader.skip``. The
    shortcut triples of the stances read here (``holder sg:supports target``) are derived from
    them and dropped, as the general reader drops them. Returns the rows and the IRI of each
    row's stance node.
    """
    # rdf:type triples other than a stance node's class and sg:Stance: subject IRIs ...
    typed: list[str] = []
    classes: list[Any] = []  # ... and class IRIs (the object term when it is not an IRI)
    row_of: dict[str, int] = {}  # stance node IRI -> row, from its first stance class on
    iris: list[str] = []
    relations: list[str] = []
    # predicate -> per row: None, the object's text in the expected form (_stored), or the term
    terms: dict[str, list[Any]] = {p: [] for p in _COLUMN}
    kept: list[tuple[str, str, Any]] = []  # triples not (yet) placed in a column
    derived: set[str] = set()  # subjects typed sg:DerivedStance: dropped in _finish
    nn, rdf_type, relation_of, stance = _NN, TYPE, _RELATION_OF_CLASS, _STANCE
    shared: dict[str, str] = {}
    lit, expect, text, share = _LITERAL, _EXPECT, XSD_STRING, shared.setdefault
    for q in quads:
        s = q.subject
        if type(s) is not nn:
            reader.skip("blank-node subject", s, q.predicate, q.object)
            continue
        subject, p = s.value, q.predicate.value
        if p == rdf_type:
            o = q.object
            cls = o.value if type(o) is nn else o
            relation = relation_of.get(cls) if type(cls) is str else None
            if relation is not None:
                k = row_of.get(subject)
                if k is None:  # a stance node: its row starts here
                    row_of[subject] = len(iris)
                    iris.append(subject)
                    relations.append(relation)
                    for column in terms.values():
                        column.append(None)
                    continue
                if relations[k] == relation:  # the same class again (another named graph)
                    continue
            elif cls == stance:  # sg:Stance is implied by every stance class: nothing to map
                continue
            elif cls == _DERIVED:
                derived.add(subject)
                continue
            typed.append(subject)
            classes.append(cls)
            continue
        k = row_of.get(subject)
        if k is not None:
            found = terms.get(p)
            if found is not None and found[k] is None:
                # Kept as text when it has the expected form (shared: the same actors, days
                # and numbers recur), else as the term; see _stored.
                o = q.object
                want = expect[p]
                if want is None:
                    found[k] = share(o.value, o.value) if type(o) is nn else o
                elif type(o) is lit and o.datatype.value == want:
                    found[k] = o.value if want == text else share(o.value, o.value)
                else:
                    found[k] = o
                continue
        kept.append((subject, p, q.object))
    return _finish(typed, classes, row_of, iris, relations, terms, kept, reader.add, derived)


def _finish(typed: list[str], classes: list[Any], row_of: dict[str, int], iris: list[str],
            relations: list[str], terms: dict[str, list[Any]],
            kept: list[tuple[str, str, Any]], send: Send,
            derived: set[str] | None = None) -> tuple[StanceRows, list[str]]:
    if derived:  # every triple about a derived stance goes; its row goes below
        kept = [t for t in kept if t[0] not in derived]
        pairs = [(s, c) for s, c in zip(typed, classes, strict=True) if s not in derived]
        typed, classes = [s for s, _ in pairs], [c for _, c in pairs]
    uncommon, sources = _uncommon_by_type(typed, classes, row_of)
    rest: list[tuple[str, str, Any]] = []
    for triple in kept:  # triples met before their stance node's class, or not fitting
        s, p, o = triple
        k = row_of.get(s)
        if k is None:
            rest.append(triple)
            continue
        column = terms.get(p)
        if column is None:
            uncommon.add(s)
            rest.append(triple)
        elif column[k] is None:
            column[k] = _stored(p, o)
        elif column[k] != _stored(p, o):  # a second value: the general reader says so
            uncommon.add(s)
            rest.append(triple)
    convert = _Converter(sources)
    values: dict[str, list[Any]] = {
        _COLUMN[p]: convert.column[_COLUMN[p]](column) for p, column in terms.items()}
    for name, column in values.items():  # list.count and `in` run in C: cheap when clean
        if column.count(_BAD) or (name in ("holder", "target") and None in column):
            uncommon.update(iris[k] for k, v in enumerate(column) if v is _BAD or v is None
                            and name in ("holder", "target"))
    ids = local_ids(iris)
    if None in ids:
        uncommon.update(iri for iri, id in zip(iris, ids, strict=True) if id is None)

    for s, cls in zip(typed, classes, strict=True):
        if s not in row_of or s in uncommon:
            send(s, TYPE, ox.NamedNode(cls) if type(cls) is str else cls)
    keep = list(range(len(iris)))
    # The shortcut triples derived stances account for (holder, relation, target).
    accounted: set[tuple[Any, str, Any]] = set()
    if derived:
        holders, targets = values["holder"], values["target"]
        accounted = {(holders[k], relations[k], targets[k]) for k, iri in enumerate(iris)
                     if iri in derived}
        keep = [k for k in keep if iris[k] not in derived]
        uncommon -= derived
    if uncommon:
        keep = [k for k in keep if iris[k] not in uncommon]
        for k in (k for k, iri in enumerate(iris) if iri in uncommon):
            send(iris[k], TYPE, ox.NamedNode(STANCE_CLASS[relations[k]]))
            for p, column in terms.items():
                if column[k] is not None:
                    send(iris[k], p, _term(p, column[k]))
    if len(keep) < len(iris):
        values = {name: [column[k] for k in keep] for name, column in values.items()}
    kept_ids: list[Any] = [ids[k] for k in keep]  # none is None: those are uncommon
    rows = StanceRows(kept_ids, relation=[relations[k] for k in keep], **values)
    current = set(zip(rows.values_of("holder"), rows.values_of("relation"),
                      rows.values_of("target"), strict=True)) | accounted
    for s, p, o in rest:
        shortcut = _SHORTCUT.get(p)
        if shortcut is None or type(o) is not _NN or (
                convert.id_or_none(s), shortcut, convert.id_or_none(o.value)) not in current:
            send(s, p, o)
    return rows, [iris[k] for k in keep]


def _stored(predicate: str, term: Any) -> Any:
    """How a column keeps ``term``: an IRI's text, or a literal's text if it has the
    column's datatype (xsd:date, xsd:decimal, xsd:string); else the term itself."""
    want = _EXPECT[predicate]
    if want is None:
        return term.value if type(term) is _NN else term
    if type(term) is _LITERAL and term.datatype.value == want:
        return term.value
    return term


def _term(predicate: str, value: Any) -> Any:
    """The term a column's value stands for (the inverse of :func:`_stored`)."""
    if type(value) is not str:
        return value
    want = _EXPECT[predicate]
    if want is None:
        return ox.NamedNode(value)
    return ox.Literal(value, datatype=ox.NamedNode(want))


def _uncommon_by_type(typed: list[str], classes: list[Any],
                      row_of: dict[str, int]) -> tuple[set[str], set[str]]:
    """Stance nodes with a class besides their stance class (and sg:Stance, not kept); the
    IRIs typed sg:Source."""
    uncommon: set[str] = set()
    sources: set[str] = set()
    for s, cls in zip(typed, classes, strict=True):
        if cls == _SOURCE:
            sources.add(s)
        if s in row_of:
            uncommon.add(s)
    return uncommon, sources


class _Memo(dict[str, Any]):
    """A dict that computes a missing value once, with ``make``."""

    def __init__(self, make: Callable[[str], Any]) -> None:
        super().__init__()
        self.make = make

    def __missing__(self, key: str) -> Any:
        value = self[key] = self.make(key)
        return value


class _Converter:
    """Columns of RDF terms -> columns of values, exactly as the general reader would map
    them, with _BAD for a term it would not map the same way (None stays None).

    ``column[name]`` converts a whole column; identifiers, dates and numbers are memoised by
    their text, as a debate names the same actors, days and confidences again and again.
    """

    def __init__(self, sources: set[str]) -> None:
        self.ids = _Memo(lambda iri: _BAD if (id := local_id(iri)) is None else id)
        self.sources = _Memo(lambda iri: self.ids[iri] if iri in sources else iri)
        self.dates = _Memo(_date)
        self.numbers = _Memo(_number)
        self.column: dict[str, Callable[[list[Any]], list[Any]]] = {
            "holder": self.id, "target": self.id, "speaker": self.id, "source": self.source,
            "attribution": self.attribution, "date": self.date,
            "confidence": self.confidence, "quote": self.quote}

    def id_or_none(self, iri: str) -> str | None:
        found = self.ids[iri]
        return None if found is _BAD else found

    def id(self, values: list[Any]) -> list[Any]:
        ids = self.ids
        return [None if v is None else ids[v] if type(v) is str else _BAD for v in values]

    def source(self, values: list[Any]) -> list[Any]:
        sources = self.sources
        return [None if v is None else sources[v] if type(v) is str else _BAD for v in values]

    def attribution(self, values: list[Any]) -> list[Any]:
        known = _ATTRIBUTION_OF
        return [None if v is None else known.get(v, _BAD) if type(v) is str else _BAD
                for v in values]

    def date(self, values: list[Any]) -> list[Any]:
        dates = self.dates
        return [None if v is None else dates[v] if type(v) is str else _BAD for v in values]

    def confidence(self, values: list[Any]) -> list[Any]:
        numbers = self.numbers
        return [None if v is None else numbers[v] if type(v) is str else _BAD for v in values]

    def quote(self, values: list[Any]) -> list[Any]:
        return [None if v is None else v if type(v) is str else _BAD for v in values]


def xsd_date(text: str) -> dt.date | None:
    """The date an xsd:date literal writes as ``YYYY-MM-DD``, or None for any other text (a
    time zone, a year outside 1 to 9999, the other forms Python's ``fromisoformat`` takes).

    >>> xsd_date("2022-03-24"), xsd_date("2022-W12-4"), xsd_date("2022-02-30")
    (datetime.date(2022, 3, 24), None, None)
    """
    if _DATE_FORM.fullmatch(text) is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def xsd_number(text: str, datatype: str) -> float | None:
    """The value of a literal of the XML Schema number ``datatype`` (an IRI), or None if
    ``text`` is not of its lexical form. Non-finite values (INF, NaN) are returned as such.

    >>> xsd_number("0.5", _XSD + "decimal"), xsd_number(" 0.5", _XSD + "decimal")
    (0.5, None)
    >>> xsd_number("1e3", _XSD + "decimal"), xsd_number("1e3", _XSD + "double")
    (None, 1000.0)
    """
    form = _NUMBER_FORMS.get(datatype)
    if form is None or form.fullmatch(text) is None:
        return None
    return float(text)


def _date(text: str) -> Any:
    day = xsd_date(text)
    return _BAD if day is None else day


def _number(text: str) -> Any:
    number = xsd_number(text, XSD_DECIMAL)
    return number if number is not None and math.isfinite(number) else _BAD
