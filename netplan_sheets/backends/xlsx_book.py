"""Reading the input sheets of a fully loaded (writable) openpyxl workbook.

Sync loads the workbook once, with formulas kept so that saving keeps them. A formula
cell's saved value is then unknown to openpyxl; :func:`saved_formula_values` reads those
values in a second, read-only pass, only when the workbook has formulas at all.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from openpyxl.workbook.workbook import Workbook

from netplan_sheets.backends.xlsx_read import empty_text_formulas, load
from netplan_sheets.cells import EXCEL_EPOCH, MAC_EPOCH, FormulaWithoutValue
from netplan_sheets.model import MergedRange, RawSheet, RawWorkbook
from netplan_sheets.package import open_package

# sheet title -> {(row, column): saved value}
FormulaValues = dict[str, dict[tuple[int, int], Any]]


def formula_cells(book: Workbook) -> dict[str, list[tuple[int, int]]]:
    """Every formula cell of every worksheet, by sheet title."""
    found: dict[str, list[tuple[int, int]]] = {}
    for ws in book.worksheets:
        cells = [key for key, cell in ws._cells.items() if cell.data_type == "f"]
        if cells:
            found[ws.title] = cells
    return found


def saved_formula_values(path: Path, cells: dict[str, list[tuple[int, int]]]) -> FormulaValues:
    """The values a spreadsheet app last saved for the given formula cells."""
    if not cells:
        return {}
    parts = open_package(path).sheet_parts
    book = load(path, read_only=True, data_only=True)
    values: FormulaValues = {}
    try:
        for title, wanted in cells.items():
            rows = {r for r, _ in wanted}
            keep = set(wanted)
            found: dict[tuple[int, int], Any] = {}
            for r, row in enumerate(book[title].iter_rows(values_only=True), start=1):
                if r not in rows:
                    continue
                for c, value in enumerate(row, start=1):
                    if (r, c) in keep:
                        found[(r, c)] = value
            with zipfile.ZipFile(path) as archive:
                empty_text = empty_text_formulas(archive.read(parts[title]))
            for key in empty_text & keep:
                if found.get(key) is None:
                    found[key] = ""  # saved, and empty: not a formula lacking its value
            values[title] = found
    finally:
        book.close()
    return values


def raw_workbook(
    book: Workbook, source: str, titles: Iterable[str], saved: FormulaValues
) -> RawWorkbook:
    """The named sheets as raw cell grids, formulas replaced by their saved values."""
    wanted = {t.strip().casefold() for t in titles}
    epoch = MAC_EPOCH if book.epoch.year == 1904 else EXCEL_EPOCH
    sheets = []
    for ws in book.worksheets:
        if ws.title.strip().casefold() not in wanted:
            continue
        sheets.append(RawSheet(ws.title, cell_grid(ws, saved.get(ws.title, {})), _merged(ws)))
    return RawWorkbook(source, sheets, epoch, tuple(book.sheetnames))


def cell_grid(
    ws: Any, saved: dict[tuple[int, int], Any] | None = None
) -> list[tuple[Any, ...]]:
    """The sheet's values as rows, without creating cells; formulas as their saved value."""
    saved = saved or {}
    cells = ws._cells
    if not cells:
        return []
    max_row = max(r for r, _ in cells)
    rows: list[list[Any]] = [[] for _ in range(max_row)]
    for (r, c), cell in cells.items():
        value = cell._value
        if value is None:
            continue
        if cell.data_type == "f":
            value = saved.get((r, c))
            if value is None:
                value = FormulaWithoutValue(str(cell._value))
        row = rows[r - 1]
        if len(row) < c:
            row.extend([None] * (c - len(row)))
        row[c - 1] = value
    return [tuple(row) for row in rows]


def _merged(ws: Any) -> tuple[MergedRange, ...]:
    return tuple(
        MergedRange(rng.min_row, rng.min_col, rng.max_row, rng.max_col)
        for rng in ws.merged_cells.ranges
    )
