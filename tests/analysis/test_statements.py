from __future__ import annotations

import numpy as np
import pytest

import stancegraph as sg
from stancegraph.analysis import Statements, statements

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
    with pytest.raises(sg.InvalidRecordError, match="unknown level 'country'"):
        statements(g, level="country")  # type: ignore[arg-type]
    with pytest.raises(sg.InvalidRecordError, match="unknown dedupe period 'day'"):
        statements(g, dedupe="day")  # type: ignore[arg-type]


def test_empty_graph() -> None:
    rows = statements(sg.StanceGraph())
    assert len(rows) == 0 and rows.actors == () and rows.targets == ()
