"""``geomap map INPUT... -o OUT.html``: articles or incidents -> an interactive HTML map.

An INPUT is an article source (a text or HTML file, a folder of them, ``-`` for stdin, a
JSONL/CSV feed), read through the extraction pipeline, or an incident source (an incident
file, a ``geomap batch`` store, a ``postgresql://`` URL). Everything read is merged once
(reports of one event become one incident, as in ``geomap extract``), and the filters of
``geomap query`` narrow what is mapped (:func:`geomap.tools.plan.run_query`), so a month of
a feed becomes one map.

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

from geomap.cli.options import (
    command_resources,
    date_option,
    force_option,
    inputs_argument,
    merge_option,
    output_option,
    selection_options,
    table_option,
    workers_option,
)

if TYPE_CHECKING:
    import geopandas as gpd

    from geomap.resources import Resources
    from geomap.tools.selection import Query

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


def _read(inputs: tuple[str, ...], date: dt.date | None, workers: int | None,
          resources: Resources) -> tuple[list[str | gpd.GeoDataFrame], list[str]]:
    """Return the sources to query (articles already run through the pipeline, unmerged:
    the query merges everything once) and the titles of the articles."""
    from geomap.tools.sources import is_incident_source

    sources: list[str | gpd.GeoDataFrame] = [s for s in inputs if is_incident_source(s)]
    articles = [spec for spec in inputs if not is_incident_source(spec)]
    if not articles:
        return sources, []
    from geomap.run import run

    result = run(articles, date=date, workers=workers, merge=False, resources=resources)
    return [*sources, result.incidents], result.titles


@click.command("map")
@force_option
@inputs_argument
@selection_options
@output_option("HTML file to write [default: output/<first input name>.html].",
               required=False)
@date_option
@workers_option
@merge_option
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
@table_option
def map_command(inputs: tuple[str, ...], query: Query, output: Path | None,
                date: dt.datetime | None, workers: int | None, merge: bool, title: str | None,
                offline: bool, cdn: bool, tiles: str | None, table: str) -> None:
    """Map the incidents of INPUT: articles (files, folders, - for stdin, JSONL/CSV feeds),
    incident files, geomap batch stores or postgresql:// URLs.

    The page is one self-contained file: it opens with no network, drawing its own basemap
    (country outlines and place names) under the online tiles. Markers are coloured by
    action type, approximate places are drawn as areas, and the page has a layer control,
    heat map, counts per country, a date window and a table of the incidents shown.
    Reports of one event from several articles (or batch rows) are merged into one
    incident, as geomap extract does (--no-merge keeps every report).

    \b
    geomap map article.txt -o article.html
    geomap map store/ --since 2024-01-01 --until 2024-01-31 -o january.html
    geomap map incidents.parquet --within Syria --action assault
    geomap map postgresql://analyst@db/news --near Erbil --radius-km 100
    """
    import dataclasses

    from geomap.render import render_map
    from geomap.tools.plan import run_query

    resources = command_resources()  # each part loads when first read, once for the command
    sources, titles = _read(inputs, date.date() if date else None, workers, resources)
    found = run_query(sources, dataclasses.replace(query, merge=merge), table=table,
                      resources=resources)
    if len(found.incidents) < found.total:
        click.echo(f"{len(found.incidents)} of {found.total} incidents match the filters",
                   err=True)
    if title is None and len(titles) == 1 and len(inputs) == 1:
        title = titles[0] or None
    target = render_map(found.incidents, output or default_output(inputs), title=title,
                        offline=offline, tiles=tiles, area=found.areas, cdn=cdn,
                        resources=resources)
    click.echo(f"{len(found.incidents)} incidents -> {target}")
