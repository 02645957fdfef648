"""Reading the input sheets of a local .xlsx file into a :class:`RawWorkbook`.

Validation reads in openpyxl's read-only mode with saved values (the fast path). Formula
cells need a second look only when a sheet has formulas at all: a formula with no saved
value reads as blank, and must instead be reported.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path
from typing import Any, TypeVar
from xml.etree.ElementTree import ParseError

import openpyxl
from openpyxl.utils.cell import coordinate_to_tuple, range_boundaries

from netplan_sheets.cells import EXCEL_EPOCH, MAC_EPOCH, FormulaWithoutValue
from netplan_sheets.errors import WorkbookUnreadable
from netplan_sheets.model import MergedRange, RawSheet, RawWorkbook
from netplan_sheets.package import find_bad_part, one_line, open_package

_FORMULA_TAG = re.compile(rb"<(?:\w+:)?f[\s>/]")
_MERGE = re.compile(rb"<(?:\w+:)?mergeCell\s[^>]*?ref=\"([A-Z]+[0-9]+:[A-Z]+[0-9]+)\"")
# A formula cell typed as text: ``<c r="C2" t="str"><f>IF(...)</f><v></v></c>``.
_TEXT_FORMULA = re.compile(
    rb"<(?:\w+:)?c\s(?=[^>]*\bt=[\"']str[\"'])[^>]*?\br=[\"']([A-Z]+[0-9]+)[\"'][^>]*>\s*"
    rb"<(?:\w+:)?f[\s>/]")


def empty_text_formulas(sheet_xml: bytes) -> set[tuple[int, int]]:
    """(row, column) of formula cells typed as text: a saved value that reads blank is an
    empty text result (``=IF(A2="", "", ...)``), not a missing one."""
    return {coordinate_to_tuple(ref.decode()) for ref in _TEXT_FORMULA.findall(sheet_xml)}


def load(path: Path, read_only: bool, data_only: bool) -> Any:
    """openpyxl's load_workbook, with every failure turned into one clear line."""
    try:
        return openpyxl.load_workbook(path, read_only=read_only, data_only=data_only,
                                      keep_links=True)
    except Exception as error:  # openpyxl raises many types for a broken package
        raise WorkbookUnreadable(f"{path}: is corrupt ({_why(path, error)})") from None


def _why(path: Path, error: BaseException) -> str:
    """What is wrong, naming the broken part when we can find it: openpyxl seldom says."""
    try:
        found = find_bad_part(path, open_package(path).sheet_parts)
    except WorkbookUnreadable:
        raise
    except Exception:  # the diagnosis is a courtesy; openpyxl's own reason still stands
        found = None
    return found or _reason(_root(error))


def _root(error: BaseException) -> BaseException:
    """The exception that says what is wrong: openpyxl wraps it in generic ones."""
    chain = [error]
    while (earlier := chain[-1].__cause__ or chain[-1].__context__) is not None:
        if earlier in chain:
            break
        chain.append(earlier)
    return next((e for e in chain if isinstance(e, ParseError)), chain[-1])


def _reason(error: BaseException) -> str:
    text = str(error).strip() or type(error).__name__
    return one_line(text.splitlines()[0])


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
            grid = _on_sheet(path, ws.title, partial(_read_grid, ws))
            sheets.append(RawSheet(ws.title, grid, ()))
        all_titles = tuple(book.sheetnames)
    finally:
        book.close()
    for sheet in sheets:
        part = package.sheet_parts.get(sheet.title)
        if part is None:
            raise WorkbookUnreadable(f"{path}: is corrupt (no part for the sheet "
                                     f"{one_line(sheet.title, 60)})")
        data = _on_sheet(path, sheet.title, partial(package.read, part))
        sheet.merged = _merged(path, sheet.title, data, len(sheet.grid))
        if _FORMULA_TAG.search(data):
            _on_sheet(path, sheet.title, partial(_mark_unsaved_formulas, path, sheet, data))
    return RawWorkbook(str(path), sheets, epoch, all_titles)


T = TypeVar("T")


def _on_sheet(path: Path, title: str, read: Callable[[], T]) -> T:
    """Run ``read`` on one sheet, turning any failure into one line naming the sheet."""
    try:
        return read()
    except WorkbookUnreadable:
        raise
    except Exception as error:
        root = _root(error)
        what = "is not valid XML" if isinstance(root, ParseError) else "is corrupt"
        raise WorkbookUnreadable(
            f"{path}: the sheet {one_line(title, 60)} {what} ({_reason(root)})"
        ) from None


def _read_grid(ws: Any) -> list[tuple[Any, ...]]:
    if ws.max_row is None or ws.max_column is None:
        ws.reset_dimensions()  # some writers leave out the dimension: read everything
    return [tuple(row) for row in ws.iter_rows(values_only=True)]


def _merged(path: Path, title: str, data: bytes, rows: int) -> tuple[MergedRange, ...]:
    tail = data[data.rfind(b"sheetData>"):]
    ranges = []
    for match in _MERGE.finditer(tail):
        try:
            min_col, min_row, max_col, max_row = range_boundaries(match.group(1).decode())
        except ValueError:
            raise WorkbookUnreadable(
                f"{path}: the sheet {one_line(title, 60)} is corrupt (a merged range "
                f"{one_line(match.group(1).decode(), 40)} is not a valid range)"
            ) from None
        # Rows past the last one read hold nothing to report, and a whole-column merge
        # (A1:A1048576) would otherwise mean a million problems.
        if min_row <= rows:
            ranges.append(MergedRange(min_row, min_col, min(max_row, rows), max_col))
    return tuple(ranges)


def _mark_unsaved_formulas(path: Path, sheet: RawSheet, data: bytes) -> None:
    """Replace blanks that are really formulas without a saved value by a marker. A formula
    whose saved value is empty text (``=IF(A2="", "", ...)``) reads blank too, but its cell
    is typed as text: a spreadsheet app wrote it, and blank it is."""
    empty_text = empty_text_formulas(data)
    book = load(path, read_only=True, data_only=False)
    try:
        for r, row in enumerate(book[sheet.title].iter_rows(), start=1):
            for cell in row:
                if getattr(cell, "data_type", None) != "f":
                    continue
                c = cell.column
                if (r, c) in empty_text:
                    continue
                values = sheet.grid[r - 1]
                if c > len(values) or values[c - 1] is None:
                    padded = list(values) + [None] * (c - len(values))
                    padded[c - 1] = FormulaWithoutValue(str(cell.value))
                    sheet.grid[r - 1] = tuple(padded)
    finally:
        book.close()
