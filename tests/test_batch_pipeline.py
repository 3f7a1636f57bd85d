"""geomap batch through the real pipeline: the store holds what extract_incidents gives."""

from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
from click.testing import CliRunner

from geomap.cli import main
from geomap.io.text_inputs import read_documents
from geomap.pipeline import extract_incidents

ARTICLES = [
    "Iranian drones struck a US base near Erbil on Tuesday, officials said.",
    "Police fired tear gas at protesters in Basra on Monday.",
    "Houthi rebels attacked a cargo ship in the Red Sea off Yemen on Sunday.",
    "Russian missiles hit Kharkiv overnight, the regional governor said.",
    "Israeli aircraft bombed targets in Gaza City on Wednesday.",
    "The finance ministers met in Brussels to discuss the budget.",
]


def test_cli_batch_on_two_workers_equals_the_pipeline(tmp_path: Path) -> None:
    feed = tmp_path / "news.jsonl"
    feed.write_text("".join(json.dumps({"id": f"n{i}", "text": text, "published": "2024-01-24"})
                            + "\n" for i, text in enumerate(ARTICLES)), encoding="utf-8")
    store = tmp_path / "store"
    result = CliRunner().invoke(main, ["batch", str(feed), "-o", str(store), "--workers", "2",
                                       "--partition-size", "2"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("6 documents, ")
    batch = gpd.read_parquet(store)
    direct = extract_incidents(list(read_documents([str(feed)])))
    assert len(batch) >= 4  # five of the six articles report an attack somewhere
    assert sorted(batch["incident_id"]) == sorted(direct["incident_id"])
    assert set(batch["place_name"]) == set(direct["place_name"])
    assert batch.crs.to_epsg() == 4326
    assert not (store / "_failures.jsonl").exists()


def test_batch_in_this_process_reads_the_resources_it_is_given(tmp_path: Path) -> None:
    import dataclasses
    import functools

    from geomap.batch import run_batch
    from geomap.batch.work import default_extract
    from geomap.events.actors import ActorRegistry
    from geomap.resources import Resources

    feed = tmp_path / "news.jsonl"
    feed.write_text(json.dumps({"id": "n0", "text": ARTICLES[2], "published": "2024-01-24"})
                    + "\n", encoding="utf-8")
    nobody = dataclasses.replace(Resources.load(), registry=ActorRegistry([], {}))
    run_batch([str(feed)], tmp_path / "store", workers=1, progress=False,
              extract=functools.partial(default_extract, resources=nobody))
    assert "Houthis" not in set(gpd.read_parquet(tmp_path / "store")["actor"])
    assert "Houthis" in set(extract_incidents(ARTICLES[2], date="2024-01-24")["actor"])
