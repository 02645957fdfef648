"""netplan sync as a library call: validate, compute, write back.

:func:`sync_plan` runs on any :class:`~netplan_sheets.backends.base.PlanBackend`;
:func:`sync_source` opens one with :func:`~netplan_sheets.workbooks.open_plan` (a local
workbook, safely; or a Google Sheet) and runs it; :func:`sync_xlsx` is the same for a path.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from netplan_sheets.backends.base import PlanBackend
from netplan_sheets.compute import Results, compute
from netplan_sheets.errors import CannotPatch, GoogleSheetChanged
from netplan_sheets.validation import ValidationReport, validate
from netplan_sheets.wording import plural
from netplan_sheets.workbooks import open_plan
from netplan_sheets.writeback import plan_writeback


@dataclass
class SyncResult:
    source: str
    output: str | None  # where results were written; None for a dry run or no change
    dry_run: bool
    changed_cells: int
    report: ValidationReport
    results: Results
    warnings: list[str] = field(default_factory=list)

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
            "warnings": list(self.warnings),
            "validation": self.report.to_dict(),
            "results": self.results.to_dict(),
        }


def summary_line(results: Results) -> str:
    """'5 goals: 3 on track, 1 behind, 1 done · 7 follow-ups overdue · top mentor ...'"""
    s = results.summary
    counts = [f"{n} {status.value.lower()}" for status, n in s.goals_by_status.items() if n]
    goals = plural(s.goals_total, "goal")
    parts = [f"{goals}: {', '.join(counts)}" if counts else goals]
    parts.append(f"{plural(s.followups_overdue, 'follow-up')} overdue, "
                 f"{s.followups_due_soon} due soon")
    if results.shortlist:
        top = results.shortlist[0]
        parts.append(f"top mentor candidate: {top.name} ({top.score:.1f})")
    else:
        parts.append("no mentor candidates yet")
    return " · ".join(parts)


def sync_plan(backend: PlanBackend, as_of: date | None = None, dry_run: bool = False,
              today: date | None = None) -> SyncResult:
    report = validate(backend.read())
    day = as_of or report.plan.settings.as_of or today or date.today()
    results = compute(report.plan, day)
    changed, written = backend.write(plan_writeback(report, results), report.layouts, dry_run)
    return SyncResult(backend.source, written, dry_run, changed, report, results)


def sync_source(source: str, as_of: date | None = None, dry_run: bool = False,
                output: Path | None = None, credentials: str | None = None,
                force: bool = False, today: date | None = None) -> SyncResult:
    """Sync the plan at ``source``: an .xlsx path, or a Google Sheets URL or key.

    A Google Sheet whose rows someone sorted or inserted during the sync is read and synced
    again, once. A local workbook the surgical engine refuses (an array formula over a
    computed cell, say) is refused, unless the results go to a copy (``output``): the copy
    is then written through openpyxl, with a warning naming what openpyxl could not keep.
    """
    for attempt in (1, 2):
        try:
            with open_plan(source, credentials=credentials, output=output, dry_run=dry_run,
                           force=force) as plan:
                return sync_plan(plan, as_of, dry_run, today)
        except GoogleSheetChanged:
            if attempt == 2:
                raise
        except CannotPatch as refusal:
            if output is None:
                raise
            return _copy_with_openpyxl(Path(source), as_of, dry_run, output, today,
                                       refusal.detail)
    raise AssertionError("unreachable: the second attempt returns or raises")


def sync_xlsx(path: Path, as_of: date | None = None, dry_run: bool = False,
              output: Path | None = None, today: date | None = None,
              force: bool = False) -> SyncResult:
    """:func:`sync_source` for a local workbook."""
    return sync_source(str(path), as_of, dry_run, output, force=force, today=today)


def _copy_with_openpyxl(path: Path, as_of: date | None, dry_run: bool, output: Path,
                        today: date | None, reason: str) -> SyncResult:
    from netplan_sheets.backends.xlsx_openpyxl import open_with_openpyxl
    from netplan_sheets.package import open_package
    from netplan_sheets.preservation import unsupported_content

    with open_with_openpyxl(path, output, dry_run) as fallback:
        result = sync_plan(fallback, as_of, dry_run, today)
    lost = unsupported_content(open_package(path))
    result.warnings.append(
        f"{output}: written with openpyxl, because {reason}"
        + (f"; the copy lacks {'; '.join(lost)}" if lost else ""))
    return result
