"""Issue 5 acceptance on the seed article: the real gazetteer, geoparser and extraction."""

from __future__ import annotations

import pytest

from geomap.document import Document
from geomap.pipeline import extract_incidents


@pytest.fixture(scope="module")
def incidents(seed_text):
    return extract_incidents(Document(id="seed", text=seed_text, source="seed.txt"),
                             date="2024-01-24")


def rows(gdf, **where):
    mask = True
    for col, value in where.items():
        mask = mask & (gdf[col] == value)
    return gdf[mask]


def test_schema_and_crs(incidents):
    assert incidents.crs.to_string() == "EPSG:4326"
    for col in ("incident_id", "actor", "action", "action_mode", "place_name", "precision",
                "date", "confidence", "sentence"):
        assert col in incidents.columns
    assert incidents["confidence"].between(0, 1).all()


def test_us_strikes_on_militia_facilities_in_iraq(incidents):
    hit = rows(incidents, actor="United States", action="assault", place_name="Iraq")
    assert len(hit) >= 1
    assert "facilities" in hit.iloc[0]["sentence"]
    assert hit.iloc[0]["action_mode"] == "aerial"
    assert hit.iloc[0]["actor_country"] == "USA"


def test_missile_attack_located_at_al_asad(incidents):
    hit = incidents[incidents["place_name"].str.contains("Asad")]
    assert len(hit) == 1
    row = hit.iloc[0]
    assert (row["action"], row["precision"], row["action_mode"]) == (
        "assault", "point", "missile/heavy-weapons")
    assert row["date"] == "2024-01-17"  # "last week"
    assert 42.0 < row.geometry.x < 43.0 and 33.5 < row.geometry.y < 34.0


def test_strikes_on_houthi_missiles_in_the_red_sea(incidents):
    hit = rows(incidents, actor="United States", place_name="Red Sea")
    assert len(hit) == 1 and hit.iloc[0]["precision"] == "water"


def test_us_strikes_in_yemen(incidents):
    hit = rows(incidents, actor="United States", action="assault", place_name="Yemen")
    assert len(hit) == 1
    assert hit.iloc[0]["target"] == "Houthis"


def test_iran_strikes_in_syria_iraq_and_pakistan(incidents):
    hit = rows(incidents, actor="Iran", action="assault")
    assert set(hit["place_name"]) >= {"Syria", "Iraq", "Pakistan"}
    assert set(hit["action_mode"]) == {"missile/heavy-weapons"}


def test_nothing_in_austin_washington_or_the_middle_of_the_us(incidents):
    assert not incidents["place_name"].isin(["Austin", "Washington", "United States"]).any()
    assert not (incidents["country"] == "USA").any()
