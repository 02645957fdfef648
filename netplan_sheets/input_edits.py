"""What an import writes into the input sheets, independent of where the workbook lives.

An :class:`InputEdits` names cells by row number and schema column key; each backend finds
the column through the sheet's :class:`~netplan_sheets.layout.SheetLayout` (users reorder
and rename columns) and writes the values: dates as dates, text always as text (a name
``=HYPERLINK(...)`` or ``+1 Ann`` never becomes a formula). Every cell named here was
blank when the edits were planned; nothing else is touched.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

# The most text one cell holds (Excel's limit; Google Sheets allows more).
MAX_CELL_TEXT = 32_767
# Characters XML 1.0, and so an .xlsx cell, cannot hold: C0 controls but tab, LF and CR.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass(frozen=True)
class InputEdits:
    """New values for blank cells of one input sheet, and rows appended to it.

    ``cells[(row, key)]`` is the value for the cell at sheet row ``row`` (1-based) in the
    column whose schema key is ``key``; every key has a column in the sheet's layout.
    ``last_row`` is the sheet's last non-blank row (any column) when the edits were
    planned: rows after it are appended rows, starting at ``last_row + 1`` with no gap.
    Values are ``str`` (always written as text) or ``datetime.date``.
    """

    sheet_key: str  # "contacts" | "interactions"
    cells: dict[tuple[int, str], Any]
    last_row: int

    @property
    def appended_rows(self) -> int:
        return max((row for row, _ in self.cells), default=self.last_row) - self.last_row

    def rows(self) -> Iterator[tuple[int, dict[str, Any]]]:
        """(row, {key: value}) in row order."""
        by_row: dict[int, dict[str, Any]] = {}
        for (row, key), value in self.cells.items():
            by_row.setdefault(row, {})[key] = value
        for row in sorted(by_row):
            yield row, by_row[row]


def text_problem(text: str) -> str | None:
    """Why a cell cannot hold ``text``, or None when it can."""
    if len(text) > MAX_CELL_TEXT:
        return f"is longer than the {MAX_CELL_TEXT:,} characters a cell can hold"
    if _CONTROL.search(text):
        return "holds control characters a spreadsheet cell cannot hold"
    return None

