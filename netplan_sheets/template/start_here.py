"""The Start Here sheet, generated from the schemas and ``templates/start_here.json``.

It says what each sheet is for (the schema's description and x-instructions, its required
and computed columns), how to run netplan, what the colours mean, and the template version.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.worksheet import Worksheet

from netplan_sheets.schema import SheetSchema
from netplan_sheets.template.resources import ExtraSheet, start_here_texts, template_version
from netplan_sheets.template.styles import (
    COMPUTED_HEADER_FILL,
    HEADER_FONT,
    INPUT_HEADER_FILL,
    mark_tool_owned,
)

WIDTH = 110  # characters; one wide column of wrapped text
_CHARS_PER_LINE = 100  # a little under WIDTH: proportional text is not all "0"s
_LINE_HEIGHT = 15.0  # points, for 11-point text

TITLE_FONT = Font(bold=True, size=16)
HEADING_FONT = Font(bold=True, size=13)
SHEET_FONT = Font(bold=True, underline="single", color="0563C1")  # a link's usual look
WRAP = Alignment(wrap_text=True, vertical="top")

SheetEntry = SheetSchema | ExtraSheet


class _Writer:
    def __init__(self, ws: Worksheet) -> None:
        self.ws = ws
        self.row = 0

    def line(self, text: str = "", font: Font | None = None) -> Any:
        self.row += 1
        cell = self.ws.cell(row=self.row, column=1, value=text or None)
        cell.alignment = WRAP
        if font is not None:
            cell.font = font
        if text:
            # Excel does not grow a row for wrapped text in a file it did not write itself.
            lines = max(1, math.ceil(len(text) / _CHARS_PER_LINE))
            self.ws.row_dimensions[self.row].height = _LINE_HEIGHT * lines + 2
        return cell


def write_start_here(ws: Worksheet, sheets: Sequence[SheetEntry], file_name: str) -> None:
    """Fill ``ws``: ``sheets`` in workbook order; ``file_name`` goes in the commands shown."""
    texts = start_here_texts()
    out = _Writer(ws)
    ws.column_dimensions["A"].width = WIDTH
    out.line(texts["title"], TITLE_FONT)
    out.line(texts["version_line"].format(version=template_version()))
    out.line()
    for paragraph in texts["intro"]:
        out.line(paragraph)
    out.line()
    out.line(texts["steps_heading"], HEADING_FONT)
    for number, step in enumerate(texts["steps"], start=1):
        out.line(f"{number}. {step.format(file=file_name)}")
    out.line()
    out.line(texts["sheets_heading"], HEADING_FONT)
    for sheet in sheets:
        if sheet.title == ws.title:
            continue
        _sheet_section(out, sheet, texts)
    out.line(texts["legend_heading"], HEADING_FONT)
    for key, fill in (("input", INPUT_HEADER_FILL), ("computed", COMPUTED_HEADER_FILL)):
        cell = out.line(texts["legend"][key], HEADER_FONT)
        cell.fill = fill
    out.line()
    out.line(texts["tips_heading"], HEADING_FONT)
    for tip in texts["tips"]:
        out.line(f"• {tip}")
    mark_tool_owned(ws)


def _sheet_section(out: _Writer, sheet: SheetEntry, texts: dict[str, Any]) -> None:
    cell = out.line(sheet.title, SHEET_FONT)
    # An in-workbook link: the location, not a file address, so it works on any machine.
    cell.hyperlink = Hyperlink(ref=cell.coordinate, location=f"'{sheet.title}'!A1",
                               display=sheet.title)
    out.line(sheet.description)
    if isinstance(sheet, SheetSchema):
        for instruction in sheet.instructions:
            out.line(f"• {instruction}")
        required = [c.title for c in sheet.columns if c.required]
        if required:
            out.line(texts["required_line"].format(columns=", ".join(required)))
        computed = [c.title for c in sheet.computed_columns]
        if computed and not sheet.tool_owned:
            out.line(texts["computed_line"].format(columns=", ".join(computed)))
    out.line()
