"""The actor × target stance matrix of a graph in a SPARQL store, aggregated inside the store.

The result must be what :func:`stancegraph.analysis.affiliation` computes in memory from
:func:`stancegraph.analysis.statements`, so that coalitions found through a store equal those
found on the graph. The work is split where the data is:

1. the *skeleton* -- every node and actor relation, but no stance -- is small; it is read back
   (:func:`skeleton_query`) into a :class:`StanceGraph`, on which the roll-up rules
   (:class:`~stancegraph.queries.RollUp`) are applied in Python, as in memory;
2. the roll-up is sent back as ``VALUES`` tables -- actor → the actors its statements count
   for, per date interval when relations have dates -- along with the few stances naming
   ``except`` members and the dates sources inherit through ``reported_in``;
3. one aggregate query (:func:`matrix_query`) filters the current statements, rolls holders
   and actor targets up, counts each statement on a position also for the positions it is a
   case of (``broader``: support only by default; the chains, read from the skeleton, go in as
   one more ``VALUES`` table), weighs each statement (strength × confidence), keeps the
   strongest of each (actor, target, relation, document or period) and sums the rest: one row
   per actor, target and relation comes back, never a statement.
"""

from __future__ import annotations

import datetime as dt
import warnings
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import pyoxigraph as ox

from ...analysis import STRENGTH, Affiliation
from ...errors import InvalidRecordError, StoreError, check_choice
from ...graph import StanceGraph
from ...model import ACTOR_TYPES, STANCE_RELATIONS
from ...options import BROADER, DEDUPE, LEVELS, Broader, Dedupe, Level, as_date
from ...queries import RollUp, source_date
from ...queries import as_of as as_of_view
from ...queries.rollup import broader_chains, rollup_ends, rollup_spans
from ..rdf._mapping import (
    KIND_CLASSES,
    RELATION_CLASS,
    STANCE_CLASS,
    STANCE_SHORTCUT,
    local_id,
)
from ..rdf.read import from_quads
from ..rdf.vocabulary import NS

__all__ = ["BROADER", "DROPPED", "Broader", "Plan", "broader_rows", "check", "days_query",
           "exceptions_query", "matrix_query", "period_rows", "plan", "read_skeleton",
           "skeleton_query", "to_affiliation"]

#: Where a statement rolls up to when it counts for no actor at all (filtered out).
DROPPED = "urn:x-stancegraph:dropped"
_PREFIXES = (f"PREFIX sg: <{NS}>\nPREFIX dct: <http://purl.org/dc/terms/>\n"
             "PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>\n")
_NODE_CLASSES = sorted({c for classes in KIND_CLASSES.values() for c in classes}
                       | set(RELATION_CLASS.values()) | {NS + "ActorRelation"})
_RELATION_OF_CLASS = {c: r for r, c in STANCE_CLASS.items()}


def skeleton_query(graph: str) -> str:
    """CONSTRUCT every triple of the nodes and actor relations of ``graph``: all but stances."""
    classes = " ".join(f"<{c}>" for c in _NODE_CLASSES)
    shortcuts = ", ".join(f"<{p}>" for p in STANCE_SHORTCUT.values())
    return (f"{_PREFIXES}CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph}> {{\n"
            f"  {{ SELECT DISTINCT ?s WHERE {{ VALUES ?class {{ {classes} }} ?s a ?class }} }}\n"
            f"  ?s ?p ?o FILTER(?p NOT IN ({shortcuts}))\n}} }}")


def exceptions_query(graph: str) -> str:
    """SELECT the stances that name ``except`` members: their holder, exceptions and date."""
    return (f"{_PREFIXES}SELECT ?s ?holder ?except ?stated ?source WHERE {{ GRAPH <{graph}> {{\n"
            "  ?s sg:exceptMember ?except ; sg:holder ?holder .\n"
            "  OPTIONAL { ?s sg:statedOn ?stated } OPTIONAL { ?s sg:source ?source }\n} }")


