"""A stance on a narrower position also counts toward its broader positions (issue 13, item 2):
``broader="supports"`` (default) carries support up the chain, ``"all"`` every relation,
``"none"`` nothing; the rows so derived say which narrower position they come from (``via``),
and the explanations say so too."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings

import stancegraph as sg
from stancegraph.analysis import BROADER, affiliation, statements
from stancegraph.cli import main
from stancegraph.model import STANCE_RELATIONS
from tests.strategies import graphs

NATO = str(Path(__file__).parents[2] / "examples" / "nato_2022.yaml")

# The 2020 recovery fund, cut down to the conflict the option is about. Germany opposed
# coronabonds with the Netherlands and Austria in March, then backed the €500bn grants fund
# (a case of grants, which the frugal states opposed). Without ``broader`` its support of the
# fund ties it to nobody, and its March stance puts it with the frugal states; counted as
# support of grants, it is in conflict with them.
RECOVERY = """
actors:
  - {id: france, type: State, name: France}
  - {id: italy, type: State, name: Italy}
  - {id: spain, type: State, name: Spain}
  - {id: germany, type: State, name: Germany}
  - {id: netherlands, type: State, name: Netherlands}
  - {id: austria, type: State, name: Austria}
  - {id: sweden, type: State, name: Sweden}
positions:
  - {id: grants, type: PolicyOption, name: Recovery support paid as grants}
  - {id: fund-500bn, type: PolicyOption, name: a €500bn grants fund, broader: grants}
  - {id: coronabonds, type: PolicyOption, name: Coronabonds}
sources:
  - {id: letter-of-nine, title: Letter of nine to Charles Michel, date: 2020-03-25}
  - {id: march-council, title: Reporting on the European Council of 26 March 2020, date: 2020-03-26}
  - {id: franco-german, title: A French-German Initiative for the European Recovery, date: 2020-05-18}
  - {id: frugal-non-paper, title: Non-paper of the frugal four, date: 2020-05-23}
stances:
  - {holder: france, relation: supports, target: grants, source: letter-of-nine}
  - {holder: italy, relation: supports, target: grants, source: letter-of-nine}
  - {holder: spain, relation: supports, target: grants, source: letter-of-nine}
  - {holder: italy, relation: supports, target: coronabonds, source: letter-of-nine}
  - {holder: spain, relation: supports, target: coronabonds, source: letter-of-nine}
  - {holder: germany, relation: opposes, target: coronabonds, source: march-council}
  - {holder: netherlands, relation: opposes, target: coronabonds, source: march-council}
  - {holder: austria, relation: opposes, target: coronabonds, source: march-council}
  - {holder: germany, relation: supports, target: fund-500bn, source: franco-german}
  - {holder: france, relation: supports, target: fund-500bn, source: franco-german}
  - {holder: netherlands, relation: opposes, target: grants, source: frugal-non-paper}
  - {holder: austria, relation: opposes, target: grants, source: frugal-non-paper}
  - {holder: sweden, relation: opposes, target: grants, source: frugal-non-paper}
