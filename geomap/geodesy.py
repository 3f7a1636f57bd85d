"""Distances in metres on the Earth, and lon/lat shapes that stay right at the antimeridian
and the poles.

Vectorised over NumPy arrays; degrees in, metres out. The sphere (mean radius) is used to
prefilter and rank; the WGS84 ellipsoid (``pyproj.Geod``) gives exact distances.

The library's one convention: a point is ``(lon, lat)``, as in shapely and GeoJSON, in every
signature and tuple. Only geopy speaks ``(lat, lon)``, converted at its boundary
(:mod:`geomap.geocoders`). :func:`haversine_m` (arrays or numbers) and :func:`haversine_km`
(two points) are the one great-circle formula, in metres and in kilometres.

Examples
--------
>>> round(float(haversine_m(179.5, -17.0, -179.5, -17.0)) / 1000, 1)  # across 180 degrees
106.3
>>> round(float(geodesic_m(179.5, -17.0, -179.5, -17.0)[0]) / 1000, 1)
106.5
>>> [tuple(round(v, 2) for v in box) for box in search_boxes(179.9, 0.0, 50_000)]
[(179.45, -0.45, 180.0, 0.45), (-180.0, -0.45, -179.65, 0.45)]
"""

from __future__ import annotations

import functools
import math
from typing import Any, overload

import numpy as np
import pyproj
import shapely
import shapely.affinity
from numpy.typing import ArrayLike, NDArray
from shapely.geometry import Polygon
from shapely.geometry.base import BaseGeometry

__all__ = [
    "EARTH_RADIUS_M",
    "destination",
    "fold_longitudes",
    "geodesic_circle",
    "geodesic_m",
    "haversine_km",
    "haversine_m",
    "local_metric_crs",
    "search_boxes",
    "spherical_mean",
    "split_antimeridian",
]

EARTH_RADIUS_M = 6_371_008.8
# The sphere and the WGS84 ellipsoid disagree by at most about 0.56 % on a distance; search
# a little wider than the radius so that no point inside the exact circle is missed.
_SPHERE_SLACK = 1.01


@functools.lru_cache(maxsize=1)
def _geod() -> pyproj.Geod:
    return pyproj.Geod(ellps="WGS84")


def _haversine(xp: Any, clip: Any, lon1: Any, lat1: Any, lon2: Any, lat2: Any,
               radius: float) -> Any:
    """The haversine formula on a sphere of ``radius``, computed with ``xp`` and ``clip``:
    :mod:`math` and ``min`` on plain numbers (fast, and the same bits whichever caller
    asks), NumPy and ``np.minimum`` on arrays."""
    p1, p2 = xp.radians(lat1), xp.radians(lat2)
    dp, dl = p2 - p1, xp.radians(lon2 - lon1)
    h = xp.sin(dp / 2) ** 2 + xp.cos(p1) * xp.cos(p2) * xp.sin(dl / 2) ** 2
    return 2 * radius * xp.asin(clip(1.0, xp.sqrt(h)))


@overload
def haversine_m(lon1: float, lat1: float, lon2: float, lat2: float) -> float: ...
@overload
def haversine_m(lon1: ArrayLike, lat1: ArrayLike, lon2: ArrayLike,
                lat2: ArrayLike) -> NDArray[np.float64]: ...
def haversine_m(lon1: ArrayLike, lat1: ArrayLike, lon2: ArrayLike,
                lat2: ArrayLike) -> float | NDArray[np.float64]:
    """Return great-circle distances in metres on the mean-radius sphere.

    A float for four numbers, an array (broadcast) when any argument is a sequence.

    >>> round(haversine_m(44.40, 33.34, 35.21, 31.77) / 1000)  # Baghdad - Jerusalem
    879
    >>> haversine_m(0.0, 0.0, [0.0, 1.0], [0.0, 0.0]).round()
    array([     0., 111195.])
    """
    if all(isinstance(v, int | float) for v in (lon1, lat1, lon2, lat2)):
        return _haversine(math, min, lon1, lat1, lon2, lat2, EARTH_RADIUS_M)
    lon1, lat1, lon2, lat2 = (np.asarray(v, dtype=float) for v in (lon1, lat1, lon2, lat2))
    return _haversine(np, np.minimum, lon1, lat1, lon2, lat2, EARTH_RADIUS_M)


