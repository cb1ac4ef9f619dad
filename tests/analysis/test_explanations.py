"""What the explanation of the camps says: skepticism kept apart from opposition, stands ordered
by how much they set a camp apart, and stands every camp shares marked (issue 13, item 7)."""

from __future__ import annotations

import json
import re
from contextlib import redirect_stdout
from io import StringIO
from pathlib import Path

import pytest

import stancegraph as sg
from stancegraph.analysis import affiliation
from stancegraph.analysis.coalitions import HEADLINE_CONFIDENCE
from stancegraph.cli import main

NATO = str(Path(__file__).parents[2] / "examples" / "nato_2022.yaml")

# Two camps that split on x and z, where a and b only doubt z; everyone supports y; and an
# alliance whose members are in both camps rejects w, which c and d reject too.
SMALL = """
actors:
  - {id: a, type: State, name: A}
  - {id: b, type: State, name: B}
  - {id: c, type: State, name: C}
  - {id: d, type: State, name: D}
  - {id: alliance, type: Organization, name: The alliance}
positions:
  - {id: x, type: PolicyOption, name: X}
  - {id: y, type: PolicyOption, name: Y}
  - {id: z, type: PolicyOption, name: Z}
  - {id: w, type: PolicyOption, name: W}
relations:
  - {subject: a, relation: member-of, object: alliance}
  - {subject: b, relation: member-of, object: alliance}
  - {subject: c, relation: member-of, object: alliance}
  - {subject: d, relation: member-of, object: alliance}
stances:
  - {holder: a, relation: supports, target: x}
  - {holder: b, relation: supports, target: x}
  - {holder: c, relation: opposes, target: x}
  - {holder: d, relation: opposes, target: x}
  - {holder: a, relation: skeptical-of, target: z}
  - {holder: b, relation: skeptical-of, target: z}
  - {holder: c, relation: supports, target: z}
  - {holder: d, relation: supports, target: z}
  - {holder: a, relation: supports, target: y}
  - {holder: b, relation: supports, target: y}
  - {holder: c, relation: supports, target: y}
  - {holder: d, relation: supports, target: y}
  - {holder: alliance, relation: opposes, target: w}
  - {holder: c, relation: opposes, target: w}
  - {holder: d, relation: opposes, target: w}
"""


def _camp_blocks(text: str) -> dict[str, str]:
    """The text output's coalition blocks, by the line naming the members."""
    blocks = re.split(r"\n(?=Coalition \d+ )", text.split("\nWhat divides them:")[0])
    return {block.split("\n")[0]: block for block in blocks[1:]}


def _block_with(blocks: dict[str, str], member: str) -> str:
    (block,) = [b for b in blocks.values() if member in b.split("  united in:")[0]]
    return block


@pytest.fixture(scope="module")
def seed_text() -> str:
    out = StringIO()
    with redirect_stdout(out):
        assert main(["coalitions", NATO]) == 0
    return out.getvalue()


def test_the_seed_text_says_what_the_report_says(seed_text: str) -> None:
    blocks = _camp_blocks(seed_text)
    eastern = _block_with(blocks, "United Kingdom")
    assert "Poland" in eastern and "Estonia" in eastern
    # The report's central finding: the UK, Poland and the Baltics doubt Putin is serious.
    assert "skeptical of Putin is serious about negotiating an acceptable peace deal (5 of 7)" \
        in eastern
    assert "opposes Dialogue with Putin" in eastern
    western = _block_with(blocks, "France")
    assert "Germany" in western
    assert "supports Dialogue with Putin" in western
    first_stand = western.split("united in:\n")[1].split("\n")[0]
    assert first_stand.strip().startswith("supports Dialogue with Putin")


def test_skeptical_stands_print_as_skeptical(seed_text: str) -> None:
    eastern = _block_with(_camp_blocks(seed_text), "United Kingdom")
    # "The U.K., Poland and other central and eastern European nations ... are skeptical":
    # doubt, not opposition
    assert "skeptical of Putin is serious about negotiating" in eastern
    assert "opposes Putin is serious" not in eastern
    # opposition and skepticism mixed: opposition, and how many only doubt
    assert "opposes Dialogue with Putin (3 of 7, 1 of them only skeptical)" in eastern


