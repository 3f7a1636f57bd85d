"""Optional parts: import a module that an extra installs, or say which extra to install.

The extras are declared once, in the project's metadata (``[project.optional-dependencies]``
of ``pyproject.toml``): ``query`` (hexagons, hotspots), ``batch`` (Dask), ``postgis``.
:func:`require` is the one way the library imports a module of an extra, so a missing one
is always the same one-line error naming the extra.

Examples
--------
>>> require("json", "query", "this").__name__
'json'
>>> require("no_such_module_here", "query", "hexagon counts")
Traceback (most recent call last):
...
geomap.errors.DataError: hexagon counts need the query extra: run `pip install 'geomap[query]'`
"""

from __future__ import annotations

import importlib
from types import ModuleType

from geomap.errors import DataError

__all__ = ["require"]


def require(module: str, extra: str, purpose: str) -> ModuleType:
    """Import ``module`` (a dotted name) or raise a :class:`DataError` naming ``extra``.

    Parameters
    ----------
    module
        What to import, e.g. ``"h3ronpy.vector"``.
    extra
        The project extra that installs it (``query``, ``batch``, ``postgis``).
    purpose
        What needs it, as the message's subject ("hexagon counts").
    """
    try:
        return importlib.import_module(module)
    except ImportError as err:
        raise DataError(f"{purpose} need the {extra} extra: run "
                        f"`pip install 'geomap[{extra}]'`") from err
