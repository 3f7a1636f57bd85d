"""A GeoDataFrame computed once and kept as GeoParquet in the cache folder.

Examples
--------
>>> import tempfile, pathlib, geopandas as gpd, shapely
>>> path = pathlib.Path(tempfile.mkdtemp()) / "points.parquet"
>>> build = lambda: gpd.GeoDataFrame(geometry=[shapely.Point(44.4, 33.3)], crs="EPSG:4326")
>>> len(cached_geoparquet(path, build)), path.exists()
(1, True)
>>> cached_geoparquet(path, lambda: None).crs.to_epsg()  # read back, not rebuilt
4326
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

import geopandas as gpd

from geomap.io.atomic import atomic_path

__all__ = ["cached_geoparquet"]

log = logging.getLogger(__name__)


def cached_geoparquet(path: Path, build: Callable[[], gpd.GeoDataFrame]) -> gpd.GeoDataFrame:
    """Return the frame cached at ``path``, or ``build()`` it and cache it there.

    A broken cache file is rebuilt; a cache folder that cannot be written is only logged.
    """
    if path.exists():
        try:
            return gpd.read_parquet(path)
        except (OSError, ValueError) as err:
            log.warning("rebuilding the cached %s (%s)", path, err)
    frame = build()
    try:
        with atomic_path(path) as tmp:
            frame.to_parquet(tmp)
    except OSError as err:
        log.warning("cannot cache %s (%s)", path, err)
    return frame
