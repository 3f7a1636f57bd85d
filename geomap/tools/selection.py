"""Incidents from wherever they are kept, narrowed by the query filters.

``geomap query`` and ``geomap map`` read the same sources (an incident file, a batch store,
a PostGIS URL) and apply the same filters, through the two functions here:
:func:`read_source` and :func:`select_incidents`. :func:`is_incident_source` tells such a
source from an article (text, HTML, a JSONL/CSV feed).

Examples
--------
>>> from geomap.incidents import Incident, incidents_frame
>>> gdf = incidents_frame([Incident("d", "s", "Iran", "assault", "Idlib", 36.63, 35.93,
...     "point", date="2024-01-16"), Incident("d", "t", "Iraq", "protest", "Basra", 47.78,
...     30.51, "point", date="2024-02-01")])
>>> frame, areas = select_incidents(gdf, Selection(since="2024-01-01", until="2024-01-31"))
>>> frame["place_name"].tolist(), areas
(['Idlib'], [])
>>> is_incident_source("store.parquet"), is_incident_source("article.txt")
(True, False)
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd

from geomap.errors import QueryError
from geomap.store import is_database_url

__all__ = ["Selection", "is_incident_source", "parse_bbox", "read_source", "select_incidents"]

_FILE_SUFFIXES = frozenset({".parquet", ".geoparquet", ".gpkg", ".geojson", ".shp", ".kml"})


@dataclass(frozen=True, slots=True)
class Selection:
    """The filters of ``geomap query`` and ``geomap map``; all given ones must hold.

    ``within`` is a country, region or place name, or a polygon file; ``near`` a place or
    ``LAT,LON`` with ``radius_km``; ``bbox`` ``W,S,E,N`` in degrees. The attribute filters
    are those of :func:`geomap.tools.query.filter_incidents`.
    """

    actor: tuple[str, ...] = ()
    action: tuple[str, ...] = ()
    country: tuple[str, ...] = ()
    since: str | None = None
    until: str | None = None
    min_confidence: float | None = None
    within: str | None = None
    bbox: str | None = None
    near: str | None = None
    radius_km: float | None = None

    def __post_init__(self) -> None:
        if (self.near is None) != (self.radius_km is None):
            raise QueryError("--near and --radius-km go together: --near PLACE --radius-km N")


def parse_bbox(text: str) -> tuple[float, float, float, float]:
    """Return ``(W, S, E, N)`` from ``"W,S,E,N"``.

    >>> parse_bbox("38, 29, 49, 38")
    (38.0, 29.0, 49.0, 38.0)
    """
    parts = [p for p in text.replace(" ", ",").split(",") if p]
    try:
        w, s, e, n = (float(p) for p in parts)
    except ValueError:
        raise QueryError(f"--bbox {text!r} must be four numbers W,S,E,N "
                         "(for example 38,29,49,38)") from None
    return w, s, e, n


def is_incident_source(spec: str) -> bool:
    """Tell whether ``spec`` holds incidents (not articles).

    True for a ``postgresql://`` URL, a folder written by ``geomap batch`` (it holds
    ``_progress.jsonl`` or ``.parquet`` partitions), an incident file (``.parquet``,
    ``.gpkg``, ``.geojson``, ``.shp``, ``.kml``, a ``.json`` FeatureCollection), and a CSV with ``lon``/``lat`` or
    ``geometry`` columns and no ``text`` column (a CSV with ``text`` is a feed of articles).
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


def read_source(spec: str, *, table: str = "incidents",
                selection: Selection | None = None) -> gpd.GeoDataFrame:
    """Read the incidents of an incident file, a batch store or a PostGIS table.

    With a PostGIS URL, ``selection.near`` (or else ``within``, or else ``bbox``) narrows the
    rows in the database; :func:`select_incidents` applies every filter afterwards anyway.
    """
    from geomap.io.incident_files import read_incidents
    from geomap.tools.database import read_database

    if not is_database_url(spec):
        return read_incidents(Path(spec))
    from geomap.tools import query as q
    from geomap.tools.areas import resolve_area, resolve_point

    sel = selection or Selection()
    near = within = None
    if sel.near is not None and sel.radius_km is not None:
        lon, lat, _ = resolve_point(sel.near)
        near = (lon, lat, sel.radius_km)
    elif sel.within:
        within = resolve_area(sel.within).geometry.union_all()
    elif sel.bbox:
        within = q.bbox_area(*parse_bbox(sel.bbox))
    return read_database(spec, table=table, near=near, within=within)


def select_incidents(frame: gpd.GeoDataFrame,
                     selection: Selection) -> tuple[gpd.GeoDataFrame, list[gpd.GeoDataFrame]]:
    """Apply the filters: attributes first, then ``within``, ``bbox`` and ``near``.

    Returns
    -------
    tuple
        The matching incidents (with ``distance_km`` after ``near``), and the query areas
        (one GeoDataFrame each, with a ``name``), to draw on a map.
    """
    from geomap.tools import query as q
    from geomap.tools.areas import area_frame, resolve_area, resolve_point
    from geomap.tools.geodesy import geodesic_circle

    sel = selection
    frame = q.filter_incidents(frame, actor=sel.actor, action=sel.action, country=sel.country,
                               since=sel.since, until=sel.until,
                               min_confidence=sel.min_confidence)
    areas: list[gpd.GeoDataFrame] = []
    if sel.within:
        area = resolve_area(sel.within)
        frame = q.within(frame, area)
        areas.append(area)
    if sel.bbox:
        box = parse_bbox(sel.bbox)
        frame = q.bbox(frame, *box)
        areas.append(area_frame(q.bbox_area(*box), f"bbox {sel.bbox}"))
    if sel.near is not None and sel.radius_km is not None:
        lon, lat, label = resolve_point(sel.near)
        frame = q.near(frame, (lon, lat), sel.radius_km)
        areas.append(area_frame(geodesic_circle(lon, lat, sel.radius_km * 1000.0),
                                f"{sel.radius_km:g} km around {label}"))
    return frame, areas
