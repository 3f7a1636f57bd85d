"""Incident files: write a GeoDataFrame to any supported format and read it back unchanged.

The format follows the file suffix (or ``driver``):

- ``.parquet`` / ``.geoparquet``: GeoParquet 1.0 with its CRS (the default; lists kept)
- ``.gpkg``: GeoPackage, one layer (named after the file unless ``layer`` is given)
- ``.geojson`` / ``.json``: GeoJSON (RFC 7946, EPSG:4326; lists written as JSON arrays)
- ``.shp``: ESRI Shapefile (long column names shortened, restored on read)
- ``.csv``: CSV with ``lon``/``lat`` columns for points, else a WKT ``geometry`` column
- ``.kml``: KML (EPSG:4326), attributes as ExtendedData

Formats that cannot hold a list (GeoPackage, Shapefile, CSV, KML) store list columns such as
``sources`` as a JSON array string; :func:`read_incidents` turns them back into lists and
restores the incident schema's types (empty strings, nullable ``geonameid``, float
``confidence``). A folder reads as one frame made of its GeoParquet partitions (files
starting with ``_`` or ``.`` are skipped, as Arrow does). Every write is atomic.

Examples
--------
>>> import tempfile, pathlib
>>> from geomap.incidents import Incident, incidents_frame
>>> gdf = incidents_frame([Incident("d1", "Iran struck Idlib.", "Iran", "assault", "Idlib",
...                                 36.63, 35.93, "point", sources=["a.txt", "b.txt"])])
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> back = read_incidents(write_incidents(gdf, folder / "incidents.shp"))
>>> list(back.columns) == list(gdf.columns), back.crs.to_string(), back.loc[0, "sources"]
(True, 'EPSG:4326', ['a.txt', 'b.txt'])
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import tempfile
import warnings
from collections.abc import Iterable
from dataclasses import fields
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import pyarrow as pa
import shapely

from geomap.crs import to_wgs84
from geomap.errors import InputError, OutputError
from geomap.incidents import INCIDENT_COLUMNS, Incident, incident_points, normalize_incidents
from geomap.io.atomic import atomic_path, ensure_writable_dir
from geomap.io.geoparquet import read_parquet_folder, single_chunks, write_geoparquet

__all__ = ["FORMATS", "LIST_COLUMNS", "format_of", "read_incidents", "write_incidents"]

log = logging.getLogger(__name__)

# format name -> suffixes it is recognised by; the first suffix is the canonical one.
FORMATS: dict[str, tuple[str, ...]] = {
    "parquet": (".parquet", ".geoparquet"),
    "gpkg": (".gpkg",),
    "geojson": (".geojson", ".json"),
    "shp": (".shp",),
    "csv": (".csv",),
    "kml": (".kml",),
}
# GDAL driver names (and a few common spellings) accepted as ``driver=``.
_DRIVER_ALIASES: dict[str, str] = {
    "geoparquet": "parquet", "parquet": "parquet",
    "gpkg": "gpkg", "geopackage": "gpkg",
    "geojson": "geojson", "json": "geojson",
    "shp": "shp", "esri shapefile": "shp", "shapefile": "shp",
    "csv": "csv",
    "kml": "kml", "libkml": "kml",
}
_OGR_DRIVERS = {"gpkg": "GPKG", "geojson": "GeoJSON", "shp": "ESRI Shapefile", "kml": "KML"}

_SCHEMA_TYPES = {f.name: str(f.type) for f in fields(Incident) if f.name in INCIDENT_COLUMNS}
LIST_COLUMNS: tuple[str, ...] = tuple(
    name for name, kind in _SCHEMA_TYPES.items() if kind.startswith("list")
)

# Shapefile (dBASE) field names hold at most 10 characters.
_SHP_NAMES = {
    "incident_id": "inc_id",
    "actor_country": "actor_ctry",
    "action_mode": "act_mode",
    "acled_event_type": "acled_evt",
    "acled_sub_event_type": "acled_sub",
    "target_country": "targ_ctry",
    "date_precision": "date_prec",
}
_SHP_NAMES_BACK = {short: long for long, short in _SHP_NAMES.items()}
_DBF_TEXT_LIMIT = 254
# Fields the KML readers add to every placemark; dropped on read unless they hold something.
_KML_STANDARD = ("id", "Name", "description", "timestamp", "begin", "end", "altitudeMode",
                 "tessellate", "extrude", "visibility", "drawOrder", "icon")


def format_of(path: str | os.PathLike[str], driver: str | None = None) -> str:
    """Return the format name (a key of :data:`FORMATS`) for ``path`` or ``driver``.

    >>> format_of("out.GPKG"), format_of("x.bin", driver="ESRI Shapefile")
    ('gpkg', 'shp')
    """
    if driver is not None:
        fmt = _DRIVER_ALIASES.get(driver.lower())
        if fmt is None:
            raise OutputError(f"unknown driver {driver!r}: use one of {', '.join(FORMATS)}")
        return fmt
    suffix = Path(path).suffix.lower()
    for fmt, suffixes in FORMATS.items():
        if suffix in suffixes:
            return fmt
    known = " ".join(s for suffixes in FORMATS.values() for s in suffixes)
    raise OutputError(f"cannot tell the format of {str(path)!r}: end the name with one of {known}")


def write_incidents(
    gdf: gpd.GeoDataFrame,
    path: str | os.PathLike[str],
    *,
    driver: str | None = None,
    layer: str | None = None,
) -> Path:
    """Write incidents (or any GeoDataFrame, such as hotspot areas) to ``path`` atomically.

    Parameters
    ----------
    gdf
        The frame to write; its CRS is kept where the format can hold one (GeoParquet,
        GeoPackage, Shapefile) and converted to EPSG:4326 for GeoJSON, CSV and KML.
    path
        Output file; the suffix picks the format (see the module docstring).
    driver
        A format name or GDAL driver name that overrides the suffix.
    layer
        Layer name (default: the file name without suffix); ignored by Parquet and CSV.

    Returns
    -------
    Path
        ``path``.

    Raises
    ------
    OutputError
        Unknown format, or the file cannot be written.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from geomap.incidents import empty_incidents
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "none.geojson"
    >>> write_incidents(empty_incidents(), out).exists()
    True
    """
    path = Path(path)
    fmt = format_of(path, driver)
    if not isinstance(gdf, gpd.GeoDataFrame) or gdf.geometry.name not in gdf.columns:
        raise OutputError("only a GeoDataFrame with a geometry column can be written as incidents")
    if fmt in {"geojson", "csv", "kml"}:
        gdf = to_wgs84(gdf)
    if fmt == "parquet":
        write_geoparquet(gdf, path)
    elif fmt == "csv":
        _write_csv(_lists_to_json(gdf), path)
    elif fmt == "shp":
        _write_shapefile(_lists_to_json(gdf), path)
    else:
        frame = _lists_to_json(gdf)
        with atomic_path(path) as tmp:
            _ogr_write(frame, tmp, _OGR_DRIVERS[fmt], layer=layer or path.stem)
    log.info("wrote %d rows to %s", len(gdf), path)
    return path


def read_incidents(path: str | os.PathLike[str], *, layer: str | None = None) -> gpd.GeoDataFrame:
    """Read a file written by :func:`write_incidents`, or a folder of GeoParquet partitions.

    Parameters
    ----------
    path
        An incident file (any format of :data:`FORMATS`) or a folder of ``.parquet`` files.
    layer
        GeoPackage layer to read (default: the first).

    Returns
    -------
    geopandas.GeoDataFrame
        The same columns as written, list columns as lists, the CRS as written (EPSG:4326
        for CSV).

    Raises
    ------
    InputError
        Missing path, unknown suffix, empty folder, or an unreadable file.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from geomap.incidents import empty_incidents
    >>> out = write_incidents(empty_incidents(), pathlib.Path(tempfile.mkdtemp()) / "e.gpkg")
    >>> len(read_incidents(out)), read_incidents(out).crs.to_string()
    (0, 'EPSG:4326')
    """
    path = Path(path)
    if not path.exists():
        raise InputError(f"incident file {str(path)!r} not found: check the path")
    if path.is_dir():
        return single_chunks(normalize_incidents(read_parquet_folder(path)))
    try:
        fmt = format_of(path)
    except OutputError as err:
        known = " ".join(s for suffixes in FORMATS.values() for s in suffixes)
        raise InputError(
            f"cannot read {str(path)!r}: incident files end with one of {known}, "
            "or give a folder of .parquet partitions"
        ) from err
    try:
        if fmt == "parquet":
            frame = gpd.read_parquet(path)
        elif fmt == "csv":
            frame = _read_csv(path)
        else:
            frame = _ogr_read(path, layer=layer)
    except (OSError, ValueError, pa.ArrowException, shapely.errors.ShapelyError) as err:
        if isinstance(err, InputError):
            raise
        raise InputError(
            f"cannot read {str(path)!r} as {fmt} ({_first_line(err)}): "
            "check that geomap or another GIS tool wrote it completely"
        ) from err
    if fmt == "shp":
        frame = frame.rename(columns=_SHP_NAMES_BACK)
    elif fmt == "kml":
        frame = _drop_kml_standard(frame)
    return single_chunks(normalize_incidents(frame))


# -- writers -------------------------------------------------------------------------------


def _is_list_column(series: pd.Series) -> bool:
    if series.name in LIST_COLUMNS:
        return True
    if series.dtype != object or series.empty:
        return False
    first = series.dropna()
    return not first.empty and isinstance(first.iloc[0], list | tuple | np.ndarray)


def _to_list(value: Any) -> list[Any]:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return []
    if isinstance(value, str):
        return [value]
    return [v.item() if isinstance(v, np.generic) else v for v in value]


def _lists_to_json(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Return ``gdf`` with each list column as JSON array strings (for list-less formats)."""
    list_columns = [c for c in gdf.columns if c != gdf.geometry.name and _is_list_column(gdf[c])]
    if not list_columns:
        return gdf
    out = gdf.copy()
    for column in list_columns:
        out[column] = [json.dumps(_to_list(v), ensure_ascii=False) for v in gdf[column]]
    return out


