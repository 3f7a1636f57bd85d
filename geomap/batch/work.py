"""The unit of work: extract the incidents of one partition, isolating failing documents.

The same function runs in-process, in a worker process of the local engine and on a Dask
worker. It reads and writes nothing: it returns a
:class:`~geomap.store.protocol.PartitionResult` (without the documents' texts) that the
store commits in the parent, so a partition is either committed whole or not at all.

Examples
--------
>>> from geomap.document import Document
>>> from geomap.incidents import empty_incidents
>>> from geomap.batch.partitions import partition_documents
>>> def extract(docs):
...     if any("BAD" in d.text for d in docs):
...         raise ValueError("cannot read this")
...     return empty_incidents()
>>> docs = [Document("a", "fine"), Document("b", "BAD text")]
>>> result = extract_partition(next(partition_documents(docs, size=2)), extract)
>>> [(f.key, f.reason) for f in result.failures]
[('b', 'ValueError: cannot read this')]
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

import geopandas as gpd
import pandas as pd

from geomap.batch.partitions import Partition
from geomap.document import Document
from geomap.errors import describe
from geomap.incidents import empty_incidents
from geomap.store.protocol import Failure, PartitionResult

if TYPE_CHECKING:  # the model and index are imported by the run, not by the batch machinery
    from geomap.resources import Resources

__all__ = ["Extract", "default_extract", "extract_partition"]

log = logging.getLogger(__name__)

#: What a batch runs on each partition: documents in, one incident GeoDataFrame out.
Extract = Callable[[Iterable[Document]], gpd.GeoDataFrame]


def default_extract(docs: Iterable[Document],
                    resources: Resources | None = None) -> gpd.GeoDataFrame:
    """Run the project's pipeline (:func:`geomap.run.run`) on ``docs`` in this process,
    unmerged (a store keeps one row per report), raising a failing document's error.

    ``resources`` default to :meth:`geomap.resources.Resources.load`, once per worker
    process; a run in this process (``workers=1``) may read others:
    ``extract=functools.partial(default_extract, resources=mine)``.
    """
    from geomap.run import run

    return run(list(docs), workers=1, merge=False, errors="raise",
               resources=resources).incidents


def extract_partition(partition: Partition, extract: Extract = default_extract) -> PartitionResult:
    """Extract one partition's incidents.

    The partition is first run in one call (spaCy batches it); when that raises, each
    document is run alone so that one bad document fails alone, with its reason.
    """
    start = time.perf_counter()
    failures: list[Failure] = []
    try:
        frames = [extract(partition.docs)]
    except Exception as err:  # noqa: BLE001  (any error: isolate the failing documents)
        log.debug("partition %s failed as a whole (%s); retrying document by document",
                  partition.id, describe(err))
        frames = []
        for key, doc in zip(partition.keys, partition.docs, strict=True):
            try:
                frames.append(extract([doc]))
            except Exception as doc_err:  # noqa: BLE001  (recorded as a failure)
                log.warning("document %s (%s) failed: %s", key, doc.source, describe(doc_err))
                failures.append(Failure(key, doc.where or doc.source, describe(doc_err),
                                        partition.id))
    frames = [f for f in frames if len(f)]
    if not frames:
        incidents = empty_incidents()
    elif len(frames) == 1:
        incidents = frames[0]
    else:
        incidents = gpd.GeoDataFrame(pd.concat(frames, ignore_index=True), crs=frames[0].crs)
    return PartitionResult(partition.id, partition.keys, partition.digests, partition.replaces,
                           incidents.reset_index(drop=True), tuple(failures),
                           time.perf_counter() - start)
