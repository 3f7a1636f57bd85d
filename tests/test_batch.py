"""geomap batch: partitions committed once, interrupted runs resumed, failures recorded."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import geopandas as gpd
import pytest
from batch_support import toy_extract, write_feed

from geomap.batch import run_batch
from geomap.errors import InputError, OutputError
from geomap.store.parquet import FAILURES_FILE, PROGRESS_FILE

HERE = Path(__file__).resolve().parent


def progress_lines(store: Path) -> list[dict]:
    path = store / PROGRESS_FILE
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def failures(store: Path) -> list[dict]:
    return [json.loads(line) for line in (store / FAILURES_FILE).read_text().splitlines()]


def store_state(store: Path) -> tuple[list[str], set[str]]:
    """Incident ids (sorted, duplicates kept) and committed document keys of a store."""
    ids = sorted(gpd.read_parquet(store)["incident_id"])
    keys = {key for row in progress_lines(store) for key in row["keys"]}
    return ids, keys


@pytest.fixture(scope="module")
def feed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_feed(tmp_path_factory.mktemp("feed") / "news.jsonl", 60)


@pytest.fixture(scope="module")
def reference(feed: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An uninterrupted run, on two worker processes."""
    store = tmp_path_factory.mktemp("ref") / "store"
    summary = run_batch([str(feed)], store, workers=2, partition_size=4, extract=toy_extract,
                        progress=False)
    assert summary.run_documents == 60  # and one malformed row
    return store


def test_reference_run_holds_every_incident_once(reference: Path) -> None:
    ids, keys = store_state(reference)
    assert len(ids) == len(set(ids))
    # 59 readable documents, each naming two places of the table in two sentences
    assert len(ids) == 59 * 2
    assert len(keys) == 60 and "doc0030" in keys
    frame = gpd.read_parquet(reference)
    assert frame.crs.to_epsg() == 4326
    basra = frame[frame["place_name"] == "Basra"].geometry.iloc[0]
    assert (basra.x, basra.y) == (47.78, 30.51)


def test_failures_are_recorded_with_reasons(reference: Path) -> None:
    rows = failures(reference)
    by_key = {row["key"] or row["where"]: row for row in rows}
    assert len(rows) == 2
    assert by_key["doc0030"]["reason"] == "ValueError: cannot parse document doc0030"
    malformed = next(row for row in rows if not row["key"])
    assert malformed["where"].endswith("news.jsonl:22") and "malformed JSON" in malformed["reason"]
    # the unreadable document's partition-mates still gave their incidents
    ids_docs = set(gpd.read_parquet(reference)["doc_id"])
    assert {"doc0028", "doc0029", "doc0031"} <= ids_docs and "doc0030" not in ids_docs


def test_second_run_on_a_finished_store_adds_nothing(feed: Path, reference: Path,
                                                     tmp_path: Path) -> None:
    before = store_state(reference)
    summary = run_batch([str(feed)], reference, workers=1, partition_size=4,
                        extract=toy_extract, progress=False)
    assert (summary.run_documents, summary.run_incidents, summary.run_failures) == (0, 0, 0)
    assert store_state(reference) == before
    assert len(failures(reference)) == 2


