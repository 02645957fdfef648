"""``netplan init --google``: the plan template as a new Google Sheet.

The sheets and their text (Start Here, headers, Field | Value labels) come from the
backend-neutral :func:`~netplan_sheets.template.contents.template_sheets`, as for the .xlsx
template; dropdowns, date and number rules, notes and formats from the same schema rules.
Computed columns and tool-owned sheets get warning-only protection: editing them asks for
confirmation, nothing is blocked. The sheet is shared with the addresses given, as
writers, and never with "anyone with the link".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from netplan_sheets.backends import google_requests as req
from netplan_sheets.backends.google_http import NetplanClient
from netplan_sheets.backends.google_sheets import encode, quoted
from netplan_sheets.errors import BadInput
from netplan_sheets.schema import Layout, SheetSchema, all_schemas
from netplan_sheets.sheet_urls import spreadsheet_url
from netplan_sheets.template.contents import TemplateSheet, template_sheets
from netplan_sheets.template.notes import header_note, reference_target
from netplan_sheets.template.resources import validated_rows
from netplan_sheets.template.validation_rules import rule_for

_EMAIL_SHAPE = "@"
_FIRST_NEW_ID = 1000  # clear of the first sheet's id, which Google picks


@dataclass(frozen=True)
class GoogleTemplateResult:
    url: str
    key: str
    sheets: tuple[str, ...]
    shared_with: tuple[str, ...]
    requests: int

    def to_dict(self) -> dict[str, Any]:
        return {"url": self.url, "key": self.key, "sheets": list(self.sheets),
                "shared_with": list(self.shared_with), "requests": self.requests}


def _schema_sheets() -> dict[str, SheetSchema]:
    return {s.title: s for s in all_schemas()}


def _sheet_requests(sheet_id: int, schema: SheetSchema, rows: int,
                    titles: dict[str, SheetSchema]) -> list[req.Request]:
    """Header look, notes, rules, formats and protection of one schema sheet."""
    found: list[req.Request] = []
    if schema.layout is Layout.FIELDS:
        found.append(req.header_format(sheet_id, 0, (0, 2), "input_header"))
        found.append({"updateCells": {
            "rows": [{"values": [{"note": header_note(c)}]} for c in schema.columns],
            "fields": "note", "start": {"sheetId": sheet_id, "rowIndex": 1, "columnIndex": 0}}})
        for row, column in enumerate(schema.columns, start=1):
            rule = rule_for(column)
            if rule is not None:
                found.append(req.validation(sheet_id, 1, (row, row + 1), rule,
                                            _reference(column, titles)))
            fmt = req.column_format(sheet_id, 1, (row, row + 1), column, False)
            if fmt:
                found.append(fmt)
        return found
    found.append(req.notes(sheet_id, 0, [header_note(c) for c in schema.columns]))
    for index, column in enumerate(schema.columns):
        computed = column.read_only
        fill = "computed_header" if computed or schema.tool_owned else "input_header"
        found.append(req.header_format(sheet_id, 0, (index, index + 1), fill))
        fmt = req.column_format(sheet_id, index, (1, rows), column, computed)
        if fmt:
            found.append(fmt)
        rule = rule_for(column)
        if rule is not None:
            found.append(req.validation(sheet_id, index, (1, rows), rule,
                                        _reference(column, titles)))
        if computed and not schema.tool_owned:
            found.append(req.protect(sheet_id, f"{column.title}: computed by netplan sync",
                                     (index, index + 1)))
    if schema.tool_owned:
        found.append(req.protect(sheet_id, "Written by netplan sync"))
    return found


def _reference(column: Any, titles: dict[str, SheetSchema]) -> str | None:
    target = reference_target(column)
    if target is None:
        return None
    sheet, referenced = target
    letter = req._letter(titles[sheet].columns.index(referenced))
    return f"{quoted(sheet)}!${letter}$2:${letter}"


def create_google_template(client: NetplanClient, title: str, share: tuple[str, ...] = (),
                           folder: str | None = None) -> GoogleTemplateResult:
    for email in share:
        if _EMAIL_SHAPE not in email or email.strip() != email or not email:
            raise BadInput(f"--share {email!r}: expected an email address")
    spreadsheet = client.create(title, folder_id=folder)
    sheets = write_template(client, spreadsheet.id, spreadsheet.sheet1.id,
                            template_sheets(title))
    for email in share:
        spreadsheet.share(email, perm_type="user", role="writer", notify=False)
    return GoogleTemplateResult(spreadsheet_url(spreadsheet.id), spreadsheet.id, sheets, share,
                                client.http_client.request_count)


def write_template(client: NetplanClient, key: str, first_id: int,
                   sheets: Sequence[TemplateSheet]) -> tuple[str, ...]:
    """Turn the new, blank spreadsheet ``key`` (its one sheet is ``first_id``) into the plan
    template: one batchUpdate for sheets, rules, notes, formats and protection, then one RAW
    values write of every value ``sheets`` hold, so values a caller put in (cohort init's
    pre-filled Profile, Settings and Goals) are written by the same request as the
    template's own text. The titles of the sheets made."""
    titles = _schema_sheets()
    rows = validated_rows()
    requests: list[req.Request] = []
    data: list[dict[str, Any]] = []
    for index, sheet in enumerate(sheets):
        grid = [[encode(v) for v in row] for row in sheet.rows]
        sheet_id = first_id if index == 0 else _FIRST_NEW_ID + index
        width = max([len(r) for r in grid] + [26])
        if index == 0:
            requests.append({"updateSheetProperties": {
                "properties": {"sheetId": sheet_id, "title": sheet.title, "index": 0,
                               "gridProperties": {"rowCount": rows, "columnCount": width}},
                "fields": "title,index,gridProperties.rowCount,gridProperties.columnCount"}})
        else:
            requests.append(req.add_sheet(
                sheet_id, sheet.title, index, rows, width,
                frozen_rows=0 if sheet.schema is None else 1,
                tab="computed_header" if sheet.tool_owned else "input_header"))
        if sheet.schema is not None:
            requests.extend(_sheet_requests(sheet_id, sheet.schema, rows, titles))
        elif index:  # Dashboard: written by sync
            requests.append(req.protect(sheet_id, "Written by netplan sync"))
        if grid:
            data.append({"range": f"{quoted(sheet.title)}!A1", "values": grid})
    http = client.http_client
    http.batch_update(key, {"requests": requests})
    http.values_batch_update(key, {"valueInputOption": "RAW", "data": data})
    return tuple(sheet.title for sheet in sheets)
