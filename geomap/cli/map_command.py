"""``geomap map INPUT... -o OUT.html``: articles -> incidents -> an interactive HTML map.

Examples
--------
>>> from click.testing import CliRunner
>>> "--offline" in CliRunner().invoke(map_command, ["--help"]).output
True
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

import click

from geomap.cli.options import force_option

__all__ = ["default_output", "map_command"]

log = logging.getLogger(__name__)


def default_output(inputs: tuple[str, ...]) -> Path:
    """Return ``output/<stem of the first input>.html`` (``output/stdin.html`` for ``-``).

    >>> default_output(("news/a.txt", "b.txt")).as_posix()
    'output/a.html'
    """
    first = inputs[0]
    stem = "stdin" if first == "-" else (Path(first.rstrip("/")).stem or "map")
    return Path("output") / f"{stem}.html"


@click.command("map")
@force_option
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="HTML file to write [default: output/<first input name>.html].")
@click.option("--date", "date", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              metavar="YYYY-MM-DD",
              help="Publication date for relative dates in articles that do not give one.")
@click.option("--title", default=None, help="Map title [default: the article's title when there is one article].")
@click.option("--offline", is_flag=True,
              help="One self-contained file: scripts inlined, country outlines as basemap.")
@click.option("--tiles", default=None, metavar="URL|NAME",
              help="Tile server URL with {z}/{x}/{y} (e.g. a local one) or a provider name.")
def map_command(inputs: tuple[str, ...], output: Path | None, date: dt.datetime | None,
                title: str | None, offline: bool, tiles: str | None) -> None:
    """Extract incidents from INPUT (files, folders, - for stdin, JSONL/CSV feeds) and map them.

    Markers are coloured by action type, approximate places are drawn as areas, and a layer
    control, heat map, counts per country and a time slider come with the map.
    """
    from geomap.io.text_inputs import read_documents
    from geomap.render import render_map

    docs = list(read_documents(inputs))
    from geomap.pipeline import extract_incidents

    incidents = extract_incidents(docs, date=date.date() if date else None, problems=[])
    if title is None and len(docs) == 1:
        title = docs[0].title or None
    target = render_map(incidents, output or default_output(inputs), title=title,
                        offline=offline, tiles=tiles)
    click.echo(f"{len(incidents)} incidents -> {target}")
