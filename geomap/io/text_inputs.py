"""Read text inputs into :class:`~geomap.document.Document` objects.

An input is a text or HTML file, an http(s) URL of an article page, a folder (read
recursively), ``-`` for standard input, or a JSONL / CSV feed with ``id``, ``text`` and optional ``title``, ``published``, ``url`` fields.

Nothing is dropped silently. An input named on the command line that cannot be read (missing,
empty, binary, too large) raises :class:`~geomap.errors.InputError`. Inside a folder or a feed,
a bad file or row (malformed JSON, no text, not English) is logged with its file and line
number, added to ``problems`` when a list is given, and skipped, or raised with
``strict=True``. Feeds are streamed line by line, so their size is not limited by memory;
a text (file, standard input or feed row) over ``max_bytes`` (a run passes
``GEOMAP_MAX_TEXT_BYTES``, :attr:`geomap.settings.Settings.max_text_bytes`) is refused: a
named file with advice to use a feed, a feed row reported with its line and skipped.

Examples
--------
>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "a.txt").write_text("Protesters gathered in Basra.", encoding="utf-8")
>>> _ = (folder / "feed.jsonl").write_text('{"id": "f1", "text": "Shelling hit Kharkiv."}\\n{bad\\n')
>>> problems = []
>>> [d.id for d in read_documents([str(folder)], problems=problems)]
['a', 'f1']
>>> problems[0].where.endswith("feed.jsonl:2")
True
"""

from __future__ import annotations

import codecs
import csv
import json
import logging
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO
from urllib.parse import urlsplit

from geomap.document import Document
from geomap.errors import InputError
from geomap.io.dates import parse_date
from geomap.io.language import foreign_language
from geomap.io.urls import is_url
from geomap.settings import DEFAULT_MAX_TEXT_BYTES

__all__ = ["Problem", "decode_bytes", "read_documents", "skip_problem",
           "too_large"]

log = logging.getLogger(__name__)

TEXT_SUFFIXES = frozenset({".txt", ".text", ".md", ".html", ".htm"})
FEED_SUFFIXES = frozenset({".jsonl", ".ndjson", ".csv"})
_SNIFF_BYTES = 1024 * 1024


@dataclass(frozen=True, slots=True)
class Problem:
    """A file or row that was skipped: where (``path`` or ``path:line``) and why."""

    where: str
    message: str


def too_large(size: int, name: str, *, limit: int, at_least: bool = False) -> None:
    """Refuse a text of ``size`` bytes (``at_least``: or more) over ``limit`` (the
    ``GEOMAP_MAX_TEXT_BYTES`` setting), with what to do.

    >>> too_large(10, "a.txt", limit=5)
    Traceback (most recent call last):
    geomap.errors.InputError: a.txt: 10 bytes is over GEOMAP_MAX_TEXT_BYTES (5 bytes): split it, give a JSONL feed with one article per line, or raise the setting
    """
    if size > limit:
        amount = f"more than {limit:,} bytes" if at_least else f"{size:,} bytes"
        raise InputError(f"{name}: {amount} is over GEOMAP_MAX_TEXT_BYTES ({limit:,} bytes): "
                         "split it, give a JSONL feed with one article per line, or raise "
                         "the setting")


def skip_problem(where: str, message: str, *, strict: bool = False,
                 problems: list[Problem] | None = None) -> None:
    """Report a file, row or document that cannot be used: log it and add it to
    ``problems``, or, with ``strict``, raise an :class:`InputError` that names it.

    >>> found = []
    >>> skip_problem("feed.jsonl:3", "no text", problems=found)
    >>> found
    [Problem(where='feed.jsonl:3', message='no text')]
    """
    if strict:
        raise InputError(f"{where}: {message} (stopped by --strict)")
    log.warning("%s: %s: skipped", where, message)
    if problems is not None:
        problems.append(Problem(where, message))


