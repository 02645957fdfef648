"""spreadsheets.values: get, batchGet, update, batchUpdate, clear, batchClear.

Answers as Google does: trailing empty cells and rows trimmed, no ``values`` key for an
empty range, the range echoed clipped to the grid with the title quoted when needed; a write
or read past the grid is a 400 ("exceeds grid limits"), and a batch is applied whole or not
at all.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from fake_google.a1 import Bounds, col_letters, format_range, parse_range
from fake_google.call import Call
from fake_google.cellvalues import parse_input, render
from fake_google.errors import bad_request
from fake_google.model import Book, DriveFile, Scalar, Sheet

VALUE_OPTIONS = ("FORMATTED_VALUE", "UNFORMATTED_VALUE", "FORMULA")
DATE_OPTIONS = ("SERIAL_NUMBER", "FORMATTED_STRING")
DIMENSIONS = ("ROWS", "COLUMNS")
INPUT_OPTIONS = ("RAW", "USER_ENTERED")


def resolve(book: Book, text: str) -> tuple[Sheet, Bounds, bool]:
    """The sheet and unclipped bounds ``text`` names, and whether it named a real extent
    (not a whole sheet, an open end or a single anchor cell)."""
    parsed = parse_range(text)
    sheet: Sheet | None
    if parsed.sheet is not None:
        sheet, bounds = book.by_title(parsed.sheet), parsed.bounds or Bounds()
    elif book.by_title(text) is not None:  # a bare title wins over a look-alike cell range
        sheet, bounds = book.by_title(text), Bounds()
    elif parsed.bounds is not None:
        sheet, bounds = book.first_visible(), parsed.bounds
    else:
        sheet, bounds = None, Bounds()
    if sheet is None:
        raise bad_request(f"Unable to parse range: {text}")
    extent = bounds.end_row is not None and bounds.end_col is not None and not (
        bounds.end_row - bounds.start_row == 1 and bounds.end_col - bounds.start_col == 1)
    return sheet, bounds, extent


def check_grid(sheet: Sheet, bounds: Bounds) -> Bounds:
    """``bounds`` clipped to the grid; a 400 when they reach past it."""
    rows, cols = sheet.rows, sheet.cols
    closed = bounds.clip(rows, cols)
    assert closed.end_row is not None and closed.end_col is not None
    if closed.end_row > rows or closed.end_col > cols or closed.start_row >= max(rows, 1) \
            or closed.start_col >= max(cols, 1):
        shown = Bounds(closed.start_row, closed.start_col, max(closed.end_row,
                       closed.start_row + 1), max(closed.end_col, closed.start_col + 1))
        raise bad_request(f"Range ({format_range(sheet.title, shown)}) exceeds grid limits. "
                          f"Max rows: {rows}, max columns: {cols}")
    return closed


def read(sheet: Sheet, bounds: Bounds, value_option: str, date_option: str,
         major: str) -> list[list[Any]]:
    """The rendered values in closed ``bounds``, trimmed the way Google trims them."""
    assert bounds.end_row is not None and bounds.end_col is not None
    used: dict[tuple[int, int], Any] = {}
    for (r, c), cell in sheet.cells.items():
        if bounds.start_row <= r < bounds.end_row and bounds.start_col <= c < bounds.end_col \
                and cell.value is not None:
            shown = render(cell, sheet, value_option, date_option)
            if shown != "":
                used[(r - bounds.start_row, c - bounds.start_col)] = shown
    if major == "COLUMNS":
        used = {(c, r): v for (r, c), v in used.items()}
    width: dict[int, int] = {}
    for r, c in used:
        width[r] = max(width.get(r, 0), c + 1)
    height = max(width, default=-1) + 1
    return [[used.get((r, c), "") for c in range(width.get(r, 0))] for r in range(height)]


def value_range(book: Book, text: str, value_option: str, date_option: str,
                major: str) -> dict[str, Any]:
    sheet, bounds, _ = resolve(book, text)
    closed = check_grid(sheet, bounds)
    out: dict[str, Any] = {"range": format_range(sheet.title, closed), "majorDimension": major}
    values = read(sheet, closed, value_option, date_option, major)
    if values:
        out["values"] = values
    return out


def _render_options(call: Call) -> tuple[str, str, str]:
    return (call.choice("valueRenderOption", VALUE_OPTIONS, "FORMATTED_VALUE"),
            call.choice("dateTimeRenderOption", DATE_OPTIONS, "SERIAL_NUMBER"),
            call.choice("majorDimension", DIMENSIONS, "ROWS"))


def values_get(call: Call) -> dict[str, Any]:
    _, book = call.store.open_book(call.args[0], call.email)
    return value_range(book, call.args[1], *_render_options(call))


def values_batch_get(call: Call) -> dict[str, Any]:
    file, book = call.store.open_book(call.args[0], call.email)
    options = _render_options(call)
    out: dict[str, Any] = {"spreadsheetId": file.id}
    ranges = call.params.get("ranges", [])
    if ranges:
        out["valueRanges"] = [value_range(book, text, *options) for text in ranges]
    return out


@dataclass
class Write:
    """One range's write, checked in full before any cell changes."""

    sheet: Sheet
    updated: Bounds
    cells: list[tuple[int, int, tuple[Scalar | None, bool, dict[str, str] | None]]]


