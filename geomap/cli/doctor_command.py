"""``geomap doctor``: check each runtime part and say how to fix what fails."""

from __future__ import annotations

from pathlib import Path

import click

from geomap.cli.options import command_resources
from geomap.doctor import run_checks

__all__ = ["doctor_command"]


@click.command("doctor")
@click.option("--output-dir", type=click.Path(path_type=Path), default=Path("output"),
              show_default=True, help="The folder maps and exports are written to.")
def doctor_command(output_dir: Path) -> None:
    """Check Python packages, the spaCy model, the gazetteer and the output folder."""
    checks = run_checks(output_dir, command_resources())
    for check in checks:
        status = "ok  " if check.ok else "FAIL"
        line = f"{status} {check.name:<16} {check.detail}"
        if not check.ok:
            line += f"  -> fix: {check.fix}"
        click.echo(line)
    if not all(check.ok for check in checks):
        raise click.exceptions.Exit(1)
