"""Run a folder or feed of articles into a resumable incident store.

:func:`run_batch` reads the inputs lazily, skips the documents the store already holds, cuts
the rest into partitions, runs them on the local engine (worker processes) or on Dask, and
commits each partition's incidents and failures to the store as it finishes. Run it again on
the same store after an interruption and it carries on where it stopped.

Examples
--------
>>> import tempfile, pathlib
>>> from geomap.incidents import Incident, incidents_frame
>>> def extract(docs):  # a stand-in for the pipeline: one incident per document
...     return incidents_frame([Incident(d.id, d.text, "A", "assault", "X", 1.0, 2.0, "point")
...                             for d in docs])
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "feed.jsonl").write_text(
...     '{"id": "a", "text": "Troops shelled the town."}\\n'
...     '{"id": "b", "text": "Police fired on the crowd."}\\n')
>>> summary = run_batch([str(folder)], folder / "store", extract=extract, workers=1,
...                     progress=False)
>>> summary.documents, summary.incidents, summary.failures
(2, 2, 0)
>>> run_batch([str(folder)], folder / "store", extract=extract, workers=1,
...           progress=False).run_documents
0
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from geomap.batch.partitions import partition_documents
from geomap.batch.progress import Progress, estimate_documents
from geomap.batch.work import Extract, default_extract
from geomap.errors import InputError
from geomap.io.text_inputs import Problem, read_documents
from geomap.settings import DEFAULT_MAX_TEXT_BYTES
from geomap.store import Failure, PartitionResult, Store, open_store

__all__ = ["BatchSummary", "run_batch"]

log = logging.getLogger(__name__)

Engine = Literal["local", "dask"]


@dataclass(frozen=True, slots=True)
class BatchSummary:
    """What a run did (``run_*``) and what the store now holds in total."""

    store: str
    documents: int
    incidents: int
    failures: int
    run_documents: int
    run_incidents: int
    run_failures: int
    seconds: float

    def __str__(self) -> str:
        rate = self.run_documents / self.seconds if self.seconds else 0.0
        return (f"{self.run_documents} documents, {self.run_incidents} incidents, "
                f"{self.run_failures} failures in {self.seconds:.1f} s ({rate:.1f} doc/s); "
                f"store total: {self.documents} documents, {self.incidents} incidents, "
                f"{self.failures} failures -> {self.store}")


def run_batch(
    inputs: Iterable[str] | str,
    store: str | os.PathLike[str] | Store,
    *,
    table: str = "incidents",
    workers: int | None = None,
    engine: Engine = "local",
    scheduler: str | None = None,
    partition_size: int = 50,
    strict: bool = False,
    extract: Extract = default_extract,
    progress: bool | None = None,
    max_bytes: int = DEFAULT_MAX_TEXT_BYTES,
) -> BatchSummary:
    """Extract the incidents of every document in ``inputs`` into ``store``, resumably.

    Parameters
    ----------
    inputs
        Folders (read recursively), JSONL/CSV feeds or text files, as for
        :func:`~geomap.io.text_inputs.read_documents`.
    store
        A folder of GeoParquet partitions, a ``postgresql://`` URL, or a store object
        (:func:`geomap.store.open_store`).
    table
        The incident table when ``store`` is a ``postgresql://`` URL.
    workers
        Worker processes (default: :func:`geomap.engine.default_workers` of the documents
        left to run).
    engine
        ``"local"`` (a process pool) or ``"dask"`` (a ``dask.distributed`` client).
    scheduler
        With ``engine="dask"``, the address of an existing scheduler.
    partition_size
        Documents per partition: the unit of work, of commit and of resume.
    strict
        Stop at the first bad input row or failing document (after recording it).
    extract
        Documents in, incident GeoDataFrame out; default the project's pipeline
        (:func:`~geomap.batch.work.default_extract`: each worker loads the default
        resources once). With more than one worker it must be picklable (a module-level
        function); with ``workers=1``, ``functools.partial(default_extract, resources=...)``
        reads with resources of the caller's.
    progress
        Show a progress bar: ``None`` when standard error is a terminal.
    max_bytes
        The largest text read, as for :func:`~geomap.io.text_inputs.read_documents` (the
        command passes ``GEOMAP_MAX_TEXT_BYTES``).

    Returns
    -------
    BatchSummary
    """
    from geomap.engine import default_workers

    inputs = [inputs] if isinstance(inputs, str) else list(inputs)
    if partition_size < 1:
        raise InputError("--partition-size must be at least 1")
    if workers is not None and workers < 1:
        raise InputError("--workers must be at least 1")
    target = open_store(store, table=table) if isinstance(store, str | os.PathLike) else store
    target.open()
    start = time.perf_counter()
    done = target.done_keys()
    already = len(done)
    problems: list[Problem] = []
    seen_problems = 0
    run = {"documents": 0, "incidents": 0, "failures": 0}

    def record_problems() -> None:
        nonlocal seen_problems
        new = problems[seen_problems:]
        seen_problems = len(problems)
        run["failures"] += target.add_input_problems(
            Failure("", p.where, p.message) for p in new)

    try:
        total = max(estimate_documents(inputs) - already, 0)
        workers = default_workers(workers, total)
        if already:
            log.info("resuming: %d documents already in %s", already, target.describe())
        documents = read_documents(inputs, strict=strict, problems=problems,
                                   max_bytes=max_bytes)
        partitions = partition_documents(documents, size=partition_size, done=done)
        with Progress(total, enabled=progress) as bar:

            def on_result(result: PartitionResult) -> None:
                target.commit(result)
                record_problems()
                run["documents"] += len(result.keys)
                run["incidents"] += len(result.incidents)
                run["failures"] += len(result.failures)
                bar.update(len(result.keys))
                if strict and result.failures:
                    first = result.failures[0]
                    raise InputError(f"document {first.key} failed ({first.reason}); stopped "
                                     f"by --strict, see {target.describe()}")

            if engine == "dask":
                from geomap.batch.dask_engine import run_dask

                run_dask(partitions, extract, workers=workers, scheduler=scheduler,
                         on_result=on_result)
            elif engine == "local":
                from geomap.batch.local_engine import run_local

                run_local(partitions, extract, workers=workers, on_result=on_result)
            else:
                raise InputError(f"unknown engine {engine!r}: use 'local' or 'dask'")
        record_problems()
        documents_total, incidents_total, failures_total = target.totals()
    finally:
        target.close()
    summary = BatchSummary(target.describe(), documents_total, incidents_total, failures_total,
                           run["documents"], run["incidents"], run["failures"],
                           time.perf_counter() - start)
    log.info("batch done: %s", summary)
    return summary
