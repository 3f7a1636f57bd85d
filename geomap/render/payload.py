"""The data a map page carries: incidents as compact rows over a string table, the areas of
approximate incidents, the countries to count them in, the offline basemap with its labels,
and a JSON encoding safe inside ``<script>``.

Every string from an article travels as JSON data and is put on the page by the browser as
text (never as HTML), so escaping happens once, here, for the ``<script>`` block, and once in
the page script, for the few places Leaflet only takes HTML.

Examples
--------
>>> from geomap.incidents import Incident, incidents_frame
>>> gdf = incidents_frame([Incident(doc_id="d1", sentence="<b>Iran</b> struck Idlib.",
...     actor="Iran", action="assault", place_name="Idlib", lon=36.63, lat=35.93,
...     precision="point", date="2024-01-16")])
>>> from geomap.gazetteer import load_gazetteer
>>> from geomap.settings import current_settings
>>> cache = current_settings().cache_dir
>>> data = build_payload(prepare_incidents(gdf, cache), load_gazetteer(), cache)
>>> data["strings"][data["rows"][0][ROW_FIELDS.index("sentence")]]
'<b>Iran</b> struck Idlib.'
>>> "<" in script_json(data)
False
"""

from __future__ import annotations

import json
import logging
import math
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import geopandas as gpd
import pandas as pd
import shapely
from shapely.geometry import mapping
from shapely.geometry.base import BaseGeometry

from geomap.crs import to_wgs84
from geomap.places import Precision
from geomap.render.countries import country_of_points, iso3_codes, map_countries
from geomap.render.extents import division_extents, divisions_of
from geomap.render.labels import basemap_labels
from geomap.render.styles import (
    APPROXIMATE_PRECISIONS,
    AREA_RADIUS_M,
    CHOROPLETH_COLOURS,
    DATE_PRECISION_LABELS,
    PRECISION_LABELS,
    action_style,
    precision_label,
)

if TYPE_CHECKING:
    from geomap.gazetteer import GazetteerIndex

__all__ = [
    "MAX_ACTOR_LAYERS",
    "ROW_FIELDS",
    "Summary",
    "build_payload",
    "prepare_incidents",
    "script_json",
    "summarize",
]

log = logging.getLogger(__name__)

# The layout of one row; the page script reads rows by these positions.
ROW_FIELDS = ("lon", "lat", "action", "actor", "actor_layer", "target", "place", "precision",
              "date", "confidence", "sentence", "doc", "source", "area", "mode", "title",
              "country", "fatalities", "date_precision", "id")
MAX_ACTOR_LAYERS = 12
_TEXT_COLUMNS = ("actor", "action", "action_mode", "target", "place_name", "precision", "date",
                 "sentence", "doc_id", "source", "country", "title", "date_precision",
                 "incident_id")
_COORD_DIGITS = 5


def script_json(data: Any) -> str:
    """Encode ``data`` as JSON that cannot end or break out of a ``<script>`` element.

    ``<``, ``>`` and ``&`` become ``\\u`` escapes (so ``</script>`` and ``<!--`` never appear)
    and so do the line separators U+2028/U+2029.

    >>> script_json({"t": "</script><script>alert(1)</script>"})
    '{"t": "\\\\u003c/script\\\\u003e\\\\u003cscript\\\\u003ealert(1)\\\\u003c/script\\\\u003e"}'
    """
    text = json.dumps(data, ensure_ascii=False, allow_nan=False)
    for char, escape in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                         ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, escape)
    return text


