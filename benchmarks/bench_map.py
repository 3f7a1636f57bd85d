"""Map benchmark: file size, build and load time in headless Chromium, this page vs today's.

"geomap" is the page this code writes by default: self-contained, with the offline basemap
and its labels, and the incident table open beside the map. "today" is the page the given
earlier revision wrote with ``offline=True`` (its self-contained page, no table): its
``geomap`` package is exported with ``git archive`` and run in a subprocess on the same
incidents. Both pages are loaded from disk in the same Chromium, one after the other, with
the network blocked.

Load time is from navigation to the markers being on the map and painted (the page script
says the last marker chunk was added) and, for geomap's page, the table's rows drawn; then two
animation frames. The run stops if a page throws. Medians over ``--repeat`` loads (one from
10,000 incidents on).

Run: ``.venv/bin/python benchmarks/bench_map.py --today 447d757`` (``--sizes 1000`` for a
quick look).
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import geopandas as gpd

from geomap.incidents import Incident, incidents_frame
from geomap.render import render_map

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
RESULTS = Path(__file__).resolve().parent / "results" / "map.md"


def synthetic_incidents(n: int, seed: int = 1) -> gpd.GeoDataFrame:
    """``n`` incidents over the Middle East, with sentences of news length, all different."""
    rng = random.Random(seed)
    actions = ["assault", "coerce", "threaten", "protest", "mobilize", "sanction", "aid"]
    actors = [f"Armed group {i}" for i in range(40)]
    precisions = ["point"] * 7 + ["admin1", "country", "water"]
    return incidents_frame(
        Incident(doc_id=f"article-{i // 8}", title=f"Report {i // 8}",
                 sentence=(f"Witnesses said fighters of group {rng.randint(1, 999)} attacked "
                           f"positions near village {i} on the road to the provincial capital, "
                           f"killing {rng.randint(1, 30)} people, local officials said."),
                 actor=rng.choice(actors), action=rng.choice(actions), target="civilians",
                 place_name=f"Village {i}", lon=rng.uniform(35.0, 60.0),
                 lat=rng.uniform(12.0, 40.0), precision=rng.choice(precisions),
                 country="", date=f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                 confidence=round(rng.random(), 2))
        for i in range(n)
    )


_PAINTED = "new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(1))))"
_READY = "window.__geomapReady === true"
_TABLE_READY = _READY + " && document.querySelectorAll('.gm-table-body .gm-row').length > 0"
_TODAY_SCRIPT = """
import sys, time
import geopandas
import geomap
from geomap.render import render_map
assert geomap.__file__.startswith(sys.argv[3]), geomap.__file__  # the old code, not this one
gdf = geopandas.read_parquet(sys.argv[1])
start = time.perf_counter()
render_map(gdf, sys.argv[2], offline=True)
print(time.perf_counter() - start)
"""


def today_page(rev: str, gdf: gpd.GeoDataFrame, folder: Path, n: int) -> tuple[Path, float]:
    """Write the page revision ``rev`` wrote for ``gdf``; return it and its build seconds."""
    source = folder / f"today-{rev}"
    if not source.exists():
        source.mkdir()
        root = Path(__file__).resolve().parent.parent
        archive = subprocess.run(["git", "-C", str(root), "archive", rev, "geomap"],
                                 check=True, capture_output=True).stdout
        subprocess.run(["tar", "-x", "-C", str(source)], input=archive, check=True)
    frame = folder / f"incidents-{n}.parquet"
    gdf.to_parquet(frame)
    page = folder / f"today-{n}.html"
    done = subprocess.run([sys.executable, "-c", _TODAY_SCRIPT, str(frame), str(page),
                           str(source)],
                          check=True, capture_output=True, text=True, cwd=source,
                          env={"PYTHONPATH": str(source), "PATH": "/usr/bin:/bin",
                               "HOME": str(Path.home())})
    return page, float(done.stdout.strip().splitlines()[-1])


def load_seconds(page, path: Path, ready: str) -> float:
    """Seconds from navigation until ``ready`` holds and the result has been painted."""
    start = time.perf_counter()
    page.goto(path.as_uri(), wait_until="load", timeout=600_000)
    page.wait_for_function(ready, timeout=600_000, polling=50)
    page.evaluate(_PAINTED)
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--today", required=True, metavar="REV",
                        help="The git revision whose page is today's (e.g. 447d757).")
    args = parser.parse_args(argv)
    sizes = [int(size) for size in args.sizes.split(",")]
    from playwright.sync_api import sync_playwright

    rows = []
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium",
                                             args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 800})
        context.set_offline(True)
        context.route(lambda url: not url.startswith(("file:", "data:")),
                      lambda route: route.abort())
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda err: errors.append(str(err)))
        for n in sizes:
            gdf = synthetic_incidents(n)
            ours = Path(tmp) / f"geomap-{n}.html"
            start = time.perf_counter()
            render_map(gdf, ours)
            ours_build = time.perf_counter() - start
            today, today_build = today_page(args.today, gdf, Path(tmp), n)
            repeat = args.repeat if n < 10_000 else 1
            loads: dict[str, list[float]] = {"ours": [], "today": []}
            for _ in range(repeat):  # interleaved, so both see the same machine load
                loads["ours"].append(load_seconds(page, ours, _TABLE_READY))
                loads["today"].append(load_seconds(page, today, _READY))
            if errors:
                raise SystemExit(f"page errors: {errors[:3]}")
            row = {"n": n, "ours_mb": ours.stat().st_size / 1e6, "ours_build": ours_build,
                   "ours_load": statistics.median(loads["ours"]),
                   "today_mb": today.stat().st_size / 1e6, "today_build": today_build,
                   "today_load": statistics.median(loads["today"])}
            rows.append(row)
            print(json.dumps(row), flush=True)
        browser.close()
    _write(rows, " ".join(["benchmarks/bench_map.py", *(argv or sys.argv[1:])]), args.repeat)
    return 0


def _write(rows: list[dict], command: str, repeat: int) -> None:
    lines = [
        "## Map: file size and load time in headless Chromium",
        "",
        (f"Command: `.venv/bin/python {command.strip()}` (median of {repeat} loads, "
         "interleaved; 1 from 10,000 on). geomap = `render_map(...)`, the default page: one "
         "self-contained file with Leaflet, clustering, the offline basemap with its place "
         "labels, the date window and the incident table (open, rows drawn). today = the "
         "self-contained page (`offline=True`) of the revision named in the command, built "
         "from the same incidents in a subprocess. Load = navigation until every marker is on "
         "the map (and the table drawn) and painted, network blocked. Same browser, same "
         "machine, side by side; the machine has 2 cores shared with other jobs, so absolute "
         "seconds are noisy and the ratios are the figures to quote."),
        "",
        ("| incidents | geomap MB | today MB | geomap build s | today build s "
         "| geomap load s | today load s | load geomap/today |"),
        "|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    lines += [f"| {r['n']:,} | {r['ours_mb']:.2f} | {r['today_mb']:.2f} | "
              f"{r['ours_build']:.2f} | {r['today_build']:.2f} | {r['ours_load']:.2f} | "
              f"{r['today_load']:.2f} | {r['ours_load'] / r['today_load']:.2f}x |"
              for r in rows]
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {RESULTS}")


if __name__ == "__main__":
    raise SystemExit(main())
