"""Hotspots: dense groups of incidents found by DBSCAN on great-circle distance, returned as
"incident areas" polygons.

Clustering uses scikit-learn's DBSCAN with the haversine metric on a ball tree, so ``eps``
is a true distance on the Earth, right across the antimeridian. Incidents at the same spot
(common: they sit on gazetteer points) are clustered once, with a weight. Each cluster's
area is the convex hull of its incidents buffered by half of ``eps``, drawn in an azimuthal
equidistant projection centred on the cluster (metres, no seam) and cut at 180 degrees.

Examples
--------
>>> from geomap.incidents import Incident, incidents_frame
>>> rows = [Incident("d", f"s{i}", "A", "assault", "Idlib", 36.6 + i / 100, 35.9, "point")
...         for i in range(6)]
>>> rows.append(Incident("d", "far", "B", "protest", "Oslo", 10.75, 59.91, "point"))
>>> areas = hotspots(incidents_frame(rows), eps_km=10, min_samples=3)
>>> areas[["hotspot", "count", "place"]].values.tolist()
[[1, 6, 'Idlib']]
>>> bool(areas.geometry.iloc[0].contains(__import__("shapely").Point(36.62, 35.9)))
True
"""

from __future__ import annotations

import logging

import geopandas as gpd
import numpy as np
import pandas as pd
import pyproj
import shapely
from numpy.typing import NDArray

from geomap.crs import to_wgs84
from geomap.errors import QueryError
from geomap.extras import require
from geomap.geodesy import (
    EARTH_RADIUS_M,
    fold_longitudes,
    local_metric_crs,
    spherical_mean,
)

__all__ = ["HOTSPOT_COLUMNS", "cluster_labels", "hotspots"]

log = logging.getLogger(__name__)

HOTSPOT_COLUMNS = ["hotspot", "count", "place", "top_actor", "top_action", "first_date",
                   "last_date", "lon", "lat", "area_km2", "geometry"]


def _check(eps_km: float, min_samples: int) -> None:
    if not (eps_km > 0 and np.isfinite(eps_km)):
        raise QueryError(f"eps {eps_km!r} km must be a positive distance: give --eps-km N")
    if int(min_samples) < 1:
        raise QueryError(f"min_samples {min_samples!r} must be >= 1: give --min-samples N")


def cluster_labels(incidents: gpd.GeoDataFrame, eps_km: float = 25.0,
                   min_samples: int = 5) -> NDArray[np.int64]:
    """Return a DBSCAN cluster label per incident (``-1`` for noise).

    Parameters
    ----------
    eps_km
        Neighbourhood radius, great-circle kilometres.
    min_samples
        Incidents (counting those at the same spot) needed within ``eps_km`` of a core
        incident.
    """
    _check(eps_km, min_samples)
    DBSCAN = require("sklearn.cluster", "query", "hotspots").DBSCAN
    incidents = to_wgs84(incidents)
    if incidents.empty:
        return np.empty(0, dtype=np.int64)
    geoms = incidents.geometry.values
    lon, lat = shapely.get_x(geoms), shapely.get_y(geoms)
    codes, unique = pd.factorize(lon + 1j * lat)
    weights = np.bincount(codes, minlength=len(unique))
    coords = np.radians(np.column_stack([unique.imag, unique.real]))
    model = DBSCAN(eps=eps_km * 1000.0 / EARTH_RADIUS_M, min_samples=int(min_samples),
                   metric="haversine", algorithm="ball_tree")
    labels = model.fit(coords, sample_weight=weights).labels_
    return labels[codes].astype(np.int64)


def _area(lon: NDArray[np.float64], lat: NDArray[np.float64],
          buffer_m: float) -> tuple[shapely.Geometry, float, float, float]:
    lon0, lat0 = spherical_mean(lon, lat)
    to_metric = pyproj.Transformer.from_crs(4326, local_metric_crs(lon0, lat0), always_xy=True)
    x, y = to_metric.transform(lon, lat)
    hull = shapely.multipoints(np.column_stack([x, y])).convex_hull
    area_m = hull.buffer(buffer_m, quad_segs=8)
    back = pyproj.Transformer.from_crs(local_metric_crs(lon0, lat0), 4326, always_xy=True)

    def to_lonlat(coords: NDArray[np.float64]) -> NDArray[np.float64]:
        lons, lats = back.transform(coords[:, 0], coords[:, 1])
        # Keep longitudes continuous around the centre; fold_longitudes cuts at 180 after.
        lons = lon0 + (np.asarray(lons) - lon0 + 180.0) % 360.0 - 180.0
        return np.column_stack([lons, lats])

    return fold_longitudes(shapely.transform(area_m, to_lonlat)), area_m.area / 1e6, lon0, lat0


def _top(values: pd.Series) -> str:
    values = values.fillna("").astype(str)
    values = values[values != ""]
    return str(values.value_counts().index[0]) if not values.empty else ""


def hotspots(incidents: gpd.GeoDataFrame, eps_km: float = 25.0,
             min_samples: int = 5) -> gpd.GeoDataFrame:
    """Return one polygon per dense group of incidents, largest first.

    Parameters
    ----------
    incidents
        Incident frame (points, any CRS).
    eps_km
        DBSCAN neighbourhood radius in great-circle kilometres.
    min_samples
        Incidents needed within ``eps_km`` for a core incident.

    Returns
    -------
    geopandas.GeoDataFrame
        ``hotspot`` (1 = largest), ``count``, the most frequent ``place``/``top_actor``/
        ``top_action``, ``first_date``/``last_date``, the centre ``lon``/``lat``,
        ``area_km2`` and the area polygon (EPSG:4326): an "incident areas" layer to save
        with :func:`geomap.io.incident_files.write_incidents`.
    """
    labels = cluster_labels(incidents, eps_km, min_samples)
    incidents = to_wgs84(incidents)
    found = np.unique(labels[labels >= 0])
    rows = []
    geoms = incidents.geometry.values
    for label in found:
        members = np.flatnonzero(labels == label)
        group = incidents.iloc[members]
        lon, lat = shapely.get_x(geoms[members]), shapely.get_y(geoms[members])
        polygon, area_km2, lon0, lat0 = _area(lon, lat, eps_km * 500.0)
        dates = group["date"].fillna("").astype(str) if "date" in group else pd.Series([""])
        dates = dates[dates != ""]
        rows.append({
            "count": len(members),
            "place": _top(group["place_name"]) if "place_name" in group else "",
            "top_actor": _top(group["actor"]) if "actor" in group else "",
            "top_action": _top(group["action"]) if "action" in group else "",
            "first_date": dates.min() if not dates.empty else "",
            "last_date": dates.max() if not dates.empty else "",
            "lon": lon0, "lat": lat0, "area_km2": area_km2, "geometry": polygon,
        })
    frame = pd.DataFrame(rows, columns=[c for c in HOTSPOT_COLUMNS if c != "hotspot"])
    frame = frame.sort_values("count", ascending=False, kind="stable").reset_index(drop=True)
    frame.insert(0, "hotspot", np.arange(1, len(frame) + 1))
    log.info("%d hotspots from %d incidents (%d not in any)", len(frame), len(labels),
             int((labels < 0).sum()))
    return gpd.GeoDataFrame(frame, geometry="geometry", crs="EPSG:4326")
