"""An explorable page of a debate: one self-contained HTML file.

The page draws the signed actor network with sigma.js over a graphology graph (both inlined
from ``assets/``, vendored from npm by ``tools/refresh_explorer_assets.py``), laid out and
coloured as :func:`~stancegraph.draw.coalition_graph` lays out and colours it. Its own script,
style and markup are ``page/explore.js``, ``page/explore.css`` and ``page/explore.html``; this
module computes what the page shows (:func:`explorer_data`) and fills the template. Nothing is
requested from the network: every script, style and datum is in the file.
"""

from __future__ import annotations

import base64
import datetime as dt
import html
import json
import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, cast

import numpy as np

from ..analysis import CoalitionResult, coalitions
from ..analysis.display import matched_camps, strongest_ties
from ..analysis.statements import Level
from ..errors import ArgumentError, InvalidRecordError
from ..graph import StanceGraph
from ..options import Method
from ..queries import effective_stances
from ..queries.time import said_on
from ._camps import camps_of, resolve
from ._style import CAMP_COLORS, NEGATIVE, POSITIVE, RELATION_COLORS, UNALIGNED, camp_color
from .coalition_graph import Spacing, _camp_layout, _groups, _layout

__all__ = ["Explorer", "explore", "explorer_data"]

_LIBRARIES = ("graphology.min.js", "sigma.min.js")

#: At most this many days on the date slider by default (the last ones the debate changed on).
MAX_DAYS = 60
#: Up to this many stances, the slider's camps are counted afresh on each day; a larger
#: debate keeps, on every day, the number of camps of the whole debate (one partition a day
#: instead of a count), unless ``k`` is given.
COUNTED_DAYS_MAX = 1_000
#: In a network of more actors, the most connected, this many, are always labelled; the
#: others when hovered, selected, searched, or when the view is zoomed in.
LABELLED = 30
#: Colour of an actor that has said nothing yet on a day of the slider.
ABSENT = "#E4E4E4"


@dataclass(frozen=True)
class Explorer:
    """A debate's explorer page: ``html`` is the whole file."""

    html: str

    def save(self, path: str | os.PathLike[str]) -> Path:
        """Write the page to ``path`` atomically (a temporary file renamed into place)."""
        target = Path(path)
        fd, partial = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                out.write(self.html)
            os.replace(partial, target)
        except BaseException:
            Path(partial).unlink(missing_ok=True)
            raise
        return target

    def _repr_html_(self) -> str:
        """The page in an ``iframe`` of its own (its scripts apart from the notebook's)."""
        return (f'<iframe srcdoc="{html.escape(self.html, quote=True)}" '
                'style="width: 100%; height: 640px; border: 0" '
                'sandbox="allow-scripts"></iframe>')


def explore(
    data: StanceGraph | CoalitionResult,
    *,
    graph: StanceGraph | None = None,
    level: Level = "state",
    seed: int = 0,
    as_of: dt.date | str | None = None,
    k: int | None = None,
    method: Method = "auto",
    days: int = MAX_DAYS,
) -> Explorer:
    """The explorer page of a graph (its coalitions found as :func:`~stancegraph.coalitions`
    finds them, with ``level``, ``seed``, ``as_of``, ``k`` and ``method``) or of a result
    (with its graph, for names and stances).

    The page shows the signed network laid out and coloured as
    :func:`~stancegraph.draw.coalition_graph` draws it; hovering an actor lists its stances
    (relation, target, date, source, quote, attribution, confidence, who said a rolled-up
    one); clicking a tie lists the statements that make it; a date slider over the last
    ``days`` days the debate changed on (0: none) shows the camps of each day, coloured as
    the whole debate's camps they overlap most; filters by relation, confidence and
    attribution; a search box for actors and positions; the actor x target matrix, rows by
    camp, each cell listing its quotes; the camps and what unites and divides them. Every
    control works from the keyboard (arrow keys step through the actors, ``[`` and ``]``
    through the selected actor's ties).

    >>> page = explore(nato)
    >>> page.html.startswith("<!DOCTYPE html>") and "France" in page.html
    True
    >>> "http://" not in page.html.split("<script")[0]  # nothing to fetch before the scripts
    True
    """
    if isinstance(days, bool) or not isinstance(days, int) or days < 0:
        raise ArgumentError("days must be a whole number, 0 or more", field="days",
                            id=str(days), expected="0 (no date slider) or more days")
    graph, result = resolve(data, graph, level, seed, as_of, k, method)
    found = explorer_data(result, graph, seed=seed)
    if graph is not None and days:
        found["days"] = _days(graph, result, found, seed=seed, k=k, method=method, most=days)
    return Explorer(_page(found))


