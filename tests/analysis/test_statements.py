from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import stancegraph as sg
from stancegraph.analysis import Statements, statements
from stancegraph.analysis.statements import _codes, _dedupe, _expand

G = """
sources:
  - {id: paper-1, title: One, date: 2022-01-03}
  - {id: paper-2, title: Two, date: 2022-01-04}
  - {id: paper-3, title: Three, date: 2022-02-01}
actors:
  - {id: de, type: State, name: Germany}
  - {id: fr, type: State, name: France}
  - {id: scholz, type: Person, name: Olaf Scholz}
  - {id: spokesman, type: Person, name: Spokesman}
  - {id: duo, type: Bloc, name: Duo, members: [de, fr]}
positions:
  - {id: p, type: PolicyOption, name: P}
relations:
  - {subject: scholz, relation: leads, object: de}
  - {subject: spokesman, relation: speaks-for, object: scholz}
stances:
  - {holder: spokesman, relation: supports, target: p, source: paper-1}
  - {holder: scholz, relation: supports, target: p, source: paper-1}
  - {holder: scholz, relation: supports, target: p, source: paper-2}
  - {holder: scholz, relation: supports, target: p, source: paper-3}
  - {holder: fr, relation: skeptical-of, target: p, confidence: 0.5}
  - {holder: duo, relation: opposes, target: scholz, except: [de]}
  - {holder: fr, relation: opposes, target: p, retracted: true}
"""


@pytest.fixture(scope="module")
def g() -> sg.StanceGraph:
    return sg.loads(G)


def rows_of(rows: Statements, actor: str) -> list[tuple[str, int, float]]:
    i = rows.actors.index(actor)
    return sorted((rows.targets[t], int(s), float(w)) for t, s, w in
                  zip(rows.target[rows.holder == i], rows.sign[rows.holder == i],
                      rows.weight[rows.holder == i], strict=True))


def test_stated_level_keeps_the_speakers(g: sg.StanceGraph) -> None:
    rows = statements(g, level="stated", dedupe="none")
    assert rows.actors == ("de", "duo", "fr", "scholz", "spokesman")
    assert rows_of(rows, "scholz") == [("p", 1, 1.0)] * 3


def test_state_level_rolls_up_and_dedupes_per_document(g: sg.StanceGraph) -> None:
    rows = statements(g, level="state", dedupe="document")
    assert rows.actors == ("de", "fr")  # people and the bloc roll up
    # paper-1 twice (spokesman, scholz) -> once; paper-2 and paper-3 once each.
    assert rows_of(rows, "de") == [("p", 1, 1.0)] * 3


@pytest.mark.parametrize(("dedupe", "count"), [("none", 4), ("document", 3), ("week", 2),
                                                ("month", 2), ("year", 1)])
def test_dedupe_periods(g: sg.StanceGraph, dedupe: str, count: int) -> None:
    rows = statements(g, dedupe=dedupe)  # type: ignore[arg-type]
    assert len(rows_of(rows, "de")) == count


def test_weights_skepticism_and_confidence(g: sg.StanceGraph) -> None:
    rows = statements(g)
    # skeptical-of at confidence 0.5: 0.5 * 0.5; the retracted opposition is left out; the
    # bloc's stance on Scholz reaches France only (Germany excepted), on Germany (Scholz's state).
    assert rows_of(rows, "fr") == [("de", -1, 1.0), ("p", -1, 0.25)]
    with_retracted = statements(g, include_retracted=True)
    assert ("p", -1, 1.0) in rows_of(with_retracted, "fr")


def test_provenance_points_at_the_statement(g: sg.StanceGraph) -> None:
    rows = statements(g, level="stated", dedupe="none")
    ids = {g.stances[int(r)].id for r in rows.stance}
    assert "spokesman.supports.p" in ids and "fr.opposes.p" not in ids
    assert rows.date.dtype == np.int64 and rows.date.min() >= 0


def test_bad_options(g: sg.StanceGraph) -> None:
    with pytest.raises(sg.ArgumentError, match="unknown level 'country'"):
        statements(g, level="country")  # type: ignore[arg-type]
    with pytest.raises(sg.ArgumentError, match="unknown dedupe period 'day'"):
        statements(g, dedupe="day")  # type: ignore[arg-type]


def test_empty_graph() -> None:
    rows = statements(sg.StanceGraph())
    assert len(rows) == 0 and rows.actors == () and rows.targets == ()


# -- the vectorised helpers agree with the plain definitions they replace ----------------------

def _dedupe_by_lexsort(holder: np.ndarray, target: np.ndarray, relation: np.ndarray,
                       weight: np.ndarray, period: np.ndarray) -> np.ndarray:
    order = np.lexsort((np.arange(len(holder)), -weight, period, relation, target, holder))
    h, t, r, p = holder[order], target[order], relation[order], period[order]
    first = np.ones(len(order), dtype=bool)
    first[1:] = (h[1:] != h[:-1]) | (t[1:] != t[:-1]) | (r[1:] != r[:-1]) | (p[1:] != p[:-1])
    return np.sort(order[first])


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 60), st.integers(0, 2**32 - 1), st.booleans())
def test_dedupe_keeps_the_first_strongest_of_each_group(n: int, seed: int, wide: bool) -> None:
    rng = np.random.default_rng(seed)
    holder = rng.integers(0, 4, n)
    target = rng.integers(0, 3, n)
    relation = rng.integers(0, 3, n).astype(np.int8)
    weight = rng.choice([0.0, 0.25, 0.5, 1.0], n)  # many ties
    # Wide periods do not fit in one integer key with the rest: the lexsort fallback.
    period = rng.integers(-3, 3, n) * (2**60 if wide else 1)
    found = _dedupe(holder, target, relation, weight, period)
    assert found.dtype == np.int64
    assert np.array_equal(found, _dedupe_by_lexsort(holder, target, relation, weight, period))


def test_codes_number_values_in_order_of_first_appearance() -> None:
    values = ("b", None, "a", "b", None, "c", "a")
    codes, names = _codes(values)
    assert codes.tolist() == [0, -1, 1, 0, -1, 2, 1] and names == ["b", "a", "c"]
    codes, names = _codes(())
    assert codes.dtype == np.int64 and len(codes) == 0 and names == []


@settings(max_examples=100, deadline=None)
@given(st.lists(st.integers(0, 6), max_size=30), st.data())
def test_expand_matches_expanding_every_row(keys: list[int], data: st.DataObject) -> None:
    lists = {k: data.draw(st.lists(st.integers(0, 50), max_size=3, unique=True))
             for k in range(7)}
    same = np.array(data.draw(st.lists(st.booleans(), min_size=len(keys),
                                       max_size=len(keys))), dtype=bool)
    row_of, items = _expand(np.array(keys, dtype=np.int64), same, lists.__getitem__)
    expected = [(r, v) for r, k in enumerate(keys) for v in ([k] if same[r] else lists[k])]
    assert list(zip(row_of.tolist(), items.tolist(), strict=True)) == expected
    assert row_of.dtype == items.dtype == np.int64
