"""Incidents from wherever they are kept: an incident file, a batch store, a PostGIS table.

:func:`is_incident_source` tells such a source from an article (text, HTML, a JSONL/CSV
feed); :func:`read_source` reads one, narrowing a PostGIS table in the database by the
query's area; :func:`read_sources` reads several (or frames already in memory) into one
EPSG:4326 frame.

Examples
--------
>>> is_incident_source("store.parquet"), is_incident_source("article.txt")
(True, False)
>>> from geomap.incidents import incidents_frame
>>> len(read_sources([incidents_frame([])]))
0
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, TypeAlias

import geopandas as gpd
import pandas as pd

from geomap.crs import WGS84, to_wgs84
from geomap.incidents import empty_incidents
from geomap.store import is_database_url
from geomap.tools.selection import Query, parse_bbox

if TYPE_CHECKING:
    from geomap.resources import Resources

__all__ = ["Source", "is_incident_source", "read_source", "read_sources"]

#: Where incidents come from: a path or URL (:func:`read_source`) or a frame in memory.
Source: TypeAlias = str | Path | gpd.GeoDataFrame

_FILE_SUFFIXES = frozenset({".parquet", ".geoparquet", ".gpkg", ".geojson", ".shp", ".kml"})


def is_incident_source(spec: str) -> bool:
    """Tell whether ``spec`` holds incidents (not articles).

    True for a ``postgresql://`` URL, a folder written by ``geomap batch`` (it holds
    ``_progress.jsonl`` or ``.parquet`` partitions), an incident file (``.parquet``,
    ``.gpkg``, ``.geojson``, ``.shp``, ``.kml``, a ``.json`` FeatureCollection), and a CSV
    with ``lon``/``lat`` or ``geometry`` columns and no ``text`` column (a CSV with ``text``
    is a feed of articles).
    """
    from geomap.store.parquet import PROGRESS_FILE

    if is_database_url(spec):
        return True
    path = Path(spec)
    if path.is_dir():
        return (path / PROGRESS_FILE).exists() or any(path.glob("*.parquet"))
    suffix = path.suffix.lower()
    if suffix in _FILE_SUFFIXES:
        return True
    if suffix == ".json" and path.is_file():  # GeoJSON under its other name
        with path.open(encoding="utf-8", errors="replace") as stream:
            return '"FeatureCollection"' in stream.read(4096)
    if suffix == ".csv" and path.is_file():
        with path.open(encoding="utf-8-sig", errors="replace", newline="") as stream:
            header = {name.strip().lower() for name in next(csv.reader(stream), [])}
        return "text" not in header and ("geometry" in header or {"lon", "lat"} <= header)
    return False


def read_source(spec: str | Path, *, table: str = "incidents", query: Query | None = None,
                resources: Resources | None = None) -> gpd.GeoDataFrame:
    """Read the incidents of an incident file, a batch store or a PostGIS table.

    With a PostGIS URL, ``query.near`` (or else ``within``, or else ``bbox``) narrows the
    rows in the database; :func:`~geomap.tools.selection.select_incidents` applies every
    filter afterwards anyway.
    """
    from geomap.io.incident_files import read_incidents
    from geomap.tools.database import read_database

    if not is_database_url(spec):
        return read_incidents(Path(spec))
    from geomap.tools import query as q
    from geomap.tools.areas import resolve_area, resolve_point

    sel = query or Query()
    near = within = None
    if sel.near is not None and sel.radius_km is not None:
        lon, lat, _ = resolve_point(sel.near, resources=resources)
        near = (lon, lat, sel.radius_km)
    elif sel.within:
        within = resolve_area(sel.within, resources=resources).geometry.union_all()
    elif sel.bbox:
        within = q.bbox_area(*parse_bbox(sel.bbox))
    return read_database(str(spec), table=table, near=near, within=within)


def read_sources(sources: Source | Iterable[Source], *, table: str = "incidents",
                 query: Query | None = None,
                 resources: Resources | None = None) -> gpd.GeoDataFrame:
    """Read every source (see :func:`read_source`; frames are taken as they are) into one
    frame in EPSG:4326."""
    items = [sources] if isinstance(sources, str | Path | gpd.GeoDataFrame) else list(sources)
    frames = [to_wgs84(item if isinstance(item, gpd.GeoDataFrame)
                       else read_source(item, table=table, query=query, resources=resources))
              for item in items]
    if len(frames) <= 1:
        return frames[0] if frames else empty_incidents()
    return gpd.GeoDataFrame(pd.concat(frames, ignore_index=True), crs=WGS84)
