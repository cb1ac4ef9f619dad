from __future__ import annotations

import networkx as nx
import pytest
from hypothesis import given, settings

import stancegraph as sg
from tests.strategies import graphs


@pytest.fixture
def small() -> sg.StanceGraph:
    g = sg.StanceGraph()
    g.add_all(
        actors=[
            sg.State(id="germany", name="Germany"),
            sg.State(id="france", name="France"),
            sg.Person(id="olaf-scholz", name="Olaf Scholz"),
            sg.Bloc(id="duo", name="Paris-Berlin", members=["germany", "france"]),
        ],
        positions=[
            sg.PolicyOption(id="weapons", name="Weapons"),
            sg.PolicyOption(id="tanks", name="Tanks", broader="weapons"),
        ],
        relations=[sg.Relation(subject="olaf-scholz", relation="leads", object="germany")],
        stances=[sg.Stance(holder="olaf-scholz", relation="opposes", target="tanks")],
    )
    return g


def test_add_all_assigns_readable_ids(small: sg.StanceGraph) -> None:
    assert [s.id for s in small.stances] == ["olaf-scholz.opposes.tanks"]
    assert list(small.relations) == ["olaf-scholz.leads.germany"]
    again = small.add_stance(holder="olaf-scholz", relation="opposes", target="tanks")
    assert again.id == "olaf-scholz.opposes.tanks.2"


def test_ids_are_unique_across_nodes_stances_and_relations(small: sg.StanceGraph) -> None:
    with pytest.raises(sg.DuplicateIdError, match="duplicate id 'germany'"):
        small.add_stance(id="germany", holder="france", relation="supports", target="tanks")
    with pytest.raises(sg.DuplicateIdError, match="duplicate id 'olaf-scholz.leads.germany'"):
        small.add(sg.State(id="olaf-scholz.leads.germany", name="X"))


def test_unknown_ends_are_refused_with_a_suggestion(small: sg.StanceGraph) -> None:
    with pytest.raises(sg.UnknownIdError, match="unknown actor 'germny'.*did you mean 'germany'"):
        small.add_stance(holder="germny", relation="supports", target="tanks")
    with pytest.raises(sg.UnknownIdError, match="unknown target 'tank'.*'tanks'"):
        small.add_stance(holder="germany", relation="supports", target="tank")
    with pytest.raises(sg.UnknownIdError, match="unknown actor"):
        small.add_relation(subject="olaf-scholz", relation="leads", object="germani")


def test_wrong_kinds_are_refused(small: sg.StanceGraph) -> None:
    with pytest.raises(sg.IntegrityError, match="holder is a PolicyOption, not an actor"):
        small.add_stance(holder="tanks", relation="supports", target="weapons")
    with pytest.raises(sg.IntegrityError, match="only a Person leads"):
        small.add_relation(subject="france", relation="leads", object="germany")
    with pytest.raises(sg.IntegrityError, match="speaker is a State, not a person"):
        small.add_stance(holder="germany", relation="supports", target="tanks", speaker="france")
    with pytest.raises(sg.IntegrityError, match="on itself"):
        small.add_stance(holder="germany", relation="supports", target="germany")


def test_wrong_value_types_are_refused(small: sg.StanceGraph) -> None:
    with pytest.raises(sg.InvalidRecordError, match="field 'confidence'"):
        small.add_stance(holder="germany", relation="supports", target="tanks", confidence=3)
    with pytest.raises(sg.InvalidRecordError, match="cannot add a dict"):
        small.add({"id": "x"})  # type: ignore[arg-type]
    with pytest.raises(sg.InvalidRecordError, match="positions holds State"):
        small.add_all(positions=[sg.State(id="x", name="X")])  # type: ignore[list-item]


def test_conditions_ids_must_be_positions_but_phrases_are_free(small: sg.StanceGraph) -> None:
    s = small.add_stance(holder="france", relation="supports", target="weapons",
                         conditions=["tanks", "only with a UN mandate"])
    assert s.conditions == ("only with a UN mandate", "tanks")  # a set: kept sorted
    with pytest.raises(sg.UnknownIdError, match="unknown position 'tankz'.*'tanks'"):
        small.add_stance(holder="france", relation="supports", target="weapons",
                         conditions=["tankz"])


def test_except_needs_a_bloc_holder_and_members(small: sg.StanceGraph) -> None:
    s = small.add_stance(holder="duo", relation="supports", target="tanks", **{"except": ["france"]})
    assert s.except_ == ("france",)
    with pytest.raises(sg.IntegrityError, match="applies to a Bloc holder"):
        small.add_stance(holder="germany", relation="supports", target="tanks",
                         **{"except": ["france"]})
    with pytest.raises(sg.UnknownIdError, match="not a member of bloc 'duo'"):
        small.add_stance(holder="duo", relation="supports", target="tanks",
                         **{"except": ["olaf-scholz"]})


def test_sources_are_ids_or_urls(small: sg.StanceGraph) -> None:
    small.add(sg.Source(id="paper", title="A paper"))
    assert small.add_stance(holder="france", relation="supports", target="tanks",
                            source="paper").source == "paper"
    assert small.add_stance(holder="france", relation="supports", target="tanks",
                            source="https://example.org/x").source == "https://example.org/x"
    with pytest.raises(sg.UnknownIdError, match="unknown source 'papr'.*'paper'"):
        small.add_stance(holder="france", relation="supports", target="tanks", source="papr")


