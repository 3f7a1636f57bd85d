"""The gazetteer index: ranked candidate places for a name, read from the built SQLite file.

Examples
--------
>>> gaz = load_gazetteer()  # doctest: +SKIP
>>> gaz.candidates("Baghdad")[0].country_code  # doctest: +SKIP
'IQ'
"""

from __future__ import annotations

import functools
import logging
import math
import os
import sqlite3
import threading
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from geomap.errors import DataError
from geomap.gazetteer.build import CELL_DEGREES, cell_of, ensure_index
from geomap.gazetteer.names import (
    article_variant,
    normalize_name,
    split_key_qualifier,
    strip_area_suffix,
)
from geomap.geodesy import haversine_km
from geomap.places import ADMIN1_CODES, COUNTRY_CODES, Place
from geomap.settings import Settings, current_settings

__all__ = ["GazetteerIndex", "load_gazetteer"]

log = logging.getLogger(__name__)

_PLACE_COLUMNS = "p.pid, p.id, p.name, p.lat, p.lon, p.fclass, p.fcode, p.cc, p.admin1, " \
                 "p.population, p.geonameid"
# How much a candidate's score drops per e-fold of distance (km) from a ``near`` point.
_NEAR_WEIGHT = 1.0
# Feature classes of seas, deserts and named regions: a qualifier ("southern") before their
# name describes part of them rather than naming another place.
_AREA_CLASSES = frozenset({"H", "L", "T"})
# Score of a country reached through its demonym ("Iraqi"), the last resort of a lookup.
DEMONYM_SCORE = 1.0
# How far below a first-level division a town named after it may score and still win.
SEAT_MARGIN = 1.6


def _as_tuple(values: Iterable[str] | str | None) -> tuple[str, ...] | None:
    if values is None:
        return None
    if isinstance(values, str):
        values = [values]
    return tuple(sorted({v.upper() for v in values if v}))


def _prefer_seat(key: str, found: list[tuple[Place, float]]) -> list[tuple[Place, float]]:
    """Put a town ahead of the first-level division named after it ("Kirkuk", "Kherson").

    When the best match is a division and a populated place whose own name is ``key`` lies
    in it with a score within :data:`SEAT_MARGIN`, the reader almost always means the town.
    (A town reached through an alternate name, as New York City through "New York", does not
    displace the division.)
    """
    if len(found) < 2 or found[0][0].feature_code not in ADMIN1_CODES:
        return found
    division, top = found[0]
    for i, (place, score) in enumerate(found[1:], 1):
        if (place.feature_class == "P" and place.country_code == division.country_code
                and place.admin1 == division.admin1 and score >= top - SEAT_MARGIN
                and normalize_name(place.name) == key):
            return [(place, top), *found[:i], *found[i + 1:]]
    return found


