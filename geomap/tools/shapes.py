"""Polygon helpers for fast point-in-polygon work: split big polygons into small pieces.

A country at 1:10m has tens of thousands of vertices and a bounding box that holds many
points outside it; cut into pieces of at most a few hundred vertices (as PostGIS
``ST_Subdivide`` does), each point is tested against one small piece with a tight box.

Examples
--------
>>> import shapely
>>> circle = shapely.Point(0, 0).buffer(10, quad_segs=512)
>>> pieces, owner = subdivide([circle], max_vertices=64)
>>> len(pieces) > 1, set(owner.tolist()), round(shapely.union_all(pieces).area / circle.area, 6)
(True, {0}, 1.0)
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import shapely
from numpy.typing import NDArray
from shapely.geometry.base import BaseGeometry

__all__ = ["polygon_parts", "subdivide"]

_MAX_DEPTH = 12


def polygon_parts(geom: BaseGeometry) -> list[BaseGeometry]:
    """Return the polygons of ``geom`` (a polygon, multipolygon or collection), non-empty."""
    parts = shapely.get_parts(geom)
    return [p for p in parts if p.geom_type == "Polygon" and not p.is_empty] + [
        q for p in parts if p.geom_type in {"MultiPolygon", "GeometryCollection"}
        for q in polygon_parts(p)
    ]


def _split(geom: BaseGeometry, max_vertices: int, depth: int) -> list[BaseGeometry]:
    if shapely.get_num_coordinates(geom) <= max_vertices or depth >= _MAX_DEPTH:
        return [geom]
    west, south, east, north = geom.bounds
    pieces: list[BaseGeometry] = []
    if east - west >= north - south:
        middle = (west + east) / 2
        halves = ((west, south, middle, north), (middle, south, east, north))
    else:
        middle = (south + north) / 2
        halves = ((west, south, east, middle), (west, middle, east, north))
    for box in halves:
        half = shapely.clip_by_rect(geom, *box)
        for part in polygon_parts(half):
            pieces.extend(_split(part, max_vertices, depth + 1))
    return pieces


def subdivide(geoms: Sequence[BaseGeometry] | NDArray[np.object_],
              max_vertices: int = 256) -> tuple[NDArray[np.object_], NDArray[np.intp]]:
    """Cut polygons into pieces of at most ``max_vertices`` vertices.

    Returns
    -------
    pieces, owner
        The pieces, and for each piece the position in ``geoms`` of the polygon it came
        from. Together the pieces of a polygon cover exactly that polygon.
    """
    pieces: list[BaseGeometry] = []
    owner: list[int] = []
    for position, geom in enumerate(geoms):
        if geom is None or geom.is_empty:
            continue
        for part in polygon_parts(geom):
            cut = _split(part, max_vertices, 0)
            pieces.extend(cut)
            owner.extend([position] * len(cut))
    return np.asarray(pieces, dtype=object), np.asarray(owner, dtype=np.intp)
