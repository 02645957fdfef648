"""The blank plan workbook (.xlsx): every sheet in order, generated from the schemas.

:func:`build_template` makes the openpyxl workbook; :func:`write_template` saves it
atomically, refusing to replace an existing file unless told to.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.packaging.custom import IntProperty

from netplan_sheets.errors import BadInput, FileExists, NetplanError
from netplan_sheets.file_safety import atomic_write
from netplan_sheets.template.contents import sheet_order, template_sheets
from netplan_sheets.template.input_sheets import write_input_sheet
from netplan_sheets.template.lists_sheet import ChoiceLists
from netplan_sheets.template.resources import lists_sheet_title, template_version, validated_rows
from netplan_sheets.template.start_here import (
    START_HERE,
    TITLE_FONT,
    start_here_lines,
    write_start_here,
)
from netplan_sheets.template.styles import mark_tool_owned, write_output_header

VERSION_PROPERTY = "NetplanTemplateVersion"


def sheet_titles() -> tuple[str, ...]:
    """Every sheet the template writes, in order, the hidden Lists sheet last."""
    return (*(entry.title for entry in sheet_order()), lists_sheet_title())


def build_template(file_name: str = "plan.xlsx") -> Workbook:
    """The template workbook; ``file_name`` is shown in Start Here's example commands."""
    book = Workbook()
    book.remove(book.active)
    last_row = validated_rows()
    lists = ChoiceLists(lists_sheet_title())
    sheets = template_sheets(file_name)
    worksheets = {sheet.title: book.create_sheet(sheet.title) for sheet in sheets}
    for sheet in sheets:
        ws = worksheets[sheet.title]
        if sheet.schema is not None:
            if sheet.schema.tool_owned:
                write_output_header(ws, sheet.schema)
            else:
                write_input_sheet(ws, sheet.schema, lists, last_row)
        elif sheet.title == START_HERE:
            write_start_here(ws, start_here_lines(sheet_order(), file_name))
        else:  # Dashboard: netplan sync fills it in
            ws.cell(row=1, column=1, value=sheet.rows[0][0]).font = TITLE_FONT
            mark_tool_owned(ws)
    lists.write(book.create_sheet(lists_sheet_title()))
    lists.define_names(book)
    book.active = 0
    book.custom_doc_props.append(IntProperty(name=VERSION_PROPERTY, value=template_version()))
    book.properties.title = "Networking plan"
    book.properties.creator = "netplan-sheets"
    return book


def workbook_template_version(book: Any) -> int | None:
    """The template version an openpyxl workbook was made from, if it says."""
    for prop in getattr(book, "custom_doc_props", ()):
        if prop.name == VERSION_PROPERTY:
            try:
                return int(prop.value)
            except (TypeError, ValueError):
                return None
    return None


@dataclass(frozen=True)
class TemplateResult:
    path: str
    template_version: int
    sheets: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.path, "template_version": self.template_version,
                "sheets": list(self.sheets)}


def write_template(path: Path | str, *, force: bool = False) -> TemplateResult:
    """Write a blank plan to ``path`` (.xlsx); an existing file only with ``force``."""
    target = Path(path)
    if target.suffix.lower() != ".xlsx":
        raise BadInput(f"{target}: the file name must end in .xlsx (for example plan.xlsx)")
    if target.is_dir():
        raise BadInput(f"{target}: is a folder; give a file name such as plan.xlsx")
    if not target.parent.is_dir():
        raise BadInput(f"{target}: the folder {target.parent} does not exist")
    if target.exists() and not force:
        raise FileExists(f"{target}: already exists; use --force to overwrite it")
    book = build_template(target.name)
    try:
        atomic_write(target, book.save)
    except OSError as error:
        raise NetplanError(f"{target}: cannot be written ({error.strerror or error})") from None
    return TemplateResult(str(target), template_version(), tuple(book.sheetnames))

