"""Atomic writes: write to a temporary file beside the target, then rename over it.

A crash mid-write leaves the old file (or nothing), never half a file. An existing file that
geomap did not write is never replaced unless overwriting is allowed (``--force`` on the
command line, :func:`allow_overwrite` in the library): geomap records the files it writes in a
``.geomap-outputs`` list in their folder.

Examples
--------
>>> import tempfile, pathlib
>>> target = pathlib.Path(tempfile.mkdtemp()) / "out.txt"
>>> with atomic_path(target) as tmp:
...     _ = tmp.write_text("done")
>>> target.read_text()
'done'
>>> foreign = target.with_name("notes.txt")
>>> _ = foreign.write_text("mine")
>>> with atomic_path(foreign) as tmp:
...     _ = tmp.write_text("replaced")
Traceback (most recent call last):
...
geomap.errors.OutputError: '...notes.txt' exists and was not written by geomap: pass --force to replace it, or choose another -o path
>>> with allow_overwrite(), atomic_path(foreign) as tmp:
...     _ = tmp.write_text("replaced")
>>> foreign.read_text()
'replaced'
"""

from __future__ import annotations

import contextlib
import contextvars
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from geomap.errors import OutputError

__all__ = ["OUTPUTS_LIST", "allow_overwrite", "atomic_path", "ensure_writable_dir"]

OUTPUTS_LIST = ".geomap-outputs"
_overwrite: contextvars.ContextVar[bool] = contextvars.ContextVar("overwrite", default=False)


@contextlib.contextmanager
def allow_overwrite(allowed: bool = True) -> Iterator[None]:
    """Allow (or forbid) replacing existing files geomap did not write, inside the block."""
    token = _overwrite.set(allowed)
    try:
        yield
    finally:
        _overwrite.reset(token)


def _written_by_geomap(path: Path) -> bool:
    try:
        names = (path.parent / OUTPUTS_LIST).read_text(encoding="utf-8").splitlines()
    except OSError:
        return False
    return path.name in names


def _record_output(path: Path) -> None:
    if _written_by_geomap(path):
        return
    # O_APPEND keeps concurrent writers' lines whole.
    fd = os.open(path.parent / OUTPUTS_LIST, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        os.write(fd, f"{path.name}\n".encode())
    finally:
        os.close(fd)


def _check_overwrite(target: Path) -> None:
    if target.exists() and not _overwrite.get() and not _written_by_geomap(target):
        raise OutputError(
            f"{str(target)!r} exists and was not written by geomap: pass --force to replace "
            "it, or choose another -o path"
        )


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
    _check_overwrite(target)
    fd, name = tempfile.mkstemp(
        prefix=f".{target.name}.", suffix=suffix or target.suffix, dir=target.parent
    )
    os.close(fd)
    tmp = Path(name)
    tmp.unlink()  # let the writer create it: some drivers refuse an existing empty file
    try:
        yield tmp
        if tmp.is_file():
            _fsync(tmp)  # the data is on disk before the name points at it
        os.replace(tmp, target)
        _record_output(target)
    except OSError as err:
        _remove(tmp)
        raise OutputError(f"cannot write {str(target)!r} ({err.strerror or err}): "
                          "check free space and permissions, or choose another -o path") from err
    except BaseException:
        _remove(tmp)
        raise


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _remove(path: Path) -> None:
    with contextlib.suppress(OSError):
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink()
