"""The query plan: :func:`run_query` answers a :class:`~geomap.tools.selection.Query`.

The order is fixed, and the same from Python and from ``geomap query`` / ``geomap map``:

1. read the sources; a PostGIS table is narrowed in the database by the query's area
   (``near``, else ``within``, else ``bbox``: :func:`geomap.tools.sources.read_source`);
2. merge reports of one event when ``query.merge``;
3. filter: attributes, ``within``, ``bbox``, ``near``, then the ``nearest`` K;
4. summarise: ``count_by`` or ``hotspots``;
5. collect the areas to draw: each filter's area, and the summary's polygons.

Examples
--------
>>> from geomap.incidents import Incident, incidents_frame
>>> gdf = incidents_frame([
...     Incident("d", "s1", "Iran", "assault", "Erbil", 44.01, 36.19, "point"),
...     Incident("d", "s2", "Iran", "assault", "Suva", 178.44, -18.14, "point")])
>>> result = run_query(gdf, Query(bbox="40,30,50,40", action=("assault",)))
>>> result.incidents["place_name"].tolist(), result.total, result.areas["name"].tolist()
(['Erbil'], 2, ['bbox 40,30,50,40'])
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import geopandas as gpd
import pandas as pd

from geomap.crs import WGS84
from geomap.tools.selection import Query, select_incidents
from geomap.tools.sources import Source, read_sources

if TYPE_CHECKING:
    from geomap.resources import Resources

__all__ = ["Query", "QueryResult", "run_query"]


@dataclass(frozen=True, slots=True)
class QueryResult:
    """The answer to a query: the matching ``incidents``, how many were read (``total``),
    the ``summary`` (counts or hotspots, when asked) and the ``areas`` to draw (or ``None``).
    """

    incidents: gpd.GeoDataFrame
    total: int
    summary: gpd.GeoDataFrame | None
    areas: gpd.GeoDataFrame | None

    @property
    def result(self) -> gpd.GeoDataFrame:
        """The summary when there is one, else the incidents: what a query returns."""
        return self.incidents if self.summary is None else self.summary


def _summary(frame: gpd.GeoDataFrame, query: Query,
             resources: Resources) -> gpd.GeoDataFrame | None:
    from geomap.tools import query as q
    from geomap.tools.aggregate import BY_CHOICES
    from geomap.tools.areas import resolve_area

    if query.count_by:
        by: str | gpd.GeoDataFrame = query.count_by
        if query.count_by not in BY_CHOICES:
            by = resolve_area(query.count_by, resources=resources)
        return q.count_by(frame, by, resolution=query.hex_resolution, resources=resources)
    if query.hotspots:
        return q.hotspots(frame, eps_km=query.eps_km, min_samples=query.min_samples)
    return None


def run_query(source: Source | Iterable[Source], query: Query | None = None, *,
              table: str = "incidents", resources: Resources | None = None) -> QueryResult:
    """Answer ``query`` over ``source``: an incident file, a batch store, a
    ``postgresql://`` URL (``table``), an incident GeoDataFrame, or several of them.

    Parameters
    ----------
    source
        Where the incidents are (see :func:`geomap.tools.sources.read_sources`).
    query
        The question; ``Query()`` (everything) when ``None``.
    table
        The table of a PostGIS source.
    resources
        Where the gazetteer that resolves place names comes from (default
        :meth:`geomap.resources.Resources.load`), read only when a name is looked up.

    Returns
    -------
    QueryResult
    """
    from geomap.pipeline import merge_incidents
    from geomap.resources import Resources

    query, res = query or Query(), Resources.given(resources)
    frame = read_sources(source, table=table, query=query, resources=res)
    if query.merge:
        frame = merge_incidents([frame])
    total = len(frame)
    frame, areas = select_incidents(frame, query, resources=res)
    summary = _summary(frame, query, res)
    if summary is not None:
        polygons = summary[summary.geometry.geom_type.isin(["Polygon", "MultiPolygon"])]
        if len(polygons):
            areas.append(polygons)
    drawn = gpd.GeoDataFrame(pd.concat(areas, ignore_index=True), crs=WGS84) if areas else None
    return QueryResult(frame, total, summary, drawn)
