"""The disk cache of online geocoder answers: one SQLite file in the cache folder.

Answers, "not found" included, are kept as JSON so that a geocoder asked the same again
answers without the network (see :class:`geomap.geocoders.CachedGeocoder`).

Examples
--------
>>> from geopy import Location, Point
>>> answer = Location("Baghdad, Iraq", Point(33.34, 44.40), {"country_code": "IQ"})
>>> load_result(dump_result(answer)).raw == answer.raw, load_result(dump_result(None))
(True, None)
"""

from __future__ import annotations

import json
import sqlite3
import threading
from pathlib import Path
from typing import Any

from geopy import Location, Point

__all__ = ["ResultCache", "dump_result", "load_result"]


class ResultCache:
    """A small persistent cache of online geocoder answers (SQLite in the cache folder)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as con:
            con.execute("CREATE TABLE IF NOT EXISTS answers (key TEXT PRIMARY KEY, value TEXT)")

    def _connect(self) -> sqlite3.Connection:
        return sqlite3.connect(self.path, timeout=30)

    def get(self, key: str) -> Any:
        with self._lock, self._connect() as con:
            row = con.execute("SELECT value FROM answers WHERE key = ?", (key,)).fetchone()
        return None if row is None else json.loads(row[0])

    def put(self, key: str, value: Any) -> None:
        with self._lock, self._connect() as con:
            con.execute("INSERT OR REPLACE INTO answers VALUES (?, ?)", (key, json.dumps(value)))


def dump_result(result: Location | list[Location] | None) -> Any:
    """Return a geocoder answer (one location, a list, or ``None``) as JSON-ready lists."""
    if result is None:
        return None
    items = result if isinstance(result, list) else [result]
    dumped = [[loc.address, loc.latitude, loc.longitude, loc.raw] for loc in items]
    return dumped if isinstance(result, list) else dumped[0]


def load_result(value: Any) -> Location | list[Location] | None:
    """Return the answer that :func:`dump_result` gave ``value`` for."""
    if value is None:
        return None
    if value and isinstance(value[0], list):
        return [Location(a, Point(lat, lon), raw) for a, lat, lon, raw in value]
    address, lat, lon, raw = value
    return Location(address, Point(lat, lon), raw)
