"""Counts of incidents per area: per country, per first-level region, per H3 hexagon, or per
polygon of a user's layer.

Country and layer counts are a point-in-polygon join through the incidents' spatial index,
against polygons cut into small pieces (:func:`geomap.tools.shapes.subdivide`). Hexagon
counts compute each distinct coordinate's H3 cell once, vectorised with ``h3ronpy``.

Examples
--------
>>> from geomap.incidents import Incident, incidents_frame
>>> gdf = incidents_frame([
...     Incident("d", "s1", "A", "assault", "Baghdad", 44.36, 33.31, "point"),
...     Incident("d", "s2", "A", "assault", "Basra", 47.78, 30.51, "point"),
...     Incident("d", "s3", "B", "assault", "Damascus", 36.29, 33.51, "point"),
... ])
>>> count_by(gdf, "country")[["iso_a2", "count"]].values.tolist()
[['IQ', 2], ['SY', 1]]
>>> count_by(gdf, "hex", resolution=2)["count"].sum()
np.int64(3)
"""

from __future__ import annotations

import logging

import geopandas as gpd
import numpy as np
import pandas as pd
import pyarrow as pa
import shapely
from numpy.typing import NDArray

from geomap.boundaries import country_polygons
from geomap.errors import DataError, QueryError
from geomap.tools.geodesy import spherical_mean, split_antimeridian
from geomap.tools.shapes import subdivide

__all__ = ["BY_CHOICES", "count_by", "count_in_layer", "hex_cells"]

log = logging.getLogger(__name__)

BY_CHOICES = ("country", "admin1", "hex")
_WIDE_PRECISIONS = frozenset({"country", "water", "region"})
_REVERSE_KM = 50


