"""The custom pieces of the map page, as folium ``MacroElement`` s with templates.

- :class:`IncidentLayer`: the incident data (one JSON block) and the page script that draws
  the basemap, markers, clusters, layers, heat map, areas, counts per country, the time
  window and the incident table.
- :class:`MapHeader`: the title and the summary box.
- :class:`CdnNotice`: on a ``--cdn`` page, a note in place of a blank page when the CDN is out
  of reach.
- :class:`Legend`: colours and icons of the action types, and what each precision looks like.

Every piece of text is escaped: templates use ``|e``, JSON goes through
:func:`geomap.render.payload.script_json`.

Examples
--------
>>> import folium
>>> from geomap.render.payload import Summary
>>> m = folium.Map(tiles=None)
>>> _ = MapHeader("<script>x</script>", Summary(0, 0, 0, 0, "", "")).add_to(m)
>>> html = m.get_root().render()
>>> "&lt;script&gt;x&lt;/script&gt;" in html, "<script>x</script>" in html
(True, False)
"""

from __future__ import annotations

from typing import Any

import folium
from branca.element import MacroElement
from folium.elements import JSCSSMixin
from folium.template import Template

from geomap.render.assets import CLUSTER_CSS, CLUSTER_DEFAULT_CSS, CLUSTER_JS, HEAT_JS, static_text
from geomap.render.payload import Summary, script_json
from geomap.render.styles import CHOROPLETH_COLOURS

__all__ = ["CdnNotice", "IncidentLayer", "Legend", "MapHeader"]


class IncidentLayer(JSCSSMixin, MacroElement):
    """Draw the incidents of a payload (see :func:`geomap.render.payload.build_payload`).

    Parameters
    ----------
    data
        The page data.
    tiles
        Tile layers already on the map, offered as base layers by name.
    """

    _template = Template("""
        {% macro header(this, kwargs) %}
            <style>{{ this.css }}</style>
            <script>{{ this.js }}</script>
        {% endmacro %}
        {% macro html(this, kwargs) %}
            <script type="application/json" id="{{ this.get_name() }}_data">{{ this.data_json }}</script>
        {% endmacro %}
        {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = geomapIncidentMap(
                {{ this._parent.get_name() }},
                JSON.parse(document.getElementById("{{ this.get_name() }}_data").textContent),
                {tiles: {
                    {%- for name, layer in this.tiles %}
                    {{ name|tojson }}: {{ layer.get_name() }},
                    {%- endfor %}
                }}
            );
        {% endmacro %}
    """)

    # folium reads these class attributes (and declares them as lists).
    default_js: list[tuple[str, str]] = [  # noqa: RUF012
        ("leaflet_markercluster", CLUSTER_JS), ("leaflet_heat", HEAT_JS)]
    default_css: list[tuple[str, str]] = [  # noqa: RUF012
        ("leaflet_markercluster_css", CLUSTER_CSS),
        ("leaflet_markercluster_default_css", CLUSTER_DEFAULT_CSS)]

    def __init__(self, data: dict[str, Any],
                 tiles: list[tuple[str, folium.TileLayer]] | None = None) -> None:
        super().__init__()
        self._name = "IncidentLayer"
        self.data_json = script_json(data)
        self.tiles = tiles or []
        self.js = static_text("incident_map.js")
        self.css = static_text("incident_map.css")


class CdnNotice(MacroElement):
    """On a ``--cdn`` page: say so, instead of a blank page, when the CDN cannot be reached."""

    _template = Template("""
        {% macro html(this, kwargs) %}
        <div class="gm-cdn-notice" hidden style="font:15px/1.4 sans-serif;padding:2em;max-width:40em">
            This map loads Leaflet from a CDN (jsDelivr), which cannot be reached: no network?
            Make the map again without <code>--cdn</code> for a page that works offline.
        </div>
        <script>
            window.addEventListener("load", function () {
                if (typeof L === "undefined") {
                    document.querySelector(".gm-cdn-notice").hidden = false;
                }
            });
        </script>
        {% endmacro %}
    """)

    def __init__(self) -> None:
        super().__init__()
        self._name = "CdnNotice"


