"""``geomap query`` end to end: every output format round-trips, areas by name and by file,
one-line errors."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pytest
from click.testing import CliRunner
from render_support import page_data
from shapely.geometry import box

from geomap.cli import main
from geomap.incidents import Incident, incidents_frame
from geomap.io.incident_files import FORMATS, read_incidents, write_incidents

SUFFIXES = [suffixes[0] for suffixes in FORMATS.values()]


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Incidents written by geomap: two in Iraq, one at sea, two in Fiji either side of 180."""
    rows = [
        Incident("d1", "US aircraft struck a depot near Al Qaim.", "United States", "assault",
                 "Al Qaim", 41.03, 34.37, "point", actor_country="USA", country="IQ",
                 date="2024-02-02", confidence=0.8, sources=["a.txt"]),
        Incident("d1", "Iran fired missiles at Erbil.", "Iran", "assault", "Erbil", 44.01,
                 36.19, "point", actor_country="IRN", country="IQ", date="2024-01-15",
                 confidence=0.7, sources=["a.txt", "b.txt"]),
        Incident("d2", "Houthis fired at a tanker.", "Houthis", "assault", "Red Sea", 38.0,
                 20.0, "water", date="2024-01-12", confidence=0.5),
        Incident("d3", "Protesters marched in Nadi.", "protesters", "protest", "Nadi", 177.44,
                 -17.80, "point", country="FJ", date="2024-03-01", confidence=0.4),
        Incident("d3", "Protesters marched on Lakeba.", "protesters", "protest", "Lakeba",
                 -178.80, -18.21, "point", country="FJ", date="2024-03-02", confidence=0.4),
    ]
    path = tmp_path_factory.mktemp("query") / "incidents.parquet"
    write_incidents(incidents_frame(rows), path)
    return path


def run(*args: str | Path) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["query", *map(str, args)])
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_every_output_format_round_trips(store: Path, tmp_path: Path, suffix: str) -> None:
    out = tmp_path / f"iraq{suffix}"
    code, stdout, stderr = run(store, "--within", "Iraq", "-o", out)
    assert code == 0, stderr
    assert "2 of 5 incidents match" in stderr
    back = read_incidents(out)
    assert sorted(back["place_name"]) == ["Al Qaim", "Erbil"]
    assert back.crs.to_epsg() == 4326
    assert sorted(map(tuple, back["sources"])) == [("a.txt",), ("a.txt", "b.txt")]
    # The written file is itself a valid INCIDENTS input.
    code, stdout, _ = run(out, "--actor", "iran")
    assert code == 0 and "Erbil" in stdout and "Al Qaim" not in stdout


def test_folder_of_partitions_as_input(store: Path, tmp_path: Path) -> None:
    gdf = read_incidents(store)
    folder = tmp_path / "parts"
    write_incidents(gdf.iloc[:2], folder / "part-000000-aa.parquet")
    write_incidents(gdf.iloc[2:], folder / "part-000001-bb.parquet")
    code, stdout, stderr = run(folder, "--bbox", "170,-30,-170,0")
    assert code == 0, stderr
    assert "2 of 5" in stderr and "Nadi" in stdout and "Lakeba" in stdout


def test_near_and_nearest_by_coordinates(store: Path) -> None:
    code, stdout, stderr = run(store, "--near", "-18.0,-179.5", "--radius-km", "150")
    assert code == 0, stderr
    assert "Lakeba" in stdout and "Nadi" not in stdout
    code, stdout, _ = run(store, "--nearest", "1", "--to", "-18.0,179.9")
    assert code == 0 and "Lakeba" in stdout and "distance_km" in stdout


def test_within_a_polygon_file(store: Path, tmp_path: Path) -> None:
    area = gpd.GeoDataFrame({"name": ["north iraq"]}, geometry=[box(42, 35, 46, 38)], crs=4326)
    path = write_incidents(area, tmp_path / "north.gpkg")
    code, stdout, _ = run(store, "--within", path)
    assert code == 0 and "Erbil" in stdout and "Al Qaim" not in stdout


def test_count_by_admin1_prints_names(store: Path) -> None:
    code, stdout, _ = run(store, "--count-by", "admin1")
    assert code == 0
    assert "Al Anbār" in stdout  # Al Qaim's province, not only its code IQ.01
    assert "around Erbil" in stdout  # a division the gazetteer has no name for


def test_count_by_country_and_layer_file(store: Path, tmp_path: Path) -> None:
    code, stdout, _ = run(store, "--count-by", "country", "-o", tmp_path / "c.gpkg")
    assert code == 0
    counts = read_incidents(tmp_path / "c.gpkg")
    assert dict(zip(counts["iso_a2"], counts["count"], strict=True)) == {"IQ": 2, "FJ": 2}
    layer = gpd.GeoDataFrame({"zone": ["levant", "gulf"]},
                             geometry=[box(35, 30, 45, 38), box(30, 10, 45, 25)], crs=4326)
    path = write_incidents(layer, tmp_path / "zones.geojson")
    code, stdout, _ = run(store, "--count-by", path)
    assert code == 0 and "levant" in stdout and "gulf" in stdout


def test_hotspots_saved_as_incident_areas(store: Path, tmp_path: Path) -> None:
    out = tmp_path / "areas.shp"
    code, _stdout, stderr = run(store, "--hotspots", "--eps-km", "450", "--min-samples", "2",
                               "-o", out)
    assert code == 0, stderr
    areas = read_incidents(out)
    assert sorted(areas["count"]) == [2, 2]
    assert areas.geom_type.isin(["Polygon", "MultiPolygon"]).all()


def test_map_with_query_area(store: Path, tmp_path: Path) -> None:
    out = tmp_path / "near.html"
    code, _, stderr = run(store, "--near", "33.79,42.44", "--radius-km", "400", "--map", out,
                          "--offline")
    assert code == 0, stderr
    data = page_data(out.read_text(encoding="utf-8"))
    assert "Al Qaim" in data["strings"] and "Nadi" not in data["strings"]
    assert data["query_area"]["type"] == "Polygon"


@pytest.mark.parametrize("args, message", [
    (["--near", "Erbil"], "--near and --radius-km go together"),
    (["--nearest", "2"], "--nearest and --to go together"),
    (["--bbox", "1,2,3"], "four numbers W,S,E,N"),
    (["--within", "Red Sea"], "use --near 'Red Sea' --radius-km N"),
    (["--within", "Qwxzv Qwxzv"], "unknown area"),
    (["--within", "missing.gpkg"], "not found"),
    (["--count-by", "country", "--hotspots"], "choose one"),
    (["-o", "out.xlsx"], "end the name with one of"),
])
def test_errors_are_one_line(store: Path, args: list[str], message: str,
                             tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, _stdout, stderr = run(store, *args)
    assert code == 1
    errors = [line for line in stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1 and message in errors[0]
    assert "Traceback" not in stderr


def test_missing_incident_file(tmp_path: Path) -> None:
    code, _, stderr = run(tmp_path / "none.parquet")
    assert code == 1 and "not found" in stderr
