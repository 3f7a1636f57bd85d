"""Spatial questions asked of a PostGIS table: the area tests run in the database.

For ``geomap query postgresql://...`` the rows are narrowed where the data lives:
``--near`` by ``ST_DWithin`` on geography, ``--within`` and ``--bbox`` by ``ST_Within``; only
the matching rows come back, and the usual in-memory filters then apply to them.

Examples
--------
>>> read_database("postgresql://analyst@db/news", near=(44.4, 33.3, 50.0))  # doctest: +SKIP
"""

from __future__ import annotations

import geopandas as gpd
from shapely.geometry.base import BaseGeometry

__all__ = ["read_database"]


def read_database(url: str, *, table: str = "incidents",
                  near: tuple[float, float, float] | None = None,
                  within: BaseGeometry | None = None) -> gpd.GeoDataFrame:
    """Return the incidents of ``table`` narrowed in the database, on one connection.

    Parameters
    ----------
    url
        A ``postgresql://`` URL.
    near
        ``(lon, lat, radius_km)``: keep incidents within that geodesic distance (the result
        has ``distance_km``).
    within
        A lon/lat geometry: keep incidents inside it. Applied after ``near`` in memory when
        both are given.
    """
    from geomap.store.postgis import connect, near_postgis, read_postgis_incidents, within_postgis

    with connect(url) as conn:
        if near is not None:
            return near_postgis(conn, *near, table=table)
        if within is not None:
            return within_postgis(conn, within, table=table)
        return read_postgis_incidents(conn, table=table)
