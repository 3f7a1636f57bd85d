"""Place labels for the offline basemap: country names, capitals and large cities by zoom.

Countries come from the map's Natural Earth polygons (labelled at a point inside their
largest part), cities from the gazetteer's GeoNames places. Each label carries the lowest
zoom it shows at: large countries and capitals first, smaller cities as one zooms in.

Examples
--------
>>> labels = basemap_labels(load_gazetteer(), Path("/data/geomap"))  # doctest: +SKIP
>>> any(name == "Iraq" for _, _, name, _ in labels["countries"])  # doctest: +SKIP
True
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import TYPE_CHECKING, Any

import shapely

from geomap.render.countries import map_countries

if TYPE_CHECKING:
    from geomap.gazetteer import GazetteerIndex

__all__ = ["basemap_labels"]

# (smallest population, first zoom) for cities; capitals show from zoom 4 whatever their size.
_CITY_ZOOMS = ((5_000_000, 4), (1_000_000, 5), (300_000, 6), (100_000, 8))
_CAPITAL_ZOOM = 4


def _country_zoom(area_deg2: float) -> int:
    return 2 if area_deg2 > 150 else 3 if area_deg2 > 15 else 4 if area_deg2 > 1 else 6


@functools.lru_cache(maxsize=1)
def basemap_labels(gazetteer: GazetteerIndex | None,
                   cache_dir: Path) -> dict[str, list[list[Any]]]:
    """Return ``{"countries": [[lat, lon, name, zoom], ...], "cities": [...]}``, the
    countries those of :func:`~geomap.render.countries.map_countries` of ``cache_dir``, the
    cities read from ``gazetteer`` (none without one: no gazetteer index could be loaded)."""
    countries = []
    drawn = map_countries(cache_dir)
    for name, geom in zip(drawn["name"], drawn.geometry):
        largest = max(shapely.get_parts(geom), key=lambda part: part.area)
        point = largest.point_on_surface()
        countries.append([round(point.y, 3), round(point.x, 3), str(name),
                          _country_zoom(largest.area)])
    return {"countries": countries, "cities": [] if gazetteer is None else _cities(gazetteer)}


def _cities(gazetteer: GazetteerIndex) -> list[list[Any]]:
    towns = gazetteer.towns(min_population=_CITY_ZOOMS[-1][0])
    cities = []
    for town in sorted(towns, key=lambda t: -t.population):
        zoom = _CAPITAL_ZOOM if town.feature_code == "PPLC" else next(
            z for population, z in _CITY_ZOOMS if town.population >= population)
        cities.append([round(town.lat, 3), round(town.lon, 3), town.name, zoom])
    return cities
