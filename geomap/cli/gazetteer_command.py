"""``geomap gazetteer``: build the offline gazetteer index, or search it by name.

Examples
--------
>>> from click.testing import CliRunner
>>> CliRunner().invoke(gazetteer_group, ["--help"]).exit_code
0
"""

from __future__ import annotations

import click

from geomap.cli.options import command_resources

__all__ = ["gazetteer_group"]


@click.group("gazetteer")
def gazetteer_group() -> None:
    """Build or search the offline gazetteer."""


@gazetteer_group.command("build")
@click.option("--force", is_flag=True, help="Rebuild even if the index already exists.")
def build_command(force: bool) -> None:
    """Build the gazetteer index into the cache folder (done automatically on first use)."""
    import time

    from geomap.gazetteer import build_index, index_file

    started = time.perf_counter()
    path = build_index(index_file(command_resources().settings.cache_dir), force=force)
    click.echo(f"{path} ({path.stat().st_size / 1e6:.1f} MB, "
               f"{time.perf_counter() - started:.1f} s)")


@gazetteer_group.command("search")
@click.argument("name")
@click.option("--country", "countries", multiple=True, metavar="XX",
              help="Only places in this ISO 3166-1 alpha-2 country (repeatable).")
@click.option("--feature-class", "feature_classes", multiple=True, metavar="C",
              help="Only this GeoNames feature class: A, P, H, L, S, T (repeatable).")
@click.option("--limit", default=10, show_default=True, type=click.IntRange(1, 1000),
              help="At most this many candidates.")
def search_command(name: str, countries: tuple[str, ...], feature_classes: tuple[str, ...],
                   limit: int) -> None:
    """Show the ranked candidate places for NAME, best first."""
    found = command_resources().gazetteer.ranked(name, country_codes=countries or None,
                                                 feature_classes=feature_classes or None,
                                                 limit=limit)
    if not found:
        raise click.ClickException(f"no place named {name!r}: check the spelling, or try "
                                   "without --country/--feature-class")
    click.echo(f"{'#':>3}  {'score':>6}  {'id':<24} {'name':<28} {'code':<5} {'cc':<3} "
               f"{'adm1':<5} {'population':>11}  lat, lon")
    for rank, (place, score) in enumerate(found, 1):
        click.echo(f"{rank:>3}  {score:6.2f}  {place.id:<24} {place.name[:28]:<28} "
                   f"{place.feature_code:<5} {place.country_code:<3} {place.admin1[:5]:<5} "
                   f"{place.population:>11,}  {place.lat:.4f}, {place.lon:.4f}")
