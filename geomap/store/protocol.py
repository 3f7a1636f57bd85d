"""What a store is: the :class:`Store` protocol and the records it commits.

A store keeps incidents for a batch run, one partition at a time: a
:class:`PartitionResult` (the partition's incidents, done document keys with their content
digests, and failures) is committed whole or not at all, so a run stopped anywhere resumes
without duplicating or losing incidents. :class:`Failure` is a failed document or a skipped
input row. These types are the store's own, so the batch runner (above) imports the store
and never the other way round.

Examples
--------
>>> from geomap.incidents import empty_incidents
>>> result = PartitionResult("p1", ("a", "b"), ("d1", "d2"), (), empty_incidents(),
...                          (Failure("b", "feed.jsonl:2", "ValueError: bad", "p1"),), 0.1)
>>> result.failures[0].as_dict()["where"]
'feed.jsonl:2'
>>> is_database_url("postgresql://u@localhost/news"), is_database_url("store/")
(True, False)
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

import geopandas as gpd

__all__ = ["Failure", "PartitionResult", "Store", "is_database_url"]


@dataclass(frozen=True, slots=True)
class Failure:
    """A document (``key``) or input row (``where``) that gave no incidents, and why.

    ``partition`` is the id of the partition it belongs to; empty for a skipped input row.
    """

    key: str
    where: str
    reason: str
    partition: str = ""

    def as_dict(self) -> dict[str, str]:
        """Return the failure as a JSON-ready dict."""
        return {"key": self.key, "where": self.where, "reason": self.reason,
                "partition": self.partition}


@dataclass(frozen=True, slots=True)
class PartitionResult:
    """What one partition gave, committed together: the partition's id, its document
    ``keys`` with their content ``digests``, the keys whose earlier incidents it
    ``replaces`` (corrected articles), its ``incidents``, ``failures`` and the ``seconds``
    it took."""

    partition: str
    keys: tuple[str, ...]
    digests: tuple[str, ...]
    replaces: tuple[str, ...]
    incidents: gpd.GeoDataFrame
    failures: tuple[Failure, ...]
    seconds: float


class Store(Protocol):
    """Where a batch run commits partitions: a GeoParquet folder or a PostGIS database."""

    def open(self) -> None:
        """Create or reopen the store; drop what an interrupted run left uncommitted."""

    def done_keys(self) -> dict[str, str | None]:
        """Return each committed document's key with its content digest."""

    def totals(self) -> tuple[int, int, int]:
        """Return committed ``(documents, incidents, failures)``."""

    def add_input_problems(self, failures: Iterable[Failure]) -> int:
        """Record skipped input rows (once each); return how many were new."""

    def commit(self, result: PartitionResult) -> None:
        """Commit one partition whole."""

    def close(self) -> None:
        """Release what :meth:`open` took."""

    def describe(self) -> str:
        """Say where the results are, for the summary line."""


def is_database_url(target: str | os.PathLike[str]) -> bool:
    """Tell whether ``target`` names a PostGIS database rather than a folder or file.

    >>> is_database_url("postgres://u@db/news")
    True
    """
    return str(target).startswith(("postgresql://", "postgres://"))
