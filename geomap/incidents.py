"""The incident record and the one place where incident points are made.

An incident is one row: who (actor) did what (action) to whom (target), where (a resolved
place, as a ``Point`` in EPSG:4326) and when, with the sentence it was read from.

Examples
--------
>>> rec = Incident(doc_id="d1", sentence="Iran struck Idlib.", actor="Iran",
...                action="assault", place_name="Idlib", lon=36.63, lat=35.93,
...                precision="point")
>>> gdf = incidents_frame([rec])
>>> gdf.crs.to_string(), gdf.loc[0, "geometry"].x
('EPSG:4326', 36.63)
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field, fields
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

if TYPE_CHECKING:  # geopandas and pandas load only when a frame is made: the geoparser,
    import geopandas as gpd  # which reads the events' vocabulary, starts without them

__all__ = [
    "INCIDENT_COLUMNS", "Incident", "empty_incidents", "incident_id", "incident_points",
    "incidents_frame", "normalize_incidents", "unique_ids",
]


def incident_id(doc_id: str, sentence: str, action: str, place: str) -> str:
    """Return a stable id for an incident: a hash of document, sentence, action and place.

    >>> incident_id("d1", "Iran struck Idlib.", "assault", "Idlib")
    '82a4b1ddf36d3e24'
    """
    key = f"{doc_id}\x1f{sentence}\x1f{action}\x1f{place}"
    return hashlib.blake2b(key.encode("utf-8"), digest_size=8).hexdigest()


def unique_ids(ids: Iterable[str]) -> list[str]:
    """Return ``ids`` with every repeat made distinct: the n-th repeat is hashed with n.

    Two incidents of one sentence, action and place (two actors, two days) would otherwise
    share an id, and an upsert by id would silently keep only one. The first occurrence keeps
    its id and the result depends only on the order, so reruns give the same ids.

    >>> unique_ids(["a1", "b2", "a1"])
    ['a1', 'b2', 'e0267474d7a4bfe8']
    """
    seen: dict[str, int] = {}
    out: list[str] = []
    for value in ids:
        count = seen.get(value, 0)
        seen[value] = count + 1
        out.append(value if count == 0 else incident_id(value, str(count), "", ""))
    return out


@dataclass(slots=True)
class Incident:
    """One incident, before it becomes a GeoDataFrame row. ``lon``/``lat`` in degrees, NaN
    for an unlocated incident (precision ``unknown``: a place the gazetteer lacks).

    ``country``, ``actor_country`` and ``target_country`` are ISO 3166 alpha-3 codes
    (``IRQ``): the one country code of the incident schema (places carry GeoNames' alpha-2;
    the conversion is made where a place becomes an incident).

    ``date`` is the event's date as the text gives it; ``published`` is its report's date
    (ISO), which dates the incident when the text does not.
    """

    doc_id: str
    sentence: str
    actor: str
    action: str
    place_name: str
    lon: float
    lat: float
    precision: str
    source: str = ""
    actor_country: str = ""
    actor_type: str = ""
    action_mode: str = ""
    acled_event_type: str = ""
    acled_sub_event_type: str = ""
    target: str = ""
    target_country: str = ""
    geonameid: int | None = None
    country: str = ""
    date: str = ""
    date_precision: str = ""
    fatalities: int | None = None
    confidence: float = 0.0
    title: str = ""
    published: str = ""
    trigger: str = ""
    sources: list[str] = field(default_factory=list)
    incident_id: str = ""

    def __post_init__(self) -> None:
        if not self.incident_id:
            self.incident_id = incident_id(
                self.doc_id, self.sentence, self.action, self.place_name
            )


INCIDENT_COLUMNS: list[str] = [f.name for f in fields(Incident) if f.name not in {"lon", "lat"}]


def empty_incidents() -> gpd.GeoDataFrame:
    """Return an incident GeoDataFrame with every column and no rows."""
    return incidents_frame([])


def incident_points(lon: NDArray[np.float64], lat: NDArray[np.float64]) -> NDArray[np.object_]:
    """The incidents' points (shapely, lon/lat in degrees), ``None`` where a coordinate is
    missing (NaN: an unlocated incident).

    >>> [p if p is None else p.wkt for p in incident_points(np.array([1.0, np.nan]),
    ...                                                      np.array([2.0, np.nan]))]
    ['POINT (1 2)', None]
    """
    from shapely import points

    made: NDArray[np.object_] = points(lon, lat)
    made[np.isnan(lon) | np.isnan(lat)] = None
    return made


def incidents_frame(records: Iterable[Incident]) -> gpd.GeoDataFrame:
    """Make the incident GeoDataFrame (EPSG:4326, one ``Point(lon, lat)`` per incident; no
    geometry for an unlocated one).

    This is the one place where incident geometries are made.
    """
    import geopandas as gpd
    import pandas as pd

    rows = [asdict(r) for r in records]
    frame = pd.DataFrame(rows, columns=[f.name for f in fields(Incident)])
    geometry = incident_points(frame["lon"].astype(float).to_numpy(),
                               frame["lat"].astype(float).to_numpy())
    gdf = gpd.GeoDataFrame(
        frame.drop(columns=["lon", "lat"]), geometry=geometry, crs="EPSG:4326"
    )
    gdf = normalize_incidents(gdf)
    gdf["incident_id"] = unique_ids(gdf["incident_id"])
    return gdf[INCIDENT_COLUMNS + ["geometry"]]


#: Each incident column's kind, from the record's fields: ``str``, ``float``, ``int | None``
#: or ``list[str]``.
_KINDS: dict[str, str] = {f.name: str(f.type) for f in fields(Incident)
                          if f.name in INCIDENT_COLUMNS}


def _as_list(value: object) -> list[object]:
    """A list cell as read back: a list or array as it is, JSON array text decoded, other
    text as one item, missing as empty."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return []
    if isinstance(value, str):
        text = value.strip()
        if not text.startswith("["):
            return [value] if text else []
        try:
            decoded = json.loads(text)
        except json.JSONDecodeError:
            return [value]
        return decoded if isinstance(decoded, list) else [decoded]
    return [v.item() if isinstance(v, np.generic) else v for v in value]  # type: ignore[attr-defined]


