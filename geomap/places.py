"""Plain types for places and their vocabulary: a gazetteer entry (:class:`Place`), a mention
of one in text (:class:`Toponym`), how exact a place is as a location (:class:`Precision`),
and the GeoNames feature codes of countries and first-level divisions.

This module is the one owner of that vocabulary: other modules import it, none re-lists it.

Examples
--------
>>> baghdad = Place(id="gn:98182", name="Baghdad", lat=33.34058, lon=44.40088,
...                 feature_class="P", feature_code="PPLC", country_code="IQ",
...                 population=7216000, geonameid=98182)
>>> baghdad.precision
<Precision.POINT: 'point'>
>>> baghdad.precision == "point", Precision.COUNTRY.rank > Precision.ADMIN1.rank
(True, True)
>>> Toponym(start=0, end=7, name="Baghdad", place=baghdad, score=0.9).lonlat
(44.40088, 33.34058)
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

__all__ = ["ADMIN1_CODES", "COUNTRY_CODES", "Place", "Precision", "Toponym", "precision_of"]

# GeoNames feature codes of countries and of first-level divisions.
COUNTRY_CODES = frozenset({"PCL", "PCLI", "PCLD", "PCLF", "PCLIX", "PCLS", "TERR"})
ADMIN1_CODES = frozenset({"ADM1", "ADM1H", "ADMD"})


class Precision(enum.StrEnum):
    """How exact an incident's location is, finest first (the ``precision`` column).

    A :class:`enum.StrEnum`: each member is its string value, so files keep ``"point"``,
    ``"admin1"`` ... and a member equals its value.

    >>> [str(p) for p in Precision]
    ['point', 'near', 'water', 'admin1', 'region', 'country', 'unknown']
    >>> Precision("water").rank < Precision.COUNTRY.rank
    True
    """

    POINT = "point"  # the place itself
    NEAR = "near"  # at a distance and direction from a named place ("10 km north of X")
    WATER = "water"  # somewhere on a sea or waterway
    ADMIN1 = "admin1"  # somewhere in a province (or another division)
    REGION = "region"  # somewhere in a named region ("the Sahel")
    COUNTRY = "country"  # somewhere in a country
    UNKNOWN = "unknown"  # at a place the gazetteer lacks, in a country the text does not say

    @property
    def rank(self) -> int:
        """How coarse this precision is: 0 for a point, higher for a wider area."""
        return _RANK[self]


_RANK = {p: i for i, p in enumerate(Precision)}


def precision_of(feature_class: str, feature_code: str) -> Precision:
    """Return how exact a place of this GeoNames feature class/code is as an event location.

    >>> [str(precision_of("A", "PCLI")), str(precision_of("H", "SEA"))]
    ['country', 'water']
    >>> [str(precision_of("S", "AIRB")), str(precision_of("L", "CONT"))]
    ['point', 'region']
    >>> precision_of("A", "ADM1")
    <Precision.ADMIN1: 'admin1'>
    """
    if feature_code in COUNTRY_CODES:
        return Precision.COUNTRY
    if feature_code in ADMIN1_CODES or feature_code.startswith("ADM"):
        return Precision.ADMIN1
    if feature_class == "H":
        return Precision.WATER
    if feature_class in {"L", "T"} and feature_code not in {"PRK", "RSV"}:
        return Precision.REGION
    return Precision.POINT


@dataclass(frozen=True, slots=True)
class Place:
    """One gazetteer entry.

    ``id`` is stable across index builds: ``gn:<geonameid>`` for GeoNames entries,
    ``sup:<slug>`` for rows of the curated supplement. ``lat``/``lon`` are the conventional
    representative point (for areas, the GeoNames-style point, not a centroid).
    """

    id: str
    name: str
    lat: float
    lon: float
    feature_class: str
    feature_code: str
    country_code: str = ""
    admin1: str = ""
    population: int = 0
    geonameid: int | None = None

    @property
    def precision(self) -> str:
        """How exact this place is as an event location: a :class:`Precision` (see
        :func:`precision_of`), typed as the string it is."""
        return precision_of(self.feature_class, self.feature_code)


@dataclass(slots=True)
class Toponym:
    """A place name found in a text, at ``text[start:end]``, resolved to ``place`` (or not).

    ``score`` is the resolver's confidence in ``place`` (0..1). ``role`` is ``"location"``
    for a place where something is or happens and ``"actor"`` for metonymy ("Washington
    said"): such mentions are kept for the record but are never event locations.
    """

    start: int
    end: int
    name: str
    place: Place | None = None
    score: float = 0.0
    role: str = "location"

    @property
    def lonlat(self) -> tuple[float, float] | None:
        """``(lon, lat)`` of the resolved place, or ``None``."""
        if self.place is None:
            return None
        return (self.place.lon, self.place.lat)
