"""Options shared by several commands, declared once.

- :data:`force_option`: ``--force`` after the command name, the same as before it.
- :func:`selection_options`: the filters of ``geomap query`` and ``geomap map``
  (``--within``, ``--near``/``--radius-km``, ``--bbox``, ``--actor``, ``--action``,
  ``--country``, ``--since``, ``--until``, ``--min-confidence``), handed to the command as
  one :class:`geomap.tools.selection.Selection` named ``selection``.

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
... def show(selection):
...     click.echo(selection.since)
>>> CliRunner().invoke(show, ["--since", "2024-01-01"]).output
'2024-01-01\\n'
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import click

from geomap.io.atomic import allow_overwrite

__all__ = ["FORCE_HELP", "force_option", "selection_options"]

FORCE_HELP = "Replace existing output files even when geomap did not write them."


def _force(ctx: click.Context, param: click.Parameter, value: bool) -> bool:
    if value:
        ctx.with_resource(allow_overwrite(True))
    return value


#: ``--force`` after the command name (``geomap map a.txt -o m.html --force``), the same as
#: ``geomap --force map ...``.
force_option = click.option("--force", is_flag=True, expose_value=False, callback=_force,
                            help=FORCE_HELP)

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
    """Add the filter options to a click command; it receives them as ``selection``."""
    from geomap.tools.selection import Selection

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        values = {name: kwargs.pop(name) for name in _NAMES}
        return command(*args, selection=Selection(**values), **kwargs)

    for option in reversed(_SELECTION_OPTIONS):
        wrapper = option(wrapper)
    return wrapper
