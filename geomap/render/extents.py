"""Honest outlines for approximate places: what geomap knows of where a division lies.

No installed package carries named first-level division polygons (see GUIDE.md), so a
first-level division (``admin1``) is drawn as the extent of its known towns: the convex hull
of the gazetteer's populated places that carry its admin1 code, widened by a few kilometres
because towns sit inside the boundary. A division with fewer than three known towns, and a
region the gazetteer has only a point for, get no outline: the marker says "approximate", and
no made-up circle pretends to know more.

The extents of every division are computed once per gazetteer index (one pass over its
towns) and kept as GeoParquet in the cache folder.

Examples
--------
>>> extents = division_extents(load_gazetteer(), Path("/data/geomap"))  # doctest: +SKIP
>>> extents[("SY", "12")].contains(shapely.Point(36.63, 35.93))  # Idlib  # doctest: +SKIP
True
"""

from __future__ import annotations

import functools
import math
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import geopandas as gpd
import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from geomap.io.frame_cache import cached_geoparquet

if TYPE_CHECKING:
    from geomap.gazetteer import GazetteerIndex

__all__ = ["division_extents", "divisions_of"]

_MARGIN_DEG = 0.05  # about 5 km: the outermost towns lie inside the boundary, not on it
_MIN_TOWNS = 3
_REVERSE_KM = 30.0


@functools.lru_cache(maxsize=1)
def division_extents(gazetteer: GazetteerIndex,
                     cache_dir: Path) -> dict[tuple[str, str], BaseGeometry]:
    """Return ``{(country_code, admin1): extent}`` for every division of ``gazetteer`` with
    three known towns, cached in ``cache_dir``."""
    path = cache_dir / "render" / f"divisions-{gazetteer.path.stem}-{_MARGIN_DEG}.parquet"
    frame = cached_geoparquet(path, functools.partial(_build, gazetteer))
    return dict(zip(zip(frame["country"], frame["admin1"]), frame.geometry))


def _build(gazetteer: GazetteerIndex) -> gpd.GeoDataFrame:
    towns: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    for town in gazetteer.towns():
        if town.country_code and town.admin1:
            towns[(town.country_code, town.admin1)].append((town.lon, town.lat))
    keys = [key for key, points in towns.items() if len(points) >= _MIN_TOWNS]
    hulls = [shapely.MultiPoint(towns[key]).convex_hull for key in keys]
    return gpd.GeoDataFrame({"country": [k[0] for k in keys], "admin1": [k[1] for k in keys]},
                            geometry=shapely.buffer(hulls, _MARGIN_DEG, quad_segs=4),
                            crs="EPSG:4326")


def divisions_of(gazetteer: GazetteerIndex, geonameids: Sequence[object],
                 lons: Sequence[float], lats: Sequence[float]) -> list[tuple[str, str]]:
    """Return ``(country_code, admin1)`` of each place: by GeoNames id, else the nearest town
    of ``gazetteer``; ``("", "")`` where neither is known.

    >>> divisions_of(load_gazetteer(), [169387], [36.62], [35.83])  # doctest: +SKIP
    [('SY', '12')]
    """
    found = []
    for gid, lon, lat in zip(geonameids, lons, lats):
        place = None
        if isinstance(gid, (int, float, np.integer)) and not math.isnan(gid):
            place = gazetteer.get(f"gn:{int(gid)}")
        if place is None:
            place = gazetteer.reverse(float(lon), float(lat), max_km=_REVERSE_KM)
        found.append((place.country_code, place.admin1) if place is not None else ("", ""))
    return found
