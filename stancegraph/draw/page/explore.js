// The explorer page's own code: sigma.js draws the network; everything else is plain DOM.
// The data (stancegraph.draw.explore.explorer_data) is the JSON element #data.
"use strict";
const data = JSON.parse(document.getElementById("data").textContent);
const days = data.days || [];
const byId = new Map(data.nodes.map(n => [n.id, n]));
const position = new Map(data.nodes.map((n, i) => [n.id, i]));
const nameOf = id => data.targets[id] || data.speakers[id] || (byId.has(id) ? byId.get(id).label : id);
const $ = id => document.getElementById(id);
function text(tag, value) { const el = document.createElement(tag); el.textContent = value; return el; }

// -- what is shown -----------------------------------------------------------------------------
// The day (an index of days, null for the whole debate), the selected actor, the tie, the
// position searched for, and the stance filters (every relation and attribution at first).
const SYMBOL = {"supports": "+", "opposes": "−", "skeptical-of": "?", "mixed": "±"};
const relations = Object.keys(data.relations).filter(r => r in SYMBOL && r !== "mixed");
const state = {day: null, selected: null, tie: null, target: null, active: null, holders: null};
const filters = {relations: new Set(relations), confidence: 0,
                 attributions: new Set(data.attributions)};
const today = () => state.day === null ? null : days[state.day].day;
function inEffect(s) {
  if (!filters.relations.has(s.relation)) return false;
  if ((s.confidence ?? 1) < filters.confidence) return false;
  if (!filters.attributions.has(s.attribution ?? "unstated")) return false;
  const day = today();
  if (day === null) return !s.retracted;
  if (s.date && s.date > day) return false;
  return !(s.retracted && (!s.retracted_on || s.retracted_on <= day));
}
const said = n => n.stances.filter(inEffect);
function heldTies(d) {  // a day's ties: a bitmask over data.edges
  if (!d.held) { const bits = atob(d.ties); d.held = Uint8Array.from(bits, c => c.charCodeAt(0)); }
  return d.held;
}
const tieHeld = (d, i) => (heldTies(d)[i >> 3] >> (i & 7)) & 1;
function update() {  // who has a stance in effect (and on the position searched for)
  state.active = new Set(data.nodes.filter(n => n.stances.some(inEffect)).map(n => n.id));
  state.holders = !state.target ? null : new Set(
    data.nodes.filter(n => said(n).some(s => s.target === state.target)).map(n => n.id));
}
function nodeShown(node, attrs) {
  const shown = Object.assign({}, attrs);
  const d = state.day === null ? null : days[state.day];
  if (d) {
    const c = d.colour[position.get(node)];
    shown.color = c >= 0 ? data.palette[c] : (c === -1 ? data.unaligned : data.absent);
  }
  if (!state.active.has(node) || (state.holders && !state.holders.has(node))) shown.color = data.absent;
  if (state.holders && state.holders.has(node)) { shown.forceLabel = true; shown.highlighted = true; }
  if (node === state.selected) { shown.highlighted = true; shown.forceLabel = true; shown.zIndex = 1; }
  return shown;
}
function edgeShown(edge, attrs) {
  const shown = Object.assign({}, attrs);
  if (state.day !== null && !tieHeld(days[state.day], attrs.index)) shown.hidden = true;
  if (edge === state.tie) { shown.size = attrs.size + 3; shown.zIndex = 1; }
  return shown;
}
update();

// -- the network ------------------------------------------------------------------------------
const g = new graphology.Graph({type: "undirected", multi: false});
for (const n of data.nodes) {
  g.addNode(n.id, {x: n.x, y: n.y, size: n.size, label: n.label, color: n.colour,
                   forceLabel: n.forceLabel});
}
data.edges.forEach((e, i) => g.addEdge(e.source, e.target, {
  color: e.colour, size: 1 + Math.min(4, e.positive + e.negative), info: e, index: i}));