def prepare_incidents(incidents: gpd.GeoDataFrame, cache_dir: Path) -> gpd.GeoDataFrame:
    """Return ``incidents`` ready to draw: EPSG:4326, one point each, text columns as strings.

    Rows without a usable geometry are dropped with a warning; a missing text column is empty;
    ``fatalities`` is a nullable integer (empty when unknown); ``country`` is the incident
    schema's ISO alpha-3 code (alpha-2 codes of older files are converted) and, when empty,
    the code of the country the point lies in (the countries of
    :func:`~geomap.render.countries.map_countries`, cached in ``cache_dir``).
    """
    if not isinstance(incidents, gpd.GeoDataFrame):
        raise TypeError("incidents must be a GeoDataFrame (see geomap.incidents.incidents_frame)")
    gdf = incidents.copy()
    gdf = to_wgs84(gdf)
    geoms = gdf.geometry.values
    bad = shapely.is_missing(geoms) | shapely.is_empty(geoms)
    if bad.any():
        log.warning("%d incident(s) at places the gazetteer lacks have no point and are left "
                    "off the map (the incident files keep them)", int(bad.sum()))
        gdf = gdf[~bad]
    points = shapely.point_on_surface(gdf.geometry.values)
    gdf = gdf.set_geometry(gpd.GeoSeries(points, index=gdf.index, crs="EPSG:4326"))
    for column in _TEXT_COLUMNS:
        if column not in gdf.columns:
            gdf[column] = ""
        gdf[column] = gdf[column].map(_text)
    gdf["precision"] = gdf["precision"].str.lower().replace("", str(Precision.POINT))
    gdf["date"] = gdf["date"].str.slice(0, 10)
    conf = gdf["confidence"] if "confidence" in gdf.columns else pd.Series(0.0, index=gdf.index)
    gdf["confidence"] = pd.to_numeric(conf, errors="coerce").fillna(0.0).clip(0.0, 1.0)
    # Files written before the column existed have no fatalities: unknown, not zero.
    deaths = gdf["fatalities"] if "fatalities" in gdf.columns else pd.Series(pd.NA, index=gdf.index)
    gdf["fatalities"] = pd.to_numeric(deaths, errors="coerce").astype("Int64")
    gdf = gdf.reset_index(drop=True)
    countries = map_countries(cache_dir)
    gdf["country"] = iso3_codes(gdf["country"].tolist(), countries)
    missing = gdf["country"] == ""
    if missing.any():  # the country a point lies in; stays empty at sea
        gdf.loc[missing, "country"] = country_of_points(gdf.geometry.x[missing].tolist(),
                                                        gdf.geometry.y[missing].tolist(),
                                                        countries)
    return gdf


def _text(value: object) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return ""
    return str(value)


@dataclass(frozen=True, slots=True)
class Summary:
    """What the summary box says: counts and the date range (ISO strings, empty when none)."""

    incidents: int
    actors: int
    countries: int
    documents: int
    first_date: str
    last_date: str


def summarize(gdf: gpd.GeoDataFrame) -> Summary:
    """Count incidents, distinct actors, countries and documents; find the date range."""
    dates = sorted(d for d in gdf["date"] if d)
    return Summary(
        incidents=len(gdf),
        actors=gdf.loc[gdf["actor"] != "", "actor"].nunique(),
        countries=gdf.loc[gdf["country"] != "", "country"].nunique(),
        documents=gdf["doc_id"].nunique(),
        first_date=dates[0] if dates else "",
        last_date=dates[-1] if dates else "",
    )


class _Strings:
    """A string table: each distinct string stored once, rows refer to it by index."""

    def __init__(self) -> None:
        self.index: dict[str, int] = {"": 0}
        self.values: list[str] = [""]

    def __call__(self, value: str) -> int:
        found = self.index.get(value)
        if found is None:
            found = self.index[value] = len(self.values)
            self.values.append(value)
        return found


def _geometry_json(geom: BaseGeometry) -> dict[str, Any]:
    return mapping(shapely.set_precision(geom, 10 ** -_COORD_DIGITS))


