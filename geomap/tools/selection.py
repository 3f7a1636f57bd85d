"""The :class:`Query` value: every question ``geomap query`` and ``geomap map`` can ask.

A query is a plain frozen value: the filters (attributes, ``within``, ``bbox``,
``near``/``radius_km``), then the ``nearest`` K to a point, then at most one summary
(``count_by`` or ``hotspots``), and whether to ``merge`` reports of one event first.
:func:`select_incidents` applies its filters and ``nearest`` to a frame in memory;
:func:`geomap.tools.plan.run_query` runs the whole plan on a source.

Examples
--------
>>> from geomap.incidents import Incident, incidents_frame
>>> gdf = incidents_frame([Incident("d", "s", "Iran", "assault", "Idlib", 36.63, 35.93,
...     "point", date="2024-01-16"), Incident("d", "t", "Iraq", "protest", "Basra", 47.78,
...     30.51, "point", date="2024-02-01")])
>>> frame, areas = select_incidents(gdf, Query(since="2024-01-01", until="2024-01-31"))
>>> frame["place_name"].tolist(), areas
(['Idlib'], [])
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import geopandas as gpd

from geomap.errors import QueryError

if TYPE_CHECKING:
    from geomap.resources import Resources

__all__ = ["Query", "parse_bbox", "select_incidents"]


@dataclass(frozen=True, slots=True)
class Query:
    """A question asked of incidents; every filter given must hold.

    ``within`` is a country, region or place name, or a polygon file; ``near`` a place or
    ``LAT,LON`` with ``radius_km``; ``bbox`` ``W,S,E,N`` in degrees. The attribute filters
    are those of :func:`geomap.tools.query.filter_incidents`. ``nearest`` keeps the K
    incidents nearest to ``to`` among those left. ``count_by`` (``country``, ``admin1``,
    ``hex`` or an area name or file) or ``hotspots`` summarise the result. ``merge``
    collapses reports of one event (:func:`geomap.pipeline.merge_incidents`) before the
    filters: what a batch store holds per report, then reads as ``geomap extract`` gives it.
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
    nearest: int | None = None
    to: str | None = None
    count_by: str | None = None
    hex_resolution: int = 5
    hotspots: bool = False
    eps_km: float = 25.0
    min_samples: int = 5
    merge: bool = False

    def __post_init__(self) -> None:
        if (self.near is None) != (self.radius_km is None):
            raise QueryError("--near and --radius-km go together: --near PLACE --radius-km N")
        if (self.nearest is None) != (self.to is None):
            raise QueryError("--nearest and --to go together: --nearest K --to PLACE")
        if self.count_by and self.hotspots:
            raise QueryError("choose one of --count-by and --hotspots")


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


def select_incidents(frame: gpd.GeoDataFrame, query: Query, *,
                     resources: Resources | None = None,
                     ) -> tuple[gpd.GeoDataFrame, list[gpd.GeoDataFrame]]:
    """Apply the filters: attributes first, then ``within``, ``bbox``, ``near``, and last
    ``nearest`` among what is left. Place names are looked up in the gazetteer of
    ``resources`` (default :meth:`geomap.resources.Resources.load`).

    Returns
    -------
    tuple
        The matching incidents (with ``distance_km`` after ``near`` or ``nearest``), and the
        query areas (one GeoDataFrame each, with a ``name``), to draw on a map.
    """
    from geomap.geodesy import geodesic_circle
    from geomap.tools import query as q
    from geomap.tools.areas import area_frame, resolve_area, resolve_point

    frame = q.filter_incidents(frame, actor=query.actor, action=query.action,
                               country=query.country, since=query.since, until=query.until,
                               min_confidence=query.min_confidence)
    areas: list[gpd.GeoDataFrame] = []
    if query.within:
        area = resolve_area(query.within, resources=resources)
        frame = q.within(frame, area)
        areas.append(area)
    if query.bbox:
        box = parse_bbox(query.bbox)
        frame = q.bbox(frame, *box)
        areas.append(area_frame(q.bbox_area(*box), f"bbox {query.bbox}"))
    if query.near is not None and query.radius_km is not None:
        lon, lat, label = resolve_point(query.near, resources=resources)
        frame = q.near(frame, (lon, lat), query.radius_km)
        areas.append(area_frame(geodesic_circle(lon, lat, query.radius_km * 1000.0),
                                f"{query.radius_km:g} km around {label}"))
    if query.nearest is not None and query.to is not None:
        lon, lat, label = resolve_point(query.to, resources=resources)
        frame = q.nearest(frame, (lon, lat), query.nearest)
        if len(frame):
            reach = max(float(frame["distance_km"].max()), 1.0)
            areas.append(area_frame(geodesic_circle(lon, lat, reach * 1000.0),
                                    f"{len(frame)} nearest to {label}"))
    return frame, areas
