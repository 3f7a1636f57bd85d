"""``geomap extract INPUT... -o OUT``: articles in, an incident file out (format by suffix).

Examples
--------
>>> from click.testing import CliRunner
>>> "--date" in CliRunner().invoke(extract_command, ["--help"]).output
True
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from geomap.cli.options import (
    command_resources,
    date_option,
    force_option,
    inputs_argument,
    merge_option,
    output_option,
    strict_option,
    workers_option,
)

__all__ = ["extract_command"]


@click.command("extract")
@force_option
@inputs_argument
@output_option("Incident file: .geojson, .gpkg, .parquet, .csv, .shp or .kml.")
@date_option
@workers_option
@merge_option
@strict_option
def extract_command(inputs: tuple[str, ...], output: Path, date: dt.datetime | None,
                    workers: int | None, merge: bool, strict: bool) -> None:
    """Extract incidents (actor, action, target, place, date) from INPUT articles.

    INPUT is a text or HTML file, a folder, '-' for standard input, or a JSONL/CSV feed.
    A bad row or a document that fails is reported with its line and skipped (--strict
    stops instead).
    """
    from geomap.io.incident_files import format_of, write_incidents
    from geomap.run import run

    format_of(output)  # an unknown suffix fails before any parsing
    result = run(inputs, date=date.date() if date else None, workers=workers, merge=merge,
                 errors="stop" if strict else "skip", resources=command_resources())
    write_incidents(result.incidents, output)
    skipped = f"; {len(result.problems)} skipped (see the warnings)" if result.problems else ""
    click.echo(f"{len(result.incidents)} incident(s) from {result.documents} document(s) -> "
               f"{output}{skipped}")
