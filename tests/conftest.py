"""Shared fixtures. Tests never need ../shared; they use text the project wrote."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from geomap.settings import current_settings

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_55a844751e730994.txt"


@pytest.fixture
def geomap_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[str, str], None]]:
    """Set a ``GEOMAP_*`` variable as a new process would see it: the settings the process
    read once (:func:`geomap.settings.current_settings`) are read again after it, and again
    after the test, when the variable is back as it was."""

    def setenv(name: str, value: str) -> None:
        monkeypatch.setenv(name, value)
        current_settings.cache_clear()

    yield setenv
    current_settings.cache_clear()  # before monkeypatch restores the variable: read anew


@pytest.fixture(scope="session")
def seed_text() -> str:
    """The seed article the project was started from."""
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_path() -> Path:
    """Path of the seed article."""
    return SEED


def _snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    if not folder.is_dir():
        return {}
    return {str(p.relative_to(folder)): (p.stat().st_size, p.stat().st_mtime_ns)
            for p in folder.rglob("*") if p.is_file()}


@pytest.fixture(scope="session", autouse=True)
def output_folder_untouched() -> Iterator[None]:
    """The suite writes to temporary folders only: the user's output/ (say, the map that
    `make map` wrote) is the same after the run as before it."""
    folder, cwd_output = ROOT / "output", Path.cwd() / "output"
    before, existed = _snapshot(folder), cwd_output.exists()
    yield
    assert _snapshot(folder) == before, "the test suite wrote into output/"
    assert cwd_output.exists() == existed, "the test suite created ./output"