def explorer_data(result: CoalitionResult, graph: StanceGraph | None, *,
                  seed: int = 0) -> dict[str, Any]:
    """What the page shows, as plain data (the page's JSON, without ``days``).

    ``nodes``: id, label, type, camp (1-based, None if unaligned), colour, x, y, size,
    ``forceLabel`` (the ``LABELLED`` most connected) and stances (relation, target, date,
    source, and when set: quote, attribution, confidence, retracted, retracted_on, said_by);
    ``edges``: source, target, sign, positive, negative, colour (each actor's
    strongest ties, :func:`ties_per_actor`); ``targets`` and ``speakers``: the name of every
    target and of everyone a rolled-up stance was said by;
    ``camps`` (label, colour, what unites each) and ``divides``; ``attributions``; the
    palette.
    """
    network = result.network
    camps = camps_of(result, graph)
    groups = _groups(network, camps)
    shapes = [_camp_layout(network.positive.tocsr()[m][:, m], seed)
              for m in groups[:-1] if len(m) > 1]
    xy, _, _ = _layout(network, groups, shapes, Spacing((1.0,) * len(shapes)))
    degree = network.degree()
    top = max(float(degree.max()), 1e-12) if len(degree) else 1.0
    # a small network's labels are all drawn where they fit (sigma's label grid); a larger
    # one's are forced for the most connected only
    labelled = set(np.lexsort((np.arange(len(degree)), -degree))[:LABELLED].tolist()) \
        if len(degree) > LABELLED else set()
    stances = _stances(graph, result.level) if graph is not None else {}
    nodes = []
    for i, actor in enumerate(network.ids):
        camp = result.coalition_of(actor)
        node = graph.nodes.get(actor) if graph is not None else None
        nodes.append({
            "id": actor, "label": getattr(node, "name", actor), "type": getattr(node, "type", ""),
            "camp": None if camp is None else camp + 1,
            "colour": camp_color(camps.colour_index(actor)) if camp is not None else UNALIGNED,
            "x": round(float(xy[i, 0]), 4), "y": round(float(xy[i, 1]), 4),
            "size": round(4 + 12 * float(degree[i]) / top, 2), "forceLabel": i in labelled,
            "stances": stances.get(actor, []),
        })
    edges = []
    rows, cols, plus, minus = strongest_ties(network, ties_per_actor(len(network)))
    for i, j, p, m in zip(rows.tolist(), cols.tolist(), plus.tolist(), minus.tolist(),
                          strict=True):
        edges.append({"source": network.ids[i], "target": network.ids[j],
                      "sign": int(np.sign(p - m)), "positive": round(p, 4),
                      "negative": round(m, 4), "colour": POSITIVE if p >= m else NEGATIVE})
    targets = sorted({s["target"] for said in stances.values() for s in said})
    attributions = {s.get("attribution", "unstated") for said in stances.values() for s in said}
    return {"title": f"Who agrees with whom ({result.level} level)",
            "nodes": nodes, "edges": edges,
            "targets": {t: _name(graph, t) for t in targets},
            "speakers": {a: _name(graph, a) for a in sorted(
                {s["said_by"] for said in stances.values() for s in said if "said_by" in s})},
            "attributions": sorted(attributions),
            "palette": list(CAMP_COLORS), "unaligned": UNALIGNED, "absent": ABSENT,
            "relations": RELATION_COLORS,
            "camps": _camp_entries(result, camps.names, camps.colour_of_camp, graph),
            "divides": _divides(result, graph)}


def _name(graph: StanceGraph | None, id: str) -> str:
    node = graph.nodes.get(id) if graph is not None else None
    return str(getattr(node, "name", None) or id)


