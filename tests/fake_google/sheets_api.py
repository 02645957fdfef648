"""spreadsheets.create and spreadsheets.get: the spreadsheet resource, as Google shapes it."""

from __future__ import annotations

import copy
from typing import Any

from fake_google.a1 import Bounds
from fake_google.call import Call
from fake_google.cellvalues import effective, formatted, json_value
from fake_google.errors import bad_request, not_found
from fake_google.model import SPREADSHEET_MIME, Book, Cell, DriveFile, Sheet, grid_sheet
from fake_google.values_api import check_grid, resolve

_WHITE = {"red": 1, "green": 1, "blue": 1}
DEFAULT_FORMAT: dict[str, Any] = {
    "backgroundColor": dict(_WHITE),
    "padding": {"top": 2, "right": 3, "bottom": 2, "left": 3},
    "verticalAlignment": "BOTTOM",
    "wrapStrategy": "OVERFLOW_CELL",
    "textFormat": {"foregroundColor": {}, "fontFamily": "arial,sans,sans-serif", "fontSize": 10,
                   "bold": False, "italic": False, "strikethrough": False, "underline": False,
                   "foregroundColorStyle": {"rgbColor": {}}},
    "backgroundColorStyle": {"rgbColor": dict(_WHITE)},
}
_ACCENTS = [
    ("ACCENT1", 0.25882354, 0.52156866, 0.95686275), ("ACCENT2", 0.91764706, 0.2627451,
                                                      0.20784314),
    ("ACCENT3", 0.9843137, 0.7372549, 0.015686275), ("ACCENT4", 0.20392157, 0.65882355,
                                                     0.3254902),
    ("ACCENT5", 1, 0.42745098, 0.003921569), ("ACCENT6", 0.27450982, 0.7411765, 0.7764706),
    ("LINK", 0.06666667, 0.33333334, 0.8),
]
THEME: dict[str, Any] = {
    "primaryFontFamily": "Arial",
    "themeColors": [{"colorType": "TEXT", "color": {"rgbColor": {}}},
                    {"colorType": "BACKGROUND", "color": {"rgbColor": dict(_WHITE)}}] + [
        {"colorType": name, "color": {"rgbColor": {"red": r, "green": g, "blue": b}}}
        for name, r, g, b in _ACCENTS],
}


def clean_range(grid_range: dict[str, Any]) -> dict[str, Any]:
    """A GridRange as Google echoes it: sheetId 0 (the proto default) left out."""
    return {k: v for k, v in grid_range.items() if v is not None and not (k == "sheetId" and
                                                                           v == 0)}


def sheet_properties(sheet: Sheet, index: int) -> dict[str, Any]:
    props = copy.deepcopy(sheet.props)
    grid = {k: v for k, v in props.pop("gridProperties", {}).items() if v not in (0, False)
            or k in ("rowCount", "columnCount")}
    out = {"sheetId": props.pop("sheetId"), "title": props.pop("title"), "index": index,
           "sheetType": props.pop("sheetType", "GRID"), "gridProperties": grid}
    props.pop("index", None)
    if not props.get("hidden"):
        props.pop("hidden", None)
    return out | props


def sheet_resource(sheet: Sheet, index: int,
                   grid: list[Bounds] | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"properties": sheet_properties(sheet, index)}
    if sheet.merges:
        out["merges"] = [clean_range(m) for m in sheet.merges]
    if sheet.conditional_formats:
        out["conditionalFormats"] = [
            dict(rule, ranges=[clean_range(r) for r in rule.get("ranges", [])])
            for rule in copy.deepcopy(sheet.conditional_formats)]
    if sheet.protected_ranges:
        out["protectedRanges"] = [dict(p, range=clean_range(p["range"])) if "range" in p else p
                                  for p in copy.deepcopy(sheet.protected_ranges)]
    if sheet.charts:
        out["charts"] = copy.deepcopy(sheet.charts)
    if grid is not None:
        out["data"] = [grid_data(sheet, bounds) for bounds in grid]
    return out


def spreadsheet_resource(file: DriveFile, grid: bool = False,
                         ranges: list[str] | None = None) -> dict[str, Any]:
    book = file.book
    assert book is not None
    wanted: dict[int, list[Bounds]] = {}
    for text in ranges or []:
        sheet, bounds, _ = resolve(book, text)
        wanted.setdefault(sheet.sheet_id, []).append(check_grid(sheet, bounds))
    sheets = []
    for index, sheet in enumerate(book.sheets):
        if ranges and sheet.sheet_id not in wanted:
            continue
        areas = wanted.get(sheet.sheet_id) or [Bounds().clip(sheet.rows, sheet.cols)]
        sheets.append(sheet_resource(sheet, index, areas if grid else None))
    return {
        "spreadsheetId": file.id,
        "properties": {"title": file.name, "locale": book.locale, "autoRecalc": "ON_CHANGE",
                       "timeZone": book.time_zone, "defaultFormat": copy.deepcopy(DEFAULT_FORMAT),
                       "spreadsheetTheme": copy.deepcopy(THEME)},
        "sheets": sheets,
        "spreadsheetUrl": f"https://docs.google.com/spreadsheets/d/{file.id}/edit",
    }


