from __future__ import annotations

import datetime as dt

import pytest

import stancegraph as sg

# b sides with a in January and with c in February.
G = """
actors: [{id: a, type: State, name: A}, {id: b, type: State, name: B},
         {id: c, type: State, name: C}]
positions: [{id: x, type: PolicyOption, name: X}]
stances:
  - {holder: a, relation: supports, target: x, date: 2024-01-05}
  - {holder: b, relation: supports, target: x, date: 2024-01-06}
  - {holder: c, relation: opposes, target: x, date: 2024-01-07}
  - {holder: a, relation: supports, target: x, date: 2024-02-05}
  - {holder: b, relation: opposes, target: x, date: 2024-02-06}
  - {holder: c, relation: opposes, target: x, date: 2024-02-07}
"""


def test_switches_between_windows() -> None:
    timeline = sg.coalitions_over_time(sg.loads(G), window=31, start="2024-01-01")
    assert [p.start for p in timeline.periods] == [dt.date(2024, 1, 1), dt.date(2024, 2, 1)]
    (switch,) = timeline.switches
    assert switch.actor == "b" and switch.before != switch.after
    january, february = timeline.periods
    camp_a = january.camps[january.result.coalition_of("a") or 0]
    assert february.camps[february.result.coalition_of("a") or 0] == camp_a  # a's camp lasts
    assert timeline.to_dict()["switches"][0]["actor"] == "b"


def test_windows_on_the_seed(nato: sg.StanceGraph) -> None:
    timeline = sg.coalitions_over_time(nato, window=7, step=7)
    assert len(timeline.periods) == 1 and timeline.switches == ()


def test_empty_and_bad_windows() -> None:
    assert sg.coalitions_over_time(sg.StanceGraph()).periods == ()
    with pytest.raises(sg.InvalidRecordError, match="window must be a positive number of days"):
        sg.coalitions_over_time(sg.loads(G), window=0)
