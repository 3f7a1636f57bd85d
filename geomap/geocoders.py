"""Geocoders with geopy's interface: the offline :class:`Gazetteer` (the default) and online
services behind ``RateLimiter`` and a persistent on-disk cache (:func:`get_geocoder`).

Examples
--------
>>> from geopy.extra.rate_limiter import RateLimiter
>>> geocode = RateLimiter(Gazetteer().geocode, min_delay_seconds=0)  # doctest: +SKIP
>>> geocode("Baghdad").raw["country_code"]  # doctest: +SKIP
'IQ'
"""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from geopy import Location, Point
from geopy.exc import (
    ConfigurationError,
    GeocoderNotFound,
    GeocoderServiceError,
    GeopyError,
)
from geopy.extra.rate_limiter import RateLimiter
from geopy.geocoders import get_geocoder_for_service
from geopy.geocoders.base import Geocoder

from geomap import settings
from geomap.errors import GeocoderError
from geomap.gazetteer import GazetteerIndex, load_gazetteer
from geomap.places import Place

__all__ = ["CachedGeocoder", "Gazetteer", "get_geocoder", "place_location"]

log = logging.getLogger(__name__)

USER_AGENT = "geomap (offline-first news geoparser)"


def place_location(place: Place, score: float, index: GazetteerIndex) -> Location:
    """Return a geopy ``Location`` for a gazetteer place; ``.raw`` carries its attributes.

    The address is the place, its first-level division and its country ("Baghdad,
    Baghdād, Iraq").
    """
    country = index.country(place.country_code) if place.country_code else None
    division = index.admin1(place.country_code, place.admin1) if place.admin1 else None
    parts = [place.name]
    for area in (division, country):
        if area is not None and area.id != place.id and area.name != parts[-1]:
            parts.append(area.name)
    raw = {
        "id": place.id, "geonameid": place.geonameid, "name": place.name,
        "feature_class": place.feature_class, "feature_code": place.feature_code,
        "country_code": place.country_code, "admin1": place.admin1,
        "population": place.population, "precision": place.precision, "score": score,
    }
    return Location(", ".join(parts), Point(place.lat, place.lon), raw)


def _point(value: Any) -> tuple[float, float]:
    point = value if isinstance(value, Point) else Point(value)
    return (point.latitude, point.longitude)


class Gazetteer(Geocoder):
    """The offline gazetteer as a geopy geocoder: no network, no rate limit needed.

    Parameters
    ----------
    index : GazetteerIndex, optional
        The index to read (default: :func:`geomap.gazetteer.load_gazetteer`, built on first
        use).

    Examples
    --------
    >>> loc = Gazetteer().geocode("Georgia", country_codes=["US"])  # doctest: +SKIP
    >>> loc.raw["feature_code"], loc.raw["admin1"]  # doctest: +SKIP
    ('ADM1', 'GA')
    """

    def __init__(self, index: GazetteerIndex | None = None, *, user_agent: str | None = None,
                 **kwargs: Any) -> None:
        super().__init__(user_agent=user_agent or USER_AGENT, **kwargs)
        self._index = index

    @property
    def index(self) -> GazetteerIndex:
        """The gazetteer index this geocoder reads (loaded on first use)."""
        if self._index is None:
            self._index = load_gazetteer()
        return self._index

    def geocode(self, query: str, exactly_one: bool = True, *,
                country_codes: Iterable[str] | str | None = None,
                feature_classes: Iterable[str] | str | None = None,
                near: Any = None, limit: int = 10,
                timeout: Any = None) -> Location | list[Location] | None:
        """Return the best place for ``query`` (or up to ``limit`` of them), or ``None``.

        Parameters
        ----------
        query : str
            A place name as written ("U.S.", "southern Red Sea", "Kiev").
        exactly_one : bool
            Return one ``Location`` (the best) instead of a list.
        country_codes, feature_classes
            Restrict to ISO alpha-2 countries / GeoNames feature classes.
        near : (lat, lon) or geopy.Point, optional
            Prefer places near this point.
        limit : int
            At most this many results when ``exactly_one`` is false.
        timeout
            Accepted for geopy compatibility; unused (nothing goes over the network).
        """
        found = self.index.ranked(str(query), country_codes=country_codes,
                                  feature_classes=feature_classes,
                                  near=_point(near) if near is not None else None,
                                  limit=1 if exactly_one else limit)
        locations = [place_location(place, round(score, 4), self.index)
                     for place, score in found]
        if not locations:
            return None
        return locations[0] if exactly_one else locations

    def reverse(self, query: Any, exactly_one: bool = True, *, max_km: float = 300.0,
                timeout: Any = None) -> Location | list[Location] | None:
        """Return the populated place nearest to ``query`` ((lat, lon), "lat, lon" or Point).

        ``.raw`` adds ``distance_km``. ``None`` when nothing lies within ``max_km``.
        """
        from geomap.gazetteer import haversine_km

        lat, lon = _point(query)
        place = self.index.reverse(lat, lon, max_km=max_km)
        if place is None:
            return None
        location = place_location(place, 0.0, self.index)
        location.raw["distance_km"] = round(haversine_km(lat, lon, place.lat, place.lon), 3)
        return location if exactly_one else [location]


