"""Cut a stream of documents into partitions with stable, content-derived ids.

A document is known in a store by its *key*: its id, with ``#2``, ``#3``... added when the
same id comes again in the input (two ``report.txt`` files in different folders). A partition
is a run of up to ``size`` consecutive documents not yet done; its id is a hash of its keys,
so a resumed run that meets the same documents makes the same partitions.

Examples
--------
>>> from geomap.document import Document
>>> docs = [Document(id=i, text="x") for i in ["a", "b", "a", "c"]]
>>> parts = list(partition_documents(docs, size=2, done={"b"}))
>>> [p.keys for p in parts]
[('a', 'a#2'), ('c',)]
>>> parts[0].id == list(partition_documents(docs[:3], size=2, done={"b"}))[0].id
True
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from geomap.document import Document

__all__ = ["Partition", "document_keys", "partition_documents"]


@dataclass(frozen=True, slots=True)
class Partition:
    """Documents processed and committed together: ``id``, their ``keys`` and ``docs``."""

    id: str
    keys: tuple[str, ...]
    docs: tuple[Document, ...]


def document_keys(docs: Iterable[Document]) -> Iterator[tuple[str, Document]]:
    """Yield ``(key, document)``: the id, with ``#n`` added to its n-th repeat.

    >>> from geomap.document import Document
    >>> [k for k, _ in document_keys([Document("a", "x"), Document("a", "y")])]
    ['a', 'a#2']
    """
    seen: dict[str, int] = {}
    for doc in docs:
        count = seen.get(doc.id, 0) + 1
        seen[doc.id] = count
        yield (doc.id if count == 1 else f"{doc.id}#{count}"), doc


def _partition_id(keys: tuple[str, ...]) -> str:
    return hashlib.blake2b("\x1f".join(keys).encode("utf-8"), digest_size=8).hexdigest()


def partition_documents(
    docs: Iterable[Document], *, size: int, done: set[str] | frozenset[str] = frozenset()
) -> Iterator[Partition]:
    """Yield partitions of up to ``size`` documents whose keys are not in ``done``.

    Documents are read lazily: at most one partition is held in memory here.
    """
    if size < 1:
        raise ValueError("partition size must be at least 1")
    keys: list[str] = []
    batch: list[Document] = []
    for key, doc in document_keys(docs):
        if key in done:
            continue
        keys.append(key)
        batch.append(doc)
        if len(batch) == size:
            yield Partition(_partition_id(tuple(keys)), tuple(keys), tuple(batch))
            keys, batch = [], []
    if batch:
        yield Partition(_partition_id(tuple(keys)), tuple(keys), tuple(batch))
