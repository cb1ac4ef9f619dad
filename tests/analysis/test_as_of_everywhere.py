"""Every analysis function and drawing takes ``as_of``, and it means the same as passing the view
``sg.as_of(g, day)``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

import stancegraph as sg
from stancegraph.analysis import statements

DAY = "2022-03-26"


def _same(a: Any, b: Any) -> None:
    if isinstance(a, sg.SignedNetwork):
        assert a.ids == b.ids
        assert (abs(a.difference - b.difference) > 1e-12).nnz == 0
    elif isinstance(a, sg.Affiliation):
        assert (a.actors, a.targets) == (b.actors, b.targets)
        assert (abs(a.net - b.net) > 1e-12).nnz == 0
    elif isinstance(a, sg.CoalitionResult):
        assert a.to_dict() == b.to_dict()
    elif hasattr(a, "holder") and hasattr(a, "targets"):  # Statements
        assert (a.actors, a.targets) == (b.actors, b.targets)
        assert np.array_equal(a.holder, b.holder) and np.array_equal(a.target, b.target)
    else:
        assert a == b


CALLS: dict[str, Callable[..., Any]] = {
    "statements": statements,
    "affiliation": sg.affiliation,
    "signed_network": sg.signed_network,
    "congruence_network": sg.congruence_network,
    "conflict_network": sg.conflict_network,
    "count_camps": lambda g, **kw: sg.count_camps(g, **kw).k,
    "coalitions": sg.coalitions,
    "outliers": lambda g, **kw: sg.outliers(g, "central-eastern-europe", **kw),
}


@pytest.mark.parametrize("name", sorted(CALLS))
def test_as_of_is_the_view(nato: sg.StanceGraph, name: str) -> None:
    call = CALLS[name]
    on_the_day = call(nato, as_of=DAY)
    _same(on_the_day, call(sg.as_of(nato, DAY)))
    if name not in ("count_camps", "outliers"):
        with pytest.raises(AssertionError):  # the day makes a difference on the seed
            _same(on_the_day, call(nato))


@pytest.mark.parametrize("draw", ["coalition_graph", "stance_map", "stance_matrix"])
def test_a_drawing_as_of_a_day_is_the_drawing_of_the_view(nato: sg.StanceGraph,
                                                          draw: str) -> None:
    function = getattr(sg.draw, draw)
    on_the_day, of_the_view = function(nato, as_of=DAY), function(sg.as_of(nato, DAY))
    assert on_the_day.get_title(loc="left") == of_the_view.get_title(loc="left")
    texts = [[t.get_text() for t in ax.texts] for ax in (on_the_day, of_the_view)]
    assert texts[0] == texts[1]
    if on_the_day.images:
        assert np.array_equal(on_the_day.images[0].get_array(),
                              of_the_view.images[0].get_array())
