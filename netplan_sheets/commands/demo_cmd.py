"""netplan demo: write a filled-in sample plan and sync it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from netplan_sheets.commands.common import as_of_option, finish, output_options, render_sync


@click.command(short_help="Write a sample plan and sync it.",
               epilog="Example: netplan demo ~/netplan-demo")
@click.argument("folder", default="netplan-demo",
                type=click.Path(file_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Replace an earlier demo plan in FOLDER.")
@as_of_option("Date the sample plan is built around and synced on (default: today).")
@output_options
def demo(folder: Path, force: bool, as_of: date | None, as_json: bool) -> None:
    """Build a realistic sample plan in FOLDER (default ./netplan-demo) and sync it.

    Prints the summary and the path of the workbook to open.
    """
    from netplan_sheets.demo import write_demo
    from netplan_sheets.sync import sync_xlsx

    day = as_of or date.today()
    path = write_demo(folder, day, force=force)
    result = sync_xlsx(path, as_of=day)
    finish(as_json, result.to_dict(),
           lambda: f"{render_sync(result)}\n\nOpen {path.resolve()} to see the Dashboard, "
                   "Follow-ups and Mentor Shortlist sheets.", result.valid)
