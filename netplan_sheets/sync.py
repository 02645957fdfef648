"""netplan sync as a library call: validate, compute, write back.

:func:`sync_xlsx` reads a local workbook, validates it, computes the results as of a date
and writes them back into the same workbook (or into ``output``), safely: refusing content
openpyxl would lose, holding the workbook's lock, and replacing the file atomically.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from netplan_sheets.backends.atomic import atomic_write, remove_stale_temps, sync_lock
from netplan_sheets.backends.formula_values import restore_formula_values
from netplan_sheets.backends.xlsx_book import formula_cells, raw_workbook, saved_formula_values
from netplan_sheets.backends.xlsx_read import load
from netplan_sheets.backends.xlsx_write import apply_writeback
from netplan_sheets.compute import Results, compute
from netplan_sheets.errors import UnsafeToOverwrite
from netplan_sheets.package import open_package
from netplan_sheets.preservation import refusal_message, unsupported_content
from netplan_sheets.schema import input_schemas
from netplan_sheets.validation import ValidationReport, validate
from netplan_sheets.writeback import plan_writeback


@dataclass
class SyncResult:
    source: str
    output: str | None  # where results were written; None for a dry run or no change
    dry_run: bool
    changed_cells: int
    report: ValidationReport
    results: Results

    @property
    def valid(self) -> bool:
        return self.report.valid

    def summary(self) -> str:
        return summary_line(self.results)

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "output": self.output,
            "dry_run": self.dry_run,
            "changed_cells": self.changed_cells,
            "summary": self.summary(),
            "validation": self.report.to_dict(),
            "results": self.results.to_dict(),
        }


def summary_line(results: Results) -> str:
    """'5 goals: 3 on track, 1 behind, 1 done · 7 follow-ups overdue · top mentor ...'"""
    s = results.summary
    counts = [f"{n} {status.value.lower()}" for status, n in s.goals_by_status.items() if n]
    goals = f"{s.goals_total} goal{'s' if s.goals_total != 1 else ''}"
    parts = [f"{goals}: {', '.join(counts)}" if counts else goals]
    parts.append(f"{s.followups_overdue} follow-up{'s' if s.followups_overdue != 1 else ''} "
                 f"overdue, {s.followups_due_soon} due soon")
    if results.shortlist:
        top = results.shortlist[0]
        parts.append(f"top mentor candidate: {top.name} ({top.score:.1f})")
    else:
        parts.append("no mentor candidates yet")
    return " · ".join(parts)


def resolve_as_of(option: date | None, report: ValidationReport, today: date) -> date:
    return option or report.plan.settings.as_of or today


def sync_xlsx(
    path: Path,
    as_of: date | None = None,
    dry_run: bool = False,
    output: Path | None = None,
    today: date | None = None,
) -> SyncResult:
    package = open_package(path)
    reasons = unsupported_content(package)
    if reasons and output is None and not dry_run:
        raise UnsafeToOverwrite(refusal_message(path, reasons))
    target = output or path
    with sync_lock(target):
        if not dry_run:
            remove_stale_temps(target)
        book = load(path, read_only=False, data_only=False)
        saved = saved_formula_values(path, formula_cells(book))
        raw = raw_workbook(book, str(path), [s.title for s in input_schemas()], saved)
        report = validate(raw)
        results = compute(report.plan, resolve_as_of(as_of, report, today or date.today()))
        changed = apply_writeback(book, plan_writeback(report, results), report.layouts)
        written = None
        if not dry_run and (changed or output is not None):

            def write(temp: Path) -> None:
                book.save(temp)
                restore_formula_values(temp, saved, raw.epoch)

            atomic_write(target, write)
            written = str(target)
    return SyncResult(str(path), written, dry_run, changed, report, results)


