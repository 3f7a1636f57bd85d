"""Plain types for places: a gazetteer entry (:class:`Place`) and a mention of one in text
(:class:`Toponym`).

Examples
--------
>>> baghdad = Place(id="gn:98182", name="Baghdad", lat=33.34058, lon=44.40088,
...                 feature_class="P", feature_code="PPLC", country_code="IQ",
...                 population=7216000, geonameid=98182)
>>> baghdad.precision
'point'
>>> Toponym(start=0, end=7, name="Baghdad", place=baghdad, score=0.9).lonlat
(44.40088, 33.34058)
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["Place", "Toponym", "precision_of"]

# GeoNames feature codes of countries and of first-level divisions.
COUNTRY_CODES = frozenset({"PCL", "PCLI", "PCLD", "PCLF", "PCLIX", "PCLS", "TERR"})
ADMIN1_CODES = frozenset({"ADM1", "ADM1H", "ADMD"})


def precision_of(feature_class: str, feature_code: str) -> str:
    """Return how exact a place of this GeoNames feature class/code is as an event location.

    One of ``point``, ``admin1``, ``country``, ``water``, ``region``.

    >>> precision_of("A", "PCLI"), precision_of("H", "SEA"), precision_of("S", "AIRB")
    ('country', 'water', 'point')
    >>> precision_of("L", "CONT"), precision_of("A", "ADM1")
    ('region', 'admin1')
    """
    if feature_code in COUNTRY_CODES:
        return "country"
    if feature_code in ADMIN1_CODES or feature_code.startswith("ADM"):
        return "admin1"
    if feature_class == "H":
        return "water"
    if feature_class in {"L", "T"} and feature_code not in {"PRK", "RSV"}:
        return "region"
    return "point"


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
        """How exact this place is as an event location (see :func:`precision_of`)."""
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
    candidates: list[Place] = field(default_factory=list, repr=False)

    @property
    def lonlat(self) -> tuple[float, float] | None:
        """``(lon, lat)`` of the resolved place, or ``None``."""
        if self.place is None:
            return None
        return (self.place.lon, self.place.lat)
