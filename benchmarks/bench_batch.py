"""Benchmark of batch runs and of the PostGIS store; writes benchmarks/results/batch.md.

Batch: documents per second of ``run_batch`` (the code behind ``geomap batch``) with 1 and 2
local worker processes and with the Dask engine (a LocalCluster of 2 single-thread worker
processes), on the ../shared/bench JSONL texts read in place, against the baseline of the
pipeline called on one document at a time in this process (a sample of every k-th document of
the same corpus). Per-core efficiency = batch rate / (workers x baseline rate).

PostGIS: a throw-away server (scripts/postgis-start), N synthetic incidents made with
``incidents_frame``; insert rate of ``write_postgis`` in chunks (beside writing the same
rows to GeoParquet), re-upsert rate, and the latency of ``near_postgis`` /
``within_postgis`` / ``count_by_country_postgis`` beside the same query done in memory.

Run (from the repository root)::

    .venv/bin/python benchmarks/bench_batch.py                 # everything, full sizes
    .venv/bin/python benchmarks/bench_batch.py --docs 1000 --pg-rows 100000   # quicker
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT.parent / "shared" / "bench"
CORPORA = ["lgl.jsonl", "geovirus.jsonl", "wiktor.jsonl"]
RESULTS = ROOT / "benchmarks" / "results" / "batch.md"
BATCH = "### Documents per second"
POSTGIS = "### PostGIS"


def corpus_inputs(limit: int | None, scratch: Path) -> tuple[list[str], int]:
    """The bench feeds, read in place; with ``limit``, a temporary feed of the first rows."""
    from geomap.batch.progress import estimate_documents

    paths = [str(BENCH / name) for name in CORPORA]
    total = sum(estimate_documents([p]) for p in paths)
    if limit is None or limit >= total:
        return paths, total
    subset = scratch / "subset.jsonl"
    with subset.open("w", encoding="utf-8") as out:
        written = 0
        for path in paths:
            with open(path, encoding="utf-8") as feed:
                for line in feed:
                    if written == limit:
                        break
                    if line.strip():
                        out.write(line)
                        written += 1
    return [str(subset)], limit


def in_worker_rate(store: Path) -> float:
    """Documents per second of partition work inside the workers (no start-up, no waiting),
    from the seconds each partition took, recorded in the store's _progress.jsonl."""
    rows = [json.loads(line) for line in (store / "_progress.jsonl").read_text().splitlines()]
    return sum(len(r["keys"]) for r in rows) / sum(r["seconds"] for r in rows)


def timed(fn: Callable[[], object]) -> tuple[float, object]:
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


