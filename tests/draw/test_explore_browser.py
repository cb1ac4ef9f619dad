"""The explorer page in headless Chromium (Debian's chromium and chromium-driver), driven by
selenium: what a reader does with it, and that it asks the network for nothing."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

import stancegraph as sg
from stancegraph.draw.explore import explore

# Skipped where Chromium is missing, except where STANCEGRAPH_BROWSER_TESTS=required (CI):
# there a missing browser fails them.
REQUIRED = os.environ.get("STANCEGRAPH_BROWSER_TESTS") == "required"
if not REQUIRED:
    pytest.importorskip("selenium.webdriver")
from selenium import webdriver  # noqa: E402

pytestmark = pytest.mark.skipif(shutil.which("chromedriver") is None and not REQUIRED,
                                reason="needs chromium and chromium-driver (see .ci/run)")
ARTIFACTS = Path(__file__).parents[2] / "tests" / "artifacts"


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    options = webdriver.ChromeOptions()
    for flag in ("--headless=new", "--no-sandbox", "--use-gl=swiftshader",
                 "--enable-unsafe-swiftshader", "--window-size=1200,700",
                 "--disable-dev-shm-usage", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"):
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
    assert "supports Dialogue with Putin" in text
    assert "said by Emmanuel Macron" in text  # rolled up: who said it
    assert "A French official said that sending tanks" in text  # a quote


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
        "s.value = String(arguments[0] === 'whole' ? days.length : days.indexOf(arguments[0]));"
        "s.dispatchEvent(new Event('input'));", day)


def test_the_slider_shows_bidens_remark_on_the_day_he_made_it(seed_page: object) -> None:
    _slide_to(seed_page, "2022-03-26")
    assert seed_page.find_element("id", "dayname").text == "2022-03-26"  # type: ignore[attr-defined]
    text = _hover(seed_page, "united-states")
    that_day = sg.coalitions(sg.load(Path(__file__).parents[2] / "examples" / "nato_2022.yaml"),
                             as_of="2022-03-26").coalition_of("united-states")
    assert text.splitlines()[1] == ("State, unaligned" if that_day is None
                                    else f"State, camp {that_day + 1}")  # that day's camp
    assert "Putin cannot remain in power" in text
    assert "Putin couldn’t remain in power" in text  # the quote
    _slide_to(seed_page, "2022-03-29")  # retracted the next day
    assert "Putin cannot remain in power" not in _hover(seed_page, "united-states")
    _slide_to(seed_page, "whole")
    assert seed_page.find_element("id", "dayname").text == "the whole debate"  # type: ignore[attr-defined]


def test_clicking_a_tie_lists_the_statements_that_make_it(seed_page: object) -> None:
    seed_page.execute_script(  # type: ignore[attr-defined]
        "const r = window.explorer.renderer, g = window.explorer.graph;"
        "r.emit('clickEdge', {edge: g.edge('france', 'united-kingdom')});")
    text = seed_page.find_element("id", "detail").text  # type: ignore[attr-defined]
    assert text.startswith("France – United Kingdom")
    assert "conflict on Dialogue with Putin" in text
    assert "agree on Direct NATO military involvement in the war" in text


def _detail(driver: object) -> str:
    return driver.find_element("id", "detail").text  # type: ignore[attr-defined, no-any-return]


def test_the_matrix_lists_actors_by_camp_and_a_cell_its_quotes(seed_page: object) -> None:
    seed_page.find_element("id", "tab-matrix").click()  # type: ignore[attr-defined]
    try:
        table = seed_page.find_element("css selector", "table.matrix")  # type: ignore[attr-defined]
        camps = [th.text for th in table.find_elements("css selector", "th.camp")]
        assert camps[:2] == ["Camp 1", "Camp 2"]  # then Russia and the others, each alone
        rows = [th.text for th in table.find_elements("css selector", "tbody th[scope=row]")]
        assert rows.index("France") < rows.index("United Kingdom") < rows.index("Russia")
        cell = table.find_element("css selector", "button[aria-label='France supports Dialogue "
                                                  "with Putin']")
        cell.click()
        text = _detail(seed_page)
        assert text.startswith("France on Dialogue with Putin")
        assert "said by Emmanuel Macron" in text
    finally:
        seed_page.find_element("id", "tab-network").click()  # type: ignore[attr-defined]


def test_the_attribution_filter_hides_anonymous_statements(seed_page: object) -> None:
    box = seed_page.find_element(  # type: ignore[attr-defined]
        "css selector", "#attributions input[value='anonymous']")
    assert "anonymous" in _hover(seed_page, "france")  # the Elysée official's statements
    box.click()
    try:
        assert "anonymous" not in _hover(seed_page, "france")
    finally:
        box.click()


def test_the_keyboard_steps_through_actors_and_their_ties(seed_page: object) -> None:
    from selenium.webdriver.common.keys import Keys

    graph = seed_page.find_element("id", "graph")  # type: ignore[attr-defined]
    graph.send_keys(Keys.ESCAPE)
    graph.send_keys(Keys.ARROW_RIGHT)  # the first actor of camp 1, by name
    first = seed_page.find_element("id", "status").text  # type: ignore[attr-defined]
    assert first.endswith(" selected")
    assert seed_page.find_element("id", "tip").is_displayed()  # type: ignore[attr-defined]
    graph.send_keys(Keys.ENTER)
    assert _detail(seed_page).startswith(first.removesuffix(" selected"))
    graph.send_keys("]")
    assert " – " in _detail(seed_page).splitlines()[0]  # a tie of the selected actor
    graph.send_keys(Keys.ARROW_LEFT)
    graph.send_keys(Keys.ARROW_RIGHT)
    assert seed_page.find_element("id", "status").text == first  # type: ignore[attr-defined]
    graph.send_keys(Keys.ESCAPE)


def test_searching_a_position_lists_who_stands_where_on_it(seed_page: object) -> None:
    from selenium.webdriver.common.keys import Keys

    search = seed_page.find_element("id", "search")  # type: ignore[attr-defined]
    search.clear()
    search.send_keys("Dialogue with Putin", Keys.ENTER)
    seed_page.execute_script(  # type: ignore[attr-defined]
        "document.getElementById('search').dispatchEvent(new Event('change'))")
    text = _detail(seed_page)
    assert text.startswith("Dialogue with Putin")
    assert "United Kingdom opposes Dialogue with Putin" in text
    seed_page.find_element("id", "graph").send_keys(Keys.ESCAPE)  # type: ignore[attr-defined]


def test_names_and_quotes_with_markup_render_as_text(browser: object, tmp_path: Path) -> None:
    g = sg.loads(r"""
