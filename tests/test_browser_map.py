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

    def __init__(self, browser: Any, path: Path, *, serve_cdn: bool = False,
                 viewport: tuple[int, int] = (1280, 800), online: bool = False) -> None:
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.requests: list[str] = []
        self.serve_tiles = serve_cdn
        self.context = browser.new_context(
            viewport={"width": viewport[0], "height": viewport[1]}, accept_downloads=True)
        if not (serve_cdn or online):
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
        elif "tile.openstreetmap.org" in url and self.serve_tiles:
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


SET_VALUE = "(el, v) => { el.value = v; el.dispatchEvent(new Event('input')); }"


def day(iso: str) -> str:
    """The day number (days since 1970-01-01) the range inputs use."""
    import datetime as dt

    return str((dt.date.fromisoformat(iso) - dt.date(1970, 1, 1)).days)


def test_date_window_keeps_undated_incidents_reachable(small_page: MapPage) -> None:
    page = small_page.page
    page.locator(".gm-from").evaluate(SET_VALUE, day("2024-01-19"))
    page.locator(".gm-to").evaluate(SET_VALUE, day("2024-01-20"))
    # Basra (19th) and Al Asad (20th) in the window, and Erbil, undated, still there.
    small_page.wait_count(".geomap-marker", 3)
    assert "2024-01-19 \u2013 2024-01-20 (2 days)" in page.inner_text(".gm-time-label")
    assert small_page.count(".gm-table-body .gm-row") == 3
    assert "Erbil" in page.inner_text(".gm-table-body")
    page.locator(".gm-undated input").uncheck()
    small_page.wait_count(".geomap-marker", 2)
    assert "Erbil" not in page.inner_text(".gm-table-body")
    page.locator(".gm-undated input").check()
    page.locator(".gm-from").evaluate(SET_VALUE, day("2024-01-21"))  # a day with nothing
    small_page.wait_count(".geomap-marker", 1)  # the undated one alone
    page.locator(".gm-from").evaluate(SET_VALUE, day("2024-01-16"))
    page.locator(".gm-to").evaluate(SET_VALUE, day("2024-01-22"))
    small_page.wait_count(".geomap-marker", 5)


def test_playing_by_week_moves_a_window(browser: Any, tmp_path: Path) -> None:
    out = render_map(many_incidents(60), tmp_path / "weeks.html", cluster=False)
    page = MapPage(browser, out)
    try:
        page.page.select_option(".gm-step", "7")
        page.page.locator(".gm-play").click()
        label = page.page.inner_text(".gm-time-label")
        assert "(7 days)" in label and label.startswith("2024-01-0")
        page.page.wait_for_function("window.geomapShown < 60", timeout=5_000)
        assert page.page.evaluate("window.geomapShown") > 0
        page.page.wait_for_function(
            "document.querySelector('.gm-time-label').textContent.indexOf('2024-01-0') < 0",
            timeout=5_000)  # the window moved on a week
        page.page.locator(".gm-play").click()  # stop
        assert page.errors == []
    finally:
        page.close()


def test_table_filters_with_the_map_and_flies_to_a_row(small_page: MapPage) -> None:
    page = small_page.page
    assert small_page.count(".gm-table-body .gm-row") == 5
    small_page.overlay("action: assault").uncheck()
    small_page.wait_count(".gm-table-body .gm-row", 2)
    assert sorted(page.locator(".gm-table-body .gm-c-place").all_inner_texts()) == [
        "Basra", "Erbil"]
    small_page.overlay("action: assault").check()
    small_page.wait_count(".gm-table-body .gm-row", 5)
    page.fill(".gm-search", "red sea")
    small_page.wait_count(".geomap-marker", 1)
    assert page.locator(".gm-table-body .gm-c-place").all_inner_texts() == ["Red Sea"]
    page.fill(".gm-search", "")
    small_page.wait_count(".geomap-marker", 5)
    page.locator(".gm-table-head .gm-c-actor").click()  # sort by actor
    actors = page.locator(".gm-table-body .gm-c-actor").all_inner_texts()
    assert actors == sorted(actors, key=str.lower)
    page.locator(".gm-table-body .gm-row", has_text="Basra").click()
    page.wait_for_selector(".leaflet-popup-content .gm-popup")
    assert "Thousands of protesters marched in Basra" in page.inner_text(".leaflet-popup-content")
    assert small_page.errors == []


