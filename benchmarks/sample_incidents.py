"""Sample incidents from ordinary news for judging by hand; score the judged sample.

Ordinary news (``../shared/bench/lgl.jsonl``, ``geovirus.jsonl``: local news and epidemics,
not conflict reports) must not fill with false incidents. This script runs
``geomap extract --no-merge`` on both, draws a fixed random sample of the incidents and
prints each with its sentence for a reader to judge: is it an event that happened, of the
coded kind, at the given place (at the given precision)? The verdicts are kept in
``benchmarks/results/incidents_judged.csv`` (incident ids and verdicts only: no corpus text
is copied into the project), and ``--score`` prints the precision they give.

Run (from the repository root)::

    .venv/bin/python benchmarks/sample_incidents.py [--seed 2026] [--lgl 40] [--geovirus 10]
    .venv/bin/python benchmarks/sample_incidents.py --score benchmarks/results/incidents_judged.csv
"""

from __future__ import annotations

import argparse
import csv
import random
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT.parent / "shared" / "bench"


def extract(corpus: str, out: Path) -> list[dict[str, str]]:
    """Run ``geomap extract`` on a corpus of ``../shared/bench`` and read its rows."""
    cmd = [sys.executable, "-c", "from geomap.cli import main; main()", "--force", "-q",
           "extract", str(BENCH / f"{corpus}.jsonl"), "-o", str(out), "--no-merge"]
    subprocess.run(cmd, check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
    with out.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def sample(seed: int, sizes: dict[str, int]) -> None:
    """Print the sample: one block per incident, for judging."""
    rng = random.Random(seed)
    with tempfile.TemporaryDirectory() as tmp:
        for corpus, size in sizes.items():
            rows = extract(corpus, Path(tmp) / f"{corpus}.csv")
            print(f"# {corpus}: {len(rows)} incidents, {min(size, len(rows))} sampled")
            for row in rng.sample(rows, min(size, len(rows))):
                print(f"{row['incident_id']}\t{corpus}\t{row['doc_id']}\t{row['acled_event_type']}"
                      f"\t{row['actor']}\t{row['place_name']} ({row['precision']})\n"
                      f"    {row['sentence'][:240]}")


def score(judged: Path) -> None:
    """Print the precision of a judged sample (verdict ``yes``/``no``) and its error classes."""
    with judged.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    right = sum(r["verdict"] == "yes" for r in rows)
    print(f"{right}/{len(rows)} judged right: precision {right / len(rows):.2f}")
    for reason, count in Counter(r["why"] for r in rows if r["verdict"] != "yes").most_common():
        print(f"  {count:3d}  {reason}")


def main() -> None:
    """Sample, or score a judged sample."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--lgl", type=int, default=40)
    parser.add_argument("--geovirus", type=int, default=10)
    parser.add_argument("--score", type=Path, help="a judged sample to score")
    args = parser.parse_args()
    if args.score:
        score(args.score)
    elif not BENCH.is_dir():
        sys.exit(f"{BENCH} not found: the corpora live there")
    else:
        sample(args.seed, {"lgl": args.lgl, "geovirus": args.geovirus})


if __name__ == "__main__":
    main()
