"""Options shared by several commands, declared once.

:func:`selection_options` adds the filters of ``geomap query`` and ``geomap map``
(``--within``, ``--near``/``--radius-km``, ``--bbox``, ``--actor``, ``--action``,
``--country``, ``--since``, ``--until``, ``--min-confidence``) and hands the command one
:class:`geomap.tools.selection.Selection` as ``selection``.

Examples
--------
>>> @click.command()
... @selection_options
... def show(selection):
...     click.echo(selection.since)
>>> from click.testing import CliRunner
>>> CliRunner().invoke(show, ["--since", "2024-01-01"]).output
'2024-01-01\\n'
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import click

__all__ = ["selection_options"]

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
