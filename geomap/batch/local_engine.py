"""The local engine: partitions run in worker processes on this machine.

Each worker is a long-lived process, so the spaCy model and the gazetteer load once per
worker. At most ``2 * workers`` partitions are in flight, so a feed of any size streams
through in bounded memory. Results come back to the parent, which commits them one at a time.

Examples
--------
>>> from geomap.document import Document
>>> from geomap.incidents import empty_incidents
>>> from geomap.batch.partitions import partition_documents
>>> def extract(docs):
...     return empty_incidents()
>>> parts = partition_documents([Document(str(i), "x") for i in range(5)], size=2)
>>> results = []
>>> run_local(parts, extract, workers=1, on_result=results.append)
>>> [len(r.keys) for r in results]
[2, 2, 1]
"""

from __future__ import annotations

import logging
import multiprocessing
import pickle
import queue
import signal
from collections.abc import Callable, Iterable

from geomap.batch.partitions import Partition
from geomap.batch.work import Extract, extract_partition
from geomap.store.protocol import PartitionResult

__all__ = ["run_local"]

log = logging.getLogger(__name__)


def _ignore_sigint() -> None:
    """Workers leave Ctrl-C to the parent, which stops them all."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def run_local(
    partitions: Iterable[Partition],
    extract: Extract,
    *,
    workers: int,
    on_result: Callable[[PartitionResult], None],
) -> None:
    """Run ``extract`` over ``partitions``; call ``on_result`` in this process for each.

    With ``workers == 1`` everything runs in this process. Otherwise ``extract`` must be
    picklable (a module-level function), as for any multiprocessing pool.
    """
    if workers <= 1:
        for part in partitions:
            on_result(extract_partition(part, extract))
        return
    try:
        pickle.dumps(extract)
    except (pickle.PicklingError, AttributeError, TypeError) as err:
        raise TypeError(f"extract {extract!r} cannot be sent to worker processes ({err}): "
                        "make it a module-level function, or use workers=1") from err
    done: queue.Queue[PartitionResult | BaseException] = queue.Queue()
    pool = multiprocessing.get_context("spawn").Pool(workers, initializer=_ignore_sigint)
    in_flight = 0
    try:
        source = iter(partitions)
        exhausted = False
        while True:
            while not exhausted and in_flight < 2 * workers:
                nxt = next(source, None)
                if nxt is None:
                    exhausted = True
                    break
                pool.apply_async(extract_partition, (nxt, extract),
                                 callback=done.put, error_callback=done.put)
                in_flight += 1
            if in_flight == 0:
                break
            item = done.get()
            in_flight -= 1
            if isinstance(item, BaseException):
                raise item
            on_result(item)
        pool.close()
    finally:
        pool.terminate()
        pool.join()
