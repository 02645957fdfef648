"""netplan cohort: hand a program's participants their plans, sync them all, report."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import click

from netplan_sheets.cell_text import cell_safe
from netplan_sheets.commands.common import (
    as_of_option,
    credentials_option,
    finish,
    output_options,
)

# Kept here, not imported from cohort.suppression: loading the cohort package would slow
# every command's start; test_cli checks this value is the library's default.
DEFAULT_THRESHOLD = 3

if TYPE_CHECKING:
    from netplan_sheets.backends.google_http import NetplanClient
    from netplan_sheets.cohort import (
        AggregateReport,
        CohortReport,
        CohortSyncResult,
        InitResult,
    )

FILE = click.Path(dir_okay=False, path_type=Path)


@click.group(epilog="Example: netplan cohort init roster.csv --program program.json "
                    "--out spring-cohort")
def cohort() -> None:
    """Run a networking-plan program for a cohort: init, sync, report."""


@cohort.command(short_help="Make a pre-filled workbook for each roster participant.",
                epilog="Example: netplan cohort init roster.csv --program program.json "
                       "--out spring-cohort\n\n"
                       "Example: netplan cohort init roster.csv --program program.json "
                       "--out spring-cohort --google --folder FOLDER_ID")
@click.argument("roster", type=FILE)
@click.option("--program", "program_file", required=True, type=FILE,
              help="The program file (program.json, or .yaml with PyYAML installed).")
@click.option("--out", "folder", required=True,
              type=click.Path(file_okay=False, path_type=Path),
              help="The cohort folder: workbooks (or, with --google, their links) and "
                   "manifest.json go here.")
@click.option("--google", is_flag=True,
              help="Make Google Sheets instead of .xlsx files, each shared as an editor with "
                   "its participant and the program's coordinators only.")
@click.option("--folder", "drive_folder", metavar="ID", default=None,
              help="With --google: the Drive folder to create the sheets in.")
@credentials_option
@output_options
def init(roster: Path, program_file: Path, folder: Path, google: bool,
         drive_folder: str | None, credentials: str | None, as_json: bool) -> None:
    """Make one pre-filled plan workbook per roster participant, and a manifest.

    ROSTER is a CSV with the columns Name, Email and optionally Group. Running it again
    adds only new participants (matched by email); existing workbooks are never
    overwritten, and an interrupted run is finished where it stopped.
    """
    from netplan_sheets.cohort import init_cohort

    if not google and (drive_folder or credentials):
        raise click.UsageError("--folder and --credentials go with --google")
    maker = None
    if google:
        from netplan_sheets.cohort.google_workbooks import cohort_client, google_maker

        maker = google_maker(cohort_client(credentials), drive_folder)
    result = init_cohort(roster, program_file, folder, maker)
    finish(as_json, result.to_dict(), lambda: render_init(result, google))


def render_init(result: InitResult, google: bool = False) -> str:
    from netplan_sheets.wording import plural

    made = len(result.created)
    kind = "Google Sheet" if google else "workbook"
    lines = [f"{result.program}: {plural(made, 'new ' + kind)}, "
             f"{plural(result.already_there, 'participant')} already there; "
             f"{result.participants} in {result.manifest}"]
    lines.extend(f"  {entry.workbook}  ({entry.name})" for entry in result.created)
    lines.extend(f"  {entry.name}: group is now {entry.group or 'none'}"
                 for entry in result.regrouped)
    lines.extend(f"  {cell_safe(entry.name)!r}: left out (the manifest held it where nothing "
                 "may be made: a name or group no cell can hold, or a workbook outside the "
                 "cohort's folder; nothing was made for it)" for entry in result.dropped)
    handing = ("Send each participant their link (Google sends no email)" if google
               else "Hand each participant their workbook")
    lines.append(f"{handing}; later run: netplan cohort sync {result.manifest}")
    return "\n".join(lines)


@cohort.command(short_help="Sync every participant's workbook.",
                epilog="Example: netplan cohort sync spring-cohort/manifest.json --workers 4")
@click.argument("manifest", type=click.Path(path_type=Path))
@as_of_option("Evaluate every plan on this date instead of each plan's Settings As Of or "
              "today.")
@click.option("--workers", type=click.IntRange(min=1), default=None,
              help="How many .xlsx workbooks to sync at once (default: the number of CPU "
                   "cores).")
@credentials_option
@output_options
def sync(manifest: Path, as_of: date | None, workers: int | None, credentials: str | None,
         as_json: bool) -> None:
    """Sync every participant's workbook and summarise the outcomes.

    MANIFEST is the cohort's manifest.json (or its folder). A workbook that cannot be
    synced is reported and the others are synced regardless. Google Sheets are synced one
    at a time, paced to stay within Google's 60 requests a minute. Exit code 0: all synced
    cleanly; 1: some participant's workbook had problems or could not be synced.
    """
    from netplan_sheets.cohort import load_manifest, sync_cohort

    loaded = load_manifest(manifest)
    hidden = as_json or not sys.stderr.isatty()

    def google() -> NetplanClient:
        from netplan_sheets.cohort.google_workbooks import cohort_client

        return cohort_client(credentials)

    with click.progressbar(length=len(loaded.participants), label="Syncing", file=sys.stderr,
                           hidden=hidden) as bar:
        result = sync_cohort(loaded, as_of, workers, progress=lambda _outcome: bar.update(1),
                             google=google)
    finish(as_json, result.to_dict(), lambda: render_sync(result), result.ok)


def render_sync(result: CohortSyncResult) -> str:
    from netplan_sheets.wording import plural

    header = ("#", "Name", "Group", "Status", "Done", "On track", "Behind", "Missed",
              "Overdue", "Problems")
    table: list[tuple[str, ...]] = [header]
    notes = []
    for row in result.rows:
        f = row.outcome.figures
        numbers = (f.goals.goals_done, f.goals.goals_on_track, f.goals.goals_behind,
                   f.goals.goals_missed, f.followups_overdue, f.problems) if f else ("",) * 6
        table.append((str(row.number), _clip(cell_safe(row.entry.name)),
                      _clip(cell_safe(row.entry.group or "")),
                      str(row.outcome.status), *(str(n) for n in numbers)))
        if row.outcome.error:
            notes.append(f"  #{row.number} {row.entry.workbook}: {row.outcome.error}")
    widths = [max(len(line[i]) for line in table) for i in range(len(header))]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True))
             .rstrip() for line in table]
    counts = result.counts()
    lines.append("")
    lines.append(f"{result.program}: {len(result.rows)} participants: {counts['synced']} "
                 f"synced, {counts['problems']} with problems, {counts['failed']} failed "
                 f"({plural(result.workers, 'worker')})")
    if notes:
        lines.append("Not synced (run netplan sync on the workbook to see why):")
        lines.extend(notes)
    return "\n".join(lines)


def _clip(text: str, width: int = 28) -> str:
    return text if len(text) <= width else text[:width - 1] + "…"


@cohort.command(short_help="Write the cohort report: figures only, no private text.",
                epilog="Example: netplan cohort report spring-cohort/manifest.json "
                       "--out report.xlsx\n\n"
                       "Example: netplan cohort report spring-cohort/manifest.json "
                       "--aggregate-only --out figures-to-share.xlsx")
@click.argument("manifest", type=click.Path(path_type=Path))
@click.option("--out", type=FILE, default=None,
              help="Write the report workbook (.xlsx) here.")
@click.option("--aggregate-only", is_flag=True,
              help="Leave out every participant's row and hide small groups (with enough "
                   "others that they cannot be worked out from the totals): the report to "
                   "share beyond the coordinators.")
@click.option("--threshold", type=click.IntRange(min=2), default=None,
              help=f"With --aggregate-only: hide groups with fewer participants who synced "
                   f"than this (default {DEFAULT_THRESHOLD}).")
@output_options
def report(manifest: Path, out: Path | None, aggregate_only: bool, threshold: int | None,
           as_json: bool) -> None:
    """Report the cohort from its latest sync, with figures only (nothing a participant
    typed: no contacts, notes or summaries).

    By default, the coordinator's report: one row per participant by name, and totals by
    Group; for the program's coordinators only. With --aggregate-only, the report to share
    beyond them: group and cohort totals only, groups of fewer than --threshold hidden.
    """
    from netplan_sheets.cohort import (
        build_aggregate_report,
        build_report,
        load_manifest,
        write_report_xlsx,
    )

    if out is None and not as_json:
        raise click.UsageError("give --out report.xlsx, or --json (or both)")
    if threshold is not None and not aggregate_only:
        raise click.UsageError("--threshold goes with --aggregate-only")
    loaded = load_manifest(manifest)
    result: CohortReport | AggregateReport = (
        build_aggregate_report(loaded, threshold or DEFAULT_THRESHOLD) if aggregate_only
        else build_report(loaded))
    if out is not None:
        write_report_xlsx(result, out)
    finish(as_json, result.to_dict(), lambda: render_report(result, out))


def render_report(result: CohortReport | AggregateReport, out: Path | None) -> str:
    from netplan_sheets.cohort import AggregateReport
    from netplan_sheets.wording import plural

    groups = plural(len(result.groups), "group")
    if isinstance(result, AggregateReport):
        hidden = sum(1 for g in (*result.groups, result.overall) if not g.shown)
        return (f"Wrote {out}: figures of {groups} and all {result.participants} "
                f"participants, no participant's own row; {hidden} hidden (threshold "
                f"{result.threshold}). Fit to share beyond the coordinators.")
    statuses: dict[str, int] = {}
    for line in result.participants:
        statuses[str(line.status)] = statuses.get(str(line.status), 0) + 1
    shown = ", ".join(f"{n} {status}" for status, n in statuses.items())
    return (f"Wrote {out}: {len(result.participants)} participants ({shown}); {groups}. "
            "For the program's coordinators only (to share beyond them: --aggregate-only).")
