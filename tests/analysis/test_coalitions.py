from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import stancegraph as sg
from stancegraph.analysis import Affiliation, affiliation, frustration, partition, statements
from stancegraph.analysis.coalitions import (
    MAX_LISTED,
    MAX_MEMBERS,
    Divide,
    _divides,
    _Evidence,
    _Leaning,
)
from stancegraph.queries import RollUp
from stancegraph.synth import synthetic_debate

DEBATES = Path(__file__).parents[1] / "debates"


@pytest.fixture(scope="module")
def nato_camps(nato: sg.StanceGraph) -> sg.CoalitionResult:
    return sg.coalitions(nato)


def test_the_seed_splits_paris_berlin_from_london_warsaw_and_the_baltics(
        nato_camps: sg.CoalitionResult) -> None:
    camp = nato_camps.coalition_of
    assert camp("france") is not None and camp("france") == camp("germany")
    eastern = {camp(a) for a in ("united-kingdom", "poland", "estonia", "latvia", "lithuania")}
    assert len(eastern) == 1 and None not in eastern
    assert eastern != {camp("france")}
    assert camp("hungary") not in eastern


def test_the_explanation_names_the_positions_behind_the_split(
        nato_camps: sg.CoalitionResult) -> None:
    a, b = nato_camps.coalition_of("united-kingdom"), nato_camps.coalition_of("france")
    (divides,) = [ds for x, y, ds in nato_camps.divides if {x, y} == {a, b}]
    targets = [d.target for d in divides]
    assert targets == ["dialogue-with-putin"]  # the one target the report sets them apart on
    stand = next(s for s in nato_camps.coalitions[a].unites if s.target == "dialogue-with-putin")
    assert stand.relation == "opposes" and stand.evidence
    assert all(e["quote"] and e["stance"] for e in stand.evidence)


def test_result_json_is_stable_and_complete(nato_camps: sg.CoalitionResult) -> None:
    data = nato_camps.to_dict()
    assert list(data) == ["coalitions", "divides", "unaligned", "frustration", "method", "level",
                          "optimal", "gap", "polarisation", "balance_ratio"]
    assert data["method"] == "exact" and data["optimal"] is True and data["gap"] == 0.0
    assert list(data["coalitions"][0]) == ["members", "cohesion", "unites"]
    assert list(data["divides"][0]) == ["between", "targets"]
    assert json.loads(json.dumps(data)) == data


def test_same_input_same_output(nato: sg.StanceGraph) -> None:
    first = sg.coalitions(nato, method="spectral", seed=3).to_dict()
    assert first == sg.coalitions(nato, method="spectral", seed=3).to_dict()


def test_spectral_is_never_better_than_the_proven_optimum(nato: sg.StanceGraph) -> None:
    exact = sg.coalitions(nato, method="exact")
    spectral = sg.coalitions(nato, method="spectral")
    assert spectral.frustration >= exact.frustration - 1e-9


def test_fixed_number_of_camps(nato: sg.StanceGraph) -> None:
    for method in ("exact", "spectral"):
        two = sg.coalitions(nato, k=2, method=method)  # type: ignore[arg-type]
        assert len(two.coalitions) == 2, method
        assert two.coalition_of("france") != two.coalition_of("united-kingdom")


def test_as_of_and_levels(nato: sg.StanceGraph) -> None:
    early = sg.coalitions(nato, as_of="2022-03-25")
    assert "france" in early.unaligned  # nothing dated by then ties France to anyone
    stated = sg.coalitions(nato, level="stated")
    assert stated.level == "stated"
    camp = stated.coalition_of
    assert camp("olaf-scholz") == camp("germany") == camp("emmanuel-macron") == camp("france")


@pytest.mark.parametrize("text", [
    "",
    "actors: [{id: a, type: State, name: A}]",
    "actors: [{id: a, type: State, name: A}, {id: b, type: State, name: B}]",
])
def test_degenerate_debates_get_an_answer(text: str) -> None:
    result = sg.coalitions(sg.loads(text))
    assert result.coalitions == () and result.frustration == 0.0
    assert result.polarisation == 0.0 and result.balance_ratio is None


