"""Sheets API ``batchUpdate`` requests, built from the schemas and the template's styles.

Shared by ``netplan init --google`` and the write-back, so a Google plan looks and checks
the same as an .xlsx one. Ranges are 0-based and end-exclusive, as the API takes them.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from netplan_sheets.cells import EXCEL_EPOCH
from netplan_sheets.schema import DATE_FORMAT, Column
from netplan_sheets.template.resources import template_config
from netplan_sheets.template.validation_rules import ColumnRule, RuleKind

Request = dict[str, Any]
OVERDUE = "F8CBAD"
DUE_SOON = "FFE699"


def colour(hex_rgb: str) -> dict[str, float]:
    value = int(hex_rgb, 16)
    return {"red": (value >> 16 & 255) / 255, "green": (value >> 8 & 255) / 255,
            "blue": (value & 255) / 255}


def palette(name: str) -> dict[str, float]:
    return colour(str(template_config()["colours"][name]))


def grid_range(sheet_id: int, rows: tuple[int, int] | None = None,
               columns: tuple[int, int] | None = None) -> dict[str, int]:
    """A range from 0-based, end-exclusive (start, end) rows and columns."""
    found = {"sheetId": sheet_id}
    if rows is not None:
        found["startRowIndex"], found["endRowIndex"] = rows
    if columns is not None:
        found["startColumnIndex"], found["endColumnIndex"] = columns
    return found


def serial(day: date) -> int:
    """A date as Sheets stores it: days since 1899-12-30."""
    return (day - EXCEL_EPOCH).days


def number_format(pattern: str) -> dict[str, str]:
    if "%" in pattern:
        kind = "PERCENT"
    elif "y" in pattern or "d" in pattern:
        kind = "DATE"
    else:
        kind = "NUMBER"
    return {"type": kind, "pattern": pattern}


def add_sheet(sheet_id: int, title: str, index: int, rows: int, columns: int,
              frozen_rows: int = 1, hidden: bool = False, tab: str | None = None) -> Request:
    properties: dict[str, Any] = {
        "sheetId": sheet_id, "title": title, "index": index,
        "gridProperties": {"rowCount": rows, "columnCount": columns,
                           "frozenRowCount": frozen_rows},
    }
    if hidden:
        properties["hidden"] = True
    if tab:
        properties["tabColor"] = palette(tab)
    return {"addSheet": {"properties": properties}}


def resize(sheet_id: int, rows: int, columns: int) -> Request:
    return {"updateSheetProperties": {
        "properties": {"sheetId": sheet_id,
                       "gridProperties": {"rowCount": rows, "columnCount": columns}},
        "fields": "gridProperties.rowCount,gridProperties.columnCount"}}


def header_format(sheet_id: int, row: int, columns: tuple[int, int], fill: str) -> Request:
    return {"repeatCell": {
        "range": grid_range(sheet_id, (row, row + 1), columns),
        "cell": {"userEnteredFormat": {
            "backgroundColor": palette(fill),
            "textFormat": {"bold": True, "foregroundColor": palette("header_text")}}},
        "fields": "userEnteredFormat(backgroundColor,textFormat)"}}


def column_format(sheet_id: int, column: int, rows: tuple[int, int], column_schema: Column,
                  computed: bool) -> Request | None:
    """The number format (and, for computed columns, the grey fill) of a column's cells."""
    cell_format: dict[str, Any] = {}
    if column_schema.cell_format:
        cell_format["numberFormat"] = number_format(column_schema.cell_format)
    if computed:
        cell_format["backgroundColor"] = palette("computed_cells")
    if not cell_format:
        return None
    return {"repeatCell": {
        "range": grid_range(sheet_id, rows, (column, column + 1)),
        "cell": {"userEnteredFormat": cell_format},
        "fields": "userEnteredFormat(" + ",".join(sorted(cell_format)) + ")"}}


def cell_number_format(sheet_id: int, row: int, column: int, pattern: str) -> Request:
    return {"repeatCell": {
        "range": grid_range(sheet_id, (row, row + 1), (column, column + 1)),
        "cell": {"userEnteredFormat": {"numberFormat": number_format(pattern)}},
        "fields": "userEnteredFormat.numberFormat"}}


def notes(sheet_id: int, row: int, texts: list[str | None]) -> Request:
    return {"updateCells": {
        "rows": [{"values": [{"note": text} if text else {} for text in texts]}],
        "fields": "note", "start": {"sheetId": sheet_id, "rowIndex": row, "columnIndex": 0}}}


