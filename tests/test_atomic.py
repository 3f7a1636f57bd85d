"""Atomic writes: a failed or interrupted write leaves the old file whole and no debris."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from geomap.errors import OutputError
from geomap.io.atomic import OUTPUTS_LIST, allow_overwrite, atomic_path


def test_disk_full_keeps_the_old_file_and_leaves_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "map.html"
    with atomic_path(target) as tmp:
        tmp.write_text("old map", encoding="utf-8")
    with pytest.raises(OutputError, match="free space"), atomic_path(target) as tmp:
        tmp.write_text("half a new m", encoding="utf-8")
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    assert target.read_text(encoding="utf-8") == "old map"
    assert sorted(p.name for p in tmp_path.iterdir()) == [OUTPUTS_LIST, "map.html"]


def test_interrupt_mid_write_leaves_no_partial_file(tmp_path: Path) -> None:
    target = tmp_path / "incidents.geojson"
    with pytest.raises(KeyboardInterrupt), atomic_path(target) as tmp:
        tmp.write_text('{"type": "FeatureCollection", "feat', encoding="utf-8")
        raise KeyboardInterrupt
    assert list(tmp_path.iterdir()) == []


def test_unwritable_folder_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x", encoding="utf-8")
    with pytest.raises(OutputError, match="choose another -o path"), \
            atomic_path(blocker / "out.html"):
        pass


def test_only_geomap_outputs_are_replaced_without_force(tmp_path: Path) -> None:
    theirs = tmp_path / "theirs.csv"
    theirs.write_text("keep me", encoding="utf-8")
    with pytest.raises(OutputError, match="--force"), atomic_path(theirs) as tmp:
        tmp.write_text("new", encoding="utf-8")
    assert theirs.read_text(encoding="utf-8") == "keep me"
    with allow_overwrite(), atomic_path(theirs) as tmp:
        tmp.write_text("new", encoding="utf-8")
    with atomic_path(theirs) as tmp:  # geomap's own now: no --force needed
        tmp.write_text("newer", encoding="utf-8")
    assert theirs.read_text(encoding="utf-8") == "newer"
