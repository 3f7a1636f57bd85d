"""Batch runs: from one article to an archive, resumable, on one machine or on Dask.

Examples
--------
>>> from geomap.batch import run_batch
>>> run_batch.__name__
'run_batch'
"""

from __future__ import annotations

from geomap.batch.runner import BatchSummary, run_batch

__all__ = ["BatchSummary", "run_batch"]
