"""Validating a whole workbook: every sheet, every row, then the checks across sheets.

The result is a :class:`ValidationReport`: the problems (typed records) and the
:class:`~netplan_sheets.rows.Plan` of rows that are fit for the computations.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from typing import Any

from netplan_sheets.cells import shown
from netplan_sheets.checks import RowChecker, merged_problems, problem
from netplan_sheets.layout import SheetLayout, find_layout
from netplan_sheets.model import RawWorkbook
from netplan_sheets.problems import Problem, ProblemType
from netplan_sheets.references import check_references
from netplan_sheets.renamed_columns import renamed_columns
from netplan_sheets.rows import RECORD_TYPES, Plan, Settings, make_record
from netplan_sheets.schema import (
    FIELD_HEADER,
    VALUE_HEADER,
    Layout,
    SheetSchema,
    input_schemas,
)


@dataclass
class SheetRows:
    """One table sheet after its own checks: typed values by row number."""

    layout: SheetLayout
    rows: dict[int, dict[str, Any]] = field(default_factory=dict)  # every non-blank row
    bad_rows: set[int] = field(default_factory=set)  # rows with a problem of their own
    checked: int = 0  # non-blank rows
    readable: bool = True  # False: the sheet or a required column is missing, no row was read


@dataclass
class ValidationReport:
    source: str
    problems: list[Problem]
    plan: Plan
    layouts: dict[str, SheetLayout]  # by schema key
    rows_checked: dict[str, int]
    kept_rows: dict[str, list[int]]  # by schema key: row numbers used by the computations

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]

    @property
    def valid(self) -> bool:
        """No errors; warnings leave the plan valid."""
        return not self.errors

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "valid": self.valid,
            "problem_count": len(self.problems),
            "error_count": len(self.errors),
            "warning_count": len(self.warnings),
            "rows_checked": self.rows_checked,
            "problems": [p.to_dict() for p in self.problems],
        }


def validate(workbook: RawWorkbook) -> ValidationReport:
    layouts: dict[str, SheetLayout] = {}
    problems: list[Problem] = []
    tables: dict[str, SheetRows] = {}
    singles: dict[str, dict[str, Any]] = {}
    for schema in input_schemas():
        layout = find_layout(schema, workbook.find(schema.title))
        layouts[schema.key] = layout
        problems.extend(_structure_problems(layout))
        problems.extend(renamed_columns(layout))
        if schema.layout is Layout.FIELDS:
            values, found = _check_fields(layout, workbook)
            singles[schema.key] = values
            if schema.key == "settings":
                found = [_default_used(p, schema) for p in found]
            problems.extend(found)
        else:
            table, found = _check_table(layout, workbook)
            tables[schema.key] = table
            problems.extend(found)
    settings, found = _settings(singles["settings"], layouts["settings"])
    problems.extend(found)
    kept, found = check_references(tables)
    problems.extend(found)
    order = {s.key: s.order for s in input_schemas()}
    titles = {layout.title: order[key] for key, layout in layouts.items()}
    problems.sort(key=lambda p: (titles.get(p.sheet, 99), p.row or 0, p.column_index or 0))
    plan = Plan(
        profile=make_record(RECORD_TYPES["profile"], singles["profile"]),
        settings=settings,
        **{
            key: tuple(make_record(RECORD_TYPES[key], tables[key].rows[n], n) for n in rows)
            for key, rows in kept.items()
        },
    )
    return ValidationReport(
        source=workbook.source,
        problems=problems,
        plan=plan,
        layouts=layouts,
        rows_checked={key: t.checked for key, t in tables.items()},
        kept_rows=kept,
    )


def _structure_problems(layout: SheetLayout) -> list[Problem]:
    schema = layout.schema
    if layout.sheet is None:
        return [problem(layout, ProblemType.MISSING_SHEET,
                        f"the sheet {schema.title} is missing; add it back (netplan init "
                        "writes a fresh template to copy it from)")]
    found = [
        problem(layout, ProblemType.DUPLICATE_COLUMN,
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
        found.append(problem(layout, ProblemType.MISSING_COLUMN,
                             f"the column {title} is missing or renamed; its header must read "
                             f'"{title}"', header=title))
    return found


def _check_table(layout: SheetLayout, workbook: RawWorkbook) -> tuple[SheetRows, list[Problem]]:
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
    checker = RowChecker(layout, workbook.epoch)
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


def _check_fields(
    layout: SheetLayout, workbook: RawWorkbook
) -> tuple[dict[str, Any], list[Problem]]:
    sheet = layout.sheet
    value_column = layout.columns.get(VALUE_HEADER)
    if sheet is None or value_column is None or FIELD_HEADER not in layout.columns:
        return {}, []
    raw = {}
    for key, number in layout.field_rows.items():
        row = sheet.row(number)
        raw[key] = row[value_column - 1] if value_column <= len(row) else None
    return RowChecker(layout, workbook.epoch).check(0, (), raw_of=raw)


def _default_used(found: Problem, schema: SheetSchema) -> Problem:
    defaults = {c.title: c.default for c in schema.columns}
    default = defaults.get(found.column or "")
    shown_default = "today" if default is None else shown(default)
    return replace(found, message=f"{found.message}; the default ({shown_default}) is used")


def _settings(values: dict[str, Any], layout: SheetLayout) -> tuple[Settings, list[Problem]]:
    """Settings with defaults for blank or invalid values (invalid ones are already problems)."""
    weights = [f.name for f in fields(Settings) if f.name.startswith("weight_")]
    problems: list[Problem] = []
    if all(values.get(w, 1) == 0 for w in weights):
        row = layout.field_rows.get(weights[0])
        problems.append(problem(
            layout, ProblemType.INVALID_SETTING,
            "all six mentor weights are 0; at least one must be above 0, so the default "
            "weights are used", row, layout.columns.get(VALUE_HEADER) if row else None, 0,
            header=layout.schema.column(weights[0]).title))
        values = {k: v for k, v in values.items() if k not in weights}
    settings: Settings = make_record(Settings, values)
    return settings, problems
