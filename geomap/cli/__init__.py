"""The ``geomap`` command: a thin click group over the library, one module per command.

Commands are imported only when run, so ``geomap --help`` stays fast. Every error, a usage
error included, is one line with exit status 1; nothing prints a traceback unless ``-v -v``
is given.

The group reads the settings (:func:`geomap.settings.current_settings`) once, at its start,
so a malformed ``GEOMAP_*`` variable is an error before any work, and keeps one
:class:`geomap.resources.Resources` of them as the context's object; each command takes it
(:func:`geomap.cli.options.command_resources`) and passes it down.

Examples
--------
>>> from click.testing import CliRunner
>>> CliRunner().invoke(main, ["--version"]).output.startswith("geomap, version")
True
"""

from __future__ import annotations

import importlib
import logging
import sys
from typing import Any

import click

from geomap import __version__
from geomap.cli.options import FORCE_HELP
from geomap.errors import GeomapError
from geomap.io.atomic import allow_overwrite

__all__ = ["main"]

log = logging.getLogger("geomap")

# name -> ("module:attribute" of the click command, one-line help); one module per command.
COMMANDS: dict[str, tuple[str, str]] = {
    "batch": ("geomap.cli.batch_command:batch_command",
              "Run a folder or feed of articles into a resumable incident store."),
    "doctor": ("geomap.cli.doctor_command:doctor_command",
               "Check each runtime part and say how to fix what fails."),
    "extract": ("geomap.cli.extract_command:extract_command",
                "Extract incidents from articles into a GeoJSON/GPKG/Parquet/CSV/SHP/KML file."),
    "gazetteer": ("geomap.cli.gazetteer_command:gazetteer_group",
                  "Build or search the offline gazetteer."),
    "geoparse": ("geomap.cli.geoparse_command:geoparse_command",
                 "Find and resolve toponyms in a JSONL of documents."),
    "map": ("geomap.cli.map_command:map_command",
            "Turn articles into an interactive HTML map of incidents."),
    "query": ("geomap.cli.query_command:query_command",
              "Ask spatial questions of an incident file or store."),
}


def _usage_error(err: click.UsageError) -> click.ClickException | click.exceptions.Exit:
    """Turn click's usage error (three lines, exit 2) into one line with exit 1, as every
    other error; a group called alone (``geomap``) prints its help and succeeds."""
    if isinstance(err, click.exceptions.NoArgsIsHelpError):
        click.echo(err.format_message())
        return click.exceptions.Exit(0)
    where = err.ctx.command_path if err.ctx is not None else "geomap"
    return click.ClickException(f"{err.format_message()} (see `{where} --help`)")


class LazyGroup(click.Group):
    """A click group that imports each command's module only when that command runs."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return None
        module_name, attr = COMMANDS[cmd_name][0].split(":")
        command: click.Command = getattr(importlib.import_module(module_name), attr)
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, COMMANDS[name][1]) for name in self.list_commands(ctx)]
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def make_context(self, info_name: str | None, args: list[str],
                     parent: click.Context | None = None, **extra: Any) -> click.Context:
        try:
            return super().make_context(info_name, args, parent, **extra)
        except click.UsageError as err:
            raise _usage_error(err) from err

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except click.UsageError as err:  # a subcommand's options or arguments
            raise _usage_error(err) from err
        except GeomapError as err:
            log.debug("error detail", exc_info=True)
            raise click.ClickException(str(err)) from err
        except KeyboardInterrupt:
            click.echo("interrupted: outputs written so far are complete; run again to finish",
                       err=True)
            ctx.exit(130)
        except (click.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except Exception as err:  # a bug: still one line, the traceback only with -vv
            log.debug("internal error", exc_info=True)
            raise click.ClickException(
                f"internal error ({type(err).__name__}: {err}); run again with -vv for the "
                "traceback and report it"
            ) from err


def _setup_logging(verbose: int, quiet: int) -> None:
    level = logging.WARNING - 10 * verbose + 10 * quiet
    logging.basicConfig(
        level=max(level, logging.DEBUG),
        format="%(levelname)s: %(message)s",
        stream=sys.stderr,
        force=True,
    )


@click.group(cls=LazyGroup)
@click.version_option(__version__, prog_name="geomap")
@click.option("-v", "--verbose", count=True, help="More messages (repeat for debug).")
@click.option("-q", "--quiet", count=True, help="Fewer messages (repeat for errors only).")
@click.option("--force", is_flag=True, help=FORCE_HELP)
@click.pass_context
def main(ctx: click.Context, verbose: int, quiet: int, force: bool) -> None:
    """Turn news text into a map of incidents: who did what to whom, where and when."""
    from geomap.resources import Resources
    from geomap.settings import current_settings

    _setup_logging(verbose, quiet)
    ctx.with_resource(allow_overwrite(force))
    ctx.obj = Resources(settings=current_settings())  # each part loads when first read
