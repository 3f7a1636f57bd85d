"""The settings: read from the environment once per process, then passed down as a value."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from geomap.errors import InputError
from geomap.resources import Resources
from geomap.run import run
from geomap.settings import (
    DEFAULT_MAX_TEXT_BYTES,
    DEFAULT_SPACY_MODELS,
    Settings,
    current_settings,
)


def test_from_environ_reads_each_variable(tmp_path: Path) -> None:
    chosen = Settings.from_environ({"GEOMAP_CACHE_DIR": str(tmp_path),
                                    "GEOMAP_SPACY_MODEL": "en_core_web_trf",
                                    "GEOMAP_MAX_TEXT_BYTES": " 5000 "})
    assert chosen == Settings(tmp_path, ("en_core_web_trf",), 5000)
    assert Settings.from_environ({"HOME": str(tmp_path)}) == Settings(
        Path.home() / ".cache" / "geomap", DEFAULT_SPACY_MODELS, DEFAULT_MAX_TEXT_BYTES)
    assert Settings.from_environ({"XDG_CACHE_HOME": str(tmp_path)}).cache_dir == \
        tmp_path / "geomap"
    assert Settings.from_environ({"GEOMAP_CACHE_DIR": "~/c"}).cache_dir == Path.home() / "c"


@pytest.mark.parametrize("raw", ["20MB", "0", "-5", "1.5"])
def test_a_bad_size_is_one_line_that_says_what_to_set(raw: str) -> None:
    with pytest.raises(InputError) as err:
        Settings.from_environ({"GEOMAP_MAX_TEXT_BYTES": raw})
    assert str(err.value) == (f"GEOMAP_MAX_TEXT_BYTES={raw!r} is not a number of bytes: set "
                              "it to a positive whole number, such as 20971520")


def test_the_environment_is_read_once(tmp_path: Path,
                                      geomap_env: Callable[[str, str], None]) -> None:
    geomap_env("GEOMAP_CACHE_DIR", str(tmp_path / "first"))
    first = current_settings()
    assert first.cache_dir == tmp_path / "first"
    with pytest.MonkeyPatch.context() as later:  # a change after the first read is not seen
        later.setenv("GEOMAP_CACHE_DIR", str(tmp_path / "second"))
        later.setenv("GEOMAP_MAX_TEXT_BYTES", "20MB")
        assert current_settings() is first
        assert Resources.load().settings is first
        current_settings.cache_clear()  # what a new process does: read again
        with pytest.raises(InputError, match="GEOMAP_MAX_TEXT_BYTES='20MB'"):
            current_settings()
        later.delenv("GEOMAP_MAX_TEXT_BYTES")
        assert current_settings().cache_dir == tmp_path / "second"


def test_resources_carry_their_settings_to_the_reader(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_text("Protesters gathered in Basra. " * 100, encoding="utf-8")
    small = Resources(settings=Settings(tmp_path / "cache", max_text_bytes=1000))
    with pytest.raises(InputError, match="over GEOMAP_MAX_TEXT_BYTES .1,000 bytes"):
        run([str(big)], resources=small)
    assert not (tmp_path / "cache").exists()  # nothing was loaded or built to refuse it


def test_the_command_reads_the_environment_of_its_process(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_text("Protesters gathered in Basra. " * 100, encoding="utf-8")
    env = dict(os.environ, GEOMAP_MAX_TEXT_BYTES="1000")
    done = subprocess.run([sys.executable, "-c", "from geomap.cli import main; main()",
                           "extract", str(big), "-o", str(tmp_path / "x.csv")],
                          env=env, cwd=Path(__file__).parent.parent,  # this checkout's geomap
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 1, done.stderr
    assert "over GEOMAP_MAX_TEXT_BYTES (1,000 bytes)" in done.stdout + done.stderr