def normalize_incidents(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Give the incident columns of ``frame`` their schema types, in place, and return it.

    Text columns hold ``""`` for missing values, ``confidence`` is a float, ``geonameid``
    and ``fatalities`` nullable integers (``<NA>`` when unknown, never 0), ``sources`` a
    list. Columns outside the schema are left alone, and missing ones are not added. This is
    the one place where types are restored: after reading a file, a store or a table.

    Examples
    --------
    >>> import geopandas as gpd
    >>> import pandas as pd
    >>> frame = gpd.GeoDataFrame({"place_name": [None], "geonameid": ["99072"],
    ...                           "fatalities": [""], "sources": ['["a.txt"]']})
    >>> out = normalize_incidents(frame)
    >>> str(out["geonameid"].dtype), out.loc[0, "fatalities"] is pd.NA
    ('Int64', True)
    >>> out.loc[0, "place_name"], out.loc[0, "sources"]
    ('', ['a.txt'])
    """
    import pandas as pd

    for column, kind in _KINDS.items():
        if column not in frame.columns:
            continue
        if kind == "str":
            frame[column] = frame[column].fillna("").astype(str)
        elif kind == "float":
            frame[column] = pd.to_numeric(frame[column], errors="coerce").astype(float)
        elif kind.startswith("int"):
            numbers = pd.to_numeric(frame[column].replace("", None), errors="coerce")
            frame[column] = numbers.round().astype("Int64")
        elif kind.startswith("list"):
            frame[column] = [_as_list(v) for v in frame[column]]
    return frame
