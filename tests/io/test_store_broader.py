"""``broader`` in the store's aggregate (issue 13, item 2): a statement on a position also counts
for the positions it is a case of, exactly as the in-memory statements count it.

The store is compared with :func:`reference`, written here from the rule's text: take every
statement row at the level (rolled up, not de-duplicated), add a copy of each support row (each
row, for ``"all"``) on every position up its target's ``broader`` chain, with the same holder,
weight, date and source, then keep the strongest row of each (holder, target, relation,
period). Once :func:`stancegraph.affiliation` takes ``broader=`` itself, the store is compared
with it too.
"""

from __future__ import annotations

import datetime as dt
import inspect
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import stancegraph as sg
from stancegraph.analysis import affiliation, statements
from stancegraph.io.store import aggregate as matrix
from stancegraph.model import STANCE_RELATIONS
from tests.io.test_store import (  # noqa: F401  (oxigraph: the server fixture)
    NATO_AS_OF,
    Oxigraph,
    assert_same_affiliation,
    assert_same_coalitions,
    in_memory,
    oxigraph,
)
from tests.strategies import graphs

LEVELS = ["stated", "state"]
DEDUPES = ["none", "document", "week", "month", "year"]
BROADER = ["supports", "all", "none"]
CHAIN = ["send-tanks", "heavy-weapons-for-ukraine", "more-weapons-for-ukraine",
         "military-aid-to-ukraine"]


# -- the reference, from the rule's text ---------------------------------------------------
def _ups(g: sg.StanceGraph, target: str) -> list[str]:
    """The positions ``target`` is a case of, nearest first (none for an actor)."""
    positions, found = g.positions, []
    up = getattr(positions[target], "broader", None) if target in positions else None
    while up is not None:
        found.append(up)
        up = getattr(positions[up], "broader", None)
    return found


def _period(dedupe: str, row: int, source: str | None, stance: int, day: int) -> Any:
    if dedupe == "none":
        return ("row", row)  # every statement row (and what derives from it) apart
    if dedupe == "document":
        return ("source", source) if source is not None else ("stance", stance)
    if day == 0:
        return None  # undated: one period
    date = dt.date.fromordinal(day)
    if dedupe == "week":
        return date.isocalendar()[:2]
    return (date.year, date.month) if dedupe == "month" else date.year


def reference(g: sg.StanceGraph, level: str, dedupe: str, as_of: str | None,
              broader: str) -> sg.Affiliation:
    view = sg.as_of(g, as_of) if as_of is not None else g
    # The rows as they are, without broader ones (once statements() can add them itself).
    plain: dict[str, Any] = {"broader": "none"} if _has_broader(statements) else {}
    rows = statements(view, level=level, dedupe="none", **plain)  # type: ignore[arg-type]
    sources = view.stance_columns().source
    strongest: dict[tuple[str, str, str, Any], float] = {}
    targets = set(rows.targets)
    for i in range(len(rows)):
        holder, target = rows.actors[rows.holder[i]], rows.targets[rows.target[i]]
        relation = STANCE_RELATIONS[rows.relation[i]]
        stance = int(rows.stance[i])
        period = _period(dedupe, i, sources[stance], stance, int(rows.date[i]))
        up = _ups(view, target) if broader == "all" or (
            broader == "supports" and relation == "supports") else []
        targets.update(up)
        for t in [target, *up]:
            key = (holder, t, relation, period)
            strongest[key] = max(strongest.get(key, 0.0), float(rows.weight[i]))
    found = [(h, t, r, w) for (h, t, r, _), w in strongest.items()]
    return sg.Affiliation.from_rows(rows.actors, targets, found, level=level)  # type: ignore[arg-type]


def _has_broader(f: Any) -> bool:
    return "broader" in inspect.signature(f).parameters


def _in_memory_broader_or_skip() -> None:
    if not _has_broader(affiliation) or not _has_broader(statements):
        pytest.skip("stancegraph.affiliation has no broader= parameter yet (issue 13, item 2 "
                    "in memory): the store is compared with the reference of this file only")


