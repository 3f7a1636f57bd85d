"""Shared fixtures. Tests never need ../shared; they use text the project wrote."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_55a844751e730994.txt"


@pytest.fixture(scope="session")
def seed_text() -> str:
    """The seed article the project was started from."""
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_path() -> Path:
    """Path of the seed article."""
    return SEED
