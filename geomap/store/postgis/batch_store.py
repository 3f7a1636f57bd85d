"""A batch store in PostGIS: each partition committed in one transaction, so a run resumes.

Tables: ``<table>`` (incidents, upserted by ``incident_id``), ``<table>_done`` (document
keys with their content digests), ``<table>_failures``. A corrected article (its key done
with another digest) replaces its earlier incidents in the same transaction.

Examples
--------
>>> store = PostgisStore("postgresql://analyst:secret@db/news", table="reports")
>>> store.describe()
'user=analyst dbname=news host=db table reports (failures in reports_failures)'
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from geomap.store.postgis.connection import compose, connect, safe_url, table_exists
from geomap.store.postgis.write import upsert
from geomap.store.protocol import Failure, PartitionResult

if TYPE_CHECKING:
    import psycopg

__all__ = ["PostgisStore"]


class PostgisStore:
    """The :class:`~geomap.store.protocol.Store` of a ``postgresql://`` URL (see module doc).

    Parameters
    ----------
    url
        The database, ``postgresql://user@host:port/db``.
    table
        The incident table; its records are ``<table>_done`` and ``<table>_failures``.
    """

    def __init__(self, url: str, table: str = "incidents") -> None:
        self.url = url
        self.table = table
        self._conn: psycopg.Connection[Any] | None = None
        self._done: dict[str, str | None] = {}
        self._input_wheres: set[str] = set()

    def __repr__(self) -> str:
        return f"PostgisStore({safe_url(self.url)!r}, table={self.table!r})"

    @property
    def conn(self) -> psycopg.Connection[Any]:
        """The open connection (after :meth:`open`)."""
        if self._conn is None:
            raise RuntimeError("open the store first")
        return self._conn

    def open(self) -> None:
        """Connect, create the record tables when missing and read what is done."""
        self._conn = conn = connect(self.url)
        done, failures = f"{self.table}_done", f"{self.table}_failures"
        with conn.transaction():
            conn.execute("CREATE EXTENSION IF NOT EXISTS postgis")
            conn.execute(compose("CREATE TABLE IF NOT EXISTS {t} (key text PRIMARY KEY, "
                                 "partition text NOT NULL, committed timestamptz DEFAULT "
                                 "now())", t=done))
            conn.execute(compose("ALTER TABLE {t} ADD COLUMN IF NOT EXISTS digest text",
                                 t=done))
            conn.execute(compose("CREATE TABLE IF NOT EXISTS {t} (key text, \"where\" text, "
                                 "reason text, partition text, recorded timestamptz DEFAULT "
                                 "now())", t=failures))
        with conn.transaction():
            self._done = {r[0]: r[1] for r in conn.execute(
                compose("SELECT key, digest FROM {t}", t=done))}
            self._input_wheres = {r[0] for r in conn.execute(
                compose("SELECT \"where\" FROM {t} WHERE partition = ''", t=failures))}

    def done_keys(self) -> dict[str, str | None]:
        """Return each committed document's key with its content digest."""
        return self._done

    def totals(self) -> tuple[int, int, int]:
        """Return committed ``(documents, incidents, failures)``."""
        with self.conn.transaction():
            incidents = self._count(self.table) if table_exists(self.conn, self.table) else 0
            failures = self._count(f"{self.table}_failures")
        return len(self._done), incidents, failures

    def _count(self, table: str) -> int:
        row = self.conn.execute(compose("SELECT count(*) FROM {t}", t=table)).fetchone()
        return int(row[0]) if row else 0

    def _insert_failures(self, failures: Iterable[Failure]) -> None:
        rows = [(f.key, f.where, f.reason, f.partition) for f in failures]
        if rows:
            with self.conn.cursor() as cur:
                cur.executemany(compose("INSERT INTO {t} (key, \"where\", reason, partition) "
                                        "VALUES (%s, %s, %s, %s)", t=f"{self.table}_failures"),
                                rows)

    def add_input_problems(self, failures: Iterable[Failure]) -> int:
        """Record input rows that were skipped (once each); return how many were new."""
        new = [f for f in failures if f.where not in self._input_wheres]
        with self.conn.transaction():
            self._insert_failures(new)
        self._input_wheres.update(f.where for f in new)
        return len(new)

    def commit(self, result: PartitionResult) -> None:
        """Upsert one partition's incidents with its done keys and failures, atomically."""
        conn = self.conn
        digests = result.digests or (None,) * len(result.keys)
        with conn.transaction():
            if result.replaces and table_exists(conn, self.table):
                conn.execute(compose("DELETE FROM {t} WHERE doc_id = ANY(%s)", t=self.table),
                             [list(result.replaces)])
            upsert(conn, result.incidents, self.table)
            with conn.cursor() as cur:
                cur.executemany(compose("INSERT INTO {t} (key, partition, digest) "
                                        "VALUES (%s, %s, %s) ON CONFLICT (key) DO UPDATE SET "
                                        "partition = EXCLUDED.partition, "
                                        "digest = EXCLUDED.digest, committed = now()",
                                        t=f"{self.table}_done"),
                                [(key, result.partition, digest)
                                 for key, digest in zip(result.keys, digests, strict=True)])
            self._insert_failures(result.failures)
        self._done.update(zip(result.keys, digests, strict=True))

    def close(self) -> None:
        """Close the connection."""
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def describe(self) -> str:
        """Say where the results are, for the summary line."""
        return f"{safe_url(self.url)} table {self.table} (failures in {self.table}_failures)"
