"""A stand's evidence: each member's most confident statement, the most confident members
first, so an inference never stands before a statement on record."""

from __future__ import annotations

import stancegraph as sg

DEBATE = """
sources:
  - {id: paper, type: Source, title: A paper}
  - {id: radio, type: Source, title: A radio show}
actors:
  - {id: alpha, type: State, name: Alpha}
  - {id: beta, type: State, name: Beta}
  - {id: gamma, type: State, name: Gamma}
  - {id: delta, type: State, name: Delta}
  - {id: omega, type: State, name: Omega}
positions:
  - {id: plan, type: PolicyOption, name: The plan}
  - {id: other, type: PolicyOption, name: The other plan}
stances:
  # alpha: an inference only; beta: an inference and an on-record statement; gamma: a report
  # with no confidence given (counts as 1); delta: 0.8.
  - {holder: alpha, relation: supports, target: plan, source: paper, confidence: 0.3,
     attribution: reported, quote: Alpha seems to lean to it.}
  - {holder: beta, relation: supports, target: plan, source: paper, confidence: 0.4,
     attribution: reported, quote: Beta may like it.}
  - {holder: beta, relation: supports, target: plan, source: radio, confidence: 0.9,
     attribution: on-record, quote: Beta backs the plan.}
  - {holder: gamma, relation: supports, target: plan, source: paper, quote: Gamma backs it.}
  - {holder: delta, relation: supports, target: plan, source: radio, confidence: 0.8,
     quote: Delta backs it too.}
  - {holder: omega, relation: opposes, target: plan, source: paper, quote: Omega is against.}
  - {holder: omega, relation: supports, target: other, source: paper, quote: Omega's plan.}
"""


def _stand(result: sg.CoalitionResult, member: str, target: str) -> sg.Stand:
    camp = next(c for c in result.coalitions if member in c.members)
    return next(s for s in camp.unites if s.target == target)


def test_the_most_confident_statements_come_first() -> None:
    g = sg.loads(DEBATE)
    result = sg.coalitions(g, k=2, method="exact", evidence=3)
    evidence = _stand(result, "alpha", "plan").evidence
    assert [(e["actor"], e["confidence"]) for e in evidence] == [
        ("gamma", None), ("beta", 0.9), ("delta", 0.8)]
    assert evidence[1]["quote"] == "Beta backs the plan."  # beta's own best, not its inference


def test_a_member_only_an_inference_puts_behind_a_stand_is_not_counted_in_it() -> None:
    """Alpha is in the camp (its inference counts toward the camps) but not in the stand,
    which counts statements of confidence 0.5 or more: its evidence leaves Alpha out."""
    result = sg.coalitions(sg.loads(DEBATE), k=2, method="exact", evidence=10)
    stand = _stand(result, "alpha", "plan")
    assert "alpha" not in stand.members and stand.members == ("beta", "delta", "gamma")
    assert [e["actor"] for e in stand.evidence] == ["gamma", "beta", "delta"]
    assert len({e["actor"] for e in stand.evidence}) == len(stand.evidence)  # one each


def test_no_evidence_asked_gives_none() -> None:
    result = sg.coalitions(sg.loads(DEBATE), k=2, method="exact", evidence=0)
    assert _stand(result, "alpha", "plan").evidence == ()
