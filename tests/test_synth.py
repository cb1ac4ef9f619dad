"""The synthetic debate generator: seeded, valid, and faithful to its planted camps."""

from __future__ import annotations

from pathlib import Path

import pytest

import stancegraph as sg
from stancegraph.synth import Popularity, planted_camps, synthetic_debate, write_synthetic_debate


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


def test_zipf_popularity_is_the_default_and_keeps_the_debate_as_it_was() -> None:
    # Pinned from the generator before popularity= existed: other benchmarks rely on it.
    g = synthetic_debate(300, actors=20, targets=8, sources=5, seed=2)
    assert g == synthetic_debate(300, actors=20, targets=8, sources=5, seed=2, popularity="zipf")
    first = [(s.holder, s.relation, s.target, s.date.isoformat(), s.confidence, s.source)
             for s in list(g.stances)[:3]]
    assert first == [("a13", "supports", "t0", "2023-03-17", 0.97, "doc0"),
                     ("a17", "supports", "t3", "2023-02-15", 0.99, "doc3"),
                     ("a17", "supports", "t7", "2023-10-29", 1.0, "doc2")]


def _target_counts(g: sg.StanceGraph, targets: int) -> list[int]:
    counts = [0] * targets
    for s in g.stances:
        counts[int(s.target[1:])] += 1
    return counts


def test_uniform_popularity_draws_every_target_about_equally_often() -> None:
    uniform = _target_counts(synthetic_debate(20_000, actors=100, targets=10,
                                              popularity="uniform", seed=1), 10)
    zipf = _target_counts(synthetic_debate(20_000, actors=100, targets=10, seed=1), 10)
    assert max(uniform) / min(uniform) < 1.15
    assert zipf[0] / zipf[-1] > 5  # 10 ** 0.8 = 6.3 expected
    assert synthetic_debate(100, actors=10, targets=5, popularity="uniform", seed=1) == \
        synthetic_debate(100, actors=10, targets=5, popularity="uniform", seed=1)


def test_unknown_popularity_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown popularity 'pareto'"):
        synthetic_debate(10, actors=2, targets=3, popularity="pareto")  # type: ignore[arg-type]


@pytest.mark.parametrize("suffix", ["csv", "parquet", "tsv", "jsonl"])
@pytest.mark.parametrize("popularity", ["zipf", "uniform"])
def test_a_written_debate_loads_back_as_generated(tmp_path: Path, suffix: str,
                                                  popularity: Popularity) -> None:
    path = tmp_path / f"debate.{suffix}"
    write_synthetic_debate(path, 400, actors=30, targets=9, sources=7, camps=2,
                           popularity=popularity, seed=4)
    g = synthetic_debate(400, actors=30, targets=9, sources=7, camps=2, popularity=popularity,
                         seed=4)
    loaded = sg.load(path)
    assert list(loaded.stances) == list(g.stances)
    assert loaded.actors == g.actors and loaded.positions == g.positions
    assert set(loaded.sources) <= set(g.sources)  # a table holds only the cited sources
