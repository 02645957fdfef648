"""Rendering a :class:`WriteBack` into an openpyxl workbook, changing only what the tool owns.

Computed cells are set one by one and only where the value differs, so a repeat sync with
the same inputs changes no cell. A tool-owned sheet is rebuilt whole, but only when its
values differ. Text always goes in as text: openpyxl would otherwise turn a contact named
``=HYPERLINK(...)`` into a formula.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from openpyxl.chart import BarChart, Reference
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Font, PatternFill
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from netplan_sheets.backends.xlsx_book import cell_grid
from netplan_sheets.dashboard import DashboardSheet
from netplan_sheets.layout import SheetLayout
from netplan_sheets.schema import Column
from netplan_sheets.sheet_titles import find_tool_sheet
from netplan_sheets.template import styles
from netplan_sheets.writeback import ComputedColumns, OutputTable, WriteBack, trimmed

OVERDUE_FILL = PatternFill("solid", fgColor="F8CBAD")
DUE_SOON_FILL = PatternFill("solid", fgColor="FFE699")


def comparable(value: Any) -> Any:
    """Cell values as openpyxl reads them back, so old and new can be compared."""
    if isinstance(value, date) and not isinstance(value, datetime):
        return datetime(value.year, value.month, value.day)
    if isinstance(value, str) and value == "":
        return None
    if isinstance(value, float):
        # openpyxl stores floats as "%.16g", so 2/11 reads back a little different
        return float(f"{value:.16g}")
    return value


def put(ws: Worksheet, row: int, column: int, value: Any, fmt: str | None = None) -> None:
    cell = ws.cell(row=row, column=column)
    set_value(cell, value)
    if fmt and value is not None:
        cell.number_format = fmt


def set_value(cell: Any, value: Any) -> None:
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"  # never a formula, whatever the text starts with


class ComputedStyle:
    """The computed-cell look per column (number format included), applied by copying one
    styled cell's style: openpyxl's style setters cost ~70 µs a cell, a copy of the style
    array ~1 µs."""

    def __init__(self) -> None:
        self._styles: dict[tuple[str, str], Any] = {}

    def apply(self, cell: Any, column: Column) -> None:
        key = (column.key, column.cell_format or "")
        style = self._styles.get(key)
        if style is None:
            styles.style_computed_cell(cell, column)
            self._styles[key] = StyleArray(cell._style)
        else:
            cell._style = StyleArray(style)


def apply_writeback(book: Workbook, writeback: WriteBack, layouts: dict[str, SheetLayout]) -> int:
    """Apply the write-back to ``book``; the number of cells (or whole sheets) changed."""
    changed = 0
    for computed in writeback.computed:
        changed += _computed_columns(book, computed, layouts[computed.schema.key])
    for table in writeback.tables:
        changed += _output_table(book, table, writeback.output_order)
    changed += _dashboard(book, writeback.dashboard, writeback.output_order)
    return changed


def _computed_columns(book: Workbook, computed: ComputedColumns, layout: SheetLayout) -> int:
    ws = book[layout.title]
    columns = dict(layout.columns)
    next_free = max([layout.width, *columns.values()], default=0) + 1
    changed = 0
    for column in computed.schema.computed_columns:
        if column.key not in columns:  # the user deleted it: the tool adds it back at the end
            columns[column.key] = next_free
            put(ws, 1, next_free, column.title)
            styles.style_computed_header(ws.cell(row=1, column=next_free))
            next_free += 1
            changed += 1
    cells = ws._cells
    look = ComputedStyle()
    for column in computed.schema.computed_columns:
        index = columns[column.key]
        for row in range(computed.first_row, computed.last_row + 1):
            new = computed.values.get(row, {}).get(column.key)
            old = cells.get((row, index))
            if comparable(old.value if old is not None else None) == comparable(new):
                continue
            cell = old if old is not None else ws.cell(row=row, column=index)
            set_value(cell, new)
            look.apply(cell, column)
            changed += 1
    return changed


def _find(book: Workbook, title: str) -> Worksheet | None:
    """The tool sheet ``title``: by its exact title only (a user's look-alike is theirs)."""
    found = find_tool_sheet(book.sheetnames, title)
    return book[found] if found is not None else None


def _same_values(ws: Worksheet | None, rows: list[tuple[Any, ...]]) -> bool:
    if ws is None:
        return False
    old = [[comparable(v) for v in row] for row in cell_grid(ws)]
    new = [[comparable(v) for v in row] for row in rows]
    return trimmed(old) == trimmed(new)


def _fresh_sheet(book: Workbook, title: str, order: tuple[str, ...]) -> Worksheet:
    """Replace the tool-owned sheet ``title`` by an empty one in the same place."""
    old = _find(book, title)
    active = book.active.title if book.active is not None else None
    if old is not None:
        index = book.index(old)
        book.remove(old)
    else:
        # after the last tool-owned sheet that comes before it in order, else at the end
        index = len(book.worksheets)
        for earlier in reversed(order[: order.index(title)]):
            found = _find(book, earlier)
            if found is not None:
                index = book.index(found) + 1
                break
    ws = book.create_sheet(title, index)
    if active is not None and active in book.sheetnames:
        book.active = book.sheetnames.index(active)
    return ws


def _output_table(book: Workbook, table: OutputTable, order: tuple[str, ...]) -> int:
    rows = [table.headers, *table.rows]
    if _same_values(_find(book, table.title), rows):
        return 0
    ws = _fresh_sheet(book, table.title, order)
    styles.write_output_header(ws, table.schema)
    columns = table.schema.columns
    look = ComputedStyle()
    for r, values in enumerate(table.rows, start=2):
        for c, value in enumerate(values, start=1):
            cell = ws.cell(row=r, column=c)
            set_value(cell, value)
            look.apply(cell, columns[c - 1])
    if table.schema.key == "followups" and table.rows:
        _highlight_overdue(ws, table)
    return 1


def _highlight_overdue(ws: Worksheet, table: OutputTable) -> None:
    days = get_column_letter(table.schema.headers.index("Days Overdue") + 1)
    last = len(table.rows) + 1
    area = f"A2:{get_column_letter(len(table.headers))}{last}"
    ws.conditional_formatting.add(area, FormulaRule(formula=[f"${days}2>0"], fill=OVERDUE_FILL))
    ws.conditional_formatting.add(
        area, FormulaRule(formula=[f'AND(${days}2<>"",${days}2<=0)'], fill=DUE_SOON_FILL))


def _dashboard(book: Workbook, dashboard: DashboardSheet, order: tuple[str, ...]) -> int:
    rows = list(dashboard.rows)
    if _same_values(_find(book, dashboard.title), rows):
        return 0
    ws = _fresh_sheet(book, dashboard.title, order)
    for r, values in enumerate(rows, start=1):
        for c, value in enumerate(values, start=1):
            put(ws, r, c, value, dashboard.number_formats.get((r, c)))
    for r in dashboard.heading_rows:
        ws.cell(row=r, column=1).font = Font(bold=True, size=13 if r == 1 else 12)
    for r in dashboard.header_rows:
        for c in range(1, len(rows[r - 1]) + 1):
            styles.style_output_header_cell(ws.cell(row=r, column=c))
    for letter, width in zip("ABCDEFGH", (32, 44, 24, 12, 12, 12, 12, 12), strict=True):
        ws.column_dimensions[letter].width = width
    if dashboard.chart is not None:
        spec = dashboard.chart
        chart = BarChart()
        chart.type = "bar"
        chart.title = spec.title
        chart.y_axis.number_format = "0%"
        chart.legend = None
        data = Reference(ws, min_col=spec.value_column, min_row=spec.header_row,
                         max_row=spec.last_row)
        categories = Reference(ws, min_col=spec.category_column, min_row=spec.first_row,
                               max_row=spec.last_row)
        chart.add_data(data, titles_from_data=True)
        chart.set_categories(categories)
        chart.height = max(6.0, 0.8 * (spec.last_row - spec.first_row + 1) + 3)
        chart.width = 16
        ws.add_chart(chart, spec.anchor)
    return 1