class GazetteerIndex:
    """Read-only access to a built gazetteer index (see :func:`load_gazetteer`).

    Lookups go through an in-process LRU cache; the SQLite connection is opened lazily and
    again after a ``fork`` so that worker processes can share one loaded index object.

    Parameters
    ----------
    path : Path
        The index file written by :func:`geomap.gazetteer.build.build_index`.
    """

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._local = threading.local()
        self._countries: dict[str, Place] | None = None
        self._divisions: dict[tuple[str, str], Place] | None = None
        self._ranked = functools.lru_cache(maxsize=200_000)(self._ranked_uncached)
        self._places = functools.lru_cache(maxsize=200_000)(self._place_uncached)
        self._has_key = functools.lru_cache(maxsize=200_000)(self._has_key_uncached)
        self._demonym = functools.lru_cache(maxsize=20_000)(self._demonym_uncached)

    def __repr__(self) -> str:
        return f"GazetteerIndex({str(self.path)!r})"

    # -- connection -----------------------------------------------------------------------
    @property
    def _con(self) -> sqlite3.Connection:
        con = getattr(self._local, "con", None)
        if con is None or self._local.pid != os.getpid():
            try:
                con = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True,
                                      check_same_thread=False)
                # Memory-mapped reads: no read() call per B-tree page on a lookup.
                con.execute("PRAGMA mmap_size=268435456")
                con.execute("PRAGMA query_only=ON")
            except sqlite3.Error as err:
                raise DataError(f"cannot open the gazetteer index {str(self.path)!r} ({err}): "
                                "run `geomap gazetteer build --force`") from err
            self._local.con, self._local.pid = con, os.getpid()
        return con

    def _query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple]:
        try:
            return self._con.execute(sql, params).fetchall()
        except sqlite3.DatabaseError as err:
            raise DataError(f"the gazetteer index {str(self.path)!r} is broken ({err}): "
                            "run `geomap gazetteer build --force`") from err

    # -- lookups --------------------------------------------------------------------------
    @staticmethod
    def _row_place(row: Sequence[Any]) -> Place:
        return Place(id=row[1], name=row[2], lat=row[3], lon=row[4], feature_class=row[5],
                     feature_code=row[6], country_code=row[7], admin1=row[8],
                     population=row[9], geonameid=row[10])

    def _lookup_key(self, key: str, country_codes: tuple[str, ...] | None,
                    feature_classes: tuple[str, ...] | None,
                    limit: int) -> list[tuple[Place, float]]:
        # ``names`` is kept sorted by (key, score): the scan needs no sort; ties in score go
        # to the larger population, sorted here.
        sql = [(f"SELECT {_PLACE_COLUMNS}, n.score FROM names n JOIN places p ON p.pid = n.pid "
                "WHERE n.key = ?")]
        params: list[Any] = [key]
        if country_codes:
            sql.append(f"AND p.cc IN ({','.join('?' * len(country_codes))})")
            params.extend(country_codes)
        if feature_classes:
            sql.append(f"AND p.fclass IN ({','.join('?' * len(feature_classes))})")
            params.extend(feature_classes)
        sql.append("ORDER BY n.score DESC LIMIT ?")
        params.append(limit)
        found = [(self._row_place(row), row[11]) for row in self._query(" ".join(sql), params)]
        found.sort(key=lambda pair: (-pair[1], -pair[0].population))
        return found

    def _ranked_uncached(self, key: str, country_codes: tuple[str, ...] | None,
                         feature_classes: tuple[str, ...] | None,
                         limit: int) -> tuple[tuple[Place, float], ...]:
        wanted, limit = limit, max(limit, 10)
        found = self._lookup_key(key, country_codes, feature_classes, limit)
        qualifier, base = split_key_qualifier(key)
        if qualifier is not None:
            based = self._lookup_key(base, country_codes, feature_classes, limit)
            # "southern Red Sea" is the sea even though an Eritrean region has that alias;
            # "Northern Ireland", "South Sudan" and "East Africa" stay what they name.
            if based and (not found or (based[0][0].feature_class in _AREA_CLASSES
                                        and found[0][0].feature_class not in _AREA_CLASSES
                                        and based[0][1] > found[0][1])):
                found = based
        for fallback in (strip_area_suffix, article_variant):
            other = fallback(key) if not found else None
            if other is not None:
                found = self._lookup_key(other, country_codes, feature_classes, limit)
        if not found:
            found = self._demonym_country(key, country_codes, feature_classes)
        return tuple(_prefer_seat(key, found)[:wanted])

    def _demonym_country(self, key: str, country_codes: tuple[str, ...] | None,
                         feature_classes: tuple[str, ...] | None) -> list[tuple[Place, float]]:
        iso = self._demonym(key)
        country = self.country(iso) if iso else None
        if (country is None or (country_codes and country.country_code not in country_codes)
                or (feature_classes and country.feature_class not in feature_classes)):
            return []
        return [(country, DEMONYM_SCORE)]

    def ranked(self, name: str, *, country_codes: Iterable[str] | str | None = None,
               feature_classes: Iterable[str] | str | None = None,
               near: tuple[float, float] | None = None,
               limit: int = 20) -> list[tuple[Place, float]]:
        """Return ``(place, score)`` pairs for ``name``, best first.

        The score is the ranking prior (see :func:`geomap.gazetteer.build.prior`); with
        ``near=(lon, lat)`` it drops by the log of the distance in kilometres, so the nearer
        of two namesakes wins unless the other is much more prominent. A name with a
        directional qualifier ("southern Red Sea") that is not itself a place resolves to the
        base place, and so does one whose full name is only a
        lesser place than the water body or region it qualifies. When nothing matches, a
        trailing generic word is dropped ("Anbar province", "Ain al-Asad air base"), Arabic
        article spellings are matched ("Deir el-Zor" = "Deir al-Zor"), and last a demonym
        gives its country with a low score ("Iraqi" -> Iraq; "Houthi" gives nothing).

        Examples
        --------
        >>> gaz = load_gazetteer()  # doctest: +SKIP
        >>> [p.country_code for p, s in gaz.ranked("Paris", limit=2)]  # doctest: +SKIP
        ['FR', 'US']
        """
        key = normalize_name(name)
        if not key:
            return []
        pool = limit if near is None else max(limit, 50)
        found = list(self._ranked(key, _as_tuple(country_codes), _as_tuple(feature_classes),
                                  pool))
        if near is not None:
            lon, lat = near
            found = [(place, score - _NEAR_WEIGHT * math.log1p(
                haversine_km(lon, lat, place.lon, place.lat) / 100.0)) for place, score in found]
            found.sort(key=lambda pair: -pair[1])
        return found[:limit]

    def candidates(self, name: str, *, country_codes: Iterable[str] | str | None = None,
                   feature_classes: Iterable[str] | str | None = None,
                   near: tuple[float, float] | None = None, limit: int = 20) -> list[Place]:
        """Return the places ``name`` may refer to, best first (see :meth:`ranked`).

        Parameters
        ----------
        name : str
            The name as written ("U.S.", "Kiev", "southern Red Sea").
        country_codes : iterable of str, optional
            Keep only places in these ISO 3166-1 alpha-2 countries.
        feature_classes : iterable of str, optional
            Keep only these GeoNames feature classes (``A`` countries and regions, ``P``
            populated places, ``H`` water, ``L`` areas, ``S`` sites, ``T`` terrain).
        near : (lon, lat), optional
            Prefer places near this point.
        limit : int
            At most this many places.

        Examples
        --------
        >>> load_gazetteer().candidates("Georgia", country_codes=["US"])[0].name  # doctest: +SKIP
        'Georgia'
        """
        return [place for place, _ in self.ranked(name, country_codes=country_codes,
                                                  feature_classes=feature_classes, near=near,
                                                  limit=limit)]

    def has_name(self, text: str, *, local: bool = False) -> bool:
        """Return whether ``text`` (normalised) is exactly the name of some place; with
        ``local`` false (a capitalised word with nothing that says it is a place), of any
        place but a local division (``ADM3``: :mod:`geomap.gazetteer.divisions`), among
        which are many called "Refuge", "Revival" or "Old"."""
        key = normalize_name(text)
        return bool(key) and self._has_key(key, local)

    def _has_key_uncached(self, key: str, local: bool) -> bool:
        if local:
            return bool(self._query("SELECT 1 FROM names WHERE key = ? LIMIT 1", (key,)))
        return bool(self._query("SELECT 1 FROM names n JOIN places p ON p.pid = n.pid "
                                "WHERE n.key = ? AND p.fcode != 'ADM3' LIMIT 1", (key,)))

    def _place_uncached(self, place_id: str) -> Place | None:
        rows = self._query(f"SELECT {_PLACE_COLUMNS} FROM places p WHERE p.id = ?", (place_id,))
        return self._row_place(rows[0]) if rows else None

    def get(self, place_id: str) -> Place | None:
        """Return the place with this id (``gn:98182``, ``sup:red_sea``), or ``None``."""
        return self._places(place_id)

    def country(self, iso2: str) -> Place | None:
        """Return the country with ISO 3166-1 alpha-2 code ``iso2``, or ``None``."""
        if self._countries is None:
            codes = sorted(COUNTRY_CODES)
            rows = self._query(f"SELECT {_PLACE_COLUMNS} FROM places p WHERE p.fcode IN "
                               f"({','.join('?' * len(codes))})", codes)
            self._countries = {row[7]: self._row_place(row) for row in rows}
        return self._countries.get((iso2 or "").upper())

    def admin1(self, country_code: str, admin1: str) -> Place | None:
        """Return the first-level division with this GeoNames admin1 code, or ``None``.

        >>> load_gazetteer().admin1("US", "GA").name  # doctest: +SKIP
        'Georgia'
        """
        if self._divisions is None:
            rows = self._query(f"SELECT {_PLACE_COLUMNS} FROM places p WHERE p.fcode = 'ADM1'")
            self._divisions = {(row[7], row[8]): self._row_place(row) for row in rows}
        return self._divisions.get(((country_code or "").upper(), admin1 or ""))

    def towns(self, *, country_code: str | None = None, admin1: str | None = None,
              min_population: int = 0) -> list[Place]:
        """Return the populated places (feature class P) of a country or first-level division.

        Parameters
        ----------
        country_code, admin1
            ISO alpha-2 code and GeoNames admin1 code to keep (``None``: any).
        min_population
            The smallest population kept.

        Examples
        --------
        >>> [p.name for p in load_gazetteer().towns(min_population=10_000_000)][:1]  # doctest: +SKIP
        ['Shanghai']
        """
        sql = [(f"SELECT {_PLACE_COLUMNS} FROM places p WHERE p.fclass = 'P' "
                "AND p.population >= ?")]
        params: list[Any] = [min_population]
        if country_code is not None:
            sql.append("AND p.cc = ?")
            params.append(country_code.upper())
        if admin1 is not None:
            sql.append("AND p.admin1 = ?")
            params.append(admin1)
        return [self._row_place(row) for row in self._query(" ".join(sql), params)]

    def demonym(self, word: str) -> str | None:
        """Return the ISO alpha-2 code of the country a demonym names ("Iraqi" -> "IQ").

        Plurals work too ("Iraqis").

        Peoples and movements that are not countries ("Houthi", "Kurdish") give ``None``.
        """
        return self._demonym(normalize_name(word))

    def _demonym_uncached(self, key: str) -> str | None:
        rows = self._query("SELECT cc FROM demonyms WHERE key = ?", (key,))
        return rows[0][0] if rows else None

    def reverse(self, lon: float, lat: float, *, max_km: float = 300.0) -> Place | None:
        """Return the populated place nearest to ``(lon, lat)`` within ``max_km``, or ``None``."""
        reach = max(1, math.ceil(max_km / (111.0 * CELL_DEGREES)))
        best: tuple[float, Place] | None = None
        for ring in range(reach + 1):
            cells = {cell_of(lon + dx * CELL_DEGREES,
                             max(-89.999, min(89.999, lat + dy * CELL_DEGREES)))
                     for dy in range(-ring, ring + 1) for dx in range(-ring, ring + 1)
                     if max(abs(dy), abs(dx)) == ring}
            rows = self._query(f"SELECT {_PLACE_COLUMNS} FROM places p WHERE p.fclass = 'P' "
                               f"AND p.cell IN ({','.join('?' * len(cells))})", sorted(cells))
            for row in rows:
                dist = haversine_km(lon, lat, row[4], row[3])
                if dist <= max_km and (best is None or dist < best[0]):
                    best = (dist, self._row_place(row))
            # A place found in ring r is nearer than anything beyond ring r + 1.
            if best is not None and best[0] <= ring * 111.0 * CELL_DEGREES * \
                    math.cos(math.radians(min(89.0, abs(lat) + ring))):
                break
        return None if best is None else best[1]


@functools.lru_cache(maxsize=1)
def _load(path: str) -> GazetteerIndex:
    return GazetteerIndex(Path(path))


def load_gazetteer(settings: Settings | None = None) -> GazetteerIndex:
    """Return the gazetteer of the cache folder of ``settings`` (default
    :func:`geomap.settings.current_settings`), building its index on first use; one
    process reads one index once.

    Examples
    --------
    >>> load_gazetteer().country("IQ").name  # doctest: +SKIP
    'Iraq'
    """
    chosen = current_settings() if settings is None else settings
    return _load(str(ensure_index(chosen.cache_dir)))