def haversine_km(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    """Return the great-circle distance in kilometres between two points (the formula of
    :func:`haversine_m`, which also takes arrays).

    >>> round(haversine_km(44.40, 33.34, 35.21, 31.77))  # Baghdad - Jerusalem
    879
    """
    return float(_haversine(math, min, lon1, lat1, lon2, lat2, EARTH_RADIUS_M / 1000.0))


def destination(lon: float, lat: float, bearing_deg: float, distance_m: float) -> tuple[float, float]:
    """Return ``(lon, lat)`` reached from a point along a bearing (degrees from north) on WGS84.

    >>> lon, lat = destination(44.0, 33.0, 0.0, 111_000.0)
    >>> round(lon, 3), round(lat, 2)
    (44.0, 34.0)
    """
    lon2, lat2, _ = _geod().fwd(lon, lat, bearing_deg, distance_m)
    return float(lon2), float(lat2)


def geodesic_m(lon: ArrayLike, lat: ArrayLike, lon0: float, lat0: float) -> NDArray[np.float64]:
    """Return WGS84 geodesic distances in metres from ``(lon0, lat0)`` to each point."""
    lon = np.atleast_1d(np.asarray(lon, dtype=float))
    lat = np.atleast_1d(np.asarray(lat, dtype=float))
    if lon.size == 0:
        return np.empty(0)
    _, _, dist = _geod().inv(np.full_like(lon, lon0), np.full_like(lat, lat0), lon, lat)
    return np.asarray(dist, dtype=float)


def search_boxes(lon: float, lat: float, radius_m: float) -> list[tuple[float, float, float, float]]:
    """Return lon/lat boxes ``(w, s, e, n)`` that together cover the circle around a point.

    A circle that reaches a pole covers every longitude; one that crosses the antimeridian
    becomes two boxes, one each side of it.
    """
    angle = min(math.pi, radius_m * _SPHERE_SLACK / EARTH_RADIUS_M)
    dlat = math.degrees(angle)
    south, north = lat - dlat, lat + dlat
    if north >= 90.0 or south <= -90.0:
        return [(-180.0, max(south, -90.0), 180.0, min(north, 90.0))]
    ratio = math.sin(angle) / math.cos(math.radians(lat))
    dlon = 180.0 if ratio >= 1.0 else math.degrees(math.asin(ratio))
    west, east = lon - dlon, lon + dlon
    if dlon >= 180.0:
        return [(-180.0, south, 180.0, north)]
    if west < -180.0:
        return [(west + 360.0, south, 180.0, north), (-180.0, south, east, north)]
    if east > 180.0:
        return [(west, south, 180.0, north), (-180.0, south, east - 360.0, north)]
    return [(west, south, east, north)]


def split_antimeridian(geom: BaseGeometry) -> BaseGeometry:
    """Cut a lon/lat polygon that wraps across 180 degrees into parts on each side of it.

    A polygon whose vertices jump from 179 to -179 degrees would otherwise span the whole
    world the wrong way round. Polygons narrower than 180 degrees are returned unchanged.

    >>> ring = Polygon([(179, 0), (-179, 0), (-179, 1), (179, 1)])
    >>> [round(p.area, 3) for p in split_antimeridian(ring).geoms]
    [1.0, 1.0]
    """
    if geom.is_empty:
        return geom
    west, _, east, _ = geom.bounds
    if east - west <= 180.0:
        return geom

    def unwrap(coords: NDArray[np.float64]) -> NDArray[np.float64]:
        coords = coords.copy()
        coords[:, 0] = np.where(coords[:, 0] < 0, coords[:, 0] + 360.0, coords[:, 0])
        return coords

    return fold_longitudes(shapely.transform(geom, unwrap))


def fold_longitudes(geom: BaseGeometry) -> BaseGeometry:
    """Bring the parts of a shape that reach past +-180 degrees back into -180..180.

    For shapes drawn with continuous longitudes around the antimeridian (181 for -179):
    the part beyond 180 is cut off and moved by 360 degrees.

    >>> box = shapely.box(178, 0, 182, 1)
    >>> sorted(round(p.bounds[0]) for p in fold_longitudes(box).geoms)
    [-180, 178]
    """
    west, _, east, _ = geom.bounds
    if west >= -180.0 and east <= 180.0:
        return geom
    parts = [shapely.clip_by_rect(geom, -180.0, -90.0, 180.0, 90.0)]
    for x0, x1, dx in ((180.0, 540.0, -360.0), (-540.0, -180.0, 360.0)):
        beyond = shapely.clip_by_rect(geom, x0, -90.0, x1, 90.0)
        if not beyond.is_empty:
            parts.append(shapely.affinity.translate(beyond, xoff=dx))
    parts = [p for p in parts if not p.is_empty]
    return shapely.union_all(parts) if len(parts) > 1 else parts[0]


def geodesic_circle(lon: float, lat: float, radius_m: float, n: int = 90) -> BaseGeometry:
    """Return the polygon of points within ``radius_m`` of a point (WGS84, for drawing).

    Cut at the antimeridian; a circle around a pole closes along that pole's parallel.

    >>> circle = geodesic_circle(44.4, 33.3, 100_000)
    >>> circle.contains(shapely.Point(44.4, 33.3)), round(circle.bounds[3] - 33.3, 2)
    (True, 0.9)
    """
    azimuths = np.linspace(0.0, 360.0, n, endpoint=False)
    lons, lats, _ = _geod().fwd(np.full(n, lon), np.full(n, lat), azimuths, np.full(n, radius_m))
    lons, lats = np.asarray(lons), np.asarray(lats)
    pole_north = float(haversine_m(lon, lat, lon, 90.0)) < radius_m
    pole_south = float(haversine_m(lon, lat, lon, -90.0)) < radius_m
    if pole_north or pole_south:
        order = np.argsort(lons)
        edge = 90.0 if pole_north else -90.0
        ring = ([(-180.0, edge)] + [(lons[i], lats[i]) for i in order] + [(180.0, edge)])
        return Polygon(ring)
    # Unwrap longitudes around the centre so that the ring is continuous, then cut at 180.
    lons = lon + (lons - lon + 180.0) % 360.0 - 180.0
    return fold_longitudes(Polygon(np.column_stack([lons, lats])))


def local_metric_crs(lon: float, lat: float) -> pyproj.CRS:
    """Return an azimuthal equidistant CRS (metres) centred on a point: true distances from
    the centre, no seam at the antimeridian, usable at the poles."""
    return pyproj.CRS.from_proj4(
        f"+proj=aeqd +lat_0={lat:.6f} +lon_0={lon:.6f} +datum=WGS84 +units=m +no_defs"
    )


def spherical_mean(lon: ArrayLike, lat: ArrayLike) -> tuple[float, float]:
    """Return the mean position of points on the sphere (right across the antimeridian).

    >>> [round(v, 3) for v in spherical_mean([179.0, -179.0], [10.0, 10.0])]
    [180.0, 10.001]
    """
    lon_r = np.radians(np.asarray(lon, dtype=float))
    lat_r = np.radians(np.asarray(lat, dtype=float))
    x = np.mean(np.cos(lat_r) * np.cos(lon_r))
    y = np.mean(np.cos(lat_r) * np.sin(lon_r))
    z = np.mean(np.sin(lat_r))
    return (float(np.degrees(np.arctan2(y, x))), float(np.degrees(np.arctan2(z, math.hypot(x, y)))))