"""


@pytest.fixture(scope="module")
def recovery() -> sg.StanceGraph:
    return sg.loads(RECOVERY)


def _camp_sets(result: sg.CoalitionResult) -> set[frozenset[str]]:
    return {frozenset(c.members) for c in result.coalitions}


def test_a_narrower_support_puts_germany_with_the_grants_camp(recovery: sg.StanceGraph) -> None:
    south = frozenset({"france", "italy", "spain", "germany"})
    north = frozenset({"netherlands", "austria", "sweden"})
    for method in ("exact", "spectral"):
        assert _camp_sets(sg.coalitions(recovery, k=2, method=method)) == {south, north}
    without = sg.coalitions(recovery, k=2, broader="none")
    assert without.coalition_of("germany") == without.coalition_of("netherlands")


def test_the_stand_names_the_narrower_position(recovery: sg.StanceGraph) -> None:
    result = sg.coalitions(recovery, k=2)
    south = result.coalitions[result.coalition_of("germany")]
    grants = next(s for s in south.unites if s.target == "grants")
    assert grants.relation == "supports" and "germany" in grants.members
    assert grants.via == ()  # France, Italy and Spain state it on grants themselves
    (germany,) = [e for e in grants.evidence if e["actor"] == "germany"]
    assert germany["via"] == "fund-500bn" and germany["relation"] == "supports"
    assert all(e["via"] is None for e in grants.evidence if e["actor"] != "germany")


def test_a_stand_held_only_through_narrower_positions_says_so() -> None:
    g = sg.loads(RECOVERY.replace("  - {holder: france, relation: supports, target: grants, "
                                  "source: letter-of-nine}\n", "")
                 .replace("{holder: italy, relation: supports, target: grants",
                          "{holder: italy, relation: supports, target: fund-500bn")
                 .replace("{holder: spain, relation: supports, target: grants",
                          "{holder: spain, relation: supports, target: fund-500bn"))
    result = sg.coalitions(g, k=2)
    south = result.coalitions[result.coalition_of("germany")]
    grants = next(s for s in south.unites if s.target == "grants")
    assert grants.via == ("fund-500bn",)
    assert grants.to_dict()["via"] == ["fund-500bn"]


def test_the_text_output_shows_the_narrower_position(tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "recovery.yaml"
    path.write_text(RECOVERY.replace(
        "  - {holder: france, relation: supports, target: grants, source: letter-of-nine}\n",
        "").replace("{holder: italy, relation: supports, target: grants",
                    "{holder: italy, relation: supports, target: fund-500bn")
        .replace("{holder: spain, relation: supports, target: grants",
                 "{holder: spain, relation: supports, target: fund-500bn"), encoding="utf-8")
    assert main(["coalitions", str(path), "--k", "2"]) == 0
    text = capsys.readouterr().out
    assert "supports Recovery support paid as grants (via a €500bn grants fund) (4 of 4)" in text
    assert main(["coalitions", str(path), "--k", "2", "--broader", "none",
                 "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert all(s["target"] != "grants" or s["via"] == [] for c in data["coalitions"]
               for s in c["unites"])


def test_the_rows_derived(nato: sg.StanceGraph) -> None:
    rows = statements(nato)
    plain = statements(nato, broader="none")
    derived = rows.via >= 0
    assert derived.any() and not (plain.via >= 0).any()
    supports = STANCE_RELATIONS.index("supports")
    assert np.all(rows.relation[derived] == supports)  # support only, by default
    # Every derived row points from a narrower position to one it is a case of.
    for i in np.flatnonzero(derived):
        narrow, broad = rows.targets[rows.via[i]], rows.targets[rows.target[i]]
        chain, up = [], nato.nodes[narrow].broader  # type: ignore[union-attr]
        while up is not None:
            chain.append(up)
            up = getattr(nato.nodes[up], "broader", None)
        assert broad in chain
    everything = statements(nato, broader="all")
    assert set(everything.relation[everything.via >= 0].tolist()) > {supports}


@pytest.mark.parametrize("broader", BROADER)
def test_derived_rows_count_as_the_same_statement_made_on_the_broader_position(
        nato: sg.StanceGraph, broader: str) -> None:
    _same_as_stated(nato, broader)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(g=graphs())
def test_derived_rows_are_the_statements_written_out(g: sg.StanceGraph) -> None:
    for broader in ("supports", "all"):
        _same_as_stated(g, broader)


def _same_as_stated(g: sg.StanceGraph, broader: str) -> None:
    """The affiliation with ``broader`` is that of the graph with each statement carried up
    written out as a statement of its own on the broader position (same holder, source, date,
    weight), read without ``broader``."""
    extra = []
    for s in g.stances:
        if broader == "none" or (broader == "supports" and s.relation != "supports"):
            continue
        up = getattr(g.nodes.get(s.target), "broader", None)
        while up is not None:
            extra.append(s.model_copy(update={"id": f"{s.id}--{up}", "target": up}))
            up = getattr(g.nodes[up], "broader", None)
    written = sg.StanceGraph()
    written.add_all(sources=g.sources.values(), actors=g.actors.values(),
                    positions=g.positions.values(), relations=g.relations.values(),
                    stances=[*g.stances, *extra])
    for level in ("state", "stated"):
        for dedupe in ("document", "none", "month"):
            got = affiliation(g, level=level, dedupe=dedupe, broader=broader)  # type: ignore[arg-type]
            want = affiliation(written, level=level, dedupe=dedupe,  # type: ignore[arg-type]
                               broader="none")
            _assert_same(got, want)


def _assert_same(a: Any, b: Any) -> None:
    assert a.actors == b.actors and a.targets == b.targets
    for part in ("positive", "negative"):
        assert (abs(getattr(a, part) - getattr(b, part)) > 1e-9).nnz == 0


def test_stances_on_actors_are_never_carried_up() -> None:
    g = sg.loads(RECOVERY + "  - {holder: sweden, relation: opposes, target: germany}\n")
    rows = statements(g, broader="all")
    assert not np.any((rows.via >= 0) & np.isin(rows.target, [rows.targets.index("germany")]))


def test_an_unknown_option_is_refused(recovery: sg.StanceGraph) -> None:
    with pytest.raises(sg.ArgumentError, match="unknown broader 'up'"):
        sg.coalitions(recovery, broader="up")  # type: ignore[arg-type]
    with pytest.raises(SystemExit):
        main(["coalitions", NATO, "--broader", "up"])
