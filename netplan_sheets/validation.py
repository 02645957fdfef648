"""Validating a whole workbook: each sheet on its own (:mod:`~netplan_sheets.sheet_checks`),
then the checks across sheets (:mod:`~netplan_sheets.cross_sheet_checks`).

The result is a :class:`ValidationReport`: the problems (typed records) and the
:class:`~netplan_sheets.rows.Plan` of rows that are fit for the computations.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Any

from netplan_sheets.cells import shown
from netplan_sheets.cross_sheet_checks import cross_sheet_checks
from netplan_sheets.layout import SheetLayout, find_layout
from netplan_sheets.model import RawWorkbook
from netplan_sheets.problems import Problem, ProblemType
from netplan_sheets.renamed_columns import renamed_columns
from netplan_sheets.rows import RECORD_TYPES, Plan, Settings, make_record
from netplan_sheets.schema import VALUE_HEADER, Layout, SheetSchema, input_schemas
from netplan_sheets.sheet_checks import SheetRows, check_fields, check_table, structure_problems


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
        problems.extend(structure_problems(layout))
        problems.extend(renamed_columns(layout))
        if schema.layout is Layout.FIELDS:
            values, found = check_fields(layout, workbook.epoch)
            singles[schema.key] = values
            if schema.key == "settings":
                found = [_default_used(p, schema) for p in found]
            problems.extend(found)
        else:
            table, found = check_table(layout, workbook.epoch)
            tables[schema.key] = table
            problems.extend(found)
    settings, found = _settings(singles["settings"], layouts["settings"])
    problems.extend(found)
    kept, found = cross_sheet_checks(tables)
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
        problems.append(layout.problem(
            ProblemType.INVALID_SETTING,
            "all six mentor weights are 0; at least one must be above 0, so the default "
            "weights are used", row, layout.columns.get(VALUE_HEADER) if row else None, 0,
            header=layout.schema.column(weights[0]).title))
        values = {k: v for k, v in values.items() if k not in weights}
    settings: Settings = make_record(Settings, values)
    return settings, problems
