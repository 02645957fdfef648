"""batchUpdate requests on cells and ranges: updateCells, repeatCell, setDataValidation,
protected ranges, conditional formats, merges. Each returns its reply (``{}`` for none)."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from fake_google.a1 import Bounds, format_range
from fake_google.call import Call
from fake_google.errors import FakeApiError, bad_request
from fake_google.fieldmask import get_path, parse_fields, set_path
from fake_google.model import Book, Cell, DriveFile, Sheet
from fake_google.sheets_api import clean_range
from fake_google.values_api import resolve

# How many ConditionValues each validation condition takes: (at least, at most).
_CONDITION_VALUES = {
    "ONE_OF_LIST": (1, 500), "ONE_OF_RANGE": (1, 1), "CUSTOM_FORMULA": (1, 1),
    "BOOLEAN": (0, 2), "DATE_IS_VALID": (0, 0), "BLANK": (0, 0), "NOT_BLANK": (0, 0),
    "TEXT_IS_EMAIL": (0, 0), "TEXT_IS_URL": (0, 0),
    "NUMBER_BETWEEN": (2, 2), "NUMBER_NOT_BETWEEN": (2, 2), "DATE_BETWEEN": (2, 2),
    "DATE_NOT_BETWEEN": (2, 2),
}
_ONE_VALUE = ("NUMBER_GREATER", "NUMBER_GREATER_THAN_EQ", "NUMBER_LESS", "NUMBER_LESS_THAN_EQ",
              "NUMBER_EQ", "NUMBER_NOT_EQ", "TEXT_CONTAINS", "TEXT_NOT_CONTAINS",
              "TEXT_STARTS_WITH", "TEXT_ENDS_WITH", "TEXT_EQ", "DATE_EQ", "DATE_BEFORE",
              "DATE_AFTER", "DATE_ON_OR_BEFORE", "DATE_ON_OR_AFTER")


@dataclass
class Ctx:
    """One request of a batchUpdate, applied to a working copy of the spreadsheet."""

    call: Call
    file: DriveFile
    book: Book
    where: str  # "requests[3].repeatCell", for error messages
    new_title: str | None = None

    def error(self, message: str) -> FakeApiError:
        return bad_request(f"Invalid {self.where}: {message}")

    def sheet(self, sheet_id: Any) -> Sheet:
        sheet = self.book.by_id(int(sheet_id or 0))
        if sheet is None:
            raise self.error(f"No grid with id: {sheet_id or 0}")
        return sheet

    def bounds(self, grid_range: dict[str, Any] | None) -> tuple[Sheet, Bounds]:
        """A GridRange's sheet and closed bounds; a 400 past the grid or inverted."""
        grid_range = grid_range or {}
        sheet = self.sheet(grid_range.get("sheetId"))
        open_bounds = Bounds(int(grid_range.get("startRowIndex") or 0),
                             int(grid_range.get("startColumnIndex") or 0),
                             grid_range.get("endRowIndex"), grid_range.get("endColumnIndex"))
        closed = open_bounds.clip(sheet.rows, sheet.cols)
        assert closed.end_row is not None and closed.end_col is not None
        if closed.start_row > closed.end_row or closed.start_col > closed.end_col or \
                min(closed.start_row, closed.start_col) < 0:
            raise self.error("Invalid range: start index must not exceed end index")
        if closed.end_row > sheet.rows or closed.end_col > sheet.cols:
            shown = format_range(sheet.title, closed) if closed.end_row > closed.start_row \
                and closed.end_col > closed.start_col else sheet.title
            raise self.error(f"Range ({shown}) exceeds grid limits. Max rows: {sheet.rows}, "
                             f"max columns: {sheet.cols}")
        return sheet, closed


def _cells(bounds: Bounds) -> list[tuple[int, int]]:
    assert bounds.end_row is not None and bounds.end_col is not None
    return [(r, c) for r in range(bounds.start_row, bounds.end_row)
            for c in range(bounds.start_col, bounds.end_col)]


_NO_FORMAT: dict[str, Any] = {}  # stands for every empty format; never changed
FormatMemo = dict[tuple[int, tuple[str, ...]], tuple[dict[str, Any], dict[str, Any]]]


def _apply_cell_data(cell: Cell, data: dict[str, Any], paths: list[list[str]],
                     memo: FormatMemo | None = None) -> None:
    """Set the masked fields of ``cell`` from CellData. ``data`` comes from a freshly parsed
    request, so its dicts are stored as they are, shared by every cell of a repeatCell.

    ``memo`` (one per repeatCell) maps a format and a masked path to the format it becomes:
    the cells of a range mostly share one format, and a deepcopy per cell made a
    template-sized repeatCell take seconds. Formats are replaced, never changed in place,
    so cells may share the result.
    """
    for path in paths:
        top = path[0]
        if top in ("*", "userEnteredValue"):
            entered = data.get("userEnteredValue") or {}
            cell.formula, cell.effective = "formulaValue" in entered, None
            if "formulaValue" in entered:
                cell.value = str(entered["formulaValue"])
            elif "numberValue" in entered:
                cell.value = float(entered["numberValue"])
            elif "boolValue" in entered:
                cell.value = bool(entered["boolValue"])
            else:
                cell.value = entered.get("stringValue") or None
        if top == "*" or (top == "userEnteredFormat" and len(path) == 1):
            cell.fmt = data.get("userEnteredFormat") or {}
        elif top == "userEnteredFormat":
            base = cell.fmt or _NO_FORMAT
            key = (id(base), tuple(path))
            hit = memo.get(key) if memo is not None else None
            if hit is None or hit[0] is not base:  # the memo holds base: its id is not reused
                changed = copy.deepcopy(base)
                set_path(changed, path[1:], data.get("userEnteredFormat") or {})
                hit = (base, changed)
                if memo is not None:
                    memo[key] = hit
            cell.fmt = hit[1]
        if top in ("*", "note"):
            cell.note = data.get("note") or None
        if top in ("*", "dataValidation"):
            cell.validation = data.get("dataValidation") or None


