"""``geomap query INCIDENTS ...``: spatial and attribute questions of an incident file.

The options make one :class:`~geomap.tools.selection.Query`, answered by
:func:`geomap.tools.plan.run_query` (the plan is there, callable from Python): filters
combine (all must hold), ``--nearest K --to PLACE`` picks among what is left, and
``--count-by`` or ``--hotspots`` summarise. The result prints as a table; ``-o`` writes it
in any incident format and ``--map`` draws it with the query area.

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

from geomap.cli.options import (
    command_resources,
    force_option,
    output_option,
    selection_options,
    table_option,
)

if TYPE_CHECKING:
    import geopandas as gpd

    from geomap.tools.selection import Query

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
@click.option("--merge", is_flag=True,
              help="Collapse reports of one event into one row first (as geomap extract).")
@output_option("Write the result (.geojson .gpkg .parquet .csv .shp .kml).", required=False)
@click.option("--map", "map_path", type=click.Path(dir_okay=False, path_type=Path),
              metavar="OUT.html", help="Draw the result and the query area on an HTML map.")
@click.option("--offline", is_flag=True,
              help="With --map: no tile server; the page never reaches the network.")
@table_option
@click.option("--limit", type=click.IntRange(min=0), default=20, show_default=True,
              help="Rows shown on the terminal.")
def query_command(incidents: str, query: Query, nearest: int | None, to_spec: str | None,
                  count_by: str | None, hex_resolution: int, hotspots: bool, eps_km: float,
                  min_samples: int, merge: bool, output: Path | None, map_path: Path | None,
                  offline: bool, table: str, limit: int) -> None:
    """Ask spatial questions of INCIDENTS (any file geomap writes, a folder of parquet, or a
    postgresql:// URL, where the area tests run in the database).

    \b
    geomap query incidents.parquet --within Iraq --since 2024-01-01
    geomap query incidents.gpkg --near "Al Asad" --radius-km 50 -o near.geojson
    geomap query store/ --bbox 170,-30,-170,0 --count-by hex --map hex.html
    geomap query incidents.parquet --hotspots --eps-km 30 -o areas.gpkg
    geomap query postgresql://analyst@db/news --near Erbil --radius-km 100
    """
    import dataclasses

    from geomap.io.incident_files import format_of, write_incidents
    from geomap.tools.plan import run_query

    query = dataclasses.replace(query, nearest=nearest, to=to_spec, count_by=count_by,
                                hex_resolution=hex_resolution, hotspots=hotspots,
                                eps_km=eps_km, min_samples=min_samples, merge=merge)
    if output is not None:
        format_of(output)  # an unknown suffix fails now, not after the query
    resources = command_resources()  # the gazetteer loads when a name is first looked up
    found = run_query(incidents, query, table=table, resources=resources)
    click.echo(f"{len(found.incidents)} of {found.total} incidents match", err=True)
    result = found.result
    if found.summary is None:
        columns = [c for c in _TABLE_COLUMNS if c in result.columns]
    else:
        hidden = {result.geometry.name, "lon", "lat"} if hotspots else {result.geometry.name}
        columns = [c for c in result.columns if c not in hidden]
    click.echo(_table(result, columns, limit))

    if output is not None:
        write_incidents(result, output)
        click.echo(f"wrote {len(result)} rows to {output}", err=True)
    if map_path is not None:
        from geomap.render import render_map

        render_map(found.incidents, map_path, area=found.areas, offline=offline,
                   resources=resources)
        click.echo(f"wrote map {map_path}", err=True)
