"""Country polygons for drawing: simplified Natural Earth shapes, cached on disk.

Dissolving the 1:10m Natural Earth countries takes seconds, so the simplified copy the map
draws is kept as GeoParquet in the cache folder the caller gives (a run's
:attr:`geomap.settings.Settings.cache_dir`) and read back in a fraction of that.

Examples
--------
>>> from geomap.settings import current_settings
>>> countries = map_countries(current_settings().cache_dir)
>>> sorted(countries.columns)
['geometry', 'iso_a2', 'iso_a3', 'name']
>>> iso3_codes(["IRQ", "SY", "", "XX"], countries)
['IRQ', 'SYR', '', 'XX']
>>> country_of_points([44.4, 0.0], [33.3, 0.0], countries)
['IRQ', '']
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from pathlib import Path

import geopandas as gpd
import shapely

from geomap.boundaries import simplified_country_polygons
from geomap.io.frame_cache import cached_geoparquet

__all__ = ["TOLERANCE_DEG", "country_of_points", "iso3_codes", "map_countries"]

TOLERANCE_DEG = 0.05
_GRID_DEG = 0.001  # coordinates kept to ~100 m: plenty for a drawn outline, and small JSON


@functools.lru_cache(maxsize=1)
def map_countries(cache_dir: Path) -> gpd.GeoDataFrame:
    """Return the countries to draw: ``iso_a2``, ``iso_a3``, ``name``, simplified ``geometry``.

    The map speaks ``iso_a3``, the incident schema's code; a country without an alpha-3
    code in Natural Earth (Kosovo) has ``""`` there. Built from
    :func:`geomap.boundaries.simplified_country_polygons` on first use and cached in
    ``cache_dir``.
    """
    path = cache_dir / "render" / f"countries-v3-{TOLERANCE_DEG}-{_GRID_DEG}.parquet"
    return cached_geoparquet(path, functools.partial(_simplified, cache_dir))


def _simplified(cache_dir: Path) -> gpd.GeoDataFrame:
    countries = simplified_country_polygons(cache_dir, TOLERANCE_DEG)[
        ["iso_a2", "iso_a3", "name", "geometry"]].copy()
    countries["iso_a3"] = countries["iso_a3"].where(countries["iso_a3"] != "-99", "")
    countries["geometry"] = shapely.make_valid(
        shapely.set_precision(countries.geometry.values, _GRID_DEG)
    )
    return countries[~countries.geometry.is_empty].reset_index(drop=True)


def country_of_points(lons: Sequence[float], lats: Sequence[float],
                      countries: gpd.GeoDataFrame) -> list[str]:
    """Return the ISO alpha-3 code of the country of ``countries`` (:func:`map_countries`)
    each point lies in (``""`` at sea)."""
    pts = gpd.GeoDataFrame(geometry=gpd.points_from_xy(lons, lats), crs="EPSG:4326")
    joined = gpd.sjoin(pts, countries[["iso_a3", "geometry"]], how="left", predicate="within")
    joined = joined[~joined.index.duplicated(keep="first")]
    return [code if isinstance(code, str) else "" for code in joined["iso_a3"]]


def iso3_codes(codes: Sequence[str], countries: gpd.GeoDataFrame) -> list[str]:
    """Return ISO alpha-3 codes (the incident schema's) for alpha-3 or alpha-2 ``codes``.

    Alpha-2 codes come from files written before the schema settled on alpha-3; a code the
    map (``countries``, :func:`map_countries`) does not know is kept as it is, in upper case.
    """
    to_iso3 = {a2: a3 for a2, a3 in zip(countries["iso_a2"], countries["iso_a3"]) if a3}
    return [to_iso3.get(code.upper(), code.upper()) if len(code) == 2 else code.upper()
            for code in codes]
