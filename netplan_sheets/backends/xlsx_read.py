"""Reading the input sheets of a local .xlsx file into a :class:`RawWorkbook`.

Validation reads in openpyxl's read-only mode with saved values (the fast path). Formula
cells need a second look only when a sheet has formulas at all: a formula with no saved
value reads as blank, and must instead be reported.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.utils.cell import range_boundaries

from netplan_sheets.cells import EXCEL_EPOCH, MAC_EPOCH, FormulaWithoutValue
from netplan_sheets.errors import WorkbookUnreadable
from netplan_sheets.model import MergedRange, RawSheet, RawWorkbook
from netplan_sheets.package import open_package

_FORMULA_TAG = re.compile(rb"<(?:\w+:)?f[\s>/]")
_MERGE = re.compile(rb"<(?:\w+:)?mergeCell\s[^>]*?ref=\"([A-Z]+[0-9]+:[A-Z]+[0-9]+)\"")


def load(path: Path, read_only: bool, data_only: bool) -> Any:
    """openpyxl's load_workbook, with every failure turned into one clear line."""
    try:
        return openpyxl.load_workbook(path, read_only=read_only, data_only=data_only,
                                      keep_links=True)
    except Exception as error:  # openpyxl raises many types for a broken package
        first = (str(error).strip() or type(error).__name__).splitlines()[0][:200]
        raise WorkbookUnreadable(f"{path}: is corrupt or not a valid workbook ({first})") from None


def read_workbook(path: Path, titles: Iterable[str]) -> RawWorkbook:
    """The named sheets (matched ignoring case) of the workbook at ``path``."""
    package = open_package(path)
    wanted = {t.strip().casefold() for t in titles}
    book = load(path, read_only=True, data_only=True)
    try:
        epoch = MAC_EPOCH if book.epoch.year == 1904 else EXCEL_EPOCH
        sheets = []
        for ws in book.worksheets:
            if ws.title.strip().casefold() not in wanted:
                continue
            grid = _read_grid(ws, path)
            sheets.append(RawSheet(ws.title, grid, ()))
        all_titles = tuple(book.sheetnames)
    finally:
        book.close()
    with zipfile.ZipFile(path) as archive:
        for sheet in sheets:
            data = archive.read(package.sheet_parts[sheet.title])
            sheet.merged = _merged(data)
            if _FORMULA_TAG.search(data):
                _mark_unsaved_formulas(path, sheet)
    return RawWorkbook(str(path), sheets, epoch, all_titles)


def _read_grid(ws: Any, path: Path) -> list[tuple[Any, ...]]:
    try:
        if ws.max_row is None or ws.max_column is None:
            ws.reset_dimensions()  # some writers leave out the dimension: read everything
        return [tuple(row) for row in ws.iter_rows(values_only=True)]
    except Exception as error:
        first = (str(error).strip() or type(error).__name__).splitlines()[0][:200]
        raise WorkbookUnreadable(
            f"{path}: the sheet {ws.title} is corrupt ({first})"
        ) from None


def _merged(data: bytes) -> tuple[MergedRange, ...]:
    tail = data[data.rfind(b"sheetData>"):]
    ranges = []
    for match in _MERGE.finditer(tail):
        min_col, min_row, max_col, max_row = range_boundaries(match.group(1).decode())
        ranges.append(MergedRange(min_row, min_col, max_row, max_col))
    return tuple(ranges)


def _mark_unsaved_formulas(path: Path, sheet: RawSheet) -> None:
    """Replace blanks that are really formulas without a saved value by a marker."""
    book = load(path, read_only=True, data_only=False)
    try:
        for r, row in enumerate(book[sheet.title].iter_rows(), start=1):
            for cell in row:
                if getattr(cell, "data_type", None) != "f":
                    continue
                c = cell.column
                values = sheet.grid[r - 1]
                if c > len(values) or values[c - 1] is None:
                    padded = list(values) + [None] * (c - len(values))
                    padded[c - 1] = FormulaWithoutValue(str(cell.value))
                    sheet.grid[r - 1] = tuple(padded)
    finally:
        book.close()