class MapHeader(MacroElement):
    """A title and a summary box: incidents, actors, countries, documents, date range.

    With no incidents the box says so, so an empty map is never mistaken for a broken one.
    """

    _template = Template("""
        {% macro html(this, kwargs) %}
        <div class="gm-panel gm-header" role="region" aria-label="Map summary">
            {% if this.title %}<h1>{{ this.title|e }}</h1>{% endif %}
            <div class="gm-summary">
                <span>{{ this.summary.incidents }} incident{{ "" if this.summary.incidents == 1 else "s" }}</span>
                <span>{{ this.summary.actors }} actor{{ "" if this.summary.actors == 1 else "s" }}</span>
                <span>{{ this.summary.countries }} countr{{ "y" if this.summary.countries == 1 else "ies" }}</span>
                <span>{{ this.summary.documents }} document{{ "" if this.summary.documents == 1 else "s" }}</span>
                {% if this.summary.first_date %}<span>{{ this.summary.first_date|e }}{% if this.summary.last_date != this.summary.first_date %} &ndash; {{ this.summary.last_date|e }}{% endif %}</span>{% endif %}
                <span data-gm-shown></span>
            </div>
            {% if this.summary.incidents %}<button type="button" class="gm-table-toggle" aria-expanded="false">Table</button>{% endif %}
            {% if not this.summary.incidents %}
            <div class="gm-note">No incidents were found in the input: nothing to show on this map.</div>
            {% endif %}
        </div>
        {% endmacro %}
    """)

    def __init__(self, title: str | None, summary: Summary) -> None:
        super().__init__()
        self._name = "MapHeader"
        self.title = title or ""
        self.summary = summary


class Legend(MacroElement):
    """The key: one row per action type on the map, then the precision styles and areas."""

    _template = Template("""
        {% macro html(this, kwargs) %}
        <details class="gm-panel gm-legend" role="region" aria-label="Legend" open>
            <summary>Legend</summary>
            {% if this.actions %}
            <h2>Action</h2>
            <ul>
            {% for a in this.actions %}
                <li><span class="gm-pin" style="--gm-c:{{ a.colour|e }}"><svg viewBox="0 0 24 24" aria-hidden="true"><path d="{{ a.glyph|e }}"/></svg></span>{{ a.name|e }} ({{ a.count }})</li>
            {% endfor %}
            </ul>
            {% endif %}
            <h2>Location</h2>
            <ul>
                <li><span class="gm-pin" style="--gm-c:#555"></span>exact place</li>
                <li class="gm-approx"><span class="gm-pin" style="--gm-c:#555"><i class="gm-badge">&asymp;</i></span>approximate: province, country or region</li>
                <li class="gm-approx gm-p-water"><span class="gm-pin" style="--gm-c:#1f78b4"><i class="gm-badge">~</i></span>at sea</li>
                <li><svg width="20" height="14" aria-hidden="true"><rect x="1" y="1" width="18" height="12" fill="rgba(120,120,120,.1)" stroke="#444" stroke-dasharray="4 3"/></svg>area it happened in</li>
            </ul>
            {% if this.ramp %}
            <h2>Incidents per country shown</h2>
            <div>{% for colour in this.ramp %}<span class="gm-ramp" style="background:{{ colour|e }}"></span>{% endfor %} 1 &ndash; <span data-gm-max></span></div>
            {% endif %}
        </details>
        {% endmacro %}
    """)

    def __init__(self, actions: list[dict[str, Any]], countries: bool) -> None:
        super().__init__()
        self._name = "Legend"
        self.actions = actions
        self.ramp = CHOROPLETH_COLOURS if countries else ()