def days_query(graph: str) -> str:
    """SELECT the distinct dates of statements and sources (for periods of de-duplication)."""
    return (f"{_PREFIXES}SELECT DISTINCT ?day WHERE {{ GRAPH <{graph}> {{\n"
            "  { ?s sg:statedOn ?d } UNION { ?x dct:issued ?d } BIND(STR(?d) AS ?day)\n} }")


@dataclass
class Plan:
    """What the aggregate query needs from the skeleton: the roll-up tables and dates."""

    graph: str
    level: Level
    dedupe: Dedupe
    as_of: dt.date | None
    skeleton: StanceGraph
    iris: dict[str, str]  # node id -> IRI
    rollup: RollUp | None
    broader: Broader = "none"
    #: (position IRI, IRI it counts for): the position itself and each broader one, for every
    #: position that has a broader one (empty when ``broader`` is "none").
    broader_rows: list[tuple[str, str]] = field(default_factory=list)
    #: (actor IRI, IRI it counts for, from day, until day) -- days as ISO text or None; for
    #: the undated rows, from and until are both "undated".
    actor_rows: list[tuple[str, str, str | None, str | None]] = field(default_factory=list)
    stance_rows: list[tuple[str, str]] = field(default_factory=list)  # (stance IRI, up IRI)
    inherited: list[tuple[str, str]] = field(default_factory=list)  # (source IRI, ISO day)

    @property
    def dated(self) -> bool:
        return self.rollup is not None and self.rollup.dated

    @property
    def needs_days(self) -> bool:
        return self.dated or self.as_of is not None or self.dedupe in ("week", "month", "year")


def read_skeleton(triples: Iterable[ox.Triple]) -> tuple[StanceGraph, dict[str, str]]:
    """The skeleton as a graph, and the IRI of each of its nodes."""
    iris: dict[str, str] = {}

    def collect() -> Iterator[ox.Triple]:
        for t in triples:
            if isinstance(t.subject, ox.NamedNode):
                id = local_id(t.subject.value)
                if id is not None:
                    iris.setdefault(id, t.subject.value)
            yield t

    with warnings.catch_warnings():
        # Triples outside the mapping change no stance weight; pull() reports them.
        warnings.simplefilter("ignore")
        skeleton = from_quads(collect(), strict=False)
    return skeleton, iris


def check(level: str, dedupe: str, as_of: dt.date | str | None,
          broader: str = "none") -> dt.date | None:
    """Refuse an unknown level, period or ``broader``, and read ``as_of`` (a date or ISO
    text)."""
    check_choice(level, LEVELS, "level")
    check_choice(dedupe, DEDUPE, "dedupe period")
    check_choice(broader, BROADER, "broader")
    return None if as_of is None else as_date(as_of, "as_of")


def plan(graph: str, skeleton: StanceGraph, iris: dict[str, str], *, level: Level,
         dedupe: Dedupe, as_of: dt.date | str | None,
         exceptions: Iterable[ox.QuerySolution] | None, broader: Broader = "supports") -> Plan:
    """Apply the roll-up rules to the skeleton; ``exceptions`` answers :func:`exceptions_query`
    (needed at level ``"state"`` only)."""
    when = check(level, dedupe, as_of, broader)
    if when is not None:
        skeleton = as_of_view(skeleton, when)  # the relations that hold on that day
    rollup = RollUp(skeleton) if level == "state" else None
    p = Plan(graph, level, dedupe, when, skeleton, iris, rollup, broader)
    if broader != "none":
        p.broader_rows = broader_rows(skeleton, iris)
    if rollup is not None:
        p.actor_rows = _actor_rows(skeleton, rollup, iris)
        p.stance_rows = _stance_rows(skeleton, rollup, iris, exceptions or ())
    if p.needs_days:
        for id, node in skeleton.sources.items():
            if node.date is None and (day := source_date(skeleton, id)) is not None \
                    and id in iris:
                p.inherited.append((iris[id], day.isoformat()))
    return p


