"""The explorer page: its size and how fast headless Chromium draws it, next to a bare sigma.js
page of the same network, in the same run.

Run from the repository root (needs chromium, chromedriver and selenium)::

    python benchmarks/explorer.py                  # 100, 1,000 and 5,000 actors
    python benchmarks/explorer.py --sizes 100 --repeat 1 --out /tmp/explorer.md

On seeded synthetic debates (:func:`stancegraph.synth.synthetic_debate`: 5 camps, 20 stances
per actor, ``max(10, actors / 25)`` targets):

* ``sg.draw.explore(g)`` builds the page with its defaults, as ``stancegraph draw FILE -o
  debate.html`` does (camps counted; timed once; ``--days`` sets the slider's days, else
  the default) and its size is reported;
* the baseline is the best known way to draw the same network: a page holding only the same
  vendored graphology and sigma.js scripts and the same nodes (id, x, y, size, colour, label)
  and ties (source, target, colour), read from the explorer page's own JSON, drawn by
  ``new Sigma(graph, container)`` with sigma's default settings in a container the size of
  the explorer's network pane: no stances, tooltips, slider or panels. It tells what the
  explorer's extras cost over the library alone.

Each page is saved and loaded ``--repeat`` times from its file:// URL in one headless Chromium
(after about:blank each time); the fastest load gives: first contentful paint
(``performance.getEntriesByType("paint")``), the frame after sigma's first draw (made by its
constructor: ``window.explorer.firstDraw`` and the baseline's ``window.firstDraw`` are taken
in the second animation frame after it, so the GPU's work, software WebGL here, is in),
both from the navigation start, and the JS heap in use (``performance.memory``, precise). The
browser console is read after every load and its SEVERE entries counted. On the explorer page, hover: the mouse
moves to a corner of the graph (off any node), then in one move onto the drawn node of highest
degree; the time from that ``mousemove`` reaching the page (a capturing listener) to ``#tip``
being displayed (a MutationObserver), fastest of ``--repeat``; and the time, in the page,
from each of these until the frame after it is drawn: the date slider moved to its middle
day, a relation's filter turned off, the matrix view shown (its first page rendered), the
network shown again. The report is printed and
written atomically to ``--out``.
"""

from __future__ import annotations

import argparse
import html
import inspect
import json
import sys
import tempfile
import time
from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))
from report import machine_section, write_atomically  # noqa: E402
from selenium import webdriver  # noqa: E402
from selenium.webdriver.common.action_chains import ActionChains  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

import stancegraph as sg  # noqa: E402
from stancegraph.synth import synthetic_debate  # noqa: E402

DEFAULT_OUT = HERE / "results" / "explorer.md"
DEFAULT_SIZES = [100, 1_000, 5_000]
FLAGS = ("--headless=new", "--no-sandbox", "--use-gl=swiftshader", "--enable-unsafe-swiftshader",
         "--window-size=1200,700", "--disable-dev-shm-usage", "--disable-background-networking",
         "--disable-component-update", "--no-first-run", "--disable-sync",
         "--enable-precise-memory-info")
BASELINE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>sigma.js baseline</title>
<style>body {{ margin: 0; }}
#graph {{ position: absolute; left: 0; top: 34px; width: calc(100vw - 385px);
          height: calc(100vh - 34px); }}  /* the explorer's network pane */</style></head>
<body><div id="graph"></div>
{scripts}
<script type="application/json" id="data">{payload}</script>
<script>
"use strict";
window.firstDraw = null;
const data = JSON.parse(document.getElementById("data").textContent);
const graph = new graphology.Graph({{type: "undirected", multi: false}});
for (const n of data.nodes) {{
  graph.addNode(n.id, {{x: n.x, y: n.y, size: n.size, label: n.label, color: n.colour}});
}}
for (const e of data.edges) graph.addEdge(e.source, e.target, {{color: e.colour}});
window.renderer = new Sigma(graph, document.getElementById("graph"));
// as the explorer page: the frame after the constructor's draw, the GPU's work included
requestAnimationFrame(() => requestAnimationFrame(() => {{ window.firstDraw = performance.now(); }}));
</script></body></html>
"""
METRICS = """return [(performance.getEntriesByType("paint")
                     .find(e => e.name === "first-contentful-paint") || {}).startTime ?? null,
                    performance.memory ? performance.memory.usedJSHeapSize : null];"""
HOVER = """
const r = window.explorer.renderer, g = window.explorer.graph, tip = document.getElementById("tip");
let node = null;
g.forEachNode(n => { if (node === null || g.degree(n) > g.degree(node)) node = n; });
const at = r.framedGraphToViewport(r.getNodeDisplayData(node));
if (!window.hover) {
  window.addEventListener("mousemove", () => { window.hover.moved = performance.now(); }, true);
  new MutationObserver(() => {
    const h = window.hover;
    if (tip.style.display === "block" && h.shown === null) h.shown = performance.now();
  }).observe(tip, {attributes: true, attributeFilter: ["style"]});
}
window.hover = {moved: null, shown: null};
return [at.x, at.y];"""


def page_data(page: str) -> dict[str, Any]:
    """The JSON of a page's ``<script type="application/json" id="data">`` element."""
    start = page.index('<script type="application/json" id="data">')
    start = page.index(">", start) + 1
    data: dict[str, Any] = json.loads(page[start:page.index("</script>", start)])
    return data


