"""GeoParquet: atomic writes with one schema for every partition, and folders of partitions.

A batch store is a folder of GeoParquet partitions; :func:`write_geoparquet` writes one with
no all-null column type (so every partition has the same schema) and
:func:`read_parquet_folder` reads them back as one frame. :func:`single_chunks` makes each
column one contiguous Arrow chunk, so picking rows stays cheap.

Examples
--------
>>> import tempfile, pathlib
>>> from geomap.incidents import Incident, incidents_frame
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> gdf = incidents_frame([Incident("d", "s", "A", "assault", "X", 1.0, 2.0, "point")])
>>> write_geoparquet(gdf, folder / "part-0.parquet")
>>> len(read_parquet_folder(folder)), [p.name for p in partition_files(folder)]
(1, ['part-0.parquet'])
"""

from __future__ import annotations

import io
import os
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
from geopandas.array import GeometryArray

from geomap.errors import InputError, describe
from geomap.io.atomic import atomic_path

__all__ = ["partition_files", "read_parquet_folder", "single_chunks", "write_geoparquet"]


def _concrete(field: pa.Field) -> pa.Field:
    """Give an all-null column a concrete type, so that every partition has one schema."""
    if pa.types.is_null(field.type):
        return field.with_type(pa.string())
    if pa.types.is_list(field.type) and pa.types.is_null(field.type.value_type):
        return field.with_type(pa.list_(pa.string()))
    return field


def write_geoparquet(gdf: gpd.GeoDataFrame, path: str | os.PathLike[str]) -> None:
    """Write ``gdf`` as GeoParquet atomically, with no all-null column types.

    An empty ``sources`` list in every row would otherwise be written as ``list<null>`` in
    one file and ``list<string>`` in the next, which Arrow cannot read as one dataset.

    >>> import tempfile, pathlib
    >>> from geomap.incidents import Incident, incidents_frame
    >>> gdf = incidents_frame([Incident("d", "s", "A", "assault", "X", 1.0, 2.0, "point")])
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "p.parquet"
    >>> write_geoparquet(gdf, path)
    >>> str(pq.read_schema(path).field("sources").type)
    'list<element: string>'
    """
    buffer = io.BytesIO()
    gdf.to_parquet(buffer, index=False)
    buffer.seek(0)
    table = pq.read_table(buffer)
    schema = pa.schema([_concrete(f) for f in table.schema], metadata=table.schema.metadata)
    with atomic_path(path) as tmp:
        pq.write_table(table.cast(schema), tmp)


def partition_files(folder: Path) -> list[Path]:
    return sorted(
        p for p in folder.rglob("*.parquet")
        if not any(part.startswith(("_", ".")) for part in p.relative_to(folder).parts)
    )


def read_parquet_folder(folder: Path) -> gpd.GeoDataFrame:
    files = partition_files(folder)
    if not files:
        raise InputError(
            f"folder {str(folder)!r} holds no .parquet partitions: give an incident file "
            "or a folder written by `geomap batch`"
        )
    try:
        frames = [gpd.read_parquet(f) for f in files]
    except (OSError, ValueError, pa.ArrowException) as err:
        raise InputError(
            f"cannot read the partitions in {str(folder)!r} ({describe(err, 200)}): "
            "check that each .parquet file is a complete GeoParquet file"
        ) from err
    frames = [f for f in frames if len(f)] or frames[:1]
    crs = frames[0].crs
    if any(f.crs != crs for f in frames):
        frames = [f.to_crs(crs) for f in frames]
    return gpd.GeoDataFrame(pd.concat(frames, ignore_index=True), crs=crs)


def single_chunks(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Give each Arrow-backed column one contiguous chunk.

    Parquet row groups arrive as several chunks, and taking a few rows from a chunked
    column costs a pass over all of them: queries that pick rows would pay it every time.
    """
    for column in frame.columns:
        values = frame[column].array
        if not hasattr(values, "__arrow_array__") or isinstance(values, GeometryArray):
            continue
        arrow = values.__arrow_array__()
        if isinstance(arrow, pa.ChunkedArray) and arrow.num_chunks > 1:
            frame[column] = pd.Series(pd.array(arrow.combine_chunks(), dtype=frame[column].dtype),
                                      index=frame.index)
    return frame
