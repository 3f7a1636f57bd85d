"""extract_incidents / merge_incidents and `geomap extract` on text the project wrote."""

from __future__ import annotations

import datetime as dt
import json

from click.testing import CliRunner

from geomap.cli import main
from geomap.document import Document
from geomap.incidents import Incident, incidents_frame
from geomap.pipeline import extract_incidents, merge_incidents

A = ("KHARKIV, Ukraine – Russian forces shelled Kharkiv on Tuesday, damaging a school, the "
     "regional governor said.")
B = "Russian forces shelled Kharkiv again on Wednesday, officials said."


def one(doc_id, actor, place, date, confidence, source):
    return incidents_frame([Incident(doc_id, "s", actor, "assault", place, 36.25, 49.98, "point",
                                     date=date, confidence=confidence, sources=[source],
                                     geonameid=706483)])


def test_merge_collapses_reports_within_the_window_and_lists_sources():
    merged = merge_incidents([one("d1", "Russia", "Kharkiv", "2024-03-05", 0.6, "a"),
                              one("d2", "Russia", "Kharkiv", "2024-03-06", 0.9, "b"),
                              one("d3", "Russia", "Kharkiv", "2024-03-20", 0.9, "c"),
                              one("d4", "Ukraine", "Kharkiv", "2024-03-05", 0.9, "d")])
    assert len(merged) == 3
    first = merged[merged["doc_id"] == "d2"].iloc[0]
    assert first["sources"] == ["b", "a"]
    assert merged.crs.to_string() == "EPSG:4326"


def test_merge_keeps_unknown_dates_apart_from_known_ones():
    merged = merge_incidents([one("d1", "Russia", "Kharkiv", "", 0.6, "a"),
                              one("d2", "Russia", "Kharkiv", "2024-03-06", 0.9, "b")])
    assert len(merged) == 2


def test_extract_resolves_dates_per_document():
    docs = [Document("a", A, published=dt.date(2024, 3, 7)), Document("b", B)]
    gdf = extract_incidents(docs, date="2024-03-07")
    got = sorted(zip(gdf["doc_id"], gdf["actor"], gdf["date"]))
    assert got == [("a", "Russia", "2024-03-05"), ("b", "Russia", "2024-03-06")]
    assert set(gdf["country"]) == {"UKR"}


def test_cli_extract_writes_merged_geojson(tmp_path):
    feed = tmp_path / "feed.jsonl"
    feed.write_text("\n".join(json.dumps({"id": i, "text": t, "published": "2024-03-07"})
                              for i, t in (("a", A), ("b", B))) + "\n", encoding="utf-8")
    out = tmp_path / "out.geojson"
    result = CliRunner().invoke(main, ["extract", str(feed), "-o", str(out)])
    assert result.exit_code == 0, result.output
    features = json.loads(out.read_text())["features"]
    assert len(features) == 1  # Tuesday and Wednesday: one event within the window
    assert sorted(features[0]["properties"]["sources"]) == [f"{feed}#a", f"{feed}#b"]


def test_cli_extract_bad_suffix_and_date_are_one_line_errors(tmp_path):
    src = tmp_path / "a.txt"
    src.write_text(A, encoding="utf-8")
    bad = CliRunner().invoke(main, ["extract", str(src), "-o", str(tmp_path / "x.xyz")])
    assert bad.exit_code == 1 and "end the name with one of" in bad.output
    assert "Traceback" not in bad.output
