"""Incidents in PostGIS: upserts by ``incident_id``, spatial queries run in the database.

A table holds one row per incident, with the incident columns and a ``geometry(Point, 4326)``
column indexed twice with GiST: on the geometry (for ``ST_Within``) and on
``geometry::geography`` (for ``ST_DWithin`` in metres). Writing the same incidents again
updates their rows instead of adding new ones, so re-runs never duplicate.

Needs the ``postgis`` extra (psycopg 3) and a server with the PostGIS extension; for tests,
``scripts/postgis-start`` runs one from Debian's ``postgresql-15-postgis-3``.

Examples
--------
>>> from geomap.incidents import Incident, incidents_frame
>>> url = start_test_server_url()  # doctest: +SKIP
>>> gdf = incidents_frame([Incident("d1", "Shelling hit Kharkiv.", "Russia", "assault",
...                                 "Kharkiv", 36.23, 49.99, "point")])
>>> write_postgis(gdf, url)  # doctest: +SKIP
1
>>> near_postgis(url, 36.0, 50.0, radius_km=50)["place_name"].tolist()  # doctest: +SKIP
['Kharkiv']
>>> count_by_country_postgis(url).iloc[0][["iso_a2", "incidents"]].tolist()  # doctest: +SKIP
['UA', 1]
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.geometry.base import BaseGeometry

from geomap.batch.work import Failure, PartitionResult
from geomap.errors import GeomapError, OutputError, QueryError

if TYPE_CHECKING:
    import psycopg

__all__ = [
    "PostgisBatchStore",
    "count_by_country_postgis",
    "near_postgis",
    "read_postgis_incidents",
    "within_postgis",
    "write_postgis",
]

log = logging.getLogger(__name__)

COUNTRIES_TABLE = "geomap_country_parts"


_CONNECTIONS: dict[str, psycopg.Connection[Any]] = {}


@contextmanager
def _connect(url: str) -> Iterator[psycopg.Connection[Any]]:
    """Yield a connection to ``url``, kept open for the next call in this process (a new
    server process per call would load PostGIS again: tens of milliseconds). The block is
    one transaction: committed when it ends, rolled back on an error."""
    try:
        import psycopg
    except ImportError as err:
        raise GeomapError("PostGIS needs the postgis extra: pip install 'geomap[postgis]'"
                          ) from err
    conn = _CONNECTIONS.get(url)
    if conn is None or conn.closed or conn.broken:
        try:
            conn = psycopg.connect(url, connect_timeout=20)
        except psycopg.OperationalError as err:
            detail = " ".join(str(err).split())[:200]
            raise OutputError(f"cannot connect to PostGIS at {_safe(url)} ({detail}): start "
                              "the server or check the URL") from err
        _CONNECTIONS[url] = conn
    try:
        yield conn
    except BaseException:
        if not conn.closed:
            conn.rollback()
        raise
    conn.commit()


def _safe(url: str) -> str:
    """The URL without its password, for messages."""
    from psycopg.conninfo import conninfo_to_dict, make_conninfo

    try:
        parts = conninfo_to_dict(url)
    except Exception:  # noqa: BLE001  (an unparsable URL: say nothing of it)
        return "the given URL"
    parts.pop("password", None)
    return make_conninfo("", **{k: v for k, v in parts.items() if v is not None})


def _ident(name: str) -> Any:
    from psycopg import sql

    return sql.Identifier(name)


def _sql(template: str, **names: str) -> Any:
    """Compose SQL with quoted identifiers: ``_sql("SELECT * FROM {t}", t="incidents")``."""
    from psycopg import sql

    return sql.SQL(template).format(**{k: _ident(v) for k, v in names.items()})


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


def _is_na(value: object) -> bool:
    return not isinstance(value, list | tuple | np.ndarray) and bool(pd.isna(value))


def _ensure_table(conn: psycopg.Connection[Any], gdf: gpd.GeoDataFrame, table: str) -> None:
    """Create the table and its indexes when missing; add any new column of ``gdf``."""
    if "incident_id" not in gdf.columns:
        raise QueryError("the incidents have no incident_id column: make them with "
                         "geomap.incidents.incidents_frame")
    conn.execute("CREATE EXTENSION IF NOT EXISTS postgis")
    conn.execute(_sql("CREATE TABLE IF NOT EXISTS {t} (incident_id text PRIMARY KEY, "
                      "geometry geometry(Point, 4326) NOT NULL)", t=table))
    for column in gdf.columns:
        if column in {"incident_id", gdf.geometry.name}:
            continue
        conn.execute(_sql("ALTER TABLE {t} ADD COLUMN IF NOT EXISTS {c} ", t=table, c=column)
                     + _raw(_column_type(gdf[column])))
    conn.execute(_sql("CREATE INDEX IF NOT EXISTS {i} ON {t} USING GIST (geometry)",
                      i=f"{table}_geometry_gist", t=table))
    conn.execute(_sql("CREATE INDEX IF NOT EXISTS {i} ON {t} USING GIST "
                      "((geometry::geography))", i=f"{table}_geography_gist", t=table))


def _raw(text: str) -> Any:
    from psycopg import sql

    return sql.SQL(text)


def _column_values(series: pd.Series) -> list[Any]:
    """The column as plain Python values: ``None`` for missing ones, lists for arrays."""
    values: list[Any] = series.astype(object).where(series.notna(), None).tolist()
    first = next((v for v in values if v is not None), None)
    if isinstance(first, np.ndarray | tuple):
        values = [None if v is None else list(v) for v in values]
    return values


def _rows(gdf: gpd.GeoDataFrame, columns: Sequence[str]) -> Iterator[tuple[Any, ...]]:
    geometry = gdf.geometry.to_crs(4326) if gdf.crs and gdf.crs.to_epsg() != 4326 else gdf.geometry
    wkb = shapely.to_wkb(shapely.set_srid(geometry.to_numpy(), 4326), hex=True,
                         include_srid=True)
    return zip(*(_column_values(gdf[c]) for c in columns), wkb.tolist(), strict=True)


def _upsert(conn: psycopg.Connection[Any], gdf: gpd.GeoDataFrame, table: str) -> int:
    if not len(gdf):
        return 0
    _ensure_table(conn, gdf, table)
    columns = [c for c in gdf.columns if c != gdf.geometry.name]
    names = columns + ["geometry"]
    col_list = _raw(", ").join(_ident(c) for c in names)
    conn.execute(_sql("CREATE TEMP TABLE IF NOT EXISTS {s} (LIKE {t})", s="_geomap_stage",
                      t=table))
    conn.execute(_sql("TRUNCATE {s}", s="_geomap_stage"))
    with conn.cursor().copy(_sql("COPY {s} (", s="_geomap_stage") + col_list
                            + _raw(") FROM STDIN")) as copy:
        for row in _rows(gdf, columns):
            copy.write_row(row)
    updates = _raw(", ").join(_sql("{c} = EXCLUDED.{c}", c=c) for c in names
                              if c != "incident_id")
    conn.execute(_sql("INSERT INTO {t} (", t=table) + col_list
                 + _sql(") SELECT DISTINCT ON (incident_id) ", t=table) + col_list
                 + _sql(" FROM {s} ON CONFLICT (incident_id) DO UPDATE SET ", s="_geomap_stage")
                 + updates)
    return len(gdf)


def write_postgis(gdf: gpd.GeoDataFrame, url: str, table: str = "incidents") -> int:
    """Upsert incidents into a PostGIS table (created with its indexes when missing).

    Parameters
    ----------
    gdf
        Incidents as made by :func:`geomap.incidents.incidents_frame` (extra columns become
        new table columns).
    url
        A ``postgresql://user@host:port/db`` URL.
    table
        Table name.

    Returns
    -------
    int
        Rows written (inserted or updated).
    """
    with _connect(url) as conn:
        return _upsert(conn, gdf, table)


def _frame(cursor: psycopg.Cursor[Any]) -> gpd.GeoDataFrame:
    names = [d.name for d in cursor.description or []]
    frame = pd.DataFrame(cursor.fetchall(), columns=names)
    geometry = shapely.from_wkb(frame.pop("geometry_wkb").to_numpy())
    gdf = gpd.GeoDataFrame(frame, geometry=geometry, crs="EPSG:4326")
    if "geonameid" in gdf.columns:
        gdf["geonameid"] = gdf["geonameid"].astype("Int64")
    return gdf


def _select(url: str, table: str, where: Any, params: Sequence[Any],
            extra: Any = None, order: Any = None) -> gpd.GeoDataFrame:
    query = (_sql("SELECT i.*, ST_AsBinary(i.geometry) AS geometry_wkb", t=table)
             + (extra or _raw("")) + _sql(" FROM {t} AS i WHERE ", t=table) + where
             + (order or _raw("")))
    with _connect(url) as conn:
        if not _table_exists(conn, table):
            raise QueryError(f"no table {table!r} in {_safe(url)}: write incidents there "
                             "first (geomap batch INPUT -o URL)")
        cursor = conn.execute(query, params)
        gdf = _frame(cursor)
    return gdf.drop(columns=["geometry"]).set_geometry(gdf.geometry) if "geometry" in gdf else gdf


def _table_exists(conn: psycopg.Connection[Any], table: str) -> bool:
    row = conn.execute("SELECT to_regclass(%s) IS NOT NULL", [table]).fetchone()
    return bool(row and row[0])


def read_postgis_incidents(url: str, table: str = "incidents") -> gpd.GeoDataFrame:
    """Return every incident of ``table`` as a GeoDataFrame (EPSG:4326)."""
    return _select(url, table, _raw("TRUE"), [])


def near_postgis(url: str, lon: float, lat: float, radius_km: float,
                 table: str = "incidents") -> gpd.GeoDataFrame:
    """Incidents within ``radius_km`` of (``lon``, ``lat``), nearest first, on the geodesic.

    Runs ``ST_DWithin`` on ``geography`` in the database (using the geography GiST index);
    the result has a ``distance_km`` column.
    """
    if not radius_km > 0:
        raise QueryError("--radius-km must be a positive number of kilometres")
    if not (-180 <= lon <= 180 and -90 <= lat <= 90):
        raise QueryError(f"({lon}, {lat}) is not a lon/lat point: give lon in [-180, 180] "
                         "and lat in [-90, 90]")
    point = "ST_SetSRID(ST_MakePoint(%s, %s), 4326)::geography"
    return _select(
        url, table,
        _raw(f"ST_DWithin(i.geometry::geography, {point}, %s)"),
        [lon, lat, lon, lat, radius_km * 1000.0],
        extra=_raw(f", ST_Distance(i.geometry::geography, {point}) / 1000.0 AS distance_km"),
        order=_raw(" ORDER BY distance_km"),
    )


def within_postgis(url: str, area: str | BaseGeometry,
                   table: str = "incidents") -> gpd.GeoDataFrame:
    """Incidents inside ``area`` (a WKT string or a shapely geometry in lon/lat degrees)."""
    if isinstance(area, str):
        try:
            area = shapely.from_wkt(area)
        except shapely.errors.GEOSException as err:
            raise QueryError(f"cannot read the area as WKT ({err}): give e.g. "
                             "'POLYGON((lon lat, ...))'") from err
    if area is None or area.is_empty:
        raise QueryError("the area is empty: give a polygon")
    return _select(url, table, _raw("ST_Within(i.geometry, ST_GeomFromWKB(%s, 4326))"),
                   [shapely.to_wkb(area)])


def _ensure_countries(conn: psycopg.Connection[Any]) -> None:
    """Load the country polygons once, cut into pieces of at most 256 vertices
    (``ST_Subdivide``): a point is then tested against one small piece, not a whole coast."""
    if _table_exists(conn, COUNTRIES_TABLE):
        return
    from geomap.boundaries import country_polygons

    countries = country_polygons()
    log.info("loading %d country polygons into %s", len(countries), COUNTRIES_TABLE)
    conn.execute("CREATE TEMP TABLE _geomap_countries (iso_a2 text, iso_a3 text, name text, "
                 "geometry geometry(Geometry, 4326)) ON COMMIT DROP")
    geometry = shapely.set_srid(countries.geometry.to_numpy(), 4326)
    with conn.cursor().copy("COPY _geomap_countries (iso_a2, iso_a3, name, geometry) "
                            "FROM STDIN") as copy:
        for row, geom in zip(countries[["iso_a2", "iso_a3", "name"]].itertuples(index=False),
                             shapely.to_wkb(geometry, hex=True, include_srid=True), strict=True):
            copy.write_row((*row, geom))
    conn.execute(_sql("CREATE TABLE {t} AS SELECT iso_a2, iso_a3, name, "
                      "ST_Subdivide(geometry, 256) AS geometry FROM _geomap_countries",
                      t=COUNTRIES_TABLE))
    conn.execute(_sql("CREATE INDEX {i} ON {t} USING GIST (geometry)",
                      i=f"{COUNTRIES_TABLE}_gist", t=COUNTRIES_TABLE))
    conn.execute(_sql("ANALYZE {t}", t=COUNTRIES_TABLE))


def count_by_country_postgis(url: str, table: str = "incidents") -> pd.DataFrame:
    """Count incidents per country polygon (Natural Earth admin-0), most first.

    The join runs in the database (``ST_Intersects`` with the Natural Earth polygons, loaded
    into ``geomap_country_parts`` on first use, subdivided for speed). Incidents at sea fall in
    no country and are not counted.

    Returns
    -------
    pandas.DataFrame
        Columns ``iso_a2``, ``name``, ``incidents``.
    """
    with _connect(url) as conn:
        if not _table_exists(conn, table):
            raise QueryError(f"no table {table!r} in {_safe(url)}: write incidents there "
                             "first (geomap batch INPUT -o URL)")
        _ensure_countries(conn)
        conn.commit()
        cursor = conn.execute(
            _sql("SELECT c.iso_a2, c.name, count(DISTINCT i.incident_id) AS incidents "
                 "FROM {t} AS i "
                 "JOIN {c} AS c ON ST_Intersects(c.geometry, i.geometry) "
                 "GROUP BY c.iso_a2, c.name ORDER BY incidents DESC, c.iso_a2",
                 t=table, c=COUNTRIES_TABLE))
        rows = cursor.fetchall()
    return pd.DataFrame(rows, columns=["iso_a2", "name", "incidents"])


class PostgisBatchStore:
    """A batch store in PostGIS: each partition's incidents, done keys and failures are
    committed in one transaction, so an interrupted ``geomap batch -o URL`` resumes exactly.

    Tables: ``<table>`` (incidents), ``<table>_done`` (document keys with their content
    digests), ``<table>_failures``. A corrected article (its key done with another digest)
    replaces its earlier incidents in the same transaction.
    """

    def __init__(self, url: str, table: str = "incidents") -> None:
        self.url = url
        self.table = table
        self._conn: psycopg.Connection[Any] | None = None
        self._done: dict[str, str | None] = {}
        self._input_wheres: set[str] = set()

    def __repr__(self) -> str:
        return f"PostgisBatchStore({_safe(self.url)!r}, table={self.table!r})"

    @property
    def conn(self) -> psycopg.Connection[Any]:
        """The open connection (after :meth:`open`)."""
        if self._conn is None:
            raise RuntimeError("open the store first")
        return self._conn

    def open(self) -> None:
        """Connect, create the record tables when missing and read what is done."""
        self._stack = _connect(self.url)
        self._conn = self._stack.__enter__()
        conn = self._conn
        conn.execute("CREATE EXTENSION IF NOT EXISTS postgis")
        conn.execute(_sql("CREATE TABLE IF NOT EXISTS {t} (key text PRIMARY KEY, "
                          "partition text NOT NULL, committed timestamptz DEFAULT now())",
                          t=f"{self.table}_done"))
        conn.execute(_sql("ALTER TABLE {t} ADD COLUMN IF NOT EXISTS digest text",
                          t=f"{self.table}_done"))
        conn.execute(_sql("CREATE TABLE IF NOT EXISTS {t} (key text, \"where\" text, "
                          "reason text, partition text, recorded timestamptz DEFAULT now())",
                          t=f"{self.table}_failures"))
        conn.commit()
        self._done = {r[0]: r[1] for r in conn.execute(_sql("SELECT key, digest FROM {t}",
                                                            t=f"{self.table}_done"))}
        self._input_wheres = {r[0] for r in conn.execute(
            _sql("SELECT \"where\" FROM {t} WHERE partition = ''", t=f"{self.table}_failures"))}

    def done_keys(self) -> dict[str, str | None]:
        """Return each committed document's key with its content digest."""
        return self._done

    def totals(self) -> tuple[int, int, int]:
        """Return committed ``(documents, incidents, failures)``."""
        conn = self.conn
        incidents = self._count(self.table) if _table_exists(conn, self.table) else 0
        failures = self._count(f"{self.table}_failures")
        conn.commit()
        return len(self._done), incidents, failures

    def _count(self, table: str) -> int:
        row = self.conn.execute(_sql("SELECT count(*) FROM {t}", t=table)).fetchone()
        return int(row[0]) if row else 0

    def _insert_failures(self, failures: Iterable[Failure]) -> None:
        rows = [(f.key, f.where, f.reason, f.partition) for f in failures]
        if rows:
            with self.conn.cursor() as cur:
                cur.executemany(_sql("INSERT INTO {t} (key, \"where\", reason, partition) "
                                     "VALUES (%s, %s, %s, %s)", t=f"{self.table}_failures"), rows)

    def add_input_problems(self, failures: Iterable[Failure]) -> int:
        """Record input rows that were skipped (once each); return how many were new."""
        new = [f for f in failures if f.where not in self._input_wheres]
        self._insert_failures(new)
        self.conn.commit()
        self._input_wheres.update(f.where for f in new)
        return len(new)

    def commit(self, result: PartitionResult) -> None:
        """Upsert one partition's incidents with its done keys and failures, atomically."""
        conn, part = self.conn, result.partition
        digests = part.digests or (None,) * len(part.keys)
        with conn.transaction():
            if part.replaces and _table_exists(conn, self.table):
                conn.execute(_sql("DELETE FROM {t} WHERE doc_id = ANY(%s)", t=self.table),
                             [list(part.replaces)])
            _upsert(conn, result.incidents, self.table)
            with conn.cursor() as cur:
                cur.executemany(_sql("INSERT INTO {t} (key, partition, digest) "
                                     "VALUES (%s, %s, %s) ON CONFLICT (key) DO UPDATE SET "
                                     "partition = EXCLUDED.partition, "
                                     "digest = EXCLUDED.digest, committed = now()",
                                     t=f"{self.table}_done"),
                                [(key, part.id, digest)
                                 for key, digest in zip(part.keys, digests, strict=True)])
            self._insert_failures(result.failures)
        conn.commit()
        self._done.update(zip(part.keys, digests, strict=True))

    def close(self) -> None:
        """Close the connection."""
        if self._conn is not None:
            self._stack.__exit__(None, None, None)
            self._conn = None

    def describe(self) -> str:
        """Say where the results are, for the summary line."""
        return f"{_safe(self.url)} table {self.table} (failures in {self.table}_failures)"