def test_export_writes_what_is_shown(small_page: MapPage) -> None:
    import csv
    import json

    page = small_page.page
    small_page.overlay("actor: Iran").uncheck()
    small_page.wait_count(".geomap-marker", 4)
    with page.expect_download() as info:
        page.locator(".gm-export-csv").click()
    with open(info.value.path(), encoding="utf-8") as stream:
        rows = list(csv.DictReader(stream))
    assert len(rows) == 4 and "Iran" not in {r["actor"] for r in rows}
    assert {r["place_name"] for r in rows} == {"Al Asad airbase", "Red Sea", "Basra", "Erbil"}
    with page.expect_download() as info:
        page.locator(".gm-export-geojson").click()
    collection = json.loads(Path(info.value.path()).read_text(encoding="utf-8"))
    basra = next(f for f in collection["features"] if f["properties"]["place_name"] == "Basra")
    assert basra["geometry"]["coordinates"] == [47.78, 30.51]


def choropleth_fills(page: MapPage) -> int:
    """How many country polygons are filled (a country with nothing shown is transparent)."""
    return int(page.page.evaluate(
        "[...document.querySelectorAll('.leaflet-gmChoropleth-pane path')]"
        ".filter(p => p.getAttribute('fill-opacity') !== '0').length"))


def test_choropleth_counts_what_is_shown(small_page: MapPage) -> None:
    page = small_page.page
    assert choropleth_fills(small_page) == 2  # Iraq and Syria
    assert page.inner_text("[data-gm-max]") == "3"  # Iraq
    small_page.overlay("actor: Iran").uncheck()  # Syria's only incident
    small_page.wait_count(".geomap-marker", 4)
    assert choropleth_fills(small_page) == 1
    page.locator(".gm-from").evaluate(SET_VALUE, day("2024-01-19"))
    page.locator(".gm-to").evaluate(SET_VALUE, day("2024-01-19"))
    small_page.wait_count(".geomap-marker", 2)  # Basra, and Erbil undated
    assert page.inner_text("[data-gm-max]") == "2"
    page.locator(".gm-undated input").uncheck()
    small_page.wait_count(".geomap-marker", 1)
    assert page.inner_text("[data-gm-max]") == "1"
    small_page.overlay("action: protest").uncheck()
    small_page.wait_count(".geomap-marker", 0)
    assert choropleth_fills(small_page) == 0


def test_popup_shows_country_fatalities_and_date_precision(browser: Any, tmp_path: Path) -> None:
    import pandas as pd

    gdf = small_incidents()
    gdf["fatalities"] = pd.array([3, None, None, None, None], dtype="Int64")
    gdf["date_precision"] = ["relative", "stated", "stated", "report", ""]
    page = MapPage(browser, render_map(gdf, tmp_path / "p.html"))
    try:
        asad = next(t for t in page.popup_texts(pointer=False) if "Al Asad" in t)
        assert "Al Asad airbase, Iraq" in asad
        assert "fatalities: 3" in asad
        assert "2024-01-20 (worked out from the report's date)" in asad
        erbil = next(t for t in page.popup_texts(pointer=False) if "Erbil" in t)
        assert "date unknown" in erbil and "fatalities" not in erbil
    finally:
        page.close()


def test_default_page_offline_draws_the_basemap_and_says_why(browser: Any,
                                                              tmp_path: Path) -> None:
    out = render_map(small_incidents(), tmp_path / "default.html", title="Default")
    page = MapPage(browser, out)  # the browser is offline and every request is refused
    try:
        assert page.errors == []
        assert page.count(".geomap-marker") == 5
        assert page.count(".leaflet-gmBasemap-pane canvas") == 1
        labels = page.page.locator(".gm-label").evaluate_all("els => els.map(e => e.textContent)")
        assert "Iraq" in labels and "Baghdad" in labels
        assert "offline basemap" in page.page.inner_text(".gm-tile-note")
        assert page.count("img.leaflet-tile") == 0 and page.requests == []
    finally:
        page.close()
    page = MapPage(browser, out, online=True)  # a network, but the tile server is refused
    try:
        page.page.wait_for_selector(".gm-tile-note")
        assert page.count(".leaflet-gmBasemap-pane canvas") == 1
        assert any("tile.openstreetmap.org" in url for url in page.requests)
        assert page.errors == [] or all("ERR_FAILED" in e for e in page.errors)
    finally:
        page.close()


