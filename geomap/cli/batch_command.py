"""``geomap batch INPUT... -o STORE``: a folder or feed of articles into a resumable store.

Examples
--------
>>> from click.testing import CliRunner
>>> "--partition-size" in CliRunner().invoke(batch_command, ["--help"]).output
True
"""

from __future__ import annotations

import click

from geomap.cli.options import (
    command_resources,
    force_option,
    inputs_argument,
    output_option,
    strict_option,
    table_option,
    workers_option,
)

__all__ = ["batch_command"]


@click.command("batch")
@force_option
@inputs_argument
@output_option("Store folder (partitioned GeoParquet) or postgresql://user@host/db URL.",
               metavar="STORE", path=False)
@workers_option
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local",
              show_default=True, help="Run on local processes or on a Dask cluster.")
@click.option("--scheduler", metavar="ADDRESS", default=None,
              help="Dask scheduler address (tcp://host:8786); default: a local cluster.")
@click.option("--partition-size", type=click.IntRange(min=1), default=50, show_default=True,
              help="Documents per partition: the unit of work, commit and resume.")
@table_option
@strict_option
@click.option("--progress/--no-progress", default=None,
              help="Progress bar (default: when standard error is a terminal).")
def batch_command(inputs: tuple[str, ...], output: str, workers: int | None, engine: str,
                  scheduler: str | None, partition_size: int, table: str, strict: bool,
                  progress: bool | None) -> None:
    """Extract incidents from a folder (recursively), JSONL or CSV feed into STORE.

    Run it again on the same STORE after an interruption: it carries on where it stopped.
    Failed documents and skipped rows are listed with their reasons in
    STORE/_failures.jsonl (or the <table>_failures table). The store keeps one row per
    report; read it with --merge (geomap map, geomap query) to collapse reports of one
    event as geomap extract does.
    """
    from geomap.batch import run_batch
    from geomap.errors import InputError

    if scheduler and engine != "dask":
        raise InputError("--scheduler needs --engine dask")
    summary = run_batch(inputs, output, table=table, workers=workers,
                        engine=engine,  # type: ignore[arg-type]
                        scheduler=scheduler, partition_size=partition_size, strict=strict,
                        progress=progress,
                        max_bytes=command_resources().settings.max_text_bytes)
    click.echo(str(summary))