const container = $("graph");
const manyLabels = data.nodes.some(n => n.forceLabel);  // the rest labelled when zoomed in
const renderer = new Sigma(g, container, {
  renderEdgeLabels: false, enableEdgeEvents: true, itemSizesReference: "screen", zIndex: true,
  stagePadding: 60, labelRenderedSizeThreshold: manyLabels ? 1e9 : 0,
  nodeReducer: nodeShown, edgeReducer: edgeShown});
const camera = renderer.getCamera();
// for tests and benchmarks: firstDraw is when the frame after sigma's first draw (made by its
// constructor, the GPU's work included) comes
window.explorer = {graph: g, renderer: renderer, firstDraw: null};
requestAnimationFrame(() => requestAnimationFrame(() => { window.explorer.firstDraw = performance.now(); }));
let labelsAll = !manyLabels;
camera.on("updated", () => {
  const all = !manyLabels || camera.ratio < 0.35;
  if (all !== labelsAll) { labelsAll = all; renderer.setSetting("labelRenderedSizeThreshold", all ? 0 : 1e9); }
});
function refresh() {  // after a change of day, filters or search
  update();
  renderer.refresh();
  renderCamps();
  if (!$("matrix").hidden) renderMatrix();
}

// -- what an actor said, what a tie is made of ------------------------------------------------
const QUOTE = 160, TIPPED = 3;  // the tooltip shortens quotes, lists a few stances
function stanceLine(s, holder, short) {
  const li = document.createElement("li");
  li.appendChild(text("b", (holder ? holder + " " : "") + s.relation + " " + nameOf(s.target)));
  const bits = [s.date, s.source, s.attribution,
                s.confidence == null ? null : "confidence " + s.confidence,
                s.said_by ? "said by " + nameOf(s.said_by) : null].filter(x => x);
  if (bits.length) li.appendChild(text("span", " (" + bits.join(", ") + ")"));
  if (s.quote) {
    li.appendChild(text("blockquote", short && s.quote.length > QUOTE ? s.quote.slice(0, QUOTE) + "…" : s.quote));
  }
  return li;
}
function list(items, make) {
  const ul = document.createElement("ul");
  for (const item of items) ul.appendChild(make(item));
  return ul;
}
const tip = $("tip");
function showTip(node, x, y) {
  const n = byId.get(node), stances = said(n);
  const d = state.day === null ? null : days[state.day];
  const camp = d ? d.colour[position.get(node)] : (n.camp ?? -1);
  const number = d && camp >= 0 ? campNumber(d, camp) : camp;
  tip.replaceChildren(text("b", n.label),
    text("div", n.type + (camp >= 0 ? ", camp " + number
                                    : camp === -1 ? ", unaligned" : ", nothing said yet")),
    list(stances.slice(0, TIPPED), s => stanceLine(s, null, true)));
  if (stances.length > TIPPED) {
    tip.appendChild(text("div", "… and " + (stances.length - TIPPED) + " more: click or press Enter"));
  }
  tip.style.display = "block";
  // beside the pointer, inside the network's box
  const width = container.clientWidth, height = container.clientHeight;
  const left = x + 12 + tip.offsetWidth > width ? Math.max(0, x - 12 - tip.offsetWidth) : x + 12;
  const top = y + 12 + tip.offsetHeight > height ? Math.max(0, height - tip.offsetHeight) : y + 12;
  tip.style.left = left + "px";
  tip.style.top = top + "px";
}
const hideTip = () => { tip.style.display = "none"; };
// A day's camps are known by their colour (a palette index): the number of the camp with it.
const campNumber = (d, colour) => d.camps.findIndex(c => c.colour === data.palette[colour]) + 1;
const detail = $("detail");
function showActor(node) {
  const n = byId.get(node), stances = said(n);
  detail.replaceChildren(text("h2", n.label),
    text("p", stances.length + " stance" + (stances.length === 1 ? "" : "s") +
              (today() ? " as of " + today() : "")),
    list(stances, s => stanceLine(s)));
}
function tieStatements(a, b) {
  // The targets both take a stance on, and their stances on each other, in effect.
  const mine = new Map(), theirs = new Map();
  for (const s of said(a)) if (!mine.has(s.target)) mine.set(s.target, s);
  for (const s of said(b)) if (!theirs.has(s.target)) theirs.set(s.target, s);
  const found = [];
  for (const [target, sa] of [...mine].sort()) {
    const sb = theirs.get(target);
    if (sb) found.push({target: target, a: sa, b: sb,
                        agree: (sa.relation === "supports") === (sb.relation === "supports")});
  }
  if (mine.has(b.id)) found.push({target: b.id, a: mine.get(b.id), direct: true});
  if (theirs.has(a.id)) found.push({target: a.id, b: theirs.get(a.id), direct: true});
  return found;
}
function showTie(edge) {
  const e = g.getEdgeAttribute(edge, "info");
  const a = byId.get(e.source), b = byId.get(e.target);
  state.tie = edge;
  renderer.refresh();
  detail.replaceChildren(text("h2", a.label + " – " + b.label),
    text("p", "agreement " + e.positive + ", conflict " + e.negative),
    list(tieStatements(a, b), s => {
      const li = document.createElement("li");
      if (s.direct) {
        li.appendChild(text("b", s.a ? a.label + " " + s.a.relation + " " + b.label
                                     : b.label + " " + s.b.relation + " " + a.label));
      } else {
        li.appendChild(text("b", (s.agree ? "agree on " : "conflict on ") + nameOf(s.target)));
        li.appendChild(text("div", a.label + ": " + s.a.relation + ", " + b.label + ": " + s.b.relation));
      }
      for (const x of [s.a, s.b]) if (x && x.quote) li.appendChild(text("blockquote", x.quote));
      return li;
    }));
}
function showTarget(target) {
  state.target = target;
  refresh();
  const rows = data.nodes.flatMap(n => said(n).filter(s => s.target === target).map(s => [n, s]));
  detail.replaceChildren(text("h2", nameOf(target)),
    text("p", rows.length + " stance" + (rows.length === 1 ? "" : "s") + " on it"),
    list(rows, ([n, s]) => stanceLine(s, n.label)));
}
renderer.on("enterNode", ({node, event}) => showTip(node, event.x, event.y));
renderer.on("leaveNode", hideTip);
renderer.on("clickNode", ({node}) => { select(node, false); showActor(node); });
renderer.on("clickEdge", ({edge}) => showTie(edge));
renderer.on("clickStage", () => clear());

