"""The offline gazetteer: every kind of place the news names, from packages and a supplement.

Examples
--------
>>> normalize_name("Sana'a")
'sanaa'
>>> load_gazetteer().candidates("Baghdad")[0].country_code  # doctest: +SKIP
'IQ'
"""

from __future__ import annotations

from geomap.gazetteer.build import build_index, index_file
from geomap.gazetteer.index import GazetteerIndex, haversine_km, load_gazetteer
from geomap.gazetteer.names import normalize_name

__all__ = [
    "GazetteerIndex",
    "build_index",
    "haversine_km",
    "index_file",
    "load_gazetteer",
    "normalize_name",
]
