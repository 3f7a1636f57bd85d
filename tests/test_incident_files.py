"""Incident files: every format geomap writes reads back with the same columns, types and CRS."""

from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
import pyarrow.parquet as pq
import pytest
from shapely.geometry import Point, Polygon

from geomap.errors import InputError, OutputError
from geomap.incidents import Incident, incidents_frame
from geomap.io.incident_files import FORMATS, read_incidents, write_incidents
from geomap.places import Precision

SUFFIXES = [suffixes[0] for suffixes in FORMATS.values()]


@pytest.fixture()
def incidents() -> gpd.GeoDataFrame:
    return incidents_frame([
        Incident("doc-1", "US aircraft struck a depot near Al Qaim, officials said.",
                 "United States", "assault", "Al Qaim", 41.03, 34.37, "point",
                 actor_country="USA", acled_event_type="Explosions/Remote violence",
                 acled_sub_event_type="Air/drone strike", target_country="IRQ",
                 geonameid=99135, country="IQ", date="2024-02-02", confidence=0.8,
                 sources=["a.txt", "b.txt"]),
        Incident("doc-2", "Protesters gathered in Suva.", "protesters", "protest", "Fiji",
                 178.0, -17.8, "country", country="FJ", date="2024-03-01", confidence=0.4),
        Incident("doc-3", "Station «Vostok» reported \"nothing\", & more.", "", "threaten",
                 "Vostok", -179.9, -89.5, "point", incident_id="1234e5"),
    ])


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_every_format_round_trips(tmp_path: Path, incidents: gpd.GeoDataFrame,
                                  suffix: str) -> None:
    path = write_incidents(incidents, tmp_path / f"incidents{suffix}")
    back = read_incidents(path)
    assert list(back.columns) == list(incidents.columns)
    assert back.crs.to_epsg() == 4326
    for column in incidents.columns:
        if column != "geometry":
            assert back[column].tolist() == incidents[column].tolist(), column
    assert back["geonameid"].dtype == "Int64"
    assert back.geometry.geom_equals_exact(incidents.geometry, tolerance=1e-9).all()


@pytest.mark.parametrize("suffix", [".csv", ".parquet", ".gpkg"])
def test_precision_members_are_written_as_their_strings(tmp_path: Path, suffix: str) -> None:
    frame = incidents_frame([
        Incident("d", "s", "A", "assault", "Al Qaim", 41.03, 34.37, Precision.POINT),
        Incident("d", "t", "B", "protest", "Red Sea", 38.0, 20.0, Precision.WATER),
    ])
    back = read_incidents(write_incidents(frame, tmp_path / f"incidents{suffix}"))
    assert back["precision"].tolist() == ["point", "water"]
    assert [type(p) for p in back["precision"]] == [str, str]
    if suffix == ".csv":
        assert "Precision" not in (tmp_path / "incidents.csv").read_text(encoding="utf-8")


def test_geoparquet_has_its_crs_for_plain_geopandas(tmp_path: Path,
                                                   incidents: gpd.GeoDataFrame) -> None:
    path = write_incidents(incidents, tmp_path / "i.parquet")
    plain = gpd.read_parquet(path)
    assert plain.crs.to_epsg() == 4326
    geo = json.loads(pq.read_schema(path).metadata[b"geo"])
    assert geo["columns"]["geometry"]["encoding"] == "WKB"


def test_empty_sources_are_typed_strings_in_parquet(tmp_path: Path,
                                                    incidents: gpd.GeoDataFrame) -> None:
    only_empty = incidents.iloc[1:].reset_index(drop=True)
    path = write_incidents(only_empty, tmp_path / "e.parquet")
    assert str(pq.read_schema(path).field("sources").type) == "list<element: string>"
    assert read_incidents(path)["sources"].tolist() == [[], []]