def update_cells(ctx: Ctx, req: dict[str, Any]) -> dict[str, Any]:
    paths = parse_fields(req.get("fields"), ctx.where)
    if "range" in req:
        sheet, bounds = ctx.bounds(req["range"])
        covered: set[tuple[int, int]] = set()
    else:
        start = req.get("start") or {}
        sheet = ctx.sheet(start.get("sheetId"))
        bounds = Bounds(int(start.get("rowIndex") or 0), int(start.get("columnIndex") or 0))
    for i, row in enumerate(req.get("rows") or []):
        for j, data in enumerate((row or {}).get("values") or []):
            r, c = bounds.start_row + i, bounds.start_col + j
            if r >= sheet.rows or c >= sheet.cols or ("range" in req and (
                    r >= (bounds.end_row or 0) or c >= (bounds.end_col or 0))):
                raise ctx.error(f"Range ({sheet.title}) exceeds grid limits. Max rows: "
                                f"{sheet.rows}, max columns: {sheet.cols}")
            _apply_cell_data(sheet.cell(r, c), data or {}, paths)
            sheet.prune(r, c)
            if "range" in req:
                covered.add((r, c))
    if "range" in req:  # cells of the range that rows did not reach lose the masked fields
        for r, c in _cells(bounds):
            if (r, c) not in covered:
                _apply_cell_data(sheet.cell(r, c), {}, paths)
                sheet.prune(r, c)
    return {}


def repeat_cell(ctx: Ctx, req: dict[str, Any]) -> dict[str, Any]:
    paths = parse_fields(req.get("fields"), ctx.where)
    sheet, bounds = ctx.bounds(req.get("range"))
    memo: FormatMemo = {}
    data = req.get("cell") or {}
    blank = Cell()  # what every untouched cell of the range becomes, worked out once
    _apply_cell_data(blank, data, paths, memo)
    cells = sheet.cells
    # Sheet.cell and Sheet.prune inlined: a template's ranges cover hundreds of thousands
    # of cells, and this loop was most of the time the fake took to make one
    for key in _cells(bounds):
        cell = cells.get(key)
        if cell is None:
            if not blank.unused():
                cells[key] = Cell(blank.value, blank.formula, None, blank.fmt, blank.note,
                                  blank.validation)
            continue
        _apply_cell_data(cell, data, paths, memo)
        if cell.unused():
            del cells[key]
    return {}


def set_data_validation(ctx: Ctx, req: dict[str, Any]) -> dict[str, Any]:
    sheet, bounds = ctx.bounds(req.get("range"))
    rule = req.get("rule")
    if rule:
        _check_rule(ctx, rule)
    cells = sheet.cells
    for key in _cells(bounds):  # inlined like repeat_cell's loop, for the same reason
        cell = cells.get(key)
        if cell is None:
            if rule:
                cells[key] = Cell(validation=rule)
            continue
        cell.validation = rule or None
        if cell.unused():
            del cells[key]
    return {}


def _check_rule(ctx: Ctx, rule: dict[str, Any]) -> None:
    condition = rule.get("condition") or {}
    kind = condition.get("type")
    values = condition.get("values") or []
    limits = _CONDITION_VALUES.get(kind) or ((1, 1) if kind in _ONE_VALUE else None)
    if limits is None:
        raise ctx.error(f"Invalid ConditionType for data validation: {kind!r}")
    low, high = limits
    if not low <= len(values) <= high:
        raise ctx.error(f"ConditionType '{kind}' requires {low}..{high} ConditionValue(s), "
                        f"got {len(values)}")
    if kind == "ONE_OF_RANGE":
        text = str(values[0].get("userEnteredValue", ""))
        if not text.startswith("="):
            raise ctx.error(f"Invalid ConditionValue.userEnteredValue: {text} (a range "
                            "reference starts with =)")
        try:
            resolve(ctx.book, text[1:].replace("$", ""))
        except FakeApiError:
            raise ctx.error(f"Invalid ConditionValue.userEnteredValue: {text}") from None