def covered_fraction(page: MapPage) -> float:
    """The share of the map's area under controls and panels (sampled on a 10 px grid)."""
    return float(page.page.evaluate("""() => {
        const map = document.querySelector('.folium-map').getBoundingClientRect();
        const boxes = [...document.querySelectorAll(
            '.gm-header, .gm-legend, .leaflet-control-layers, .gm-time, .leaflet-control-zoom')]
            .map(el => el.getBoundingClientRect());
        let all = 0, hit = 0;
        for (let x = map.left; x < map.right; x += 10) {
            for (let y = map.top; y < map.bottom; y += 10) {
                all += 1;
                if (boxes.some(b => x >= b.left && x < b.right && y >= b.top && y < b.bottom)) {
                    hit += 1;
                }
            }
        }
        return hit / all;
    }"""))


def overlaps(page: MapPage, a: str, b: str) -> bool:
    return bool(page.page.evaluate("""([a, b]) => {
        const r = document.querySelector(a).getBoundingClientRect();
        const s = document.querySelector(b).getBoundingClientRect();
        return r.left < s.right && s.left < r.right && r.top < s.bottom && s.top < r.bottom;
    }""", [a, b]))


@pytest.mark.parametrize("size", [(390, 844), (1024, 600)])
def test_small_screens_leave_the_map_usable(browser: Any, small_offline: Path, tmp_path: Path,
                                            size: tuple[int, int]) -> None:
    page = MapPage(browser, small_offline, viewport=size)
    try:
        page.page.screenshot(path=str(tmp_path / f"map-{size[0]}x{size[1]}.png"))
        map_box = page.page.locator(".folium-map").bounding_box()
        assert map_box["height"] >= size[1] * 0.55 and map_box["width"] >= size[0] * 0.55
        assert covered_fraction(page) < 0.25
        assert not overlaps(page, ".leaflet-control-layers", ".gm-legend")
        assert not overlaps(page, ".gm-time", ".gm-legend")
        # Every marker is reachable with a real click: nothing covers them.
        assert len(page.popup_texts()) == 5
        page.page.locator(".gm-legend summary").click()  # the legend opens on demand
        assert page.page.locator(".gm-legend h2").first.is_visible()
        page.page.locator(".gm-table-toggle").click()  # and so does the table
        page.wait_count(".gm-table-body .gm-row", 5)
        assert page.page.locator(".folium-map").bounding_box()["height"] >= size[1] * 0.5
        assert page.errors == []
    finally:
        page.close()


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
        assert f"Rebels {XSS}" in page.page.inner_text(".gm-table-body")  # the table: text
        page.page.fill(".gm-search", "rebels <script>")
        page.wait_count(".gm-table-body .gm-row", 1)
        assert page.page.evaluate("window.__pwned") is None
    finally:
        page.close()


def test_cdn_map_works_with_cdn_files_served_locally(browser: Any, tmp_path: Path) -> None:
    out = render_map(small_incidents(), tmp_path / "online.html", title="Online", cdn=True)
    page = MapPage(browser, out, serve_cdn=True)
    try:
        assert page.errors == []
        assert page.count(".geomap-marker") == 5
        assert page.count("img.leaflet-tile") > 0
        assert any("leaflet.markercluster" in url for url in page.requests)
        assert page.page.locator(".gm-cdn-notice").is_hidden()
    finally:
        page.close()


def test_cdn_map_without_a_network_says_why(browser: Any, tmp_path: Path) -> None:
    out = render_map(small_incidents(), tmp_path / "cdn.html", cdn=True)
    context = browser.new_context()
    try:
        context.set_offline(True)
        page = context.new_page()
        page.goto(out.as_uri())
        page.wait_for_selector(".gm-cdn-notice:not([hidden])", timeout=10_000)
        assert "without --cdn" in page.inner_text(".gm-cdn-notice")
    finally:
        context.close()


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
