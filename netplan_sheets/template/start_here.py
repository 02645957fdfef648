"""The Start Here sheet, generated from the schemas and ``templates/start_here.json``.

It says what each sheet is for (the schema's description and x-instructions, its required
and computed columns), how to run netplan, what the colours mean, and the template version.
:func:`start_here_lines` is the text, the same for every backend; :func:`write_start_here`
shows it in an .xlsx sheet.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
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

START_HERE = "Start Here"
WIDTH = 110  # characters; one wide column of wrapped text
_CHARS_PER_LINE = 100  # a little under WIDTH: proportional text is not all "0"s
_LINE_HEIGHT = 15.0  # points, for 11-point text

TITLE_FONT = Font(bold=True, size=16)
HEADING_FONT = Font(bold=True, size=13)
SHEET_FONT = Font(bold=True, underline="single", color="0563C1")  # a link's usual look
WRAP = Alignment(wrap_text=True, vertical="top")

SheetEntry = SheetSchema | ExtraSheet


class LineKind(StrEnum):
    """How a line of Start Here is shown."""

    TITLE = "title"
    HEADING = "heading"
    TEXT = "text"
    SHEET = "sheet"  # a sheet's title, linking to it
    INPUT_LEGEND = "input-legend"  # shown in an input header's colours
    COMPUTED_LEGEND = "computed-legend"  # shown in a computed header's colours


@dataclass(frozen=True)
class Line:
    """One line (one cell, in column A) of Start Here; ``text`` is "" for a blank line."""

    text: str = ""
    kind: LineKind = LineKind.TEXT


def start_here_lines(sheets: Sequence[SheetEntry], file_name: str) -> tuple[Line, ...]:
    """Start Here's text, whatever the workbook is made of: ``sheets`` are described in
    workbook order (Start Here leaves itself out); ``file_name`` goes in the commands."""
    texts = start_here_texts()
    lines = [Line(texts["title"], LineKind.TITLE),
             Line(texts["version_line"].format(version=template_version())), Line()]
    lines += [Line(paragraph) for paragraph in texts["intro"]]
    lines += [Line(), Line(texts["steps_heading"], LineKind.HEADING)]
    lines += [Line(f"{number}. {step.format(file=file_name)}")
              for number, step in enumerate(texts["steps"], start=1)]
    lines += [Line(), Line(texts["sheets_heading"], LineKind.HEADING)]
    for sheet in sheets:
        if sheet.title != START_HERE:
            lines += _sheet_section(sheet, texts)
    lines += [Line(texts["legend_heading"], LineKind.HEADING),
              Line(texts["legend"]["input"], LineKind.INPUT_LEGEND),
              Line(texts["legend"]["computed"], LineKind.COMPUTED_LEGEND), Line(),
              Line(texts["tips_heading"], LineKind.HEADING)]
    lines += [Line(f"• {tip}") for tip in texts["tips"]]
    return tuple(lines)


def _sheet_section(sheet: SheetEntry, texts: dict[str, Any]) -> list[Line]:
    lines = [Line(sheet.title, LineKind.SHEET), Line(sheet.description)]
    if isinstance(sheet, SheetSchema):
        lines += [Line(f"• {instruction}") for instruction in sheet.instructions]
        required = [c.title for c in sheet.columns if c.required]
        if required:
            lines.append(Line(texts["required_line"].format(columns=", ".join(required))))
        computed = [c.title for c in sheet.computed_columns]
        if computed and not sheet.tool_owned:
            lines.append(Line(texts["computed_line"].format(columns=", ".join(computed))))
    lines.append(Line())
    return lines


_FONTS = {LineKind.TITLE: TITLE_FONT, LineKind.HEADING: HEADING_FONT,
          LineKind.SHEET: SHEET_FONT, LineKind.INPUT_LEGEND: HEADER_FONT,
          LineKind.COMPUTED_LEGEND: HEADER_FONT}
_FILLS = {LineKind.INPUT_LEGEND: INPUT_HEADER_FILL, LineKind.COMPUTED_LEGEND: COMPUTED_HEADER_FILL}


def write_start_here(ws: Worksheet, lines: Sequence[Line]) -> None:
    """Start Here in an .xlsx sheet: one wrapped cell a line, in its font and colours."""
    ws.column_dimensions["A"].width = WIDTH
    for row, line in enumerate(lines, start=1):
        cell = ws.cell(row=row, column=1, value=line.text or None)
        cell.alignment = WRAP
        if (font := _FONTS.get(line.kind)) is not None:
            cell.font = font
        if (fill := _FILLS.get(line.kind)) is not None:
            cell.fill = fill
        if line.kind is LineKind.SHEET:
            # An in-workbook link: the location, not a file address, so it works anywhere.
            cell.hyperlink = Hyperlink(ref=cell.coordinate, location=f"'{line.text}'!A1",
                                       display=line.text)
        if line.text:
            # Excel does not grow a row for wrapped text in a file it did not write itself.
            height = max(1, math.ceil(len(line.text) / _CHARS_PER_LINE))
            ws.row_dimensions[row].height = _LINE_HEIGHT * height + 2
    mark_tool_owned(ws)