def bench_batch(args: argparse.Namespace, scratch: Path) -> list[str]:
    from geomap.batch import run_batch
    from geomap.io.text_inputs import read_documents
    from geomap.pipeline import extract_incidents

    inputs, n_docs = corpus_inputs(args.docs, scratch)
    print(f"batch corpus: {n_docs} documents from {', '.join(Path(p).name for p in inputs)}")
    # baseline: the pipeline on one document at a time, every k-th document, warm
    docs = list(read_documents(inputs))
    step = max(len(docs) // args.baseline_docs, 1)
    sample = docs[::step][: args.baseline_docs]
    extract_incidents([sample[0]])  # load spaCy and the gazetteer outside the timing
    per_doc = []
    for doc in sample:
        seconds, _ = timed(lambda d=doc: extract_incidents([d]))
        per_doc.append(seconds)
    base_rate = 1.0 / statistics.median(per_doc)
    base_mean_rate = len(per_doc) / sum(per_doc)
    print(f"baseline: median {base_rate:.1f} doc/s, mean {base_mean_rate:.1f} doc/s "
          f"on {len(per_doc)} single-document calls")
    rows = []
    runs: dict[str, list[float]] = {}
    busy: dict[str, list[float]] = {}
    configs = [("local", 1), ("local", 2), ("dask", 2)]
    for repeat in range(args.repeats):
        for engine, workers in configs:
            store = scratch / f"store-{engine}-{workers}-{repeat}"
            seconds, summary = timed(lambda e=engine, w=workers, s=store: run_batch(
                inputs, s, workers=w, engine=e, partition_size=args.partition_size,
                progress=False))
            rate = summary.run_documents / seconds  # type: ignore[attr-defined]
            runs.setdefault(f"{engine}-{workers}", []).append(rate)
            busy.setdefault(f"{engine}-{workers}", []).append(in_worker_rate(store))
            print(f"{engine} x{workers}: {summary.run_documents} docs, "  # type: ignore[attr-defined]
                  f"{summary.run_incidents} incidents, {seconds:.1f} s, {rate:.2f} doc/s")
    local2 = statistics.median(runs["local-2"])
    for engine, workers in configs:
        rate = statistics.median(runs[f"{engine}-{workers}"])
        per_core = rate / (workers * base_mean_rate)
        vs_local = "" if engine == "local" else f"{rate / local2:.2f}"
        in_worker = statistics.median(busy[f"{engine}-{workers}"]) / base_mean_rate
        rows.append(f"| {engine} | {workers} | {rate:.2f} | {per_core:.0%} | {in_worker:.0%} "
                    f"| {vs_local} |")
    return [
        (f"Corpus: {n_docs} documents (lgl, geovirus, wiktor texts of ../shared/bench, read in "
        f"place{'' if args.docs is None else f', first {n_docs} rows'}), partitions of "
        f"{args.partition_size}, {args.repeats} run(s) per configuration (median), timed from "
        "the call to the summary, worker start-up (spaCy and gazetteer loading) included. "
        "The in-worker rate counts only the time each worker spent on its partitions."),
        "",
        (f"Baseline, the pipeline on one document at a time in one process, warm, on every "
        f"{step}-th document ({len(per_doc)} calls): **{base_mean_rate:.2f} doc/s** "
        f"(total docs / total time; median single call {1000 / base_rate:.0f} ms)."),
        "",
        ("| engine | workers | doc/s (median) | per-core vs baseline (wall clock) "
         "| in-worker rate vs baseline | vs local x2 |"),
        "|---|---|---|---|---|---|",
        *rows,
    ]


def synthetic_incidents(n: int, seed: int = 7):  # type: ignore[no-untyped-def]
    from geomap.incidents import Incident, incidents_frame

    rng = np.random.default_rng(seed)
    lon = rng.uniform(25.0, 60.0, n).round(5)
    lat = rng.uniform(10.0, 40.0, n).round(5)
    actions = ["assault", "coerce", "protest", "threaten"]
    return incidents_frame(
        Incident(f"doc{i // 5}", f"Sentence {i} of the synthetic archive.", f"Actor {i % 97}",
                 actions[i % 4], f"Place {i % 5000}", float(lon[i]), float(lat[i]), "point",
                 source=f"https://example.org/{i // 5}", confidence=0.5, date="2024-01-24")
        for i in range(n))


def postgis_server(scratch: Path) -> tuple[str, Path]:
    folder = Path(tempfile.mkdtemp(prefix="geomap-pg-bench-"))
    url = subprocess.run([str(ROOT / "scripts" / "postgis-start"), str(folder)], check=True,
                         capture_output=True, text=True).stdout.strip().splitlines()[-1]
    return url, folder


def chunks(gdf, size: int) -> Iterator:  # type: ignore[no-untyped-def]
    for start in range(0, len(gdf), size):
        yield gdf.iloc[start:start + size]


def bench_postgis(args: argparse.Namespace, scratch: Path) -> list[str]:
    import shapely
    from pyproj import Geod

    from geomap.io.geoparquet import write_geoparquet
    from geomap.store.postgis import (
        connect,
        count_by_country_postgis,
        near_postgis,
        within_postgis,
        write_postgis,
    )

    seconds, gdf = timed(lambda: synthetic_incidents(args.pg_rows))
    print(f"made {len(gdf)} synthetic incidents in {seconds:.1f} s")
    url, folder = postgis_server(scratch)
    try:
        conn = connect(url)  # one connection for every call, as a user's script holds one
        insert, parquet = [], []
        for i, chunk in enumerate(chunks(gdf, args.pg_chunk)):
            t_pg, _ = timed(lambda c=chunk: write_postgis(c, conn, table="bench"))
            t_pq, _ = timed(lambda c=chunk, i=i: write_geoparquet(
                c, scratch / "pq" / f"part-{i}.parquet"))
            insert.append(len(chunk) / t_pg)
            parquet.append(len(chunk) / t_pq)
        print(f"insert: median {statistics.median(insert):.0f} rows/s over {len(insert)} chunks")
        upsert = [len(c) / timed(lambda c=c: write_postgis(c, conn, table="bench"))[0]
                  for c in list(chunks(gdf, args.pg_chunk))[:3]]
        rng = np.random.default_rng(11)
        x = shapely.get_x(gdf.geometry.to_numpy())
        y = shapely.get_y(gdf.geometry.to_numpy())
        geod = Geod(ellps="WGS84")
        near_db, near_mem, hits = [], [], []
        for lon, lat in zip(rng.uniform(30, 55, args.queries), rng.uniform(15, 35, args.queries),
                            strict=True):
            t_db, found = timed(lambda lo=lon, la=lat: near_postgis(conn, lo, la, 50, table="bench"))
            t_mem, inside = timed(lambda lo=lon, la=lat: np.count_nonzero(
                geod.inv(np.full_like(x, lo), np.full_like(y, la), x, y)[2] <= 50_000))
            assert len(found) == inside, (len(found), inside)  # the two agree
            near_db.append(t_db)
            near_mem.append(t_mem)
            hits.append(inside)
        within_db, within_mem = [], []
        for lon, lat in zip(rng.uniform(30, 55, args.queries), rng.uniform(15, 35, args.queries),
                            strict=True):
            box = shapely.box(lon, lat, lon + 1.0, lat + 1.0)
            t_db, found = timed(lambda b=box: within_postgis(conn, b, table="bench"))
            t_mem, inside = timed(lambda b=box: np.count_nonzero(shapely.contains_xy(b, x, y)))
            assert len(found) == inside, (len(found), inside)
            within_db.append(t_db)
            within_mem.append(t_mem)
        from geomap.boundaries import country_polygons
        from geomap.settings import current_settings

        cache = current_settings().cache_dir
        count_by_country_postgis(conn, table="bench", cache_dir=cache)  # loads them once
        count_db = [timed(lambda: count_by_country_postgis(conn, table="bench",
                                                           cache_dir=cache))[0]
                    for _ in range(3)]
        countries = country_polygons(cache)
        count_mem = [timed(lambda: gdf.sjoin(countries, predicate="within")
                           .groupby("iso_a2").size())[0] for _ in range(3)]
        conn.close()
    finally:
        subprocess.run([str(ROOT / "scripts" / "postgis-stop"), str(folder), "--remove"],
                       check=False)
    med = statistics.median
    return [
        (f"{len(gdf):,} synthetic incidents (random points over 25-60 E, 10-40 N), written "
        f"with `write_postgis` in chunks of {args.pg_chunk:,} to a fresh table (GiST on "
        "geometry and on geography, upsert through a staging table), on the test server of "
        "`scripts/postgis-start` (fsync off). Baseline: the same rows written to GeoParquet, "
        "and the same queries answered in memory with numpy/shapely/pyproj over all rows."),
        "",
        "| operation | PostGIS (median) | baseline (median) | PostGIS speed / baseline |",
        "|---|---|---|---|",
        (f"| insert | {med(insert):,.0f} rows/s | GeoParquet {med(parquet):,.0f} rows/s | "
        f"{med(insert) / med(parquet):.2f}x |"),
        f"| re-upsert (same ids, {len(upsert)} chunks) | {med(upsert):,.0f} rows/s | | |",
        (f"| near, 50 km, geodesic ({args.queries} queries, median {med(hits):.0f} hits) | "
        f"{1000 * med(near_db):.1f} ms | {1000 * med(near_mem):.1f} ms | "
        f"{med(near_mem) / med(near_db):.2f}x |"),
        (f"| within a 1x1 degree box ({args.queries} queries) | {1000 * med(within_db):.1f} ms"
        f" | {1000 * med(within_mem):.1f} ms | {med(within_mem) / med(within_db):.2f}x |"),
        (f"| count by country (Natural Earth 1:10m join) | {1000 * med(count_db):.0f} ms | "
        f"{1000 * med(count_mem):.0f} ms (geopandas sjoin) | "
        f"{med(count_mem) / med(count_db):.2f}x |"),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=None, help="cap on batch documents")
    parser.add_argument("--baseline-docs", type=int, default=300)
    parser.add_argument("--partition-size", type=int, default=50)
    parser.add_argument("--repeats", type=int, default=1)
    parser.add_argument("--pg-rows", type=int, default=1_000_000)
    parser.add_argument("--pg-chunk", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=30)
    parser.add_argument("--skip-batch", action="store_true")
    parser.add_argument("--skip-postgis", action="store_true")
    args = parser.parse_args()
    command = f"`{shlex.join(['python', 'benchmarks/bench_batch.py', *sys.argv[1:]])}`"
    load = os.getloadavg()
    machine = (f"Command: {command} ({os.cpu_count()} cores, load average {load[0]:.1f} at "
               "the start, shared machine).")
    sections = previous_sections()
    with tempfile.TemporaryDirectory(prefix="geomap-bench-batch-") as tmp:
        scratch = Path(tmp)
        if not args.skip_batch:
            sections[BATCH] = [machine, "", *bench_batch(args, scratch)]
        if not args.skip_postgis:
            sections[POSTGIS] = [machine, "", *bench_postgis(args, scratch)]
    lines = ["## Batch runs and the PostGIS store", ""]
    for title in (BATCH, POSTGIS):
        if title in sections:
            lines += [title, "", *sections[title], ""]
    text = "\n".join(lines)
    print(text)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(text, encoding="utf-8")
    print(json.dumps({"written": str(RESULTS)}))


def previous_sections() -> dict[str, list[str]]:
    """The sections of an earlier results file, kept when this run skips them."""
    sections: dict[str, list[str]] = {}
    if not RESULTS.exists():
        return sections
    current = None
    for line in RESULTS.read_text(encoding="utf-8").splitlines():
        if line.startswith("### "):
            current = line
            sections[current] = []
        elif current is not None:
            sections[current].append(line)
    return {title: body[1:] if body and not body[0] else body
            for title, body in sections.items()}


if __name__ == "__main__":
    main()
