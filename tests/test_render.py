"""The map page as written: data, escaping, offline inlining, empty maps, the CLI."""

from __future__ import annotations

import json
import logging
import re
from collections import Counter
from pathlib import Path

import folium
import pandas as pd
import pytest
import shapely
from click.testing import CliRunner
from render_support import (
    XSS,
    XSS_CLOSE,
    many_incidents,
    page_data,
    small_incidents,
    xss_incidents,
)

from geomap.cli import main
from geomap.cli.map_command import default_output
from geomap.errors import DataError, InputError
from geomap.gazetteer import load_gazetteer
from geomap.incidents import Incident, empty_incidents, incidents_frame
from geomap.render import build_map, render_map
from geomap.render.assets import HEAT_JS, LEAFLET_JS, inline_assets
from geomap.render.countries import map_countries
from geomap.render.payload import ROW_FIELDS, build_payload, prepare_incidents, script_json
from geomap.settings import current_settings

FIELD = {name: i for i, name in enumerate(ROW_FIELDS)}
CACHE = current_settings().cache_dir  # where the drawn countries are cached


def country_counts(data: dict) -> dict[str, int]:
    """Incidents per country name, from the rows of a payload."""
    return dict(Counter(data["countries"][r[FIELD["country"]]]["name"] for r in data["rows"]
                        if r[FIELD["country"]] >= 0))


def test_script_json_never_ends_the_script_block() -> None:
    data = {"a": XSS_CLOSE, "b": "<!-- \u2028 & >"}
    encoded = script_json(data)
    assert "<" not in encoded and ">" not in encoded and "\u2028" not in encoded
    assert json.loads(encoded) == data


def test_payload_rows_and_areas_follow_precision() -> None:
    data = build_payload(prepare_incidents(small_incidents(), CACHE), load_gazetteer(), CACHE)
    rows, strings = data["rows"], data["strings"]
    assert len(rows) == 5
    by_place = {strings[r[FIELD["place"]]]: r for r in rows}
    # exact places have no area; the country one gets Syria's polygon; the sea a circle
    assert by_place["Basra"][FIELD["area"]] == -1
    syria = data["areas"][by_place["Syria"][FIELD["area"]]]
    assert shapely.geometry.shape(syria["geometry"]).contains(shapely.Point(38.5, 35.0))
    sea = data["areas"][by_place["Red Sea"][FIELD["area"]]]
    assert "geometry" not in sea and sea["radius"] > 50_000 and sea["center"] == [20.0, 38.5]
    # counts per country: three in Iraq, one in Syria, none for the sea
    assert country_counts(data) == {"Iraq": 3, "Syria": 1}
    assert {f["properties"]["name"] for f in data["choropleth"]["features"]} == {"Iraq", "Syria"}
    assert data["dates"] == ["2024-01-16", "2024-01-19", "2024-01-20", "2024-01-22"]
    assert by_place["Erbil"][FIELD["date"]] == -1  # undated
    assert [a["name"] for a in data["actions"]] == ["assault", "protest", "threaten"]


def test_country_is_filled_from_the_point_when_missing() -> None:
    gdf = small_incidents()
    gdf["country"] = ""
    prepared = prepare_incidents(gdf, CACHE)
    assert list(prepared["country"]) == ["IRQ", "SYR", "", "IRQ", "IRQ"]


def test_offline_page_links_nothing_outside(tmp_path: Path) -> None:
    out = render_map(small_incidents(), tmp_path / "m.html", offline=True, title="Iraq")
    html = out.read_text(encoding="utf-8")
    assert not re.search(r"<script[^>]+src=", html)
    assert not re.search(r"<link[^>]+href=", html)
    assert "images/layers.png" not in html and "data:image/png;base64," in html
    assert 't.version="1.9.3"' in html  # Leaflet itself, inlined
    assert "tile.openstreetmap.org" not in html
    assert page_data(html)["basemap"]["features"]  # country outlines instead of tiles