def test_sigkill_mid_run_then_resume_equals_uninterrupted(feed: Path, reference: Path,
                                                         tmp_path: Path) -> None:
    store = tmp_path / "store"
    env = dict(os.environ, GEOMAP_TEST_DELAY="0.1")
    proc = subprocess.Popen([sys.executable, str(HERE / "batch_support.py"), str(feed),
                             str(store), "2"], env=env, start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        while len(progress_lines(store)) < 3 and time.monotonic() < deadline:
            assert proc.poll() is None, "the run ended before it could be interrupted"
            time.sleep(0.05)
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    done_before = len(progress_lines(store))
    assert 3 <= done_before < 15
    summary = run_batch([str(feed)], store, workers=2, partition_size=4, extract=toy_extract,
                        progress=False)
    assert summary.run_documents == 60 - sum(len(r["keys"]) for r in
                                             progress_lines(store)[:done_before])
    assert store_state(store) == store_state(reference)
    assert sorted(json.dumps(r, sort_keys=True) for r in failures(store)) == sorted(
        json.dumps(r, sort_keys=True) for r in failures(reference))


def test_uncommitted_leftovers_are_dropped_on_resume(feed: Path, reference: Path,
                                                     tmp_path: Path) -> None:
    store = tmp_path / "store"
    run_batch([str(feed)], store, workers=1, partition_size=4, extract=toy_extract,
              progress=False)
    # a crash after the last partition file was renamed into place but before its done-line
    # was complete: the line is half-written
    progress = store / PROGRESS_FILE
    lines = progress.read_text().splitlines(keepends=True)
    last = json.loads(lines[-1])
    progress.write_text("".join(lines[:-1]) + lines[-1][:25])
    assert (store / last["file"]).exists()
    summary = run_batch([str(feed)], store, workers=1, partition_size=4, extract=toy_extract,
                        progress=False)
    assert summary.run_documents == len(last["keys"])
    assert store_state(store) == store_state(reference)


def test_more_documents_in_the_feed_are_picked_up(tmp_path: Path) -> None:
    feed = write_feed(tmp_path / "feed.jsonl", 10, bad_rows=False)
    store = tmp_path / "store"
    run_batch([str(feed)], store, workers=1, partition_size=3, extract=toy_extract,
              progress=False)
    write_feed(feed, 14, bad_rows=False)
    summary = run_batch([str(feed)], store, workers=1, partition_size=3, extract=toy_extract,
                        progress=False)
    assert summary.run_documents == 4 and summary.documents == 14
    ids, _ = store_state(store)
    assert len(ids) == len(set(ids)) == 28


def test_strict_stops_at_the_first_failing_document(tmp_path: Path) -> None:
    feed = write_feed(tmp_path / "feed.jsonl", 8, bad_rows=False)
    feed.write_text(feed.read_text().replace("near Aden", "UNREADABLE"))
    with pytest.raises(InputError, match="stopped by --strict"):
        run_batch([str(feed)], tmp_path / "store", workers=1, partition_size=2,
                  extract=toy_extract, strict=True, progress=False)
    assert failures(tmp_path / "store")[0]["key"] == "doc0003"


def test_a_folder_that_is_not_a_store_is_refused(tmp_path: Path) -> None:
    feed = write_feed(tmp_path / "feed.jsonl", 3, bad_rows=False)
    with pytest.raises(OutputError, match="not a geomap store"):
        run_batch([str(feed)], tmp_path, workers=1, extract=toy_extract, progress=False)


def test_cli_errors_are_one_line(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from geomap.cli import main

    feed = write_feed(tmp_path / "feed.jsonl", 3, bad_rows=False)
    (tmp_path / "notes.txt").write_text("mine")
    for args, words in [
        ([str(feed), "-o", str(tmp_path), "--workers", "1"], "not a geomap store"),
        ([str(feed), "-o", str(tmp_path / "s"), "--scheduler", "tcp://x:1"], "--engine dask"),
        ([str(tmp_path / "missing.jsonl"), "-o", str(tmp_path / "s2"), "--workers", "1"],
         "not found"),
    ]:
        result = CliRunner().invoke(main, ["batch", *args])
        lines = [line for line in result.output.splitlines() if line.strip()]
        assert result.exit_code == 1 and len(lines) == 1, result.output
        assert lines[0].startswith("Error: ") and words in lines[0], result.output


def feed_of(path: Path, rows: list[tuple[str, str]]) -> Path:
    path.write_text("".join(json.dumps({"id": i, "text": t}) + "\n" for i, t in rows),
                    encoding="utf-8")
    return path


def places_by_doc(store: Path) -> dict[str, list[str]]:
    frame = gpd.read_parquet(store)
    return {doc: sorted(group["place_name"]) for doc, group in frame.groupby("doc_id")}


def test_a_corrected_article_replaces_its_old_incidents(tmp_path: Path) -> None:
    store = tmp_path / "store"
    rows = [("a", "Militants attacked Basra. Police raided Aden"),
            ("b", "Troops shelled Mosul. Drones struck Idlib"),
            ("c", "Protesters marched in Kharkiv")]
    feed = feed_of(tmp_path / "feed.jsonl", rows)
    run_batch([str(feed)], store, workers=1, partition_size=2, extract=toy_extract,
              progress=False)
    assert places_by_doc(store)["b"] == ["Idlib", "Mosul"]
    rows[1] = ("b", "Troops shelled Kharkiv")  # the editor's correction, same id
    summary = run_batch([str(feed_of(feed, rows))], store, workers=1, partition_size=2,
                        extract=toy_extract, progress=False)
    assert summary.run_documents == 1
    assert places_by_doc(store) == {"a": ["Aden", "Basra"], "b": ["Kharkiv"],
                                    "c": ["Kharkiv"]}
    assert (summary.documents, summary.incidents) == (3, 4)
    again = run_batch([str(feed)], store, workers=1, partition_size=2, extract=toy_extract,
                      progress=False)
    assert again.run_documents == 0 and places_by_doc(store)["b"] == ["Kharkiv"]


def test_a_repeated_id_is_its_own_document(tmp_path: Path) -> None:
    """Two report.txt files: each keeps its incidents, and correcting one leaves the other."""
    store = tmp_path / "store"
    rows = [("report", "Militants attacked Basra"), ("report", "Troops shelled Mosul")]
    feed = feed_of(tmp_path / "feed.jsonl", rows)
    run_batch([str(feed)], store, workers=1, partition_size=5, extract=toy_extract,
              progress=False)
    assert places_by_doc(store) == {"report": ["Basra"], "report#2": ["Mosul"]}
    rows[1] = ("report", "Troops shelled Aden")
    run_batch([str(feed_of(feed, rows))], store, workers=1, partition_size=5,
              extract=toy_extract, progress=False)
    assert places_by_doc(store) == {"report": ["Basra"], "report#2": ["Aden"]}