def _detect_encoding(sample: bytes, name: str) -> str:
    """Return the encoding of ``sample``: UTF-8 when it decodes, else Windows-1252 when the
    text is mostly ASCII (English news with a few accented or typographic characters, where
    statistical detectors guess poorly), else what charset-normalizer detects."""
    try:
        sample.decode("utf-8-sig")
        return "utf-8-sig"
    except UnicodeDecodeError as err:
        if err.start >= len(sample) - 4:  # a character cut at the end of the sample
            return "utf-8-sig"
    ascii_share = sum(byte < 0x80 for byte in sample) / len(sample)
    if ascii_share >= 0.9:
        try:
            sample.decode("cp1252")
            return "cp1252"
        except UnicodeDecodeError:
            pass
    from charset_normalizer import from_bytes

    best = from_bytes(sample).best()
    if best is None:
        raise InputError(f"{name}: cannot detect the text encoding: convert it to UTF-8")
    return str(best.encoding)


def decode_bytes(data: bytes, name: str) -> str:
    """Decode a file's bytes: UTF-8 first, else the detected encoding.

    Raises
    ------
    InputError
        For empty, whitespace-only or binary content.

    >>> decode_bytes("Sanaʼa".encode("utf-8"), "x")
    'Sanaʼa'
    >>> text = "Les frappes ont touché un hôpital près de la frontière, selon le ministère."
    >>> decode_bytes(text.encode("cp1252"), "x") == text
    True
    """
    if b"\x00" in data[:8192]:
        raise InputError(f"{name}: looks like a binary file, not text: pass a text, HTML, "
                         "JSONL or CSV file")
    text = data.decode(_detect_encoding(data, name), errors="replace")
    if not text.strip():
        raise InputError(f"{name}: the file is empty: give a file with article text")
    return text


class _Reader:
    """Walks the inputs, yielding documents and recording problems."""

    def __init__(self, strict: bool, problems: list[Problem] | None, max_bytes: int) -> None:
        self.strict = strict
        self.problems = problems
        self.max_bytes = max_bytes

    def skip(self, where: str, message: str) -> None:
        skip_problem(where, message, strict=self.strict, problems=self.problems)

    def checked(self, doc: Document, where: str) -> Iterator[Document]:
        if not doc.text.strip():
            self.skip(where, "no text")
            return
        lang = foreign_language(doc.text)
        if lang is not None:
            self.skip(where, f"text is in language '{lang}', only English is supported")
            return
        yield doc

    def from_row(self, row: dict[str, object], where: str, source: str) -> Iterator[Document]:
        text = row.get("text")
        if not isinstance(text, str):
            self.skip(where, "the row has no 'text' string")
            return
        size, limit = len(text.encode("utf-8", errors="replace")), self.max_bytes
        if size > limit:
            self.skip(where, f"the text is {size:,} bytes, over GEOMAP_MAX_TEXT_BYTES "
                             f"({limit:,}): split the article or raise the setting")
            return
        doc = Document(
            id=str(row.get("id") or where),
            text=text,
            title=str(row.get("title") or ""),
            published=parse_date(row.get("published") or row.get("date")),
            source=str(row.get("url") or row.get("source") or source),
            where=where,
        )
        yield from self.checked(doc, where)

    def jsonl(self, path: Path, stream: IO[bytes], encoding: str) -> Iterator[Document]:
        decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
        for lineno, raw in enumerate(stream, start=1):
            line = decoder.decode(raw)
            if not line.strip():
                continue
            where = f"{path}:{lineno}"
            try:
                row = json.loads(line)
            except json.JSONDecodeError as err:
                self.skip(where, f"malformed JSON ({err.msg})")
                continue
            if not isinstance(row, dict):
                self.skip(where, "not a JSON object")
                continue
            yield from self.from_row(row, where, str(path))

    def csv(self, path: Path, encoding: str) -> Iterator[Document]:
        with path.open(encoding=encoding, errors="replace", newline="") as handle:
            reader = csv.DictReader(handle)
            if reader.fieldnames is None or "text" not in reader.fieldnames:
                raise InputError(f"{path}: a CSV feed needs a 'text' column (and ideally 'id')")
            for row in reader:
                where = f"{path}:{reader.line_num}"
                if None in row:
                    self.skip(where, "more fields than the header has")
                    continue
                yield from self.from_row(dict(row), where, str(path))

    def feed(self, path: Path) -> Iterator[Document]:
        with path.open("rb") as stream:
            sample = stream.read(_SNIFF_BYTES)
            if b"\x00" in sample[:8192]:
                raise InputError(f"{path}: looks like a binary file, not a JSONL/CSV feed")
            if not sample.strip():
                raise InputError(f"{path}: the feed is empty: give one article per row")
            encoding = _detect_encoding(sample, str(path))
            if path.suffix.lower() == ".csv":
                yield from self.csv(path, encoding)
            else:
                stream.seek(0)
                yield from self.jsonl(path, stream, encoding)

    def text_file(self, path: Path) -> Iterator[Document]:
        too_large(path.stat().st_size, str(path), limit=self.max_bytes)
        text = decode_bytes(path.read_bytes(), str(path))
        doc = _page_document(text, path.stem, str(path),
                             html=path.suffix.lower() in {".html", ".htm"})
        yield from self.checked(doc, str(path))

    def url(self, url: str) -> Iterator[Document]:
        from geomap.io.urls import fetch

        page = fetch(url, max_bytes=self.max_bytes)
        if page.charset:
            text = page.body.decode(page.charset, errors="replace")
        else:
            text = decode_bytes(page.body, url)
        stem = PurePosixPath(urlsplit(page.url).path).stem or urlsplit(page.url).hostname or "page"
        doc = _page_document(text, stem, url, html=page.content_type != "text/plain")
        yield from self.checked(doc, url)

    def file(self, path: Path) -> Iterator[Document]:
        try:
            if path.suffix.lower() in FEED_SUFFIXES:
                yield from self.feed(path)
            else:
                yield from self.text_file(path)
        except FileNotFoundError as err:
            raise InputError(f"input {str(path)!r} not found: check the path") from err
        except IsADirectoryError as err:
            raise InputError(f"{path} is a folder: pass it without a trailing file name") from err
        except PermissionError as err:
            raise InputError(f"cannot read {str(path)!r}: check its permissions") from err

    def folder(self, path: Path) -> Iterator[Document]:
        files = sorted(
            p for p in path.rglob("*")
            if p.is_file() and p.suffix.lower() in TEXT_SUFFIXES | FEED_SUFFIXES
        )
        if not files:
            raise InputError(f"folder {str(path)!r} has no .txt, .html, .jsonl or .csv files")
        for file in files:
            try:
                yield from self.file(file)
            except InputError as err:
                if self.strict:
                    raise
                self.skip(str(file), str(err).removeprefix(f"{file}: "))

    def stdin(self) -> Iterator[Document]:
        data = sys.stdin.buffer.read(self.max_bytes + 1)
        too_large(len(data), "standard input", limit=self.max_bytes, at_least=True)
        text = decode_bytes(data, "standard input")
        doc = Document(id="stdin", text=text, title=_first_line(text), source="stdin",
                       where="standard input")
        yield from self.checked(doc, "standard input")