def _cell(aff: sg.Affiliation, actor: str, target: str) -> tuple[float, float]:
    """(support, opposition and skepticism) of ``actor`` on ``target``; (0, 0) if absent."""
    if actor not in aff.actors or target not in aff.targets:
        return 0.0, 0.0
    i, j = aff.actors.index(actor), aff.targets.index(target)
    return round(float(aff.positive[i, j]), 12), round(float(aff.negative[i, j]), 12)


# -- the reference itself ------------------------------------------------------------------
@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize("dedupe", DEDUPES)
def test_the_reference_without_broader_is_the_in_memory_affiliation(
        nato: sg.StanceGraph, level: str, dedupe: str) -> None:
    plain: dict[str, Any] = {"broader": "none"} if _has_broader(statements) else {}
    for day in NATO_AS_OF:
        view = sg.as_of(nato, day) if day is not None else nato
        assert_same_affiliation(reference(nato, level, dedupe, day, "none"), affiliation(
            statements(view, level=level, dedupe=dedupe, **plain)))  # type: ignore[arg-type]


# -- the seed ------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def nato_store(nato: sg.StanceGraph) -> sg.SparqlStore:
    store = sg.SparqlStore()
    store.push(nato)
    return store


@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize("dedupe", DEDUPES)
@pytest.mark.parametrize("broader", BROADER)
def test_stance_matrix_with_broader_equals_the_reference_on_the_seed(
        nato: sg.StanceGraph, nato_store: sg.SparqlStore, level: str, dedupe: str,
        broader: str) -> None:
    for day in NATO_AS_OF:
        found = nato_store.affiliation(level=level, dedupe=dedupe, as_of=day,  # type: ignore[arg-type]
                                         broader=broader)  # type: ignore[arg-type]
        assert_same_affiliation(found, reference(nato, level, dedupe, day, broader))


def test_broader_none_is_the_matrix_of_before(nato: sg.StanceGraph,
                                              nato_store: sg.SparqlStore) -> None:
    plain: dict[str, Any] = {"broader": "none"} if _has_broader(statements) else {}
    for level in LEVELS:
        for day in NATO_AS_OF:
            view = sg.as_of(nato, day) if day is not None else nato
            assert_same_affiliation(
                nato_store.affiliation(level=level, as_of=day, broader="none"),  # type: ignore[arg-type]
                affiliation(statements(view, level=level, **plain)))  # type: ignore[arg-type]


def test_support_climbs_the_seeds_chain_and_opposition_stays(
        nato_store: sg.SparqlStore) -> None:
    supports = nato_store.affiliation()  # broader="supports" is the default
    every = nato_store.affiliation(broader="all")
    none = nato_store.affiliation(broader="none")
    # Zelenskyy's support of heavy weapons (read from his answer: confidence 0.4) is Ukraine's,
    # up the chain of two; not down it, to tanks.
    assert [_cell(supports, "ukraine", t) for t in CHAIN] == [(0.0, 0.0)] + [(0.4, 0.0)] * 3
    assert [_cell(none, "ukraine", t) for t in CHAIN] == \
        [(0.0, 0.0), (0.4, 0.0), (0.0, 0.0), (0.0, 0.0)]
    # The UK supports more weapons and anti-aircraft in one report: military aid counts once.
    assert _cell(supports, "united-kingdom", "military-aid-to-ukraine") == (1.0, 0.0)
    assert _cell(none, "united-kingdom", "military-aid-to-ukraine") == (0.0, 0.0)
    # France opposes tanks (and, through Macron, in the same report: once): it stays on tanks
    # unless every relation climbs.
    assert [_cell(supports, "france", t) for t in CHAIN] == \
        [(0.0, 1.0), (0.0, 0.0), (0.0, 0.0), (0.0, 0.0)]
    assert [_cell(every, "france", t) for t in CHAIN] == [(0.0, 1.0)] * 4


