"""Saving a local workbook safely: one sync at a time, and never a half-written file.

The workbook is written to a temporary file in the same folder, flushed to disk, given
the original's permissions, and renamed over the original in one step: a sync killed at
any moment leaves either the old file or the new one. A lock file beside the workbook keeps
two syncs of the same file apart; the lock on it is the operating system's
(:mod:`netplan_sheets.os_lock`), so it is released if the process dies, and the lock file
is removed when the sync ends.

Anything the file system refuses (a read-only folder, a full disk, a file another program
holds open on Windows) ends as one :class:`~netplan_sheets.errors.WriteFailed` line naming
the path and the reason, with the original intact and no temporary file left.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from netplan_sheets import os_lock
from netplan_sheets.errors import WorkbookLocked, WriteFailed


def lock_path(path: Path) -> Path:
    return path.with_name(f".~{path.name}.netplan-lock")


_FULL = {errno.ENOSPC, errno.EFBIG, getattr(errno, "EDQUOT", errno.ENOSPC)}


def why(error: OSError) -> str:
    """The file system's reason, in words a person reads."""
    if error.errno in _FULL:
        return "the disk is full"
    if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return "permission denied: the folder or the file is read-only"
    if error.errno == errno.ENOENT:
        return "the folder does not exist"
    return error.strerror or type(error).__name__


@contextlib.contextmanager
def sync_lock(path: Path) -> Iterator[None]:
    """Hold the workbook's lock, or refuse at once if another sync holds it."""
    where = lock_path(path)
    if not os_lock.AVAILABLE:
        with _exclusive_file(path, where):
            yield
        return
    while True:
        handle = _open_lock_file(path, where, os.O_RDWR | os.O_CREAT)
        if not os_lock.try_lock(handle):
            os.close(handle)
            raise _locked(path)
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
        # Removed while still locked, so a waiter never locks a file we then remove;
        # Windows refuses to remove an open file, so there it goes once closed.
        with contextlib.suppress(OSError):
            os.unlink(where)
        os_lock.unlock(handle)
        os.close(handle)
        if os.name == "nt":
            with contextlib.suppress(OSError):
                os.unlink(where)


@contextlib.contextmanager
def _exclusive_file(path: Path, where: Path) -> Iterator[None]:
    """Without an operating-system lock: the lock file's existence is the lock."""
    os.close(_open_lock_file(path, where, os.O_RDWR | os.O_CREAT | os.O_EXCL))
    try:
        yield
    finally:
        with contextlib.suppress(OSError):
            os.unlink(where)


def _open_lock_file(path: Path, where: Path, flags: int) -> int:
    try:
        return os.open(where, flags, 0o600)
    except FileExistsError:
        raise _locked(path, where) from None
    except OSError as error:
        raise WriteFailed(f"{path}: cannot make its lock file in {path.parent} "
                          f"({why(error)})") from None


def _locked(path: Path, left: Path | None = None) -> WorkbookLocked:
    hint = (f" (if none is, remove {left.name}, which a stopped sync left beside it)"
            if left is not None else "")
    return WorkbookLocked(f"{path}: another netplan sync is writing this workbook{hint}; "
                          "wait for it to finish and run again")


def temp_name_prefix(path: Path) -> str:
    return f".{path.name}."


def remove_stale_temps(path: Path) -> list[Path]:
    """Remove temporary files a killed sync left beside ``path``; call it holding the lock."""
    removed = []
    for leftover in path.parent.glob(f"{temp_name_prefix(path)}*.tmp"):
        with contextlib.suppress(OSError):
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
    try:
        mode = stat.S_IMODE(path.stat().st_mode) if path.exists() else _default_mode()
        handle, name = tempfile.mkstemp(dir=path.parent, prefix=temp_name_prefix(path),
                                        suffix=".tmp")
    except OSError as error:
        raise WriteFailed(f"{path}: cannot be written in {path.parent} ({why(error)})"
                          ) from None
    os.close(handle)
    temp = Path(name)
    try:
        write(temp)
        with temp.open("rb+") as written:
            os.fsync(written.fileno())
        os.chmod(temp, mode)
        _replace(temp, path)
    except OSError as error:
        raise WriteFailed(f"{path}: cannot be written ({why(error)}); it was left as it "
                          "was") from None
    finally:
        with contextlib.suppress(OSError):
            temp.unlink()
    with contextlib.suppress(OSError):  # make the rename itself durable (POSIX only)
        folder = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(folder)
        finally:
            os.close(folder)


def _replace(temp: Path, path: Path) -> None:
    try:
        os.replace(temp, path)
    except PermissionError as error:
        # Windows refuses to replace a file another program (Excel) holds open.
        if os.name == "nt" and path.exists():
            raise WriteFailed(f"{path}: another program (Excel?) has it open, so it cannot "
                              "be replaced; close it there and run again") from None
        raise error
