"""How graphs and coalition results show in Jupyter (stancegraph/notebook.py): well-formed,
escaped HTML; work capped for big graphs; a picture of the camps."""

from __future__ import annotations

import base64
import re
import xml.etree.ElementTree as ET

import pytest

import stancegraph as sg
from stancegraph import notebook

SCRIPT = "<script>alert('x')</script>"
HOSTILE = f"""
actors:
  - {{id: a, type: State, name: "{SCRIPT} & Co"}}
  - {{id: b, type: State, name: "B \\"quoted\\" 'single'"}}
  - {{id: c, type: State, name: C}}
positions:
  - {{id: p, type: Claim, name: "<b>bold</b> claim"}}
  - {{id: q, type: Claim, name: Q}}
stances:
  - {{holder: a, relation: supports, target: p, quote: "{SCRIPT}"}}
  - {{holder: b, relation: supports, target: p}}
  - {{holder: c, relation: opposes, target: p}}
  - {{holder: a, relation: opposes, target: q}}
  - {{holder: c, relation: supports, target: q}}
"""


def well_formed(html: str) -> ET.Element:
    """The HTML parses as XML: every tag closed, every attribute quoted, every & an entity."""
    return ET.fromstring(html)


def test_a_graph_shows_its_counts_camps_and_divides(nato: sg.StanceGraph) -> None:
    html = nato._repr_html_()
    assert html == notebook.graph_html(nato)
    root = well_formed(html)
    text = "".join(root.itertext())
    assert "34 actors, 31 positions, 6 sources, 27 relations, 59 stances" in text
    assert "32 supports, 16 opposes, 11 skeptical-of (1 retracted or superseded)" in text
    assert "Camp 1" in text and "Camp 2" in text
    assert "Unaligned: NATO, a senior western European official" in text
    # The most divisive position first, by its name.
    divides = root.findall("table")[1]
    first = [td.text for td in divides.iter("td")][:4]
    assert first == ["Dialogue with Putin", "Camp 1 supports", "Camp 2 opposes", "0.43"]


def test_names_and_quotes_from_the_data_are_escaped() -> None:
    g = sg.loads(HOSTILE)
    for html in (g._repr_html_(), sg.coalitions(g)._repr_html_()):
        assert "<script>" not in html and "<b>" not in html
        well_formed(html)
    html = g._repr_html_()
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; Co" in html
    assert "&lt;b&gt;bold&lt;/b&gt; claim" in html
    assert "B &quot;quoted&quot; &#x27;single&#x27;" in html


def test_a_big_graph_does_not_look_for_camps(nato: sg.StanceGraph,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("coalitions computed for a big graph")

    monkeypatch.setattr(notebook, "SUMMARY_STANCES", 58)
    monkeypatch.setattr(notebook, "coalitions", refuse)
    html = nato._repr_html_()
    well_formed(html)
    assert "Camps not computed here: 59 stances is more than the 58 this summary" in html


def test_small_graphs_show_without_error() -> None:
    empty = sg.StanceGraph()
    assert "No stances yet" in "".join(well_formed(empty._repr_html_()).itertext())
    lone = sg.loads("""
actors: [{id: a, type: State, name: A}]
positions: [{id: p, type: Claim, name: P}]
stances: [{holder: a, relation: supports, target: p}]
""")
    for html in (lone._repr_html_(), sg.coalitions(lone)._repr_html_()):
        assert "No camps" in "".join(well_formed(html).itertext())


def test_a_coalition_result_shows_its_camps_and_a_picture(nato: sg.StanceGraph) -> None:
    result = sg.coalitions(nato)
    html = result._repr_html_()
    root = well_formed(html)
    text = "".join(root.itertext())
    assert "5 coalitions, 2 unaligned; method exact, optimal; level state" in text
    assert "united-kingdom, estonia, latvia" in text  # members ranked as in the camp labels
    image = root.find("img")
    assert image is not None
    source = image.get("src") or ""
    assert source.startswith("data:image/png;base64,")
    png = base64.b64decode(source.split(",", 1)[1])
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert html == result._repr_html_()  # the same picture every time


def test_no_picture_for_a_big_network(nato: sg.StanceGraph,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    result = sg.coalitions(nato)
    monkeypatch.setattr(notebook, "PICTURE_ACTORS", 18)
    html = result._repr_html_()
    well_formed(html)
    assert re.search(r"No picture: 19 actors is more than the 18 drawn here", html)
    assert "<img" not in html
