"""An explorable page of a debate (issue 17, work in progress): one self-contained HTML file.

The page draws the signed actor network with sigma.js over a graphology graph (both inlined
from ``assets/``, vendored from npm by ``tools/refresh_explorer_assets.py``), laid out and
coloured as :func:`~stancegraph.draw.coalition_graph` lays out and colours it; hovering an
actor shows its stances with their provenance, clicking a tie lists the targets that make it.
Nothing is requested from the network: every script, style and datum is in the file.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import os
import tempfile
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, cast

import numpy as np
import scipy.sparse as sp

from ..analysis import CoalitionResult
from ..analysis.statements import Level
from ..graph import StanceGraph
from ..options import Method
from ..analysis import coalitions
from ..queries import effective_stances
from ..queries.time import said_on
from ._camps import camps_of, resolve
from ._style import NEGATIVE, POSITIVE, UNALIGNED, camp_color
from .coalition_graph import Spacing, _camp_layout, _groups, _layout

__all__ = ["Explorer", "explore"]

_LIBRARIES = ("graphology.min.js", "sigma.min.js")


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
) -> Explorer:
    """The explorer page of a graph (its coalitions found as :func:`~stancegraph.coalitions`
    finds them) or of a result (with its graph, for names and stances).

    >>> page = explore(nato)
    >>> page.html.startswith("<!DOCTYPE html>") and "France" in page.html
    True
    >>> "http://" not in page.html.split("<script")[0]  # nothing to fetch before the scripts
    True
    """
    graph, result = resolve(data, graph, level, seed, as_of, k, method)
    found = explorer_data(result, graph, seed=seed)
    if graph is not None:
        found["days"] = _days(graph, result, seed=seed, k=k, method=method)
    return Explorer(_page(found))


#: At most this many days on the date slider (the last ones, where the debate changed).
MAX_DAYS = 60


def _days(graph: StanceGraph, result: CoalitionResult, *, seed: int, k: int | None,
          method: Method) -> list[dict[str, Any]]:
    """Each day the debate changed (a stance said, retracted or replaced), with each actor's
    camp colour and the ties that day, as :func:`~stancegraph.coalitions` finds them."""
    columns = graph.stance_columns()
    changes = set(said_on(graph, columns).tolist()) | set(columns.retracted_on.tolist())
    days = sorted(d for d in changes if d > 0)[-MAX_DAYS:]
    level = cast(Level, result.level)
    found = []
    for day in days:
        when = dt.date.fromordinal(day)
        that_day = coalitions(graph, level=level, as_of=when, seed=seed, k=None, method=method)
        camps = camps_of(that_day, that_day.graph)
        colours = {}
        for actor in that_day.network.ids:
            camp = that_day.coalition_of(actor)
            colours[actor] = UNALIGNED if camp is None else camp_color(camps.colour_index(actor))
        net = that_day.network.difference.tocoo()
        ties = sorted({"|".join(sorted((that_day.network.ids[i], that_day.network.ids[j])))
                       for i, j in zip(net.row.tolist(), net.col.tolist(), strict=True)
                       if i != j})
        found.append({"day": when.isoformat(), "colours": colours, "ties": ties})
    return found


def explorer_data(result: CoalitionResult, graph: StanceGraph | None, *,
                  seed: int = 0) -> dict[str, Any]:
    """What the page shows, as plain data: ``nodes`` (id, label, type, camp, colour, x, y,
    size, stances), ``edges`` (source, target, sign, weight, positive, negative, targets the
    two share and oppose) and ``camps`` (label, colour, what unites each)."""
    network = result.network
    camps = camps_of(result, graph)
    groups = _groups(network, camps)
    shapes = [_camp_layout(network.positive.tocsr()[m][:, m], seed)
              for m in groups[:-1] if len(m) > 1]
    xy, _, _ = _layout(network, groups, shapes, Spacing((1.0,) * len(shapes)))
    degree = network.degree()
    top = max(float(degree.max()), 1e-12) if len(degree) else 1.0
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
            "size": round(4 + 12 * float(degree[i]) / top, 2),
            "stances": stances.get(actor, []),
        })
    edges = []
    upper = sp.triu(network.positive + network.negative, k=1).tocoo()
    keep = _strongest(upper, len(network), MAX_TIES_PER_ACTOR)
    plus = np.asarray(network.positive.tocsr()[upper.row[keep], upper.col[keep]]).ravel()
    minus = np.asarray(network.negative.tocsr()[upper.row[keep], upper.col[keep]]).ravel()
    for i, j, p, m in zip(upper.row[keep].tolist(), upper.col[keep].tolist(), plus.tolist(),
                          minus.tolist(), strict=True):
        edges.append({"source": network.ids[i], "target": network.ids[j],
                      "sign": int(np.sign(p - m)), "positive": round(p, 4),
                      "negative": round(m, 4), "colour": POSITIVE if p >= m else NEGATIVE})
    return {"title": f"Who agrees with whom ({result.level} level)",
            "nodes": nodes, "edges": edges,
            "camps": [{"label": (camps.names[c] if c < len(camps.names)
                                 else f"Camp {c + 1}").replace("\n", " "),
                       "colour": camp_color(camps.colour_index(coalition.members[0])),
                       "unites": [f"{s.phrase} {s.target}" + (" (all camps)" if s.shared else "")
                                  for s in coalition.unites[:8]]}
                      for c, coalition in enumerate(result.coalitions)],
            "divides": [{"between": [a + 1, b + 1],
                         "targets": [f"{d.target}: camp {a + 1} {d.phrases[0]}, camp {b + 1} "
                                     f"{d.phrases[1]}" for d in found[:5]]}
                        for a, b, found in result.divides]}


#: Each actor's strongest ties are drawn, at most this many (all of a small debate's).
MAX_TIES_PER_ACTOR = 12


def _strongest(ties: Any, n: int, per_actor: int) -> Any:
    """Indices of the ties (a COO upper triangle) among the ``per_actor`` strongest of either
    end, strongest first (ties by position)."""
    if not len(ties.data):
        return np.zeros(0, dtype=np.int64)
    order = np.lexsort((np.arange(len(ties.data)), -ties.data))
    rank = np.zeros(n, dtype=np.int64)
    chosen = []
    for t in order.tolist():
        a, b = int(ties.row[t]), int(ties.col[t])
        if rank[a] < per_actor or rank[b] < per_actor:
            chosen.append(t)
            rank[a] += 1
            rank[b] += 1
    return np.asarray(sorted(chosen), dtype=np.int64)


def _stances(graph: StanceGraph, level: str) -> dict[str, list[dict[str, Any]]]:
    """The stances that count for each actor at ``level``, each with its provenance."""
    found: dict[str, list[dict[str, Any]]] = {}
    rolled = effective_stances(graph, include_retracted=True) if level == "state" else None
    pairs = ((e.holder, e.stance, e.stance.holder if e.derived else None) for e in rolled) \
        if rolled is not None else ((s.holder, s, None) for s in graph.stances)
    for holder, s, said_by in pairs:
        found.setdefault(holder, []).append({
            "relation": s.relation, "target": s.target,
            "date": None if s.date is None else s.date.isoformat(),
            "retracted_on": None if s.retracted_on is None else s.retracted_on.isoformat(),
            "retracted": s.retracted, "source": s.source, "quote": s.quote,
            "attribution": s.attribution, "confidence": s.confidence, "said_by": said_by})
    return found


def _page(data: dict[str, Any]) -> str:
    assets = resources.files("stancegraph.draw") / "assets"
    scripts = "\n".join(f"<script>{_code((assets / name).read_text('utf-8'), name)}</script>"
                        for name in _LIBRARIES)
    # In JSON, "<", ">" and "&" may be written as \u escapes: no text of the data can end or
    # re-open the element that holds it.
    payload = (json.dumps(data, ensure_ascii=False, sort_keys=True)
               .replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))
    return _TEMPLATE.format(title=html.escape(data["title"]), scripts=scripts,
                            payload=payload, code=_CODE)


def _code(text: str, name: str) -> str:
    """A library's code, checked to be safe inside a ``<script>`` element."""
    lowered = text.lower()
    if "</script" in lowered or "<!--" in lowered:
        raise RuntimeError(f"{name} cannot be inlined: it holds </script or <!--")
    return text


