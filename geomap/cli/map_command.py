"""``geomap map INPUT... -o OUT.html``: articles or incidents -> an interactive HTML map.

An INPUT is an article source (a text or HTML file, a folder of them, ``-`` for stdin, a
JSONL/CSV feed), read through the extraction pipeline, or an incident source (an incident
file, a ``geomap batch`` store, a ``postgresql://`` URL), read as it is. The filters of
``geomap query`` then narrow what is mapped, so a month of a feed becomes one map.

Examples
--------
>>> from click.testing import CliRunner
>>> help_text = CliRunner().invoke(map_command, ["--help"]).output
>>> "--offline" in help_text and "--since" in help_text and "--cdn" in help_text
True
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path
from typing import TYPE_CHECKING

import click

from geomap.cli.options import force_option, selection_options

if TYPE_CHECKING:
    import geopandas as gpd

    from geomap.tools.selection import Selection

__all__ = ["default_output", "map_command"]

log = logging.getLogger(__name__)


def default_output(inputs: tuple[str, ...]) -> Path:
    """Return ``output/<stem of the first input>.html`` (``output/stdin.html`` for ``-``).

    >>> default_output(("news/a.txt", "b.txt")).as_posix()
    'output/a.html'
    >>> default_output(("postgresql://analyst@db/news",)).as_posix()
    'output/news.html'
    """
    first = inputs[0]
    stem = "stdin" if first == "-" else (Path(first.rstrip("/")).stem or "map")
    return Path("output") / f"{stem}.html"


def _incidents(inputs: tuple[str, ...], date: dt.date | None, table: str,
               selection: Selection) -> tuple[gpd.GeoDataFrame, list[str]]:
    """Read every input (articles through the pipeline) into one frame; titles of articles."""
    import geopandas as gpd
    import pandas as pd

    from geomap.tools.selection import is_incident_source, read_source

    frames, titles = [], []
    articles = tuple(spec for spec in inputs if not is_incident_source(spec))
    for spec in inputs:
        if spec not in articles:
            frame = read_source(spec, table=table, selection=selection)
            frames.append(frame.to_crs("EPSG:4326") if frame.crs else frame)
    if articles:
        from geomap.io.text_inputs import read_documents
        from geomap.pipeline import extract_incidents

        docs = list(read_documents(articles))
        frames.append(extract_incidents(docs, date=date, problems=[]))
        titles = [doc.title for doc in docs]
    if len(frames) == 1:
        return frames[0], titles
    return gpd.GeoDataFrame(pd.concat(frames, ignore_index=True), crs="EPSG:4326"), titles


@click.command("map")
@force_option
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
@selection_options
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="HTML file to write [default: output/<first input name>.html].")
@click.option("--date", "date", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              metavar="YYYY-MM-DD",
              help="Publication date for relative dates in articles that do not give one.")
@click.option("--title", default=None,
              help="Map title [default: the article's title when there is one article].")
@click.option("--offline", is_flag=True,
              help="No tile server: the page never reaches the network (the built-in "
                   "basemap is drawn either way).")
@click.option("--cdn", is_flag=True,
              help="Link Leaflet and its plugins from a CDN instead of inlining them: a "
                   "smaller file that is blank without a network.")
@click.option("--tiles", default=None, metavar="URL|NAME",
              help="Tile server URL with {z}/{x}/{y} (e.g. a local one) or a provider name.")
@click.option("--table", default="incidents", show_default=True,
              help="The table, when an INPUT is a postgresql:// URL.")
def map_command(inputs: tuple[str, ...], selection: Selection, output: Path | None,
                date: dt.datetime | None, title: str | None, offline: bool, cdn: bool,
                tiles: str | None, table: str) -> None:
    """Map the incidents of INPUT: articles (files, folders, - for stdin, JSONL/CSV feeds),
    incident files, geomap batch stores or postgresql:// URLs.

    The page is one self-contained file: it opens with no network, drawing its own basemap
    (country outlines and place names) under the online tiles. Markers are coloured by
    action type, approximate places are drawn as areas, and the page has a layer control,
    heat map, counts per country, a date window and a table of the incidents shown.

    \b
    geomap map article.txt -o article.html
    geomap map store/ --since 2024-01-01 --until 2024-01-31 -o january.html
    geomap map incidents.parquet --within Syria --action assault
    geomap map postgresql://analyst@db/news --near Erbil --radius-km 100
    """
    import geopandas as gpd
    import pandas as pd

    from geomap.render import render_map
    from geomap.tools.selection import select_incidents

    frame, titles = _incidents(inputs, date.date() if date else None, table, selection)
    total = len(frame)
    incidents, areas = select_incidents(frame, selection)
    if len(incidents) < total:
        click.echo(f"{len(incidents)} of {total} incidents match the filters", err=True)
    if title is None and len(titles) == 1 and len(inputs) == 1:
        title = titles[0] or None
    area = gpd.GeoDataFrame(pd.concat(areas, ignore_index=True), crs="EPSG:4326") \
        if areas else None
    target = render_map(incidents, output or default_output(inputs), title=title,
                        offline=offline, tiles=tiles, area=area, cdn=cdn)
    click.echo(f"{len(incidents)} incidents -> {target}")
