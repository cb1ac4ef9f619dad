"""How a stance graph and a coalition result show in Jupyter: their ``_repr_html_``.

A graph shows its counts, its stances by relation, and -- when it has at most
:data:`SUMMARY_STANCES` stances, so that the summary stays quick -- its camps at state level
and the positions that divide them most. A coalition result shows its camps, what unites and
divides them, and a picture of the signed network (drawn by
:func:`stancegraph.draw.coalition_graph` when the network has at most :data:`PICTURE_ACTORS`
actors). Every text from the data is HTML-escaped.

>>> html = graph_html(nato)
>>> "59 stances" in html and "Camp 1" in html
True
"""

from __future__ import annotations

import base64
import html
from collections.abc import Iterable, Sequence

from .analysis import CoalitionResult, Divide, coalitions
from .graph import StanceGraph
from .model import STANCE_RELATIONS

__all__ = ["PICTURE_ACTORS", "SUMMARY_STANCES", "coalition_html", "graph_html"]

#: A graph's HTML finds its camps only when it has at most this many stances.
SUMMARY_STANCES = 5_000
#: A coalition result's HTML draws its network only when it has at most this many actors.
PICTURE_ACTORS = 300
#: Rows of members, camps and dividing positions shown before "+ N more".
SHOWN = 12
_STYLE = "font-family: sans-serif; font-size: 0.9em"


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def _listed(items: Sequence[str], shown: int = SHOWN) -> str:
    more = f" <em>+{len(items) - shown} more</em>" if len(items) > shown else ""
    return ", ".join(_e(item) for item in items[:shown]) + more


def _table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """An HTML table; the cells are HTML already (escape them before)."""
    head = "".join(f"<th style='text-align: left'>{_e(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td style='text-align: left'>{cell}</td>"
                                    for cell in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def graph_html(g: StanceGraph) -> str:
    """A graph's summary as HTML (see the module docstring)."""
    counts = g.counts()
    parts = [f"<div class='stancegraph' style='{_STYLE}'>",
             "<strong>StanceGraph</strong>: " + ", ".join(
                 f"{n:,} {kind[:-1] if n == 1 else kind}" for kind, n in counts.items())]
    if not counts["stances"]:
        parts.append("<p>No stances yet.</p></div>")
        return "".join(parts)
    cols = g.stance_columns()
    by_relation = [f"{int((cols.relation == code).sum()):,} {_e(name)}"
                   for code, name in enumerate(STANCE_RELATIONS)]
    past = int((cols.retracted | cols.superseded).sum())
    parts.append(f"<p>Stances: {', '.join(by_relation)}"
                 f"{f' ({past:,} retracted or superseded)' if past else ''}.</p>")
    if counts["stances"] > SUMMARY_STANCES:
        parts.append(f"<p>Camps not computed here: {counts['stances']:,} stances is more than "
                     f"the {SUMMARY_STANCES:,} this summary works through. Call "
                     "<code>sg.coalitions(g)</code>.</p></div>")
        return "".join(parts)
    result = coalitions(g, time_limit=2.0)
    names = {id: getattr(node, "name", id) for id, node in g.nodes.items()}
    parts.append(f"<p>Camps at level {_e(result.level)} (<code>sg.coalitions(g)</code>; "
                 f"frustration {result.frustration:g}):</p>")
    parts.append(_camps(result, names) + _divides(result, names) + "</div>")
    return "".join(parts)


def _camps(result: CoalitionResult, names: dict[str, str]) -> str:
    """The camps, members ranked as in their labels, what unites each, and the unaligned."""
    if not result.coalitions:
        return "<p>No camps: no two actors share or oppose a stance.</p>"
    rows = []
    for i, (c, members) in enumerate(zip(result.coalitions, result.ranked_members(),
                                         strict=True)):
        if i == SHOWN:
            break
        cohesion = "" if c.cohesion is None else f"{c.cohesion:.2f}"
        unites = "; ".join(f"{_e(s.phrase)} {_e(names.get(s.target, s.target))}"
                           + (" (all camps)" if s.shared else "") for s in c.unites[:3])
        rows.append((f"Camp {i + 1}", _listed([names.get(m, m) for m in members]),
                     f"{len(c.members):,}", cohesion, unites))
    text = _table(("camp", "members", "size", "cohesion", "united on"), rows)
    if len(result.coalitions) > SHOWN:
        text += f"<p><em>+{len(result.coalitions) - SHOWN} more camps</em></p>"
    if result.unaligned:
        text += f"<p>Unaligned: {_listed([names.get(a, a) for a in result.unaligned])}.</p>"
    return text


def _top_divides(result: CoalitionResult, n: int = 5) -> list[tuple[int, int, Divide]]:
    found = [(a, b, d) for a, b, ds in result.divides for d in ds]
    found.sort(key=lambda f: (-f[2].score, f[0], f[1], f[2].target))
    return found[:n]


def _divides(result: CoalitionResult, names: dict[str, str]) -> str:
    top = _top_divides(result)
    if not top:
        return ""
    rows = [(_e(names.get(d.target, d.target)), f"Camp {a + 1} {_e(d.phrases[0])}",
             f"Camp {b + 1} {_e(d.phrases[1])}", f"{d.score:.2f}") for a, b, d in top]
    return "<p>What divides them most:</p>" + _table(("target", "one side", "other side",
                                                     "score"), rows)


def coalition_html(result: CoalitionResult) -> str:
    """A coalition result as HTML, with a picture of its network (see the module docstring).

    >>> "<img" in coalition_html(sg.coalitions(nato))
    True
    """
    optimal = {True: ", optimal", False: ", not proven optimal", None: ""}[result.optimal]
    polar = f"; polarisation {result.polarisation:.2f}"
    head = (f"<strong>CoalitionResult</strong>: {len(result.coalitions)} "
            f"{'coalition' if len(result.coalitions) == 1 else 'coalitions'}, "
            f"{len(result.unaligned)} unaligned; method {_e(result.method)}{optimal}; level "
            f"{_e(result.level)}; frustration {result.frustration:g}{polar}")
    identity: dict[str, str] = {}
    return (f"<div class='stancegraph' style='{_STYLE}'>{head}"
            f"{_camps(result, identity)}{_divides(result, identity)}{_picture(result)}</div>")


def _picture(result: CoalitionResult) -> str:
    if len(result.network) > PICTURE_ACTORS:
        return (f"<p><em>No picture: {len(result.network):,} actors is more than the "
                f"{PICTURE_ACTORS:,} drawn here; call sg.draw.coalition_graph.</em></p>")
    if not result.coalitions:
        return ""
    from .draw import coalition_graph, render

    ax = coalition_graph(result)
    figure = ax.get_figure(root=True)
    assert figure is not None  # the axes of a figure coalition_graph made
    data = base64.b64encode(render(figure, "png", dpi=80)).decode("ascii")
    return (f"<img alt='the signed actor network, actors coloured by camp' "
            f"src='data:image/png;base64,{data}'/>")
