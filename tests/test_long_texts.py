"""Long texts run (in pieces); a text over GEOMAP_MAX_TEXT_BYTES or a document that fails is
reported with its line and skipped, never stopping the run (unless --strict)."""

from __future__ import annotations

import dataclasses
import io
import json
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import spacy
from click.testing import CliRunner

from geomap.cli import main
from geomap.document import Document
from geomap.errors import InputError
from geomap.io.text_inputs import Problem, read_documents
from geomap.nlp import load_nlp, model_name, text_pieces
from geomap.pipeline import extract_incidents
from geomap.resources import Resources
from geomap.settings import current_settings

FIRST = "Russian forces shelled Kharkiv on Tuesday, the regional governor said."
LAST = "Protesters rallied in Basra on Friday against power cuts."
FILLER = ("The council met to discuss the budget for schools and roads, and members agreed "
          "to publish the minutes next month. ")


def long_text(chars: int) -> str:
    paragraphs, size = [FIRST], len(FIRST)
    while size < chars:
        paragraphs.append(FILLER * 8)
        size += len(paragraphs[-1]) + 2
    return "\n\n".join(paragraphs + [LAST])


def test_pieces_keep_offsets_and_every_character() -> None:
    text = long_text(50_000) + " " + "x" * 30_000  # a 30,000-character run with no break
    pieces = text_pieces(text, limit=7_000)
    assert "".join(piece for _, piece in pieces) == text
    assert all(text[start:start + len(piece)] == piece for start, piece in pieces)
    assert max(len(piece) for _, piece in pieces) <= 7_000
    assert pieces[0][1].endswith("\n\n")  # cut at a paragraph break first


def test_text_longer_than_spacy_takes_runs_in_pieces() -> None:
    """spaCy refuses a text over nlp.max_length (E088); here a model of its own has a
    small limit."""
    small = spacy.load(model_name(current_settings().spacy_models))
    small.max_length = 20_000
    resources = dataclasses.replace(Resources.load(), nlp=small)
    text = long_text(60_000)
    assert len(text) > 3 * 20_000
    found = extract_incidents(Document("long", text, published=None), date="2024-03-10",
                              resources=resources)
    assert sorted(found["action"]) == ["assault", "protest"]  # first and last paragraph
    assert "Kharkiv" in set(found["place_name"])


@pytest.mark.slow
def test_a_text_of_over_a_million_characters_runs() -> None:
    text = FIRST + "\n\n" + " " * 1_000_100 + "\n\n" + LAST
    found = extract_incidents(text, date="2024-03-10")
    assert set(found["action"]) >= {"assault", "protest"}


def test_feed_row_over_the_size_setting_is_skipped_with_its_line(tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    rows = [{"id": "a", "text": FIRST}, {"id": "big", "text": FILLER * 30}, {"id": "c", "text": LAST}]
    feed.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    problems: list[Problem] = []
    docs = read_documents([str(feed)], problems=problems, max_bytes=2000)
    assert [d.id for d in docs] == ["a", "c"]
    assert [p.where for p in problems] == [f"{feed}:2"]
    assert "GEOMAP_MAX_TEXT_BYTES" in problems[0].message
    with pytest.raises(InputError, match=r"feed.jsonl:2: .*stopped by --strict"):
        list(read_documents([str(feed)], strict=True, max_bytes=2000))


def test_standard_input_over_the_size_setting_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(FILLER.encode() * 10)))
    with pytest.raises(InputError, match="standard input: more than 100 bytes"):
        list(read_documents(["-"], max_bytes=100))


def test_a_bad_size_setting_is_a_one_line_error(
        tmp_path: Path, geomap_env: Callable[[str, str], None]) -> None:
    geomap_env("GEOMAP_MAX_TEXT_BYTES", "20MB")
    (tmp_path / "a.txt").write_text(FIRST, encoding="utf-8")
    result = CliRunner().invoke(main, ["extract", str(tmp_path / "a.txt"), "-o",
                                       str(tmp_path / "a.csv")])
    assert result.exit_code == 1 and "GEOMAP_MAX_TEXT_BYTES='20MB'" in result.output


def failing_on_bad(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make every document holding 'BAD' fail inside the pipeline, as a bug would."""
    import geomap.pipeline

    real = geomap.pipeline.incidents_of_doc

    def incidents_of_doc(doc, *args, **kwargs):  # type: ignore[no-untyped-def]
        if "BAD" in doc.text:
            raise ValueError("something inside broke")
        return real(doc, *args, **kwargs)

    monkeypatch.setattr(geomap.pipeline, "incidents_of_doc", incidents_of_doc)


def test_a_failing_feed_row_is_reported_with_its_line_and_skipped(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    failing_on_bad(monkeypatch)
    feed = tmp_path / "feed.jsonl"
    rows = [{"id": "a", "text": FIRST, "published": "2024-03-07"},
            {"id": "b", "text": "BAD " + FIRST, "published": "2024-03-07"},
            {"id": "c", "text": LAST, "published": "2024-03-09"}]
    feed.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    out = tmp_path / "out.csv"
    result = CliRunner().invoke(main, ["extract", str(feed), "-o", str(out)])
    assert result.exit_code == 0, result.output + result.stderr
    assert f"{feed}:2: cannot be processed (ValueError: something inside broke): skipped" \
        in result.stderr
    assert "2 incident(s) from 2 document(s)" in result.output
    strict = CliRunner().invoke(main, ["extract", str(feed), "-o", str(tmp_path / "s.csv"),
                                       "--strict"])
    assert strict.exit_code == 1, strict.output
    assert "feed.jsonl:2: cannot be processed" in strict.output and "--strict" in strict.output
    assert not (tmp_path / "s.csv").exists()


def test_a_jsonl_row_over_a_million_characters_does_not_stop_extract(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(load_nlp(), "max_length", 20_000)
    feed = tmp_path / "feed.jsonl"
    rows = [{"id": "long", "text": long_text(60_000), "published": "2024-03-10"},
            {"id": "short", "text": FIRST, "published": "2024-03-20"}]
    feed.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    out = tmp_path / "out.geojson"
    result = CliRunner().invoke(main, ["extract", str(feed), "-o", str(out)])
    assert result.exit_code == 0, result.output
    docs = {f["properties"]["doc_id"] for f in json.loads(out.read_text())["features"]}
    assert docs == {"long", "short"}


def test_map_skips_a_failing_feed_row_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    failing_on_bad(monkeypatch)
    feed = tmp_path / "feed.jsonl"
    rows = [{"id": "a", "text": FIRST, "published": "2024-03-07"},
            {"id": "b", "text": "BAD " + LAST, "published": "2024-03-07"}]
    feed.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    result = CliRunner().invoke(main, ["map", str(feed), "-o", str(tmp_path / "m.html")])
    assert result.exit_code == 0, result.output
    assert f"{feed}:2: cannot be processed" in result.stderr
    assert "1 incidents" in result.stdout