_TEMPLATE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
<title>{title}</title>
<style>
body {{ margin: 0; font: 14px system-ui, sans-serif; display: flex; height: 100vh; }}
#graph {{ flex: 1; position: relative; }}
#side {{ width: 340px; overflow: auto; padding: 8px 12px; border-left: 1px solid #ddd; }}
#tip {{ position: absolute; pointer-events: none; background: #fff; border: 1px solid #999;
        padding: 6px 8px; max-width: 360px; display: none; z-index: 10; }}
</style></head>
<body><div id="graph"><div id="tip" role="tooltip"></div></div>
<div id="side" aria-live="polite"><h1 style="font-size:16px">{title}</h1>
<label for="search">Find an actor</label>
<input id="search" list="actors" style="width: 100%" autocomplete="off">
<datalist id="actors"></datalist>
<label for="day">As of <output id="dayname"></output></label>
<input type="range" id="day" min="0" value="0" style="width: 100%">
<fieldset><legend>Show stances</legend>
<label><input type="checkbox" class="relation" value="supports" checked> supports</label>
<label><input type="checkbox" class="relation" value="opposes" checked> opposes</label>
<label><input type="checkbox" class="relation" value="skeptical-of" checked> skeptical of</label><br>
<label for="confidence">confidence at least <output id="confname">0</output></label>
<input type="range" id="confidence" min="0" max="1" step="0.1" value="0" style="width: 100%">
</fieldset>
<div id="detail"></div><div id="camps"></div></div>
{scripts}
<script type="application/json" id="data">{payload}</script>
<script>{code}</script>
</body></html>
"""

_CODE = r"""
"use strict";
const data = JSON.parse(document.getElementById("data").textContent);
const g = new graphology.Graph({type: "undirected", multi: false});
for (const n of data.nodes) {
  g.addNode(n.id, {x: n.x, y: n.y, size: n.size, label: n.label, color: n.colour});
}
for (const e of data.edges) {
  g.addEdge(e.source, e.target, {color: e.colour, size: 1 + Math.min(4, e.positive + e.negative),
                                 info: e});
}
const container = document.getElementById("graph");
const renderer = new Sigma(g, container, {renderEdgeLabels: false, enableEdgeEvents: true,
  itemSizesReference: "screen", labelRenderedSizeThreshold: 0});