def plan_write(book: Book, text: str, values: Any, major: str, user_entered: bool,
               where: str) -> Write:
    sheet, bounds, extent = resolve(book, text)
    if values is None:
        values = []
    if not isinstance(values, list) or any(not isinstance(row, list) for row in values):
        raise bad_request(f"Invalid value at '{where}' "
                          f"(type.googleapis.com/google.protobuf.ListValue), {json.dumps(values)}",
                          field=where)
    if major not in DIMENSIONS:
        raise bad_request(f"Invalid value at 'major_dimension', \"{major}\"")
    height, width = len(values), max((len(row) for row in values), default=0)
    if major == "COLUMNS":
        height, width = width, height
    if extent and bounds.end_row is not None and bounds.end_col is not None:
        if bounds.start_row + height > bounds.end_row:
            raise bad_request(f"Requested writing within range [{text}], but tried writing to "
                              f"row [{bounds.start_row + height}]")
        if bounds.start_col + width > bounds.end_col:
            raise bad_request(f"Requested writing within range [{text}], but tried writing to "
                              f"column [{col_letters(bounds.start_col + width - 1)}]")
    updated = Bounds(bounds.start_row, bounds.start_col, bounds.start_row + max(height, 1),
                     bounds.start_col + max(width, 1))
    check_grid(sheet, updated)
    cells = []
    for i, row in enumerate(values):
        for j, raw in enumerate(row):
            if raw is None:
                continue  # null leaves the cell as it is
            r, c = (i, j) if major == "ROWS" else (j, i)
            parsed = parse_input(raw, user_entered, f"{where}[{i}][{j}]")
            cells.append((bounds.start_row + r, bounds.start_col + c, parsed))
    return Write(sheet, updated, cells)


def apply_write(write: Write) -> None:
    for r, c, (value, formula, auto_format) in write.cells:
        if value is None:
            existing = write.sheet.get(r, c)
            if existing is not None:
                existing.value, existing.formula, existing.effective = None, False, None
                write.sheet.prune(r, c)
            continue
        cell = write.sheet.cell(r, c)
        cell.value, cell.formula, cell.effective = value, formula, None
        if auto_format is not None and "numberFormat" not in cell.fmt:
            cell.fmt = cell.fmt | {"numberFormat": auto_format}


