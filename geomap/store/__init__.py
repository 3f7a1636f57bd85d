"""Shared incident stores: PostGIS (``geomap.store.postgis``).

Examples
--------
>>> import geomap.store
>>> geomap.store.__all__
['postgis']
"""

from __future__ import annotations

__all__ = ["postgis"]
