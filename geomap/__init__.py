"""geomap: news text in, a map of incidents out.

The library and the ``geomap`` command call the same functions. Nothing here does work at
import time; heavy parts (spaCy, the gazetteer index) load on first use.

Examples
--------
>>> import geomap
>>> geomap.__version__
'0.1.0'
"""

from __future__ import annotations

import importlib
from importlib.metadata import PackageNotFoundError, version
from typing import Any

try:
    __version__ = version("geomap")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0"

__all__ = ["__version__", "geoparse", "extract_incidents", "render_map", "read_incidents",
           "write_incidents", "load_gazetteer"]

# Public names and the module that holds each, imported on first use (no work at import time).
_LAZY: dict[str, str] = {
    "geoparse": "geomap.geoparse",
    "extract_incidents": "geomap.pipeline",
    "render_map": "geomap.render",
    "read_incidents": "geomap.io.incident_files",
    "write_incidents": "geomap.io.incident_files",
    "load_gazetteer": "geomap.gazetteer",
}


def __getattr__(name: str) -> Any:
    """Import a public function from its module the first time it is asked for."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'geomap' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
