from __future__ import annotations

import datetime as dt

import pytest
from pydantic import ValidationError

import stancegraph as sg


def test_every_node_has_the_shared_fields() -> None:
    p = sg.Person(id="olaf-scholz", name="Olaf Scholz", aliases=["Scholz"], wikidata="Q61053",
                  description="Chancellor", tags=["spd"], role="Chancellor")
    assert (p.type, p.aliases, p.tags, p.role) == ("Person", ("Scholz",), ("spd",), "Chancellor")


@pytest.mark.parametrize("bad", ["Q0", "q42", "Q", "42", "Q12a", " Q42"])
def test_wikidata_ids_are_validated(bad: str) -> None:
    with pytest.raises(ValidationError, match="wikidata"):
        sg.State(id="x", name="X", wikidata=bad)


@pytest.mark.parametrize("bad", ["Olaf", "olaf scholz", "-olaf", "olaf-", "olaf--scholz", "", "é"])
def test_ids_are_lowercase_slugs(bad: str) -> None:
    with pytest.raises(ValidationError, match="id"):
        sg.State(id=bad, name="X")


def test_models_are_frozen_and_closed() -> None:
    s = sg.State(id="x", name="X")
    with pytest.raises(ValidationError, match="frozen"):
        s.name = "Y"  # type: ignore[misc]
    with pytest.raises(ValidationError, match="Extra inputs"):
        sg.State(id="x", name="X", colour="red")  # type: ignore[call-arg]


def test_names_must_be_text() -> None:
    with pytest.raises(ValidationError, match="valid string"):
        sg.State(id="x", name=5)  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="at least 1 character"):
        sg.State(id="x", name="  ")


def test_positions_carry_broader_and_agreements_their_parties() -> None:
    a = sg.Agreement(id="act", name="Act", signed="1997-05-27", parties=["nato", "russia"])
    assert a.signed == dt.date(1997, 5, 27) and a.parties == ("nato", "russia")
    assert sg.PolicyOption(id="tanks", name="Tanks", broader="heavy").broader == "heavy"


@pytest.mark.parametrize("bad", [20220329, 0, 1.5, True, "29/03/2022"])
def test_dates_are_calendar_dates_not_numbers(bad: object) -> None:
    with pytest.raises(ValidationError, match="date"):
        sg.Source(id="s", title="T", date=bad)


def test_source_url_must_be_http() -> None:
    assert sg.Source(id="s", title="T", url="https://example.org/a").url
    with pytest.raises(ValidationError, match="url"):
        sg.Source(id="s", title="T", url="ftp://example.org")


@pytest.mark.parametrize("kind", [sg.Person, sg.State, sg.Organization, sg.Bloc, sg.Agreement,
                                  sg.PolicyOption, sg.Claim])
def test_plain_nodes_are_the_models_validation_makes(kind: type) -> None:
    from stancegraph.model import plain_nodes

    ids, names = ["olaf-scholz", "s1.2", "x"], ["Olaf Scholz", "s1.2", "Ünïcode — ok"]
    built = plain_nodes(kind, ids, names)
    validated = [kind(id=id, name=name) for id, name in zip(ids, names, strict=True)]
    assert built == validated
    assert [(repr(n), n.model_fields_set, n.model_dump(), hash(n)) for n in built or []] == [
        (repr(n), n.model_fields_set, n.model_dump(), hash(n)) for n in validated]
    with pytest.raises(ValidationError, match="frozen"):
        built[0].name = "Other"  # type: ignore[index]


@pytest.mark.parametrize(("ids", "names"), [
    (["Olaf"], ["Olaf"]), (["a--b"], ["A"]), ([""], ["A"]), (["a"], [""]), (["a"], [" A"]),
    (["a"], ["A\x00"]), (["a"], ["lone \ud800"]), (["a"], [1]), (["a", "b"], ["A"]),
])
def test_plain_nodes_leave_what_validation_would_refuse_or_change_to_it(
        ids: list[str], names: list[str]) -> None:
    from stancegraph.model import plain_nodes

    assert plain_nodes(sg.State, ids, names) is None
