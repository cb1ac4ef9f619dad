from __future__ import annotations

import stancegraph as sg

G = """
actors:
  - {id: a, type: State, name: A}
  - {id: b, type: State, name: B}
  - {id: c, type: State, name: C}
positions:
  - {id: x, type: PolicyOption, name: X}
  - {id: y, type: PolicyOption, name: Y}
  - {id: z, type: PolicyOption, name: Z}
  - {id: w, type: PolicyOption, name: W}
stances:
  - {holder: a, relation: supports, target: x}
  - {holder: b, relation: supports, target: x}
  - {holder: a, relation: opposes, target: y}
  - {holder: b, relation: skeptical-of, target: y}
  - {holder: a, relation: supports, target: z}
  - {holder: b, relation: opposes, target: z}
  - {holder: a, relation: supports, target: w}
  - {holder: b, relation: supports, target: w}
  - {holder: b, relation: opposes, target: w}
  - {holder: c, relation: opposes, target: x, retracted: true}
"""


def test_same_opposite_and_mixed() -> None:
    g = sg.loads(G)
    r = sg.agreement(g, "a", "b")
    assert (r.same, r.opposite, r.mixed) == (("x", "y"), ("z",), ("w",))
    assert r.shared == 4 and r.score == (2 - 1) / 4


def test_retracted_stances_do_not_count() -> None:
    r = sg.agreement(sg.loads(G), "a", "c")
    assert r.shared == 0 and r.score is None


def test_agreement_is_symmetric_on_the_seed(nato: sg.StanceGraph) -> None:
    ab = sg.agreement(nato, "poland", "germany")
    ba = sg.agreement(nato, "germany", "poland")
    assert (ab.same, ab.opposite, ab.mixed) == (ba.same, ba.opposite, ba.mixed)
    assert "dialogue-with-putin" in ab.opposite


def test_stated_only_ignores_roll_up(nato: sg.StanceGraph) -> None:
    assert sg.agreement(nato, "germany", "united-kingdom", effective=False).shared < \
        sg.agreement(nato, "germany", "united-kingdom").shared