def _page_document(text: str, doc_id: str, source: str, *, html: bool) -> Document:
    """A file's or page's document: for HTML, its main text, dated by its
    ``article:published_time``."""
    published = None
    if html:
        from geomap.io.html_text import html_to_text, published_time

        published, text = published_time(text), html_to_text(text)
    return Document(id=doc_id, text=text, title=_first_line(text), published=published,
                    source=source, where=source)


def _first_line(text: str) -> str:
    for line in text.splitlines():
        if line.strip():
            return line.strip()[:200]
    return ""


def read_documents(
    inputs: Iterable[str], *, strict: bool = False, problems: list[Problem] | None = None,
    max_bytes: int = DEFAULT_MAX_TEXT_BYTES,
) -> Iterator[Document]:
    """Yield the documents of every input, in order.

    Parameters
    ----------
    inputs
        File paths, folder paths, http(s) URLs (fetched: :func:`geomap.io.urls.fetch`), or
        ``-`` for standard input.
    strict
        Stop at the first bad file or row instead of skipping it.
    problems
        A list that receives a :class:`Problem` for every skipped file or row.
    max_bytes
        The largest text accepted, in bytes: a file, standard input, a feed row or a page
        (the command and :func:`geomap.run.run` pass their
        :attr:`~geomap.settings.Settings.max_text_bytes`).

    Raises
    ------
    InputError
        For a named input that is missing, unreadable, empty, binary or too large.
    """
    reader = _Reader(strict, problems, max_bytes)
    for spec in inputs:
        if spec == "-":
            yield from reader.stdin()
            continue
        if is_url(spec):
            yield from reader.url(spec)
            continue
        path = Path(spec)
        if path.is_dir():
            yield from reader.folder(path)
        else:
            yield from reader.file(path)
