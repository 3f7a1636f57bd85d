"""Spatial and attribute questions over an incident GeoDataFrame, vectorised and indexed.

Every function takes incidents in EPSG:4326 (other CRSs are converted) and returns a
subset (or a summary) without touching the input. Spatial filters use the frame's spatial
index (``GeoDataFrame.sindex``, a shapely ``STRtree``, built once per frame); distances are
geodesic metres on the WGS84 ellipsoid, right across the antimeridian and near the poles.

Examples
--------
>>> from geomap.incidents import Incident, incidents_frame
>>> gdf = incidents_frame([
...     Incident("d", "s1", "Iran", "assault", "Erbil", 44.01, 36.19, "point"),
...     Incident("d", "s2", "United States", "assault", "Al Qaim", 41.03, 34.37, "point"),
...     Incident("d", "s3", "Fiji Police", "protest", "Suva", 178.44, -18.14, "point"),
... ])
>>> near(gdf, (43.13, 36.34), radius_km=100)["place_name"].tolist()  # around Mosul
['Erbil']
>>> bbox(gdf, 170, -30, -170, 0)["place_name"].tolist()  # a box across 180 degrees
['Suva']
>>> nearest(gdf, (-179.9, -18.0), k=1)[["place_name", "distance_km"]].round(1).values.tolist()
[['Suva', 176.4]]
"""

from __future__ import annotations

import datetime as dt
import logging
import math
from collections.abc import Iterable, Sequence
from typing import Any, TypeAlias

import geopandas as gpd
import numpy as np
import pandas as pd
import pycountry
import shapely
from numpy.typing import NDArray
from shapely.geometry.base import BaseGeometry

from geomap.crs import to_wgs84
from geomap.errors import QueryError
from geomap.geodesy import geodesic_m, haversine_m, search_boxes
from geomap.places import Place
from geomap.tools.aggregate import count_by
from geomap.tools.areas import resolve_point
from geomap.tools.hotspots import hotspots
from geomap.tools.shapes import subdivide

__all__ = [
    "Center",
    "bbox",
    "bbox_area",
    "count_by",
    "filter_incidents",
    "hotspots",
    "near",
    "nearest",
    "within",
]

log = logging.getLogger(__name__)

Center: TypeAlias = tuple[float, float] | BaseGeometry | Place | str
"""A query centre: ``(lon, lat)``, a shapely ``Point``, a gazetteer ``Place``, or a place
name / ``"LAT,LON"`` string resolved with :func:`geomap.tools.areas.resolve_point`."""


