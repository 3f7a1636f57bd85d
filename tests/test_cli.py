"""The ``geomap`` command as a user meets it: version, help, doctor, error paths, the seed."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import geopandas as gpd
import pytest
from click.testing import CliRunner

from geomap.cli import COMMANDS, main


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def assert_one_line_error(code: int, output: str, words: str) -> None:
    assert code == 1, output
    lines = [line for line in output.splitlines() if line.strip()]
    assert len(lines) == 1, output
    assert lines[0].startswith("Error: ") and words in lines[0], output
    assert "Traceback" not in output


def test_version_and_help_list_every_command() -> None:
    code, output = run("--version")
    assert code == 0 and output.startswith("geomap, version ")
    code, output = run("--help")
    assert code == 0
    for name in COMMANDS:
        assert name in output


def test_every_registered_command_imports_and_has_help() -> None:
    for name in COMMANDS:
        code, output = run(name, "--help")
        assert code == 0, f"{name}: {output}"
        assert "Usage:" in output


def test_doctor_reports_each_part(tmp_path: Path) -> None:
    from geomap.gazetteer import load_gazetteer

    load_gazetteer()  # builds the index on an empty cache, as the first real run does
    code, output = run("doctor", "--output-dir", str(tmp_path / "out"))
    for part in ("python", "packages", "spacy model", "gazetteer", "output dir"):
        assert part in output
    assert code == 0, output
    assert "FAIL" not in output


def test_map_missing_input_is_one_line(tmp_path: Path) -> None:
    code, output = run("map", str(tmp_path / "missing.txt"), "-o", str(tmp_path / "m.html"))
    assert_one_line_error(code, output, "not found")


def test_map_empty_input_is_one_line(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    code, output = run("map", str(empty), "-o", str(tmp_path / "m.html"))
    assert_one_line_error(code, output, "empty")


def test_map_unwritable_output_is_one_line(tmp_path: Path, seed_path: Path) -> None:
    blocker = tmp_path / "file.txt"
    blocker.write_text("not a folder", encoding="utf-8")
    code, output = run("-q", "map", str(seed_path), "-o", str(blocker / "m.html"))
    assert_one_line_error(code, output, "-o")
    assert not (tmp_path / "m.html").exists()


@pytest.fixture(scope="module")
def seed_incidents(tmp_path_factory: pytest.TempPathFactory, seed_path: Path) -> gpd.GeoDataFrame:
    out = tmp_path_factory.mktemp("seed") / "seed.geojson"
    code, output = run("-q", "extract", str(seed_path), "-o", str(out), "--date", "2024-01-24")
    assert code == 0, output
    return gpd.read_file(out)


def test_seed_article_maps_to_the_right_countries(seed_incidents: gpd.GeoDataFrame) -> None:
    countries = set(seed_incidents["country"])
    assert {"IRQ", "SYR", "YEM", "PAK"} <= countries
    assert "USA" not in countries  # "Lloyd Austin", "Washington": actors, never event places
    water = seed_incidents[seed_incidents["precision"] == "water"]
    assert not water.empty and water["place_name"].str.contains("Red Sea").all()
    lon, lat = water.geometry.x, water.geometry.y
    assert ((lon > 32) & (lon < 44) & (lat > 12) & (lat < 28)).all()  # in the Red Sea basin


def test_seed_map_shows_each_sentence(tmp_path: Path, seed_path: Path) -> None:
    out = tmp_path / "seed.html"
    code, output = run("-q", "map", str(seed_path), "-o", str(out))
    assert code == 0, output
    page = out.read_text(encoding="utf-8")
    assert "Al Asad" in page and "Red Sea" in page
    assert "missile strikes on targets in Syria, Iraq, and Pakistan" in page


def test_foreign_output_needs_force(tmp_path: Path, seed_path: Path) -> None:
    out = tmp_path / "report.html"
    out.write_text("an analyst's own report", encoding="utf-8")
    code, output = run("-q", "map", str(seed_path), "-o", str(out))
    assert_one_line_error(code, output, "--force")
    assert out.read_text(encoding="utf-8") == "an analyst's own report"
    code, output = run("-q", "--force", "map", str(seed_path), "-o", str(out))
    assert code == 0, output
    assert "Al Asad" in out.read_text(encoding="utf-8")
    code, output = run("-q", "map", str(seed_path), "-o", str(out))  # now geomap's own
    assert code == 0, output


def test_text_with_no_places_gives_no_incidents_and_no_error(tmp_path: Path) -> None:
    article = tmp_path / "budget.txt"
    article.write_text("The committee met on Tuesday to discuss next year's budget and "
                       "agreed to meet again after the holidays.", encoding="utf-8")
    out = tmp_path / "none.geojson"
    code, output = run("-q", "extract", str(article), "-o", str(out))
    assert code == 0, output
    assert len(gpd.read_file(out)) == 0
    code, output = run("-q", "map", str(article), "-o", str(tmp_path / "none.html"))
    assert code == 0, output
    assert (tmp_path / "none.html").stat().st_size > 0


def test_doctor_changes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                geomap_env: Callable[[str, str], None]) -> None:
    """Run where a user might (an empty folder, an empty cache): nothing is created."""
    monkeypatch.chdir(tmp_path)
    geomap_env("GEOMAP_CACHE_DIR", str(tmp_path / "cache"))
    code, output = run("doctor")
    assert sorted(p.name for p in tmp_path.iterdir()) == []  # no ./output, no cache folder
    assert "output dir" in output and "created on first write" in output
    assert "FAIL gazetteer" in output and "geomap gazetteer build" in output
    assert code == 1


@pytest.mark.parametrize("args, words", [
    (["map"], "Missing argument 'INPUT...'"),
    (["extract", "a.txt"], "Missing option '-o'"),
    (["map", "a.txt", "--bogus"], "No such option '--bogus'"),
    (["nosuchcommand"], "No such command 'nosuchcommand'"),
    (["query", "x.parquet", "--radius-km", "far"], "'far' is not a valid float"),
])
def test_usage_errors_are_one_line_with_exit_1(args: list[str], words: str) -> None:
    code, output = run(*args)
    assert_one_line_error(code, output, words)
    assert "--help" in output


def test_geomap_alone_prints_its_help() -> None:
    code, output = run()
    assert code == 0 and "Commands:" in output


@pytest.mark.parametrize("where", ["before", "after"])
def test_force_works_before_or_after_the_command(tmp_path: Path, where: str) -> None:
    article = tmp_path / "a.txt"
    article.write_text("Russian forces shelled Kharkiv on Tuesday.", encoding="utf-8")
    out = tmp_path / "incidents.csv"
    out.write_text("an analyst's own table", encoding="utf-8")
    command = ["extract", str(article), "-o", str(out), "--date", "2024-03-07"]
    assert_one_line_error(*run(*command), "--force")
    args = ["--force", *command] if where == "before" else [*command, "--force"]
    code, output = run(*args)
    assert code == 0, output
    assert "Kharkiv" in out.read_text(encoding="utf-8")
