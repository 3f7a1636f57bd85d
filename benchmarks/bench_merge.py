"""Benchmark :func:`geomap.pipeline.merge_incidents` against the pairwise merge it replaced.

The pairwise merge (each row compared with every kept row, unknown dates matching each other)
is read from git at the commit before the change (``BASELINE``) and run side by side, in the
same process, on the same synthetic incidents: reports of thousands of events at 40 places
over six years, a third of them dated only by their report. Prints the figures and writes
``benchmarks/results/merge.md``.

Run: ``python benchmarks/bench_merge.py`` (``--n 2000 --repeats 3`` for a quick look).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import subprocess
import time
import types
from collections.abc import Callable
from pathlib import Path

import geopandas as gpd
import numpy as np

from geomap.incidents import Incident, incidents_frame
from geomap.pipeline import best_dates, merge_incidents

HERE = Path(__file__).resolve().parent
RESULT = HERE / "results" / "merge.md"
BASELINE = "447d757"  # the last commit with the pairwise merge
SEED = 20240214


def baseline_merge() -> Callable[..., gpd.GeoDataFrame]:
    """Return ``merge_incidents`` as it was at :data:`BASELINE` (read with ``git show``)."""
    source = subprocess.run(["git", "show", f"{BASELINE}:geomap/pipeline.py"], check=True,
                            capture_output=True, text=True, cwd=HERE.parent).stdout
    module = types.ModuleType("baseline_pipeline")
    exec(compile(source, "baseline_pipeline.py", "exec"), module.__dict__)  # noqa: S102
    return module.merge_incidents  # type: ignore[no-any-return]


def synthetic(n: int, rng: np.random.Generator) -> gpd.GeoDataFrame:
    """Return ``n`` incident reports of ``3n/4`` events (most events have one report)."""
    start = dt.date(2018, 1, 1)
    events = [(int(rng.integers(0, 40)), str(rng.choice(["assault", "protest", "coerce"])),
               start + dt.timedelta(days=int(rng.integers(0, 6 * 365))))
              for _ in range(max(3 * n // 4, 1))]
    rows = []
    for k in range(n):
        place, action, day = events[int(rng.integers(0, len(events)))]
        report = day + dt.timedelta(days=int(rng.integers(0, 2)))
        stated = rng.random() > 1 / 3
        rows.append(Incident(f"d{k}", f"sentence {k}", "", action, f"place {place}",
                             40.0 + place / 10, 33.0, "point", geonameid=1000 + place,
                             date=day.isoformat() if stated else "",
                             published=report.isoformat(),
                             confidence=float(rng.random()), sources=[f"feed#{k}"]))
    return incidents_frame(rows)


def widest_days(merged: gpd.GeoDataFrame, frame: gpd.GeoDataFrame) -> int:
    """Return the most days between the earliest and latest report merged into one row."""
    best = best_dates(frame)
    day = {src[0]: dt.date.fromisoformat(best[k]) for k, src in enumerate(frame["sources"])}
    spans = [(max(d) - min(d)).days for d in
             ([day[s] for s in sources] for sources in merged["sources"])]
    return max(spans)


def median_seconds(run: Callable[[], object], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        run()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=8000, help="incident rows")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    frame = synthetic(args.n, np.random.default_rng(SEED))
    old = baseline_merge()
    new_out, old_out = merge_incidents([frame]), old([frame])
    new_rows, old_rows = len(new_out), len(old_out)
    new_wide, old_wide = widest_days(new_out, frame), widest_days(old_out, frame)
    new_s = median_seconds(lambda: merge_incidents([frame]), args.repeats)
    old_s = median_seconds(lambda: old([frame]), args.repeats)
    load = os.getloadavg()[0]
    text = f"""## Merge

Command: `python benchmarks/bench_merge.py --n {args.n} --repeats {args.repeats}` (2 cores shared
with other engineers, load average {load:.1f} at the end).

{args.n:,} synthetic reports of {3 * args.n // 4:,} events at 40 places over six years; a third
dated only by their report's `published` date. Baseline: the pairwise merge of
commit {BASELINE}, read with `git show` and run in the same process.

| | median | rows out | widest merged row |
|---|---|---|---|
| `merge_incidents` (groups by action, actor, place, window) | {new_s * 1000:,.0f} ms | {new_rows:,} | {new_wide:,} days |
| baseline: pairwise merge | {old_s * 1000:,.0f} ms | {old_rows:,} | {old_wide:,} days |
| ratio | {old_s / new_s:.0f}x faster | | |

"Widest merged row": the most days between the reports fused into one row (the window is
2 days). The baseline fused every undated report of one place and action, years apart, and
never merged an undated report with a dated one of the same day.
"""
    print(text)
    RESULT.parent.mkdir(exist_ok=True)
    RESULT.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