def test_consensus_and_disconnected_groups() -> None:
    agree = sg.loads("""
actors: [{id: a, type: State, name: A}, {id: b, type: State, name: B},
         {id: c, type: State, name: C}, {id: d, type: State, name: D}]
positions: [{id: x, type: PolicyOption, name: X}, {id: y, type: PolicyOption, name: Y}]
stances:
  - {holder: a, relation: supports, target: x}
  - {holder: b, relation: supports, target: x}
  - {holder: c, relation: opposes, target: y}
  - {holder: d, relation: opposes, target: y}
""")
    result = sg.coalitions(agree)
    # Two groups that agree inside and never meet: two coalitions, nothing divides them.
    assert [c.members for c in result.coalitions] == [("a", "b"), ("c", "d")]
    assert result.divides == () and result.frustration == 0.0
    assert all(c.cohesion == 1.0 for c in result.coalitions)


def test_another_debate_parliament() -> None:
    """A debate unlike the seed: two parties and a swing member, by their votes' stances."""
    g = sg.loads("""
actors:
  - {id: left, type: Bloc, name: Left party, members: [ana, ben, cai]}
  - {id: right, type: Bloc, name: Right party, members: [dan, eve, fay]}
  - {id: ana, type: Person, name: Ana}
  - {id: ben, type: Person, name: Ben}
  - {id: cai, type: Person, name: Cai}
  - {id: dan, type: Person, name: Dan}
  - {id: eve, type: Person, name: Eve}
  - {id: fay, type: Person, name: Fay}
positions:
  - {id: tax, type: PolicyOption, name: Wealth tax}
  - {id: rail, type: PolicyOption, name: Rail investment}
  - {id: cuts, type: PolicyOption, name: Spending cuts}
stances:
  - {holder: left, relation: supports, target: tax}
  - {holder: left, relation: supports, target: rail}
  - {holder: right, relation: opposes, target: tax}
  - {holder: right, relation: supports, target: cuts}
  - {holder: cai, relation: supports, target: cuts}
  - {holder: cai, relation: opposes, target: tax}
  - {holder: ana, relation: opposes, target: cuts}
""")
    result = sg.coalitions(g, level="state")
    camp = result.coalition_of
    assert camp("ana") == camp("ben") != camp("dan") == camp("eve") == camp("fay")
    assert camp("cai") == camp("dan")  # votes with the right on tax and cuts
    (divides,) = [ds for _, _, ds in result.divides]
    assert divides[0].target == "tax"


def test_bad_method() -> None:
    with pytest.raises(sg.ArgumentError, match="unknown method 'louvain'"):
        sg.coalitions(sg.StanceGraph(), method="louvain")  # type: ignore[arg-type]


def test_coalition_of_unknown_actor(nato_camps: sg.CoalitionResult) -> None:
    with pytest.raises(sg.UnknownIdError,
                       match="not an actor of this analysis 'olaf-scholtz'.*'olaf-scholz'"):
        nato_camps.coalition_of("olaf-scholtz")
    with pytest.raises(sg.UnknownIdError, match="not an actor of this analysis "
                                                "'abandon-founding-act'"):
        nato_camps.coalition_of("abandon-founding-act")  # a position, not an actor


def test_coalition_of_a_rolled_up_actor_is_the_camp_it_rolls_into(
        nato_camps: sg.CoalitionResult) -> None:
    """Issue 16: at state level a leader, a spokesperson or a bloc is in the camp of the
    actors its statements count for, not an error."""
    camp = nato_camps.coalition_of
    g = nato_camps.graph
    assert g is not None
    analysed = {*nato_camps.unaligned, *(m for c in nato_camps.coalitions for m in c.members)}
    rollup = RollUp(g)
    rolled = [a for a in g.actors if a not in analysed]
    assert "olaf-scholz" in rolled and camp("olaf-scholz") == camp("germany")  # he leads it
    kinds = set()
    for actor in rolled:  # leaders, spokespeople, blocs: the camp of where they roll up to
        paths = [p for p in rollup.paths(actor) if p.terminal]
        camps = {camp(p.path[-1]) for p in paths} - {None}
        kinds.update(step for p in paths for step in p.via)
        if len(camps) == 1:
            assert camp(actor) == camps.pop(), actor
        elif not camps:
            assert camp(actor) is None, actor
        else:
            with pytest.raises(sg.InvalidRecordError, match=f"camps .* from '{actor}'"):
                camp(actor)
    assert {"leads", "speaks-for", "bloc-member"} <= kinds
    stated = sg.coalitions(g, level="stated")
    assert stated.coalition_of("olaf-scholz") is not None  # an actor of its own there


def test_coalition_of_a_leader_in_another_debate() -> None:
    g = sg.load(DEBATES / "eu_recovery_2020.yaml")
    result = sg.coalitions(g)
    assert result.coalition_of("mark-rutte") == result.coalition_of("netherlands")


