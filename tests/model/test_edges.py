from __future__ import annotations

import datetime as dt

import pytest
from pydantic import ValidationError

import stancegraph as sg


def test_stance_minimal_and_defaults() -> None:
    s = sg.Stance(holder="a", relation="supports", target="b")
    assert (s.id, s.conditions, s.except_, s.retracted, s.confidence) == (None, (), (), False, None)


@pytest.mark.parametrize("relation", ["support", "against", "SUPPORTS", ""])
def test_stance_relation_is_closed(relation: str) -> None:
    with pytest.raises(ValidationError, match="relation"):
        sg.Stance(holder="a", relation=relation, target="b")  # type: ignore[arg-type]


@pytest.mark.parametrize("confidence", [-0.1, 1.01, "0.5", True])
def test_confidence_is_a_number_in_0_1(confidence: object) -> None:
    with pytest.raises(ValidationError, match="confidence"):
        sg.Stance(holder="a", relation="supports", target="b", confidence=confidence)


def test_attribution_is_closed() -> None:
    with pytest.raises(ValidationError, match="attribution"):
        sg.Stance(holder="a", relation="supports", target="b", attribution="rumour")  # type: ignore[arg-type]


def test_lists_are_sets_sorted_without_repeats() -> None:
    s = sg.Stance(holder="a", relation="supports", target="b", conditions=["z-pos", "a phrase"])
    assert s.conditions == ("a phrase", "z-pos")
    with pytest.raises(ValidationError, match="'x' is listed twice"):
        sg.Stance(holder="a", relation="supports", target="b", conditions=["x", "x"])
    with pytest.raises(ValidationError, match="'e' is listed twice"):
        sg.Bloc(id="b", name="B", members=["e", "f", "e"])


def test_except_is_written_except() -> None:
    s = sg.Stance.model_validate({"holder": "bloc", "relation": "opposes", "target": "t",
                                  "except": ["hungary"]})
    assert s.except_ == ("hungary",)
    assert s.model_dump(by_alias=True)["except"] == ("hungary",)


def test_retracted_on_implies_retracted() -> None:
    s = sg.Stance(holder="a", relation="supports", target="b", retracted_on="2022-03-28")
    assert s.retracted and s.retracted_on == dt.date(2022, 3, 28)
    with pytest.raises(ValidationError, match="retracted cannot be false"):
        sg.Stance(holder="a", relation="supports", target="b", retracted=False,
                  retracted_on="2022-03-28")


def test_a_stance_cannot_supersede_itself() -> None:
    with pytest.raises(ValidationError, match="supersede itself"):
        sg.Stance(id="s1", holder="a", relation="supports", target="b", superseded_by="s1")


def test_relation_kinds_and_dates() -> None:
    r = sg.Relation(subject="a", relation="leads", object="b", start="2020-01-01")
    assert r.start == dt.date(2020, 1, 1)
    with pytest.raises(ValidationError, match="relation"):
        sg.Relation(subject="a", relation="likes", object="b")  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="before start"):
        sg.Relation(subject="a", relation="leads", object="b", start="2021-01-01", end="2020-01-01")
    with pytest.raises(ValidationError, match="related to itself"):
        sg.Relation(subject="a", relation="talks-with", object="a")