def _points(incidents: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    if incidents.crs is not None and not incidents.crs.equals(4326):
        return incidents.to_crs(4326)
    return incidents


def count_in_layer(incidents: gpd.GeoDataFrame, layer: gpd.GeoDataFrame) -> NDArray[np.int64]:
    """Return, for each polygon of ``layer``, how many incidents it covers (edges included).

    An incident in two overlapping polygons counts in both.
    """
    incidents = _points(incidents)
    if layer.crs is not None and not layer.crs.equals(incidents.crs or 4326):
        layer = layer.to_crs(incidents.crs or 4326)
    counts = np.zeros(len(layer), dtype=np.int64)
    if incidents.empty or layer.empty:
        return counts
    pieces, owner = subdivide(layer.geometry.values)
    if len(pieces) == 0:
        return counts
    piece_idx, point_idx = incidents.sindex.query(pieces, predicate="intersects")
    # A point on the cut between two pieces of one polygon is counted once.
    pairs = np.unique(np.column_stack([owner[piece_idx], point_idx]), axis=0)
    np.add.at(counts, pairs[:, 0], 1)
    return counts


def _count_layer(incidents: gpd.GeoDataFrame, layer: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    counts = count_in_layer(incidents, layer)
    result = layer.copy()
    if "count" in result.columns:
        raise QueryError("the area layer already has a 'count' column: rename it first")
    result.insert(result.columns.get_loc(result.geometry.name), "count", counts)
    result = result[result["count"] > 0].sort_values("count", ascending=False, kind="stable")
    return result.reset_index(drop=True)


def _count_countries(incidents: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    result = _count_layer(incidents, country_polygons()[["iso_a2", "name", "geometry"]])
    outside = len(incidents) - int(result["count"].sum())
    if outside > 0:
        log.info("%d incidents lie in no country polygon (at sea or off the map)", outside)
    return result


def hex_cells(lon: NDArray[np.float64], lat: NDArray[np.float64],
              resolution: int) -> NDArray[np.uint64]:
    """Return the H3 cell (as an unsigned 64-bit integer) of each point.

    Each distinct coordinate is indexed once, in one vectorised ``h3ronpy`` call.
    """
    try:
        from h3ronpy.vector import coordinates_to_cells
    except ImportError as err:
        raise DataError("hexagon counts need h3ronpy: run `pip install 'geomap[query]'`") \
            from err
    if not 0 <= resolution <= 15:
        raise QueryError(f"hex resolution {resolution} must be within 0..15 (5 is ~250 km2)")
    if len(lon) == 0:
        return np.empty(0, dtype=np.uint64)
    codes, unique = pd.factorize(lon + 1j * lat)
    cells = coordinates_to_cells(unique.imag.astype(float), unique.real.astype(float),
                                 resolution)
    return pa.array(cells).to_numpy(zero_copy_only=False)[codes]


def _hex_polygons(cells: NDArray[np.uint64]) -> list[shapely.Geometry]:
    import h3

    polygons = []
    for cell in cells:
        ring = [(lng, lat) for lat, lng in h3.cell_to_boundary(h3.int_to_str(int(cell)))]
        polygons.append(split_antimeridian(shapely.Polygon(ring)))
    return polygons


def _count_hex(incidents: gpd.GeoDataFrame, resolution: int) -> gpd.GeoDataFrame:
    lon, lat = shapely.get_x(incidents.geometry.values), shapely.get_y(incidents.geometry.values)
    cells = hex_cells(lon, lat, resolution)
    unique, counts = np.unique(cells, return_counts=True)
    order = np.argsort(-counts, kind="stable")
    unique, counts = unique[order], counts[order]
    frame = pd.DataFrame({"h3": [f"{int(c):x}" for c in unique], "count": counts})
    return gpd.GeoDataFrame(frame, geometry=_hex_polygons(unique), crs="EPSG:4326")


def _count_admin1(incidents: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    from geomap.gazetteer import load_gazetteer

    gazetteer = load_gazetteer()
    lon, lat = shapely.get_x(incidents.geometry.values), shapely.get_y(incidents.geometry.values)
    n = len(incidents)
    ids = incidents["geonameid"] if "geonameid" in incidents.columns else pd.Series([pd.NA] * n)
    precision = incidents["precision"] if "precision" in incidents.columns else \
        pd.Series(["point"] * n)
    keys = np.full(n, "", dtype=object)
    by_id: dict[int, str] = {}
    by_point: dict[tuple[float, float], str] = {}
    for i, (gid, exact, x, y) in enumerate(zip(ids.to_numpy(dtype=object),
                                                precision.to_numpy(dtype=object), lon, lat,
                                                strict=True)):
        # A country-, sea- or region-wide incident lies in no one first-level region.
        if exact in _WIDE_PRECISIONS:
            continue
        if gid is not None and not pd.isna(gid):
            if gid not in by_id:
                place = gazetteer.get(f"gn:{int(gid)}")
                by_id[gid] = _admin1_key(place) if place is not None else ""
            keys[i] = by_id[gid]
        if not keys[i]:
            if (x, y) not in by_point:
                place = gazetteer.reverse(float(y), float(x), max_km=_REVERSE_KM)
                by_point[(x, y)] = _admin1_key(place) if place is not None else ""
            keys[i] = by_point[(x, y)]
    frame = pd.DataFrame({"admin1": keys, "lon": lon, "lat": lat})
    frame = frame[frame["admin1"] != ""]
    rows = []
    for key, group in frame.groupby("admin1", sort=False):
        mean_lon, mean_lat = spherical_mean(group["lon"], group["lat"])
        rows.append({"admin1": key, "country": key.split(".")[0], "count": len(group),
                     "geometry": shapely.Point(mean_lon, mean_lat)})
    if len(frame) < n:
        log.info("%d incidents have no first-level region (country- or sea-wide, or no "
                 "town within %d km)", n - len(frame), _REVERSE_KM)
    result = gpd.GeoDataFrame(rows, columns=["admin1", "country", "count", "geometry"],
                              geometry="geometry", crs="EPSG:4326")
    return result.sort_values("count", ascending=False, kind="stable").reset_index(drop=True)


def _admin1_key(place: object) -> str:
    country = getattr(place, "country_code", "")
    admin1 = getattr(place, "admin1", "")
    return f"{country}.{admin1}" if country and admin1 else ""


def count_by(incidents: gpd.GeoDataFrame, by: str | gpd.GeoDataFrame = "country", *,
             resolution: int = 5) -> gpd.GeoDataFrame:
    """Count incidents per area, most first; areas with no incident are left out.

    Parameters
    ----------
    incidents
        Incident frame (points).
    by
        ``"country"`` (Natural Earth polygons: ``iso_a2``, ``name``, ``count``, polygon),
        ``"admin1"`` (the first-level region of each incident's place in the gazetteer, or
        of the nearest town within 50 km; ``IQ.01``-style GeoNames keys; country-, sea-
        and region-wide incidents are left out; no polygons offline, so the geometry is the
        mean position of the incidents counted), ``"hex"`` (H3 cells at ``resolution``: ``h3``, ``count``,
        hexagon), or a GeoDataFrame of polygons (its columns, plus ``count``).
    resolution
        H3 resolution for ``by="hex"`` (0 coarsest .. 15 finest).

    Returns
    -------
    geopandas.GeoDataFrame
        One row per area, with a ``count`` column; savable with ``write_incidents``.

    Examples
    --------
    >>> from shapely.geometry import box
    >>> from geomap.incidents import Incident, incidents_frame
    >>> gdf = incidents_frame([Incident("d", "s", "A", "assault", "P", 1, 1, "point")])
    >>> layer = gpd.GeoDataFrame({"zone": ["a", "b"]}, geometry=[box(0, 0, 2, 2),
    ...                          box(5, 5, 6, 6)], crs="EPSG:4326")
    >>> count_by(gdf, layer)[["zone", "count"]].values.tolist()
    [['a', 1]]
    """
    incidents = _points(incidents)
    if isinstance(by, gpd.GeoDataFrame):
        return _count_layer(incidents, by)
    if by == "country":
        return _count_countries(incidents)
    if by == "hex":
        return _count_hex(incidents, int(resolution))
    if by == "admin1":
        return _count_admin1(incidents)
    raise QueryError(f"cannot count by {by!r}: use country, admin1, hex, or a polygon layer")
