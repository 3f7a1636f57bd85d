"""Counts of incidents per area: per country, per first-level region, per H3 hexagon, or per
polygon of a user's layer.

Country and layer counts are a point-in-polygon join through the incidents' spatial index,
against polygons cut into small pieces (:func:`geomap.tools.shapes.subdivide`). Hexagon
counts compute each distinct coordinate's H3 cell once, vectorised with ``h3ronpy``.

Examples
--------
>>> from geomap.incidents import Incident, incidents_frame
>>> gdf = incidents_frame([
...     Incident("d", "s1", "A", "assault", "Baghdad", 44.36, 33.31, "point"),
...     Incident("d", "s2", "A", "assault", "Basra", 47.78, 30.51, "point"),
...     Incident("d", "s3", "B", "assault", "Damascus", 36.29, 33.51, "point"),
... ])
>>> count_by(gdf, "country")[["iso_a2", "count"]].values.tolist()
[['IQ', 2], ['SY', 1]]
>>> count_by(gdf, "hex", resolution=2)["count"].sum()
np.int64(3)
"""

from __future__ import annotations

import functools
import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

import geopandas as gpd
import numpy as np
import pandas as pd
import pyarrow as pa
import shapely
from numpy.typing import NDArray

from geomap.boundaries import country_polygons
from geomap.crs import to_wgs84
from geomap.errors import QueryError
from geomap.extras import require
from geomap.geodesy import spherical_mean, split_antimeridian
from geomap.places import Precision
from geomap.tools.shapes import subdivide

if TYPE_CHECKING:
    from geomap.gazetteer import GazetteerIndex
    from geomap.resources import Resources

__all__ = ["BY_CHOICES", "count_by", "count_in_layer", "hex_counts"]

log = logging.getLogger(__name__)

BY_CHOICES = ("country", "admin1", "hex")
_WIDE_PRECISIONS = frozenset({Precision.COUNTRY, Precision.WATER, Precision.REGION})
_REVERSE_KM = 50


