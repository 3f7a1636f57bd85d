"""How gazetteer places hold one another: area or point, size level, containment, distance.

A country holds its first-level divisions, a division the places of its ``admin1`` code, a
county or a town the places near its point ("the Eastleigh district of Nairobi").
"""

from __future__ import annotations

from geomap.geodesy import haversine_km
from geomap.places import ADMIN1_CODES, COUNTRY_CODES, Place

__all__ = ["distance_km", "is_area", "lies_inside", "place_level"]

_AREA_FEATURE_CLASSES = frozenset({"A", "L"})
# A county or town named as a parent holds the places within this distance of its point.
_NEAR_PARENT_KM = 60.0


def is_area(place: Place) -> bool:
    """Whether ``place`` is an area (a country, a division, a region, water), not a point."""
    return place.feature_code in COUNTRY_CODES or place.feature_class in _AREA_FEATURE_CLASSES \
        or place.feature_class == "H"


def distance_km(a: Place, b: Place) -> float:
    """Kilometres between two places."""
    return haversine_km(a.lon, a.lat, b.lon, b.lat)


def place_level(place: Place) -> int:
    """How large a unit ``place`` is: 0 a country, 1 a province, 2 a county, 3 anything else."""
    if place.feature_code in COUNTRY_CODES:
        return 0
    if place.feature_code in ADMIN1_CODES:
        return 1
    return 2 if place.feature_code == "ADM2" else 3


def lies_inside(place: Place, parent: Place) -> bool:
    """Whether ``place`` lies in ``parent``: its country, its first-level division, near its
    point for a county or a town ("the Eastleigh district of Nairobi")."""
    if place.id == parent.id or place.country_code != parent.country_code:
        return False
    if parent.feature_code in COUNTRY_CODES:
        return True
    if parent.feature_code in ADMIN1_CODES:
        return bool(parent.admin1) and place.admin1 == parent.admin1
    return distance_km(place, parent) <= _NEAR_PARENT_KM