def _write_reply(file: DriveFile, write: Write, call: Call, include: bool,
                 body: dict[str, Any]) -> dict[str, Any]:
    rows = {r for r, _, _ in write.cells}
    cols = {c for _, c, _ in write.cells}
    reply: dict[str, Any] = {"spreadsheetId": file.id,
                             "updatedRange": format_range(write.sheet.title, write.updated)}
    if write.cells:
        reply |= {"updatedRows": len(rows), "updatedColumns": len(cols),
                  "updatedCells": len(write.cells)}
    if include:
        value_option = body.get("responseValueRenderOption") or call.param(
            "responseValueRenderOption") or "FORMATTED_VALUE"
        date_option = body.get("responseDateTimeRenderOption") or call.param(
            "responseDateTimeRenderOption") or "SERIAL_NUMBER"
        data = read(write.sheet, write.updated, value_option, date_option, "ROWS")
        reply["updatedData"] = {"range": reply["updatedRange"], "majorDimension": "ROWS"}
        if data:
            reply["updatedData"]["values"] = data
    return reply


def _input_option(value: str | None) -> bool:
    """True for USER_ENTERED; Google requires the option on every write."""
    if not value or value == "INPUT_VALUE_OPTION_UNSPECIFIED":
        raise bad_request("'valueInputOption' is required but not specified")
    if value not in INPUT_OPTIONS:
        raise bad_request(f"Invalid value at 'value_input_option', \"{value}\"")
    return value == "USER_ENTERED"


def values_update(call: Call) -> dict[str, Any]:
    file, book = call.store.open_book(call.args[0], call.email, write=True)
    body = call.json()
    user_entered = _input_option(call.param("valueInputOption"))
    write = plan_write(book, call.args[1], body.get("values"), body.get("majorDimension") or
                       "ROWS", user_entered, "data.values")
    apply_write(write)
    file.touch()
    return _write_reply(file, write, call, call.flag("includeValuesInResponse"), {})


def values_batch_update(call: Call) -> dict[str, Any]:
    file, book = call.store.open_book(call.args[0], call.email, write=True)
    body = call.json()
    user_entered = _input_option(body.get("valueInputOption"))
    data = body.get("data") or []
    if not isinstance(data, list):
        raise bad_request("Invalid value at 'data', expected a list")
    writes = [plan_write(book, str(item.get("range", "")), item.get("values"),
                         item.get("majorDimension") or "ROWS", user_entered,
                         f"data[{i}].values") for i, item in enumerate(data)]
    for write in writes:
        apply_write(write)
    reply: dict[str, Any] = {"spreadsheetId": file.id}
    if writes:
        file.touch()
        replies = [_write_reply(file, w, call, bool(body.get("includeValuesInResponse")), body)
                   for w in writes]
        cells = [(w.sheet.sheet_id, r, c) for w in writes for r, c, _ in w.cells]
        reply |= {"totalUpdatedRows": len({(s, r) for s, r, _ in cells}),
                  "totalUpdatedColumns": len({(s, c) for s, _, c in cells}),
                  "totalUpdatedCells": len(cells),
                  "totalUpdatedSheets": len({s for s, _, _ in cells}),
                  "responses": replies}
    return reply


def _clear(book: Book, text: str) -> str:
    sheet, bounds, _ = resolve(book, text)
    closed = check_grid(sheet, bounds)
    assert closed.end_row is not None and closed.end_col is not None
    for (r, c) in list(sheet.cells):
        if closed.start_row <= r < closed.end_row and closed.start_col <= c < closed.end_col:
            cell = sheet.cells[(r, c)]
            cell.value, cell.formula, cell.effective = None, False, None
            sheet.prune(r, c)
    return format_range(sheet.title, closed)


def values_clear(call: Call) -> dict[str, Any]:
    file, book = call.store.open_book(call.args[0], call.email, write=True)
    cleared = _clear(book, call.args[1])
    file.touch()
    return {"spreadsheetId": file.id, "clearedRange": cleared}


def values_batch_clear(call: Call) -> dict[str, Any]:
    file, book = call.store.open_book(call.args[0], call.email, write=True)
    ranges = call.json().get("ranges") or []
    for text in ranges:  # all parsed and checked before anything is cleared
        check_grid(*resolve(book, str(text))[:2])
    cleared = [_clear(book, str(text)) for text in ranges]
    file.touch()
    return {"spreadsheetId": file.id, "clearedRanges": cleared}
