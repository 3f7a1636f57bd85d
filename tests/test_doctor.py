"""doctor checks the packages the project declares, so a missing extra is named."""

from __future__ import annotations

import importlib.metadata
from pathlib import Path

import pytest

from geomap.doctor import declared_packages, run_checks


def test_the_package_lists_are_the_declared_ones() -> None:
    declared = declared_packages()
    assert "geopandas" in declared[""] and "h3ronpy" in declared["query"]
    assert {"test", "dev", "all"}.isdisjoint(declared)


def test_a_missing_h3ronpy_is_named(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    real = importlib.metadata.distribution

    def distribution(name: str) -> importlib.metadata.Distribution:
        if name == "h3ronpy":
            raise importlib.metadata.PackageNotFoundError(name)
        return real(name)

    monkeypatch.setattr(importlib.metadata, "distribution", distribution)
    optional = next(c for c in run_checks(tmp_path) if c.name == "optional extras")
    assert "query (h3ronpy)" in optional.detail and "geomap[query]" in optional.detail