SPLIT_BLOC = """
actors:
  - {id: pact, type: Bloc, name: Pact, members: [a, b, c]}
  - {id: a, type: State, name: A}
  - {id: b, type: State, name: B}
  - {id: c, type: State, name: C}
  - {id: d, type: State, name: D}
  - {id: a-leader, type: Person, name: A's leader}
  - {id: loner, type: State, name: Loner}
relations:
  - {subject: a-leader, relation: leads, object: a}
positions:
  - {id: x, type: PolicyOption, name: X}
  - {id: y, type: PolicyOption, name: Y}
stances:
  - {holder: a-leader, relation: supports, target: x}
  - {holder: b, relation: supports, target: x}
  - {holder: c, relation: opposes, target: x}
  - {holder: d, relation: opposes, target: x}
"""


def test_coalition_of_a_bloc_split_between_camps_names_the_camps() -> None:
    result = sg.coalitions(sg.loads(SPLIT_BLOC))
    camp = result.coalition_of
    assert camp("a-leader") == camp("a") == camp("b") != camp("c") == camp("d")
    with pytest.raises(sg.InvalidRecordError, match=r"2 camps \(0, 1\) from 'pact'.*: a, b, c\)"):
        camp("pact")
    assert camp("loner") is None  # unaligned, as before
    from_sums = sg.coalitions_from_affiliation(sg.affiliation(sg.loads(SPLIT_BLOC)))
    with pytest.raises(sg.UnknownIdError, match="'a-leader'.*at the analysed level"):
        from_sums.coalition_of("a-leader")  # no graph at hand: the level's actors only


weights = st.sampled_from([-2.0, -1.0, -0.5, 0.5, 1.0, 2.0])


@settings(max_examples=40, deadline=None)
@given(st.integers(2, 9).flatmap(lambda n: st.tuples(
    st.just(n), st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1), weights),
                         max_size=3 * n))))
def test_partitions_cover_every_actor_and_report_their_frustration(case: tuple) -> None:
    n, edges = case
    ids = [f"a{i}" for i in range(n)]
    net = sg.SignedNetwork.from_edges(ids, [(ids[i], ids[j], w) for i, j, w in edges])
    for method in ("exact", "spectral"):
        labels, used, optimal, _ = partition(net, method=method)  # type: ignore[arg-type]
        assert labels.shape == (n,) and used == method
        assert frustration(net, labels) >= 0
    exact_labels, *_ = partition(net, method="exact")
    spectral_labels, *_ = partition(net, method="spectral")
    assert frustration(net, spectral_labels) >= frustration(net, exact_labels) - 1e-9


def _divides_built_one_by_one(aff: Affiliation, network: sg.SignedNetwork, a: _Leaning,
                              b: _Leaning) -> tuple[Divide, ...]:
    """The plain definition: a Divide for every target the camps lean apart on, then sorted."""
    x, y = a.net(), b.net()
    found = []
    for t in np.flatnonzero(x * y < 0):
        found.append(Divide(
            aff.targets[t], "supports" if x[t] > 0 else "opposes",
            "supports" if y[t] > 0 else "opposes", round(abs(x[t] - y[t]) / 2, 6),
            tuple(network.ids[i] for i in a.who(int(t))[:MAX_MEMBERS]),
            tuple(network.ids[i] for i in b.who(int(t))[:MAX_MEMBERS])))
    found.sort(key=lambda d: (-d.score, -(len(d.a_members) + len(d.b_members)), d.target))
    return tuple(found[:MAX_LISTED])


@pytest.mark.parametrize("seed", [0, 1])
def test_divides_and_evidence_order_match_their_plain_definitions(seed: int) -> None:
    # Many targets (more than MAX_LISTED) held by many members (more than MAX_MEMBERS).
    g = synthetic_debate(20_000, actors=300, targets=60, camps=3, seed=seed)
    rows = statements(g)
    aff = affiliation(rows)
    result = sg.coalitions(g, method="spectral", k=4)
    signs = aff.net.sign().tocsr()
    signs.eliminate_zeros()
    leaning = [_Leaning(signs, [result.network.index[m] for m in c.members])
               for c in result.coalitions]
    for a in leaning:
        for b in leaning:
            assert _divides(aff, result.network, a, b) == \
                _divides_built_one_by_one(aff, result.network, a, b)
    evidence = _Evidence(g, rows, 3)
    assert np.array_equal(evidence.order, np.argsort(evidence.keys, kind="stable"))
    assert np.array_equal(evidence.sorted_keys, np.sort(evidence.keys))