def _count_pieces(incidents: gpd.GeoDataFrame, pieces: NDArray[np.object_],
                  owner: NDArray[np.intp], n_areas: int) -> NDArray[np.int64]:
    if incidents.empty or len(pieces) == 0:
        return np.zeros(n_areas, dtype=np.int64)
    # A piece that is a whole rectangle holds exactly the points its box query returns.
    rect = (shapely.get_num_coordinates(pieces) == 5) & np.isclose(
        shapely.area(pieces), shapely.area(shapely.envelope(pieces)), rtol=1e-12, atol=0.0)
    tree = incidents.sindex
    rect_hits = tree.query(pieces[rect])
    edge_hits = tree.query(pieces[~rect], predicate="intersects")
    piece_idx = np.concatenate([np.flatnonzero(rect)[rect_hits[0]],
                                np.flatnonzero(~rect)[edge_hits[0]]])
    point_idx = np.concatenate([rect_hits[1], edge_hits[1]])
    owners = owner[piece_idx]
    # A point on the cut between two pieces of one polygon is counted once.
    shared = (np.bincount(point_idx, minlength=len(incidents)) > 1)[point_idx]
    counts = np.bincount(owners[~shared], minlength=n_areas)
    if shared.any():
        pairs = np.unique(owners[shared].astype(np.int64) * len(incidents) + point_idx[shared])
        counts += np.bincount(pairs // len(incidents), minlength=n_areas)
    return counts.astype(np.int64)


def count_in_layer(incidents: gpd.GeoDataFrame, layer: gpd.GeoDataFrame) -> NDArray[np.int64]:
    """Return, for each polygon of ``layer``, how many incidents it covers (edges included).

    An incident in two overlapping polygons counts in both.
    """
    incidents, layer = to_wgs84(incidents), to_wgs84(layer)
    pieces, owner = subdivide(layer.geometry.values)
    return _count_pieces(incidents, pieces, owner, len(layer))


def _with_counts(layer: gpd.GeoDataFrame, counts: NDArray[np.int64]) -> gpd.GeoDataFrame:
    result = layer.copy()
    if "count" in result.columns:
        raise QueryError("the area layer already has a 'count' column: rename it first")
    result.insert(result.columns.get_loc(result.geometry.name), "count", counts)
    result = result[result["count"] > 0].sort_values("count", ascending=False, kind="stable")
    return result.reset_index(drop=True)


@functools.lru_cache(maxsize=1)
def _country_pieces(
        cache_dir: Path) -> tuple[gpd.GeoDataFrame, NDArray[np.object_], NDArray[np.intp]]:
    countries = country_polygons(cache_dir)[["iso_a2", "name", "geometry"]]
    pieces, owner = subdivide(countries.geometry.values)
    return countries, pieces, owner


def _count_countries(incidents: gpd.GeoDataFrame, cache_dir: Path) -> gpd.GeoDataFrame:
    countries, pieces, owner = _country_pieces(cache_dir)
    result = _with_counts(countries, _count_pieces(incidents, pieces, owner, len(countries)))
    outside = len(incidents) - int(result["count"].sum())
    if outside > 0:
        log.info("%d incidents lie in no country polygon (at sea or off the map)", outside)
    return result


def _require_h3ronpy() -> Any:
    return require("h3ronpy.vector", "query", "hexagon counts").coordinates_to_cells


def _cells_of(lon: NDArray[np.float64], lat: NDArray[np.float64],
              resolution: int) -> NDArray[np.uint64]:
    if not 0 <= resolution <= 15:
        raise QueryError(f"hex resolution {resolution} must be within 0..15 (5 is ~250 km2)")
    if len(lon) == 0:
        return np.empty(0, dtype=np.uint64)
    cells = _require_h3ronpy()(np.asarray(lat, dtype=float), np.asarray(lon, dtype=float),
                               resolution)
    return pa.array(cells).to_numpy(zero_copy_only=False).astype(np.uint64)


def _hex_text(cells: NDArray[np.uint64]) -> NDArray[np.str_]:
    """Return H3 ids as the usual 15-digit lower-case hex text, vectorised."""
    shifts = np.arange(56, -4, -4, dtype=np.uint64)
    nibbles = ((cells[:, None] >> shifts) & np.uint64(0xF)).astype(np.uint8)
    digits = np.frombuffer(b"0123456789abcdef", dtype=np.uint8)[nibbles]
    return np.ascontiguousarray(digits).view("S15").ravel().astype(str)


def hex_counts(incidents: gpd.GeoDataFrame, resolution: int = 5) -> pd.DataFrame:
    """Return incidents per H3 cell (``h3`` id as hex text, ``count``), most first, without
    building the hexagon polygons (see :func:`count_by` for those).

    When coordinates repeat (incidents sit on gazetteer places), each distinct one is
    indexed once, so the work grows with the number of places, not of incidents.
    """
    incidents = to_wgs84(incidents)
    geoms = incidents.geometry.values
    lon, lat = shapely.get_x(geoms), shapely.get_y(geoms)
    if _mostly_repeated(lon, lat):
        codes, unique = pd.factorize(lon + 1j * lat)
        weights = np.bincount(codes, minlength=len(unique))
        cells = _cells_of(unique.real, unique.imag, resolution)
        found, which = np.unique(cells, return_inverse=True)
        counts = np.bincount(which, weights=weights, minlength=len(found)).astype(np.int64)
    else:
        found, counts = np.unique(_cells_of(lon, lat, resolution), return_counts=True)
    order = np.argsort(-counts, kind="stable")
    return pd.DataFrame({"h3": _hex_text(found[order]), "count": counts[order]})


def _mostly_repeated(lon: NDArray[np.float64], lat: NDArray[np.float64],
                     sample: int = 20_000) -> bool:
    """Tell from a sample whether coordinates repeat enough to index each one only once.

    In a sample of distinct points nearly every coordinate is new; any real share of
    repeats in the sample means many more in the whole.
    """
    if len(lon) <= sample:
        return True
    pick = np.random.default_rng(0).choice(len(lon), size=sample, replace=False)
    return bool(len(pd.unique(lon[pick] + 1j * lat[pick])) < 0.9 * sample)


def _hex_polygons(cells: NDArray[np.uint64]) -> list[shapely.Geometry]:
    h3 = require("h3", "query", "hexagon counts")

    polygons = []
    for cell in cells:
        ring = [(lng, lat) for lat, lng in h3.cell_to_boundary(h3.int_to_str(int(cell)))]
        polygons.append(split_antimeridian(shapely.Polygon(ring)))
    return polygons


def _count_hex(incidents: gpd.GeoDataFrame, resolution: int) -> gpd.GeoDataFrame:
    counts = hex_counts(incidents, resolution)
    cells = np.array([int(c, 16) for c in counts["h3"]], dtype=np.uint64).reshape(-1)
    return gpd.GeoDataFrame(counts, geometry=_hex_polygons(cells), crs="EPSG:4326")


def _count_admin1(incidents: gpd.GeoDataFrame, gazetteer: GazetteerIndex) -> gpd.GeoDataFrame:
    lon, lat = shapely.get_x(incidents.geometry.values), shapely.get_y(incidents.geometry.values)
    n = len(incidents)
    ids = incidents["geonameid"] if "geonameid" in incidents.columns else pd.Series([pd.NA] * n)
    precision = incidents["precision"] if "precision" in incidents.columns else \
        pd.Series(["point"] * n)
    keys = np.full(n, "", dtype=object)
    by_id: dict[int, str] = {}
    by_point: dict[tuple[float, float], str] = {}
    for i, (gid, exact, x, y) in enumerate(zip(ids.to_numpy(dtype=object),
                                                precision.to_numpy(dtype=object), lon, lat,
                                                strict=True)):
        # A country-, sea- or region-wide incident lies in no one first-level region.
        if exact in _WIDE_PRECISIONS:
            continue
        if gid is not None and not pd.isna(gid):
            if gid not in by_id:
                place = gazetteer.get(f"gn:{int(gid)}")
                by_id[gid] = _admin1_key(place) if place is not None else ""
            keys[i] = by_id[gid]
        if not keys[i]:
            if (x, y) not in by_point:
                place = gazetteer.reverse(float(x), float(y), max_km=_REVERSE_KM)
                by_point[(x, y)] = _admin1_key(place) if place is not None else ""
            keys[i] = by_point[(x, y)]
    frame = pd.DataFrame({"admin1": keys, "lon": lon, "lat": lat})
    frame = frame[frame["admin1"] != ""]
    rows = []
    for key, group in frame.groupby("admin1", sort=False):
        mean_lon, mean_lat = spherical_mean(group["lon"], group["lat"])
        rows.append({"admin1": key, "name": _division_name(gazetteer, key),
                     "country": key.split(".")[0], "count": len(group),
                     "geometry": shapely.Point(mean_lon, mean_lat)})
    if len(frame) < n:
        log.info("%d incidents have no first-level region (country- or sea-wide, or no "
                 "town within %d km)", n - len(frame), _REVERSE_KM)
    result = gpd.GeoDataFrame(rows, columns=["admin1", "name", "country", "count", "geometry"],
                              geometry="geometry", crs="EPSG:4326")
    return result.sort_values("count", ascending=False, kind="stable").reset_index(drop=True)


def _division_name(gazetteer: GazetteerIndex, key: str) -> str:
    """The division's name; else "around <its largest town>"; else the key itself."""
    country, code = key.split(".", 1)
    division = gazetteer.admin1(country, code)
    if division is not None:
        return str(division.name)
    towns = gazetteer.towns(country_code=country, admin1=code)
    return f"around {max(towns, key=lambda t: t.population).name}" if towns else key


def _admin1_key(place: object) -> str:
    country = getattr(place, "country_code", "")
    admin1 = getattr(place, "admin1", "")
    return f"{country}.{admin1}" if country and admin1 else ""


def count_by(incidents: gpd.GeoDataFrame, by: str | gpd.GeoDataFrame = "country", *,
             resolution: int = 5, resources: Resources | None = None) -> gpd.GeoDataFrame:
    """Count incidents per area, most first; areas with no incident are left out.

    Parameters
    ----------
    incidents
        Incident frame (points).
    by
        ``"country"`` (Natural Earth polygons: ``iso_a2``, ``name``, ``count``, polygon),
        ``"admin1"`` (the first-level region of each incident's place in the gazetteer, or
        of the nearest town within 50 km; ``IQ.01``-style GeoNames keys; country-, sea-
        and region-wide incidents are left out; ``name`` is the division's name, e.g.
        ``Istanbul`` for ``TR.34``, or "around" its largest town when the gazetteer has no
        name for it; no polygons offline, so the geometry is the
        mean position of the incidents counted), ``"hex"`` (H3 cells at ``resolution``: ``h3``, ``count``,
        hexagon), or a GeoDataFrame of polygons (its columns, plus ``count``).
    resolution
        H3 resolution for ``by="hex"`` (0 coarsest .. 15 finest).
    resources
        Where the gazetteer of ``by="admin1"`` comes from, and the cache folder of the
        country polygons of ``by="country"`` (default
        :meth:`geomap.resources.Resources.load`).

    Returns
    -------
    geopandas.GeoDataFrame
        One row per area, with a ``count`` column; savable with ``write_incidents``.

    Examples
    --------
    >>> from shapely.geometry import box
    >>> from geomap.incidents import Incident, incidents_frame
    >>> gdf = incidents_frame([Incident("d", "s", "A", "assault", "P", 1, 1, "point")])
    >>> layer = gpd.GeoDataFrame({"zone": ["a", "b"]}, geometry=[box(0, 0, 2, 2),
    ...                          box(5, 5, 6, 6)], crs="EPSG:4326")
    >>> count_by(gdf, layer)[["zone", "count"]].values.tolist()
    [['a', 1]]
    """
    from geomap.resources import Resources

    incidents = to_wgs84(incidents)
    if isinstance(by, gpd.GeoDataFrame):
        return _with_counts(by, count_in_layer(incidents, by))
    if by == "country":
        return _count_countries(incidents, Resources.given(resources).settings.cache_dir)
    if by == "hex":
        return _count_hex(incidents, int(resolution))
    if by == "admin1":
        return _count_admin1(incidents, Resources.given(resources).gazetteer)
    raise QueryError(f"cannot count by {by!r}: use country, admin1, hex, or a polygon layer")
