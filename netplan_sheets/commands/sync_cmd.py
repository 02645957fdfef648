"""netplan sync: validate, compute and write the results back into the plan."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from netplan_sheets.commands.common import (
    as_of_option,
    credentials_option,
    finish,
    output_options,
    render_sync,
)


@click.command(short_help="Write progress, follow-ups and mentor shortlist back.",
               epilog="Example: netplan sync plan.xlsx --as-of 2026-11-03")
@click.argument("source")
@as_of_option("Evaluate the plan on this date instead of Settings' As Of or today.")
@click.option("--dry-run", is_flag=True, help="Compute and report, but write nothing.")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write the synced workbook to this file and leave SOURCE untouched.")
@click.option("--force", is_flag=True,
              help="Overwrite an existing --output file, and write even when the workbook "
                   "looks open in Excel or LibreOffice (a lock file left by a crash).")
@credentials_option
@output_options
def sync(source: str, as_of: date | None, dry_run: bool, output: Path | None,
         force: bool, credentials: str | None, as_json: bool) -> None:
    """Write goal progress, follow-ups and mentor shortlist into a plan.

    SOURCE is an .xlsx file or a Google Sheets URL or key. Only the tool's own columns
    and sheets are written. Exit code 0: synced; 1: synced, but some rows had problems
    (see the Problems sheet); 2: the plan could not be read or written.
    """
    from netplan_sheets.sync import sync_source

    result = sync_source(source, as_of=as_of, dry_run=dry_run, output=output,
                         credentials=credentials, force=force)
    finish(as_json, result.to_dict(), lambda: render_sync(result), result.valid)
