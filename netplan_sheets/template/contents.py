"""What the plan template holds, independent of the file format: its visible sheets in
order, each as rows of values (headers, Field | Value labels, Start Here's text).

The .xlsx template (:mod:`~netplan_sheets.template.xlsx_template`) and the Google Sheets
template (:mod:`~netplan_sheets.backends.google_template`) both render it, each adding its
own looks, notes, dropdowns and protection from the schemas; tests/test_template.py checks
that the .xlsx template holds exactly these values.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from netplan_sheets.schema import FIELD_HEADER, VALUE_HEADER, Layout, SheetSchema, all_schemas
from netplan_sheets.template.resources import ExtraSheet, extra_sheets
from netplan_sheets.template.start_here import START_HERE, Line, start_here_lines

Row = tuple[Any, ...]


@dataclass(frozen=True)
class TemplateSheet:
    """One visible sheet of the template: its title, its schema (None for Start Here and
    the Dashboard, which no schema describes) and the values it starts with."""

    title: str
    schema: SheetSchema | None
    rows: tuple[Row, ...]

    @property
    def tool_owned(self) -> bool:
        """Written by netplan, not by the user: Start Here, the Dashboard, and the sheets
        whose schema says so."""
        return self.schema is None or self.schema.tool_owned

    def with_values(self, values: Mapping[tuple[int, int], Any]) -> TemplateSheet:
        """The sheet with ``values`` put in, by (row, column), both 1-based."""
        grid = [list(row) for row in self.rows]
        for (row, column), value in values.items():
            while len(grid) < row:
                grid.append([])
            line = grid[row - 1]
            line.extend([None] * (column - len(line)))
            line[column - 1] = value
        return TemplateSheet(self.title, self.schema, tuple(tuple(line) for line in grid))


def sheet_order() -> tuple[SheetSchema | ExtraSheet, ...]:
    """The visible sheets in workbook order: the schemas' and template.json's x-order."""
    entries: list[SheetSchema | ExtraSheet] = [*all_schemas(), *extra_sheets()]
    return tuple(sorted(entries, key=lambda entry: entry.order))


def template_sheets(file_name: str = "plan.xlsx") -> tuple[TemplateSheet, ...]:
    """Every visible sheet of the template, in order; ``file_name`` is shown in Start
    Here's example commands."""
    order = sheet_order()
    sheets = []
    for entry in order:
        if isinstance(entry, SheetSchema):
            sheets.append(TemplateSheet(entry.title, entry, _schema_rows(entry)))
        elif entry.title == START_HERE:
            lines = start_here_lines(order, file_name)
            sheets.append(TemplateSheet(entry.title, None, _text_rows(lines)))
        else:  # the Dashboard: a heading until netplan sync fills it in
            sheets.append(TemplateSheet(entry.title, None, ((entry.heading or entry.title,),)))
    return tuple(sheets)


def _schema_rows(schema: SheetSchema) -> tuple[Row, ...]:
    if schema.layout is Layout.FIELDS:
        return ((FIELD_HEADER, VALUE_HEADER), *((column.title,) for column in schema.columns))
    return (schema.headers,)


def _text_rows(lines: tuple[Line, ...]) -> tuple[Row, ...]:
    return tuple((line.text,) if line.text else () for line in lines)  # () a blank line