// -- the keyboard -----------------------------------------------------------------------------
const order = data.nodes.map((n, i) => i).sort((i, j) => {
  const a = data.nodes[i], b = data.nodes[j];
  return (a.camp ?? 1e9) - (b.camp ?? 1e9) || a.label.localeCompare(b.label);
}).map(i => data.nodes[i].id);
function select(node, move) {
  state.selected = node;
  state.tie = null;
  renderer.refresh();
  $("status").textContent = byId.get(node).label + " selected";
  if (move) {
    const at = renderer.getNodeDisplayData(node);
    camera.animate({x: at.x, y: at.y}, {duration: 150});
    showTip(node, container.clientWidth / 2, container.clientHeight / 2);
  }
}
function clear() {
  Object.assign(state, {selected: null, tie: null, target: null, holders: null});
  hideTip();
  $("status").textContent = "";
  refresh();
}
function step(by) {
  const at = state.selected === null ? (by > 0 ? -1 : 0) : order.indexOf(state.selected);
  select(order[(at + by + order.length) % order.length], true);
}
function stepTie(by) {
  if (state.selected === null) return;
  const ties = g.edges(state.selected).filter(e => state.day === null ||
                                                   tieHeld(days[state.day], g.getEdgeAttribute(e, "index")));
  if (!ties.length) { $("status").textContent = "no ties drawn"; return; }
  const at = ties.indexOf(state.tie);
  showTie(ties[(at + by + ties.length) % ties.length]);
}
container.addEventListener("keydown", ev => {
  const keys = {
    ArrowRight: () => step(1), ArrowDown: () => step(1), ArrowLeft: () => step(-1),
    ArrowUp: () => step(-1), Home: () => select(order[0], true),
    End: () => select(order[order.length - 1], true),
    Enter: () => state.selected && showActor(state.selected),
    "]": () => stepTie(1), "[": () => stepTie(-1),
    "+": () => camera.animatedZoom({duration: 150}), "=": () => camera.animatedZoom({duration: 150}),
    "-": () => camera.animatedUnzoom({duration: 150}), "0": () => camera.animatedReset({duration: 150}),
    Escape: clear};
  if (!(ev.key in keys)) return;
  ev.preventDefault();
  keys[ev.key]();
});