def add_protected_range(ctx: Ctx, req: dict[str, Any]) -> dict[str, Any]:
    asked = copy.deepcopy(req.get("protectedRange") or {})
    if "range" not in asked:
        raise ctx.error("a protected range needs 'range' (named ranges are not in the fake)")
    ctx.bounds(asked["range"])
    editors = {k: v for k, v in (asked.get("editors") or {}).items() if v}
    if asked.get("warningOnly") and editors:
        raise ctx.error("A warning-only protected range cannot have editors.")
    echo: dict[str, Any] = {"protectedRangeId": asked.get("protectedRangeId") or
                            ctx.call.store.new_int_id(), "range": asked["range"]}
    for key in ("description", "warningOnly", "unprotectedRanges"):
        if asked.get(key):
            echo[key] = asked[key]
    echo["requestingUserCanEdit"] = True
    stored = copy.deepcopy(echo)
    if not asked.get("warningOnly"):
        echo["editors"] = editors
        users = list(editors.get("users") or [])
        stored["editors"] = dict(editors, users=users + [ctx.call.email] * (
            ctx.call.email not in users))
    sheet = ctx.sheet(asked["range"].get("sheetId"))
    sheet.protected_ranges.append(stored)
    echo["range"] = clean_range(echo["range"])
    return {"addProtectedRange": {"protectedRange": echo}}


def delete_protected_range(ctx: Ctx, req: dict[str, Any]) -> dict[str, Any]:
    wanted = int(req.get("protectedRangeId") or 0)
    for sheet in ctx.book.sheets:
        for i, protected in enumerate(sheet.protected_ranges):
            if protected["protectedRangeId"] == wanted:
                del sheet.protected_ranges[i]
                return {}
    raise ctx.error(f"No protected range with id: {wanted}")


def add_conditional_format_rule(ctx: Ctx, req: dict[str, Any]) -> dict[str, Any]:
    rule = copy.deepcopy(req.get("rule") or {})
    ranges = rule.get("ranges") or []
    if not ranges or ("booleanRule" in rule) == ("gradientRule" in rule):
        raise ctx.error("a conditional format rule needs ranges and one of booleanRule or "
                        "gradientRule")
    sheets = {ctx.bounds(r)[0].sheet_id for r in ranges}
    if len(sheets) != 1:
        raise ctx.error("All ranges of a conditional format rule must be on the same sheet")
    if "booleanRule" in rule and not get_path(rule, ["booleanRule", "condition", "type"])[0]:
        raise ctx.error("booleanRule.condition.type is required")
    sheet = ctx.sheet(sheets.pop())
    index = int(req.get("index") or 0)
    sheet.conditional_formats.insert(max(0, min(index, len(sheet.conditional_formats))), rule)
    return {}


def delete_conditional_format_rule(ctx: Ctx, req: dict[str, Any]) -> dict[str, Any]:
    sheet = ctx.sheet(req.get("sheetId"))
    index = int(req.get("index") or 0)
    if not 0 <= index < len(sheet.conditional_formats):
        raise ctx.error(f"No conditional format on sheet: {sheet.sheet_id} at index: {index}")
    removed = sheet.conditional_formats.pop(index)
    removed["ranges"] = [clean_range(r) for r in removed.get("ranges", [])]
    return {"deleteConditionalFormatRule": {"rule": removed}}


def merge_cells(ctx: Ctx, req: dict[str, Any]) -> dict[str, Any]:
    sheet, bounds = ctx.bounds(req.get("range"))
    assert bounds.end_row is not None and bounds.end_col is not None
    kind = req.get("mergeType") or "MERGE_ALL"
    if kind == "MERGE_ALL":
        parts = [bounds]
    elif kind == "MERGE_COLUMNS":
        parts = [Bounds(bounds.start_row, c, bounds.end_row, c + 1)
                 for c in range(bounds.start_col, bounds.end_col)]
    elif kind == "MERGE_ROWS":
        parts = [Bounds(r, bounds.start_col, r + 1, bounds.end_col)
                 for r in range(bounds.start_row, bounds.end_row)]
    else:
        raise ctx.error(f"Invalid mergeType: {kind}")
    taken = {cell for m in sheet.merges for cell in _cells(_merge_bounds(m))}
    for part in parts:
        cells = _cells(part)
        if taken.intersection(cells):
            raise ctx.error("You can't merge cells that overlap an existing merge.")
        for r, c in cells[1:]:  # a merge keeps only its top-left value
            if (r, c) in sheet.cells:
                sheet.cells[(r, c)].value = None
                sheet.prune(r, c)
        sheet.merges.append({"sheetId": sheet.sheet_id, "startRowIndex": part.start_row,
                             "endRowIndex": part.end_row, "startColumnIndex": part.start_col,
                             "endColumnIndex": part.end_col})
    return {}


def unmerge_cells(ctx: Ctx, req: dict[str, Any]) -> dict[str, Any]:
    sheet, bounds = ctx.bounds(req.get("range"))
    inside = set(_cells(bounds))
    sheet.merges = [m for m in sheet.merges if not inside.intersection(_cells(_merge_bounds(m)))]
    return {}


def _merge_bounds(merge: dict[str, Any]) -> Bounds:
    return Bounds(merge["startRowIndex"], merge["startColumnIndex"], merge["endRowIndex"],
                  merge["endColumnIndex"])
