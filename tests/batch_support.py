"""A small corpus and a stand-in extractor for the batch tests (importable by workers).

``toy_extract`` is a real, if tiny, extractor: one incident per sentence that names a place
of its own table; a document containing ``UNREADABLE`` raises. ``GEOMAP_TEST_DELAY`` (seconds
per document) slows it down so that a test can interrupt a run part-way.

Run as a script, it runs one batch: ``python tests/batch_support.py FEED STORE WORKERS``.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Iterable
from pathlib import Path

import geopandas as gpd

from geomap.document import Document
from geomap.incidents import Incident, incidents_frame

# lon, lat of a few city centres (rounded, from their Wikipedia articles).
PLACES = {
    "Basra": (47.78, 30.51),
    "Mosul": (43.13, 36.34),
    "Kharkiv": (36.23, 49.99),
    "Aden": (45.03, 12.78),
    "Idlib": (36.63, 35.93),
}
ACTORS = ["Militants", "Police", "Troops", "Protesters", "Drones"]


def toy_extract(docs: Iterable[Document]) -> gpd.GeoDataFrame:
    """One incident per sentence that names a place of :data:`PLACES`."""
    delay = float(os.environ.get("GEOMAP_TEST_DELAY", "0"))
    records = []
    for doc in docs:
        if delay:
            time.sleep(delay)
        if "UNREADABLE" in doc.text:
            raise ValueError(f"cannot parse document {doc.id}")
        for sentence in doc.text.split(". "):
            for place, (lon, lat) in PLACES.items():
                if place in sentence:
                    records.append(Incident(doc.id, sentence, sentence.split()[0], "assault",
                                            place, lon, lat, "point", source=doc.source))
    return incidents_frame(records)


def write_feed(path: Path, n: int, *, bad_rows: bool = True) -> Path:
    """Write a JSONL feed of ``n`` short articles; with ``bad_rows``, one malformed line and
    one document that ``toy_extract`` cannot read."""
    names = list(PLACES)
    lines = []
    for i in range(n):
        place, other = names[i % len(names)], names[(i * 3 + 1) % len(names)]
        actor = ACTORS[i % len(ACTORS)]
        text = (f"{actor} attacked a checkpoint near {place} on day {i}. "
                f"Residents of {other} reported gunfire. The ministry gave no figures.")
        if bad_rows and i == n // 2:
            text = f"UNREADABLE wire copy number {i} about {place}."
        lines.append(json.dumps({"id": f"doc{i:04d}", "text": text,
                                 "published": "2024-01-24"}))
        if bad_rows and i == n // 3:
            lines.append('{"id": "broken", "text": ')
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


if __name__ == "__main__":
    from geomap.batch import run_batch

    feed, store, workers = sys.argv[1], sys.argv[2], int(sys.argv[3])
    run_batch([feed], store, workers=workers, partition_size=4, extract=toy_extract,
              progress=False)
