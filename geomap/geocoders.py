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
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from geopy import Location, Point
from geopy.adapters import BaseAdapter, RequestsAdapter, URLLibAdapter
from geopy.exc import (
    ConfigurationError,
    GeocoderNotFound,
    GeocoderRateLimited,
    GeocoderServiceError,
    GeocoderTimedOut,
    GeocoderUnavailable,
    GeopyError,
)
from geopy.extra.rate_limiter import RateLimiter
from geopy.geocoders import get_geocoder_for_service
from geopy.geocoders.base import Geocoder

from geomap.errors import GeocoderError
from geomap.geocoder_cache import ResultCache, dump_result, load_result
from geomap.geodesy import haversine_km
from geomap.places import Place

if TYPE_CHECKING:
    from geomap.gazetteer import GazetteerIndex
    from geomap.resources import Resources

__all__ = ["CachedGeocoder", "Gazetteer", "get_geocoder", "place_location"]

log = logging.getLogger(__name__)

USER_AGENT = "geomap (offline-first news geoparser)"
_OFFLINE_NAMES = frozenset({"offline", "gazetteer", "geomap"})


def _adapter_without_hidden_retries(**kwargs: Any) -> BaseAdapter:
    """geopy's HTTP adapter with its own retries off, so only :class:`CachedGeocoder` retries.

    geopy's default ``RequestsAdapter`` lets urllib3 retry refused connections and sleep out
    any ``Retry-After`` itself, unbounded by our limits and uncounted.
    """
    if RequestsAdapter.is_available:
        return RequestsAdapter(max_retries=0, **kwargs)
    return URLLibAdapter(**kwargs)


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


def _lonlat(value: Any) -> tuple[float, float]:
    """Convert a geopy point ((lat, lon), "lat, lon" or ``Point``) to the library's (lon, lat)."""
    point = value if isinstance(value, Point) else Point(value)
    return (point.longitude, point.latitude)


class Gazetteer(Geocoder):
    """The offline gazetteer as a geopy geocoder: no network, no rate limit needed.

    Parameters
    ----------
    resources : Resources, optional
        Where the index comes from (default :meth:`geomap.resources.Resources.load`): its
        ``gazetteer``, read on first use.

    Examples
    --------
    >>> loc = Gazetteer().geocode("Georgia", country_codes=["US"])  # doctest: +SKIP
    >>> loc.raw["feature_code"], loc.raw["admin1"]  # doctest: +SKIP
    ('ADM1', 'GA')
    """

    def __init__(self, resources: Resources | None = None, *, user_agent: str | None = None,
                 **kwargs: Any) -> None:
        from geomap.resources import Resources

        super().__init__(user_agent=user_agent or USER_AGENT, **kwargs)
        self._resources = Resources.given(resources)

    @property
    def index(self) -> GazetteerIndex:
        """The gazetteer index this geocoder reads (loaded on first use)."""
        return self._resources.gazetteer

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
                                  near=_lonlat(near) if near is not None else None,
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
        lon, lat = _lonlat(query)
        place = self.index.reverse(lon, lat, max_km=max_km)
        if place is None:
            return None
        location = place_location(place, 0.0, self.index)
        location.raw["distance_km"] = round(haversine_km(lon, lat, place.lon, place.lat), 3)
        return location if exactly_one else [location]


def _one_line(err: BaseException) -> str:
    return " ".join(str(err).split()) or type(err).__name__


def _retryable(err: GeocoderServiceError) -> bool:
    """True for a transient failure: timeout, rate limit, connection failure or HTTP 5xx."""
    if isinstance(err, (GeocoderTimedOut, GeocoderRateLimited, GeocoderUnavailable)):
        return True
    status = getattr(err.__cause__, "status_code", None)
    return isinstance(status, int) and status >= 500