def test_default_page_is_self_contained_with_tiles_over_the_basemap(tmp_path: Path) -> None:
    html = render_map(small_incidents(), tmp_path / "m.html").read_text(encoding="utf-8")
    assert not re.search(r"<script[^>]+src=", html) and 't.version="1.9.3"' in html
    assert "tile.openstreetmap.org" in html
    data = page_data(html)
    assert data["basemap"]["features"]  # drawn under the tiles
    countries = {name: zoom for _, _, name, zoom in data["labels"]["countries"]}
    assert countries["Iraq"] <= 3 and countries["Russia"] == 2
    cities = {name: zoom for _, _, name, zoom in data["labels"]["cities"]}
    assert cities["Baghdad"] == 4 and cities["Tokyo"] == 4  # capitals first
    assert cities["Kirkuk"] > 4


def test_cdn_page_links_pinned_files(tmp_path: Path) -> None:
    html = render_map(small_incidents(), tmp_path / "m.html", cdn=True).read_text(
        encoding="utf-8")
    assert f'<script src="{LEAFLET_JS}"></script>' in html
    assert f'<script src="{HEAT_JS}"></script>' in html
    assert "@main" not in HEAT_JS and f"folium@v{folium.__version__}/" in HEAT_JS
    local = render_map(small_incidents(), tmp_path / "t.html",
                       tiles="http://localhost:8080/{z}/{x}/{y}.png").read_text(encoding="utf-8")
    assert "http://localhost:8080/{z}/{x}/{y}.png" in local
    assert "tile.openstreetmap.org" not in local


def test_unknown_tiles_are_a_user_error() -> None:
    with pytest.raises(InputError, match="unknown tiles"):
        build_map(small_incidents(), tiles="No Such Provider 123")


def test_every_text_is_escaped_in_the_page(tmp_path: Path) -> None:
    title = f"Map {XSS}"
    html = render_map(xss_incidents(), tmp_path / "x.html", title=title,
                      offline=True).read_text(encoding="utf-8")
    for raw in ("<script>window.__pwned", "<img src=x", "<img src=y", "<b onmouseover"):
        assert raw not in html
    assert "<title>Map &lt;script&gt;" in html
    data = page_data(html)
    assert f"Rebels {XSS}" in data["strings"]  # the text itself is kept, as data


def test_empty_incidents_render_with_a_note(tmp_path: Path,
                                            caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="geomap.render"):
        out = render_map(empty_incidents(), tmp_path / "empty.html", offline=True)
    html = out.read_text(encoding="utf-8")
    assert "No incidents were found" in html
    assert page_data(html)["rows"] == []
    assert any("no incidents" in r.getMessage() for r in caplog.records)


def test_query_area_and_crs(tmp_path: Path) -> None:
    gdf = small_incidents().to_crs("EPSG:3857")
    area = shapely.box(40, 28, 50, 38)
    data = build_payload(prepare_incidents(gdf, CACHE), load_gazetteer(), CACHE, area=area)
    assert shapely.geometry.shape(data["query_area"]).equals(area)
    lon = data["rows"][0][FIELD["lon"]]
    assert lon == pytest.approx(42.44, abs=1e-4)  # back in degrees


def test_clustering_follows_the_number_of_incidents() -> None:
    small = build_payload(prepare_incidents(small_incidents(), CACHE), load_gazetteer(), CACHE)
    assert small["cluster"] is False
    big = build_payload(prepare_incidents(many_incidents(400), CACHE), load_gazetteer(), CACHE)
    assert big["cluster"] is True
    assert len(big["actors"]) == 13 and big["actors"][-1].get("other")  # 12 layers + other


def test_inline_assets_refuses_unknown_links() -> None:
    with pytest.raises(DataError, match="cannot inline"):
        inline_assets('<script src="https://example.org/x.js"></script>')


def test_default_output_name() -> None:
    assert default_output(("-",)) == Path("output/stdin.html")
    assert default_output(("folder/",)) == Path("output/folder.html")


def test_cli_missing_input_is_one_line(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["map", str(tmp_path / "missing.txt"),
                                       "-o", str(tmp_path / "m.html")])
    assert result.exit_code == 1
    assert result.output.count("\n") == 1 and "Traceback" not in result.output


