"""netplan sync: validate, compute and write the results back into the plan."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import click

from netplan_sheets.cli import credentials_option, finish, output_options
from netplan_sheets.sync import SyncResult, sync_source
from netplan_sheets.wording import plural

AS_OF = click.DateTime(formats=["%Y-%m-%d"])


@click.command(short_help="Write progress, follow-ups and mentor shortlist back.",
               epilog="Example: netplan sync plan.xlsx --as-of 2026-11-03")
@click.argument("source")
@click.option("--as-of", type=AS_OF, default=None,
              help="Evaluate the plan on this date (YYYY-MM-DD) instead of Settings' As Of "
                   "or today.")
@click.option("--dry-run", is_flag=True, help="Compute and report, but write nothing.")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write the synced workbook to this file and leave SOURCE untouched.")
@credentials_option
@output_options
def sync(source: str, as_of: datetime | None, dry_run: bool, output: Path | None,
         credentials: str | None, as_json: bool) -> None:
    """Write goal progress, follow-ups and mentor shortlist into a plan.

    SOURCE is an .xlsx file or a Google Sheets URL or key. Only the tool's own columns
    and sheets are written. Exit code 0: synced; 1: synced, but some rows had problems
    (see the Problems sheet); 2: the plan could not be read or written.
    """
    day: date | None = as_of.date() if as_of else None
    result = sync_source(source, as_of=day, dry_run=dry_run, output=output,
                         credentials=credentials)
    finish(as_json, result.to_dict(), lambda: render_sync(result), result.valid)


def render_sync(result: SyncResult) -> str:
    as_of = result.results.as_of.isoformat()
    if result.dry_run:
        head = f"{result.source}: dry run as of {as_of}; nothing was written"
    elif result.output is None:
        head = f"{result.source}: up to date as of {as_of}; nothing changed"
    else:
        head = f"{result.output}: synced as of {as_of}"
    lines = [head, result.summary()]
    problems = result.report.problems
    if problems:
        lines.append(f"{plural(len(problems), 'problem')}; rows with "
                     "problems were left out (see the Problems sheet):")
        lines.extend(f"  {p.one_line()}" for p in problems[:20])
        if len(problems) > 20:
            lines.append(f"  … and {len(problems) - 20} more")
    return "\n".join(lines)
