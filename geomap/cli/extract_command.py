"""``geomap extract INPUT... -o OUT``: articles in, an incident file out (format by suffix).

Examples
--------
>>> from click.testing import CliRunner
>>> "--date" in CliRunner().invoke(extract_command, ["--help"]).output
True
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

import click

from geomap.cli.options import force_option

__all__ = ["extract_command"]

log = logging.getLogger(__name__)


@click.command("extract")
@force_option
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Incident file: .geojson, .gpkg, .parquet, .csv, .shp or .kml.")
@click.option("--date", "date", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Article date (YYYY-MM-DD) for inputs without one; resolves 'last week'.")
@click.option("--workers", type=click.IntRange(min=1), default=1, show_default=True,
              help="Processes for parsing.")
@click.option("--merge/--no-merge", default=True, show_default=True,
              help="Collapse reports of the same event from several articles into one row.")
@click.option("--strict", is_flag=True, help="Stop at the first bad input row.")
def extract_command(inputs: tuple[str, ...], output: Path, date: dt.datetime | None,
                    workers: int, merge: bool, strict: bool) -> None:
    """Extract incidents (actor, action, target, place, date) from INPUT articles.

    INPUT is a text or HTML file, a folder, '-' for standard input, or a JSONL/CSV feed.
    A bad row or a document that fails is reported with its line and skipped (--strict
    stops instead).
    """
    from geomap.io.incident_files import format_of, write_incidents
    from geomap.io.text_inputs import Problem, read_documents
    from geomap.pipeline import extract_incidents, merge_incidents

    format_of(output)  # an unknown suffix fails before any parsing
    problems: list[Problem] = []
    docs = list(read_documents(inputs, strict=strict, problems=problems))
    unread = len(problems)
    incidents = extract_incidents(docs, date=date.date() if date else None, n_process=workers,
                                  problems=problems, strict=strict)
    if merge:
        incidents = merge_incidents([incidents])
    write_incidents(incidents, output)
    used = len(docs) - (len(problems) - unread)
    skipped = f"; {len(problems)} skipped (see the warnings)" if problems else ""
    click.echo(f"{len(incidents)} incident(s) from {used} document(s) -> {output}{skipped}")