def _wgs84(incidents: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    if not isinstance(incidents, gpd.GeoDataFrame):
        raise QueryError("incidents must be a GeoDataFrame: read them with read_incidents()")
    return to_wgs84(incidents)


def _lonlat(incidents: gpd.GeoDataFrame) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    return _lonlat_of(incidents.geometry.values)


def _lonlat_of(geoms: Any) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    points = shapely.get_type_id(geoms) == shapely.GeometryType.POINT
    if not points.all():
        geoms = np.where(points, geoms, shapely.point_on_surface(geoms))
    return shapely.get_x(geoms), shapely.get_y(geoms)


def _center(center: Center) -> tuple[float, float]:
    if isinstance(center, str):
        lon, lat, _ = resolve_point(center)
    elif isinstance(center, Place):
        lon, lat = center.lon, center.lat
    elif isinstance(center, BaseGeometry):
        point = center if center.geom_type == "Point" else center.representative_point()
        lon, lat = point.x, point.y
    else:
        lon, lat = (float(v) for v in center)
    if not (-90.0 <= lat <= 90.0 and -180.0 <= lon <= 180.0):
        raise QueryError(f"centre ({lon}, {lat}) is not a lon/lat position: longitude must be "
                         "within -180..180 and latitude within -90..90")
    return lon, lat


def _area_geometries(area: BaseGeometry | gpd.GeoSeries | gpd.GeoDataFrame) -> list[BaseGeometry]:
    if isinstance(area, gpd.GeoDataFrame | gpd.GeoSeries):
        area = to_wgs84(area)
        return [g for g in area.geometry.values if g is not None and not g.is_empty]
    if isinstance(area, BaseGeometry):
        return [area]
    raise QueryError("area must be a shapely geometry or a GeoDataFrame of polygons")


def within(incidents: gpd.GeoDataFrame,
           area: BaseGeometry | gpd.GeoSeries | gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Return the incidents inside ``area`` (on its boundary counts as inside).

    Parameters
    ----------
    incidents
        Incident frame.
    area
        A polygon, or a GeoSeries/GeoDataFrame whose polygons together make the area (in
        any CRS; converted to EPSG:4326).

    Examples
    --------
    >>> from shapely.geometry import box
    >>> from geomap.incidents import Incident, incidents_frame
    >>> gdf = incidents_frame([Incident("d", "s", "A", "assault", "In", 1, 1, "point"),
    ...                        Incident("d", "t", "B", "assault", "Out", 5, 5, "point")])
    >>> within(gdf, box(0, 0, 2, 2))["place_name"].tolist()
    ['In']
    """
    incidents = _wgs84(incidents)
    geoms = _area_geometries(area)
    if not geoms or incidents.empty:
        return incidents.iloc[:0]
    pieces, _ = subdivide(geoms)
    if len(pieces) == 0:
        raise QueryError("the area has no polygon: use near() for a point or a line")
    hits = incidents.sindex.query(pieces, predicate="intersects")[1]
    return incidents.iloc[np.unique(hits)]


def _distances_m(lon: NDArray[np.float64], lat: NDArray[np.float64], lon0: float, lat0: float,
                 method: str) -> NDArray[np.float64]:
    if method == "geodesic":
        return geodesic_m(lon, lat, lon0, lat0)
    if method == "haversine":
        return haversine_m(lon, lat, lon0, lat0)
    raise QueryError(f"unknown distance method {method!r}: use 'geodesic' or 'haversine'")


def near(incidents: gpd.GeoDataFrame, center: Center, radius_km: float, *,
         method: str = "geodesic") -> gpd.GeoDataFrame:
    """Return the incidents within ``radius_km`` of ``center``, nearest first.

    The spatial index picks the points in the lon/lat boxes that cover the circle (two
    boxes across the antimeridian, a polar cap near a pole); their exact distances are then
    computed in metres. A ``distance_km`` column is added.

    Parameters
    ----------
    incidents
        Incident frame.
    center
        ``(lon, lat)``, a ``Point``, a ``Place`` or a place name / ``"LAT,LON"``.
    radius_km
        Radius in kilometres (> 0).
    method
        ``"geodesic"`` (WGS84, default) or ``"haversine"`` (sphere, slightly faster).

    Examples
    --------
    >>> from geomap.incidents import Incident, incidents_frame
    >>> gdf = incidents_frame([Incident("d", "s", "A", "assault", "Pole", 0.0, 89.9, "point"),
    ...                        Incident("d", "t", "B", "assault", "Far", 0.0, 80.0, "point")])
    >>> near(gdf, (180.0, 89.9), radius_km=30)["place_name"].tolist()  # across the pole
    ['Pole']
    """
    if not (isinstance(radius_km, int | float) and math.isfinite(radius_km) and radius_km > 0):
        raise QueryError(f"radius {radius_km!r} km is not a positive number: give --radius-km N")
    incidents = _wgs84(incidents)
    lon0, lat0 = _center(center)
    radius_m = radius_km * 1000.0
    if incidents.empty:
        return incidents.assign(distance_km=pd.Series(dtype=float))
    boxes = shapely.box(*np.asarray(search_boxes(lon0, lat0, radius_m)).T)
    candidates = np.unique(incidents.sindex.query(boxes)[1])
    lon, lat = _lonlat_of(incidents.geometry.values[candidates])
    dist = _distances_m(lon, lat, lon0, lat0, method)
    keep = dist <= radius_m
    order = np.argsort(dist[keep], kind="stable")
    result = incidents.iloc[candidates[keep][order]]
    return result.assign(distance_km=dist[keep][order] / 1000.0)


def _box_geometries(w: float, s: float, e: float, n: float) -> list[BaseGeometry]:
    values = (w, s, e, n)
    if not all(isinstance(v, int | float) and math.isfinite(v) for v in values):
        raise QueryError(f"bbox {values!r} must be four numbers W,S,E,N")
    if not (-180.0 <= w <= 180.0 and -180.0 <= e <= 180.0):
        raise QueryError(f"bbox longitudes {w}, {e} must be within -180..180 (W,S,E,N order)")
    if not (-90.0 <= s <= n <= 90.0):
        raise QueryError(f"bbox latitudes {s}, {n} must be within -90..90 with S <= N "
                         "(W,S,E,N order)")
    if w <= e:
        return [shapely.box(w, s, e, n)]
    return [shapely.box(w, s, 180.0, n), shapely.box(-180.0, s, e, n)]


def bbox(incidents: gpd.GeoDataFrame, w: float, s: float, e: float,
         n: float) -> gpd.GeoDataFrame:
    """Return the incidents in the box ``W,S,E,N`` (degrees; edges included).

    ``w > e`` is a box across the antimeridian (``170,-30,-170,0`` spans 20 degrees).
    """
    incidents = _wgs84(incidents)
    boxes = _box_geometries(float(w), float(s), float(e), float(n))
    if incidents.empty:
        return incidents
    hits = incidents.sindex.query(boxes, predicate="intersects")[1]
    return incidents.iloc[np.unique(hits)]


def bbox_area(w: float, s: float, e: float, n: float) -> BaseGeometry:
    """Return the (multi)polygon of a ``W,S,E,N`` box, split at the antimeridian if w > e."""
    return shapely.union_all(_box_geometries(w, s, e, n))


def nearest(incidents: gpd.GeoDataFrame, center: Center, k: int = 10) -> gpd.GeoDataFrame:
    """Return the ``k`` incidents nearest to ``center`` (geodesic), nearest first.

    Distances to every incident are computed on the sphere in one vectorised pass; the
    closest few are then ranked by their exact WGS84 distance (``distance_km`` column).
    """
    if not isinstance(k, int | np.integer) or k < 1:
        raise QueryError(f"k={k!r} must be a whole number >= 1: give --nearest K")
    incidents = _wgs84(incidents)
    lon0, lat0 = _center(center)
    incidents = incidents[~incidents.geometry.isna()]  # an unlocated incident is near nothing
    if incidents.empty:
        return incidents.assign(distance_km=pd.Series(dtype=float))
    lon, lat = _lonlat(incidents)
    rough = haversine_m(lon, lat, lon0, lat0)
    k_eff = min(int(k), len(rough))
    cutoff = np.partition(rough, k_eff - 1)[k_eff - 1]
    # The sphere and the ellipsoid rank differently only within ~0.6 % of a distance.
    pool = np.flatnonzero(rough <= cutoff * 1.01 + 1.0)
    exact = geodesic_m(lon[pool], lat[pool], lon0, lat0)
    best = np.argsort(exact, kind="stable")[:k_eff]
    return incidents.iloc[pool[best]].assign(distance_km=exact[best] / 1000.0)


def _values(value: str | Iterable[str] | None) -> list[str]:
    if value is None:
        return []
    items = [value] if isinstance(value, str) else list(value)
    return [v.strip() for item in items for v in str(item).split(",") if v.strip()]


def _country_codes(names: Sequence[str]) -> set[str]:
    codes: set[str] = set()
    for name in names:
        try:
            country = pycountry.countries.lookup(name)
        except LookupError:
            raise QueryError(f"unknown country {name!r}: give a country name or an ISO code "
                             "such as IQ or IRQ") from None
        codes.update({country.alpha_2, country.alpha_3})
    return codes


def _column(incidents: gpd.GeoDataFrame, name: str, option: str, *,
            text: bool = True) -> pd.Series:
    if name not in incidents.columns:
        raise QueryError(f"the incidents have no {name!r} column, so {option} cannot apply: "
                         "drop it, or query a file written by geomap")
    return incidents[name].fillna("").astype(str) if text else incidents[name]


def _day(value: str | dt.date | None, option: str) -> pd.Timestamp | None:
    if value is None or value == "":
        return None
    try:
        stamp = pd.Timestamp(value)
    except (ValueError, TypeError):
        raise QueryError(f"{option} {value!r} is not a date: use YYYY-MM-DD") from None
    if stamp.tzinfo is not None:
        stamp = stamp.tz_convert(None)
    return stamp.normalize()


def filter_incidents(
    incidents: gpd.GeoDataFrame,
    *,
    actor: str | Iterable[str] | None = None,
    action: str | Iterable[str] | None = None,
    country: str | Iterable[str] | None = None,
    since: str | dt.date | None = None,
    until: str | dt.date | None = None,
    min_confidence: float | None = None,
) -> gpd.GeoDataFrame:
    """Return the incidents that match every attribute condition given.

    Parameters
    ----------
    actor
        Case-insensitive text found in ``actor``, or equal to ``actor_country`` (several
        values, or a comma-separated string, match any of them).
    action
        Event type(s), compared case-insensitively with ``action``.
    country
        Country names or ISO codes, matched against the event location's ``country``.
    since, until
        First and last day (inclusive); incidents without a date do not match.
    min_confidence
        Lowest ``confidence`` kept.

    Examples
    --------
    >>> from geomap.incidents import Incident, incidents_frame
    >>> gdf = incidents_frame([
    ...     Incident("d", "s", "US Navy", "assault", "A", 1, 1, "point", country="YE",
    ...              date="2024-01-12", confidence=0.9),
    ...     Incident("d", "t", "Iran", "assault", "B", 2, 2, "point", country="SY",
    ...              date="2024-01-16", confidence=0.4)])
    >>> filter_incidents(gdf, actor="us navy", since="2024-01-10", until="2024-01-12")["place_name"].tolist()
    ['A']
    >>> filter_incidents(gdf, country="Syria", min_confidence=0.3)["place_name"].tolist()
    ['B']
    """
    mask = np.ones(len(incidents), dtype=bool)
    actors = [a.casefold() for a in _values(actor)]
    if actors:
        names = _column(incidents, "actor", "--actor").str.casefold()
        codes = incidents.get("actor_country", pd.Series("", index=incidents.index))
        codes = codes.fillna("").astype(str).str.casefold()
        hit = np.zeros(len(incidents), dtype=bool)
        for wanted in actors:
            hit |= names.str.contains(wanted, regex=False).to_numpy() | (codes == wanted).to_numpy()
        mask &= hit
    actions = {a.casefold() for a in _values(action)}
    if actions:
        mask &= _column(incidents, "action", "--action").str.casefold().isin(actions).to_numpy()
    countries = _values(country)
    if countries:
        wanted_codes = _country_codes(countries)
        mask &= _column(incidents, "country", "--country").str.upper().isin(
            wanted_codes).to_numpy()
    first, last = _day(since, "--since"), _day(until, "--until")
    if first is not None or last is not None:
        dates = _column(incidents, "date", "--since/--until").replace("", None)
        days = pd.to_datetime(dates, errors="coerce", format="ISO8601",
                              utc=True).dt.tz_convert(None).dt.normalize()
        if first is not None and last is not None and first > last:
            raise QueryError(f"--since {since} is after --until {until}: swap them")
        if first is not None:
            mask &= (days >= first).fillna(False).to_numpy(dtype=bool)
        if last is not None:
            mask &= (days <= last).fillna(False).to_numpy(dtype=bool)
    if min_confidence is not None:
        confidence = pd.to_numeric(_column(incidents, "confidence", "--min-confidence",
                                           text=False), errors="coerce")
        mask &= (confidence >= float(min_confidence)).fillna(False).to_numpy(dtype=bool)
    return incidents[mask]
