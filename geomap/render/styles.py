"""How incidents look on the map: a colour and an icon per action type, a label per precision.

Action types are PLOVER types in lower case (see GUIDE.md). Violent types get warm colours,
verbal and cooperative ones cool colours; an action the table does not know is drawn in grey
with a plain dot, so nothing is ever left off the map.

Examples
--------
>>> action_style("assault").colour
'#d62728'
>>> action_style("Something New").glyph == GLYPHS["dot"]
True
>>> precision_label("country")
'country-level: somewhere in this country'
"""

from __future__ import annotations

from dataclasses import dataclass

from geomap.places import Precision

__all__ = [
    "APPROXIMATE_PRECISIONS",
    "AREA_RADIUS_M",
    "CHOROPLETH_COLOURS",
    "DATE_PRECISION_LABELS",
    "GLYPHS",
    "PRECISION_LABELS",
    "ActionStyle",
    "action_style",
    "precision_label",
]

# 24x24 SVG path data, drawn in white on the action colour. Written for this project.
GLYPHS: dict[str, str] = {
    "burst": "M12 1l2.6 6.2L21 5l-2.4 6.3L23 14l-6.6.9L17 22l-5-4.4L7 22l.6-7.1L1 14l4.4-2.7"
             "L3 5l6.4 2.2z",
    "lock": "M7 10V7a5 5 0 0 1 10 0v3h2v12H5V10zm2.5 0h5V7a2.5 2.5 0 0 0-5 0z",
    "alert": "M10.5 3h3l-.5 12h-2zM12 17.5a2 2 0 1 1 0 4 2 2 0 0 1 0-4z",
    "flag": "M5 2h2v20H5zM8 3h11l-3 4.5 3 4.5H8z",
    "chevrons": "M12 3l8 8-2 2-6-6-6 6-2-2zm0 8l8 8-2 2-6-6-6 6-2-2z",
    "ban": "M12 2a10 10 0 1 1 0 20 10 10 0 0 1 0-20zm-5.6 6A7 7 0 0 0 16 17.6zM8 6.4L17.6 16"
           "A7 7 0 0 0 8 6.4z",
    "speech": "M3 4h18v12H10l-5 4v-4H3z",
    "check": "M9 16.2l-4.2-4.2L3.4 13.4 9 19 21 7l-1.4-1.4z",
    "plus": "M10 3h4v7h7v4h-7v7h-4v-7H3v-4h7z",
    "arrow": "M20 11H7.8l5.6-5.6L12 4l-8 8 8 8 1.4-1.4L7.8 13H20z",
    "dot": "M12 6a6 6 0 1 1 0 12 6 6 0 0 1 0-12z",
}


@dataclass(frozen=True, slots=True)
class ActionStyle:
    """The colour (CSS hex) and glyph (SVG path data) of one action type."""

    colour: str
    glyph: str


_STYLES: dict[str, tuple[str, str]] = {
    "assault": ("#d62728", "burst"),
    "coerce": ("#ff7f0e", "lock"),
    "threaten": ("#e6ab02", "alert"),
    "mobilize": ("#9467bd", "chevrons"),
    "protest": ("#e377c2", "flag"),
    "sanction": ("#8c564b", "ban"),
    "accuse": ("#7f7f7f", "speech"),
    "demand": ("#7f7f7f", "speech"),
    "disapprove": ("#7f7f7f", "speech"),
    "reject": ("#636363", "speech"),
    "request": ("#17becf", "speech"),
    "consult": ("#1f77b4", "speech"),
    "agree": ("#2ca02c", "check"),
    "cooperate": ("#2ca02c", "check"),
    "support": ("#1f77b4", "check"),
    "aid": ("#1b9e77", "plus"),
    "concede": ("#6baed6", "arrow"),
    "retreat": ("#6baed6", "arrow"),
}
_UNKNOWN = ("#969696", "dot")

APPROXIMATE_PRECISIONS = frozenset({Precision.COUNTRY, Precision.ADMIN1, Precision.REGION,
                                    Precision.WATER})

# Radius of the circle drawn around a sea, and around a country with no polygon on the map.
# First-level divisions and regions are never circles (see geomap.render.extents).
AREA_RADIUS_M: dict[str, float] = {Precision.WATER: 150_000.0, Precision.COUNTRY: 300_000.0}

# How an incident's date was found (the ``date_precision`` column), as the popup says it.
DATE_PRECISION_LABELS: dict[str, str] = {
    "stated": "stated in the text",
    "relative": "worked out from the report's date",
    "report": "the report's own date",
}

# What each precision means to a reader, in the order of the legend.
PRECISION_LABELS: dict[str, str] = {
    Precision.POINT: "exact place",
    Precision.NEAR: "near a named place: placed at the distance and direction the text gives",
    Precision.ADMIN1: "province-level: somewhere in this province",
    Precision.COUNTRY: "country-level: somewhere in this country",
    Precision.REGION: "region-level: somewhere in this region",
    Precision.WATER: "at sea: somewhere on this body of water",
}

# Yellow-orange-red, light to dark, for incident counts per country. The page picks the class
# (geometric steps up to the busiest country shown, so one busy country does not wash out
# the rest) as the filters change.
CHOROPLETH_COLOURS = ("#ffeda0", "#fed976", "#feb24c", "#fd8d3c", "#f03b20", "#bd0026")


def action_style(action: str) -> ActionStyle:
    """Return the style of ``action`` (case-insensitive); grey dot when unknown."""
    colour, glyph = _STYLES.get(str(action).strip().lower(), _UNKNOWN)
    return ActionStyle(colour=colour, glyph=GLYPHS[glyph])


def precision_label(precision: str) -> str:
    """Return a reader's description of a precision level (the level itself when unknown)."""
    return PRECISION_LABELS.get(precision, precision or "unknown precision")
