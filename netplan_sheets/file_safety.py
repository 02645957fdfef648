"""Saving a local workbook safely: one sync at a time, and never a half-written file.

The workbook is written to a temporary file in the same folder, flushed to disk, given
the original's permissions, and renamed over the original in one step: a sync killed at
any moment leaves either the old file or the new one. A lock file beside the workbook
(an advisory ``flock``, released by the kernel if the process dies) keeps two syncs of
the same file apart.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import stat
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from netplan_sheets.errors import WorkbookLocked


def lock_path(path: Path) -> Path:
    return path.with_name(f".~{path.name}.netplan-lock")


@contextlib.contextmanager
def sync_lock(path: Path) -> Iterator[None]:
    """Hold the workbook's lock, or refuse at once if another sync holds it."""
    where = lock_path(path)
    while True:
        handle = os.open(where, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(handle)
            raise WorkbookLocked(
                f"{path}: another netplan sync is writing this workbook; wait for it to "
                "finish and run again"
            ) from None
        # The holder before us may have removed the lock file after we opened it: then
        # our lock is on an orphan and must be taken again on the current file.
        try:
            same = os.path.samestat(os.fstat(handle), os.stat(where))
        except FileNotFoundError:
            same = False
        if same:
            break
        os.close(handle)
    try:
        os.write(handle, f"{os.getpid()}\n".encode())
        yield
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(where)
        os.close(handle)


def temp_name_prefix(path: Path) -> str:
    return f".{path.name}."


def remove_stale_temps(path: Path) -> list[Path]:
    """Remove temporary files a killed sync left beside ``path``; call it holding the lock."""
    removed = []
    for leftover in path.parent.glob(f"{temp_name_prefix(path)}*.tmp"):
        with contextlib.suppress(FileNotFoundError):
            leftover.unlink()
            removed.append(leftover)
    return removed


def _default_mode() -> int:
    """The mode a new file gets from the user's umask (mkstemp would give 0600)."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def atomic_write(path: Path, write: Callable[[Path], None]) -> None:
    """Call ``write(temp)`` to produce the new file, then put it in place of ``path``."""
    mode = stat.S_IMODE(path.stat().st_mode) if path.exists() else _default_mode()
    handle, name = tempfile.mkstemp(dir=path.parent, prefix=temp_name_prefix(path),
                                    suffix=".tmp")
    os.close(handle)
    temp = Path(name)
    try:
        write(temp)
        with temp.open("rb+") as written:
            os.fsync(written.fileno())
        os.chmod(temp, mode)
        os.replace(temp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            temp.unlink()
    with contextlib.suppress(OSError):  # make the rename itself durable
        folder = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(folder)
        finally:
            os.close(folder)
