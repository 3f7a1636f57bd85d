"""The one coordinate reference system of geomap, and the one way frames are brought to it.

Incidents, areas and map layers are in EPSG:4326, coordinates in (lon, lat) order.
:func:`to_wgs84` is the one place a frame in another CRS is reprojected.

Examples
--------
>>> import geopandas as gpd
>>> from shapely.geometry import Point
>>> metres = gpd.GeoDataFrame(geometry=[Point(500000, 0)], crs="EPSG:32638")
>>> to_wgs84(metres).crs.to_string(), round(float(to_wgs84(metres).geometry.x[0]), 3)
('EPSG:4326', 45.0)
"""

from __future__ import annotations

from typing import TypeVar

import geopandas as gpd

__all__ = ["WGS84", "to_wgs84"]

#: The CRS of every incident, area and map layer: longitude, latitude in degrees.
WGS84 = "EPSG:4326"

Frame = TypeVar("Frame", gpd.GeoDataFrame, gpd.GeoSeries)


def to_wgs84(frame: Frame) -> Frame:
    """Return ``frame`` in EPSG:4326: reprojected when it has another CRS, as it is when it
    is already in EPSG:4326 or has no CRS (taken to be lon/lat degrees)."""
    if frame.crs is not None and not frame.crs.equals(WGS84):
        return frame.to_crs(WGS84)
    return frame
