"""The explorer page in headless Chromium (Debian's chromium and chromium-driver), driven by
selenium: what a reader does with it, and that it asks the network for nothing."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

import stancegraph as sg
from stancegraph.draw.explore import explore

webdriver = pytest.importorskip("selenium.webdriver")
pytestmark = pytest.mark.skipif(shutil.which("chromedriver") is None,
                                reason="needs chromium and chromium-driver (see .ci/run)")
ARTIFACTS = Path(__file__).parents[2] / "tests" / "artifacts"


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    options = webdriver.ChromeOptions()
    for flag in ("--headless=new", "--no-sandbox", "--use-gl=swiftshader",
                 "--enable-unsafe-swiftshader", "--window-size=1200,700"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(service=webdriver.ChromeService(shutil.which("chromedriver")),
                              options=options)
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def seed_page(browser: object, nato: sg.StanceGraph, tmp_path_factory: pytest.TempPathFactory
              ) -> object:
    path = explore(nato).save(tmp_path_factory.mktemp("explore") / "nato.html")
    browser.get(path.as_uri())  # type: ignore[attr-defined]
    browser.execute_script("return 1")  # type: ignore[attr-defined]
    return browser


def _hover(driver: object, actor: str) -> str:
    """Hover the actor's node; the tooltip's text."""
    from selenium.webdriver.common.action_chains import ActionChains

    x, y = driver.execute_script(  # type: ignore[attr-defined]
        "const d = window.explorer.renderer.getNodeDisplayData(arguments[0]);"
        "const p = window.explorer.renderer.framedGraphToViewport(d);"
        "return [p.x, p.y];", actor)
    canvas = driver.find_element("id", "graph")  # type: ignore[attr-defined]
    size = canvas.size
    side = driver.find_element("id", "side")  # type: ignore[attr-defined]
    ActionChains(driver).move_to_element(side).perform()  # off any node first
    ActionChains(driver).move_to_element_with_offset(
        canvas, int(x - size["width"] / 2), int(y - size["height"] / 2)).perform()
    return driver.find_element("id", "tip").text  # type: ignore[attr-defined, no-any-return]


def test_hovering_an_actor_shows_its_quotes(seed_page: object) -> None:
    text = _hover(seed_page, "france")
    assert text.startswith("France")
    assert "supports dialogue-with-putin" in text


def test_the_page_logs_no_error_and_requests_nothing(seed_page: object) -> None:
    logs = seed_page.get_log("browser")  # type: ignore[attr-defined]
    assert [entry for entry in logs if entry["level"] == "SEVERE"] == []
    requests = [e["message"] for e in seed_page.get_log("performance")  # type: ignore[attr-defined]
                if '"Network.requestWillBeSent"' in e["message"]
                and '"url":"file://' not in e["message"]]
    assert requests == []
    ARTIFACTS.mkdir(exist_ok=True)
    seed_page.save_screenshot(str(ARTIFACTS / "explore-nato.png"))  # type: ignore[attr-defined]


def _slide_to(driver: object, day: str) -> None:
    driver.execute_script(  # type: ignore[attr-defined]
        "const s = document.getElementById('day');"
        "const days = JSON.parse(document.getElementById('data').textContent).days"
        ".map(d => d.day);"
        "s.value = String(days.indexOf(arguments[0]));"
        "s.dispatchEvent(new Event('input'));", day)


def test_the_slider_shows_bidens_remark_on_the_day_he_made_it(seed_page: object) -> None:
    _slide_to(seed_page, "2022-03-26")
    assert seed_page.find_element("id", "dayname").text == "2022-03-26"  # type: ignore[attr-defined]
    assert "putin-cannot-remain-in-power" in _hover(seed_page, "united-states")
    _slide_to(seed_page, "2022-03-29")  # retracted the next day
    assert "putin-cannot-remain-in-power" not in _hover(seed_page, "united-states")


def test_clicking_a_tie_lists_the_statements_that_make_it(seed_page: object) -> None:
    seed_page.execute_script(  # type: ignore[attr-defined]
        "const r = window.explorer.renderer, g = window.explorer.graph;"
        "r.emit('clickEdge', {edge: g.edge('france', 'united-kingdom')});")
    text = seed_page.find_element("id", "detail").text  # type: ignore[attr-defined]
    assert text.startswith("France – United Kingdom")
    assert "conflict on dialogue-with-putin" in text
    assert "agree on direct-nato-military-involvement" in text