def broader_rows(g: StanceGraph, iris: dict[str, str]) -> list[tuple[str, str]]:
    """(position IRI, IRI it counts for): for each position with a broader one, itself and
    every position up its chain of ``broader`` (:func:`~stancegraph.queries.broader_chains`;
    a chain stops at a position without an IRI).

    >>> rows = broader_rows(nato, {id: id for id in nato.nodes})
    >>> ups = [up for p, up in rows if p == "send-tanks"]
    >>> ups[0], ups[-1], len(ups)
    ('send-tanks', 'military-aid-to-ukraine', 4)
    """
    rows: list[tuple[str, str]] = []
    for id, ups in broader_chains(g).items():
        if id not in iris:
            continue
        chain = [id]
        for up in ups:
            if up not in iris:
                break
            chain.append(up)
        if len(chain) > 1:
            rows += [(iris[id], iris[up]) for up in chain]
    return rows


def _actor_rows(g: StanceGraph, rollup: RollUp,
                iris: dict[str, str]) -> list[tuple[str, str, str | None, str | None]]:
    rows: list[tuple[str, str, str | None, str | None]] = []
    for actor in sorted(g.actors):
        undated, spans = rollup_spans(g, rollup, actor)
        if undated == [actor] and all(ends == [actor] for _, _, ends in spans):
            continue  # its statements stay its own: no row needed
        me = iris[actor]
        rows += [(me, up, "undated", "undated") for up in _up_iris(undated, iris)]
        for start, until, ends in spans:
            first = None if start is None else start.isoformat()
            last = None if until is None else until.isoformat()
            rows += [(me, up, first, last) for up in _up_iris(ends, iris)]
    return rows


def _up_iris(ends: list[str], iris: dict[str, str]) -> list[str]:
    """The IRIs of the actors a statement counts for; :data:`DROPPED` if it counts for none."""
    return [iris[up] for up in ends] or [DROPPED]


def _stance_rows(g: StanceGraph, rollup: RollUp, iris: dict[str, str],
                 exceptions: Iterable[ox.QuerySolution]) -> list[tuple[str, str]]:
    found: dict[str, tuple[str, set[str], str | None, str | None]] = {}
    for row in exceptions:
        s, holder, excluded = row["s"], row["holder"], row["except"]
        if not isinstance(s, ox.NamedNode) or not isinstance(holder, ox.NamedNode) \
                or not isinstance(excluded, ox.NamedNode):
            continue
        stated, source = row["stated"], row["source"]
        entry = found.setdefault(s.value, (holder.value, set(),
                                           stated.value if stated is not None else None,
                                           source.value if source is not None else None))
        entry[1].add(local_id(excluded.value) or excluded.value)
    by_iri = {iri: id for id, iri in iris.items()}
    rows = []
    for s, (holder_iri, excluded, stated, source) in sorted(found.items()):
        holder = by_iri.get(holder_iri)
        if holder is None or holder not in g.actors:
            continue
        day = None
        if rollup.dated:
            day = _date(stated)
            if day is None and source is not None and by_iri.get(source) in g.sources:
                day = source_date(g, by_iri[source])
        rows += [(s, up) for up in _up_iris(rollup_ends(rollup, holder, day, excluded), iris)]
    return rows


def _date(text: str | None) -> dt.date | None:
    try:
        return None if text is None else dt.date.fromisoformat(text)
    except ValueError:
        return None