// -- the controls -----------------------------------------------------------------------------
function checkboxes(box, values, onChange) {
  for (const v of values) {
    const label = document.createElement("label"), input = document.createElement("input");
    input.type = "checkbox"; input.value = v; input.checked = true;
    input.addEventListener("change", () => { onChange(v, input.checked); refresh(); });
    label.append(input, " " + v);
    box.appendChild(label);
  }
}
checkboxes($("relations"), relations, (v, on) => on ? filters.relations.add(v) : filters.relations.delete(v));
$("attributions").appendChild(text("div", "attribution"));
checkboxes($("attributions"), data.attributions,
           (v, on) => on ? filters.attributions.add(v) : filters.attributions.delete(v));
$("confidence").addEventListener("input", () => {
  filters.confidence = Number($("confidence").value);
  $("confname").textContent = $("confidence").value;
  refresh();
});
const slider = $("day");
slider.max = String(days.length);  // the last position: the whole debate
slider.value = slider.max;
slider.disabled = days.length === 0;
slider.setAttribute("aria-valuetext", "the whole debate");
function showDay(index) {
  state.day = index < days.length ? index : null;
  const name = state.day === null ? "the whole debate" : days[state.day].day;
  $("dayname").textContent = name;
  slider.setAttribute("aria-valuetext", name);
  hideTip();
  refresh();
}
slider.addEventListener("input", () => showDay(Number(slider.value)));
const search = $("search"), names = $("names"), found = new Map();
for (const n of data.nodes) found.set(n.label, ["actor", n.id]);
for (const [id, name] of Object.entries(data.targets)) if (!found.has(name)) found.set(name, ["target", id]);
for (const name of [...found.keys()].sort()) {
  const o = document.createElement("option"); o.value = name; names.appendChild(o);
}
search.addEventListener("change", () => {
  const hit = found.get(search.value);
  if (!hit) { $("status").textContent = "nothing called " + search.value; return; }
  if (hit[0] === "actor") {
    state.target = null; state.holders = null;
    select(hit[1], true);
    showActor(hit[1]);
  } else {
    showTarget(hit[1]);
  }
});

// -- the camps, what unites and divides them ------------------------------------------------------
function renderCamps() {
  const d = state.day === null ? null : days[state.day];
  const camps = d ? d.camps : data.camps, divides = d ? d.divides : data.divides;
  const box = $("camps");
  box.replaceChildren(text("h2", d ? "Camps as of " + d.day : "Camps"));
  for (const c of camps) {
    const h = text("h3", c.label);
    const swatch = document.createElement("span");
    swatch.className = "swatch"; swatch.style.background = c.colour;
    h.prepend(swatch);
    box.append(h, list(c.unites, u => text("li", u)));
  }
  for (const x of divides) {
    box.append(text("h3", "What divides camps " + x.between.join(" and ")),
               list(x.targets, t => text("li", t)));
  }
}

