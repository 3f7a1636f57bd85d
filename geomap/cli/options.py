"""Options shared by several commands, defined once.

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
"""

from __future__ import annotations

import click

from geomap.io.atomic import allow_overwrite

__all__ = ["FORCE_HELP", "force_option"]

FORCE_HELP = "Replace existing output files even when geomap did not write them."


def _force(ctx: click.Context, param: click.Parameter, value: bool) -> bool:
    if value:
        ctx.with_resource(allow_overwrite(True))
    return value


#: ``--force`` after the command name (``geomap map a.txt -o m.html --force``), the same as
#: ``geomap --force map ...``.
force_option = click.option("--force", is_flag=True, expose_value=False, callback=_force,
                            help=FORCE_HELP)
