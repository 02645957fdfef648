"""Checking one sheet on its own: the sheet and its required columns are there, no header
is repeated, no merged cell covers the table, and every row passes its schema
(:class:`~netplan_sheets.row_checks.RowChecker`).

Checks that compare sheets with each other (unique keys, references) come after, in
:mod:`netplan_sheets.cross_sheet_checks`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from netplan_sheets.layout import SheetLayout
from netplan_sheets.model import MergedRange
from netplan_sheets.problems import Problem, ProblemType
from netplan_sheets.row_checks import RowChecker
from netplan_sheets.schema import FIELD_HEADER, VALUE_HEADER, Layout


@dataclass
class SheetRows:
    """One table sheet after its own checks: typed values by row number."""

    layout: SheetLayout
    rows: dict[int, dict[str, Any]] = field(default_factory=dict)  # every non-blank row
    bad_rows: set[int] = field(default_factory=set)  # rows with a problem of their own
    checked: int = 0  # non-blank rows
    readable: bool = True  # False: the sheet or a required column is missing, no row was read


def structure_problems(layout: SheetLayout) -> list[Problem]:
    """A missing sheet, a missing (or renamed) required column, a repeated header."""
    schema = layout.schema
    if layout.sheet is None:
        return [layout.problem(ProblemType.MISSING_SHEET,
                               f"the sheet {schema.title} is missing; add it back (netplan init "
                               "writes a fresh template to copy it from)")]
    found = [
        layout.problem(ProblemType.DUPLICATE_COLUMN,
                       f"{title} appears more than once; only the first is used",
                       row, column, title, header=title)
        for title, row, column in layout.duplicates
    ]
    if schema.layout is Layout.FIELDS:
        needed = [FIELD_HEADER, VALUE_HEADER]
        missing = [title for title in needed if title not in layout.columns]
    else:
        missing = [c.title for c in schema.columns if c.required and c.key not in layout.columns]
    for title in missing:
        found.append(layout.problem(ProblemType.MISSING_COLUMN,
                                    f"the column {title} is missing or renamed; its header must "
                                    f'read "{title}"', header=title))
    return found


def merged_problems(layout: SheetLayout, merged: tuple[MergedRange, ...]) -> list[Problem]:
    """A merged range that covers a column of the table is a problem at every row it covers,
    reported in the first such column; one within the user's own columns is theirs."""
    ours = sorted(layout.columns.values())
    last_row = layout.sheet.max_row if layout.sheet else 0  # a whole-column merge ends here
    problems = []
    for rng in merged:
        inside = next((c for c in ours if rng.min_col <= c <= rng.max_col), None)
        if inside is None:
            continue
        for number in range(max(rng.min_row, 1), min(rng.max_row, last_row) + 1):
            problems.append(layout.problem(
                ProblemType.MERGED_CELL,
                "merged cells inside a table cannot be read; unmerge them",
                number, inside))
    return problems


def check_table(layout: SheetLayout, epoch: date) -> tuple[SheetRows, list[Problem]]:
    """Every row of a table sheet; ``epoch`` is the workbook's date system."""
    table = SheetRows(layout)
    problems: list[Problem] = []
    sheet = layout.sheet
    if sheet is None or any(
        c.required and c.key not in layout.columns for c in layout.schema.columns
    ):
        table.readable = False  # no row can be complete; the missing column is the problem
        return table, problems
    merged = merged_problems(layout, sheet.merged)
    merged_rows = {p.row for p in merged}
    problems.extend(merged)
    # Cells a merge hides read blank: the merge is their problem, not a missing value.
    hidden = {
        (r, c)
        for rng in sheet.merged
        for r in range(rng.min_row, min(rng.max_row, sheet.max_row) + 1)
        for c in layout.columns.values()
        if rng.min_col <= c <= rng.max_col and (r, c) != (rng.min_row, rng.min_col)
    }
    checker = RowChecker(layout, epoch)
    for number in range(2, sheet.max_row + 1):
        checked = checker.check_row(number, sheet.grid[number - 1])
        if checked is None:
            continue  # a blank row
        table.checked += 1
        typed, found = checked
        table.rows[number] = typed
        if number in merged_rows:
            found = [p for p in found if not (
                p.type is ProblemType.MISSING_CELL and (number, p.column_index) in hidden)]
            table.bad_rows.add(number)
        if found:
            problems.extend(found)
            table.bad_rows.add(number)
    return table, problems


def check_fields(layout: SheetLayout, epoch: date) -> tuple[dict[str, Any], list[Problem]]:
    """The typed values of a Field | Value sheet, by key, and its problems."""
    sheet = layout.sheet
    value_column = layout.columns.get(VALUE_HEADER)
    if sheet is None or value_column is None or FIELD_HEADER not in layout.columns:
        return {}, []
    raw = {}
    for key, number in layout.field_rows.items():
        row = sheet.row(number)
        raw[key] = row[value_column - 1] if value_column <= len(row) else None
    return RowChecker(layout, epoch).check(0, (), raw_of=raw)