def period_rows(dedupe: Dedupe, days: Iterable[str]) -> list[tuple[str, str]]:
    """(ISO day, period key) for de-duplication by week, month or year, keyed as in memory."""
    rows = []
    for text in days:
        day = _date(text)
        if day is None:
            continue
        if dedupe == "week":
            key = str((day.toordinal() - 1) // 7)  # ordinal 1 is a Monday: ISO weeks
        elif dedupe == "month":
            key = f"{day.year}-{day.month}"
        else:
            key = str(day.year)
        rows.append((text, key))
    return rows


def _values(variables: str, rows: Iterable[tuple[str | None, ...]], kinds: str) -> str:
    """A VALUES block; ``kinds`` has one letter per column: ``i`` an IRI, ``s`` a string."""
    lines = []
    for row in rows:
        cells = []
        for kind, value in zip(kinds, row, strict=True):
            if value is None:
                cells.append("UNDEF")
            elif kind == "i":
                cells.append(str(ox.NamedNode(value)))
            else:
                cells.append(str(ox.Literal(value)))
        lines.append(f"    ({' '.join(cells)})")
    body = "\n".join(lines)
    return f"VALUES ({variables}) {{\n{body}\n  }}"


def inferences_query(graph: str, least: float) -> str:
    """ASK whether ``graph`` holds a statement less confident than ``least``."""
    return (f"{_PREFIXES}ASK {{ GRAPH <{graph}> {{ ?s sg:confidence ?c "
            f"FILTER(?c < {float(least)!r}) }} }}")


def matrix_query(p: Plan, periods: list[tuple[str, str]] | None = None,
                 min_confidence: float | None = None) -> str:
    """The aggregate SPARQL query: one row per actor ``?h``, target ``?t`` and stance class
    ``?class`` with the summed ``?weight`` of its current statements (see the module
    docstring; the text is shown in docs/store.md).

    Every ``VALUES`` table is joined on a variable that is bound by then (a VALUES row joins
    with any solution where its variable is unbound): ``?day`` is ``""`` for a statement
    without a date. With ``min_confidence``, statements less confident than that are left out
    (those without a confidence are kept).
    """
    g = f"<{p.graph}>"
    classes = " ".join(f"(<{STANCE_CLASS[r]}> <{STANCE_SHORTCUT[r]}> {STRENGTH[r]!r})"
                       for r in STANCE_RELATIONS)
    when = None if p.as_of is None else p.as_of.isoformat()
    lines = [
        _PREFIXES + "SELECT ?h ?t ?class (SUM(?w) AS ?weight) WHERE {",
        "{ SELECT ?h ?t ?class ?period (MAX(?w1) AS ?w) WHERE {",
        "  {",
        f"    VALUES (?class ?shortcut ?strength) {{ {classes} }}",
        f"    GRAPH {g} {{",
        "      ?s a ?class ; sg:holder ?h0 ; sg:target ?t0 .",
        # Derived stances (a derived export loaded into the store) are rolled-up copies of
        # statements, which the roll-up below carries itself: never counted.
        "      MINUS { ?s a sg:DerivedStance }",
        "      OPTIONAL { ?s sg:confidence ?c }",
        "      OPTIONAL { ?s sg:source ?src }",
    ]
    if min_confidence is not None:  # the statements at least this confident (or without one)
        lines.append(f"      FILTER(!BOUND(?c) || ?c >= {float(min_confidence)!r})")
    if p.needs_days:
        lines += ["      OPTIONAL { ?s sg:statedOn ?stated }",
                  "      OPTIONAL { ?s sg:source ?src1 . ?src1 dct:issued ?issued }"]
        if p.inherited:  # sources dated only through the source reporting them
            table = _values("?src2 ?inherited", p.inherited, "is")
            lines.append(f"      OPTIONAL {{ ?s sg:source ?src2 . {table} }}")
    if when is None:
        lines += ["      FILTER NOT EXISTS { ?s sg:retracted ?r FILTER(?r) }",
                  "      FILTER NOT EXISTS { ?s sg:supersededBy ?next }"]
    else:
        lines += ["      OPTIONAL { ?s sg:retracted ?r }",
                  "      OPTIONAL { ?s sg:retractedOn ?retractedOn }"]
    lines.append("    }")
    if p.needs_days:
        lines.append('    BIND(COALESCE(STR(COALESCE(?stated, ?issued, ?inherited)), "") AS ?day)')
    lines += [
        "  } UNION {",
        # Shortcut triples with no current, unconditional stance node behind them are
        # stances of their own (as import reads them): undated, without source or confidence.
        f"    GRAPH {g} {{",
        f"      VALUES (?class ?shortcut ?strength) {{ {classes} }}",
        "      ?h0 ?shortcut ?t0 .",
        # MINUS, not FILTER NOT EXISTS: stores answer it with one hash anti-join.
        "      MINUS { ?x sg:holder ?h0 ; sg:target ?t0 ; a ?class .",
        "        FILTER NOT EXISTS { ?x sg:retracted ?xr FILTER(?xr) }",
        "        FILTER NOT EXISTS { ?x sg:supersededBy ?xn }",
        "        FILTER NOT EXISTS { ?x sg:condition ?xc } }",
        "    }",
        "    BIND(BNODE() AS ?s)",
    ]
    if p.needs_days:
        lines.append('    BIND("" AS ?day)')
    lines.append("  }")
    if when is not None:
        lines += _as_of_filters(p, g, when)
    t = "?t1" if p.broader_rows else "?t"  # the target before broader positions
    if p.rollup is not None:
        if p.stance_rows:
            lines.append(f"  OPTIONAL {{ {_values('?s ?su', p.stance_rows, 'ii')} }}")
        if p.actor_rows:
            lines += _rollup_optionals(p)
            lines += ["  BIND(COALESCE(?su, ?hu, ?h0) AS ?h)", f"  BIND(COALESCE(?tu, ?t0) AS {t})"]
        else:
            lines += ["  BIND(COALESCE(?su, ?h0) AS ?h)", f"  BIND(?t0 AS {t})"]
        lines.append(f"  FILTER(?h != <{DROPPED}> && {t} != <{DROPPED}>)")
    else:
        lines += ["  BIND(?h0 AS ?h)", f"  BIND(?t0 AS {t})"]
    if p.broader_rows:
        lines += _broader_optional(p)
    # Confidence read as a double from its text, as Python reads it (an xsd:decimal of a very
    # small float has more digits than some stores' decimals keep).
    lines.append("  BIND(?strength * COALESCE(xsd:double(STR(?c)), 1.0) AS ?w1)")
    if p.dedupe == "none":
        lines.append("  BIND(?s AS ?period)")
    elif p.dedupe == "document":
        lines.append("  BIND(COALESCE(?src, ?s) AS ?period)")  # no source: a document alone
    else:
        if periods:
            lines.append(f"  OPTIONAL {{ {_values('?day ?key', periods, 'ss')} }}")
        lines.append('  BIND(COALESCE(?key, "") AS ?period)')  # undated: one period
    lines.append("} GROUP BY ?h ?t ?class ?period }")
    lines.append("} GROUP BY ?h ?t ?class")
    return "\n".join(lines)


def _broader_optional(p: Plan) -> list[str]:
    """Count a statement on a position (``?t1``) for the position itself and each broader one
    (``?t``): one solution per row of :attr:`Plan.broader_rows` -- of support statements only
    unless ``broader`` is "all". Other statements keep their target (no row joins)."""
    if p.broader == "all":
        table = _values("?t1 ?tb", p.broader_rows, "ii")
    else:
        support = STANCE_CLASS["supports"]
        table = _values("?class ?t1 ?tb", [(support, a, b) for a, b in p.broader_rows], "iii")
    return [f"  OPTIONAL {{ {table} }}", "  BIND(COALESCE(?tb, ?t1) AS ?t)"]


def _as_of_filters(p: Plan, g: str, when: str) -> list[str]:
    """Keep the statements in effect on ``when``: made by then (or undated), not retracted by
    then, not replaced by a statement made by then (as :func:`stancegraph.as_of`)."""
    lines = [
        f'  FILTER(?day = "" || ?day <= "{when}")',
        # A retraction counts from retracted_on, else from the stance's own date.
        f'  FILTER(!COALESCE(?r, false) || COALESCE(STR(?retractedOn), ?day) > "{when}")',
        "  FILTER NOT EXISTS {",
        f"    GRAPH {g} {{ ?s sg:supersededBy ?n . ?n sg:holder ?nh .",
        "      OPTIONAL { ?n sg:statedOn ?nstated }",
        "      OPTIONAL { ?n sg:source ?ns1 . ?ns1 dct:issued ?nissued }",
    ]
    if p.inherited:
        table = _values("?ns2 ?ninherited", p.inherited, "is")
        lines.append(f"      OPTIONAL {{ ?n sg:source ?ns2 . {table} }}")
    lines += [
        "    }",
        '    BIND(COALESCE(STR(COALESCE(?nstated, ?nissued, ?ninherited)), "") AS ?nday)',
        f'    FILTER(?nday = "" || ?nday <= "{when}")',
        "  }",
    ]
    return lines


def _rollup_optionals(p: Plan) -> list[str]:
    """OPTIONAL blocks binding ``?hu`` and ``?tu``: the actors a statement's holder and (actor)
    target count for, on the statement's day when relations have dates."""
    found = []
    for var, up in (("?h0", "?hu"), ("?t0", "?tu")):
        if not p.dated:
            rows = [(a, b) for a, b, _, _ in p.actor_rows]
            found.append(f"  OPTIONAL {{ {_values(f'{var} {up}', rows, 'ii')} }}")
            continue
        start, until = f"?from{up[1:]}", f"?until{up[1:]}"
        table = _values(f"{var} {up} {start} {until}", p.actor_rows, "iiss")
        # A dated statement takes the rows of the interval holding its day; an undated one
        # the "undated" rows (the roll-up as if every relation held).
        test = (f'IF(?day != "", COALESCE({start}, "") != "undated"'
                f' && (!BOUND({start}) || ?day >= {start})'
                f' && (!BOUND({until}) || ?day < {until}), COALESCE({start}, "") = "undated")')
        found.append(f"  OPTIONAL {{ {table}\n    FILTER({test}) }}")
    return found


def to_affiliation(p: Plan, rows: Iterable[ox.QuerySolution]) -> Affiliation:
    """Sum the answer of :func:`matrix_query` into an :class:`Affiliation`, with the actors and
    targets the in-memory :func:`~stancegraph.analysis.statements` would list."""
    g = p.skeleton
    found: list[tuple[str, str, str, float]] = []
    for row in rows:
        h, t, cls, weight = row["h"], row["t"], row["class"], row["weight"]
        if not isinstance(h, ox.NamedNode) or not isinstance(t, ox.NamedNode) \
                or not isinstance(cls, ox.NamedNode) or not isinstance(weight, ox.Literal) \
                or cls.value not in _RELATION_OF_CLASS:
            raise StoreError("the store answered the aggregate query with a row that is not "
                             f"(IRI, IRI, stance class, number): {row}")
        try:
            w = float(weight.value)
        except ValueError as err:
            raise StoreError(f"the store summed a weight that is not a number: {weight}") \
                from err
        found.append((_id(h.value), _id(t.value), _RELATION_OF_CLASS[cls.value], w))
    targets = {t for _, t, _, _ in found}
    silent = {a for a in g.actors if p.rollup is None or rollup_ends(p.rollup, a) == [a]}
    actor_targets = {t for t in targets if t in g.nodes and g.nodes[t].type in ACTOR_TYPES}
    actors = {h for h, _, _, _ in found} | actor_targets | silent
    return Affiliation.from_rows(actors, targets, found, level=p.level)


def _id(iri: str) -> str:
    id = local_id(iri)
    if id is None:
        raise InvalidRecordError(f"the IRI <{iri}> does not end in a stancegraph id",
                                 expected="an IRI whose last segment is a lowercase slug")
    return id