def _camp_entries(result: CoalitionResult, names: Sequence[str], colours: Sequence[int],
                  graph: StanceGraph | None, most: int = 8) -> list[dict[str, Any]]:
    """Each camp of ``result`` as the page lists it: its name, its colour (a palette index
    each) and what unites it, most first, in words."""
    return [{"label": names[c].replace("\n", " "), "colour": camp_color(colours[c]),
             "unites": [f"{s.phrase} {_name(graph, s.target)}" + (" (all camps)" if s.shared
                                                                   else "")
                        for s in coalition.unites[:most]]}
            for c, coalition in enumerate(result.coalitions)]


def _divides(result: CoalitionResult, graph: StanceGraph | None,
             most: int = 5) -> list[dict[str, Any]]:
    """What divides each pair of camps, most first, in words."""
    return [{"between": [a + 1, b + 1],
             "targets": [f"{_name(graph, d.target)}: camp {a + 1} {d.phrases[0]}, camp {b + 1} "
                         f"{d.phrases[1]}" for d in found[:most]]}
            for a, b, found in result.divides]


def _days(graph: StanceGraph, result: CoalitionResult, page: dict[str, Any], *, seed: int,
          k: int | None, method: Method, most: int) -> list[dict[str, Any]]:
    """The last ``most`` days the debate changed on (a stance said, retracted or replaced),
    each with its camps as :func:`~stancegraph.coalitions` finds them that day.

    Each day has ``colour`` (per node of the page: the palette index of its camp that day,
    -1 if unaligned, -2 if it had said nothing yet), ``ties`` (a base64 bitmask over the
    page's edges: the ties that held that day), and ``camps`` and ``divides`` as the page's
    own. A day's camp takes the colour of the whole debate's camp it shares most members
    with (an assignment, so no two share one); camps that match none take unused colours.
    """
    columns = graph.stance_columns()
    changes = set(said_on(graph, columns).tolist()) | set(columns.retracted_on.tolist())
    chosen = sorted(d for d in changes if d > 0)[-most:]
    level = cast(Level, result.level)
    if k is None and len(columns) > COUNTED_DAYS_MAX:
        k = max(1, len(result.coalitions))
    ids = [n["id"] for n in page["nodes"]]
    final = np.array([-1 if result.coalition_of(a) is None else result.coalition_of(a)
                      for a in ids], dtype=np.int64)
    final_colour = camps_of(result, graph).colour_of_camp
    found = []
    for day in chosen:
        when = dt.date.fromordinal(day)
        that = _camps_on(graph, when, level=level, seed=seed, k=k, method=method)
        there = {a: i for i, a in enumerate(that.network.ids)}
        camp = np.array([-2 if a not in there else
                         -1 if that.coalition_of(a) is None else that.coalition_of(a)
                         for a in ids], dtype=np.int64)
        colour = _matched_colours(camp, final, final_colour, len(that.coalitions))
        held = _held(that.network, there, page["edges"])
        found.append({
            "day": when.isoformat(),
            "colour": [int(colour[c]) if c >= 0 else int(c) for c in camp.tolist()],
            "ties": base64.b64encode(np.packbits(held, bitorder="little").tobytes()).decode(),
            "camps": _camp_entries(that, camps_of(that, graph).names, colour.tolist(), graph),
            "divides": _divides(that, graph)})
    return found


def _camps_on(graph: StanceGraph, day: dt.date, *, level: Level, seed: int, k: int | None,
              method: Method) -> CoalitionResult:
    """The camps of the debate as of ``day``: ``k`` of them, or counted when ``k`` is None or
    more than the actors tied that day (an early day of a large debate)."""
    if k is not None:
        try:
            return coalitions(graph, level=level, as_of=day, seed=seed, k=k, method=method)
        except InvalidRecordError as error:
            if error.field != "k":
                raise
    return coalitions(graph, level=level, as_of=day, seed=seed, k=None, method=method)


def _held(network: Any, there: dict[str, int], edges: list[dict[str, Any]]) -> Any:
    """Whether each of the page's ``edges`` is a tie of a day's ``network`` (its actors at
    the positions ``there``)."""
    rows = np.array([there.get(e["source"], -1) for e in edges], dtype=np.int64)
    cols = np.array([there.get(e["target"], -1) for e in edges], dtype=np.int64)
    held = np.zeros(len(edges), dtype=bool)
    both = (rows >= 0) & (cols >= 0)
    if both.any():
        held[both] = network.net_at(rows[both], cols[both]) != 0
    return held


