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

__all__ = [
    "__version__",
    "extract_incidents",
    "geoparse",
    "load_gazetteer",
    "merge_incidents",
    "query",
    "read_incidents",
    "render_map",
    "write_incidents",
]

# Public names: "module:attribute", or "module" for a public module; imported on first use.
_LAZY: dict[str, str] = {
    "geoparse": "geomap.geoparse:geoparse",
    "extract_incidents": "geomap.pipeline:extract_incidents",
    "merge_incidents": "geomap.pipeline:merge_incidents",
    "render_map": "geomap.render:render_map",
    "read_incidents": "geomap.io.incident_files:read_incidents",
    "write_incidents": "geomap.io.incident_files:write_incidents",
    "load_gazetteer": "geomap.gazetteer:load_gazetteer",
    "query": "geomap.tools.query",  # geomap.query.within(...), near(...), count_by(...)
}


def __getattr__(name: str) -> Any:
    """Import a public function or module the first time it is asked for."""
    target = _LAZY.get(name)
    if target is None:
        raise AttributeError(f"module 'geomap' has no attribute {name!r}")
    module_name, _, attr = target.partition(":")
    module = importlib.import_module(module_name)
    value = getattr(module, attr) if attr else module
    globals()[name] = value
    return value