// -- the matrix: actors by camp x targets, each cell listing its quotes -----------------------
const ROWS = 100, COLUMNS = 40, matrixPage = {row: 0, column: 0};
function pager(what, at, size, total, key) {
  const p = document.createElement("div");
  p.className = "pager";
  const move = (by, label) => {
    const b = text("button", label);
    b.disabled = at + by < 0 || at + by >= total;
    b.addEventListener("click", () => { matrixPage[key] = at + by; renderMatrix(); });
    return b;
  };
  p.append(move(-size, "previous " + what), move(size, "next " + what),
           `${what} ${Math.min(total, at + 1)}–${Math.min(total, at + size)} of ${total}`);
  return p;
}
function renderMatrix() {
  const d = state.day === null ? null : days[state.day];
  const campOf = n => d ? d.colour[position.get(n.id)] : (n.camp ? n.camp - 1 : -1);
  const rows = data.nodes.filter(n => said(n).length).sort((a, b) => {
    const ca = campOf(a) < 0 ? 1e9 : campOf(a), cb = campOf(b) < 0 ? 1e9 : campOf(b);
    return ca - cb || a.label.localeCompare(b.label);
  });
  const count = new Map();
  for (const n of rows) for (const s of said(n)) count.set(s.target, (count.get(s.target) || 0) + 1);
  const targets = [...count].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(x => x[0]);
  matrixPage.row = Math.min(matrixPage.row, Math.max(0, rows.length - 1));
  matrixPage.column = Math.min(matrixPage.column, Math.max(0, targets.length - 1));
  const shownRows = rows.slice(matrixPage.row, matrixPage.row + ROWS);
  const shownTargets = targets.slice(matrixPage.column, matrixPage.column + COLUMNS);
  const table = document.createElement("table");
  table.className = "matrix";
  const head = table.createTHead().insertRow();
  head.appendChild(text("th", ""));
  for (const t of shownTargets) {
    const th = text("th", nameOf(t)); th.scope = "col"; th.title = nameOf(t); head.appendChild(th);
  }
  const body = table.createTBody();
  let lastCamp = null;
  for (const n of shownRows) {
    const camp = campOf(n);
    if (camp !== lastCamp) {
      const th = text("th", camp < 0 ? "Unaligned" : "Camp " + (d ? campNumber(d, camp) : n.camp));
      th.className = "camp"; th.colSpan = shownTargets.length + 1;
      body.insertRow().appendChild(th);
      lastCamp = camp;
    }
    const row = body.insertRow(), th = text("th", n.label), swatch = document.createElement("span");
    swatch.className = "swatch";
    swatch.style.background = camp >= 0 ? (d ? data.palette[camp] : n.colour) : data.unaligned;
    th.prepend(swatch); th.scope = "row";
    row.appendChild(th);
    const mine = new Map();
    for (const s of said(n)) mine.set(s.target, [...(mine.get(s.target) || []), s]);
    for (const t of shownTargets) {
      const cell = row.insertCell(), stances = mine.get(t);
      if (!stances) continue;
      const kinds = new Set(stances.map(s => s.relation));
      const kind = kinds.size === 1 ? stances[0].relation : "mixed";
      const b = text("button", SYMBOL[kind]);
      b.style.background = data.relations[kind];
      b.style.color = kind === "skeptical-of" ? "#000" : "#fff";
      b.setAttribute("aria-label", n.label + " " + kind + " " + nameOf(t));
      b.title = n.label + " " + kind + " " + nameOf(t);
      b.addEventListener("click", () => detail.replaceChildren(
        text("h2", n.label + " on " + nameOf(t)), list(stances, s => stanceLine(s))));
      cell.appendChild(b);
    }
  }
  $("matrix").replaceChildren(
    text("p", "Each actor's stances on the targets most stated on" +
              (d ? ", as of " + d.day : "") + "; a cell lists its quotes."),
    pager("actors", matrixPage.row, ROWS, rows.length, "row"),
    pager("targets", matrixPage.column, COLUMNS, targets.length, "column"), table);
}
function showView(matrix) {
  $("matrix").hidden = !matrix;
  $("graph").hidden = matrix;
  $("tab-network").setAttribute("aria-selected", String(!matrix));
  $("tab-matrix").setAttribute("aria-selected", String(matrix));
  hideTip();
  if (matrix) renderMatrix(); else { renderer.resize(); renderer.refresh(); }
}
$("tab-network").addEventListener("click", () => showView(false));
$("tab-matrix").addEventListener("click", () => showView(true));
$("dayname").textContent = "the whole debate";
renderCamps();
