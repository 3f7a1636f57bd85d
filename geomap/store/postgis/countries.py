"""Counting incidents per country in PostGIS, against the Natural Earth polygons.

The polygons are loaded into ``geomap_country_parts`` on first use, cut into pieces of at
most 256 vertices (``ST_Subdivide``): a point is then tested against one small piece, not a
whole coast.

Examples
--------
>>> with connect("postgresql://analyst@localhost/news") as conn:  # doctest: +SKIP
...     count_by_country_postgis(conn, cache_dir=Path("/data/geomap")).iloc[0][["iso_a2", "incidents"]].tolist()
['UA', 1]
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd
import shapely

from geomap.store.postgis.connection import compose, require_table, table_exists

if TYPE_CHECKING:
    import psycopg

__all__ = ["COUNTRIES_TABLE", "count_by_country_postgis"]

log = logging.getLogger(__name__)

#: The table of subdivided country polygons.
COUNTRIES_TABLE = "geomap_country_parts"


def _ensure_countries(conn: psycopg.Connection[Any], cache_dir: Path) -> None:
    """Load the country polygons (cached in ``cache_dir``) once, in their own transaction."""
    if table_exists(conn, COUNTRIES_TABLE):
        return
    from geomap.boundaries import country_polygons

    countries = country_polygons(cache_dir)
    log.info("loading %d country polygons into %s", len(countries), COUNTRIES_TABLE)
    with conn.transaction():
        conn.execute("CREATE TEMP TABLE _geomap_countries (iso_a2 text, iso_a3 text, "
                     "name text, geometry geometry(Geometry, 4326))")
        geometry = shapely.set_srid(countries.geometry.to_numpy(), 4326)
        with conn.cursor().copy("COPY _geomap_countries (iso_a2, iso_a3, name, geometry) "
                                "FROM STDIN") as copy:
            for row, geom in zip(countries[["iso_a2", "iso_a3", "name"]].itertuples(index=False),
                                 shapely.to_wkb(geometry, hex=True, include_srid=True),
                                 strict=True):
                copy.write_row((*row, geom))
        conn.execute(compose("CREATE TABLE {t} AS SELECT iso_a2, iso_a3, name, "
                             "ST_Subdivide(geometry, 256) AS geometry FROM _geomap_countries",
                             t=COUNTRIES_TABLE))
        conn.execute("DROP TABLE _geomap_countries")
        conn.execute(compose("CREATE INDEX {i} ON {t} USING GIST (geometry)",
                             i=f"{COUNTRIES_TABLE}_gist", t=COUNTRIES_TABLE))
        conn.execute(compose("ANALYZE {t}", t=COUNTRIES_TABLE))


def count_by_country_postgis(conn: psycopg.Connection[Any], table: str = "incidents", *,
                             cache_dir: Path) -> pd.DataFrame:
    """Count incidents per country polygon (Natural Earth admin-0, cached in ``cache_dir``,
    a run's :attr:`geomap.settings.Settings.cache_dir`), most first.

    The join (``ST_Intersects``) runs in the database. Incidents at sea fall in no country
    and are not counted.

    Returns
    -------
    pandas.DataFrame
        Columns ``iso_a2``, ``name``, ``incidents``.
    """
    require_table(conn, table)
    _ensure_countries(conn, cache_dir)
    cursor = conn.execute(
        compose("SELECT c.iso_a2, c.name, count(DISTINCT i.incident_id) AS incidents "
                "FROM {t} AS i "
                "JOIN {c} AS c ON ST_Intersects(c.geometry, i.geometry) "
                "GROUP BY c.iso_a2, c.name ORDER BY incidents DESC, c.iso_a2",
                t=table, c=COUNTRIES_TABLE))
    return pd.DataFrame(cursor.fetchall(), columns=["iso_a2", "name", "incidents"])
