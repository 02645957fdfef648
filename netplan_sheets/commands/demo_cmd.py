"""netplan demo: write a filled-in sample plan and sync it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from netplan_sheets.cli import finish, output_options
from netplan_sheets.commands.sync_cmd import AS_OF, render_sync
from netplan_sheets.demo import write_demo
from netplan_sheets.sync import sync_xlsx


@click.command(short_help="Write a sample plan and sync it.",
               epilog="Example: netplan demo ~/netplan-demo")
@click.argument("folder", default="netplan-demo",
                type=click.Path(file_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Replace an earlier demo plan in FOLDER.")
@click.option("--as-of", type=AS_OF, default=None,
              help="Date the sample plan is built around and synced on (default: today).")
@output_options
def demo(folder: Path, force: bool, as_of: object, as_json: bool) -> None:
    """Build a realistic sample plan in FOLDER (default ./netplan-demo) and sync it.

    Prints the summary and the path of the workbook to open.
    """
    day = as_of.date() if hasattr(as_of, "date") else date.today()
    path = write_demo(folder, day, force=force)
    result = sync_xlsx(path, as_of=day)
    finish(as_json, result.to_dict(),
           lambda: f"{render_sync(result)}\n\nOpen {path.resolve()} to see the Dashboard, "
                   "Follow-ups and Mentor Shortlist sheets.", result.valid)
