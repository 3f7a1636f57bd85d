"""Incidents at places the gazetteer lacks, in reports that name no country: kept, unlocated."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest

from geomap.events.lexicon import load_lexicon
from geomap.events.locations import unknown_location
from geomap.io.incident_files import read_incidents, write_incidents
from geomap.nlp import load_nlp
from geomap.pipeline import extract_incidents
from geomap.places import Toponym
from geomap.tools.query import near, nearest

UNKNOWN = "A mob lynched a suspected cattle thief in Chemelilo on Monday."
KNOWN = "Police shot two robbers in Nairobi on Monday."


@pytest.fixture(scope="module")
def incidents() -> gpd.GeoDataFrame:
    a = extract_incidents(UNKNOWN, date="2024-01-24")
    b = extract_incidents(KNOWN, date="2024-01-24")
    return gpd.GeoDataFrame(pd.concat([a, b], ignore_index=True), crs=a.crs)


def test_an_event_at_an_unknown_place_is_kept_without_a_point(incidents: gpd.GeoDataFrame) -> None:
    row = incidents.iloc[0]
    assert row["place_name"] == "Chemelilo" and row["precision"] == "unknown"
    assert row.geometry is None and row["country"] == ""
    assert row["acled_event_type"] and row["actor"] == "Rioters"  # no country to name


def test_a_report_with_a_country_places_it_there_instead() -> None:
    found = extract_incidents("Kenyan police shot two robbers in Chemelilo on Monday.",
                              date="2024-01-24")
    assert found["precision"].tolist() == ["country"] and found["country"].tolist() == ["KEN"]


@pytest.mark.parametrize("suffix", ["csv", "geojson", "gpkg", "parquet"])
def test_unlocated_incidents_survive_files(incidents: gpd.GeoDataFrame, tmp_path: Path,
                                           suffix: str) -> None:
    path = tmp_path / f"incidents.{suffix}"
    write_incidents(incidents, path)
    back = read_incidents(path)
    assert back.geometry.isna().tolist() == [True, False]
    assert back["precision"].tolist() == ["unknown", "point"]


def test_queries_by_place_leave_unlocated_incidents_out(incidents: gpd.GeoDataFrame) -> None:
    assert nearest(incidents, (36.8, -1.3), k=5)["place_name"].tolist() == ["Nairobi"]
    assert near(incidents, (36.8, -1.3), 50)["place_name"].tolist() == ["Nairobi"]


@pytest.mark.parametrize(("text", "name", "location"), [
    ("Police arrested two men at a hotel in Chemelil on Monday.", "Chemelil", True),
    ("Rangers raided Ubae village at dawn.", "Ubae", True),
    ("Ten members of the party led by Nino Burjanadze were arrested.", "Nino", False),
])
def test_only_a_name_written_as_a_location_is_an_unknown_place(text: str, name: str,
                                                               location: bool) -> None:
    doc = load_nlp()(text)
    start = text.index(name)
    topo = Toponym(start, start + len(name), name, None, 0.0)
    found = unknown_location(doc[:], [topo], load_lexicon(), exclude=set())
    assert (found is topo) is location


def test_a_named_group_gives_the_country_of_a_place_the_gazetteer_lacks() -> None:
    # a party's home country; not a police force's ("Police Forces of ..." name no home)
    found = extract_incidents("JSQM activists protested on the street in Shaheed Benazirabad.",
                              date="2015-08-20")
    assert found["precision"].tolist() == ["country"] and found["country"].tolist() == ["PAK"]
