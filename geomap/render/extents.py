"""Honest outlines for approximate places: what geomap knows of where a division lies.

No installed package carries named first-level division polygons (see GUIDE.md), so a
first-level division (``admin1``) is drawn as the extent of its known towns: the convex hull
of the gazetteer's populated places that carry its admin1 code, widened by a few kilometres
because towns sit inside the boundary. A division with fewer than three known towns, and a
region the gazetteer has only a point for, get no outline: the marker says "approximate", and
no made-up circle pretends to know more.

Examples
--------
>>> division_extent("SY", "12").contains(shapely.Point(36.63, 35.93))  # doctest: +SKIP
True
"""

from __future__ import annotations

import functools
import logging
import math

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from geomap.errors import DataError

__all__ = ["division_extent", "division_of"]

log = logging.getLogger(__name__)

_MARGIN_DEG = 0.05  # about 5 km: the outermost towns lie inside the boundary, not on it
_MIN_TOWNS = 3
_REVERSE_KM = 30.0


@functools.lru_cache(maxsize=4096)
def division_extent(country_code: str, admin1: str) -> BaseGeometry | None:
    """Return the extent of a first-level division's known towns, or ``None``.

    Parameters
    ----------
    country_code, admin1
        ISO alpha-2 code and GeoNames admin1 code (``"SY"``, ``"12"`` for Idlib).
    """
    from geomap.gazetteer import load_gazetteer

    if not country_code or not admin1:
        return None
    try:
        towns = load_gazetteer().towns(country_code=country_code, admin1=admin1)
    except DataError as err:
        log.warning("no division outlines: %s", err)
        return None
    if len(towns) < _MIN_TOWNS:
        return None
    hull = shapely.convex_hull(shapely.multipoints([(t.lon, t.lat) for t in towns]))
    return hull.buffer(_MARGIN_DEG, quad_segs=4)


def division_of(geonameid: object, lon: float, lat: float) -> tuple[str, str]:
    """Return ``(country_code, admin1)`` of a place: by its GeoNames id, else the nearest town.

    >>> division_of(169387, 36.62, 35.83)  # doctest: +SKIP
    ('SY', '12')
    """
    from geomap.gazetteer import load_gazetteer

    try:
        gazetteer = load_gazetteer()
        place = None
        if isinstance(geonameid, (int, float, np.integer)) and not math.isnan(geonameid):
            place = gazetteer.get(f"gn:{int(geonameid)}")
        if place is None:
            place = gazetteer.reverse(lat, lon, max_km=_REVERSE_KM)
    except DataError as err:
        log.warning("no division outlines: %s", err)
        return "", ""
    return (place.country_code, place.admin1) if place is not None else ("", "")
