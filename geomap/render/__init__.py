"""Interactive HTML maps of incidents (folium/Leaflet), usable offline.

Examples
--------
>>> import tempfile, pathlib
>>> from geomap.incidents import Incident, incidents_frame
>>> gdf = incidents_frame([Incident(doc_id="d1", sentence="Houthis fired at a ship.",
...     actor="Houthis", action="assault", place_name="Red Sea", lon=38.0, lat=20.0,
...     precision="water")])
>>> render_map(gdf, pathlib.Path(tempfile.mkdtemp()) / "sea.html", offline=True).suffix
'.html'
"""

from __future__ import annotations

from geomap.render.build import DEFAULT_TILES, build_map, render_map

__all__ = ["DEFAULT_TILES", "build_map", "render_map"]
