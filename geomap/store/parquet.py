"""A store on disk: a folder of GeoParquet partitions and a record of what is done.

Layout of ``STORE/``::

    part-000000-<id>.parquet   incidents of one partition (GeoParquet, EPSG:4326)
    _progress.jsonl            one line per committed partition: its id, file, document keys
    _failures.jsonl            one line per failed document or skipped input row, with why

A partition is committed in this order: its file is written beside the target and renamed
into place (:func:`~geomap.io.atomic.atomic_path`, fsynced), the earlier incidents of the
documents it replaces (corrected articles) are removed from their partition files (each
rewritten atomically), its failures are appended, and then its line, with each document's
key and content digest, is appended to ``_progress.jsonl`` and fsynced. That last line is the
commit. Were a run stopped between the removal and the commit line, the corrected article is
simply run again by the next run.
When a store is opened again, anything not committed (a partition file without its line, a
failure of an uncommitted partition, a half-written last line) is removed, so an interrupted
run resumes without duplicating or losing incidents.

Files starting with ``_`` or ``.`` are ignored by Arrow, so ``geopandas.read_parquet(STORE)``
and ``dask_geopandas.read_parquet(STORE)`` read the partitions directly.

Examples
--------
>>> import tempfile, pathlib
>>> store = ParquetStore(pathlib.Path(tempfile.mkdtemp()) / "store")
>>> store.open()
>>> store.done_keys(), store.totals()
({}, (0, 0, 0))
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import geopandas as gpd
import pyarrow.parquet as pq

from geomap.errors import OutputError
from geomap.io.atomic import OUTPUTS_LIST, allow_overwrite, atomic_path
from geomap.io.geoparquet import write_geoparquet
from geomap.store.protocol import Failure, PartitionResult

__all__ = ["FAILURES_FILE", "PROGRESS_FILE", "ParquetStore"]

log = logging.getLogger(__name__)

PROGRESS_FILE = "_progress.jsonl"
FAILURES_FILE = "_failures.jsonl"
_PART = re.compile(r"^part-\d+-[0-9a-f]+\.parquet$")


def _append_lines(path: Path, rows: Iterable[dict[str, Any]]) -> None:
    """Append JSON lines to ``path`` in one write and fsync it."""
    data = "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows).encode("utf-8")
    if not data:
        return
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        os.write(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)


def _read_lines(path: Path) -> tuple[list[dict[str, Any]], bool]:
    """Return the JSON objects of ``path`` and whether a broken tail had to be dropped."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return [], False
    rows: list[dict[str, Any]] = []
    broken = False
    for line in raw.split(b"\n"):
        if not line.strip():
            continue
        try:
            rows.append(json.loads(line))
        except json.JSONDecodeError:
            broken = True  # a line cut by a crash mid-append: that commit did not happen
    return rows, broken


def _rewrite_lines(path: Path, rows: list[dict[str, Any]]) -> None:
    # the store's own record, appended to in place, so not in the outputs list
    with allow_overwrite(), atomic_path(path) as tmp:
        tmp.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows),
                       encoding="utf-8")