def build_payload(gdf: gpd.GeoDataFrame, gazetteer: GazetteerIndex | None, cache_dir: Path,
                  *, area: BaseGeometry | None = None,
                  cluster: bool | None = None) -> dict[str, Any]:
    """Return the page data for prepared incidents (see :func:`prepare_incidents`).

    Parameters
    ----------
    gdf
        Incidents as returned by :func:`prepare_incidents`.
    gazetteer
        The index that gives city labels and the outlines of first-level divisions; ``None``
        when none could be loaded: the map then has neither.
    cache_dir
        Where the drawn countries and the division outlines are cached (a run's
        :attr:`geomap.settings.Settings.cache_dir`).
    area
        A query area to draw, or ``None``.
    cluster
        Cluster nearby markers; ``None`` decides by the number of incidents.
    """
    strings = _Strings()
    action_counts = Counter(gdf["action"].str.lower())
    actions = [a for a, _ in action_counts.most_common()]
    action_index = {a: i for i, a in enumerate(actions)}
    actor_counts = Counter(gdf["actor"])
    layer_actors = [a for a, _ in actor_counts.most_common(MAX_ACTOR_LAYERS)]
    other_actors = len(actor_counts) > len(layer_actors)
    actor_layer = {a: i for i, a in enumerate(layer_actors)}
    precisions = [str(p) for p in PRECISION_LABELS]
    precisions += sorted(set(gdf["precision"]) - set(precisions))
    precision_index = {p: i for i, p in enumerate(precisions)}
    days = pd.to_datetime(pd.Series(sorted({d for d in gdf["date"] if d}), dtype=object),
                          errors="coerce", format="mixed")
    day_of = {d: int(t.value // 86_400_000_000_000)
              for d, t in zip(sorted({d for d in gdf["date"] if d}), days) if not pd.isna(t)}
    dates = sorted(day_of)  # an unreadable date counts as undated
    date_index = {d: i for i, d in enumerate(dates)}
    countries = sorted({c for c in gdf["country"] if c})
    country_index = {c: i for i, c in enumerate(countries)}
    drawn = map_countries(cache_dir)
    names = dict(zip(drawn["iso_a3"], drawn["name"]))

    areas, area_of_row = _areas(gdf, strings, gazetteer, cache_dir)

    rows = []
    columns = [*_TEXT_COLUMNS, "confidence", "fatalities"]
    frame = gdf.reindex(columns=columns)
    for i, (lon, lat, rec) in enumerate(zip(gdf.geometry.x, gdf.geometry.y,
                                            frame.itertuples(index=False))):
        rows.append([
            round(float(lon), _COORD_DIGITS), round(float(lat), _COORD_DIGITS),
            action_index[rec.action.lower()], strings(rec.actor),
            actor_layer.get(rec.actor, len(layer_actors)), strings(rec.target),
            strings(rec.place_name), precision_index[rec.precision],
            date_index.get(rec.date, -1), round(float(rec.confidence), 2), strings(rec.sentence),
            strings(rec.doc_id), strings(rec.source), area_of_row[i], strings(rec.action_mode),
            strings(rec.title), country_index.get(rec.country, -1),
            None if pd.isna(rec.fatalities) else int(rec.fatalities),
            strings(rec.date_precision), strings(rec.incident_id),
        ])
    bounds = None
    if len(gdf):
        west, south, east, north = gdf.total_bounds
        bounds = [[float(south), float(west)], [float(north), float(east)]]
    return {
        "fields": list(ROW_FIELDS),
        "rows": rows,
        "strings": strings.values,
        "actions": [{"name": a, "colour": action_style(a).colour, "glyph": action_style(a).glyph,
                     "count": action_counts[a]} for a in actions],
        "actors": [{"name": a, "count": actor_counts[a]} for a in layer_actors]
        + ([{"name": "", "count": sum(actor_counts.values())
             - sum(actor_counts[a] for a in layer_actors), "other": True}]
           if other_actors else []),
        "precisions": [{"name": p, "label": precision_label(p),
                        "approximate": p in APPROXIMATE_PRECISIONS} for p in precisions],
        "dates": dates,
        "days": [day_of[d] for d in dates],
        "date_precisions": DATE_PRECISION_LABELS,
        "countries": [{"code": c, "name": names.get(c, c)} for c in countries],
        "areas": areas,
        "choropleth": _choropleth(countries, drawn),
        "palette": list(CHOROPLETH_COLOURS),
        "basemap": _basemap(drawn),  # drawn under the tiles, or alone without them
        "labels": basemap_labels(gazetteer, cache_dir),
        "query_area": _geometry_json(area) if area is not None else None,
        "bounds": bounds,
        "cluster": len(gdf) > 150 if cluster is None else cluster,
    }


def _areas(gdf: gpd.GeoDataFrame, strings: _Strings, gazetteer: GazetteerIndex | None,
           cache_dir: Path) -> tuple[list[dict[str, Any]], list[int]]:
    """Group approximate incidents by where they are known to be: one drawn area per place.

    A country is its polygon, a first-level division the extent of its known towns (see
    :mod:`geomap.render.extents`), a sea a circle; a region, and a division with too few known
    towns, get no area (their markers still say they are approximate), and so does every
    division without a ``gazetteer``.
    """
    countries = map_countries(cache_dir).set_index("iso_a3")
    admin1 = (gdf["precision"] == Precision.ADMIN1).to_numpy()
    divisions: Iterator[tuple[str, str]] = iter([("", "")] * admin1.sum())
    extents: dict[tuple[str, str], BaseGeometry] = {}
    if gazetteer is not None and admin1.any():
        divisions = iter(divisions_of(
            gazetteer, gdf["geonameid"][admin1].tolist() if "geonameid" in gdf.columns
            else [None] * admin1.sum(), gdf.geometry.x[admin1].tolist(),
            gdf.geometry.y[admin1].tolist()))
        extents = division_extents(gazetteer, cache_dir)
    areas: list[dict[str, Any]] = []
    key_index: dict[tuple[str, str, float, float], int] = {}
    area_of_row: list[int] = []
    for lon, lat, precision, place, country in zip(
            gdf.geometry.x, gdf.geometry.y, gdf["precision"], gdf["place_name"], gdf["country"]):
        shape = None
        if precision == Precision.COUNTRY and country and country in countries.index:
            key: tuple[str, str, float, float] = (precision, country, 0.0, 0.0)
            shape = countries.loc[country, "geometry"]
        elif precision == Precision.ADMIN1:
            division = next(divisions)
            key = (precision, ".".join(division), 0.0, 0.0)
            shape = extents.get(division)
        else:
            key = (precision, place, round(lon, 3), round(lat, 3))
        if precision not in AREA_RADIUS_M and shape is None:
            area_of_row.append(-1)
            continue
        found = key_index.get(key)
        if found is None:
            area: dict[str, Any] = {"precision": precision, "name": strings(place),
                                    "count": 0}
            if shape is not None:
                area["geometry"] = _geometry_json(shape)
            else:
                area["center"] = [round(float(lat), _COORD_DIGITS),
                                  round(float(lon), _COORD_DIGITS)]
                area["radius"] = AREA_RADIUS_M[precision]
            found = key_index[key] = len(areas)
            areas.append(area)
        areas[found]["count"] += 1
        area_of_row.append(found)
    return areas, area_of_row


def _choropleth(codes: list[str], countries: gpd.GeoDataFrame) -> dict[str, Any]:
    """Return the polygons of ``countries`` with incidents; the page counts what it shows.

    Each feature's ``country`` is the index of its code in ``codes``.
    """
    shown = countries[countries["iso_a3"].isin(codes)]
    index = {c: i for i, c in enumerate(codes)}
    features = [
        {"type": "Feature", "properties": {"name": name, "country": index[iso]},
         "geometry": _geometry_json(geom)}
        for iso, name, geom in zip(shown["iso_a3"], shown["name"], shown.geometry)
    ]
    return {"type": "FeatureCollection", "features": features}


def _basemap(countries: gpd.GeoDataFrame) -> dict[str, Any]:
    """Return every outline of ``countries`` as a FeatureCollection (the offline basemap)."""
    return {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"name": name}, "geometry": mapping(geom)}
        for name, geom in zip(countries["name"], countries.geometry)
    ]}
