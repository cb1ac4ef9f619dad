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
    # The report's two camps (found beyond the allies' consensus), and Russia apart from both
    # (it opposes members of each); the senior official, who only doubts a claim some western
    # governments make, and two anonymous diplomats, who doubt France, agree with nobody either.
    count = count_camps(nato)
    assert (count.k, count.rule) == (5, "block model")
    assert count.outsiders == ("dialogue-skeptic-diplomats", "russia", "senior-official")
    assert min(count.code_lengths) == count.code_lengths[2]  # three camps, then the outsiders
    camp = sg.coalitions(nato).coalition_of
    assert camp("france") == camp("germany") != camp("united-kingdom") == camp("poland")
    assert camp("russia") not in (camp("france"), camp("united-kingdom"))
    assert len(sg.coalitions(nato).coalitions) == count.k


def test_an_actor_placed_by_elimination_goes_alone_when_that_codes_shorter(
        nato: sg.StanceGraph) -> None:
    # At the stated level Duda only doubts and opposes negotiations on Putin's terms, which
    # Putin supports: with the number of camps fixed he lands in a camp he agrees with nobody
    # in; alone, the network codes shorter.
    count = count_camps(nato, level="stated")
    assert count.outsiders == ("andrzej-duda", "russia", "senior-official")
    result = sg.coalitions(nato, level="stated")
    camp = result.coalition_of
    assert result.coalitions[camp("andrzej-duda")].members == ("andrzej-duda",)
    # At this level the dialogue skeptics are a bloc of their own, apart from Macron; the
    # leaders themselves state no conflict, so Macron and Johnson share a camp.
    assert camp("emmanuel-macron") == camp("olaf-scholz") == camp("boris-johnson")
    assert camp("dialogue-skeptics") != camp("emmanuel-macron")


def test_the_count_is_seeded_and_takes_an_affiliation(nato: sg.StanceGraph) -> None:
    g = synthetic_debate(10_000, actors=400, targets=50, camps=3, seed=2)
    assert count_camps(g, seed=3) == count_camps(g, seed=3)
    assert count_camps(affiliation(g, level="state")) == count_camps(g)
    assert len(count_camps(g, max_k=4).singular_values) <= 5


def test_an_empty_graph_is_one_camp() -> None:
    count = count_camps(sg.StanceGraph())
    assert (count.k, count.dimensions, count.singular_values) == (1, 0, ())