window.explorer = {graph: g, renderer: renderer};  // for tests and the curious
const tip = document.getElementById("tip");
const detail = document.getElementById("detail");
const byId = new Map(data.nodes.map(n => [n.id, n]));
function text(tag, value) { const el = document.createElement(tag); el.textContent = value; return el; }
function stanceLine(s) {
  const li = document.createElement("li");
  li.appendChild(text("b", s.relation + " " + s.target));
  const bits = [s.date, s.attribution, s.confidence === null ? null : "confidence " + s.confidence,
                s.said_by ? "said by " + s.said_by : null].filter(x => x);
  if (bits.length) li.appendChild(text("span", " (" + bits.join(", ") + ")"));
  if (s.quote) li.appendChild(text("blockquote", s.quote));
  return li;
}
renderer.on("enterNode", ({node}) => {
  const n = byId.get(node);
  tip.replaceChildren(text("b", n.label), text("div", n.type + (n.camp ? ", camp " + n.camp : ", unaligned")));
  const list = document.createElement("ul");
  for (const s of n.stances.filter(inEffect).slice(0, 6)) list.appendChild(stanceLine(s));
  tip.appendChild(list);
  tip.style.display = "block";
});
renderer.on("leaveNode", () => { tip.style.display = "none"; });
const days = data.days || [];
const slider = document.getElementById("day"), dayname = document.getElementById("dayname");
let today = null;  // the day shown (ISO text), null for the whole debate
const relations = () => new Set([...document.querySelectorAll(".relation:checked")].map(c => c.value));
const confidence = document.getElementById("confidence");
function inEffect(s) {
  if (!relations().has(s.relation)) return false;
  if ((s.confidence === null ? 1 : s.confidence) < Number(confidence.value)) return false;
  if (today === null) return !s.retracted;
  if (s.date && s.date > today) return false;
  return !(s.retracted && (!s.retracted_on || s.retracted_on <= today));
}
function showDay(index) {
  const d = days[index];
  today = d ? d.day : null;
  tip.style.display = "none";
  dayname.textContent = d ? d.day : "all";
  const ties = new Set(d ? d.ties : []);
  g.forEachNode(node => g.setNodeAttribute(node, "color", d ? (d.colours[node] || "#DDDDDD")
                                                              : byId.get(node).colour));
  g.forEachEdge((edge, attrs, a, b) => g.setEdgeAttribute(edge, "hidden",
      d ? !ties.has([a, b].sort().join("|")) : false));
}
slider.max = String(Math.max(days.length - 1, 0));
slider.value = slider.max;
slider.disabled = days.length === 0;
slider.addEventListener("input", () => showDay(Number(slider.value)));
if (days.length) showDay(days.length - 1); else dayname.textContent = "all";
confidence.addEventListener("input", () => {
  document.getElementById("confname").textContent = confidence.value; });
