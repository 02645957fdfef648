"""The operating system's exclusive, non-blocking lock on an open file, on every platform.

portalocker provides it (``flock`` on macOS and Linux, ``msvcrt.locking`` on Windows), and
the kernel releases it when the process dies. Where the platform offers no such lock (a
Python built without ``fcntl``), :data:`AVAILABLE` is False and callers fall back to
creating a lock file exclusively. This module is the one place that knows.
"""

from __future__ import annotations

try:
    import portalocker
except ImportError:  # no fcntl (nor msvcrt) in this Python
    portalocker = None  # type: ignore[assignment]

AVAILABLE = portalocker is not None


def try_lock(descriptor: int) -> bool:
    """Lock the open file exclusively; False when another process holds it."""
    assert portalocker is not None, "check AVAILABLE first"
    try:
        portalocker.lock(descriptor,
                         portalocker.LockFlags.EXCLUSIVE | portalocker.LockFlags.NON_BLOCKING)
    except portalocker.AlreadyLocked:
        return False
    return True


def unlock(descriptor: int) -> None:
    assert portalocker is not None, "check AVAILABLE first"
    portalocker.unlock(descriptor)
