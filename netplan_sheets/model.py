"""The workbook as the backends hand it over: sheets of raw cell values, found by title.

A backend (xlsx or Google) fills a :class:`RawWorkbook`; everything after that, validation
included, is the same whatever the workbook came from.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from netplan_sheets.cells import EXCEL_EPOCH
from netplan_sheets.sheet_titles import find_input_sheet


@dataclass(frozen=True)
class MergedRange:
    min_row: int
    min_col: int  # 1-based
    max_row: int
    max_col: int


@dataclass
class RawSheet:
    """One sheet's cells. ``grid[r - 1][c - 1]`` is the value at row r, column c (1-based);
    rows may be shorter than the widest row, and missing cells are blank."""

    title: str
    grid: list[tuple[Any, ...]]
    merged: tuple[MergedRange, ...] = ()

    def row(self, number: int) -> tuple[Any, ...]:
        return self.grid[number - 1] if 0 < number <= len(self.grid) else ()

    @property
    def max_row(self) -> int:
        return len(self.grid)


@dataclass
class RawWorkbook:
    source: str  # what the user named: a path or a spreadsheet URL, for messages
    sheets: list[RawSheet]
    epoch: date = EXCEL_EPOCH
    sheet_titles: tuple[str, ...] = field(default=())  # every sheet, input or not, in order

    def find(self, title: str) -> RawSheet | None:
        """The input sheet ``title``: exactly so titled, else one whose title matches it
        ignoring case and surrounding spaces (:func:`sheet_titles.find_input_sheet`)."""
        found = find_input_sheet((sheet.title for sheet in self.sheets), title)
        return next((sheet for sheet in self.sheets if sheet.title == found), None)
