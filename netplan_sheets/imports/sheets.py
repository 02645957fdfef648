"""An input sheet as an import sees it: its cells, found by header, plus the edits planned
so far.

A cell is written only when it is blank and its column exists; a value for a column the
user deleted is counted as skipped, never written to a new column. Appended rows go right
after the last row holding anything at all (the user's own columns included).
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from netplan_sheets.cells import is_blank, read_text
from netplan_sheets.input_edits import InputEdits
from netplan_sheets.layout import SheetLayout


def last_filled_row(grid: list[tuple[Any, ...]]) -> int:
    """The last row with a non-blank cell in any column (1 when only the header is left)."""
    for number in range(len(grid), 1, -1):
        if any(not is_blank(value) for value in grid[number - 1]):
            return number
    return 1


class SheetEdits:
    """Cells planned for one input sheet, over the values it already holds."""

    def __init__(self, layout: SheetLayout) -> None:
        self.layout = layout
        self.grid = layout.sheet.grid if layout.sheet is not None else []
        self.last_row = last_filled_row(self.grid)
        self.next_row = self.last_row + 1
        self.cells: dict[tuple[int, str], Any] = {}
        self.skipped: Counter[str] = Counter()  # column title -> values not imported

    def has(self, key: str) -> bool:
        return key in self.layout.columns

    def value(self, row: int, key: str) -> Any:
        """The cell's value once the planned edits are made (None when blank or absent)."""
        if (row, key) in self.cells:
            return self.cells[(row, key)]
        column = self.layout.columns.get(key)
        if column is None or row > len(self.grid):
            return None
        values = self.grid[row - 1]
        return values[column - 1] if column <= len(values) else None

    def text(self, row: int, key: str) -> str:
        return read_text(self.value(row, key))

    def put(self, row: int, key: str, value: Any) -> bool:
        """Write ``value`` into the cell if it is blank; whether anything was planned."""
        if value is None or value == "":
            return False
        if not self.has(key):
            self.skipped[self.layout.schema.column(key).title] += 1
            return False
        if not is_blank(self.value(row, key)):
            return False
        self.cells[(row, key)] = value
        return True

    def append(self) -> int:
        row = self.next_row
        self.next_row += 1
        return row

    def rows(self) -> range:
        """The rows that hold something already (the header excluded)."""
        return range(2, self.last_row + 1)

    def edits(self) -> InputEdits | None:
        if not self.cells:
            return None
        return InputEdits(self.layout.schema.key, dict(self.cells), self.last_row)
