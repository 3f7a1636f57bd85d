"""``geomap map`` on incidents: an incident file, a batch store, filters; never on articles only."""

from __future__ import annotations

from pathlib import Path

import pytest
from batch_support import toy_extract, write_feed
from click.testing import CliRunner
from render_support import page_data, small_incidents

from geomap.batch import run_batch
from geomap.cli import main
from geomap.io.incident_files import read_incidents, write_incidents
from geomap.render.payload import ROW_FIELDS
from geomap.tools.sources import is_incident_source

PLACE = ROW_FIELDS.index("place")


def run_map(*args: str | Path) -> tuple[int, str, dict | None]:
    result = CliRunner().invoke(main, ["map", *map(str, args)])
    out = Path(str(args[args.index("-o") + 1]))
    data = page_data(out.read_text(encoding="utf-8")) if result.exit_code == 0 else None
    return result.exit_code, result.output, data


def places(data: dict) -> list[str]:
    return sorted(data["strings"][r[PLACE]] for r in data["rows"])


@pytest.fixture(scope="module")
def incident_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_incidents(small_incidents(), tmp_path_factory.mktemp("map") / "inc.parquet")


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("store")
    feed = write_feed(folder / "feed.jsonl", 12, bad_rows=False)
    run_batch([str(feed)], folder / "store", workers=1, partition_size=5, extract=toy_extract,
              progress=False)
    return folder / "store"


@pytest.mark.parametrize("suffix", [".parquet", ".gpkg", ".geojson", ".json", ".csv"])
def test_any_incident_file_is_mapped(incident_file: Path, tmp_path: Path, suffix: str) -> None:
    source = write_incidents(read_incidents(incident_file), tmp_path / f"inc{suffix}")
    code, output, data = run_map(source, "-o", tmp_path / "m.html")
    assert code == 0, output
    assert data is not None and len(data["rows"]) == 5
    assert "5 incidents" in output


def test_a_batch_store_is_mapped_not_read_as_a_feed(store: Path, tmp_path: Path) -> None:
    assert (store / "_progress.jsonl").exists()
    code, output, data = run_map(store, "-o", tmp_path / "store.html")
    assert code == 0, output
    assert data is not None
    assert len(data["rows"]) == len(read_incidents(store)) == 24  # two places per article
    assert {"Basra", "Mosul", "Kharkiv", "Aden", "Idlib"} == set(places(data))


def test_filters_narrow_the_map(incident_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "f.html"
    code, output, data = run_map(incident_file, "--since", "2024-01-18", "--until",
                                 "2024-01-21", "-o", out)
    assert code == 0, output
    assert data is not None
    assert places(data) == ["Al Asad airbase", "Basra"]
    assert "2 of 5 incidents match" in output
    code, output, data = run_map(incident_file, "--action", "assault", "--within", "Iraq",
                                 "-o", out)
    assert code == 0 and places(data) == ["Al Asad airbase"]
    assert data["query_area"] is not None  # the area asked about is drawn
    code, output, data = run_map(incident_file, "--actor", "iran", "-o", out)
    assert places(data) == ["Al Asad airbase", "Syria"]  # "Iran-aligned militants", "Iran"
    code, output, data = run_map(incident_file, "--near", "Basra", "--radius-km", "100",
                                 "-o", out)
    assert places(data) == ["Basra"]


def test_filter_mistakes_are_one_line(incident_file: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["map", str(incident_file), "--near", "Basra",
                                       "-o", str(tmp_path / "x.html")])
    assert result.exit_code == 1
    assert "--near and --radius-km go together" in result.output
    assert result.output.count("\n") == 1


def test_what_counts_as_an_incident_source(tmp_path: Path, store: Path) -> None:
    feed = tmp_path / "feed.csv"
    feed.write_text("id,text,lon,lat\n1,Shelling hit Basra.,47.7,30.5\n", encoding="utf-8")
    table = tmp_path / "table.csv"
    table.write_text("actor,action,lon,lat\nX,assault,47.7,30.5\n", encoding="utf-8")
    article = tmp_path / "a.txt"
    article.write_text("Shelling hit Basra.", encoding="utf-8")
    assert [is_incident_source(str(p)) for p in (feed, table, article, store, tmp_path)] == [
        False, True, False, True, False]
    assert is_incident_source("postgresql://analyst@db/news")
