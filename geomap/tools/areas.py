"""Turn what a user types into query shapes: a named area or polygon file into polygons,
a place name or ``LAT,LON`` into a point.

Countries resolve to their Natural Earth polygon; other names go through the gazetteer,
and a place that has no polygon there (a sea, a province, a base) is a clear
:class:`~geomap.errors.QueryError` that suggests a radius query instead.

Examples
--------
>>> resolve_point("33.3, 44.4")
(44.4, 33.3, '33.3, 44.4')
>>> resolve_area("IQ").loc[0, "name"]
'Iraq'
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import TYPE_CHECKING

import geopandas as gpd
import pycountry
from shapely.geometry.base import BaseGeometry

from geomap.boundaries import country_polygons
from geomap.crs import WGS84, to_wgs84
from geomap.errors import GeomapError, QueryError
from geomap.places import Place, Precision

if TYPE_CHECKING:
    from geomap.resources import Resources

__all__ = ["AREA_SUFFIXES", "area_frame", "resolve_area", "resolve_point"]

log = logging.getLogger(__name__)

AREA_SUFFIXES = (".shp", ".gpkg", ".geojson", ".json", ".kml", ".parquet", ".geoparquet",
                 ".csv")
_LATLON = re.compile(r"^\s*([-+]?\d+(?:\.\d+)?)\s*[,;]\s*([-+]?\d+(?:\.\d+)?)\s*$")


def area_frame(geometry: BaseGeometry, name: str) -> gpd.GeoDataFrame:
    """Return a one-row area layer (``name``, ``geometry``; EPSG:4326)."""
    return gpd.GeoDataFrame({"name": [name]}, geometry=[geometry], crs="EPSG:4326")


def _looks_like_file(spec: str) -> bool:
    return Path(spec).suffix.lower() in AREA_SUFFIXES or Path(spec).exists()


def _read_area_file(spec: str) -> gpd.GeoDataFrame:
    from geomap.io.incident_files import read_incidents

    path = Path(spec)
    if not path.exists():
        raise QueryError(f"area file {spec!r} not found: check the path, or give an area name")
    try:
        layer = read_incidents(path)
    except GeomapError as err:
        raise QueryError(f"cannot read area file {spec!r}: {err}") from err
    polygons = layer[layer.geometry.geom_type.isin(["Polygon", "MultiPolygon"])]
    if polygons.empty:
        raise QueryError(f"area file {spec!r} holds no polygons: give a polygon layer, or use "
                         "--near PLACE --radius-km N")
    if polygons.crs is None:
        polygons = polygons.set_crs(WGS84)
    return to_wgs84(polygons).reset_index(drop=True)


def _country_code(spec: str, countries: gpd.GeoDataFrame) -> str | None:
    text = spec.strip()
    upper = text.upper()
    if len(text) == 2 and upper in set(countries["iso_a2"]):
        return upper
    if len(text) == 3:
        match = countries.loc[countries["iso_a3"] == upper, "iso_a2"]
        if not match.empty:
            return str(match.iloc[0])
    match = countries.loc[countries["name"].str.casefold() == text.casefold(), "iso_a2"]
    if not match.empty:
        return str(match.iloc[0])
    try:
        found = pycountry.countries.lookup(text)
    except LookupError:
        return None
    return str(found.alpha_2)


def _country_area(code: str, countries: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    row = countries[countries["iso_a2"] == code]
    if row.empty:
        raise QueryError(f"country {code!r} has no polygon in Natural Earth: use --near "
                         f"{code!r} --radius-km N")
    return row[["iso_a2", "name", "geometry"]].reset_index(drop=True)


_KINDS: dict[str, str] = {
    Precision.WATER: "a sea or waterway", Precision.ADMIN1: "a province",
    Precision.REGION: "a region", Precision.POINT: "a place", Precision.COUNTRY: "a country",
}


def _kind(place: Place) -> str:
    return _KINDS[place.precision]


def resolve_area(spec: str, *, resources: Resources | None = None) -> gpd.GeoDataFrame:
    """Return the polygons of an area given by name or file, as an EPSG:4326 layer.

    Parameters
    ----------
    spec
        A polygon file (``.shp``, ``.gpkg``, ``.geojson``, ...), a country (name, ISO
        alpha-2 or alpha-3 code), or another place name known to the gazetteer.
    resources
        Where the gazetteer comes from (default
        :meth:`geomap.resources.Resources.load`), read only when a name must be looked up,
        and the cache folder of the country polygons.

    Returns
    -------
    geopandas.GeoDataFrame
        One row per polygon, with a ``name`` column for named areas.

    Raises
    ------
    QueryError
        Unknown name, a place without a polygon (with a ``--near`` suggestion), or a file
        that cannot be read or holds no polygons.

    Examples
    --------
    >>> resolve_area("Iraq")[["iso_a2", "name"]].values.tolist()
    [['IQ', 'Iraq']]
    """
    if not spec or not spec.strip():
        raise QueryError("empty area: give an area name (--within Iraq) or a polygon file")
    if _looks_like_file(spec):
        return _read_area_file(spec)
    from geomap.resources import Resources

    res = Resources.given(resources)
    countries = country_polygons(res.settings.cache_dir)
    code = _country_code(spec, countries)
    if code is not None:
        return _country_area(code, countries)
    found = res.gazetteer.candidates(spec, limit=5)
    if not found:
        raise QueryError(f"unknown area {spec!r}: check the spelling, give a polygon file "
                         "(.gpkg/.shp/.geojson), or use --near LAT,LON --radius-km N")
    place = found[0]
    if place.precision == Precision.COUNTRY and place.country_code:
        return _country_area(place.country_code, countries)
    raise QueryError(
        f"{spec!r} ({place.name}, {_kind(place)}) has no polygon in the offline "
        f"gazetteer: use --near {spec!r} --radius-km N, or --within a polygon file"
    )


def resolve_point(spec: str, *,
                  resources: Resources | None = None) -> tuple[float, float, str]:
    """Return ``(lon, lat, label)`` for ``"LAT,LON"`` or a place name known to the gazetteer
    of ``resources`` (default :meth:`geomap.resources.Resources.load`, read only for a name).

    Raises
    ------
    QueryError
        Coordinates out of range, or a name the gazetteer does not know.

    Examples
    --------
    >>> resolve_point("-17.8,178.0")[:2]
    (178.0, -17.8)
    """
    match = _LATLON.match(spec or "")
    if match:
        lat, lon = float(match.group(1)), float(match.group(2))
        if not (-90.0 <= lat <= 90.0 and -180.0 <= lon <= 180.0):
            raise QueryError(f"{spec!r} is not a LAT,LON position: latitude must be within "
                             "-90..90 and longitude within -180..180 (latitude first)")
        return lon, lat, spec.strip()
    if not spec or not spec.strip():
        raise QueryError("empty place: give a place name or LAT,LON")
    from geomap.resources import Resources

    found = Resources.given(resources).gazetteer.candidates(spec, limit=1)
    if not found:
        raise QueryError(f"unknown place {spec!r}: check the spelling, or give LAT,LON "
                         "(for example 33.3,44.4)")
    place = found[0]
    log.info("place %r resolved to %s (%s) at %.4f,%.4f", spec, place.name, place.id,
             place.lat, place.lon)
    return place.lon, place.lat, place.name
