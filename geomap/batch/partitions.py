"""Cut a stream of documents into partitions with stable, content-derived ids.

A document is known in a store by its *key*: its id, with ``#2``, ``#3``... added when the
same id comes again in the input (two ``report.txt`` files in different folders); a repeat is
extracted under its key, so its incidents' ``doc_id`` names it alone. The store also keeps
each key's *digest* (a hash of text, title and date): a document whose key is done with the
same digest is skipped; one whose content changed (a corrected article) is run again and
*replaces* its old incidents. A partition is a run of up to ``size`` consecutive documents
to run; its id is a hash of its keys and digests, so a resumed run that meets the same
documents makes the same partitions.

Examples
--------
>>> from geomap.document import Document
>>> docs = [Document(id=i, text="x") for i in ["a", "b", "a", "c"]]
>>> done = {"b": document_digest(docs[1]), "c": "an older version"}
>>> parts = list(partition_documents(docs, size=2, done=done))
>>> [(p.keys, p.replaces) for p in parts]
[(('a', 'a#2'), ()), (('c',), ('c',))]
>>> [d.id for d in parts[0].docs]
['a', 'a#2']
>>> parts[0].id == list(partition_documents(docs[:3], size=2, done=done))[0].id
True
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

from geomap.document import Document

__all__ = ["Partition", "document_digest", "document_keys", "partition_documents"]


@dataclass(frozen=True, slots=True)
class Partition:
    """Documents processed and committed together: ``id``, their ``keys``, ``docs`` and
    content ``digests``, and the keys whose earlier version in the store they ``replaces``."""

    id: str
    keys: tuple[str, ...]
    docs: tuple[Document, ...]
    digests: tuple[str, ...] = ()
    replaces: tuple[str, ...] = ()


def document_digest(doc: Document) -> str:
    """Return a hash of what a document says: text, title and publication date.

    >>> from geomap.document import Document
    >>> document_digest(Document("a", "x")) == document_digest(Document("a", "x", source="y"))
    True
    >>> document_digest(Document("a", "x")) == document_digest(Document("a", "x (corrected)"))
    False
    """
    published = doc.published.isoformat() if doc.published else ""
    key = f"{doc.text}\x1f{doc.title}\x1f{published}"
    return hashlib.blake2b(key.encode("utf-8", errors="replace"), digest_size=8).hexdigest()


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


def _partition(keys: list[str], docs: list[Document], digests: list[str],
               replaces: list[str]) -> Partition:
    ident = "\x1f".join(f"{k}\x1e{d}" for k, d in zip(keys, digests, strict=True))
    return Partition(hashlib.blake2b(ident.encode("utf-8"), digest_size=8).hexdigest(),
                     tuple(keys), tuple(docs), tuple(digests), tuple(replaces))


def partition_documents(
    docs: Iterable[Document], *, size: int, done: Mapping[str, str | None] | None = None
) -> Iterator[Partition]:
    """Yield partitions of up to ``size`` documents that ``done`` does not already hold.

    ``done`` maps each committed key to its digest (``None``: unknown, from a store written
    before digests were kept; such a document counts as done). Documents are read lazily: at
    most one partition is held in memory here.
    """
    if size < 1:
        raise ValueError("partition size must be at least 1")
    done = done or {}
    keys: list[str] = []
    batch: list[Document] = []
    digests: list[str] = []
    replaces: list[str] = []
    for key, doc in document_keys(docs):
        digest = document_digest(doc)
        if key in done and done[key] in (None, digest):
            continue
        if key in done:
            replaces.append(key)
        keys.append(key)
        batch.append(doc if key == doc.id else dataclasses.replace(doc, id=key))
        digests.append(digest)
        if len(batch) == size:
            yield _partition(keys, batch, digests, replaces)
            keys, batch, digests, replaces = [], [], [], []
    if batch:
        yield _partition(keys, batch, digests, replaces)