@pytest.mark.parametrize("broader", BROADER)
def test_store_coalitions_use_broader(nato: sg.StanceGraph, nato_store: sg.SparqlStore,
                                      broader: str) -> None:
    # the stands and divides count the statements on record (confidence 0.5 or more)
    confidence = nato.stance_columns().confidence
    on_record = nato.restricted(np.flatnonzero(np.isnan(confidence) | (confidence >= 0.5)))
    expected = sg.coalitions_from_affiliation(
        reference(nato, "state", "document", None, broader),
        stated=reference(on_record, "state", "document", None, broader))
    assert_same_coalitions(nato_store.coalitions(broader=broader), expected)  # type: ignore[arg-type]


def test_an_unknown_broader_is_refused(nato_store: sg.SparqlStore) -> None:
    with pytest.raises(sg.ArgumentError, match="unknown broader 'up'") as err:
        nato_store.affiliation(broader="up")  # type: ignore[arg-type]
    assert err.value.expected == "one of: supports, all, none"
    with pytest.raises(sg.ArgumentError, match="unknown broader 'yes'"):
        nato_store.coalitions(broader="yes")  # type: ignore[arg-type]


# -- hand-made debates ---------------------------------------------------------------------
# The EU recovery fund, simplified: a 500bn grants fund is a case of grants, grants a case of
# the recovery plan (a chain of three). A bloc supports the fund, except one of its members.
RECOVERY = """
sources:
  - {id: paper, title: Paper, date: 2020-07-01}
  - {id: radio, title: Radio, date: 2020-07-20}
actors:
  - {id: a, type: State, name: A}
  - {id: b, type: State, name: B}
  - {id: c, type: State, name: C}
  - {id: d, type: State, name: D}
  - {id: leader-of-d, type: Person, name: Leader of D}
  - {id: southern, type: Bloc, name: Southern states, members: [a, b, c]}
positions:
  - {id: recovery, type: PolicyOption, name: A recovery plan}
  - {id: grants, type: PolicyOption, name: Grants, broader: recovery}
  - {id: fund-500, type: PolicyOption, name: A 500bn grants fund, broader: grants}
  - {id: loans, type: PolicyOption, name: Loans, broader: recovery}
relations:
  - {subject: leader-of-d, relation: leads, object: d}
stances:
  - {holder: southern, relation: supports, target: fund-500, except: [c], source: paper}
  - {holder: a, relation: supports, target: grants, source: paper}
  - {holder: a, relation: supports, target: recovery, source: radio, confidence: 0.5}
  - {holder: c, relation: opposes, target: grants, source: paper}
  - {holder: leader-of-d, relation: skeptical-of, target: fund-500, source: radio}
  - {holder: d, relation: supports, target: loans, source: radio, date: 2020-07-21}
  - {holder: d, relation: opposes, target: c, source: radio}
"""

# A debate without any broader position.
FLAT = """
actors:
  - {id: a, type: State, name: A}
  - {id: b, type: State, name: B}
positions:
  - {id: x, type: Claim, name: X}
  - {id: y, type: PolicyOption, name: Y}
stances:
  - {holder: a, relation: supports, target: x}
  - {holder: a, relation: opposes, target: y}
  - {holder: b, relation: supports, target: y, confidence: 0.8}
  - {holder: b, relation: opposes, target: a}
"""


@pytest.fixture(scope="module")
def recovery() -> tuple[sg.StanceGraph, sg.SparqlStore]:
    g = sg.loads(RECOVERY)
    store = sg.SparqlStore()
    store.push(g)
    return g, store


