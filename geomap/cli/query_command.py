"""``geomap query INCIDENTS ...``: spatial and attribute questions of an incident file.

Filters combine (all must hold): attribute filters first, then ``--within``, ``--bbox``,
``--near``, and last ``--nearest K --to PLACE`` among what is left. ``--count-by`` or
``--hotspots`` then summarise the matching incidents. The result prints as a table; ``-o``
writes it in any incident format and ``--map`` draws it with the query area.

Examples
--------
>>> from click.testing import CliRunner
>>> "--radius-km" in CliRunner().invoke(query_command, ["--help"]).output
True
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from geomap.cli.options import force_option, selection_options

if TYPE_CHECKING:
    import geopandas as gpd

    from geomap.tools.selection import Selection

__all__ = ["query_command"]

_TABLE_COLUMNS = ["date", "actor", "action", "target", "place_name", "country", "precision",
                  "confidence", "distance_km"]
_CELL_WIDTH = 28


def _table(frame: gpd.GeoDataFrame, columns: list[str], limit: int) -> str:
    import pandas as pd

    shown = pd.DataFrame(frame[columns].head(limit))
    for column in shown.columns:
        if shown[column].dtype.kind == "f":
            shown[column] = shown[column].round(2)
        elif shown[column].dtype.kind in "OUT" or pd.api.types.is_string_dtype(shown[column]):
            shown[column] = [
                str(v) if len(str(v)) <= _CELL_WIDTH else str(v)[: _CELL_WIDTH - 1] + "…"
                for v in shown[column]
            ]
    text = shown.to_string(index=False) if len(shown) else "(no rows)"
    if len(frame) > limit:
        text += f"\n… {len(frame) - limit} more rows (use -o to write them all, or --limit N)"
    return text


@click.command("query")
@force_option
@click.argument("incidents", metavar="INCIDENTS")
@selection_options
@click.option("--nearest", type=click.IntRange(min=1), metavar="K",
              help="Keep the K incidents nearest to --to.")
@click.option("--to", "to_spec", metavar="PLACE|LAT,LON", help="Reference point of --nearest.")
@click.option("--count-by", metavar="country|admin1|hex|FILE",
              help="Count matching incidents per country, region, H3 hexagon or polygon.")
@click.option("--hex-resolution", type=click.IntRange(0, 15), default=5, show_default=True,
              help="H3 resolution for --count-by hex.")
@click.option("--hotspots", is_flag=True, help="Find dense clusters and return their areas.")
@click.option("--eps-km", type=float, default=25.0, show_default=True,
              help="Hotspot neighbourhood radius in kilometres.")
@click.option("--min-samples", type=click.IntRange(min=1), default=5, show_default=True,
              help="Incidents needed to make a hotspot core.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the result (.geojson .gpkg .parquet .csv .shp .kml).")
@click.option("--map", "map_path", type=click.Path(dir_okay=False, path_type=Path),
              metavar="OUT.html", help="Draw the result and the query area on an HTML map.")
@click.option("--offline", is_flag=True,
              help="With --map: no tile server; the page never reaches the network.")
@click.option("--table", default="incidents", show_default=True,
              help="The table, when INCIDENTS is a postgresql:// URL.")
@click.option("--limit", type=click.IntRange(min=0), default=20, show_default=True,
              help="Rows shown on the terminal.")
def query_command(incidents: str, selection: Selection, nearest: int | None,
                  to_spec: str | None, count_by: str | None, hex_resolution: int,
                  hotspots: bool, eps_km: float, min_samples: int, output: Path | None,
                  map_path: Path | None, offline: bool, table: str, limit: int) -> None:
    """Ask spatial questions of INCIDENTS (any file geomap writes, a folder of parquet, or a
    postgresql:// URL, where the area tests run in the database).

    \b
    geomap query incidents.parquet --within Iraq --since 2024-01-01
    geomap query incidents.gpkg --near "Al Asad" --radius-km 50 -o near.geojson
    geomap query store/ --bbox 170,-30,-170,0 --count-by hex --map hex.html
    geomap query incidents.parquet --hotspots --eps-km 30 -o areas.gpkg
    geomap query postgresql://analyst@db/news --near Erbil --radius-km 100
    """
    import geopandas as gpd
    import pandas as pd

    from geomap.errors import QueryError
    from geomap.io.incident_files import format_of, write_incidents
    from geomap.tools import query as q
    from geomap.tools.aggregate import BY_CHOICES
    from geomap.tools.areas import area_frame, resolve_area, resolve_point
    from geomap.tools.geodesy import geodesic_circle
    from geomap.tools.selection import read_source, select_incidents

    if (nearest is None) != (to_spec is None):
        raise QueryError("--nearest and --to go together: --nearest K --to PLACE")
    if count_by and hotspots:
        raise QueryError("choose one of --count-by and --hotspots")
    if output is not None:
        format_of(output)  # an unknown suffix fails now, not after the query

    frame = read_source(incidents, table=table, selection=selection)
    total = len(frame)
    frame, areas = select_incidents(frame, selection)
    if nearest is not None and to_spec is not None:
        lon, lat, label = resolve_point(to_spec)
        frame = q.nearest(frame, (lon, lat), nearest)
        if len(frame):
            reach = max(float(frame["distance_km"].max()), 1.0)
            areas.append(area_frame(geodesic_circle(lon, lat, reach * 1000.0),
                                    f"{len(frame)} nearest to {label}"))
    click.echo(f"{len(frame)} of {total} incidents match", err=True)

    result: gpd.GeoDataFrame = frame
    if count_by:
        by: str | gpd.GeoDataFrame = count_by
        if count_by not in BY_CHOICES:
            by = resolve_area(count_by)
        result = q.count_by(frame, by, resolution=hex_resolution)
        columns = [c for c in result.columns if c != result.geometry.name]
    elif hotspots:
        result = q.hotspots(frame, eps_km=eps_km, min_samples=min_samples)
        columns = [c for c in result.columns if c not in (result.geometry.name, "lon", "lat")]
    else:
        columns = [c for c in _TABLE_COLUMNS if c in frame.columns]
    click.echo(_table(result, columns, limit))

    if output is not None:
        write_incidents(result, output)
        click.echo(f"wrote {len(result)} rows to {output}", err=True)
    if map_path is not None:
        from geomap.render import render_map

        if result is not frame:
            polygons = result[result.geometry.geom_type.isin(["Polygon", "MultiPolygon"])]
            if len(polygons):
                areas.append(polygons)
        area = gpd.GeoDataFrame(pd.concat(areas, ignore_index=True), crs="EPSG:4326") \
            if areas else None
        render_map(frame, map_path, area=area, offline=offline)
        click.echo(f"wrote map {map_path}", err=True)