def _write_csv(gdf: gpd.GeoDataFrame, path: Path) -> None:
    geometry = gdf.geometry
    table = pd.DataFrame(gdf.drop(columns=geometry.name))
    kinds = set(shapely.get_type_id(geometry.values[~geometry.isna().to_numpy()]))
    if kinds <= {shapely.GeometryType.POINT}:
        table["lon"] = shapely.get_x(geometry.values)
        table["lat"] = shapely.get_y(geometry.values)
    else:
        table["geometry"] = shapely.to_wkt(geometry.values, rounding_precision=-1)
    with atomic_path(path) as tmp:
        table.to_csv(tmp, index=False)


def _write_shapefile(gdf: gpd.GeoDataFrame, path: Path) -> None:
    frame = gdf.rename(columns=_SHP_NAMES)
    for column in frame.columns:
        if frame[column].dtype != object and not pd.api.types.is_string_dtype(frame[column]):
            continue
        if column == frame.geometry.name:
            continue
        if frame[column].astype(str).str.len().max() > _DBF_TEXT_LIMIT:
            log.warning("shapefile text is limited to %d characters: column %r is cut; "
                        "write .gpkg or .parquet to keep it whole", _DBF_TEXT_LIMIT, column)
    # A shapefile is several files; write them in a private folder, then move each into
    # place atomically, the .shp itself last.
    ensure_writable_dir(path)
    with tempfile.TemporaryDirectory(prefix=f".{path.stem}.", dir=path.parent) as work:
        written = Path(work) / f"{path.stem}.shp"
        _ogr_write(frame, written, "ESRI Shapefile", ENCODING="UTF-8")
        parts = sorted(Path(work).iterdir(), key=lambda p: p.suffix.lower() == ".shp")
        for part in parts:
            with atomic_path(path.with_suffix(part.suffix)) as tmp:
                shutil.move(part, tmp)


