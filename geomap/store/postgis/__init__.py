"""Incidents in PostGIS: functions over a connection the caller opens, and the batch store.

Needs the ``postgis`` extra (psycopg 3) and a server with the PostGIS extension; for tests,
``scripts/postgis-start`` runs one from Debian's ``postgresql-15-postgis-3``. Open a
connection with :func:`connect` and pass it on, as with geopandas' ``read_postgis(sql,
con)``: the ``with`` block commits and closes it.

Examples
--------
>>> from geomap.incidents import Incident, incidents_frame
>>> gdf = incidents_frame([Incident("d1", "Shelling hit Kharkiv.", "Russia", "assault",
...                                 "Kharkiv", 36.23, 49.99, "point")])
>>> with connect("postgresql://analyst@localhost/news") as conn:  # doctest: +SKIP
...     write_postgis(gdf, conn)
...     near_postgis(conn, 36.0, 50.0, radius_km=50)["place_name"].tolist()
1
['Kharkiv']
"""

from __future__ import annotations

from geomap.store.postgis.batch_store import PostgisStore
from geomap.store.postgis.connection import connect
from geomap.store.postgis.countries import count_by_country_postgis
from geomap.store.postgis.read import near_postgis, read_postgis_incidents, within_postgis
from geomap.store.postgis.write import write_postgis

__all__ = ["PostgisStore", "connect", "count_by_country_postgis", "near_postgis",
           "read_postgis_incidents", "within_postgis", "write_postgis"]
