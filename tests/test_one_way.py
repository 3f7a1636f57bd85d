"""One way through: extract, map and batch give the same incidents; run_query is the plan."""

from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
import pytest
from click.testing import CliRunner
from render_support import page_data

from geomap.cli import main
from geomap.engine import default_workers
from geomap.errors import QueryError
from geomap.incidents import Incident, incidents_frame
from geomap.pipeline import merge_incidents
from geomap.render.payload import ROW_FIELDS
from geomap.run import run
from geomap.tools.plan import Query, run_query

CAR_BOMB = "A car bomb exploded in a market in Mosul, killing five people, police said."


def feed(tmp_path: Path) -> Path:
    """Three reports of one car bomb (two on one day) and a protest."""
    rows = [("a", CAR_BOMB, "2023-05-10"), ("b", CAR_BOMB, "2023-05-11"),
            ("c", CAR_BOMB, "2023-07-01"),
            ("d", "Police fired tear gas at protesters in Basra on Monday.", "2024-01-24")]
    path = tmp_path / "news.jsonl"
    path.write_text("".join(json.dumps({"id": i, "text": t, "published": p}) + "\n"
                            for i, t, p in rows), encoding="utf-8")
    return path


def invoke(*args: str) -> None:
    result = CliRunner().invoke(main, ["-q", *args])
    assert result.exit_code == 0, result.output


def test_extract_map_and_a_merged_batch_store_give_the_same_incidents(tmp_path: Path) -> None:
    news = feed(tmp_path)
    invoke("extract", str(news), "-o", str(tmp_path / "x.geojson"))
    invoke("map", str(news), "-o", str(tmp_path / "x.html"))
    invoke("batch", str(news), "-o", str(tmp_path / "store"), "--partition-size", "2")
    invoke("map", str(tmp_path / "store"), "-o", str(tmp_path / "store.html"))
    extracted = gpd.read_file(tmp_path / "x.geojson")
    assert len(extracted) == 3  # the car bomb of May, of July, and the protest
    place = ROW_FIELDS.index("place")
    for page in ("x.html", "store.html"):
        data = page_data((tmp_path / page).read_text(encoding="utf-8"))
        assert sorted(data["strings"][r[place]] for r in data["rows"]) == sorted(
            extracted["place_name"]), page
    stored = gpd.read_parquet(tmp_path / "store")
    assert len(stored) == 4  # the store keeps one row per report
    assert sorted(merge_incidents([stored])["incident_id"]) == sorted(extracted["incident_id"])


def test_run_reads_specs_and_documents_alike(tmp_path: Path) -> None:
    result = run([str(feed(tmp_path))], merge=False)
    assert (result.documents, len(result.incidents), result.problems) == (4, 4, [])
    assert len(run([str(tmp_path / "news.jsonl")]).incidents) == 3


def test_one_workers_default() -> None:
    assert default_workers(None, documents=5, cores=8) == 1
    assert default_workers(None, documents=1000, cores=8) == 8
    assert default_workers(None, cores=4) == 4
    assert default_workers(2, documents=1) == 2


def test_run_query_is_the_plan_of_geomap_query() -> None:
    gdf = incidents_frame([
        Incident("d1", "s1", "Iran", "assault", "Erbil", 44.01, 36.19, "point",
                 date="2024-01-02"),
        Incident("d2", "s2", "Iran", "assault", "Erbil", 44.01, 36.19, "point",
                 date="2024-01-03"),
        Incident("d3", "s3", "Iraq", "protest", "Basra", 47.78, 30.51, "point"),
        Incident("d4", "s4", "Fiji Police", "protest", "Suva", 178.44, -18.14, "point")])
    found = run_query(gdf, Query(within="Iraq", count_by="country"))
    assert found.total == 4 and len(found.incidents) == 3
    assert found.summary is not None and found.result is found.summary
    assert found.areas is not None and len(found.areas) >= 2  # Iraq, and the counted country
    nearest = run_query(gdf, Query(nearest=1, to="-18,179", merge=True))
    assert nearest.incidents["place_name"].tolist() == ["Suva"]
    assert run_query(gdf, Query(merge=True)).total == 3  # the two Erbil reports are one
    with pytest.raises(QueryError, match="go together"):
        Query(nearest=3)