def _ogr_write(frame: gpd.GeoDataFrame, path: Path, driver: str, **options: Any) -> None:
    try:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message="Normalized/laundered field name")
            warnings.filterwarnings("ignore", message=".*has been truncated to")
            frame.to_file(path, driver=driver, engine="pyogrio", **options)
    except OSError:
        raise
    except Exception as err:  # pyogrio/GDAL errors carry no common base class
        raise OutputError(
            f"cannot write {driver} ({_first_line(err)}): try .gpkg or .parquet instead"
        ) from err


# -- readers -------------------------------------------------------------------------------


def _first_line(err: BaseException) -> str:
    text = str(err).strip().splitlines()
    return text[0] if text else type(err).__name__


def _ogr_read(path: Path, layer: str | None) -> gpd.GeoDataFrame:
    try:
        return gpd.read_file(path, engine="pyogrio", layer=layer)
    except (OSError, ValueError):
        raise
    except Exception as err:  # pyogrio DataSourceError and friends
        raise InputError(
            f"cannot read {str(path)!r} ({_first_line(err)}): check that it is a complete "
            "GeoPackage/GeoJSON/Shapefile/KML file"
        ) from err


def _read_csv(path: Path) -> gpd.GeoDataFrame:
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    if "geometry" in table.columns:
        wkt = table.pop("geometry").replace("", None)
        geometry = shapely.from_wkt(wkt.to_numpy(), on_invalid="raise")
    elif {"lon", "lat"} <= set(table.columns):
        lon = pd.to_numeric(table.pop("lon").replace("", None), errors="raise")
        lat = pd.to_numeric(table.pop("lat").replace("", None), errors="raise")
        geometry = incident_points(lon.to_numpy(float), lat.to_numpy(float))
    else:
        raise InputError(
            f"{str(path)!r} has neither a WKT 'geometry' column nor 'lon'/'lat' columns: "
            "add them, or write the file with geomap"
        )
    for column in table.columns:
        if column in _SCHEMA_TYPES:
            continue
        converted = pd.to_numeric(table[column].replace("", None), errors="coerce")
        if converted.notna().sum() == (table[column] != "").sum():
            table[column] = converted
    return gpd.GeoDataFrame(table, geometry=geometry, crs="EPSG:4326")


def _drop_kml_standard(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    defaults: dict[str, Iterable[Any]] = {"tessellate": (-1,), "extrude": (0,),
                                          "visibility": (-1,)}
    drop = []
    for column in _KML_STANDARD:
        if column not in frame.columns:
            continue
        values = frame[column].dropna()
        if column == "id" or values.empty or values.isin(defaults.get(column, ())).all():
            drop.append(column)
    frame = frame.drop(columns=drop)
    frame = frame.set_geometry(shapely.force_2d(frame.geometry.values), crs=frame.crs)
    return frame
