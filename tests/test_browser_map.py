"""The map in a real headless Chromium: loads, shows, pops up, filters, runs no injected code.

Network access is blocked in every test: the offline page must need none, and the default
page gets its CDN files served from the installed packages (tiles as a blank image).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from render_support import (
    CHROMIUM,
    XSS,
    XSS_CLOSE,
    launch,
    local_asset,
    many_incidents,
    small_incidents,
    xss_incidents,
)

from geomap.cli import main
from geomap.render import render_map

sync_api = pytest.importorskip("playwright.sync_api")
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium: scripts/setup-system"),
]

ROOT = Path(__file__).resolve().parent.parent
TILE_PNG = ("xstatic.pkg.leaflet", "data/images/marker-shadow.png")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as playwright:
        chromium = launch(playwright)
        yield chromium
        chromium.close()


class MapPage:
    """A map opened in a fresh browser context with the network blocked, and what it logged."""

    def __init__(self, browser: Any, path: Path, *, serve_cdn: bool = False) -> None:
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.requests: list[str] = []
        self.context = browser.new_context(viewport={"width": 1280, "height": 800})
        if not serve_cdn:
            self.context.set_offline(True)
        self.context.route(re.compile(r"^(?!file:|data:)"), self._route)
        self.page = self.context.new_page()
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", self._dialog)
        self.page.goto(path.as_uri())
        self.page.wait_for_function("window.__geomapReady === true", timeout=60_000)

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def _route(self, route: Any) -> None:
        url = route.request.url
        self.requests.append(url)
        body = local_asset(url)
        if body is not None:
            kind = "text/css" if url.endswith(".css") else "application/javascript"
            route.fulfill(status=200, body=body, content_type=kind)
        elif "tile.openstreetmap.org" in url:
            import importlib.resources

            png = importlib.resources.files(TILE_PNG[0]).joinpath(TILE_PNG[1]).read_bytes()
            route.fulfill(status=200, body=png, content_type="image/png")
        else:
            route.abort()

    def count(self, selector: str) -> int:
        return int(self.page.locator(selector).count())

    def wait_count(self, selector: str, n: int) -> None:
        self.page.wait_for_function(
            "([s, n]) => document.querySelectorAll(s).length === n", arg=[selector, n],
            timeout=30_000)

    def overlay(self, name: str) -> Any:
        """The checkbox of an overlay in the layer control (opened first when collapsed)."""
        self.page.locator(".leaflet-control-layers").hover()
        return self.page.locator(".leaflet-control-layers-overlays label").filter(
            has_text=re.compile(rf"^\s*{re.escape(name)}(\s+\(\d+\))?\s*$")).locator("input")

    def popup_texts(self, *, pointer: bool = True) -> list[str]:
        """Click every marker in turn and return the text of each popup.

        ``pointer=False`` dispatches the click to the marker itself, wherever an opened popup
        has panned the map to.
        """
        texts = []
        for i in range(self.count(".geomap-marker")):
            marker = self.page.locator(".geomap-marker").nth(i)
            if pointer:
                marker.click()
            else:
                marker.dispatch_event("click")
            self.page.wait_for_selector(".leaflet-popup-content .gm-popup")
            texts.append(self.page.inner_text(".leaflet-popup-content"))
            close = self.page.locator(".leaflet-popup-close-button")
            if pointer:
                close.click()
            else:
                close.dispatch_event("click")
        return texts

    def close(self) -> None:
        self.context.close()


@pytest.fixture(scope="module")
def small_offline(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return render_map(small_incidents(), tmp_path_factory.mktemp("maps") / "small.html",
                      title="Five incidents", offline=True)


@pytest.fixture()
def small_page(browser: Any, small_offline: Path) -> Iterator[MapPage]:
    page = MapPage(browser, small_offline)
    yield page
    page.close()


def test_offline_map_renders_with_the_network_blocked(small_page: MapPage) -> None:
    assert small_page.errors == []
    assert small_page.requests == []  # nothing even tried to leave the file
    assert small_page.count(".geomap-marker") == 5
    assert small_page.count(".geomap-marker.gm-approx") == 2  # Syria and the Red Sea
    assert small_page.count(".leaflet-gmAreas-pane path.gm-area") == 2
    assert small_page.count(".leaflet-gmChoropleth-pane path") == 2  # Iraq and Syria
    assert small_page.count(".leaflet-gmBasemap-pane canvas") == 1
    assert small_page.page.inner_text(".gm-header h1") == "Five incidents"
    assert "5 incidents" in small_page.page.inner_text(".gm-summary")


def test_clicking_markers_opens_popups_with_actor_and_action(small_page: MapPage) -> None:
    texts = small_page.popup_texts()
    pairs = {tuple(t.splitlines()[0].split(" \u2192 ")[:2]) for t in texts}
    expected = set(zip(small_incidents()["actor"], small_incidents()["action"]))
    assert {(actor, action.split(" (")[0]) for actor, action in pairs} == expected
    asad = next(t for t in texts if "Al Asad" in t)
    assert "missile" in asad and "US military" in asad and "2024-01-20" in asad
    assert "news.example" not in asad and "Strikes in Iraq" in asad  # linked title


def test_popup_highlights_the_place_in_the_evidence(small_page: MapPage) -> None:
    small_page.page.locator(".geomap-marker.gm-p-water").click()
    assert small_page.page.inner_text(".gm-evidence mark") == "Red Sea"
    assert "at sea" in small_page.page.inner_text(".gm-where")


def test_toggling_layers_hides_their_markers(small_page: MapPage) -> None:
    small_page.overlay("action: assault").uncheck()
    small_page.wait_count(".geomap-marker", 2)
    assert small_page.count(".geomap-marker.gm-a-0") == 0
    assert small_page.count(".leaflet-gmAreas-pane path.gm-area") == 0  # their areas go too
    small_page.overlay("action: assault").check()
    small_page.wait_count(".geomap-marker", 5)
    small_page.overlay("actor: Iran").uncheck()
    small_page.wait_count(".geomap-marker", 4)
    assert small_page.count(".geomap-marker.gm-p-country") == 0
    assert small_page.errors == []


def test_time_slider_shows_incidents_up_to_a_date(small_page: MapPage) -> None:
    slider = small_page.page.locator(".gm-slider input")
    set_value = "(el, v) => { el.value = v; el.dispatchEvent(new Event('input')); }"
    slider.evaluate(set_value, "0")  # up to 2024-01-16: Syria only
    small_page.wait_count(".geomap-marker", 1)
    assert "2024-01-16" in small_page.page.inner_text(".gm-slider-label")
    slider.evaluate(set_value, "2")  # up to 2024-01-20
    small_page.wait_count(".geomap-marker", 3)
    slider.evaluate(set_value, "4")  # all, the undated one too
    small_page.wait_count(".geomap-marker", 5)


def test_xss_payloads_run_nothing(browser: Any, tmp_path: Path) -> None:
    out = render_map(xss_incidents(), tmp_path / "xss.html", title=f"Map {XSS}",
                     offline=True)
    page = MapPage(browser, out)
    try:
        texts = page.popup_texts(pointer=False)
        page.page.locator(".geomap-marker").first.dispatch_event("mouseover")
        page.page.locator(".leaflet-control-layers").hover()
        page.page.wait_for_timeout(300)
        assert page.page.evaluate("window.__pwned") is None
        assert page.dialogs == []
        assert page.errors == []
        assert any(XSS in t and XSS_CLOSE in t for t in texts)  # shown as text
        assert XSS in page.page.inner_text(".gm-header h1")
        assert page.page.title() == f"Map {XSS}"
        labels = page.page.inner_text(".leaflet-control-layers-overlays")
        assert "<img src=y onerror=window.__pwned=1>"[:39] in labels  # clipped at 40
        assert page.count(".gm-source a") == 0  # a javascript: source is never a link
    finally:
        page.close()


def test_default_map_works_with_cdn_files_served_locally(browser: Any, tmp_path: Path) -> None:
    out = render_map(small_incidents(), tmp_path / "online.html", title="Online")
    page = MapPage(browser, out, serve_cdn=True)
    try:
        assert page.errors == []
        assert page.count(".geomap-marker") == 5
        assert page.count("img.leaflet-tile") > 0
        assert any("leaflet.markercluster" in url for url in page.requests)
    finally:
        page.close()


def test_many_incidents_are_clustered_and_all_counted(browser: Any, tmp_path: Path) -> None:
    out = render_map(many_incidents(400), tmp_path / "many.html", offline=True)
    page = MapPage(browser, out)
    try:
        clusters = [int(t) for t in page.page.locator(".marker-cluster span").all_inner_texts()]
        assert clusters and page.count(".geomap-marker") < 400
        assert sum(clusters) + page.count(".geomap-marker") == 400
        page.overlay("Heat map").check()
        page.wait_count(".leaflet-heatmap-layer", 1)
        assert page.errors == []
    finally:
        page.close()


def test_seed_map_screenshot(browser: Any, tmp_path: Path) -> None:
    pytest.importorskip("geomap.pipeline", reason="the extraction pipeline is not there yet")
    out = tmp_path / "seed.html"  # never the user's output/ folder
    result = CliRunner().invoke(main, ["map", str(ROOT / "seeds" /
                                       "000_55a844751e730994.txt"), "-o", str(out),
                                       "--offline", "--date", "2024-01-24"])
    assert result.exit_code == 0, result.output
    page = MapPage(browser, out)
    try:
        assert page.errors == []
        assert page.count(".geomap-marker") + page.count(".marker-cluster") > 0
        page.page.screenshot(path=str(tmp_path / "seed.png"))
        texts = page.popup_texts(pointer=False)
        assert texts and all(" \u2192 " in t.splitlines()[0] for t in texts)
        assert not any("Lloyd Austin" in t.splitlines()[0] for t in texts)
        page.page.locator(".geomap-marker").first.dispatch_event("click")
        page.page.wait_for_selector(".leaflet-popup-content .gm-popup")
        page.page.wait_for_timeout(500)  # the popup fades in
        page.page.screenshot(path=str(tmp_path / "seed-popup.png"))
    finally:
        page.close()
