"""What a participant's new workbook starts with, and filling it into the template.

:class:`Prefill` says it by sheet and column title, whatever the workbook is made of:
:func:`fill_xlsx` puts it into an .xlsx template, :func:`fill_sheets` into the
backend-neutral template a Google Sheet is made from.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from netplan_sheets.backends.xlsx_write import put
from netplan_sheets.cells import read_text
from netplan_sheets.cohort.program import Program
from netplan_sheets.cohort.roster import Participant
from netplan_sheets.schema import FIELD_HEADER, VALUE_HEADER, Column, sheet_schema
from netplan_sheets.template.contents import TemplateSheet


@dataclass(frozen=True)
class Prefill:
    profile: dict[str, Any]  # Field title -> value
    settings: dict[str, Any]  # Field title -> value
    goals: tuple[dict[str, Any], ...]  # one row each: column title -> value


def prefill_for(program: Program, participant: Participant) -> Prefill:
    goals = sheet_schema("goals")
    settings = sheet_schema("settings")
    return Prefill(
        profile={"Name": participant.name, "Email": participant.email},
        settings={settings.column(key).title: value for key, value in program.settings.items()},
        goals=tuple({goals.column(key).title: value for key, value in goal.items()}
                    for goal in program.goals),
    )


def fill_xlsx(book: Workbook, prefill: Prefill) -> None:
    """Write ``prefill`` into a template workbook, cells found by header and field text."""
    _fill_fields(book["Profile"], "profile", prefill.profile)
    _fill_fields(book["Settings"], "settings", prefill.settings)
    ws = book["Goals"]
    columns = _headers(ws)
    schema = sheet_schema("goals")
    for row, goal in enumerate(prefill.goals, start=2):
        for title, value in goal.items():
            _put(ws, row, columns[title], value, _by_title(schema.columns, title))


def fill_sheets(sheets: Sequence[TemplateSheet], prefill: Prefill) -> tuple[TemplateSheet, ...]:
    """``prefill`` put into the template's sheets, cells found by header and field text as
    :func:`fill_xlsx` finds them."""
    given: dict[str, dict[str, Any]] = {sheet_schema("profile").title: prefill.profile,
                                        sheet_schema("settings").title: prefill.settings}
    goals = sheet_schema("goals").title
    filled = []
    for sheet in sheets:
        cells: dict[tuple[int, int], Any] = {}
        header = sheet.rows[0] if sheet.rows else ()
        if sheet.title in given:
            label, value = header.index(FIELD_HEADER), header.index(VALUE_HEADER) + 1
            rows = {row[label]: number for number, row in enumerate(sheet.rows, start=1)
                    if number > 1 and len(row) > label}
            for title, typed in given[sheet.title].items():
                cells[(rows[title], value)] = _cell_value(typed)
        elif sheet.title == goals:
            columns = {title: index for index, title in enumerate(header, start=1)}
            for number, goal in enumerate(prefill.goals, start=2):
                for title, typed in goal.items():
                    cells[(number, columns[title])] = _cell_value(typed)
        filled.append(sheet.with_values(cells) if cells else sheet)
    return tuple(filled)


def _headers(ws: Worksheet) -> dict[str, int]:
    return {read_text(c.value): c.column for c in ws[1] if c.value is not None}


def _by_title(columns: tuple[Column, ...], title: str) -> Column:
    return next(c for c in columns if c.title == title)


def _fill_fields(ws: Worksheet, sheet: str, values: dict[str, Any]) -> None:
    if not values:
        return
    headers = _headers(ws)
    label, value = headers[FIELD_HEADER], headers[VALUE_HEADER]
    columns = sheet_schema(sheet).columns
    for row in range(2, ws.max_row + 1):
        title = read_text(ws.cell(row=row, column=label).value)
        if title in values:
            _put(ws, row, value, values[title], _by_title(columns, title))


def _put(ws: Worksheet, row: int, column: int, value: Any, schema_column: Column) -> None:
    put(ws, row, column, _cell_value(value), schema_column.cell_format)


def _cell_value(value: Any) -> Any:
    if isinstance(value, list):  # a list column given as a JSON list
        return "; ".join(str(item) for item in value)
    return value
