"""How the workbook looks: header and computed-cell styles, number formats, column widths.

Public for the write-back as well as the template, so that a sheet or a computed cell looks
the same whether ``netplan init`` or ``netplan sync`` wrote it. The colours come from
``templates/template.json``.

Column-wide looks (fill, lock, number format) are set on the column, not on thousands of
empty cells, so the file stays small. A cell a program creates in such a column does not
inherit the column's look in Excel: style it with :func:`style_computed_cell`.
"""

from __future__ import annotations

from typing import Any

from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from netplan_sheets.schema import Column, Layout, SheetSchema
from netplan_sheets.template.notes import header_note, note
from netplan_sheets.template.resources import template_config, validated_rows
from netplan_sheets.template.widths import column_width

_COLOURS: dict[str, str] = template_config()["colours"]


HEADER_FONT = Font(bold=True, color=_COLOURS["header_text"])
HEADER_ALIGNMENT = Alignment(vertical="center")
INPUT_HEADER_FILL = PatternFill("solid", fgColor=_COLOURS["input_header"])
COMPUTED_HEADER_FILL = PatternFill("solid", fgColor=_COLOURS["computed_header"])
OUTPUT_HEADER_FILL = COMPUTED_HEADER_FILL  # tool-owned sheets look like computed columns
COMPUTED_FILL = PatternFill("solid", fgColor=_COLOURS["computed_cells"])
FIELD_LABEL_FILL = PatternFill("solid", fgColor=_COLOURS["field_labels"])
FIELD_LABEL_FONT = Font(bold=True)
INPUT_TAB_COLOUR = _COLOURS["input_header"]
TOOL_TAB_COLOUR = _COLOURS["computed_header"]
LOCKED = Protection(locked=True)
UNLOCKED = Protection(locked=False)


def _style_header(cell: Any, fill: PatternFill) -> None:
    cell.font = HEADER_FONT
    cell.fill = fill
    cell.alignment = HEADER_ALIGNMENT
    cell.protection = LOCKED


def style_input_header(cell: Any) -> None:
    """A header of a column the user fills in."""
    _style_header(cell, INPUT_HEADER_FILL)


def style_computed_header(cell: Any) -> None:
    """A header of a computed (readOnly) column."""
    _style_header(cell, COMPUTED_HEADER_FILL)


def style_output_header_cell(cell: Any) -> None:
    """A header cell on a tool-owned sheet (Follow-ups, Problems, Dashboard tables)."""
    _style_header(cell, OUTPUT_HEADER_FILL)


def style_computed_cell(cell: Any, column: Column | None = None) -> None:
    """A value the tool writes: grey, locked, and in the column's number format."""
    cell.fill = COMPUTED_FILL
    cell.protection = LOCKED
    if column is not None and (fmt := column.cell_format) is not None:
        cell.number_format = fmt


def style_field_label(cell: Any) -> None:
    """A row label of a Field | Value sheet: tool-owned text the user must not rename."""
    cell.font = FIELD_LABEL_FONT
    cell.fill = FIELD_LABEL_FILL
    cell.protection = LOCKED


def style_column(ws: Worksheet, index: int, column: Column, *, tool_owned: bool = False) -> None:
    """Width, number format, and for computed columns the grey locked look, column-wide."""
    dimension = ws.column_dimensions[get_column_letter(index)]
    dimension.width = column_width(column)
    if column.read_only or tool_owned:
        dimension.fill = COMPUTED_FILL
        dimension.protection = LOCKED
    else:
        # Unlocked, so that turning on sheet protection would still leave them editable.
        dimension.protection = UNLOCKED
    fmt = column.cell_format
    if fmt is not None:
        dimension.number_format = fmt


def mark_tool_owned(ws: Worksheet, tool_owned: bool = True) -> None:
    """Colour the sheet's tab: grey for tool-owned sheets, blue for the user's."""
    ws.sheet_properties.tabColor = TOOL_TAB_COLOUR if tool_owned else INPUT_TAB_COLOUR


def write_header_row(ws: Worksheet, schema: SheetSchema, last_row: int | None = None) -> None:
    """Row 1 of a table sheet: headers with notes, column looks, frozen, with an autofilter.

    ``last_row`` is how far down the autofilter reaches (default: the template's validated
    row range). No Excel Table object: renaming a header would break one.
    """
    if schema.layout is not Layout.TABLE:
        raise ValueError(f"{schema.title} is not a table sheet")
    for index, column in enumerate(schema.columns, start=1):
        cell = ws.cell(row=1, column=index, value=column.title)
        if column.read_only or schema.tool_owned:
            style_computed_header(cell)
        else:
            style_input_header(cell)
        cell.comment = note(header_note(column))
        style_column(ws, index, column, tool_owned=schema.tool_owned)
    ws.freeze_panes = "A2"
    last = get_column_letter(len(schema.columns))
    ws.auto_filter.ref = f"A1:{last}{max(last_row or validated_rows(), 2)}"
    mark_tool_owned(ws, schema.tool_owned)


def write_output_header(ws: Worksheet, schema: SheetSchema, last_row: int | None = None) -> None:
    """The header row and column looks of one tool-owned sheet (Follow-ups, Problems...)."""
    if not schema.tool_owned:
        raise ValueError(f"{schema.title} is not a tool-owned sheet")
    write_header_row(ws, schema, last_row)
