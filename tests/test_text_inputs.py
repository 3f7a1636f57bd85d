"""Readers of text inputs: files, folders, feeds, encodings, bad rows, languages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from geomap.errors import InputError
from geomap.io.text_inputs import Problem, read_documents

ARTICLE = "Police fired tear gas at protesters in Basra on Friday, witnesses said."
GERMAN = ("Die Polizei setzte am Freitag in Basra Tränengas gegen Demonstranten ein, "
          "berichteten Augenzeugen.")


def test_text_file_becomes_one_document(tmp_path: Path) -> None:
    path = tmp_path / "basra.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    [doc] = read_documents([str(path)])
    assert (doc.id, doc.text, doc.source) == ("basra", ARTICLE, str(path))


def test_missing_empty_and_binary_files_raise_one_line_errors(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("   \n", encoding="utf-8")
    binary = tmp_path / "blob.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    for path, words in [(tmp_path / "nope.txt", "not found"), (empty, "empty"),
                        (binary, "binary")]:
        with pytest.raises(InputError, match=words) as info:
            list(read_documents([str(path)]))
        assert "\n" not in str(info.value)


def test_windows_1252_text_is_decoded(tmp_path: Path) -> None:
    text = "Strikes near Aleppo’s old city — the ministry said — hit a café."
    path = tmp_path / "cp.txt"
    path.write_bytes(text.encode("cp1252"))
    [doc] = read_documents([str(path)])
    assert doc.text == text


def test_jsonl_feed_reports_bad_rows_with_line_numbers(tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    rows = [json.dumps({"id": "a", "text": ARTICLE, "published": "2024-01-05"}),
            "{not json", json.dumps({"id": "b"}), json.dumps(["list"]),
            json.dumps({"id": "c", "text": ARTICLE, "url": "https://example.org/c"})]
    feed.write_text("\n".join(rows) + "\n", encoding="utf-8")
    problems: list[Problem] = []
    docs = list(read_documents([str(feed)], problems=problems))
    assert [d.id for d in docs] == ["a", "c"]
    assert docs[0].published is not None and docs[0].published.isoformat() == "2024-01-05"
    assert docs[1].source == "https://example.org/c"
    assert [p.where.rsplit(":", 1)[1] for p in problems] == ["2", "3", "4"]


def test_strict_stops_at_the_first_bad_row(tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps({"id": "a", "text": ARTICLE}) + "\n{bad\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"feed.jsonl:2.*strict"):
        list(read_documents([str(feed)], strict=True))


def test_csv_feed_needs_a_text_column(tmp_path: Path) -> None:
    good = tmp_path / "good.csv"
    good.write_text(f'id,title,text\n1,Basra,"{ARTICLE}"\n', encoding="utf-8")
    [doc] = read_documents([str(good)])
    assert (doc.id, doc.title) == ("1", "Basra")
    bad = tmp_path / "bad.csv"
    bad.write_text("id,body\n1,hello\n", encoding="utf-8")
    with pytest.raises(InputError, match="'text' column"):
        list(read_documents([str(bad)]))


def test_foreign_language_is_reported_not_parsed(tmp_path: Path) -> None:
    path = tmp_path / "de.txt"
    path.write_text(GERMAN, encoding="utf-8")
    problems: list[Problem] = []
    assert list(read_documents([str(path)], problems=problems)) == []
    assert "'de'" in problems[0].message


def test_folder_skips_bad_files_and_reads_the_rest(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "b.txt").write_text("", encoding="utf-8")
    (tmp_path / "c.html").write_text(f"<html><p>{ARTICLE}</p><script>x()</script></html>",
                                     encoding="utf-8")
    problems: list[Problem] = []
    docs = list(read_documents([str(tmp_path)], problems=problems))
    assert sorted(d.id for d in docs) == ["a", "c"]
    assert next(d for d in docs if d.id == "c").text == ARTICLE
    assert [Path(p.where).name for p in problems] == ["b.txt"]


def test_oversized_text_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_text(ARTICLE * 100, encoding="utf-8")
    with pytest.raises(InputError, match="JSONL feed"):
        list(read_documents([str(path)], max_bytes=1000))
