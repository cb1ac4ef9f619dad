"""The facts a reader of the 2022-03-29 report would check in examples/nato_2022.yaml."""

from __future__ import annotations

import datetime as dt

import pytest

import stancegraph as sg


def effective(g: sg.StanceGraph, holder: str, target: str) -> set[str]:
    return {e.relation for e in sg.effective_stances(g, holder=holder, target=target)}


def test_every_named_person_is_there_with_role(nato: sg.StanceGraph) -> None:
    people = {"joe-biden": "Q6279", "vladimir-putin": "Q7747", "emmanuel-macron": "Q3052772",
              "olaf-scholz": "Q61053", "volodymyr-zelenskyy": "Q3874799",
              "andrzej-duda": "Q9151911", "boris-johnson": "Q180589",
              "steffen-hebestreit": None, "max-blain": None}
    for id, qid in people.items():
        person = nato.node(id)
        assert person.type == "Person" and person.role, id
        assert person.wikidata == qid, id


def test_states_organisations_and_blocs(nato: sg.StanceGraph) -> None:
    states = {a.id for a in sg.actors(nato, "State")}
    assert {"united-states", "russia", "ukraine", "france", "germany", "united-kingdom", "poland",
            "hungary", "estonia", "latvia", "lithuania"} <= states
    assert nato.node("nato").type == "Organization"
    assert sg.members(nato, "baltic-states") == ["estonia", "latvia", "lithuania"]
    assert "hungary" in sg.members(nato, "central-eastern-europe")
    assert "hungary" not in sg.members(nato, "dialogue-skeptics")
    assert "united-kingdom" in sg.members(nato, "nato")


def test_the_founding_act(nato: sg.StanceGraph) -> None:
    act = nato.node("nato-russia-founding-act")
    assert act.type == "Agreement" and act.signed == dt.date(1997, 5, 27)
    assert act.parties == ("nato", "russia")


def test_germany_opposes_abandoning_the_founding_act(nato: sg.StanceGraph) -> None:
    assert effective(nato, "germany", "abandon-founding-act") == {"opposes"}
    assert effective(nato, "germany", "nato-russia-founding-act") == {"supports"}
    scholz = sg.stances(nato, holder="olaf-scholz", target="abandon-founding-act")
    assert scholz[0].date == dt.date(2022, 3, 24) and "Founding Act" in (scholz[0].quote or "")


def test_uk_and_poland_doubt_putin_is_serious_but_hungary_is_excluded(nato: sg.StanceGraph) -> None:
    claim = "putin-serious-about-negotiating"
    for state in ("united-kingdom", "poland", "estonia", "latvia", "lithuania"):
        assert effective(nato, state, claim) == {"skeptical-of"}, state
    assert effective(nato, "hungary", claim) == set()
    bloc_stance = sg.stances(nato, holder="central-eastern-europe", target=claim)[0]
    assert bloc_stance.except_ == ("hungary",)
    assert bloc_stance.attribution == "document" and bloc_stance.source == "document-dialogue"
    assert nato.node("document-dialogue").reported_in == "bloomberg-2022-03-29"


def test_bidens_remark_is_recorded_and_retracted(nato: sg.StanceGraph) -> None:
    (remark,) = sg.stances(nato, holder="joe-biden")
    assert remark.target == "putin-cannot-remain-in-power" and remark.retracted
    assert remark.date == dt.date(2022, 3, 26)
    assert effective(nato, "united-states", remark.target) == set()
    rolled = sg.effective_stances(nato, holder="united-states", target=remark.target,
                                  include_retracted=True)
    assert [e.stance.id for e in rolled] == [remark.id]
    assert remark.id in sg.as_of(nato, "2022-03-26")  # the day he said it
    assert remark.id not in sg.as_of(nato, "2022-03-27")  # retracted


def test_zelenskyys_neutrality_offer_carries_two_conditions(nato: sg.StanceGraph) -> None:
    (offer,) = sg.stances(nato, holder="volodymyr-zelenskyy", target="ukrainian-neutrality")
    assert offer.relation == "supports"
    assert set(offer.conditions) == {"security-guarantees-for-ukraine", "referendum-on-peace-deal"}
    assert len(offer.conditions) == 2
    for condition in offer.conditions:
        assert nato.node(condition).type == "PolicyOption"


def test_spokespeople_speak_for_their_principals(nato: sg.StanceGraph) -> None:
    (ceasefire,) = sg.stances(nato, holder="olaf-scholz", target="ceasefire")
    assert ceasefire.speaker == "steffen-hebestreit" and ceasefire.date == dt.date(2022, 3, 28)
    assert effective(nato, "germany", "ceasefire") == {"supports"}
    (blain,) = sg.stances(nato, speaker="max-blain", target="negotiated-settlement")
    assert blain.holder == "boris-johnson"
    assert effective(nato, "united-kingdom", "negotiated-settlement") == {"supports"}
    assert nato.relation("max-blain.speaks-for.boris-johnson")


def test_talks_and_requests(nato: sg.StanceGraph) -> None:
    asked = nato.relation("volodymyr-zelenskyy.asked.emmanuel-macron")
    assert asked.about == "dialogue-with-putin"
    assert nato.relation("emmanuel-macron.talks-with.vladimir-putin")
    duda = nato.relation("andrzej-duda.asked.nato")
    assert duda.about == "negotiations-on-putins-terms" and duda.date == dt.date(2022, 3, 24)
    talks = nato.relation("olaf-scholz.talks-with.volodymyr-zelenskyy")
    assert talks.date == dt.date(2022, 3, 28)


def test_the_weapons_split(nato: sg.StanceGraph) -> None:
    assert effective(nato, "france", "send-tanks") == {"opposes"}
    (red_line,) = sg.stances(nato, holder="emmanuel-macron", target="send-tanks")
    assert red_line.intensity == "red-line"
    assert sg.narrower(nato, "more-weapons-for-ukraine") == [
        "anti-aircraft-for-ukraine", "heavy-weapons-for-ukraine", "send-jets", "send-tanks"]
    for state in ("united-kingdom", "estonia", "latvia", "lithuania", "poland"):
        assert effective(nato, state, "more-weapons-for-ukraine") == {"supports"}, state
    assert effective(nato, "hungary", "more-weapons-for-ukraine") == set()


def test_the_dialogue_split(nato: sg.StanceGraph) -> None:
    assert effective(nato, "france", "dialogue-with-putin") == {"supports"}
    assert effective(nato, "germany", "dialogue-with-putin") == {"supports"}
    for state in ("united-kingdom", "poland"):
        assert effective(nato, state, "dialogue-with-putin") == {"opposes"}, state
    assert effective(nato, "lithuania", "dialogue-with-putin") == set()  # not named in it


@pytest.mark.parametrize("field", ["quote", "attribution", "source"])
def test_every_stance_and_report_relation_has_provenance(nato: sg.StanceGraph, field: str) -> None:
    missing = [s.id for s in nato.stances if getattr(s, field) is None]
    assert missing == []
    reported = [r for r in nato.relations.values() if r.relation in ("talks-with", "asked")]
    assert all(getattr(r, field) for r in reported)


def test_hedged_stances_carry_lower_confidence(nato: sg.StanceGraph) -> None:
    hedged = {s.target: s.confidence for s in sg.stances(nato, holder="central-eastern-europe")}
    assert hedged["more-weapons-for-ukraine"] is not None
    assert hedged["more-weapons-for-ukraine"] < 1
    assert hedged["putin-serious-about-negotiating"] is None
