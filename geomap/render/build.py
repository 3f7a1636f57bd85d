"""Build the incident map (a folium ``Map``) and write it as one HTML file.

Examples
--------
>>> import tempfile, pathlib
>>> from geomap.incidents import Incident, incidents_frame
>>> gdf = incidents_frame([Incident(doc_id="d1", sentence="Iran struck Idlib.", actor="Iran",
...     action="assault", place_name="Idlib", lon=36.63, lat=35.93, precision="point",
...     date="2024-01-16")])
>>> out = render_map(gdf, pathlib.Path(tempfile.mkdtemp()) / "m.html", title="Idlib")
>>> "geomapIncidentMap" in out.read_text(encoding="utf-8")
True
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import folium
import geopandas as gpd
import markupsafe
import shapely
from branca.element import Figure
from shapely.geometry.base import BaseGeometry

from geomap.crs import to_wgs84
from geomap.errors import DataError, InputError
from geomap.io.atomic import atomic_path
from geomap.render.assets import LEAFLET_CSS, LEAFLET_JS, inline_assets
from geomap.render.elements import CdnNotice, IncidentLayer, Legend, MapHeader
from geomap.render.payload import build_payload, prepare_incidents, summarize

if TYPE_CHECKING:
    from geomap.gazetteer import GazetteerIndex
    from geomap.resources import Resources

__all__ = ["DEFAULT_TILES", "build_map", "render_map"]

log = logging.getLogger(__name__)

DEFAULT_TILES = "OpenStreetMap"


class _LeafletMap(folium.Map):
    """A folium map that loads Leaflet alone: the page needs no jQuery, Bootstrap or fonts."""

    default_js: list[tuple[str, str]] = [("leaflet", LEAFLET_JS)]  # noqa: RUF012 (folium's)
    default_css: list[tuple[str, str]] = [("leaflet_css", LEAFLET_CSS)]  # noqa: RUF012


def _area_geometry(area: Any) -> BaseGeometry | None:
    if area is None:
        return None
    if isinstance(area, (gpd.GeoDataFrame, gpd.GeoSeries)):
        area = to_wgs84(area)
        geoms = area.geometry.values if isinstance(area, gpd.GeoDataFrame) else area.values
        return shapely.union_all(geoms)
    if isinstance(area, BaseGeometry):
        return area
    raise InputError("area must be a shapely geometry, GeoSeries or GeoDataFrame")


def _tile_layer(tiles: str) -> tuple[str, folium.TileLayer]:
    """Return (name, layer) for a provider name (``"OpenStreetMap"``) or a tile URL."""
    if "{z}" in tiles or "{x}" in tiles:
        return "Tiles", folium.TileLayer(tiles=tiles, attr=f"Tiles: {markupsafe.escape(tiles)}",
                                         name="Tiles", max_zoom=19)
    try:
        return tiles, folium.TileLayer(tiles=tiles, name=tiles)
    except ValueError as err:
        raise InputError(f"unknown tiles {tiles!r}: give a provider name such as "
                         "'OpenStreetMap' or a URL with {z}/{x}/{y}") from err


def _gazetteer(resources: Resources) -> GazetteerIndex | None:
    """The gazetteer of ``resources``, or ``None`` (with a warning) when it cannot be loaded."""
    try:
        return resources.gazetteer
    except DataError as err:
        log.warning("no city labels or division outlines on the map: %s", err)
        return None


def build_map(incidents: gpd.GeoDataFrame, *, title: str | None = None, offline: bool = False,
              tiles: str | None = None, area: Any = None, cluster: bool | None = None,
              resources: Resources | None = None) -> folium.Map:
    """Build the interactive incident map.

    Parameters
    ----------
    incidents
        Incident GeoDataFrame (the schema of :mod:`geomap.incidents`).
    title
        Title shown on the map and in the browser tab.
    offline
        Use no tile server (unless ``tiles`` is given): the page then never reaches the
        network. Either way the offline basemap (country outlines and labels) is drawn under
        the tiles, so the map shows where tiles cannot load.
    tiles
        A tile provider name or a tile URL (``http://localhost:8080/{z}/{x}/{y}.png``);
        default: OpenStreetMap, none with ``offline``.
    area
        A query area (shapely geometry, GeoSeries or GeoDataFrame) to draw and fit.
    cluster
        Cluster nearby markers; default: when there are more than 150 incidents.
    resources
        Where the gazetteer comes from, for city labels and the outlines of first-level
        divisions (default :meth:`geomap.resources.Resources.load`); a map is drawn without
        them, with a warning, when no gazetteer index can be loaded.

    Returns
    -------
    folium.Map

    Examples
    --------
    >>> from geomap.incidents import empty_incidents
    >>> type(build_map(empty_incidents(), offline=True)).__name__
    '_LeafletMap'
    """
    from geomap.resources import Resources

    res = Resources.given(resources)
    gdf = prepare_incidents(incidents, res.settings.cache_dir)
    if gdf.empty:
        log.warning("no incidents to map: the map shows a note and no markers")
    tile_name = tiles or (None if offline else DEFAULT_TILES)
    # maxZoom on the map itself: clustering needs it even when no tile layer sets one.
    fmap = _LeafletMap(location=[20, 10], zoom_start=2, tiles=None, control_scale=True,
                       maxZoom=18, worldCopyJump=True)
    tile_layers = []
    if tile_name:
        name, layer = _tile_layer(tile_name)
        layer.add_to(fmap)
        tile_layers.append((name, layer))
    data = build_payload(gdf, _gazetteer(res), res.settings.cache_dir, area=_area_geometry(area),
                         cluster=cluster)
    IncidentLayer(data, tiles=tile_layers).add_to(fmap)
    MapHeader(title, summarize(gdf)).add_to(fmap)
    Legend(data["actions"], bool(data["choropleth"]["features"])).add_to(fmap)
    if title:
        figure = cast(Figure, fmap.get_root())
        figure.title = markupsafe.escape(title)  # branca writes <title> unescaped
    return fmap


def render_map(incidents: gpd.GeoDataFrame, path: str | os.PathLike[str], *,
               title: str | None = None, offline: bool = False, tiles: str | None = None,
               area: Any = None, cluster: bool | None = None, cdn: bool = False,
               resources: Resources | None = None) -> Path:
    """Build the map (see :func:`build_map`) and write it atomically as one HTML file.

    The file is self-contained: Leaflet and its plugins are inlined from pinned installed
    packages, so it opens with no network (tiles, when online, come over it). With
    ``cdn=True`` the page links the same pinned files from a CDN instead: smaller, but blank
    without a network.

    Returns
    -------
    Path
        The written file.
    """
    fmap = build_map(incidents, title=title, offline=offline, tiles=tiles, area=area,
                     cluster=cluster, resources=resources)
    if cdn:
        CdnNotice().add_to(fmap)
    html = fmap.get_root().render()
    if not cdn:
        html = inline_assets(html)
    target = Path(path)
    with atomic_path(target) as tmp:
        tmp.write_text(html, encoding="utf-8")
    log.info("wrote map %s (%.1f MB)", target, target.stat().st_size / 1e6)
    return target
