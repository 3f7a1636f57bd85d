"""Incident stores, the one home of where incidents are kept between runs.

- :mod:`geomap.store.protocol`: the :class:`Store` protocol and what it commits.
- :mod:`geomap.store.parquet`: a folder of GeoParquet partitions (:class:`ParquetStore`).
- :mod:`geomap.store.postgis`: PostGIS, with read, write and query functions over a
  connection the caller opens (:func:`geomap.store.postgis.connect`), and the batch store.
- :func:`open_store`: the store for a folder path or a ``postgresql://`` URL.

Examples
--------
>>> import tempfile, pathlib
>>> store = open_store(pathlib.Path(tempfile.mkdtemp()) / "store")
>>> store
ParquetStore(...)
>>> open_store("postgresql://analyst@db/news", table="reports")
PostgisStore('...', table='reports')
"""

from __future__ import annotations

import os

from geomap.store.protocol import Failure, PartitionResult, Store, is_database_url

__all__ = ["Failure", "PartitionResult", "Store", "is_database_url", "open_store"]


def open_store(target: str | os.PathLike[str], *, table: str = "incidents") -> Store:
    """Return the store for ``target`` (not yet opened).

    Parameters
    ----------
    target
        A folder path (GeoParquet partitions) or a ``postgresql://`` URL.
    table
        The incident table, for a URL (its records go to ``<table>_done`` and
        ``<table>_failures``); a folder has no tables.
    """
    if is_database_url(target):
        from geomap.store.postgis import PostgisStore

        return PostgisStore(str(target), table=table)
    from geomap.store.parquet import ParquetStore

    return ParquetStore(target)