class _ResultCache:
    """A small persistent cache of online geocoder answers (SQLite in the cache folder)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as con:
            con.execute("CREATE TABLE IF NOT EXISTS answers (key TEXT PRIMARY KEY, value TEXT)")

    def _connect(self) -> sqlite3.Connection:
        return sqlite3.connect(self.path, timeout=30)

    def get(self, key: str) -> Any:
        with self._lock, self._connect() as con:
            row = con.execute("SELECT value FROM answers WHERE key = ?", (key,)).fetchone()
        return None if row is None else json.loads(row[0])

    def put(self, key: str, value: Any) -> None:
        with self._lock, self._connect() as con:
            con.execute("INSERT OR REPLACE INTO answers VALUES (?, ?)", (key, json.dumps(value)))


def _dump(result: Location | list[Location] | None) -> Any:
    if result is None:
        return None
    items = result if isinstance(result, list) else [result]
    dumped = [[loc.address, loc.latitude, loc.longitude, loc.raw] for loc in items]
    return dumped if isinstance(result, list) else dumped[0]


def _load(value: Any) -> Location | list[Location] | None:
    if value is None:
        return None
    if value and isinstance(value[0], list):
        return [Location(a, Point(lat, lon), raw) for a, lat, lon, raw in value]
    address, lat, lon, raw = value
    return Location(address, Point(lat, lon), raw)


class CachedGeocoder(Geocoder):
    """An online geopy geocoder behind ``RateLimiter`` (errors not swallowed) and a disk cache.

    Answers (including "not found") are kept in ``<cache_dir>/geocode-cache.sqlite`` keyed by
    service, method, query and options, so a rerun asks the service nothing new.

    Parameters
    ----------
    service : str
        A geopy service name ("nominatim", "photon", ...).
    geocoder : geopy.geocoders.base.Geocoder
        The configured online geocoder.
    min_delay_seconds, max_retries, error_wait_seconds
        Passed to ``RateLimiter``.
    """

    def __init__(self, service: str, geocoder: Geocoder, *, min_delay_seconds: float = 1.0,
                 max_retries: int = 2, error_wait_seconds: float = 2.0,
                 cache_path: Path | None = None) -> None:
        super().__init__(user_agent=USER_AGENT)
        self.service = service
        self.geocoder = geocoder
        limiter = {"min_delay_seconds": min_delay_seconds, "max_retries": max_retries,
                   "error_wait_seconds": error_wait_seconds, "swallow_exceptions": False}
        self._geocode = RateLimiter(geocoder.geocode, **limiter)
        self._reverse = RateLimiter(geocoder.reverse, **limiter)
        self._cache = _ResultCache(cache_path or settings.cache_dir() / "geocode-cache.sqlite")

    def _call(self, method: str, query: Any, kwargs: dict[str, Any]) -> Any:
        key = json.dumps([self.service, method, str(query), sorted(kwargs.items())],
                         default=str)
        cached = self._cache.get(key)
        if cached is not None:
            return _load(cached["value"])
        func = self._geocode if method == "geocode" else self._reverse
        try:
            result = func(query, **kwargs)
        except GeocoderServiceError as err:
            raise GeocoderError(
                f"the {self.service} geocoder cannot be reached or failed ({err}): check the "
                "network connection, or use the offline geocoder"
            ) from err
        except GeopyError as err:
            raise GeocoderError(f"the {self.service} geocoder refused the request ({err}): "
                                "check its options (user agent, API key)") from err
        self._cache.put(key, {"value": _dump(result)})
        return result

    def geocode(self, query: str, exactly_one: bool = True,
                **kwargs: Any) -> Location | list[Location] | None:
        """Geocode through the cache, then the rate-limited service."""
        return self._call("geocode", query, {"exactly_one": exactly_one, **kwargs})

    def reverse(self, query: Any, exactly_one: bool = True,
                **kwargs: Any) -> Location | list[Location] | None:
        """Reverse-geocode through the cache, then the rate-limited service."""
        point = Point(query) if not isinstance(query, Point) else query
        return self._call("reverse", f"{point.latitude:.6f},{point.longitude:.6f}",
                          {"exactly_one": exactly_one, **kwargs})


def get_geocoder(name: str = "offline", *, min_delay_seconds: float = 1.0,
                 max_retries: int = 2, error_wait_seconds: float = 2.0,
                 cache_path: Path | None = None, **options: Any) -> Geocoder:
    """Return a geocoder by name: ``"offline"`` (the gazetteer) or any geopy service.

    Online services ("nominatim", "photon", "arcgis", ...) come wrapped in a
    :class:`CachedGeocoder`; ``options`` go to the geopy class (``domain``, ``scheme``,
    ``api_key``...; ``user_agent`` defaults to geomap's).

    Raises
    ------
    GeocoderError
        For an unknown service name or options the service does not accept.

    Examples
    --------
    >>> type(get_geocoder("offline")).__name__
    'Gazetteer'
    >>> type(get_geocoder("nominatim", domain="127.0.0.1:9", scheme="http")).__name__
    'CachedGeocoder'
    """
    service = name.strip().lower()
    if service in {"offline", "gazetteer", "geomap"}:
        return Gazetteer(**options)
    try:
        cls = get_geocoder_for_service(service)
    except GeocoderNotFound as err:
        raise GeocoderError(f"unknown geocoder {name!r}: use 'offline' or a geopy service "
                            "name such as 'nominatim' or 'photon'") from err
    options.setdefault("user_agent", USER_AGENT)
    try:
        geocoder = cls(**options)
    except (TypeError, ConfigurationError) as err:
        raise GeocoderError(f"the {service} geocoder cannot be set up ({err}): pass the options "
                            "it needs (e.g. api_key)") from err
    return CachedGeocoder(service, geocoder, min_delay_seconds=min_delay_seconds,
                          max_retries=max_retries, error_wait_seconds=error_wait_seconds,
                          cache_path=cache_path)
