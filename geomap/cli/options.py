"""Options shared by several commands, declared once.

- :data:`force_option`: ``--force`` after the command name, the same as before it.
- :data:`inputs_argument`: ``INPUT...``, the articles (or incident sources) to read.
- :func:`output_option`: ``-o/--output``, with each command's own help.
- :data:`workers_option`, :data:`date_option`, :data:`strict_option`, :data:`table_option`,
  :data:`merge_option`: the same option, with the same default, wherever it appears.
- :func:`selection_options`: the filters of ``geomap query`` and ``geomap map``
  (``--within``, ``--near``/``--radius-km``, ``--bbox``, ``--actor``, ``--action``,
  ``--country``, ``--since``, ``--until``, ``--min-confidence``), handed to the command as
  one :class:`geomap.tools.selection.Query` named ``query``.
- :func:`command_resources`: the resources, with the settings, that the ``geomap`` group
  made at its start.

Examples
--------
>>> import click, pathlib, tempfile
>>> from click.testing import CliRunner
>>> from geomap.io.atomic import atomic_path
>>> theirs = pathlib.Path(tempfile.mkdtemp()) / "notes.txt"
>>> _ = theirs.write_text("not geomap's")
>>> @click.command()
... @force_option
... def write() -> None:
...     with atomic_path(theirs) as tmp:
...         _ = tmp.write_text("geomap's")
>>> CliRunner().invoke(write, []).exit_code, CliRunner().invoke(write, ["--force"]).exit_code
(1, 0)
>>> @click.command()
... @selection_options
... def show(query):
...     click.echo(query.since)
>>> CliRunner().invoke(show, ["--since", "2024-01-01"]).output
'2024-01-01\\n'
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from geomap.io.atomic import allow_overwrite

if TYPE_CHECKING:
    from geomap.resources import Resources

__all__ = ["FORCE_HELP", "command_resources", "date_option", "force_option", "inputs_argument",
           "merge_option", "output_option", "selection_options", "strict_option",
           "table_option", "workers_option"]

FORCE_HELP = "Replace existing output files even when geomap did not write them."


def command_resources() -> Resources:
    """Return the :class:`~geomap.resources.Resources` the ``geomap`` group made at its start
    (with the settings it read then): one value for the whole command.

    Raises
    ------
    RuntimeError
        When the command runs outside the ``geomap`` group.
    """
    from geomap.resources import Resources

    found = click.get_current_context().find_object(Resources)
    if found is None:
        raise RuntimeError("a geomap command runs inside the `geomap` group (geomap.cli.main)")
    return found


def _force(ctx: click.Context, param: click.Parameter, value: bool) -> bool:
    if value:
        ctx.with_resource(allow_overwrite(True))
    return value


#: ``--force`` after the command name (``geomap map a.txt -o m.html --force``), the same as
#: ``geomap --force map ...``.
force_option = click.option("--force", is_flag=True, expose_value=False, callback=_force,
                            help=FORCE_HELP)

#: ``INPUT...``: files, folders, ``-``, feeds or URLs (one or more).
inputs_argument = click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")


def output_option(help_text: str, *, required: bool = True, metavar: str | None = None,
                  path: bool = True) -> Callable[..., Any]:
    """``-o/--output``: a file path (``path``) or any text (a store folder or URL)."""
    kind = click.Path(dir_okay=False, path_type=Path) if path else str
    return click.option("-o", "--output", "output", required=required, type=kind,
                        metavar=metavar, help=help_text)


#: ``--workers N``: processes; the default (every core, one per 32 documents at most) is
#: :func:`geomap.engine.default_workers`, the same in every command.
workers_option = click.option(
    "--workers", type=click.IntRange(min=1), default=None,
    help="Worker processes [default: every CPU core, at most one per 32 documents].")

#: ``--date YYYY-MM-DD``: the report date of articles that carry none.
date_option = click.option(
    "--date", "date", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
    metavar="YYYY-MM-DD",
    help="Report date for articles that do not give one; resolves 'last week'.")

#: ``--strict``: stop at the first bad input row or failing document.
strict_option = click.option("--strict", is_flag=True,
                             help="Stop at the first bad input row or failing document.")

#: ``--table NAME``: the table of a ``postgresql://`` URL.
table_option = click.option("--table", default="incidents", show_default=True,
                            help="The table, when a store or source is a postgresql:// URL.")

#: ``--merge/--no-merge``: collapse reports of one event from several articles.
merge_option = click.option(
    "--merge/--no-merge", default=True, show_default=True,
    help="Collapse reports of the same event from several articles into one row.")

_SELECTION_OPTIONS = (
    click.option("--within", "within", metavar="NAME|FILE",
                 help="Country, region or place name, or a polygon file (.shp/.gpkg/.geojson)."),
    click.option("--near", "near", metavar="PLACE|LAT,LON",
                 help="Centre of a radius query (needs --radius-km)."),
    click.option("--radius-km", type=float, help="Radius of --near, in kilometres."),
    click.option("--bbox", "bbox", metavar="W,S,E,N",
                 help="Box in degrees; W > E crosses the antimeridian."),
    click.option("--actor", multiple=True, help="Actor text or code (repeatable)."),
    click.option("--action", multiple=True, help="Event type such as assault (repeatable)."),
    click.option("--country", multiple=True, help="Country name or ISO code (repeatable)."),
    click.option("--since", metavar="YYYY-MM-DD", help="First day (inclusive)."),
    click.option("--until", metavar="YYYY-MM-DD", help="Last day (inclusive)."),
    click.option("--min-confidence", type=click.FloatRange(0, 1),
                 help="Lowest confidence kept."),
)
_NAMES = ("within", "near", "radius_km", "bbox", "actor", "action", "country", "since", "until",
          "min_confidence")


def selection_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """Add the filter options to a click command; it receives them as ``query``."""
    from geomap.tools.selection import Query

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        values = {name: kwargs.pop(name) for name in _NAMES}
        return command(*args, query=Query(**values), **kwargs)

    for option in reversed(_SELECTION_OPTIONS):
        wrapper = option(wrapper)
    return wrapper
