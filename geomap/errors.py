"""The error hierarchy: one root, leaves that also inherit the builtin they resemble.

Every message says what to do about it, in one line, so the command line can print it as is.

Examples
--------
>>> try:
...     raise InputError("input file 'x.txt' not found: check the path")
... except GeomapError as err:
...     print(err)
input file 'x.txt' not found: check the path
"""

from __future__ import annotations

__all__ = [
    "DataError",
    "GeocoderError",
    "GeomapError",
    "InputError",
    "OutputError",
    "QueryError",
    "describe",
]


class GeomapError(Exception):
    """Root of every error geomap raises on purpose."""


class InputError(GeomapError, ValueError):
    """The input cannot be read or understood (missing, empty, binary, malformed)."""


class OutputError(GeomapError, OSError):
    """An output cannot be written (unwritable path, existing foreign file, full disk)."""


class DataError(GeomapError, RuntimeError):
    """A runtime data part is missing or broken (spaCy model, gazetteer index)."""


class GeocoderError(GeomapError, LookupError):
    """A geocoder failed or a place could not be found."""


class QueryError(GeomapError, ValueError):
    """A spatial query cannot be run as asked (unknown area, bad bbox, bad radius)."""


def describe(err: BaseException, limit: int = 500) -> str:
    r"""Say what an exception was in one line: its type and message, at most ``limit`` long.

    >>> describe(ValueError("bad\n  value"))
    'ValueError: bad value'
    """
    text = " ".join(str(err).split())
    return f"{type(err).__name__}: {text}"[:limit] if text else type(err).__name__
