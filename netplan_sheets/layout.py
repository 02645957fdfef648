"""Finding a sheet's columns by their header text, never by position.

Users reorder columns and add their own; a :class:`SheetLayout` maps each schema column
that is present to its column number, and remembers what was missing or repeated.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from netplan_sheets.a1 import cell_name
from netplan_sheets.cells import read_text, shown
from netplan_sheets.model import RawSheet
from netplan_sheets.problems import Problem, ProblemType, Severity
from netplan_sheets.schema import FIELD_HEADER, VALUE_HEADER, Layout, SheetSchema


@dataclass
class SheetLayout:
    schema: SheetSchema
    sheet: RawSheet | None
    columns: dict[str, int] = field(default_factory=dict)  # key -> 1-based column
    width: int = 0  # header cells in use, the user's own columns included
    duplicates: list[tuple[str, int, int]] = field(default_factory=list)  # title, row, col
    field_rows: dict[str, int] = field(default_factory=dict)  # fields layout: key -> row

    @property
    def title(self) -> str:
        return self.sheet.title if self.sheet else self.schema.title

    def header(self, column: int) -> str | None:
        if self.sheet is None:
            return None
        row = self.sheet.row(1)
        return read_text(row[column - 1]) or None if column <= len(row) else None

    def problem(
        self,
        kind: ProblemType,
        message: str,
        row: int | None = None,
        column: int | None = None,
        value: Any = None,
        header: str | None = None,
        severity: Severity = Severity.ERROR,
    ) -> Problem:
        """A problem on this sheet: at a cell (``row`` and ``column``, 1-based), a row, or
        the whole sheet; ``header`` names the column when its header cell does not."""
        return Problem(
            sheet=self.title,
            row=row,
            column_index=column,
            type=kind,
            cell=cell_name(row, column) if row and column else None,
            column=header if header is not None else (self.header(column) if column else None),
            value=shown(value) if value is not None else None,
            message=message,
            severity=severity,
        )


def find_layout(schema: SheetSchema, sheet: RawSheet | None) -> SheetLayout:
    layout = SheetLayout(schema, sheet)
    if sheet is None:
        return layout
    header = sheet.row(1)
    layout.width = max((i + 1 for i, v in enumerate(header) if read_text(v)), default=0)
    wanted = (
        {FIELD_HEADER.casefold(): FIELD_HEADER, VALUE_HEADER.casefold(): VALUE_HEADER}
        if schema.layout is Layout.FIELDS
        else {c.title.casefold(): c.key for c in schema.columns}
    )
    for index, value in enumerate(header, start=1):
        key = wanted.get(read_text(value).casefold())
        if key is None:
            continue
        if key in layout.columns:
            layout.duplicates.append((read_text(value), 1, index))
        else:
            layout.columns[key] = index
    if schema.layout is Layout.FIELDS:
        _find_field_rows(layout, sheet)
    return layout


def _find_field_rows(layout: SheetLayout, sheet: RawSheet) -> None:
    label_column = layout.columns.get(FIELD_HEADER)
    if label_column is None:
        return
    by_title = {c.title.casefold(): c.key for c in layout.schema.columns}
    for number in range(2, sheet.max_row + 1):
        row = sheet.row(number)
        label = read_text(row[label_column - 1]) if label_column <= len(row) else ""
        key = by_title.get(label.casefold())
        if key is None:
            continue
        if key in layout.field_rows:
            layout.duplicates.append((label, number, label_column))
        else:
            layout.field_rows[key] = number
