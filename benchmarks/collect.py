"""Assemble BENCHMARKS.md from the sections the benchmark scripts write.

Each ``benchmarks/bench_<area>.py`` writes ``benchmarks/results/<area>.md`` with the command
that produced it; this script puts them together in a fixed order.

Run: ``python benchmarks/collect.py``
"""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).resolve().parent
ORDER = ["gazetteer", "geoparse", "throughput", "nlp", "incidents_real", "incidents_precision", "incidents",
         "merge", "map", "query", "batch"]
HEADER = """# Benchmarks

Figures measured on the project's 2-core machine. Each section names the command that produced
it; every speed figure is a median, with the ratio against a baseline run side by side in the
same process. Regenerate a section with its command, then `python benchmarks/collect.py`.
"""


def main() -> None:
    """Write BENCHMARKS.md at the project root."""
    results = HERE / "results"
    found = {p.stem: p for p in results.glob("*.md")}
    names = [n for n in ORDER if n in found] + sorted(set(found) - set(ORDER))
    parts = [HEADER] + [found[name].read_text(encoding="utf-8").strip() + "\n" for name in names]
    (HERE.parent / "BENCHMARKS.md").write_text("\n".join(parts), encoding="utf-8")


if __name__ == "__main__":
    main()
