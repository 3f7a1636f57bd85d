"""Articles in, incidents out: the one way every command runs the pipeline.

:func:`run` reads the inputs (files, folders, ``-``, feeds, URLs, or documents already
read), extracts their incidents (:func:`geomap.pipeline.extract_incidents`) on
:func:`geomap.engine.default_workers` processes, and merges reports of one event across articles
(:func:`geomap.pipeline.merge_incidents`). ``geomap extract`` and ``geomap map`` call it as
it is, so the same articles give the same incidents on a map and in a file. ``geomap batch``
calls it once per partition with ``merge=False``: a store is committed partition by
partition as the run goes, so it keeps one row per report, and reading it with
``--merge`` (``Query(merge=True)``) collapses the rows into exactly what ``run`` gives.

Examples
--------
>>> result = run(["news/"], date="2024-01-24")  # doctest: +SKIP
>>> result.incidents[["action", "place_name"]].head(1).values.tolist()  # doctest: +SKIP
[['assault', 'Erbil']]
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

import geopandas as gpd

from geomap.document import Document
from geomap.engine import default_workers
from geomap.io.text_inputs import Problem, read_documents
from geomap.pipeline import extract_incidents, merge_incidents
from geomap.resources import Resources

__all__ = ["Errors", "RunResult", "run"]

log = logging.getLogger(__name__)

@dataclass(slots=True)
class RunResult:
    """What a run gave: the ``incidents``, how many ``documents`` were read, their
    ``titles``, and the ``problems`` (rows and documents skipped, with where and why)."""

    incidents: gpd.GeoDataFrame
    documents: int
    titles: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


#: What a bad input row or failing document does: ``skip`` it (reported in ``problems``),
#: ``stop`` the run with an ``InputError`` naming it (``--strict``), or ``raise`` the
#: document's own error (for a caller that isolates failures itself, as ``batch`` does).
Errors = Literal["skip", "stop", "raise"]


def run(inputs: str | Iterable[str] | Iterable[Document], *,
        date: str | dt.date | None = None, workers: int | None = None, merge: bool = True,
        errors: Errors = "skip", resources: Resources | None = None) -> RunResult:
    """Read ``inputs`` and return their incidents, merged across articles unless asked not.

    Parameters
    ----------
    inputs
        Input specs as for :func:`geomap.io.text_inputs.read_documents` (a file, folder,
        ``-``, feed or URL, or several), or :class:`~geomap.document.Document` objects.
    date
        Report date (``YYYY-MM-DD``) for documents that carry none.
    workers
        Processes for parsing (:func:`geomap.engine.default_workers` when ``None``).
    merge
        Collapse reports of one event from several articles into one row.
    errors
        What a bad input row or failing document does (:data:`Errors`).
    resources
        The model, gazetteer, lexicon and registry to read with, and the settings (the
        largest text read) (default :meth:`geomap.resources.Resources.load`).

    Returns
    -------
    RunResult
    """
    res = Resources.given(resources)
    items = [inputs] if isinstance(inputs, str) else list(inputs)
    problems: list[Problem] = []
    specs = [item for item in items if not isinstance(item, Document)]
    docs = [item for item in items if isinstance(item, Document)]
    strict = errors == "stop"
    if specs:
        docs += read_documents([str(spec) for spec in specs], strict=strict, problems=problems,
                               max_bytes=res.settings.max_text_bytes)
    unread = len(problems)
    incidents = extract_incidents(docs, date=date,
                                  n_process=default_workers(workers, len(docs)),
                                  problems=None if errors == "raise" else problems,
                                  strict=strict, resources=res)
    if merge:
        incidents = merge_incidents([incidents])
    used = len(docs) - (len(problems) - unread)
    log.info("%d incident(s) from %d document(s)", len(incidents), used)
    return RunResult(incidents, used, [doc.title for doc in docs], problems)