def test_lists_are_json_in_list_less_formats(tmp_path: Path,
                                             incidents: gpd.GeoDataFrame) -> None:
    path = write_incidents(incidents, tmp_path / "i.geojson")
    raw = json.loads(path.read_text(encoding="utf-8"))
    assert raw["features"][0]["properties"]["sources"] == ["a.txt", "b.txt"]
    assert raw["name"] == "i"
    write_incidents(incidents, tmp_path / "i.csv")
    assert '"[""a.txt"", ""b.txt""]"' in (tmp_path / "i.csv").read_text(encoding="utf-8")


def test_csv_has_lon_lat_for_points_and_wkt_for_areas(tmp_path: Path) -> None:
    areas = gpd.GeoDataFrame({"cluster": [1]}, geometry=[Polygon([(0, 0), (1, 0), (1, 1)])],
                             crs="EPSG:4326")
    points = gpd.GeoDataFrame({"n": [1]}, geometry=[Point(10.5, -3.25)], crs="EPSG:4326")
    write_incidents(areas, tmp_path / "a.csv")
    write_incidents(points, tmp_path / "p.csv")
    assert (tmp_path / "a.csv").read_text().splitlines()[0] == "cluster,geometry"
    assert (tmp_path / "p.csv").read_text().splitlines()[0] == "n,lon,lat"
    back = read_incidents(tmp_path / "a.csv")
    assert back.geometry.iloc[0].equals(areas.geometry.iloc[0])
    assert back["cluster"].tolist() == [1]


def test_other_crs_is_kept_or_converted(tmp_path: Path, incidents: gpd.GeoDataFrame) -> None:
    metric = incidents.iloc[:2].to_crs(3857)
    assert read_incidents(write_incidents(metric, tmp_path / "m.gpkg")).crs.to_epsg() == 3857
    back = read_incidents(write_incidents(metric, tmp_path / "m.geojson"))
    assert back.crs.to_epsg() == 4326
    assert abs(back.geometry.iloc[0].x - 41.03) < 1e-6


def test_folder_of_partitions_reads_as_one_frame(tmp_path: Path,
                                                 incidents: gpd.GeoDataFrame) -> None:
    store = tmp_path / "store"
    write_incidents(incidents.iloc[:1], store / "part-000000-aa.parquet")
    write_incidents(incidents.iloc[1:], store / "part-000001-bb.parquet")
    (store / "_progress.jsonl").write_text("{}\n")
    back = read_incidents(store)
    assert sorted(back["doc_id"]) == ["doc-1", "doc-2", "doc-3"]
    assert back.crs.to_epsg() == 4326


def test_shapefile_writes_every_part_and_keeps_long_names(tmp_path: Path,
                                                          incidents: gpd.GeoDataFrame) -> None:
    write_incidents(incidents, tmp_path / "s.shp")
    assert {p.suffix for p in tmp_path.iterdir() if p.stem == "s"} >= {".shp", ".shx", ".dbf",
                                                                       ".prj"}
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".s.")]
    assert "acled_sub_event_type" in read_incidents(tmp_path / "s.shp").columns


def test_errors_are_one_line_and_say_what_to_do(tmp_path: Path,
                                                incidents: gpd.GeoDataFrame) -> None:
    with pytest.raises(OutputError, match="end the name with one of"):
        write_incidents(incidents, tmp_path / "x.xlsx")
    with pytest.raises(InputError, match="not found"):
        read_incidents(tmp_path / "missing.gpkg")
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputError, match="no .parquet partitions"):
        read_incidents(tmp_path / "empty")
    (tmp_path / "bad.gpkg").write_text("not a geopackage")
    with pytest.raises(InputError) as err:
        read_incidents(tmp_path / "bad.gpkg")
    assert "\n" not in str(err.value)


def test_driver_overrides_suffix(tmp_path: Path, incidents: gpd.GeoDataFrame) -> None:
    path = write_incidents(incidents, tmp_path / "x.dat", driver="GPKG")
    assert path.read_bytes()[:16].startswith(b"SQLite format 3")