// The camps, what unites each and what divides them.
const campsBox = document.getElementById("camps");
for (const c of data.camps) {
  campsBox.appendChild(text("h3", c.label)).style.color = c.colour;
  const list = document.createElement("ul");
  for (const u of c.unites) list.appendChild(text("li", u));
  campsBox.appendChild(list);
}
for (const d of data.divides) {
  campsBox.appendChild(text("h3", "What divides camps " + d.between.join(" and ")));
  const list = document.createElement("ul");
  for (const t of d.targets) list.appendChild(text("li", t));
  campsBox.appendChild(list);
}
// Search: pick an actor by name, the camera goes to it and its stances show.
const search = document.getElementById("search"), names = document.getElementById("actors");
for (const n of data.nodes) { const o = document.createElement("option"); o.value = n.label; names.appendChild(o); }
search.addEventListener("change", () => {
  const n = data.nodes.find(x => x.label === search.value);
  if (!n) return;
  const at = renderer.getNodeDisplayData(n.id);
  renderer.getCamera().animate({x: at.x, y: at.y, ratio: 0.5}, {duration: 300});
  renderer.emit("clickNode", {node: n.id});
});
container.addEventListener("mousemove", ev => {
  const box = container.getBoundingClientRect();
  tip.style.left = (ev.clientX - box.left + 12) + "px";
  tip.style.top = (ev.clientY - box.top + 12) + "px";
});
function tieStatements(a, b) {
  // The targets both take a stance on (or one takes on the other), in effect today.
  const mine = new Map(), theirs = new Map();
  for (const s of a.stances.filter(inEffect)) if (!mine.has(s.target)) mine.set(s.target, s);
  for (const s of b.stances.filter(inEffect)) if (!theirs.has(s.target)) theirs.set(s.target, s);
  const found = [];
  for (const [target, sa] of [...mine].sort()) {
    const sb = theirs.get(target);
    if (sb) found.push({target: target, a: sa.relation, b: sb.relation,
                        agree: (sa.relation === "supports") === (sb.relation === "supports"),
                        a_quote: sa.quote, b_quote: sb.quote});
  }
  if (mine.has(b.id)) found.push({target: b.id, a: mine.get(b.id).relation, direct: true, a_quote: mine.get(b.id).quote});
  if (theirs.has(a.id)) found.push({target: a.id, b: theirs.get(a.id).relation, direct: true, b_quote: theirs.get(a.id).quote});
  return found;
}
renderer.on("clickEdge", ({edge}) => {
  const e = g.getEdgeAttribute(edge, "info");
  const a = byId.get(e.source).label, b = byId.get(e.target).label;
  const list = document.createElement("ul");
  for (const s of tieStatements(byId.get(e.source), byId.get(e.target))) {
    const li = document.createElement("li");
    li.appendChild(text("b", s.direct ? (s.a ? a + " " + s.a + " " + b : b + " " + s.b + " " + a)
                                      : (s.agree ? "agree on " : "conflict on ") + s.target));
    if (!s.direct) li.appendChild(text("div", a + ": " + s.a + ", " + b + ": " + s.b));
    for (const q of [s.a_quote, s.b_quote]) if (q) li.appendChild(text("blockquote", q));
    list.appendChild(li);
  }
  detail.replaceChildren(text("h2", a + " – " + b),
                         text("p", "agreement " + e.positive + ", conflict " + e.negative), list);
});
renderer.on("clickNode", ({node}) => {
  const n = byId.get(node);
  const list = document.createElement("ul");
  for (const s of n.stances.filter(inEffect)) list.appendChild(stanceLine(s));
  detail.replaceChildren(text("h2", n.label), list);
});
"""