def test_the_recovery_fund_cells(recovery: tuple[sg.StanceGraph, sg.SparqlStore]) -> None:
    _, store = recovery
    supports = store.affiliation()
    every = store.affiliation(broader="all")
    none = store.affiliation(broader="none")
    cells = {(a, t): _cell(supports, a, t) for a in "abcd"
             for t in ("fund-500", "grants", "recovery", "loans")}
    # A: the bloc's support of the fund climbs to grants (where A's own, in the same paper,
    # counts once) and to the plan (where A's own, on the radio, adds 0.5).
    assert [cells["a", t] for t in ("fund-500", "grants", "recovery")] == \
        [(1.0, 0.0), (1.0, 0.0), (1.5, 0.0)]
    assert [cells["b", t] for t in ("fund-500", "grants", "recovery")] == [(1.0, 0.0)] * 3
    # C is excepted from the bloc's stand; its opposition of grants stays on grants.
    assert [cells["c", t] for t in ("fund-500", "grants", "recovery")] == \
        [(0.0, 0.0), (0.0, 1.0), (0.0, 0.0)]
    # D: its leader's skepticism stays on the fund; its support of loans reaches the plan.
    assert [cells["d", t] for t in ("fund-500", "grants", "recovery", "loans")] == \
        [(0.0, 0.5), (0.0, 0.0), (1.0, 0.0), (1.0, 0.0)]
    # An actor target never climbs: D opposes C, and nothing else.
    assert _cell(supports, "d", "c") == (0.0, 1.0)
    assert "c" in supports.targets and "southern" not in supports.actors
    # Every relation climbs with "all"; nothing with "none".
    assert [_cell(every, "c", t) for t in ("grants", "recovery")] == [(0.0, 1.0), (0.0, 1.0)]
    assert [_cell(every, "d", t) for t in ("fund-500", "grants", "recovery")] == \
        [(0.0, 0.5), (0.0, 0.5), (1.0, 0.5)]
    assert [_cell(none, "a", t) for t in ("fund-500", "grants", "recovery")] == \
        [(1.0, 0.0), (1.0, 0.0), (0.5, 0.0)]
    assert _cell(none, "d", "recovery") == (0.0, 0.0)


@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize("dedupe", DEDUPES)
@pytest.mark.parametrize("broader", BROADER)
def test_the_recovery_fund_equals_the_reference(
        recovery: tuple[sg.StanceGraph, sg.SparqlStore], level: str, dedupe: str,
        broader: str) -> None:
    g, store = recovery
    for day in (None, "2020-07-01", "2020-07-20", "2020-07-21"):
        assert_same_affiliation(
            store.affiliation(level=level, dedupe=dedupe, as_of=day,  # type: ignore[arg-type]
                                broader=broader),  # type: ignore[arg-type]
            reference(g, level, dedupe, day, broader))


def test_a_support_of_the_narrower_position_meets_an_opposition_of_the_broader(
        recovery: tuple[sg.StanceGraph, sg.SparqlStore]) -> None:
    # B (the fund) and C (against grants) share no target without broader: no tie.
    _, store = recovery
    for broader, tie in (("none", 0.0), ("supports", -1.0)):
        aff = store.affiliation(broader=broader)  # type: ignore[arg-type]
        agreement = (aff.net @ aff.net.T).toarray()
        b, c = aff.actors.index("b"), aff.actors.index("c")
        assert agreement[b, c] == tie


@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize("dedupe", DEDUPES)
def test_a_debate_without_broader_positions_is_unchanged(level: str, dedupe: str) -> None:
    g = sg.loads(FLAT)
    store = sg.SparqlStore()
    store.push(g)
    expected = in_memory(g, level, dedupe, None)
    for broader in BROADER:
        assert_same_affiliation(store.affiliation(level=level, dedupe=dedupe,  # type: ignore[arg-type]
                                                    broader=broader),  # type: ignore[arg-type]
                                expected)


def test_the_query_holds_a_broader_table_only_when_needed(
        recovery: tuple[sg.StanceGraph, sg.SparqlStore]) -> None:
    g, _ = recovery
    iris = {id: f"https://example.org/{id}" for id in g.nodes}
    for broader, rows in (("supports", 7), ("all", 7), ("none", 0)):
        p = matrix.plan("https://example.org/g", g, iris, level="stated", dedupe="document",
                        as_of=None, exceptions=None, broader=broader)  # type: ignore[arg-type]
        assert len(p.broader_rows) == rows  # fund: 3; grants: 2; loans: 2
        assert ("?tb" in matrix.matrix_query(p)) == bool(rows)
    flat = sg.loads(FLAT)
    p = matrix.plan("https://example.org/g", flat, {id: f"https://example.org/{id}"
                                                     for id in flat.nodes},
                    level="stated", dedupe="document", as_of=None, exceptions=None)
    assert p.broader_rows == [] and "?tb" not in matrix.matrix_query(p)