def test_cli_maps_an_article(tmp_path: Path, seed_path: Path) -> None:
    pytest.importorskip("geomap.pipeline", reason="the extraction pipeline is not there yet")
    out = tmp_path / "seed.html"
    result = CliRunner().invoke(main, ["map", str(seed_path), "-o", str(out), "--offline",
                                       "--date", "2024-01-24"])
    assert result.exit_code == 0, result.output
    data = page_data(out.read_text(encoding="utf-8"))
    places = {data["strings"][r[FIELD["place"]]] for r in data["rows"]}
    assert "Red Sea" in places
    assert "Lloyd Austin" not in {data["strings"][r[FIELD["actor"]]] for r in data["rows"]}


def test_the_map_shows_the_schemas_alpha3_codes() -> None:
    gdf = small_incidents()
    assert list(gdf["country"]) == ["IRQ", "SYR", "", "IRQ", "IRQ"]  # the incident schema
    data = build_payload(prepare_incidents(gdf, CACHE), load_gazetteer(), CACHE)
    assert data["countries"] == [{"code": "IRQ", "name": "Iraq"}, {"code": "SYR", "name": "Syria"}]
    assert country_counts(data) == {"Iraq": 3, "Syria": 1}
    syria = next(a for a in data["areas"] if a["precision"] == "country")
    assert "geometry" in syria


def test_alpha2_codes_of_older_files_become_alpha3() -> None:
    gdf = small_incidents()
    gdf["country"] = ["IQ", "sy", "", "IRQ", "XX"]
    assert list(prepare_incidents(gdf, CACHE)["country"]) == ["IRQ", "SYR", "", "IRQ", "XX"]
    data = build_payload(prepare_incidents(gdf, CACHE), load_gazetteer(), CACHE)
    assert [c["code"] for c in data["countries"]] == ["IRQ", "SYR", "XX"]
    assert country_counts(data) == {"Iraq": 2, "Syria": 1, "XX": 1}


def test_popup_fields_come_through_and_old_files_still_draw() -> None:
    gdf = small_incidents()
    gdf["fatalities"] = pd.array([3, None, 0, None, None], dtype="Int64")
    gdf["date_precision"] = ["relative", "stated", "report", "stated", ""]
    rows = build_payload(prepare_incidents(gdf, CACHE), load_gazetteer(), CACHE)["rows"]
    assert [r[FIELD["fatalities"]] for r in rows] == [3, None, 0, None, None]
    data = build_payload(prepare_incidents(gdf, CACHE), load_gazetteer(), CACHE)
    assert data["strings"][rows[0][FIELD["date_precision"]]] == "relative"
    assert data["date_precisions"]["relative"].startswith("worked out")
    old = small_incidents().drop(columns=["fatalities", "date_precision"], errors="ignore")
    old_rows = build_payload(prepare_incidents(old, CACHE), load_gazetteer(), CACHE)["rows"]
    assert [r[FIELD["fatalities"]] for r in old_rows] == [None] * 5


def test_divisions_are_their_towns_extent_and_regions_no_made_up_circle() -> None:
    gdf = incidents_frame([
        Incident(doc_id="d", sentence="Shelling hit Idlib province.", actor="Syrian army",
                 action="assault", place_name="Idlib", lon=36.62, lat=35.83,
                 precision="admin1", country="SYR", geonameid=169387),
        Incident(doc_id="d", sentence="Shelling hit Eastern Ghouta.", actor="Syrian army",
                 action="assault", place_name="Eastern Ghouta", lon=36.4, lat=33.55,
                 precision="region", country="SYR"),
    ])
    data = build_payload(prepare_incidents(gdf, CACHE), load_gazetteer(), CACHE)
    idlib, ghouta = data["rows"]
    area = shapely.geometry.shape(data["areas"][idlib[FIELD["area"]]]["geometry"])
    assert area.contains(shapely.Point(36.63, 35.93))  # Idlib city
    assert not area.contains(shapely.Point(37.16, 36.20))  # Aleppo is another province
    lebanon = map_countries(CACHE).set_index("iso_a2").loc["LB", "geometry"]
    assert not area.intersects(lebanon)
    assert ghouta[FIELD["area"]] == -1  # no extent known: no 250 km circle over Lebanon
