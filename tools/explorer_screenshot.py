"""The README's screenshot of the explorer: the seed's page in headless Chromium, a tie clicked
and an actor hovered.

Run from the repository root (needs Debian's chromium and chromium-driver, and selenium from
the ``test`` extra)::

    python tools/explorer_screenshot.py                    # examples/nato_2022_explorer.png
    python tools/explorer_screenshot.py --out /tmp/x.png
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "examples" / "nato_2022_explorer.png")
    parser.add_argument("--actor", default="france", help="the actor hovered")
    parser.add_argument("--tie", nargs=2, default=("france", "united-kingdom"),
                        metavar=("A", "B"), help="the tie clicked")
    args = parser.parse_args(argv)
    if shutil.which("chromedriver") is None:
        sys.exit("explorer_screenshot: chromedriver is not on the PATH (Debian: apt-get install "
                 "chromium chromium-driver)")
    from selenium import webdriver
    from selenium.webdriver.common.action_chains import ActionChains

    import stancegraph as sg

    with tempfile.TemporaryDirectory() as work:
        page = sg.draw.explore(sg.load(ROOT / "examples" / "nato_2022.yaml"))
        path = page.save(Path(work) / "nato.html")
        options = webdriver.ChromeOptions()
        for flag in ("--headless=new", "--no-sandbox", "--use-gl=swiftshader",
                     "--enable-unsafe-swiftshader", "--window-size=1400,820",
                     "--hide-scrollbars", "--disable-background-networking",
                     f"--user-data-dir={work}/profile"):
            options.add_argument(flag)
        driver = webdriver.Chrome(service=webdriver.ChromeService(shutil.which("chromedriver")),
                                  options=options)
        try:
            driver.get(path.as_uri())
            driver.execute_script("const r = window.explorer.renderer, g = window.explorer.graph;"
                                  "r.emit('clickEdge', {edge: g.edge(arguments[0], arguments[1])});",
                                  *args.tie)
            x, y = driver.execute_script(
                "const r = window.explorer.renderer;"
                "const p = r.framedGraphToViewport(r.getNodeDisplayData(arguments[0]));"
                "return [p.x, p.y];", args.actor)
            graph = driver.find_element("id", "graph")
            ActionChains(driver).move_to_element_with_offset(
                graph, int(x - graph.size["width"] / 2), int(y - graph.size["height"] / 2)
            ).perform()
            time.sleep(0.3)  # the hover's frame
            args.out.parent.mkdir(parents=True, exist_ok=True)
            partial = args.out.with_name(f".{args.out.name}.partial.png")
            driver.save_screenshot(str(partial))
            partial.replace(args.out)
        finally:
            driver.quit()
    print(args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
