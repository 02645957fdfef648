"""The input sheets of the template: table sheets and Field | Value sheets.

Each gets its headers (styled, with notes), column looks and a data validation rule per
column. Rules cover a fixed row range through one ``sqref`` each: no empty cell is made.
"""

from __future__ import annotations

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from netplan_sheets.schema import FIELD_HEADER, VALUE_HEADER, Layout, SheetSchema
from netplan_sheets.template.lists_sheet import ChoiceLists
from netplan_sheets.template.notes import header_note, note
from netplan_sheets.template.resources import note_texts
from netplan_sheets.template.styles import (
    UNLOCKED,
    mark_tool_owned,
    style_field_label,
    style_input_header,
    write_header_row,
)
from netplan_sheets.template.validation_rules import rule_for, xlsx_validation

VALUE_WIDTH = 60


def write_input_sheet(ws: Worksheet, schema: SheetSchema, lists: ChoiceLists,
                      last_row: int) -> None:
    if schema.layout is Layout.FIELDS:
        write_fields_sheet(ws, schema, lists, last_row)
    else:
        write_table_sheet(ws, schema, lists, last_row)


def write_table_sheet(ws: Worksheet, schema: SheetSchema, lists: ChoiceLists,
                      last_row: int) -> None:
    """Header row 1, then validation on rows 2..``last_row`` of every input column."""
    write_header_row(ws, schema, last_row)
    for index, column in enumerate(schema.columns, start=1):
        rule = rule_for(column)
        if rule is None:
            continue
        letter = get_column_letter(index)
        sqref = f"{letter}2:{letter}{last_row}"
        ws.add_data_validation(xlsx_validation(rule, sqref, lists, last_row))


def write_fields_sheet(ws: Worksheet, schema: SheetSchema, lists: ChoiceLists,
                       last_row: int) -> None:
    """Field | Value: one row per schema property; the label's note holds its default."""
    texts = note_texts()
    field_cell = ws.cell(row=1, column=1, value=FIELD_HEADER)
    value_cell = ws.cell(row=1, column=2, value=VALUE_HEADER)
    for cell in (field_cell, value_cell):
        style_input_header(cell)
    field_cell.comment = note(texts["field_header"])
    value_cell.comment = note("\n".join([texts["value_header"], *schema.instructions]))
    for row, column in enumerate(schema.columns, start=2):
        label = ws.cell(row=row, column=1, value=column.title)
        style_field_label(label)
        label.comment = note(header_note(column))
        value = ws.cell(row=row, column=2)
        value.protection = UNLOCKED
        fmt = column.cell_format
        if fmt is not None:
            value.number_format = fmt
        rule = rule_for(column)
        if rule is not None:
            ws.add_data_validation(xlsx_validation(rule, value.coordinate, lists, last_row))
    ws.column_dimensions["A"].width = max(len(c.title) for c in schema.columns) + 4
    ws.column_dimensions["B"].width = VALUE_WIDTH
    ws.column_dimensions["B"].protection = UNLOCKED
    ws.freeze_panes = "A2"
    mark_tool_owned(ws, tool_owned=False)