def _typed(value: Any, formula: bool = False) -> dict[str, Any]:
    if formula:
        return {"formulaValue": value}
    if isinstance(value, bool):
        return {"boolValue": value}
    if isinstance(value, float):
        return {"numberValue": json_value(value)}
    return {"stringValue": value}


def cell_data(cell: Cell | None, sheet: Sheet) -> dict[str, Any]:
    """CellData as in includeGridData answers (no effectiveFormat)."""
    if cell is None:
        return {}
    out: dict[str, Any] = {}
    if cell.value is not None:
        shown = effective(cell, sheet)
        out["userEnteredValue"] = _typed(cell.value, cell.formula)
        if shown is not None:
            out["effectiveValue"] = _typed(shown)
            out["formattedValue"] = formatted(shown, cell.fmt)
    if cell.fmt:
        out["userEnteredFormat"] = copy.deepcopy(cell.fmt)
    if cell.note is not None:
        out["note"] = cell.note
    if cell.validation:
        out["dataValidation"] = copy.deepcopy(cell.validation)
    return out


def grid_data(sheet: Sheet, bounds: Bounds) -> dict[str, Any]:
    assert bounds.end_row is not None and bounds.end_col is not None
    rows: list[dict[str, Any]] = []
    for r in range(bounds.start_row, bounds.end_row):
        values = [cell_data(sheet.get(r, c), sheet) for c in range(bounds.start_col,
                                                                    bounds.end_col)]
        while values and not values[-1]:
            values.pop()
        rows.append({"values": values} if values else {})
    while rows and not rows[-1]:
        rows.pop()
    out: dict[str, Any] = {}
    if bounds.start_row:
        out["startRow"] = bounds.start_row
    if bounds.start_col:
        out["startColumn"] = bounds.start_col
    out["rowData"] = rows
    out["rowMetadata"] = [{"pixelSize": 21} | sheet.row_meta.get(r, {})
                          for r in range(bounds.start_row, bounds.end_row)]
    out["columnMetadata"] = [{"pixelSize": 100} | sheet.col_meta.get(c, {})
                             for c in range(bounds.start_col, bounds.end_col)]
    return out


def spreadsheets_get(call: Call) -> dict[str, Any]:
    file = call.store.open(call.args[0], call.email)
    if file.book is None:
        raise not_found()
    return spreadsheet_resource(file, call.flag("includeGridData"), call.params.get("ranges"))


def spreadsheets_create(call: Call) -> dict[str, Any]:
    body = call.json()
    props = body.get("properties") or {}
    file = call.store.create_file(props.get("title") or "Untitled spreadsheet", SPREADSHEET_MIME,
                                  call.email)
    book = file.book
    assert book is not None
    book.locale = props.get("locale") or book.locale
    book.time_zone = props.get("timeZone") or book.time_zone
    if body.get("sheets"):
        book.sheets = []
        for i, entry in enumerate(body["sheets"]):
            sheet_props = dict(entry.get("properties") or {})
            new_sheet(call, book, sheet_props, default_id=0 if i == 0 else None,
                      where=f"sheets[{i}]")
    return spreadsheet_resource(file)


def new_sheet(call: Call, book: Book, props: dict[str, Any], *, default_id: int | None = None,
              where: str = "requests[0].addSheet") -> Sheet:
    """A sheet added with ``props`` (addSheet, or sheets given to spreadsheets.create)."""
    title = props.get("title") or _free_title(book)
    if book.by_title(title) is not None:
        raise bad_request(f"Invalid {where}: A sheet with the name \"{title}\" "
                          "already exists. Please enter another name.")
    sheet_id = props.get("sheetId", default_id)
    if sheet_id is None:
        sheet_id = call.store.new_int_id()
    if book.by_id(int(sheet_id)) is not None:
        raise bad_request(f"Invalid {where}: Sheet with id {sheet_id} already "
                          "exists.")
    grid_props = props.get("gridProperties") or {}
    sheet = grid_sheet(int(sheet_id), title, int(grid_props.get("rowCount", 1000)),
                       int(grid_props.get("columnCount", 26)))
    sheet.grid.update({k: v for k, v in grid_props.items()
                       if k not in ("rowCount", "columnCount")})
    for key, value in props.items():
        if key not in ("sheetId", "title", "index", "gridProperties"):
            sheet.props[key] = copy.deepcopy(value)
    index = props.get("index")
    position = len(book.sheets) if index is None else max(0, min(int(index), len(book.sheets)))
    book.sheets.insert(position, sheet)
    return sheet


def _free_title(book: Book) -> str:
    n = len(book.sheets) + 1
    while book.by_title(f"Sheet{n}") is not None:
        n += 1
    return f"Sheet{n}"
