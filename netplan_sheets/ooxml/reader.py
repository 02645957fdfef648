"""Reading a workbook's sheets fast, with python-calamine, into raw cell grids.

The package is first checked for what must never reach a parser (a zip bomb, a DTD, a
file that is no workbook), then calamine (Rust) reads the wanted sheets' values. Values
come as a spreadsheet shows them: blanks as None, whole numbers as ints. Calamine reads a
formula as its saved value; where a program wrote a formula and no app ever saved its
value, a light scan of the sheet's XML marks the cell, so validation can say so instead
of reading a blank.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.sax.saxutils import unescape

import python_calamine

from netplan_sheets.cells import EXCEL_EPOCH, MAC_EPOCH, FormulaWithoutValue
from netplan_sheets.errors import WorkbookUnreadable
from netplan_sheets.model import MergedRange, RawSheet, RawWorkbook
from netplan_sheets.ooxml import sheet_xml as sx
from netplan_sheets.package import Package, find_bad_part, one_line, open_package
from netplan_sheets.sheet_titles import find_input_sheet

_FORMULA_TAG = re.compile(rb"<(?:[\w.-]+:)?f[\s>/]")
_DATE1904 = re.compile(rb"<(?:[\w.-]+:)?workbookPr\b[^>]*\bdate1904=[\"'](?:1|true)[\"']")
_WHOLE = float(2**53)
_MAX_COLUMNS = 16384
_MAX_ROWS = 1048576

Position = tuple[int, int]


@dataclass
class FormulaScan:
    """What the XML says about a sheet's formula cells: each one's formula (a shared
    formula's cells give its first cell's), and which have no saved value."""

    texts: dict[Position, str] = field(default_factory=dict)
    missing: dict[Position, str] = field(default_factory=dict)

    @property
    def cells(self) -> set[Position]:
        return set(self.texts)


@dataclass
class BookRead:
    workbook: RawWorkbook
    formulas: dict[str, FormulaScan]  # by sheet title, for the sheets read
    extra: dict[str, list[tuple[Any, ...]]]  # other sheets asked for: their value grids


def read_book(path: Path, titles: Iterable[str], extra: Iterable[str] = ()) -> BookRead:
    """The input sheets named ``titles`` (matched as :func:`RawWorkbook.find` does) as a
    :class:`RawWorkbook`, and the sheets named exactly in ``extra`` as plain grids."""
    package = open_package(path)
    try:
        book = python_calamine.CalamineWorkbook.from_path(str(path))
    except Exception as error:  # calamine raises its own types for a broken package
        raise WorkbookUnreadable(f"{path}: is corrupt ({_why(package, error)})") from None
    try:
        names = list(book.sheet_names)
        wanted = _matching(names, titles)
        sheets: list[RawSheet] = []
        scans: dict[str, FormulaScan] = {}
        for name in wanted:
            data = _sheet_bytes(path, package, name)
            grid, merged = _grid(package, book, name)
            sheet = RawSheet(name, grid, _merged(path, name, merged, len(grid)))
            if _FORMULA_TAG.search(data):
                scan = _scan(path, name, data)
                _mark_missing(sheet, scan)
                scans[name] = scan
            sheets.append(sheet)
        others = {name: _grid(package, book, name)[0] for name in extra if name in names}
    finally:
        book.close()
    epoch = MAC_EPOCH if _is_1904(package) else EXCEL_EPOCH
    return BookRead(RawWorkbook(str(path), sheets, epoch, tuple(names)), scans, others)


def read_workbook(path: Path, titles: Iterable[str]) -> RawWorkbook:
    return read_book(path, titles).workbook


def _matching(names: list[str], titles: Iterable[str]) -> list[str]:
    """The sheet for each title, by the one rule (:func:`find_input_sheet`)."""
    return [found for title in titles if (found := find_input_sheet(names, title))]


def _reason(error: BaseException) -> str:
    text = str(error).strip() or type(error).__name__
    return one_line(text.splitlines()[0])


def _why(package: Package, error: BaseException) -> str:
    """What is wrong, naming the broken part when we can find it: calamine seldom says."""
    try:
        found = find_bad_part(package.path, package.sheet_parts)
    except Exception:  # the diagnosis is a courtesy; calamine's own reason still stands
        found = None
    return found or _reason(error)


def _sheet_bytes(path: Path, package: Package, title: str) -> bytes:
    part = package.sheet_parts.get(title)
    if part is None:
        raise WorkbookUnreadable(f"{path}: is corrupt (no part for the sheet "
                                 f"{one_line(title, 60)})")
    try:
        return package.read(part)
    except Exception as error:
        raise WorkbookUnreadable(f"{path}: the sheet {one_line(title, 60)} is corrupt "
                                 f"({_reason(error)})") from None


def _grid(package: Package, book: Any, title: str
          ) -> tuple[list[tuple[Any, ...]], list[Any]]:
    try:
        sheet = book.get_sheet_by_name(title)
        rows = sheet.to_python(skip_empty_area=False)
        merged = sheet.merged_cell_ranges or []
    except Exception as error:
        found = find_bad_part(package.path, {title: package.sheet_parts.get(title, "")})
        raise WorkbookUnreadable(
            f"{package.path}: {found}" if found else
            f"{package.path}: the sheet {one_line(title, 60)} is corrupt ({_reason(error)})"
        ) from None
    # Blanks as None, whole numbers as ints; inlined, as it runs once per cell.
    grid = [tuple([None if v == "" else int(v) if v.__class__ is float and v.is_integer()
                   and -_WHOLE < v < _WHOLE else v for v in row]) for row in rows]
    while grid and not any(v is not None for v in grid[-1]):
        grid.pop()
    return grid, merged


def _merged(path: Path, title: str, ranges: list[Any], rows: int
            ) -> tuple[MergedRange, ...]:
    found = []
    for (min_row, min_col), (max_row, max_col) in ranges:
        if max(min_col, max_col) >= _MAX_COLUMNS or max(min_row, max_row) >= _MAX_ROWS:
            raise WorkbookUnreadable(
                f"{path}: the sheet {one_line(title, 60)} is corrupt (a merged range reaches "
                "past the last column or row a spreadsheet has)")
        # Rows past the last one read hold nothing to report, and a whole-column merge
        # (A1:A1048576) would otherwise mean a million problems.
        if min_row < rows:
            found.append(MergedRange(min_row + 1, min_col + 1, min(max_row + 1, rows),
                                     max_col + 1))
    return tuple(found)


def _scan(path: Path, title: str, data: bytes) -> FormulaScan:
    scan = FormulaScan()
    masters: dict[bytes, str] = {}
    try:
        sheet_data = sx.find_sheet_data(data)
        for row in sx.rows(data, sheet_data):
            if not _FORMULA_TAG.search(data, row.tag_end, row.end):
                continue
            for cell in sx.cells(data, row):
                found = sx.formula(data, cell)
                if found is None:
                    continue
                position = (row.number, cell.column)
                text = "=" + unescape(found.text.decode("utf-8", "replace"))
                if found.kind == b"shared" and found.shared_index is not None:
                    if found.text:
                        masters[found.shared_index] = text
                    else:
                        text = masters.get(found.shared_index, "=(a shared formula)")
                scan.texts[position] = text
                if sx.has_value(data, cell):
                    continue
                kind = sx.attributes(cell.attrs).get(b"t")
                if kind == b"str":
                    continue  # saved, and empty text: =IF(A2="", "", ...)
                scan.missing[position] = text
    except sx.SheetXmlError as error:
        raise WorkbookUnreadable(f"{path}: the sheet {one_line(title, 60)} is corrupt "
                                 f"({error})") from None
    return scan


def _mark_missing(sheet: RawSheet, scan: FormulaScan) -> None:
    for (row, column), text in scan.missing.items():
        if row > len(sheet.grid):
            sheet.grid.extend([()] * (row - len(sheet.grid)))
        values = sheet.grid[row - 1]
        if column <= len(values) and values[column - 1] is not None:
            continue
        padded = list(values) + [None] * (column - len(values))
        padded[column - 1] = FormulaWithoutValue(text)
        sheet.grid[row - 1] = tuple(padded)


def _is_1904(package: Package) -> bool:
    book = package.workbook_part
    if book is None:
        return False
    head = package.read(book)[:8192]
    return bool(_DATE1904.search(head))
