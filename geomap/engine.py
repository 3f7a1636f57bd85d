"""Work over many texts, in batches, on several processes: the one way ``geoparse`` and
``extract`` run in parallel.

:func:`map_batches` cuts its items into batches and runs a function on each, in this process
or in a pool of forked workers. The function itself goes to the workers by the fork, not by
pickling: a ``functools.partial`` that holds what the work reads (the caller's
:class:`geomap.resources.Resources`: the spaCy model, the gazetteer index, the lexicon) is
shared as it is, so nothing loads twice and only the batches and their small results cross
between processes: parsed documents never do. Results come back in input order.

Examples
--------
>>> list(map_batches(_lengths, ["a", "bb", "ccc"], workers=1, batch_size=2))
[1, 2, 3]
>>> default_workers(None, documents=10, cores=8), default_workers(None, 400, cores=8)
(1, 8)
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from typing import Any, TypeVar

__all__ = ["DOCUMENTS_PER_WORKER", "default_workers", "map_batches"]

#: A worker process costs seconds to start (it loads the model and the gazetteer), so one is
#: added only for every this many documents.
DOCUMENTS_PER_WORKER = 32


def default_workers(requested: int | None, documents: int | None = None, *,
                    cores: int | None = None) -> int:
    """Return how many processes to run: ``requested`` when given, else every CPU core,
    but never more than one per :data:`DOCUMENTS_PER_WORKER` documents (when known).

    This is the one default of ``--workers`` for ``extract``, ``map``, ``geoparse`` and
    ``batch``.

    >>> default_workers(3, documents=1)
    3
    """
    if requested is not None:
        return requested
    available = cores or os.cpu_count() or 1
    if documents is None:
        return available
    return max(1, min(available, documents // DOCUMENTS_PER_WORKER))


T = TypeVar("T")
R = TypeVar("R")


def _lengths(texts: list[str]) -> list[int]:
    return [len(t) for t in texts]


#: In a worker process, the work of the pool that forked it (set by :func:`_install`).
_work: Callable[[list[Any]], list[Any]] | None = None


def _install(work: Callable[[list[Any]], list[Any]]) -> None:
    """Keep the pool's work in this worker: it came by the fork, unpickled."""
    global _work
    _work = work


def _run(batch: list[Any]) -> list[Any]:
    assert _work is not None, "run only in a worker of map_batches"
    return _work(batch)


def map_batches(work: Callable[[list[T]], list[R]], items: Iterable[T], *, workers: int,
                batch_size: int) -> Iterator[R]:
    """Yield ``work(batch)``'s results for every batch of ``batch_size`` items, in order.

    With ``workers`` over 1, batches run in that many forked processes; ``work`` (any
    callable: a closure or a ``functools.partial`` holding the resources it reads) reaches
    them by the fork, and only the batches and results are pickled.
    """
    source = iter(items)
    batches = iter(lambda: list(islice(source, batch_size)), [])
    if workers <= 1:
        for batch in batches:
            yield from work(batch)
        return
    with multiprocessing.get_context("fork").Pool(workers, initializer=_install,
                                                  initargs=(work,)) as pool:
        for results in pool.imap(_run, batches):
            yield from results
