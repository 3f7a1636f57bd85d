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

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("geomap")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0"

__all__ = ["__version__"]