actors:
  - {id: a, type: State, name: "<script>window.pwned = 1</script><b>A</b>"}
  - {id: b, type: State, name: B}
positions: [{id: p, type: PolicyOption, name: "P \\ \"q\""}]
stances:
  - {holder: a, relation: supports, target: p, quote: "<img src=x onerror=window.pwned=2> \\ \"x\""}
  - {holder: b, relation: supports, target: p}
""")
    browser.get(explore(g).save(tmp_path / "markup.html").as_uri())  # type: ignore[attr-defined]
    assert browser.execute_script("return window.pwned === undefined")  # type: ignore[attr-defined]
    text = _hover(browser, "a")
    assert text.startswith("<script>window.pwned = 1</script><b>A</b>")
    assert '<img src=x onerror=window.pwned=2> \\ "x"' in text
    assert 'P \\ "q"' in text
    assert browser.execute_script("return window.pwned === undefined")  # type: ignore[attr-defined]


def test_the_notebook_form_runs_in_its_sandboxed_frame(browser: object, nato: sg.StanceGraph,
                                                       tmp_path: Path) -> None:
    inline = explore(nato, days=0)._repr_html_()
    host = tmp_path / "notebook.html"
    host.write_text(f"<!DOCTYPE html><html><body><h1>Out[1]:</h1>{inline}</body></html>",
                    encoding="utf-8")
    browser.get(host.as_uri())  # type: ignore[attr-defined]
    frame = browser.find_element("tag name", "iframe")  # type: ignore[attr-defined]
    browser.switch_to.frame(frame)  # type: ignore[attr-defined]
    try:
        from selenium.webdriver.support.ui import WebDriverWait

        WebDriverWait(browser, 20).until(  # type: ignore[arg-type]
            lambda d: d.execute_script("return window.explorer && window.explorer.firstDraw"))
        assert browser.execute_script(  # type: ignore[attr-defined]
            "return window.explorer.graph.order") == len(sg.coalitions(nato).network.ids)
        assert "France" in browser.find_element("id", "camps").text  # type: ignore[attr-defined]
    finally:
        browser.switch_to.default_content()  # type: ignore[attr-defined]