class ParquetStore:
    """A folder of GeoParquet partitions that a batch run fills and resumes (see module doc).

    Parameters
    ----------
    path
        The store folder; created when missing. An existing folder must be empty or a store.
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self._done: dict[str, str | None] = {}
        self._files: dict[str, str | None] = {}
        self._committed: list[dict[str, Any]] = []
        self._incidents = 0
        self._failures = 0
        self._input_wheres: set[str] = set()

    def __repr__(self) -> str:
        return f"ParquetStore({str(self.path)!r})"

    @property
    def progress_file(self) -> Path:
        """The done-record, ``_progress.jsonl``."""
        return self.path / PROGRESS_FILE

    @property
    def failures_file(self) -> Path:
        """Failed documents and skipped rows, ``_failures.jsonl``."""
        return self.path / FAILURES_FILE

    def _check_folder(self) -> None:
        if self.path.exists() and not self.path.is_dir():
            raise OutputError(f"{str(self.path)!r} is a file: a batch store is a folder, "
                              "choose a new -o folder")
        if self.path.is_dir() and not self.progress_file.exists():
            foreign = [p.name for p in self.path.iterdir()
                       if p.name not in {OUTPUTS_LIST, FAILURES_FILE}]
            if foreign:
                raise OutputError(f"folder {str(self.path)!r} is not empty and not a geomap "
                                  "store: choose a new or empty -o folder")
        try:
            self.path.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            raise OutputError(f"cannot create store folder {str(self.path)!r} "
                              f"({err.strerror}): choose another -o folder") from err

    def open(self) -> None:
        """Create or reopen the store and drop whatever an interrupted run left uncommitted."""
        self._check_folder()
        rows, broken = _read_lines(self.progress_file)
        if broken:
            log.warning("%s: dropping a half-written last line left by an interrupted run",
                        self.progress_file)
            _rewrite_lines(self.progress_file, rows)
        self._committed = rows
        for row in rows:  # a later line (a corrected article) overrides an earlier one
            digests = row.get("digests") or [None] * len(row["keys"])
            self._done.update(zip(row["keys"], digests, strict=True))
            self._files.update(dict.fromkeys(row["keys"], row.get("file")))
        files = {row["file"] for row in rows if row.get("file")}
        self._incidents = sum(pq.read_metadata(self.path / name).num_rows for name in files
                              if (self.path / name).exists())
        for path in self.path.iterdir():
            uncommitted = _PART.match(path.name) and path.name not in files
            if uncommitted or path.name.startswith(".part-"):
                log.info("removing %s, left uncommitted by an interrupted run", path.name)
                path.unlink()
        committed_ids = {row["partition"] for row in rows}
        failures, broken = _read_lines(self.failures_file)
        kept = [f for f in failures if not f.get("partition") or f["partition"] in committed_ids]
        if broken or len(kept) != len(failures):
            _rewrite_lines(self.failures_file, kept)
        self._failures = len(kept)
        self._input_wheres = {f["where"] for f in kept if not f.get("partition")}

    def done_keys(self) -> dict[str, str | None]:
        """Return each committed document's key with its content digest (``None``: written
        before digests were kept)."""
        return self._done

    def totals(self) -> tuple[int, int, int]:
        """Return committed ``(documents, incidents, failures)``."""
        return len(self._done), self._incidents, self._failures

    def _remove_replaced(self, keys: tuple[str, ...]) -> int:
        """Remove the incidents of ``keys`` from the files that hold them; return how many."""
        removed = 0
        for name in sorted({name for k in keys if (name := self._files.get(k))}):
            path = self.path / name
            if not path.exists():
                continue
            old = gpd.read_parquet(path)
            kept = old[~old["doc_id"].isin(keys)]
            removed += len(old) - len(kept)
            if kept.empty:
                path.unlink()
            elif len(kept) < len(old):
                write_geoparquet(kept.reset_index(drop=True), path)
        if removed:
            log.info("%d earlier incident(s) of %d corrected document(s) removed", removed,
                     len(keys))
        return removed

    def add_input_problems(self, failures: Iterable[Failure]) -> int:
        """Record input rows that were skipped (once each); return how many were new."""
        new = [f for f in failures if f.where not in self._input_wheres]
        _append_lines(self.failures_file, (f.as_dict() for f in new))
        self._input_wheres.update(f.where for f in new)
        self._failures += len(new)
        return len(new)

    def commit(self, result: PartitionResult) -> None:
        """Write one partition's incidents, then its failures, then its done line."""
        name = None
        if len(result.incidents):
            name = f"part-{len(self._committed):06d}-{result.partition}.parquet"
            write_geoparquet(result.incidents, self.path / name)
        removed = self._remove_replaced(result.replaces) if result.replaces else 0
        _append_lines(self.failures_file, (f.as_dict() for f in result.failures))
        row = {"partition": result.partition, "file": name, "keys": list(result.keys),
               "digests": list(result.digests), "replaces": list(result.replaces),
               "incidents": len(result.incidents), "failures": len(result.failures),
               "seconds": round(result.seconds, 3),
               "committed": dt.datetime.now(dt.UTC).isoformat(timespec="seconds")}
        _append_lines(self.progress_file, [row])
        self._committed.append(row)
        digests = result.digests or (None,) * len(result.keys)
        self._done.update(zip(result.keys, digests, strict=True))
        self._files.update(dict.fromkeys(result.keys, name))
        self._incidents += len(result.incidents) - removed
        self._failures += len(result.failures)

    def close(self) -> None:
        """Nothing to release for a folder store (the protocol's hook for databases)."""

    def describe(self) -> str:
        """Say where the results are, for the summary line."""
        return f"{self.path} (GeoParquet partitions; failures in {FAILURES_FILE})"
