"""Country polygons for drawing: simplified Natural Earth shapes, cached on disk.

Dissolving the 1:10m Natural Earth countries takes seconds, so the simplified copy the map
draws is kept as GeoParquet in ``settings.cache_dir()`` and read back in a fraction of that.

Examples
--------
>>> countries = map_countries()
>>> sorted(countries.columns)
['geometry', 'iso_a2', 'iso_a3', 'name']
>>> iso2_codes(["IRQ", "SY", "", "XXX"])
['IQ', 'SY', '', 'XXX']
>>> country_of_points([44.4, 0.0], [33.3, 0.0])
['IQ', '']
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

import geopandas as gpd
import shapely

from geomap.boundaries import simplified_country_polygons
from geomap.io.frame_cache import cached_geoparquet
from geomap.settings import cache_dir

__all__ = ["TOLERANCE_DEG", "country_of_points", "map_countries"]

TOLERANCE_DEG = 0.05
_GRID_DEG = 0.001  # coordinates kept to ~100 m: plenty for a drawn outline, and small JSON


@functools.lru_cache(maxsize=1)
def map_countries() -> gpd.GeoDataFrame:
    """Return the countries to draw: ``iso_a2``, ``iso_a3``, ``name``, simplified ``geometry``.

    Built from :func:`geomap.boundaries.simplified_country_polygons` on first use and cached.
    """
    path = cache_dir() / "render" / f"countries-v2-{TOLERANCE_DEG}-{_GRID_DEG}.parquet"
    return cached_geoparquet(path, _simplified)


def _simplified() -> gpd.GeoDataFrame:
    countries = simplified_country_polygons(TOLERANCE_DEG)[
        ["iso_a2", "iso_a3", "name", "geometry"]].copy()
    countries["geometry"] = shapely.make_valid(
        shapely.set_precision(countries.geometry.values, _GRID_DEG)
    )
    return countries[~countries.geometry.is_empty].reset_index(drop=True)


def country_of_points(lons: Sequence[float], lats: Sequence[float]) -> list[str]:
    """Return the ISO alpha-2 code of the country each point lies in (``""`` at sea)."""
    countries = map_countries()
    pts = gpd.GeoDataFrame(geometry=gpd.points_from_xy(lons, lats), crs="EPSG:4326")
    joined = gpd.sjoin(pts, countries[["iso_a2", "geometry"]], how="left", predicate="within")
    joined = joined[~joined.index.duplicated(keep="first")]
    return [code if isinstance(code, str) else "" for code in joined["iso_a2"]]


def iso2_codes(codes: Sequence[str]) -> list[str]:
    """Return ISO alpha-2 codes for alpha-2 or alpha-3 ``codes``; unknown codes unchanged."""
    countries = map_countries()
    to_iso2 = dict(zip(countries["iso_a3"], countries["iso_a2"]))
    return [to_iso2.get(code.upper(), code.upper()) if len(code) == 3 else code.upper()
            for code in codes]
