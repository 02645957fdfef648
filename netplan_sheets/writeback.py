"""What a sync writes, independent of where the workbook lives.

:func:`plan_writeback` turns a validation report and the computed results into a
:class:`WriteBack`: values for the computed (readOnly) columns of Goals and Contacts, and
whole tables for the tool-owned sheets. The xlsx and Google backends each render it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import Enum
from typing import Any

from netplan_sheets.compute import Results
from netplan_sheets.dashboard import DashboardSheet, build_dashboard
from netplan_sheets.schema import SheetSchema, output_schemas, sheet_schema
from netplan_sheets.validation import ValidationReport


@dataclass(frozen=True)
class ComputedColumns:
    """New values of one input sheet's computed columns: ``values[row][key]``."""

    schema: SheetSchema
    first_row: int  # rows first_row..last_row are the tool's to set (blank where absent)
    last_row: int
    values: dict[int, dict[str, Any]]


@dataclass(frozen=True)
class OutputTable:
    """A tool-owned sheet written whole: header row, then one row per record."""

    schema: SheetSchema
    rows: tuple[tuple[Any, ...], ...]

    @property
    def title(self) -> str:
        return self.schema.title

    @property
    def headers(self) -> tuple[str, ...]:
        return self.schema.headers


@dataclass(frozen=True)
class WriteBack:
    computed: tuple[ComputedColumns, ...]
    tables: tuple[OutputTable, ...]
    dashboard: DashboardSheet
    output_order: tuple[str, ...] = field(default=())  # tool-owned sheet titles, in order


def cell_value(value: Any) -> Any:
    """A value as a spreadsheet cell holds it: labels as their text, tuples joined."""
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, tuple):
        return "; ".join(str(v) for v in value)
    if isinstance(value, date | int | float | str) or value is None:
        return value
    return str(value)


def trimmed(grid: Sequence[Sequence[Any]]) -> list[list[Any]]:
    """A grid as spreadsheets report it: blanks ("" or None) as None, trailing blank cells
    and rows left out, so that an old and a new grid compare equal when they look equal."""
    rows = []
    for row in grid:
        values = [None if v == "" else v for v in row]
        while values and values[-1] is None:
            values.pop()
        rows.append(values)
    while rows and not rows[-1]:
        rows.pop()
    return rows


def plan_writeback(report: ValidationReport, results: Results) -> WriteBack:
    computed = []
    for key, by_row in (("goals", results.goals), ("contacts", results.contacts)):
        schema = sheet_schema(key)
        layout = report.layouts[key]
        if layout.sheet is None:
            continue
        keys = [c.key for c in schema.computed_columns]
        values = {
            row: {k: cell_value(getattr(result, k)) for k in keys}
            for row, result in by_row.items()
        }
        computed.append(ComputedColumns(schema, 2, max(layout.sheet.max_row, 1), values))
    tables = []
    sources: dict[str, Any] = {
        "followups": results.followups,
        "shortlist": results.shortlist,
        "problems": report.problems,
    }
    for schema in output_schemas():
        records = sources[schema.key]
        rows = tuple(
            tuple(cell_value(getattr(record, c.key)) for c in schema.columns) for record in records
        )
        tables.append(OutputTable(schema, rows))
    dashboard = build_dashboard(report, results)
    order = (dashboard.title, *(t.title for t in tables))
    return WriteBack(tuple(computed), tuple(tables), dashboard, order)