def test_a_shared_stand_is_flagged(seed_text: str, nato: sg.StanceGraph) -> None:
    # "Allies are also adamant that ... they will not contemplate any direct NATO military
    # involvement": the allies' stand, and so its members' in both camps.
    western = _block_with(_camp_blocks(seed_text), "France")
    assert "opposes Direct NATO military involvement in the war (4 of 7) (all camps)" in western
    result = sg.coalitions(nato)
    flagged = {(s.target, s.direction) for c in result.coalitions for s in c.unites if s.shared}
    assert flagged == {("direct-nato-military-involvement", "opposes")}


def test_the_json_has_every_stand_with_relation_direction_and_score(
        capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["coalitions", NATO, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    eastern = next(c for c in data["coalitions"] if "united-kingdom" in c["members"])
    assert list(eastern["unites"][0]) == ["target", "relation", "members", "share", "evidence",
                                          "direction", "skeptical", "distinctiveness", "shared",
                                          "via"]
    stand = next(s for s in eastern["unites"] if s["target"] == "putin-serious-about-negotiating")
    assert stand["relation"] == "skeptical-of" and stand["direction"] == "opposes"
    assert stand["skeptical"] == 5 and stand["shared"] is False
    assert all(e["relation"] == "skeptical-of" for e in stand["evidence"])
    scores = [s["distinctiveness"] for s in eastern["unites"]]
    assert scores == sorted(scores, reverse=True)
    # the JSON lists them all (the text the top eight)
    result = sg.coalitions(sg.load(NATO))
    listed = result.coalitions[result.coalition_of("united-kingdom")].unites  # type: ignore[index]
    assert len(eastern["unites"]) == len(listed) >= 5


def test_stands_in_a_small_debate() -> None:
    result = sg.coalitions(sg.loads(SMALL))
    camp = result.coalition_of
    assert camp("a") == camp("b") != camp("c") == camp("d") == camp("alliance")
    ab = {s.target: s for s in result.coalitions[camp("a")].unites}  # type: ignore[index]
    cd = {s.target: s for s in result.coalitions[camp("c")].unites}  # type: ignore[index]
    # skepticism is kept apart from opposition
    assert (ab["z"].relation, ab["z"].direction, ab["z"].skeptical) == ("skeptical-of",
                                                                        "opposes", 2)
    assert ab["z"].phrase == "skeptical of"
    assert (cd["x"].relation, cd["x"].skeptical) == ("opposes", 0)
    # everyone supports y: shared, and it sets no camp apart
    assert ab["y"].shared and cd["y"].shared
    # (the alliance, in c and d's camp, says nothing on y: the camps' means differ by 1/3)
    assert (ab["y"].distinctiveness, cd["y"].distinctiveness) == (0.166667, -0.166667)
    # w: c, d and their alliance reject it; a and b are the alliance's members
    assert cd["w"].shared and "w" not in ab
    assert not ab["x"].shared and not ab["z"].shared
    # x and z divide: a and b all one way; c and d all the other, the alliance silent
    assert ab["x"].distinctiveness == ab["z"].distinctiveness == round((1 + 2 / 3) / 2, 6)
    assert [s.target for s in result.coalitions[camp("a")].unites] == ["x", "z", "y"]  # type: ignore[index]


def test_without_statements_skepticism_cannot_be_told_apart(nato: sg.StanceGraph) -> None:
    # With the affiliation of the statements on record, the same stands as from the graph
    stated = affiliation(nato, min_confidence=HEADLINE_CONFIDENCE)
    found = sg.coalitions_from_affiliation(affiliation(nato), stated=stated)
    stands = [s for c in found.coalitions for s in c.unites]
    assert all(s.relation == s.direction and s.skeptical is None for s in stands)
    graph = sg.coalitions(nato)
    assert [[(s.target, s.direction, s.distinctiveness) for s in c.unites]
            for c in found.coalitions] == [[(s.target, s.direction, s.distinctiveness)
                                            for s in c.unites] for c in graph.coalitions]


def test_the_notebook_shows_the_stated_relation(nato: sg.StanceGraph) -> None:
    pytest.importorskip("matplotlib")
    html = sg.coalitions(nato)._repr_html_()
    assert "skeptical of" in html and "skeptical-of" not in html
