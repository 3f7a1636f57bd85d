"""Reading incidents from PostGIS, narrowed in the database.

``near_postgis`` runs ``ST_DWithin`` on geography (the geography GiST index, metres on the
spheroid), ``within_postgis`` ``ST_Within`` (the geometry GiST index); only matching rows
come back. Points are given in (lon, lat) order, as everywhere in geomap.

Examples
--------
>>> with connect("postgresql://analyst@localhost/news") as conn:  # doctest: +SKIP
...     near_postgis(conn, 36.0, 50.0, radius_km=50)["place_name"].tolist()
['Kharkiv']
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import geopandas as gpd
import pandas as pd
import shapely
from shapely.geometry.base import BaseGeometry

from geomap.crs import WGS84
from geomap.errors import QueryError
from geomap.incidents import normalize_incidents
from geomap.store.postgis.connection import compose, raw, require_table

if TYPE_CHECKING:
    import psycopg
    from psycopg import sql

__all__ = ["near_postgis", "read_postgis_incidents", "within_postgis"]


def _select(conn: psycopg.Connection[Any], table: str, where: sql.Composable,
            params: Sequence[Any], extra: sql.Composable | None = None,
            order: sql.Composable | None = None) -> gpd.GeoDataFrame:
    require_table(conn, table)
    query = (raw("SELECT i.*, ST_AsBinary(i.geometry) AS geometry_wkb") + (extra or raw(""))
             + compose(" FROM {t} AS i WHERE ", t=table) + where + (order or raw("")))
    cursor = conn.execute(query, params)
    names = [d.name for d in cursor.description or []]
    frame = pd.DataFrame(cursor.fetchall(), columns=names).drop(columns=["geometry"])
    geometry = shapely.from_wkb(frame.pop("geometry_wkb").to_numpy())
    return normalize_incidents(gpd.GeoDataFrame(frame, geometry=geometry, crs=WGS84))


def read_postgis_incidents(conn: psycopg.Connection[Any],
                           table: str = "incidents") -> gpd.GeoDataFrame:
    """Return every incident of ``table`` as a GeoDataFrame (EPSG:4326)."""
    return _select(conn, table, raw("TRUE"), [])


def near_postgis(conn: psycopg.Connection[Any], lon: float, lat: float, radius_km: float,
                 table: str = "incidents") -> gpd.GeoDataFrame:
    """Incidents within ``radius_km`` of (``lon``, ``lat``), nearest first, on the geodesic.

    The result has a ``distance_km`` column.
    """
    if not radius_km > 0:
        raise QueryError("--radius-km must be a positive number of kilometres")
    if not (-180 <= lon <= 180 and -90 <= lat <= 90):
        raise QueryError(f"({lon}, {lat}) is not a lon/lat point: give lon in [-180, 180] "
                         "and lat in [-90, 90]")
    point = "ST_SetSRID(ST_MakePoint(%s, %s), 4326)::geography"
    return _select(
        conn, table,
        raw(f"ST_DWithin(i.geometry::geography, {point}, %s)"),
        [lon, lat, lon, lat, radius_km * 1000.0],
        extra=raw(f", ST_Distance(i.geometry::geography, {point}) / 1000.0 AS distance_km"),
        order=raw(" ORDER BY distance_km"),
    )


def within_postgis(conn: psycopg.Connection[Any], area: str | BaseGeometry,
                   table: str = "incidents") -> gpd.GeoDataFrame:
    """Incidents inside ``area`` (a WKT string or a shapely geometry in lon/lat degrees)."""
    if isinstance(area, str):
        try:
            area = shapely.from_wkt(area)
        except shapely.errors.GEOSException as err:
            raise QueryError(f"cannot read the area as WKT ({err}): give e.g. "
                             "'POLYGON((lon lat, ...))'") from err
    if area is None or area.is_empty:
        raise QueryError("the area is empty: give a polygon")
    return _select(conn, table, raw("ST_Within(i.geometry, ST_GeomFromWKB(%s, 4326))"),
                   [shapely.to_wkb(area)])
