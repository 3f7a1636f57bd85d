"""The PostGIS store, against a real server: upserts, database-side queries, batch runs."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import psycopg
import pytest
from batch_support import toy_extract, write_feed
from postgis_fixture import postgis_url  # noqa: F401  (the session fixture)
from pyproj import Geod

from geomap.batch import run_batch
from geomap.errors import OutputError, QueryError
from geomap.incidents import Incident, incidents_frame
from geomap.settings import current_settings
from geomap.store.postgis import (
    connect,
    count_by_country_postgis,
    near_postgis,
    read_postgis_incidents,
    within_postgis,
    write_postgis,
)

pytestmark = pytest.mark.postgis


def incident(doc: str, place: str, lon: float, lat: float, actor: str = "Militants") -> Incident:
    return Incident(doc, f"{actor} attacked {place}.", actor, "assault", place, lon, lat,
                    "point", sources=[f"https://example.org/{doc}"])


def count(url: str, table: str) -> int:
    with psycopg.connect(url) as conn:
        return conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]


def test_upsert_is_idempotent_and_updates(postgis_url: str) -> None:  # noqa: F811
    records = [incident("a", "Basra", 47.78, 30.51), incident("b", "Mosul", 43.13, 36.34),
               incident("c", "Aden", 45.03, 12.78)]
    gdf = incidents_frame(records)
    with connect(postgis_url) as conn:
        assert write_postgis(gdf, conn, table="upsert") == 3
        write_postgis(gdf, conn, table="upsert")
    assert count(postgis_url, "upsert") == 3
    changed = gdf.copy()
    changed.loc[0, "actor_country"] = "IRQ"
    with connect(postgis_url) as conn:
        write_postgis(changed.iloc[:1], conn, table="upsert")
        back = read_postgis_incidents(conn, table="upsert").set_index("incident_id")
    assert len(back) == 3
    assert back.loc[gdf.loc[0, "incident_id"], "actor_country"] == "IRQ"
    assert back.loc[gdf.loc[1, "incident_id"], "sources"] == ["https://example.org/b"]
    point = back.loc[gdf.loc[2, "incident_id"], "geometry"]
    assert (point.x, point.y) == (45.03, 12.78)
    with psycopg.connect(postgis_url) as conn:
        indexes = {r[0] for r in conn.execute(
            "SELECT indexdef FROM pg_indexes WHERE tablename = 'upsert'")}
    assert any("gist (geometry)" in i for i in indexes)
    assert any("gist (((geometry)::geography))" in i for i in indexes)


def test_near_runs_on_the_geodesic(postgis_url: str) -> None:  # noqa: F811
    # points due north of (10, 50) at 0.5 degree steps: about 55.6 km apart
    records = [incident(f"n{i}", f"P{i}", 10.0, 50.0 + 0.5 * i) for i in range(4)]
    with connect(postgis_url) as conn:
        write_postgis(incidents_frame(records), conn, table="near")
        found = near_postgis(conn, 10.0, 50.0, radius_km=60, table="near")
        assert found["place_name"].tolist() == ["P0", "P1"]
        expected_m = Geod(ellps="WGS84").inv(10.0, 50.0, 10.0, 50.5)[2]
        assert found["distance_km"].iloc[1] == pytest.approx(expected_m / 1000, rel=1e-3)
        assert len(near_postgis(conn, 10.0, 50.0, radius_km=170, table="near")) == 4
        # 0.5 degree of longitude is shorter than of latitude: a degree radius would be wrong
        assert near_postgis(conn, 10.5, 50.0, radius_km=36, table="near")[
            "place_name"].tolist() == ["P0"]
        with pytest.raises(QueryError, match="positive"):
            near_postgis(conn, 10.0, 50.0, radius_km=0, table="near")


def test_within_and_count_by_country(postgis_url: str) -> None:  # noqa: F811
    records = [incident("q1", "Baghdad", 44.37, 33.31), incident("f1", "Paris", 2.35, 48.86),
               incident("f2", "Lyon", 4.84, 45.76), incident("s1", "South Atlantic", -15.0,
                                                             -30.0)]
    with connect(postgis_url) as conn:
        write_postgis(incidents_frame(records), conn, table="areas")
        inside = within_postgis(conn, "POLYGON((0 44, 8 44, 8 50, 0 50, 0 44))", table="areas")
        assert sorted(inside["place_name"]) == ["Lyon", "Paris"]
        counts = count_by_country_postgis(conn, table="areas",
                                          cache_dir=current_settings().cache_dir)
        assert counts[["iso_a2", "incidents"]].values.tolist() == [["FR", 2], ["IQ", 1]]
        with pytest.raises(QueryError, match="no table"):
            within_postgis(conn, "POLYGON((0 0, 1 0, 1 1, 0 0))", table="missing")


def test_batch_into_postgis_resumes_without_duplicates(postgis_url: str,  # noqa: F811
                                                       tmp_path: Path) -> None:
    feed = write_feed(tmp_path / "feed.jsonl", 20)
    parquet = run_batch([str(feed)], tmp_path / "store", workers=1, partition_size=4,
                        extract=toy_extract, progress=False)
    first = run_batch([str(feed)], postgis_url, workers=2, partition_size=4,
                      extract=toy_extract, progress=False)
    again = run_batch([str(feed)], postgis_url, workers=1, partition_size=4,
                      extract=toy_extract, progress=False)
    assert (first.documents, first.incidents, first.failures) == (
        parquet.documents, parquet.incidents, parquet.failures) == (20, 38, 2)
    assert (again.run_documents, again.incidents, again.failures) == (0, 38, 2)
    with connect(postgis_url) as conn:
        ids = sorted(read_postgis_incidents(conn)["incident_id"])
    assert ids == sorted(gpd.read_parquet(tmp_path / "store")["incident_id"])


def test_unreachable_server_is_one_clear_error() -> None:
    with pytest.raises(OutputError, match="cannot connect to PostGIS"):
        connect("postgresql://nobody@127.0.0.1:1/none")


def test_batch_into_postgis_replaces_a_corrected_article(postgis_url: str,  # noqa: F811
                                                         tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    feed.write_text('{"id": "a", "text": "Militants attacked Basra. Police raided Aden"}\n'
                    '{"id": "b", "text": "Troops shelled Mosul"}\n', encoding="utf-8")

    def run() -> None:
        run_batch([str(feed)], postgis_url, table="corrected", workers=1,
                  extract=toy_extract, progress=False)

    run()
    feed.write_text(feed.read_text().replace("Troops shelled Mosul", "Troops shelled Idlib"),
                    encoding="utf-8")
    run()
    with connect(postgis_url) as conn:
        back = read_postgis_incidents(conn, table="corrected")
    assert sorted(zip(back["doc_id"], back["place_name"])) == [
        ("a", "Aden"), ("a", "Basra"), ("b", "Idlib")]


def test_an_unlocated_incident_is_stored_without_a_point(postgis_url: str) -> None:  # noqa: F811
    records = [incident("u", "Chemelilo", float("nan"), float("nan")),
               incident("v", "Basra", 47.78, 30.51)]
    gdf = incidents_frame(records)
    with connect(postgis_url) as conn:
        assert write_postgis(gdf, conn, table="unlocated") == 2
        back = read_postgis_incidents(conn, table="unlocated").set_index("place_name")
        assert back.loc["Chemelilo", "geometry"] is None
        assert len(near_postgis(conn, 47.78, 30.51, 10.0, table="unlocated")) == 1