def _matched_colours(camp: Any, final: Any, final_colour: tuple[int, ...], n: int) -> Any:
    """The palette index of each of a day's ``n`` camps: that of the whole debate's camp it
    shares most actors with (:func:`~stancegraph.analysis.display.matched_camps`); the rest
    take the palette's unused colours in order.

    >>> _matched_colours(np.array([1, 1, 0, 0, -2, 2]), np.array([0, 0, 0, 1, 1, -1]),
    ...                  (4, 2), 3).tolist()
    [2, 4, 0]
    """
    matched = matched_camps(camp, final, n, len(final_colour))
    colour = np.array([final_colour[m] if m >= 0 else -1 for m in matched.tolist()],
                      dtype=np.int64)
    free = iter([c for c in range(len(CAMP_COLORS)) if c not in set(colour.tolist())])
    for c in np.flatnonzero(colour < 0).tolist():
        colour[c] = next(free, len(CAMP_COLORS) - 1)
    return colour


#: Each actor's strongest ties are drawn: at most ``MAX_TIES_PER_ACTOR`` each, fewer in a
#: large network so that about ``DRAWN_TIES`` are drawn, and at least ``MIN_TIES_PER_ACTOR``.
#: Drawing costs the page in proportion to the ties (under software WebGL, 60,000 ties take
#: about 2 s a frame; see benchmarks/explorer.py).
MAX_TIES_PER_ACTOR, MIN_TIES_PER_ACTOR, DRAWN_TIES = 12, 3, 20_000


def ties_per_actor(actors: int) -> int:
    """How many of each actor's strongest ties the page draws.

    >>> ties_per_actor(17), ties_per_actor(1_000), ties_per_actor(5_000), ties_per_actor(10**5)
    (12, 12, 4, 3)
    """
    return max(MIN_TIES_PER_ACTOR, min(MAX_TIES_PER_ACTOR, DRAWN_TIES // max(actors, 1)))


def _stances(graph: StanceGraph, level: str) -> dict[str, list[dict[str, Any]]]:
    """The stances that count for each actor at ``level``, each with its provenance (the
    keys of unset fields left out: the page is smaller)."""
    found: dict[str, list[dict[str, Any]]] = {}
    rolled = effective_stances(graph, include_retracted=True) if level == "state" else None
    pairs = ((e.holder, e.stance, e.stance.holder if e.derived else None) for e in rolled) \
        if rolled is not None else ((s.holder, s, None) for s in graph.stances)
    for holder, s, said_by in pairs:
        record: dict[str, Any] = {"relation": s.relation, "target": s.target, "source": s.source,
                                  "date": None if s.date is None else s.date.isoformat()}
        extra: tuple[tuple[str, Any], ...] = (
            ("quote", s.quote), ("attribution", s.attribution), ("confidence", s.confidence),
            ("said_by", said_by), ("retracted", s.retracted or None),
            ("retracted_on", None if s.retracted_on is None else s.retracted_on.isoformat()))
        for key, value in extra:
            if value is not None:
                record[key] = value
        found.setdefault(holder, []).append(record)
    return found


def _page(data: dict[str, Any]) -> str:
    """The page: the template with the libraries, the page's own style and script, and the
    data inlined."""
    here = resources.files("stancegraph.draw")
    scripts = "\n".join(f"<script>{_code((here / 'assets' / name).read_text('utf-8'), name)}"
                        "</script>" for name in _LIBRARIES)
    # In JSON, "<", ">" and "&" may be written as \u escapes: no text of the data can end or
    # re-open the element that holds it.
    payload = (json.dumps(data, ensure_ascii=False, sort_keys=True)
               .replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))
    page = here / "page"
    return (page / "explore.html").read_text("utf-8").format(
        title=html.escape(data["title"]), scripts=scripts, payload=payload,
        style=(page / "explore.css").read_text("utf-8"),
        code=_code((page / "explore.js").read_text("utf-8"), "explore.js"))


def _code(text: str, name: str) -> str:
    """A script, checked to be safe inside a ``<script>`` element."""
    lowered = text.lower()
    if "</script" in lowered or "<!--" in lowered:
        raise RuntimeError(f"{name} cannot be inlined: it holds </script or <!--")
    return text
