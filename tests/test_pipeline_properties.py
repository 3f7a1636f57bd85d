"""Property-based tests of the text pipeline: any Unicode text is handled without an error,
toponym offsets stay inside the text, and every incident has a valid point on the globe."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geomap.geoparse import geoparse
from geomap.pipeline import extract_incidents

# Newsy fragments so that generated texts reach the interesting code paths (places, actors,
# triggers), mixed with arbitrary Unicode.
FRAGMENTS = [
    "Iran launched missiles at Erbil.", "Protesters gathered in Basra on Friday.",
    "Washington said", "Lloyd Austin", "in the southern Red Sea", "near Al Asad airbase",
    "Houthi rebels attacked ships", " the ", ", and ", "Paris, Texas", "BAGHDAD, Iraq –",
    "<script>alert(1)</script>", "\u202e", "\n\n", "  ", "🙂", "Sanaʼa", "Kyiv",
]
texts = st.lists(
    st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=30)), max_size=12
).map("".join)

SETTINGS = settings(max_examples=60, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@SETTINGS
@given(text=texts)
def test_geoparse_offsets_always_inside_the_text(text: str) -> None:
    for toponym in geoparse(text):
        assert 0 <= toponym.start < toponym.end <= len(text)
        assert text[toponym.start:toponym.end] == toponym.name
        if toponym.place is not None:
            assert -90 <= toponym.place.lat <= 90 and -180 <= toponym.place.lon <= 180
        assert 0.0 <= toponym.score <= 1.0


@SETTINGS
@given(text=texts)
def test_every_incident_has_a_valid_point(text: str) -> None:
    incidents = extract_incidents(text, date="2024-01-24")
    assert incidents.crs is not None and incidents.crs.to_epsg() == 4326
    for point, precision, name in zip(incidents.geometry, incidents["precision"],
                                      incidents["place_name"], strict=True):
        if point is None:  # unlocated: a named place the gazetteer lacks
            assert precision == "unknown" and name
            continue
        assert point.geom_type == "Point" and point.is_valid
        assert -180 <= point.x <= 180 and -90 <= point.y <= 90
    assert incidents["confidence"].between(0, 1).all()
    assert incidents["incident_id"].is_unique
