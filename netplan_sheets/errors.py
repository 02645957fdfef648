"""The library's exceptions: one base class, so the CLI can catch them all in one place.

Each carries the exit code the CLI documents for it (1 problems found, 2 unreadable input
or wrong usage) and a one-line message that never includes secrets.
"""

from __future__ import annotations


class NetplanError(Exception):
    """Base class of every error netplan-sheets raises on purpose."""

    exit_code = 2

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class WorkbookUnreadable(NetplanError):
    """The workbook could not be opened: missing, not a workbook, corrupt or encrypted."""


class WorkbookTooLarge(WorkbookUnreadable):
    """The package would expand beyond a sane size (a zip bomb, or simply too big)."""


class WorkbookLocked(NetplanError):
    """Another sync holds the workbook."""


class UnsafeToOverwrite(NetplanError):
    """The workbook holds content that would be lost if the tool rewrote it."""


class FileExists(NetplanError):
    """A file the command would create already exists."""


class SchemaError(NetplanError):
    """A schema shipped with the package is malformed (a bug in the package, not in input)."""


class BadInput(NetplanError):
    """An input other than a workbook (a date option, a program file, a roster) is invalid."""