def test_cycles_are_refused() -> None:
    g = sg.StanceGraph()
    with pytest.raises(sg.IntegrityError, match="broader forms a cycle a -> b -> a"):
        g.add_all(positions=[sg.Claim(id="a", name="A", broader="b"),
                             sg.Claim(id="b", name="B", broader="a")])
    with pytest.raises(sg.IntegrityError, match="members forms a cycle"):
        g.add_all(actors=[sg.Bloc(id="x", name="X", members=["y"]),
                          sg.Bloc(id="y", name="Y", members=["x"])])
    assert g.counts() == {"actors": 0, "positions": 0, "sources": 0, "relations": 0, "stances": 0}


def test_a_failed_batch_adds_nothing(small: sg.StanceGraph) -> None:
    before = sg.dumps(small)
    with pytest.raises(sg.UnknownIdError, match=r"stances\[1\], field 'target'"):
        small.add_all(
            actors=[sg.State(id="poland", name="Poland")],
            stances=[sg.Stance(holder="poland", relation="supports", target="tanks"),
                     sg.Stance(holder="poland", relation="supports", target="nothing")],
        )
    assert sg.dumps(small) == before and "poland" not in small


def test_superseded_by_may_point_forward_in_a_batch(small: sg.StanceGraph) -> None:
    small.add_all(stances=[
        sg.Stance(id="old", holder="france", relation="opposes", target="tanks",
                  superseded_by="new"),
        sg.Stance(id="new", holder="france", relation="supports", target="tanks"),
    ])
    assert small.stance("old").superseded_by == "new"
    with pytest.raises(sg.UnknownIdError, match="unknown stance 'neww'.*'new'"):
        small.add_stance(holder="france", relation="supports", target="tanks",
                         superseded_by="neww")


def test_reading_back(small: sg.StanceGraph) -> None:
    assert small.node("germany").name == "Germany"
    assert "germany" in small and "olaf-scholz.opposes.tanks" in small and "nope" not in small
    assert list(small.actors) == ["germany", "france", "olaf-scholz", "duo"]
    assert list(small.positions) == ["weapons", "tanks"]
    assert small.stances[0] == small.stance("olaf-scholz.opposes.tanks")
    assert small.stances[-1:] == [small.stances[0]]
    with pytest.raises(sg.UnknownIdError, match="unknown node 'germny'.*'germany'"):
        small.node("germny")
    with pytest.raises(sg.UnknownIdError, match="unknown stance"):
        small.stance("nope")
    with pytest.raises(sg.UnknownIdError, match="unknown relation"):
        small.relation("nope")
    assert repr(small) == ("<StanceGraph: 4 actors, 2 positions, 0 sources, 1 relation, "
                           "1 stance>")


def test_stances_keep_every_field_through_the_columns() -> None:
    g = sg.StanceGraph()
    g.add_all(actors=[sg.Bloc(id="b", name="B", members=["m"]), sg.State(id="m", name="M"),
                      sg.Person(id="p", name="P")],
              positions=[sg.Claim(id="c", name="C")],
              sources=[sg.Source(id="src", title="T")])
    full = sg.Stance(id="s", holder="b", relation="skeptical-of", target="c", date="2022-01-02",
                     source="src", speaker="p", quote="“q”", attribution="document",
                     confidence=0.25, intensity="red-line", conditions=["c", "a phrase"],
                     retracted_on="2022-02-01", note="n", **{"except": ["m"]})
    g.add_stance(full)
    assert g.stance("s") == full


def test_networkx_view(small: sg.StanceGraph) -> None:
    view = small.nx
    assert isinstance(view, nx.MultiDiGraph) and nx.is_frozen(view)
    assert view.nodes["germany"]["type"] == "State"
    assert view.nodes["tanks"]["model"] == small.node("tanks")
    edge = view.edges["olaf-scholz", "tanks", "olaf-scholz.opposes.tanks"]
    assert (edge["kind"], edge["relation"]) == ("stance", "opposes")
    assert view.edges["tanks", "weapons", "tanks.broader.weapons"]["kind"] == "broader"
    assert view.edges["france", "duo", "duo.member.france"]["kind"] == "member"
    assert small.nx is view  # cached until the graph changes
    small.add_stance(holder="france", relation="supports", target="tanks")
    assert small.nx is not view and small.nx.has_edge("france", "tanks")
    mutable = small.to_networkx()
    mutable.add_node("extra")
    assert "extra" not in small.nx


def test_one_actor_can_hold_several_stances_on_one_target(small: sg.StanceGraph) -> None:
    small.add_stance(holder="olaf-scholz", relation="supports", target="tanks", date="2023-01-25")
    keys = set(small.nx["olaf-scholz"]["tanks"])
    assert keys == {"olaf-scholz.opposes.tanks", "olaf-scholz.supports.tanks"}


def test_equality(small: sg.StanceGraph) -> None:
    assert small == sg.loads(sg.dumps(small))
    other = sg.loads(sg.dumps(small))
    other.add(sg.State(id="poland", name="Poland"))
    assert small != other
    assert small != "a graph"


@settings(max_examples=50, deadline=None)
@given(g=graphs())
def test_stance_records_hold_what_the_stance_models_hold(g: sg.StanceGraph) -> None:
    # Bulk writers (the RDF export) read records instead of models: every field must agree.
    records = list(g.stances.records())
    assert [r.id for r in records] == [s.id for s in g.stances]
    for record, stance in zip(records, g.stances, strict=True):
        assert record == tuple(getattr(stance, name) for name in record._fields)
    assert [r.id for r in g.stances.records(by_id=True)] == sorted(s.id or "" for s in g.stances)