class CachedGeocoder(Geocoder):
    """An online geopy geocoder behind ``RateLimiter``, retries with backoff and a disk cache.

    Answers (including "not found") are kept in the SQLite file ``cache_path`` keyed by
    service, method, query and options, so a rerun asks the service nothing new; failures are
    never cached. Transient failures (timeouts, HTTP 429, HTTP 5xx, refused connections) are
    retried with exponential backoff: the n-th retry waits ``error_wait_seconds * 2**(n-1)``,
    or the ``Retry-After`` the service asked for when that is longer, for at most
    ``max_retries`` retries and ``max_wait_seconds`` of waiting in all. Then the call raises
    one :class:`~geomap.errors.GeocoderError`, or, only when a ``fallback`` geocoder was
    given, logs a warning naming it and answers from it (fallback answers are not cached).

    Parameters
    ----------
    service : str
        A geopy service name ("nominatim", "photon", ...).
    geocoder : geopy.geocoders.base.Geocoder
        The configured online geocoder (its ``timeout`` bounds each try).
    min_delay_seconds : float
        Least delay between two requests (``RateLimiter``).
    max_retries : int
        Retries after the first try for a transient failure.
    error_wait_seconds : float
        Wait before the first retry; doubled for each further retry.
    max_wait_seconds : float
        Most time spent waiting between tries for one query; a ``Retry-After`` beyond it
        ends the retries at once.
    cache_path : pathlib.Path
        The SQLite cache file (:func:`get_geocoder` gives ``geocode-cache.sqlite`` in the
        cache folder).
    fallback : geopy.geocoders.base.Geocoder, optional
        Answer from this geocoder when the service fails (default: none, failures raise).

    Examples
    --------
    >>> geocoder = get_geocoder("nominatim", domain="127.0.0.1:9", scheme="http",
    ...                         max_retries=1, error_wait_seconds=0.01)
    >>> geocoder.geocode("Baghdad")  # doctest: +SKIP
    Traceback (most recent call last):
    geomap.errors.GeocoderError: the nominatim geocoder cannot be reached or failed ...
    """

    def __init__(self, service: str, geocoder: Geocoder, *, cache_path: Path,
                 min_delay_seconds: float = 1.0, max_retries: int = 2,
                 error_wait_seconds: float = 2.0, max_wait_seconds: float = 60.0,
                 fallback: Geocoder | None = None) -> None:
        super().__init__(user_agent=USER_AGENT)
        self.service = service
        self.geocoder = geocoder
        self.max_retries = max(0, int(max_retries))
        self.error_wait_seconds = max(0.0, float(error_wait_seconds))
        self.max_wait_seconds = max(0.0, float(max_wait_seconds))
        self.fallback = fallback
        # RateLimiter spaces the requests; the retries (with backoff) are ours.
        limiter = {"min_delay_seconds": min_delay_seconds, "max_retries": 0,
                   "swallow_exceptions": False}
        self._geocode = RateLimiter(geocoder.geocode, **limiter)
        self._reverse = RateLimiter(geocoder.reverse, **limiter)
        self._cache = ResultCache(cache_path)
        self._sleep: Callable[[float], None] = time.sleep

    def _ask(self, func: Callable[..., Any], query: Any, kwargs: dict[str, Any]) -> Any:
        """Call the service, retrying transient failures with backoff; raise GeocoderError."""
        waited = 0.0
        tries = 0
        while True:
            tries += 1
            try:
                return func(query, **kwargs)
            except GeocoderServiceError as err:
                reason = _one_line(err)
                if not _retryable(err):
                    raise GeocoderError(
                        f"the {self.service} geocoder refused the request ({reason}): check "
                        "its options (user agent, API key, query)") from err
                delay = self.error_wait_seconds * 2 ** (tries - 1)
                retry_after = getattr(err, "retry_after", None)
                if retry_after is not None:
                    delay = max(delay, float(retry_after))
                    reason = f"rate limited, retry after {retry_after:g} s"
                if tries > self.max_retries or waited + delay > self.max_wait_seconds:
                    raise GeocoderError(
                        f"the {self.service} geocoder cannot be reached or failed after "
                        f"{tries} {'try' if tries == 1 else 'tries'} ({reason}): try again "
                        "later, raise timeout/max_retries, or use the offline geocoder "
                        "(fallback='offline' switches to it)") from err
                log.info("%s geocoder: %s; retry %d of %d in %.2f s", self.service, reason,
                         tries, self.max_retries, delay)
                self._sleep(delay)
                waited += delay
            except GeopyError as err:
                raise GeocoderError(f"the {self.service} geocoder refused the request "
                                    f"({_one_line(err)}): check its options (user agent, "
                                    "API key)") from err

    def _call(self, method: str, query: Any, kwargs: dict[str, Any]) -> Any:
        key = json.dumps([self.service, method, str(query), sorted(kwargs.items())],
                         default=str)
        cached = self._cache.get(key)
        if cached is not None:
            return load_result(cached["value"])
        func = self._geocode if method == "geocode" else self._reverse
        try:
            result = self._ask(func, query, kwargs)
        except GeocoderError as err:
            cause = err.__cause__
            transient = isinstance(cause, GeocoderServiceError) and _retryable(cause)
            if self.fallback is None or not transient:
                raise
            log.warning("%s; answering %r from the fallback geocoder %s instead", err, query,
                        type(self.fallback).__name__)
            fallback = getattr(self.fallback, method)
            return fallback(query, exactly_one=kwargs.get("exactly_one", True))
        self._cache.put(key, {"value": dump_result(result)})
        return result

    def geocode(self, query: str, exactly_one: bool = True,
                **kwargs: Any) -> Location | list[Location] | None:
        """Geocode through the cache, then the rate-limited service (then the fallback)."""
        return self._call("geocode", query, {"exactly_one": exactly_one, **kwargs})

    def reverse(self, query: Any, exactly_one: bool = True,
                **kwargs: Any) -> Location | list[Location] | None:
        """Reverse-geocode through the cache, then the rate-limited service (then the fallback)."""
        point = Point(query) if not isinstance(query, Point) else query
        return self._call("reverse", f"{point.latitude:.6f},{point.longitude:.6f}",
                          {"exactly_one": exactly_one, **kwargs})


