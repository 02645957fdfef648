"""``netplan import`` as one library call: read the plan, read the files, merge, write.

:func:`import_into` works on any :class:`~netplan_sheets.backends.base.ImportTarget`;
:func:`import_files` opens one from what the user named (a path or a Google Sheet) with
:func:`~netplan_sheets.workbooks.open_plan`, as every command does.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from netplan_sheets.backends.base import ImportTarget
from netplan_sheets.errors import BadInput
from netplan_sheets.imports.files import FileProgress, read_import_file
from netplan_sheets.imports.ical import Window
from netplan_sheets.imports.merge import FileOutcome, MergeOptions, plan_import
from netplan_sheets.imports.records import FileKind, ImportProblem
from netplan_sheets.input_edits import InputEdits
from netplan_sheets.labels import Relationship
from netplan_sheets.validation import validate

# (file name, lines read, lines in the file): how far reading a large file has got.
ImportProgress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class ImportOptions:
    format: FileKind | None = None  # None: recognise each file from its content
    relationship: Relationship = Relationship.OTHER
    since: dt.date | None = None  # None: one year before the as-of date
    as_of: dt.date | None = None  # None: Settings' As Of, else today
    dry_run: bool = False
    today: dt.date | None = None  # for tests: the date taken as today
    progress: ImportProgress | None = None


@dataclass(frozen=True)
class ImportResult:
    source: str
    output: str | None  # where the rows were written; None for a dry run or no change
    dry_run: bool
    as_of: dt.date
    since: dt.date
    changed_cells: int
    files: tuple[FileOutcome, ...]
    edits: tuple[InputEdits, ...]
    skipped: dict[str, dict[str, int]]  # sheet title -> missing column title -> values

    @property
    def problems(self) -> list[ImportProblem]:
        return [p for f in self.files for p in f.problems]

    @property
    def ok(self) -> bool:
        return not self.problems

    def rows_added(self, sheet_key: str) -> int:
        return sum(e.appended_rows for e in self.edits if e.sheet_key == sheet_key)

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "output": self.output,
            "dry_run": self.dry_run,
            "as_of": self.as_of.isoformat(),
            "since": self.since.isoformat(),
            "changed_cells": self.changed_cells,
            "contacts_added": self.rows_added("contacts"),
            "interactions_added": self.rows_added("interactions"),
            "skipped_columns": self.skipped,
            "files": [f.to_dict() for f in self.files],
            "problem_count": len(self.problems),
        }


def year_before(day: dt.date) -> dt.date:
    """The same date a year earlier (28 February for 29 February)."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


def import_into(target: ImportTarget, paths: Sequence[Path],
                options: ImportOptions = ImportOptions()) -> ImportResult:
    """Bring the files at ``paths`` into the plan ``target`` holds, filling only blank
    cells and appending rows; nothing is written on a dry run."""
    workbook = target.read()
    report = validate(workbook)
    as_of = options.as_of or report.plan.settings.as_of or options.today or dt.date.today()
    since = options.since or year_before(as_of)
    if since > as_of:
        raise BadInput(f"--since {since.isoformat()} is after the as-of date "
                       f"{as_of.isoformat()}: no event could be imported")
    me = report.plan.profile.email
    parsed = [read_import_file(path, Window(since, as_of), me, options.format,
                               _per_file(options.progress, str(path)))
              for path in paths]
    plan = plan_import(report.layouts, workbook.epoch, parsed,
                       MergeOptions(options.relationship, as_of, me))
    changed, written = target.apply_input_edits(plan.edits, report.layouts, options.dry_run)
    return ImportResult(target.source, written, options.dry_run, as_of, since, changed,
                        plan.files, plan.edits, plan.skipped)


def _per_file(progress: ImportProgress | None, name: str) -> FileProgress | None:
    if progress is None:
        return None

    def report(done: int, total: int) -> None:
        progress(name, done, total)

    return report


def import_files(source: str, paths: Sequence[Path], options: ImportOptions = ImportOptions(),
                 credentials: str | None = None, force: bool = False) -> ImportResult:
    """Import into the plan at ``source``: an .xlsx path, or a Google Sheets URL or key;
    ``force`` writes a local plan even when it looks open in a spreadsheet app."""
    from netplan_sheets.workbooks import open_plan

    with open_plan(source, credentials=credentials, dry_run=options.dry_run,
                   force=force) as target:
        return import_into(target, paths, options)
