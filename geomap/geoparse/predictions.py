"""The prediction record of ``geomap geoparse``: the format the benchmark scorer reads.

Examples
--------
>>> from geomap.places import Place, Toponym
>>> basra = Place(id="gn:99532", name="Basra", lat=30.50852, lon=47.7804,
...               feature_class="P", feature_code="PPLA", country_code="IQ",
...               geonameid=99532)
>>> prediction_record("d1", [Toponym(11, 16, "Basra", basra, 0.97)])["toponyms"][0]["lat"]
30.50852
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from geomap.places import Toponym

__all__ = ["prediction_record", "toponym_record"]


def toponym_record(toponym: Toponym) -> dict[str, Any]:
    """One toponym as a JSON-ready dict (``lat``/``lon`` ``None`` when unresolved)."""
    place = toponym.place
    return {
        "start": toponym.start, "end": toponym.end, "name": toponym.name,
        "lat": place.lat if place else None, "lon": place.lon if place else None,
        "geonameid": place.geonameid if place else None,
        "place_id": place.id if place else None,
        "feature_code": place.feature_code if place else None,
        "country": place.country_code if place else None,
        "score": toponym.score, "role": toponym.role,
    }


def prediction_record(doc_id: str, toponyms: Sequence[Toponym]) -> dict[str, Any]:
    """One document's prediction line: ``{"id", "toponyms": [...]}``."""
    return {"id": doc_id, "toponyms": [toponym_record(t) for t in toponyms]}
