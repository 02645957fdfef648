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


class WriteFailed(NetplanError):
    """A file could not be written (a read-only folder, a full disk, a file another program
    holds open); the original is intact and no temporary file is left."""


class UnsafeToOverwrite(NetplanError):
    """The workbook holds content that would be lost if the tool rewrote it."""


class CannotPatch(UnsafeToOverwrite):
    """The surgical engine cannot write the results into this workbook without breaking
    something in it (an array formula over a computed cell, an XML shape it does not
    handle); a copy can still be written with ``--output``. ``detail`` says what is in
    the way, as a phrase."""

    def __init__(self, message: str, *, detail: str) -> None:
        super().__init__(message)
        self.detail = detail


class FileExists(NetplanError):
    """A file the command would create already exists."""


class SchemaError(NetplanError):
    """A schema shipped with the package is malformed (a bug in the package, not in input)."""


class BadInput(NetplanError):
    """An input other than a workbook (a date option, a program file, a roster) is invalid."""


class GoogleError(NetplanError):
    """A Google Sheets or Drive request failed; ``status`` is the HTTP status when there was one."""

    def __init__(self, message: str, *, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


class GoogleNotFound(GoogleError):
    """No such spreadsheet or file (404)."""


class GooglePermissionDenied(GoogleError):
    """The account may not open or change the spreadsheet (403).

    ``account_email`` is the account that must be given access (a service account's
    email), when it is known.
    """

    def __init__(self, message: str, *, status: int | None = 403,
                 account_email: str | None = None) -> None:
        super().__init__(message, status=status)
        self.account_email = account_email


class GoogleQuotaExhausted(GoogleError):
    """Still rate-limited (429) after every retry."""


class GoogleApiError(GoogleError):
    """Any other answer Google refused or failed (400, 401, 5xx after retries, ...)."""


class GoogleUnreachable(GoogleError):
    """No answer at all: connection refused, reset or timed out."""


class GoogleSheetChanged(GoogleError):
    """Rows were sorted, inserted or deleted by someone while a sync was running, so its
    results would land on the wrong rows; nothing was written."""


class GoogleHostRefused(GoogleError):
    """A request to a host other than the API root set by ``NETPLAN_GOOGLE_API_URL``."""


class CohortBusy(NetplanError):
    """Another cohort command is working on the same cohort folder."""


class ImportFileUnreadable(BadInput):
    """A file given to ``netplan import`` is missing, unreadable or of no kind it knows."""


class ImportBlocked(NetplanError):
    """The plan lacks a sheet or column the import must write to."""


class OutputRefused(NetplanError):
    """The file a command would write is the plan itself, or a file that is not its own."""
