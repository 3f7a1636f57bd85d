"""Read text inputs into :class:`~geomap.document.Document` objects.

An input is a text or HTML file, a folder (read recursively), ``-`` for standard input, or a
JSONL / CSV feed with ``id``, ``text`` and optional ``title``, ``published``, ``url`` fields.

Examples
--------
>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "a.txt"
>>> _ = p.write_text("Protesters gathered in Basra.", encoding="utf-8")
>>> [d.text for d in read_documents([str(p)])]
['Protesters gathered in Basra.']
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import logging
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from dateutil import parser as dateparser

from geomap.document import Document
from geomap.errors import InputError

__all__ = ["read_documents", "decode_bytes", "parse_date"]

log = logging.getLogger(__name__)

TEXT_SUFFIXES = frozenset({".txt", ".text", ".md", ".html", ".htm"})
FEED_SUFFIXES = frozenset({".jsonl", ".ndjson", ".csv"})


def parse_date(value: object) -> dt.date | None:
    """Parse a date as a feed gives it; ``None`` when absent or unreadable.

    >>> parse_date("2024-01-24T10:00:00Z")
    datetime.date(2024, 1, 24)
    >>> parse_date("") is None
    True
    """
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dateparser.parse(str(value)).date()
    except (ValueError, OverflowError):
        log.warning("unreadable date %r ignored", value)
        return None


def decode_bytes(data: bytes, name: str) -> str:
    """Decode a file's bytes: UTF-8 first, else the detected encoding.

    Raises
    ------
    InputError
        For empty, whitespace-only or binary content.
    """
    if b"\x00" in data[:8192]:
        raise InputError(f"{name}: looks like a binary file, not text: pass a text, HTML, "
                         "JSONL or CSV file")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
        if best is None:
            raise InputError(f"{name}: cannot detect the text encoding: convert it to UTF-8")
        text = str(best)
    if not text.strip():
        raise InputError(f"{name}: the file is empty: give a file with article text")
    return text


def _document_from_row(row: dict[str, object], fallback_id: str, source: str) -> Document:
    text = row.get("text")
    if not isinstance(text, str):
        raise InputError(f"{fallback_id}: the row has no 'text' string")
    doc_id = str(row.get("id") or fallback_id)
    return Document(
        id=doc_id,
        text=text,
        title=str(row.get("title") or ""),
        published=parse_date(row.get("published") or row.get("date")),
        source=str(row.get("url") or row.get("source") or source),
    )


def _read_jsonl(path: Path, text: str) -> Iterator[Document]:
    for lineno, line in enumerate(io.StringIO(text), start=1):
        if not line.strip():
            continue
        where = f"{path}:{lineno}"
        try:
            row = json.loads(line)
        except json.JSONDecodeError as err:
            log.error("%s: malformed JSON (%s): row skipped", where, err.msg)
            continue
        if not isinstance(row, dict):
            log.error("%s: not a JSON object: row skipped", where)
            continue
        try:
            yield _document_from_row(row, where, str(path))
        except InputError as err:
            log.error("%s: row skipped", err)


def _read_csv(path: Path, text: str) -> Iterator[Document]:
    reader = csv.DictReader(io.StringIO(text))
    if reader.fieldnames is None or "text" not in reader.fieldnames:
        raise InputError(f"{path}: a CSV feed needs a 'text' column (and ideally 'id')")
    for lineno, row in enumerate(reader, start=2):
        try:
            yield _document_from_row(dict(row), f"{path}:{lineno}", str(path))
        except InputError as err:
            log.error("%s: row skipped", err)


def _read_file(path: Path) -> Iterator[Document]:
    try:
        data = path.read_bytes()
    except FileNotFoundError as err:
        raise InputError(f"input {str(path)!r} not found: check the path") from err
    except OSError as err:
        raise InputError(f"cannot read {str(path)!r} ({err.strerror}): check permissions") from err
    text = decode_bytes(data, str(path))
    suffix = path.suffix.lower()
    if suffix in {".jsonl", ".ndjson"}:
        yield from _read_jsonl(path, text)
    elif suffix == ".csv":
        yield from _read_csv(path, text)
    else:
        if suffix in {".html", ".htm"}:
            from geomap.io.html_text import html_to_text

            text = html_to_text(text)
        yield Document(id=path.stem, text=text, title=_first_line(text), source=str(path))


def _first_line(text: str) -> str:
    for line in text.splitlines():
        if line.strip():
            return line.strip()[:200]
    return ""


def read_documents(inputs: Iterable[str]) -> Iterator[Document]:
    """Yield the documents of every input, in order.

    Raises
    ------
    InputError
        For a missing, unreadable, empty or binary input (one line that says what to do).
    """
    for spec in inputs:
        if spec == "-":
            data = sys.stdin.buffer.read()
            text = decode_bytes(data, "standard input")
            yield Document(id="stdin", text=text, title=_first_line(text), source="stdin")
            continue
        path = Path(spec)
        if path.is_dir():
            files = sorted(
                p for p in path.rglob("*")
                if p.is_file() and p.suffix.lower() in TEXT_SUFFIXES | FEED_SUFFIXES
            )
            if not files:
                raise InputError(f"folder {spec!r} has no .txt, .html, .jsonl or .csv files")
            for file in files:
                yield from _read_file(file)
        else:
            yield from _read_file(path)
