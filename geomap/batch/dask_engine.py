"""The Dask engine: the same partitions, run as ``dask.bag`` tasks by a distributed client.

Partitions are submitted in windows, each window one ``dask.bag`` with one bag partition
per geomap partition, and their results are committed by this process as they complete, so
a run on a cluster resumes exactly like a local one. Without a scheduler address a
``LocalCluster`` of ``workers`` single-threaded worker processes is started (and stopped).

Examples
--------
>>> from geomap.document import Document
>>> from geomap.incidents import empty_incidents
>>> from geomap.batch.partitions import partition_documents
>>> from distributed import LocalCluster
>>> def extract(docs):
...     return empty_incidents()
>>> parts = partition_documents([Document(str(i), "x") for i in range(5)], size=2)
>>> results = []
>>> with LocalCluster(n_workers=1, processes=False, dashboard_address=None) as cluster:
...     run_dask(parts, extract, workers=1, scheduler=cluster.scheduler_address,
...              on_result=results.append)
>>> sorted(len(r.keys) for r in results)
[1, 2, 2]
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable, Iterable, Iterator

from geomap.batch.partitions import Partition
from geomap.batch.work import Extract, extract_partition
from geomap.errors import GeomapError
from geomap.extras import require
from geomap.store.protocol import PartitionResult

__all__ = ["run_dask"]

log = logging.getLogger(__name__)


@contextlib.contextmanager
def _client(scheduler: str | None, workers: int) -> Iterator[object]:
    distributed = require("distributed", "batch", "Dask runs")
    Client, LocalCluster = distributed.Client, distributed.LocalCluster
    if scheduler:
        try:
            client = Client(scheduler, timeout="20s")
        except OSError as err:
            raise GeomapError(f"cannot reach the Dask scheduler at {scheduler!r} ({err}): "
                              "check the address, or drop --scheduler for a local cluster"
                              ) from err
        with client:
            yield client
        return
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                      dashboard_address=None) as cluster, Client(cluster) as client:
        yield client


def _window(source: Iterator[Partition], size: int) -> list[Partition]:
    batch: list[Partition] = []
    for partition in source:
        batch.append(partition)
        if len(batch) == size:
            break
    return batch


def run_dask(
    partitions: Iterable[Partition],
    extract: Extract,
    *,
    workers: int,
    scheduler: str | None = None,
    on_result: Callable[[PartitionResult], None],
) -> None:
    """Run ``extract`` over ``partitions`` on Dask; call ``on_result`` here for each.

    Parameters
    ----------
    workers
        Worker processes of the local cluster; ignored with ``scheduler``.
    scheduler
        Address of an existing ``dask.distributed`` scheduler (``tcp://host:8786``).
    """
    import dask.bag as db
    from distributed import as_completed

    with _client(scheduler, workers) as client:
        threads = max(sum(client.nthreads().values()), 1)  # type: ignore[attr-defined]
        size = 2 * threads
        source = iter(partitions)
        pending = as_completed()
        in_flight = 0
        while True:
            if in_flight <= threads:
                window = _window(source, size)
                if window:
                    bag = db.from_sequence(window, npartitions=len(window))
                    delayed = bag.map(extract_partition, extract=extract).to_delayed()
                    futures = client.compute(delayed)  # type: ignore[attr-defined]
                    pending.update(futures)
                    in_flight += len(window)
            if in_flight == 0:
                break
            future = next(pending)
            for result in future.result():
                on_result(result)
            in_flight -= 1