def baseline(data: dict[str, Any]) -> str:
    """The bare sigma.js page of the explorer's nodes and ties."""
    assets = resources.files("stancegraph.draw") / "assets"
    scripts = "\n".join(f"<script>{(assets / name).read_text('utf-8')}</script>"
                        for name in ("graphology.min.js", "sigma.min.js"))
    payload = json.dumps({
        "nodes": [{k: n[k] for k in ("id", "x", "y", "size", "colour", "label")}
                  for n in data["nodes"]],
        "edges": [{k: e[k] for k in ("source", "target", "colour")} for e in data["edges"]]})
    payload = payload.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return BASELINE.format(scripts=scripts, payload=payload)


def browser(profile: str) -> Any:
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in (*FLAGS, f"--user-data-dir={profile}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=webdriver.ChromeService("/usr/bin/chromedriver"),
                              options=options)
    driver.set_page_load_timeout(120)
    driver.set_script_timeout(120)
    return driver


def load(driver: Any, path: Path, drawn: str, repeat: int) -> dict[str, Any]:
    """Load the page ``repeat`` times: its fastest first draw, with that load's paint and heap,
    and every SEVERE console entry."""
    loads, severe = [], []
    for _ in range(repeat):
        driver.get("about:blank")
        driver.get(path.as_uri())
        first = WebDriverWait(driver, 120, poll_frequency=0.05).until(
            lambda d: d.execute_script(f"return {drawn}"))
        fcp, heap = WebDriverWait(driver, 10, poll_frequency=0.05).until(
            lambda d: (m := d.execute_script(METRICS))[0] is not None and m)
        severe += [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"]
        loads.append({"first": first, "fcp": fcp, "heap": heap})
    return {**min(loads, key=lambda m: m["first"]), "severe": severe}


def hover(driver: Any, repeat: int) -> float | None:
    """Milliseconds from a mousemove onto the top node to its tooltip shown (fastest)."""
    canvas = driver.find_element("id", "graph")
    size = canvas.size
    times: list[float] = []
    for _ in range(repeat):  # off any node: a corner of the graph (sigma sees the node left)
        ActionChains(driver, duration=0).move_to_element_with_offset(
            canvas, 2 - size["width"] // 2, 2 - size["height"] // 2).perform()
        x, y = driver.execute_script(HOVER)
        ActionChains(driver, duration=0).move_to_element_with_offset(
            canvas, int(x - size["width"] / 2), int(y - size["height"] / 2)).perform()
        try:
            moved, shown = WebDriverWait(driver, 10, poll_frequency=0.01).until(
                lambda d: (h := d.execute_script("return window.hover"))["shown"] is not None
                and (h["moved"], h["shown"]))
        except Exception:  # noqa: BLE001 - no tooltip: say so in the report
            return None
        times.append(shown - moved)
    return min(times)


#: Each interaction of the page, timed in the page until the frame after it is drawn.
INTERACTIONS = {
    "slider": "const s = document.getElementById('day');"
              "s.value = String(Math.floor(Number(s.max) / 2)); s.dispatchEvent(new Event('input'));",
    "filter": "document.querySelector('#relations input').click();",
    "matrix": "document.getElementById('tab-matrix').click();",
    "network": "document.getElementById('tab-network').click();",
}
TIMED = """const done = arguments[arguments.length - 1], start = performance.now();
%s
requestAnimationFrame(() => requestAnimationFrame(() => done(performance.now() - start)));"""


def interactions(driver: Any, repeat: int) -> dict[str, float]:
    """Milliseconds each interaction takes until the next frame is drawn (fastest), the
    slider moved to its middle day, a relation's filter turned off and on, the matrix
    shown and the network back."""
    found: dict[str, list[float]] = {name: [] for name in INTERACTIONS}
    driver.set_script_timeout(120)
    for _ in range(repeat):
        for name, act in INTERACTIONS.items():
            found[name].append(driver.execute_async_script(TIMED % act))
        driver.execute_async_script(TIMED % INTERACTIONS["filter"])  # the filter back on
    return {name: min(times) for name, times in found.items()}


def run(driver: Any, n: int, repeat: int, days: int | None, folder: Path) -> dict[str, Any]:
    g = synthetic_debate(20 * n, actors=n, targets=max(10, n // 25), camps=5, seed=0)
    # the defaults, as `stancegraph draw FILE -o debate.html` calls it (camps counted)
    keywords: dict[str, Any] = {
        "days": days if days is not None else
        inspect.signature(sg.draw.explore).parameters["days"].default}
    print(f"explorer {n}: building the page ...", file=sys.stderr, flush=True)
    start = time.perf_counter()
    page = sg.draw.explore(g, **keywords)
    build = time.perf_counter() - start
    data = page_data(page.html)
    bare = baseline(data)
    explorer_path = page.save(folder / f"explorer-{n}.html")
    bare_path = folder / f"baseline-{n}.html"
    bare_path.write_text(bare, encoding="utf-8")
    row = {"actors": n, "stances": len(g.stances), "days": keywords.get("days", "-"),
           "ties": len(data["edges"]), "build": build,
           "mb": (len(page.html.encode()) / 1e6, len(bare.encode()) / 1e6),
           "explorer": load(driver, explorer_path, "window.explorer && window.explorer.firstDraw",
                            repeat),
           "hover": hover(driver, repeat),
           "interactions": interactions(driver, repeat),
           "baseline": load(driver, bare_path, "window.firstDraw", repeat)}
    print(f"explorer {n}: {row}", file=sys.stderr, flush=True)
    return row


def render(rows: Sequence[dict[str, Any]], command: str, seconds: float) -> str:
    lines = ["# The explorer page in headless Chromium", "",
             f"Written by `{command}`; see its docstring for what is measured.", "",
             *machine_section(seconds)[:-1],
             f"- browser: {rows[0]['browser'] if rows else 'unknown'}", "",
             "## Size, build and first draw (explorer / bare sigma.js baseline; fastest load)", "",
             "First contentful paint is not comparable between the two: the explorer paints its "
             "side panel's text before its scripts run, the baseline has only the canvas to "
             "paint. Compare the first draws (the frame after sigma's first draw).", "",
             "| actors | stances | days | ties drawn | HTML MB | build s | FCP ms | first draw ms "
             "| ratio | heap MB | hover ms | console errors |",
             "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    severe = []
    for r in rows:
        e, b = r["explorer"], r["baseline"]
        heap = " / ".join("n/a" if m["heap"] is None else f"{m['heap'] / 1e6:.1f}" for m in (e, b))
        lines.append(
            f"| {r['actors']:,} | {r['stances']:,} | {r['days']} | {r['ties']:,} | "
            f"{r['mb'][0]:.2f} / {r['mb'][1]:.2f} | {r['build']:.1f} | "
            f"{e['fcp']:.0f} / {b['fcp']:.0f} | {e['first']:.0f} / {b['first']:.0f} | "
            f"{e['first'] / b['first']:.2f} | {heap} | "
            f"{'n/a' if r['hover'] is None else format(r['hover'], '.1f')} | "
            f"{len(e['severe'])} / {len(b['severe'])} |")
        severe += [f"- {r['actors']:,} actors: {html.escape(m[:300])}"
                   for m in dict.fromkeys(e["severe"] + b["severe"])]
    lines += ["", "## Interactions on the explorer page (ms until the next frame; fastest)", "",
              "| actors | " + " | ".join(INTERACTIONS) + " |",
              "|---:|" + "---:|" * len(INTERACTIONS)]
    for r in rows:
        lines.append(f"| {r['actors']:,} | " + " | ".join(
            f"{r['interactions'][name]:.0f}" for name in INTERACTIONS) + " |")
    return "\n".join(lines + ["", "## Console errors (SEVERE)", "",
                              *(severe or ["None."])]) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=DEFAULT_SIZES)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--days", type=int, default=None,
                        help="explore's days= (default: its own default)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="explorer-bench-") as tmp:
        (Path(tmp) / "profile").mkdir()
        driver = browser(str(Path(tmp) / "profile"))
        try:
            version = driver.capabilities.get("browserVersion", "unknown")
            rows = [{**run(driver, n, args.repeat, args.days, Path(tmp)),
                     "browser": f"Chromium {version} (headless, SwiftShader WebGL)"}
                    for n in args.sizes]
        finally:
            driver.quit()
    command = "python benchmarks/explorer.py" + (
        "" if args.sizes == DEFAULT_SIZES else f" --sizes {' '.join(map(str, args.sizes))}") + (
        "" if args.repeat == 3 else f" --repeat {args.repeat}") + (
        "" if args.days is None else f" --days {args.days}")
    text = render(rows, command, time.perf_counter() - start)
    print(text)
    write_atomically(args.out, text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
