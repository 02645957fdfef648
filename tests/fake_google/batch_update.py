"""spreadsheets.batchUpdate: every request applied to a copy, kept only if all succeed.

Google applies a batchUpdate atomically: when one request fails, none of them took effect.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from fake_google import batch_cells
from fake_google.batch_cells import Ctx
from fake_google.call import Call
from fake_google.errors import bad_request
from fake_google.fieldmask import parse_fields, set_path
from fake_google.sheets_api import new_sheet, sheet_properties, spreadsheet_resource

Handler = Callable[[Ctx, dict[str, Any]], dict[str, Any]]


def add_sheet(ctx: Ctx, req: dict[str, Any]) -> dict[str, Any]:
    sheet = new_sheet(ctx.call, ctx.book, dict(req.get("properties") or {}), where=ctx.where)
    return {"addSheet": {"properties": sheet_properties(sheet, ctx.book.sheets.index(sheet))}}


def delete_sheet(ctx: Ctx, req: dict[str, Any]) -> dict[str, Any]:
    sheet = ctx.sheet(req.get("sheetId"))
    if len(ctx.book.sheets) == 1:
        raise ctx.error("You can't remove all the sheets in a document.")
    ctx.book.sheets.remove(sheet)
    if all(s.hidden for s in ctx.book.sheets):
        raise ctx.error("You can't hide all the sheets in a document.")
    return {}


def update_sheet_properties(ctx: Ctx, req: dict[str, Any]) -> dict[str, Any]:
    props = req.get("properties") or {}
    sheet = ctx.sheet(props.get("sheetId"))
    paths = parse_fields(req.get("fields"), ctx.where)
    title_before = sheet.title
    for path in paths:
        if path == ["*"]:
            paths = [[k] for k in ("title", "index", "gridProperties", "hidden", "tabColorStyle",
                                   "rightToLeft")]
            break
    for path in paths:
        if path == ["index"]:
            ctx.book.sheets.remove(sheet)
            index = int(props.get("index") or 0)
            ctx.book.sheets.insert(max(0, min(index, len(ctx.book.sheets))), sheet)
        elif path[0] == "sheetId":
            continue
        elif path[0] == "title" and not props.get("title"):
            raise ctx.error("A sheet title cannot be empty.")
        else:
            set_path(sheet.props, path, props)
    other = ctx.book.by_title(sheet.title)
    if sheet.title != title_before and other is not None and other is not sheet:
        raise ctx.error(f"A sheet with the name \"{sheet.title}\" already exists. Please enter "
                        "another name.")
    if sheet.rows < 1 or sheet.cols < 1:
        raise ctx.error("A sheet must keep at least one row and one column.")
    if int(sheet.grid.get("frozenRowCount") or 0) >= sheet.rows:
        raise ctx.error("You can't freeze all visible rows on the sheet.")
    if int(sheet.grid.get("frozenColumnCount") or 0) >= sheet.cols:
        raise ctx.error("You can't freeze all visible columns on the sheet.")
    if all(s.hidden for s in ctx.book.sheets):
        raise ctx.error("You can't hide all the sheets in a document.")
    sheet.shrink_to_grid()
    return {}


def update_spreadsheet_properties(ctx: Ctx, req: dict[str, Any]) -> dict[str, Any]:
    props = req.get("properties") or {}
    for path in parse_fields(req.get("fields"), ctx.where):
        key = path[0]
        if key in ("title", "*") and props.get("title"):
            ctx.new_title = str(props["title"])
        if key in ("locale", "*") and props.get("locale"):
            ctx.book.locale = str(props["locale"])
        if key in ("timeZone", "*") and props.get("timeZone"):
            ctx.book.time_zone = str(props["timeZone"])
    return {}


def _dimension(ctx: Ctx, dim_range: dict[str, Any]) -> tuple[Any, str, int, int]:
    sheet = ctx.sheet(dim_range.get("sheetId"))
    dimension = dim_range.get("dimension")
    if dimension not in ("ROWS", "COLUMNS"):
        raise ctx.error(f"Invalid dimension: {dimension!r}")
    size = sheet.rows if dimension == "ROWS" else sheet.cols
    start = int(dim_range.get("startIndex") or 0)
    end = int(dim_range.get("endIndex") if dim_range.get("endIndex") is not None else size)
    if not 0 <= start <= end <= size:
        raise ctx.error(f"Invalid dimension range {start}..{end} (the sheet has {size} "
                        f"{dimension.lower()})")
    return sheet, dimension, start, end


def update_dimension_properties(ctx: Ctx, req: dict[str, Any]) -> dict[str, Any]:
    sheet, dimension, start, end = _dimension(ctx, req.get("range") or {})
    paths = parse_fields(req.get("fields"), ctx.where)
    meta = sheet.row_meta if dimension == "ROWS" else sheet.col_meta
    for index in range(start, end):
        entry = meta.setdefault(index, {})
        for path in paths:
            set_path(entry, path, req.get("properties") or {})
    return {}


def append_dimension(ctx: Ctx, req: dict[str, Any]) -> dict[str, Any]:
    sheet = ctx.sheet(req.get("sheetId"))
    length = int(req.get("length") or 0)
    if length < 1:
        raise ctx.error("length must be at least 1")
    key = "rowCount" if req.get("dimension") == "ROWS" else "columnCount"
    if req.get("dimension") not in ("ROWS", "COLUMNS"):
        raise ctx.error(f"Invalid dimension: {req.get('dimension')!r}")
    sheet.grid[key] = int(sheet.grid.get(key, 0)) + length
    return {}


def auto_resize_dimensions(ctx: Ctx, req: dict[str, Any]) -> dict[str, Any]:
    _dimension(ctx, req.get("dimensions") or {})  # checked, not measured: there is no font
    return {}


def add_chart(ctx: Ctx, req: dict[str, Any]) -> dict[str, Any]:
    chart = copy.deepcopy(req.get("chart") or {})
    position = chart.get("position") or {}
    anchor = (position.get("overlayPosition") or {}).get("anchorCell") or {}
    if "spec" not in chart or not ("sheetId" in position or "sheetId" in anchor):
        raise ctx.error("a chart needs a spec and a position on an existing sheet (a chart "
                        "on a new sheet is not in the fake)")
    sheet = ctx.sheet(position.get("sheetId", anchor.get("sheetId")))
    chart.setdefault("chartId", ctx.call.store.new_int_id())
    sheet.charts.append(chart)
    return {"addChart": {"chart": copy.deepcopy(chart)}}


def delete_embedded_object(ctx: Ctx, req: dict[str, Any]) -> dict[str, Any]:
    wanted = int(req.get("objectId") or 0)
    for sheet in ctx.book.sheets:
        for chart in sheet.charts:
            if chart.get("chartId") == wanted:
                sheet.charts.remove(chart)
                return {}
    raise ctx.error(f"No embedded object with id: {wanted}")


HANDLERS: dict[str, Handler] = {
    "addSheet": add_sheet,
    "deleteSheet": delete_sheet,
    "updateSheetProperties": update_sheet_properties,
    "updateSpreadsheetProperties": update_spreadsheet_properties,
    "updateCells": batch_cells.update_cells,
    "repeatCell": batch_cells.repeat_cell,
    "setDataValidation": batch_cells.set_data_validation,
    "addProtectedRange": batch_cells.add_protected_range,
    "deleteProtectedRange": batch_cells.delete_protected_range,
    "addConditionalFormatRule": batch_cells.add_conditional_format_rule,
    "deleteConditionalFormatRule": batch_cells.delete_conditional_format_rule,
    "mergeCells": batch_cells.merge_cells,
    "unmergeCells": batch_cells.unmerge_cells,
    "updateDimensionProperties": update_dimension_properties,
    "appendDimension": append_dimension,
    "autoResizeDimensions": auto_resize_dimensions,
    "addChart": add_chart,
    "deleteEmbeddedObject": delete_embedded_object,
}


def spreadsheets_batch_update(call: Call) -> dict[str, Any]:
    file, book = call.store.open_book(call.args[0], call.email, write=True)
    body = call.json()
    requests = body.get("requests")
    if not isinstance(requests, list) or not requests:
        raise bad_request("Must specify at least one request.")
    working = book.clone()
    replies = []
    new_title = None
    for i, request in enumerate(requests):
        if not isinstance(request, dict) or len(request) != 1:
            raise bad_request(f"Invalid requests[{i}]: exactly one kind of request must be set")
        (kind, payload), = request.items()
        handler = HANDLERS.get(kind)
        if handler is None:
            raise bad_request(f"Invalid JSON payload received. Unknown name \"{kind}\" at "
                              f"'requests[{i}]': Cannot find field (or the fake does not "
                              "implement it).")
        ctx = Ctx(call, file, working, f"requests[{i}].{kind}")
        replies.append(handler(ctx, payload if isinstance(payload, dict) else {}))
        new_title = ctx.new_title or new_title
    file.book = working  # every request succeeded: commit them together
    if new_title:
        file.name = new_title
    file.touch()
    reply: dict[str, Any] = {"spreadsheetId": file.id, "replies": replies}
    if body.get("includeSpreadsheetInResponse"):
        reply["updatedSpreadsheet"] = spreadsheet_resource(
            file, bool(body.get("responseIncludeGridData")), body.get("responseRanges"))
    return reply