# -- any graph -----------------------------------------------------------------------------
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(g=graphs(), level=st.sampled_from(LEVELS), dedupe=st.sampled_from(DEDUPES),
       broader=st.sampled_from(BROADER),
       day=st.none() | st.dates(min_value=dt.date(1, 1, 2), max_value=dt.date(9999, 12, 30)))
def test_stance_matrix_with_broader_equals_the_reference_on_any_graph(
        g: sg.StanceGraph, level: str, dedupe: str, broader: str, day: dt.date | None) -> None:
    # Hypothesis graphs have broader chains, dated memberships, blocs with exceptions, sources
    # dated through the source reporting them, retractions and replacements.
    store = sg.SparqlStore()
    store.push(g)
    when = None if day is None else day.isoformat()
    assert_same_affiliation(
        store.affiliation(level=level, dedupe=dedupe, as_of=when,  # type: ignore[arg-type]
                            broader=broader),  # type: ignore[arg-type]
        reference(g, level, dedupe, when, broader))


# -- a real server -------------------------------------------------------------------------
def test_broader_through_the_server(oxigraph: Oxigraph, nato: sg.StanceGraph) -> None:  # noqa: F811
    store = oxigraph.store(graph="https://example.org/graphs/nato-broader")
    store.push(nato)
    for broader in BROADER:
        for day in (None, "2022-03-27"):
            assert_same_affiliation(
                store.affiliation(as_of=day, broader=broader),  # type: ignore[arg-type]
                reference(nato, "state", "document", day, broader))


# -- the in-memory option, once it exists --------------------------------------------------
@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize("dedupe", DEDUPES)
@pytest.mark.parametrize("broader", BROADER)
def test_stance_matrix_equals_the_in_memory_broader(
        nato: sg.StanceGraph, nato_store: sg.SparqlStore,
        recovery: tuple[sg.StanceGraph, sg.SparqlStore], level: str, dedupe: str,
        broader: str) -> None:
    _in_memory_broader_or_skip()
    for g, store, days in ((nato, nato_store, NATO_AS_OF),
                           (recovery[0], recovery[1], [None, "2020-07-01", "2020-07-21"])):
        for day in days:
            view = sg.as_of(g, day) if day is not None else g
            expected = affiliation(view, level=level, dedupe=dedupe,  # type: ignore[arg-type]
                                   broader=broader)  # type: ignore[call-arg]
            assert_same_affiliation(
                store.affiliation(level=level, dedupe=dedupe, as_of=day,  # type: ignore[arg-type]
                                    broader=broader),  # type: ignore[arg-type]
                expected)


@pytest.mark.parametrize("broader", BROADER)
def test_store_coalitions_equal_the_in_memory_broader(
        nato: sg.StanceGraph, nato_store: sg.SparqlStore, broader: str) -> None:
    _in_memory_broader_or_skip()
    if not _has_broader(sg.coalitions):
        pytest.skip("stancegraph.coalitions has no broader= parameter yet")
    assert_same_coalitions(nato_store.coalitions(broader=broader),  # type: ignore[arg-type]
                           sg.coalitions(nato, broader=broader))  # type: ignore[call-arg]


def test_the_former_name_still_works_and_warns(nato_store: sg.SparqlStore) -> None:
    with pytest.warns(DeprecationWarning, match="SparqlStore.stance_matrix is now "
                                                "SparqlStore.affiliation"):
        old = nato_store.stance_matrix(level="state")
    new = nato_store.affiliation(level="state")
    assert (old.actors, old.targets) == (new.actors, new.targets)
    assert (abs(old.net - new.net) > 1e-12).nnz == 0
