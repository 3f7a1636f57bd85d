"""Writing incidents to PostGIS: upserts by ``incident_id`` through a staging table.

A table holds one row per incident, with the incident columns and a
``geometry(Point, 4326)`` column (NULL for an unlocated incident) indexed twice with GiST:
on the geometry (for ``ST_Within``) and on ``geometry::geography`` (for ``ST_DWithin`` in
metres). Writing the same incidents again updates their rows instead of adding new ones, so
re-runs never duplicate.

Examples
--------
Column types follow the frame's dtypes; lists (``sources``) become ``text[]``:

>>> _column_type(pd.Series([1, 2])), _column_type(pd.Series([["a.txt"], None]))
('bigint', 'text[]')
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geomap.crs import to_wgs84
from geomap.errors import QueryError
from geomap.store.postgis.connection import compose, raw

if TYPE_CHECKING:
    import psycopg

__all__ = ["upsert", "write_postgis"]


def _is_na(value: object) -> bool:
    return not isinstance(value, list | tuple | np.ndarray) and bool(pd.isna(value))


def _column_type(series: pd.Series) -> str:
    if pd.api.types.is_bool_dtype(series):
        return "boolean"
    if pd.api.types.is_integer_dtype(series):
        return "bigint"
    if pd.api.types.is_float_dtype(series):
        return "double precision"
    first = next((v for v in series if v is not None and not _is_na(v)), None)
    if isinstance(first, list | tuple | np.ndarray):
        return "text[]"
    return "text"


def _ensure_table(conn: psycopg.Connection[Any], gdf: gpd.GeoDataFrame, table: str) -> None:
    """Create the table and its indexes when missing; add any new column of ``gdf``."""
    if "incident_id" not in gdf.columns:
        raise QueryError("the incidents have no incident_id column: make them with "
                         "geomap.incidents.incidents_frame")
    conn.execute("CREATE EXTENSION IF NOT EXISTS postgis")
    conn.execute(compose("CREATE TABLE IF NOT EXISTS {t} (incident_id text PRIMARY KEY, "
                         "geometry geometry(Point, 4326))", t=table))
    for column in gdf.columns:
        if column in {"incident_id", gdf.geometry.name}:
            continue
        conn.execute(compose("ALTER TABLE {t} ADD COLUMN IF NOT EXISTS {c} ", t=table, c=column)
                     + raw(_column_type(gdf[column])))
    conn.execute(compose("CREATE INDEX IF NOT EXISTS {i} ON {t} USING GIST (geometry)",
                         i=f"{table}_geometry_gist", t=table))
    conn.execute(compose("CREATE INDEX IF NOT EXISTS {i} ON {t} USING GIST "
                         "((geometry::geography))", i=f"{table}_geography_gist", t=table))


def _column_values(series: pd.Series) -> list[Any]:
    """The column as plain Python values: ``None`` for missing ones, lists for arrays."""
    values: list[Any] = series.astype(object).where(series.notna(), None).tolist()
    first = next((v for v in values if v is not None), None)
    if isinstance(first, np.ndarray | tuple):
        values = [None if v is None else list(v) for v in values]
    return values


def _rows(gdf: gpd.GeoDataFrame, columns: Sequence[str]) -> Iterator[tuple[Any, ...]]:
    geometry = to_wgs84(gdf).geometry
    wkb = shapely.to_wkb(shapely.set_srid(geometry.to_numpy(), 4326), hex=True,
                         include_srid=True)
    return zip(*(_column_values(gdf[c]) for c in columns), wkb.tolist(), strict=True)


def upsert(conn: psycopg.Connection[Any], gdf: gpd.GeoDataFrame, table: str) -> int:
    """Upsert ``gdf`` into ``table`` in the open transaction of ``conn``; return the rows.

    The rows are copied into a temporary staging table, then inserted, each
    ``incident_id`` once, updating the rows that are already there.
    """
    if not len(gdf):
        return 0
    _ensure_table(conn, gdf, table)
    columns = [c for c in gdf.columns if c != gdf.geometry.name]
    names = columns + ["geometry"]
    col_list = raw(", ").join(compose("{c}", c=c) for c in names)
    stage = f"_geomap_stage_{table}"[:63]
    conn.execute(compose("CREATE TEMP TABLE IF NOT EXISTS {s} (LIKE {t})", s=stage, t=table))
    conn.execute(compose("TRUNCATE {s}", s=stage))
    with conn.cursor().copy(compose("COPY {s} (", s=stage) + col_list
                            + raw(") FROM STDIN")) as copy:
        for row in _rows(gdf, columns):
            copy.write_row(row)
    updates = raw(", ").join(compose("{c} = EXCLUDED.{c}", c=c) for c in names
                             if c != "incident_id")
    conn.execute(compose("INSERT INTO {t} (", t=table) + col_list
                 + raw(") SELECT DISTINCT ON (incident_id) ") + col_list
                 + compose(" FROM {s} ON CONFLICT (incident_id) DO UPDATE SET ", s=stage)
                 + updates)
    return len(gdf)


def write_postgis(gdf: gpd.GeoDataFrame, conn: psycopg.Connection[Any],
                  table: str = "incidents") -> int:
    """Upsert incidents into a PostGIS table (created with its indexes when missing).

    Parameters
    ----------
    gdf
        Incidents as made by :func:`geomap.incidents.incidents_frame` (extra columns become
        new table columns).
    conn
        A connection from :func:`geomap.store.postgis.connect`. The rows are written in one
        transaction (a savepoint when the caller has one open).
    table
        Table name.

    Returns
    -------
    int
        Rows written (inserted or updated).
    """
    with conn.transaction():
        return upsert(conn, gdf, table)
