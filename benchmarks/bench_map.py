"""Map benchmark: file size and load time in headless Chromium, geomap's map vs the naive one.

The naive baseline is what a first folium script does: one ``folium.Marker`` with a
``folium.Popup`` per incident, each its own block of script. geomap's map carries the
incidents as one JSON block and draws them with Leaflet.markercluster. Both are loaded from
disk in the same Chromium, one after the other, with the network blocked (the baseline's CDN
files are served from the installed packages, the same files geomap's offline page inlines).

Load time is from navigation to the markers being on the map and painted: for geomap's page,
until its script says the last marker chunk was added; for the baseline, until the ``load``
event (its scripts run inline before it); then two animation frames. The run stops if a page
throws or the baseline shows fewer markers than incidents. Medians over ``--repeat`` loads
(one from 10,000 incidents on).
The baseline's jQuery comes from ``xstatic-jquery`` (in the ``dev`` extra).

Run: ``.venv/bin/python benchmarks/bench_map.py`` (``--sizes 100,1000`` for a quick look).
"""

from __future__ import annotations

import argparse
import html
import importlib.resources
import random
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

import folium
import geopandas as gpd

from geomap.incidents import Incident, incidents_frame
from geomap.render import render_map
from geomap.render.assets import _LOCAL

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
RESULTS = Path(__file__).resolve().parent / "results" / "map.md"
NAIVE_MAX = 10_000  # the baseline is built and loaded up to this size


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


def naive_map(gdf: gpd.GeoDataFrame, path: Path) -> None:
    """The baseline: one folium Marker and Popup per incident."""
    fmap = folium.Map(tiles=None, location=[26, 47], zoom_start=5)
    for point, actor, action, sentence in zip(gdf.geometry, gdf["actor"], gdf["action"],
                                              gdf["sentence"]):
        popup = folium.Popup(f"<b>{html.escape(actor)}</b> {html.escape(action)}<br>"
                             f"{html.escape(sentence)}", max_width=320)
        folium.Marker([point.y, point.x], popup=popup, tooltip=html.escape(actor)).add_to(fmap)
    fmap.save(str(path))


# What the baseline needs beyond geomap's files: folium's Popup uses jQuery (the
# xstatic-jquery package of the dev extra), its default marker Leaflet's images.
_BASELINE = {
    "https://code.jquery.com/jquery-3.7.1.min.js": ("xstatic.pkg.jquery", "data/jquery.min.js"),
}
_LEAFLET_IMAGES = "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/images/"
_PAINTED = "new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(1))))"


def load_seconds(page, path: Path, ready: str) -> float:
    """Seconds from navigation until ``ready`` holds and the result has been painted."""
    start = time.perf_counter()
    page.goto(path.as_uri(), wait_until="load", timeout=600_000)
    page.wait_for_function(ready, timeout=600_000, polling=50)
    page.evaluate(_PAINTED)
    return time.perf_counter() - start


def serve_local(route) -> None:
    url = route.request.url
    found = _BASELINE.get(url)
    if url in _LOCAL:
        found = (_LOCAL[url].package, _LOCAL[url].path)
    elif url.startswith(_LEAFLET_IMAGES):
        found = ("xstatic.pkg.leaflet", "data/images/" + url[len(_LEAFLET_IMAGES):])
    if found is None:
        route.abort()
        return
    body = importlib.resources.files(found[0]).joinpath(found[1]).read_bytes()
    kind = {"css": "text/css", "png": "image/png"}.get(url.rsplit(".", 1)[-1],
                                                      "application/javascript")
    route.fulfill(status=200, body=body, content_type=kind)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000,10000,100000")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    from playwright.sync_api import sync_playwright

    rows = []
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium",
                                             args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 800})
        context.route(re.compile(r"^(?!file:|data:)"), serve_local)
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda err: errors.append(str(err)))
        for n in sizes:
            gdf = synthetic_incidents(n)
            ours = Path(tmp) / f"geomap-{n}.html"
            start = time.perf_counter()
            render_map(gdf, ours, offline=True)
            ours_build = time.perf_counter() - start
            repeat = args.repeat if n < 10_000 else 1
            ours_load = statistics.median(
                load_seconds(page, ours, "window.__geomapReady === true")
                for _ in range(repeat))
            row = {"n": n, "ours_mb": ours.stat().st_size / 1e6, "ours_build": ours_build,
                   "ours_load": ours_load}
            if n <= NAIVE_MAX:
                naive = Path(tmp) / f"naive-{n}.html"
                start = time.perf_counter()
                naive_map(gdf, naive)
                row["naive_build"] = time.perf_counter() - start
                row["naive_mb"] = naive.stat().st_size / 1e6
                row["naive_load"] = statistics.median(
                    load_seconds(page, naive, "document.readyState === 'complete'")
                    for _ in range(repeat))
                shown = page.locator(".leaflet-marker-icon").count()
                if shown != n:
                    raise SystemExit(f"the naive map shows {shown} of {n} markers: {errors[:3]}")
            if errors:
                raise SystemExit(f"page errors: {errors[:3]}")
            rows.append(row)
            print(_line(row), flush=True)
        browser.close()
    _write(rows, " ".join(["benchmarks/bench_map.py", *(argv or sys.argv[1:])]), args.repeat)
    return 0


def _line(row: dict) -> str:
    text = (f"n={row['n']:>6}  geomap: {row['ours_mb']:7.2f} MB, build {row['ours_build']:6.2f} s,"
            f" load {row['ours_load']:6.2f} s")
    if "naive_load" in row:
        text += (f"  | naive: {row['naive_mb']:7.2f} MB, build {row['naive_build']:6.2f} s, "
                 f"load {row['naive_load']:6.2f} s")
    return text


def _write(rows: list[dict], command: str, repeat: int) -> None:
    lines = [
        "## Map: file size and load time in headless Chromium",
        "",
        (f"Command: `.venv/bin/python {command.strip()}` (median of {repeat} loads; 1 from "
         "10,000 on). geomap = `render_map(..., offline=True)`: one self-contained file with "
         "Leaflet, clustering and a 1.2 MB country-outline basemap inlined. naive = one "
         "`folium.Marker` + `folium.Popup` per incident (no basemap), CDN files served from "
         "disk. Load = navigation until every marker is on the map and painted. Same browser, same "
         "machine, run side by side; the machine has 2 cores shared with other jobs, so "
         "absolute seconds are noisy and the ratios are the figures to quote."),
        "",
        ("| incidents | geomap MB | naive MB | geomap build s | naive build s "
         "| geomap load s | naive load s | load naive/geomap |"),
        "|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        naive = "naive_load" in r
        lines.append(
            f"| {r['n']:,} | {r['ours_mb']:.2f} | {r['naive_mb']:.2f} | " if naive else
            f"| {r['n']:,} | {r['ours_mb']:.2f} | not built | ")
        lines[-1] += (f"{r['ours_build']:.2f} | {r['naive_build']:.2f} | {r['ours_load']:.2f} | "
                      f"{r['naive_load']:.2f} | {r['naive_load'] / r['ours_load']:.1f}x |"
                      if naive else
                      f"{r['ours_build']:.2f} | not built | {r['ours_load']:.2f} | "
                      "not built | |")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {RESULTS}")


if __name__ == "__main__":
    raise SystemExit(main())
