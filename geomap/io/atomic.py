"""Atomic writes: write to a temporary file beside the target, then rename over it.

A crash mid-write leaves the old file (or nothing), never half a file.

Examples
--------
>>> import tempfile, pathlib
>>> target = pathlib.Path(tempfile.mkdtemp()) / "out.txt"
>>> with atomic_path(target) as tmp:
...     _ = tmp.write_text("done")
>>> target.read_text()
'done'
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from geomap.errors import OutputError

__all__ = ["atomic_path", "ensure_writable_dir"]


def ensure_writable_dir(path: Path) -> None:
    """Create ``path``'s parent folder if needed and check it is writable.

    Raises
    ------
    OutputError
        With a message that names the folder and what to do.
    """
    parent = path.parent if str(path.parent) else Path(".")
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise OutputError(
            f"cannot create output folder {str(parent)!r} ({err.strerror}): choose another -o path"
        ) from err
    if not os.access(parent, os.W_OK):
        raise OutputError(f"output folder {str(parent)!r} is not writable: choose another -o path")


@contextlib.contextmanager
def atomic_path(target: str | os.PathLike[str], suffix: str | None = None) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; on success rename it to ``target``.

    The temporary file keeps ``target``'s suffix (or ``suffix``) so that writers which pick a
    format by suffix (GDAL drivers) work. On error the temporary file is removed.
    """
    target = Path(target)
    ensure_writable_dir(target)
    fd, name = tempfile.mkstemp(
        prefix=f".{target.name}.", suffix=suffix or target.suffix, dir=target.parent
    )
    os.close(fd)
    tmp = Path(name)
    tmp.unlink()  # let the writer create it: some drivers refuse an existing empty file
    try:
        yield tmp
        os.replace(tmp, target)
    except OSError as err:
        _remove(tmp)
        raise OutputError(f"cannot write {str(target)!r} ({err.strerror or err}): "
                          "check free space and permissions, or choose another -o path") from err
    except BaseException:
        _remove(tmp)
        raise


def _remove(path: Path) -> None:
    with contextlib.suppress(OSError):
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink()