def get_geocoder(name: str = "offline", *, min_delay_seconds: float = 1.0,
                 max_retries: int = 2, error_wait_seconds: float = 2.0,
                 max_wait_seconds: float = 60.0, cache_path: Path | None = None,
                 fallback: str | Geocoder | None = None, resources: Resources | None = None,
                 **options: Any) -> Geocoder:
    """Return a geocoder by name: ``"offline"`` (the gazetteer) or any geopy service.

    Online services ("nominatim", "photon", "arcgis", ...) come wrapped in a
    :class:`CachedGeocoder` (rate limit, retries with exponential backoff, disk cache);
    ``options`` go to the geopy class (``domain``, ``scheme``, ``api_key``, ``timeout``...;
    ``user_agent`` defaults to geomap's).

    Parameters
    ----------
    name : str
        "offline" or a geopy service name.
    min_delay_seconds, max_retries, error_wait_seconds, max_wait_seconds
        See :class:`CachedGeocoder`.
    cache_path : pathlib.Path, optional
        The SQLite cache of an online service (default: ``geocode-cache.sqlite`` in the
        cache folder of ``resources``' settings).
    fallback : str or geopy.geocoders.base.Geocoder, optional
        What answers when the online service stays unreachable after the retries:
        ``"offline"`` for the gazetteer, or a geocoder. Default: none, so an outage raises
        :class:`~geomap.errors.GeocoderError` and never switches silently; with a fallback a
        warning names it.
    resources : geomap.resources.Resources, optional
        The gazetteer of ``"offline"`` and of the fallback, and the settings of the default
        ``cache_path`` (default :meth:`geomap.resources.Resources.load`).
    **options
        Passed to the geopy geocoder class.

    Raises
    ------
    GeocoderError
        For an unknown service or fallback name, or options the service does not accept.

    Examples
    --------
    >>> type(get_geocoder("offline")).__name__
    'Gazetteer'
    >>> geocoder = get_geocoder("nominatim", domain="127.0.0.1:9", scheme="http",
    ...                         timeout=2, fallback="offline")
    >>> type(geocoder).__name__, type(geocoder.fallback).__name__
    ('CachedGeocoder', 'Gazetteer')
    """
    from geomap.resources import Resources

    service, res = name.strip().lower(), Resources.given(resources)
    if service in _OFFLINE_NAMES:
        return Gazetteer(res, **options)
    backup: Geocoder | None
    if fallback is None or isinstance(fallback, Geocoder):
        backup = fallback
    elif str(fallback).strip().lower() in _OFFLINE_NAMES:
        backup = Gazetteer(res)
    else:
        raise GeocoderError(f"unknown fallback geocoder {fallback!r}: use fallback='offline' "
                            "or leave it out")
    try:
        cls = get_geocoder_for_service(service)
    except GeocoderNotFound as err:
        raise GeocoderError(f"unknown geocoder {name!r}: use 'offline' or a geopy service "
                            "name such as 'nominatim' or 'photon'") from err
    options.setdefault("user_agent", USER_AGENT)
    options.setdefault("adapter_factory", _adapter_without_hidden_retries)
    try:
        geocoder = cls(**options)
    except (TypeError, ConfigurationError) as err:
        raise GeocoderError(f"the {service} geocoder cannot be set up ({err}): pass the options "
                            "it needs (e.g. api_key)") from err
    return CachedGeocoder(service, geocoder, min_delay_seconds=min_delay_seconds,
                          max_retries=max_retries, error_wait_seconds=error_wait_seconds,
                          max_wait_seconds=max_wait_seconds,
                          cache_path=cache_path or res.settings.cache_dir / "geocode-cache.sqlite",
                          fallback=backup)
