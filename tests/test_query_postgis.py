"""``geomap query postgresql://...``: the area tests run in a real PostGIS."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
from click.testing import CliRunner
from postgis_fixture import postgis_url  # noqa: F401  (the session fixture)

from geomap.cli import main
from geomap.incidents import Incident, incidents_frame
from geomap.store.postgis import connect, write_postgis
from geomap.tools.database import read_database

TABLE = "query_cli_incidents"
# (place, lon, lat): two near Baghdad, one in Basra, one in Damascus, one across 180 in Fiji.
PLACES = [("Baghdad", 44.40, 33.34), ("Abu Ghraib", 44.08, 33.29), ("Basra", 47.78, 30.51),
          ("Damascus", 36.29, 33.51), ("Taveuni", -179.97, -16.85)]


def _store(url: str) -> None:
    records = [Incident(doc_id=f"d{n}", sentence=f"Shelling hit {name}.", actor="Unknown",
                        action="assault", place_name=name, lon=lon, lat=lat, precision="point")
               for n, (name, lon, lat) in enumerate(PLACES)]
    with connect(url) as conn:
        write_postgis(incidents_frame(records), conn, table=TABLE)


def _query(url: str, *args: str, out: Path) -> gpd.GeoDataFrame:
    result = CliRunner().invoke(main, ["-q", "query", url, "--table", TABLE, *args,
                                       "-o", str(out)])
    assert result.exit_code == 0, result.output
    return gpd.read_file(out)


def test_near_within_and_bbox_run_on_the_database(postgis_url: str,  # noqa: F811
                                                  tmp_path: Path) -> None:
    _store(postgis_url)
    near = _query(postgis_url, "--near", "33.34,44.40", "--radius-km", "50",
                  out=tmp_path / "near.geojson")
    assert sorted(near["place_name"]) == ["Abu Ghraib", "Baghdad"]
    inside = _query(postgis_url, "--within", "Iraq", out=tmp_path / "iraq.geojson")
    assert sorted(inside["place_name"]) == ["Abu Ghraib", "Baghdad", "Basra"]
    across = _query(postgis_url, "--bbox", "179,-20,-179,-10", out=tmp_path / "fiji.geojson")
    assert list(across["place_name"]) == ["Taveuni"]


def test_read_database_narrows_before_reading(postgis_url: str) -> None:  # noqa: F811
    _store(postgis_url)
    frame = read_database(postgis_url, table=TABLE, near=(36.29, 33.51, 10.0))
    assert list(frame["place_name"]) == ["Damascus"]
    assert frame["distance_km"].iloc[0] < 1.0
    assert len(read_database(postgis_url, table=TABLE)) == len(PLACES)


def test_map_of_a_database_narrowed_there(postgis_url: str,  # noqa: F811
                                          tmp_path: Path) -> None:
    from render_support import page_data

    from geomap.render.payload import ROW_FIELDS

    _store(postgis_url)
    out = tmp_path / "near.html"
    result = CliRunner().invoke(main, ["map", postgis_url, "--table", TABLE, "--near",
                                       "33.34,44.40", "--radius-km", "50", "-o", str(out)])
    assert result.exit_code == 0, result.output
    data = page_data(out.read_text(encoding="utf-8"))
    assert sorted(data["strings"][r[ROW_FIELDS.index("place")]] for r in data["rows"]) == ["Abu Ghraib", "Baghdad"]
