"""The synthetic debate generator: seeded, valid, and faithful to its planted camps."""

from __future__ import annotations

import pytest

import stancegraph as sg
from stancegraph.synth import planted_camps, synthetic_debate


def test_same_arguments_same_debate_other_seed_other_debate() -> None:
    one = synthetic_debate(500, actors=40, targets=12, seed=3)
    assert one == synthetic_debate(500, actors=40, targets=12, seed=3)
    assert one != synthetic_debate(500, actors=40, targets=12, seed=4)


def test_the_bulk_built_debate_equals_one_built_from_models() -> None:
    g = synthetic_debate(300, actors=20, targets=8, sources=5, seed=2)
    again = sg.StanceGraph()
    again.add_all(sources=g.sources.values(), actors=g.actors.values(),
                  positions=g.positions.values(), stances=list(g.stances))
    assert again == g


@pytest.mark.parametrize(("noise", "agreeing"), [(0.0, 1.0), (0.5, 0.5)])
def test_stances_follow_the_planted_camps_up_to_the_noise(noise: float, agreeing: float) -> None:
    g = synthetic_debate(4000, actors=30, targets=10, camps=2, noise=noise, seed=5)
    camp = planted_camps(actors=30, camps=2, seed=5)
    # Same-camp actors on the same target agree unless noise flipped one of them.
    sign = {"supports": 1, "opposes": -1, "skeptical-of": -1}
    lean: dict[tuple[int, str], list[int]] = {}
    for s in g.stances:
        lean.setdefault((camp[s.holder], s.target), []).append(sign[s.relation])
    majority = sum(max(v.count(1), v.count(-1)) for v in lean.values())
    assert majority / len(g.stances) == pytest.approx(max(agreeing, 1 - agreeing), abs=0.05)


def test_impossible_sizes_are_refused() -> None:
    with pytest.raises(ValueError, match="two actors"):
        synthetic_debate(10, actors=1, targets=3)