def column_values(sheet_id: int, row: int, column: int, values: list[Any]) -> Request:
    """Cells down one column from (row, column), 0-based: text as text (a ``stringValue``
    is never read as a formula, like a RAW write), or dates as dates in the plan's date
    format. Only these cells are written, and only their value (and a date's format)."""
    dates = [v for v in values if isinstance(v, date)]
    texts = [v for v in values if isinstance(v, str)]
    cells: list[dict[str, Any]]
    if len(dates) == len(values):
        date_format = {"numberFormat": number_format(DATE_FORMAT)}
        cells = [{"userEnteredValue": {"numberValue": serial(v)},
                  "userEnteredFormat": date_format} for v in dates]
        fields = "userEnteredValue,userEnteredFormat.numberFormat"
    elif len(texts) == len(values):
        cells = [{"userEnteredValue": {"stringValue": v}} for v in texts]
        fields = "userEnteredValue"
    else:
        raise TypeError("a run of cells down one column is all text or all dates")
    return {"updateCells": {
        "rows": [{"values": [cell]} for cell in cells], "fields": fields,
        "start": {"sheetId": sheet_id, "rowIndex": row, "columnIndex": column}}}


def protect(sheet_id: int, description: str, columns: tuple[int, int] | None = None) -> Request:
    """A warning-only protection: editing asks the person to confirm, nothing is blocked."""
    return {"addProtectedRange": {"protectedRange": {
        "range": grid_range(sheet_id, None, columns), "description": description,
        "warningOnly": True}}}


def validation(sheet_id: int, column: int, rows: tuple[int, int], rule: ColumnRule,
               list_range: str | None) -> Request:
    if rule.kind is RuleKind.LIST:
        if list_range is not None:
            condition = {"type": "ONE_OF_RANGE", "values": [{"userEnteredValue": "=" + list_range}]}
        else:
            condition = {"type": "ONE_OF_LIST",
                         "values": [{"userEnteredValue": c} for c in rule.choices]}
    elif rule.kind is RuleKind.DATE:
        condition = {"type": "DATE_IS_VALID"}
    else:
        condition = _number_condition(rule)
    return {"setDataValidation": {
        "range": grid_range(sheet_id, rows, (column, column + 1)),
        "rule": {"condition": condition, "inputMessage": rule.error, "strict": rule.strict,
                 "showCustomUi": rule.kind is RuleKind.LIST}}}


def _number_condition(rule: ColumnRule) -> dict[str, Any]:
    def value(number: float) -> dict[str, str]:
        return {"userEnteredValue": str(int(number)) if float(number).is_integer()
                else repr(float(number))}

    if rule.low is not None and rule.high is not None:
        return {"type": "NUMBER_BETWEEN", "values": [value(rule.low), value(rule.high)]}
    if rule.low is not None:
        kind = "NUMBER_GREATER" if rule.exclusive_low else "NUMBER_GREATER_THAN_EQ"
        return {"type": kind, "values": [value(rule.low)]}
    if rule.high is not None:
        return {"type": "NUMBER_LESS_THAN_EQ", "values": [value(rule.high)]}
    return {"type": "NUMBER_BETWEEN", "values": [value(-1e15), value(1e15)]}


def overdue_rules(sheet_id: int, rows: int, columns: int, days_column: int) -> list[Request]:
    """Overdue follow-up rows red, rows due soon amber (Days Overdue > 0 / <= 0)."""
    letter = _letter(days_column)
    area = grid_range(sheet_id, (1, max(rows, 2)), (0, columns))
    found: list[Request] = []
    for formula, fill in ((f"=${letter}2>0", OVERDUE),
                          (f'=AND(${letter}2<>"",${letter}2<=0)', DUE_SOON)):
        found.append({"addConditionalFormatRule": {"index": len(found), "rule": {
            "ranges": [area], "booleanRule": {
                "condition": {"type": "CUSTOM_FORMULA", "values": [{"userEnteredValue": formula}]},
                "format": {"backgroundColor": colour(fill)}}}}})
    return found


def bar_chart(sheet_id: int, title: str, category_column: int, value_column: int,
              header_row: int, last_row: int, anchor: tuple[int, int]) -> Request:
    """A horizontal bar chart; rows are 0-based, header_row..last_row inclusive."""
    def source(column: int) -> dict[str, Any]:
        return {"sourceRange": {"sources": [grid_range(
            sheet_id, (header_row, last_row + 1), (column, column + 1))]}}

    return {"addChart": {"chart": {
        "spec": {"title": title, "basicChart": {
            "chartType": "BAR", "legendPosition": "NO_LEGEND", "headerCount": 1,
            "domains": [{"domain": source(category_column)}],
            "series": [{"series": source(value_column), "targetAxis": "BOTTOM_AXIS"}]}},
        "position": {"overlayPosition": {"anchorCell": {
            "sheetId": sheet_id, "rowIndex": anchor[0], "columnIndex": anchor[1]}}}}}}


def _letter(index: int) -> str:
    """0-based column index as letters."""
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(index + 1))
