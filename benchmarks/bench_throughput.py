"""Throughput of ``geomap geoparse`` and ``geomap extract`` against spaCy's full pipeline;
writes benchmarks/results/throughput.md.

The first ``--docs`` articles of ../shared/bench/lgl.jsonl (local and world news) go, in
each of ``--rounds`` rounds and in a new order each round, through:

- spaCy's full pipeline of the project's model (``nlp.pipe``, one process, model load
  excluded): the yardstick the ratios are taken against;
- ``geomap geoparse`` and ``geomap extract`` of this checkout, as whole commands with their
  default workers, start-up included;
- with ``--baseline REV``, the same two commands of another git revision (checked out into
  a temporary worktree, with its own gazetteer cache), on the same documents in the same
  rounds.

Each command's documents per second in a round is divided by spaCy's in the same round (the
machine is shared and its speed drifts); the report gives medians over the rounds.

Run (from the repository root)::

    .venv/bin/python benchmarks/bench_throughput.py [--docs 400] [--rounds 3] [--baseline REV]

Needs ``../shared/bench`` (evaluation data is never copied into the project).
"""

from __future__ import annotations

import argparse
import os
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT.parent / "shared" / "bench"
RESULTS = ROOT / "benchmarks" / "results" / "throughput.md"
SPACY = "spaCy full pipeline (one process, load excluded)"
TARGETS = {"`geomap geoparse`": 4.0, "`geomap extract`": 2.0}

# Times spaCy's whole pipeline on the documents of a JSONL file, the model loaded first.
_SPACY_RUN = """
import json, sys, time
from geomap.nlp import load_nlp
texts = [json.loads(line)["text"] for line in open(sys.argv[1], encoding="utf-8")]
nlp = load_nlp()
start = time.perf_counter()
for _ in nlp.pipe(texts, batch_size=32):
    pass
print(time.perf_counter() - start)
"""


def _geomap(code: Path, cache: Path, command: str, docs: Path, out: Path) -> Callable[[], float]:
    """A run of ``geomap COMMAND`` of checkout ``code``; returns its wall seconds."""
    env = dict(os.environ, PYTHONPATH=str(code), GEOMAP_CACHE_DIR=str(cache))
    cmd = [sys.executable, "-c", "from geomap.cli import main; main()", "-q", "--force",
           command, str(docs), "-o", str(out)]

    def run() -> float:
        start = time.perf_counter()
        subprocess.run(cmd, check=True, env=env, cwd=code, stdout=subprocess.DEVNULL)
        return time.perf_counter() - start
    return run


def _spacy(docs: Path) -> Callable[[], float]:
    def run() -> float:
        done = subprocess.run([sys.executable, "-c", _SPACY_RUN, str(docs)], check=True,
                              cwd=ROOT, stdout=subprocess.PIPE, text=True)
        return float(done.stdout.strip().splitlines()[-1])
    return run


def _report(command: str, n_docs: int, mean_chars: float, rounds: int,
            seconds: dict[str, list[float]]) -> str:
    spacy = seconds[SPACY]
    lines = ["## Throughput: geoparse and extract against spaCy's full pipeline", "",
             f"Command: `{command}`", "",
             (f"{n_docs} LGL news articles (mean {mean_chars:,.0f} characters), "
              f"{os.cpu_count()} cores, median of {rounds} rounds; each round runs every "
              "command once, in a new order. A command's ratio is its documents per second "
              "over spaCy's in the same round. geomap commands are timed whole (start-up, "
              "model and index loading included) with their default workers; spaCy's pipeline "
              "excludes its model load."), "",
             "| command | docs/s | vs spaCy's full pipeline |", "|---|---|---|"]
    ratio = {}
    for name, times in seconds.items():
        ratio[name] = statistics.median(s / t for s, t in zip(spacy, times, strict=True))
        lines.append(f"| {name} | {n_docs / statistics.median(times):.1f} | "
                     f"{ratio[name]:.2f}x |")
    lines += ["", "Targets (issue 17): " + ", ".join(
        f"{name} >= {target:.0f}x ({'met' if ratio[name] >= target else 'missed'})"
        for name, target in TARGETS.items())]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=400)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--baseline", help="a git revision to run side by side")
    args = parser.parse_args(argv)
    command = "python benchmarks/bench_throughput.py " + " ".join(
        shlex.quote(a) for a in (argv if argv is not None else sys.argv[1:]))
    with (BENCH / "lgl.jsonl").open(encoding="utf-8") as fh:  # not splitlines(): a text may
        lines = [line.rstrip("\n") for line in fh][: args.docs]  # hold U+2028
    with tempfile.TemporaryDirectory(prefix="bench-throughput-") as tmp:
        scratch = Path(tmp)
        docs = scratch / "news.jsonl"
        docs.write_text("\n".join(lines) + "\n", encoding="utf-8")
        cache = Path(os.environ.get("GEOMAP_CACHE_DIR", Path.home() / ".cache" / "geomap"))
        runs = {SPACY: _spacy(docs),
                "`geomap geoparse`": _geomap(ROOT, cache, "geoparse", docs, scratch / "a.jsonl"),
                "`geomap extract`": _geomap(ROOT, cache, "extract", docs, scratch / "a.csv")}
        if args.baseline:
            base = scratch / "baseline"
            subprocess.run(["git", "worktree", "add", "--detach", "-q", str(base), args.baseline],
                           cwd=ROOT, check=True)
            base_cache = scratch / "baseline-cache"
            runs[f"`geomap geoparse` at {args.baseline}"] = _geomap(
                base, base_cache, "geoparse", docs, scratch / "b.jsonl")
            runs[f"`geomap extract` at {args.baseline}"] = _geomap(
                base, base_cache, "extract", docs, scratch / "b.csv")
        try:
            for run in runs.values():  # warm-up: indexes built, files cached
                run()
            seconds: dict[str, list[float]] = {name: [] for name in runs}
            names = list(runs)
            for k in range(args.rounds):
                for name in names[k % len(names):] + names[:k % len(names)]:
                    seconds[name].append(runs[name]())
                print(f"round {k + 1}: " + ", ".join(f"{n} {s[-1]:.1f} s" for n, s in seconds.items()),
                      flush=True)
        finally:
            if args.baseline:
                subprocess.run(["git", "worktree", "remove", "--force", str(base)], cwd=ROOT,
                               check=False)
    mean_chars = statistics.mean(len(line) for line in lines)
    text = _report(command, len(lines), mean_chars, args.rounds, seconds)
    RESULTS.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
