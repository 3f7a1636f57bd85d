"""Ids and URLs from a feed never become paths: a batch writes only inside its store."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from geomap.cli import main

HOSTILE_IDS = ["../../escaped", "/tmp/absolute-escape", "..\\..\\windows", "a/b/../../../up",
               "\x00nul", "con"]


def test_feed_ids_cannot_write_outside_the_store(tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    rows = [{"id": doc_id, "url": f"file:///{doc_id}",
             "text": f"Police fired tear gas at protesters in Basra on Friday ({n})."}
            for n, doc_id in enumerate(HOSTILE_IDS)]
    feed.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    store = tmp_path / "store"
    result = CliRunner().invoke(main, ["-q", "batch", str(feed), "-o", str(store),
                                       "--workers", "1"])
    assert result.exit_code == 0, result.output
    written = {p for p in tmp_path.rglob("*") if p.is_file()} - {feed}
    assert written, "the batch wrote nothing"
    assert all(store in p.parents for p in written), sorted(map(str, written))
    assert not Path("/tmp/absolute-escape").exists()
    assert not (tmp_path.parent / "escaped").exists()
