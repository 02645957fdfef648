"""Validation problems as small frozen records, the same for text, JSON and the Problems sheet.

A problem is an error (its row, or the sheet, is left out of the computations; exit code 1)
or a warning (nothing is left out and the exit code stays 0: the plan is valid, but
something probably is not what the user meant, like a renamed optional column).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from enum import StrEnum
from typing import Any


class ProblemType(StrEnum):
    """Stable problem types; a test checks them against schemas/problems.schema.json."""

    TYPE_ERROR = "type-error"
    CONSTRAINT_ERROR = "constraint-error"
    MISSING_CELL = "missing-cell"
    MISSING_SHEET = "missing-sheet"
    MISSING_COLUMN = "missing-column"
    DUPLICATE_COLUMN = "duplicate-column"
    DUPLICATE_KEY = "duplicate-key"
    UNKNOWN_REFERENCE = "unknown-reference"
    DATE_ORDER = "date-order"
    FORMULA_WITHOUT_VALUE = "formula-without-value"
    MERGED_CELL = "merged-cell"
    INVALID_SETTING = "invalid-setting"
    RENAMED_COLUMN = "renamed-column"


class Severity(StrEnum):
    ERROR = "error"  # rows or a sheet are left out; the plan is not valid
    WARNING = "warning"  # nothing is left out; the plan is still valid


@dataclass(frozen=True, order=True)
class Problem:
    """One problem at one place. ``cell`` is an address like ``F12`` (None for a whole sheet)."""

    sheet: str
    row: int | None
    column_index: int | None
    type: ProblemType
    cell: str | None
    column: str | None
    value: str | None
    message: str
    severity: Severity = Severity.ERROR

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    @property
    def location(self) -> str:
        """``Contacts!F12``, or the sheet name alone for a problem with no cell."""
        return f"{self.sheet}!{self.cell}" if self.cell else self.sheet

    def to_dict(self) -> dict[str, Any]:
        record = asdict(self)
        record["type"] = str(self.type)
        record["severity"] = str(self.severity)
        record["location"] = self.location
        del record["column_index"]
        return record

    def one_line(self) -> str:
        where = self.location + (f" ({self.column})" if self.column else "")
        shown = f" [{self.value}]" if self.value not in (None, "") else ""
        warning = "" if self.is_error else "warning: "
        return f"{where}: {warning}{self.message}{shown}"
