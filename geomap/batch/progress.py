"""Progress of a batch run: a tqdm bar on a terminal, periodic log lines elsewhere.

The total is estimated up front by counting files and feed rows (cheaply: no language check,
no parsing of the text), so the bar shows a rate and an ETA.

Examples
--------
>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "a.txt").write_text("Shelling hit Kharkiv.")
>>> _ = (folder / "f.jsonl").write_text('{"id": 1, "text": "x"}\\n\\n{"id": 2, "text": "y"}\\n')
>>> estimate_documents([str(folder)])
3
"""

from __future__ import annotations

import csv
import logging
import sys
import time
from collections.abc import Iterable
from pathlib import Path
from types import TracebackType
from typing import Self

from tqdm import tqdm

from geomap.io.text_inputs import FEED_SUFFIXES, TEXT_SUFFIXES
from geomap.io.urls import is_url

__all__ = ["Progress", "estimate_documents"]

log = logging.getLogger(__name__)


def _count_file(path: Path) -> int:
    suffix = path.suffix.lower()
    try:
        if suffix == ".csv":
            with path.open(encoding="utf-8", errors="replace", newline="") as handle:
                return max(sum(1 for _ in csv.reader(handle)) - 1, 0)
        if suffix in FEED_SUFFIXES:
            with path.open("rb") as handle:
                return sum(1 for line in handle if line.strip())
    except OSError:
        return 0
    return 1


def estimate_documents(inputs: Iterable[str]) -> int:
    """Return about how many documents ``inputs`` hold (skipped rows still count)."""
    total = 0
    for spec in inputs:
        path = Path(spec)
        if spec == "-" or is_url(spec):
            total += 1
        elif path.is_dir():
            total += sum(_count_file(p) for p in path.rglob("*")
                         if p.is_file() and p.suffix.lower() in TEXT_SUFFIXES | FEED_SUFFIXES)
        elif path.is_file():
            total += _count_file(path)
    return total


class Progress:
    """Count documents as partitions finish; show rate and ETA.

    Parameters
    ----------
    total
        Documents expected in this run (an estimate).
    enabled
        ``None``: a bar only when standard error is a terminal; ``False``: log lines only.
    log_every
        Seconds between log lines when no bar is shown.
    """

    def __init__(self, total: int, *, enabled: bool | None = None, log_every: float = 30.0):
        show = sys.stderr.isatty() if enabled is None else enabled
        self.total = total
        self.count = 0
        self.log_every = log_every
        self._start = time.monotonic()
        self._last_log = self._start
        self._bar = tqdm(total=total, unit="doc", dynamic_ncols=True, smoothing=0.1,
                         file=sys.stderr) if show else None

    def __enter__(self) -> Self:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if self._bar is not None:
            self._bar.close()

    def update(self, documents: int) -> None:
        """Add ``documents`` finished documents."""
        self.count += documents
        if self._bar is not None:
            if self.count > self.total:
                self._bar.total = self.total = self.count
            self._bar.update(documents)
            return
        now = time.monotonic()
        if now - self._last_log >= self.log_every:
            self._last_log = now
            rate = self.count / max(now - self._start, 1e-9)
            left = max(self.total - self.count, 0) / rate if rate else float("inf")
            log.info("%d/%d documents, %.1f doc/s, about %.0f s left",
                     self.count, self.total, rate, left)
