"""count_camps: the number of camps the stance profiles hold, for use as k."""

from __future__ import annotations

import pytest

import stancegraph as sg
from stancegraph.analysis import affiliation, count_camps
from stancegraph.synth import synthetic_debate


@pytest.mark.parametrize(("camps", "popularity"), [(1, "uniform"), (2, "uniform"),
                                                   (3, "uniform"), (4, "uniform"),
                                                   (1, "zipf")])
def test_planted_camps_are_counted(camps: int, popularity: str) -> None:
    g = synthetic_debate(40_000, actors=1500, targets=60, camps=camps, seed=1,
                         popularity=popularity)  # type: ignore[arg-type]
    count = count_camps(g)
    assert count.k == camps
    assert count.dimensions == camps - 1


def test_stances_of_random_direction_hold_one_camp() -> None:
    g = synthetic_debate(30_000, actors=1500, targets=60, camps=3, noise=0.5, seed=1)
    assert count_camps(g).k == 1


def test_the_seed_debate_keeps_russia_apart(nato: sg.StanceGraph) -> None:
    # The report's two camps, and Russia apart from both (it opposes members of each); the
    # senior official, who only doubts a claim France and some western governments make,
    # agrees with nobody either.
    count = count_camps(nato)
    assert (count.k, count.rule) == (4, "block model")
    assert count.outsiders == ("russia", "senior-official")
    assert min(count.code_lengths) == count.code_lengths[2]  # three camps, then two outsiders
    camp = sg.coalitions(nato).coalition_of
    assert camp("france") == camp("germany") != camp("united-kingdom") == camp("poland")
    assert camp("russia") not in (camp("france"), camp("united-kingdom"))
    assert len(sg.coalitions(nato).coalitions) == count.k


def test_an_actor_placed_by_elimination_goes_alone_when_that_codes_shorter(
        nato: sg.StanceGraph) -> None:
    # At the stated level Putin only opposes Duda and Johnson, who sit in two different camps:
    # with the number of camps fixed he lands in the third, Paris-Berlin, whose agreement is
    # too sparse for the density rule; alone, the network codes shorter.
    count = count_camps(nato, level="stated")
    assert count.outsiders == ("vladimir-putin",)
    camp = sg.coalitions(nato, level="stated").coalition_of
    assert camp("vladimir-putin") not in {camp(a) for a in ("emmanuel-macron", "boris-johnson",
                                                            "andrzej-duda")}
    assert camp("emmanuel-macron") == camp("olaf-scholz") != camp("boris-johnson")


def test_the_count_is_seeded_and_takes_an_affiliation(nato: sg.StanceGraph) -> None:
    g = synthetic_debate(10_000, actors=400, targets=50, camps=3, seed=2)
    assert count_camps(g, seed=3) == count_camps(g, seed=3)
    assert count_camps(affiliation(g, level="state")) == count_camps(g)
    assert len(count_camps(g, max_k=4).singular_values) <= 5


def test_an_empty_graph_is_one_camp() -> None:
    count = count_camps(sg.StanceGraph())
    assert (count.k, count.dimensions, count.singular_values) == (1, 0, ())
