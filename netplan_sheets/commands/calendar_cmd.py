"""netplan calendar: the follow-ups you owe as an .ics file for your calendar."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import click

from netplan_sheets.commands.common import (
    as_of_option,
    credentials_option,
    finish,
    output_options,
)

if TYPE_CHECKING:
    from netplan_sheets.calendar_export import CalendarExport


@click.command(short_help="Write your follow-ups to a calendar file (.ics).",
               epilog="Example: netplan calendar plan.xlsx --out follow-ups.ics")
@click.argument("source")
@click.option("--out", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The .ics file to write (replaced if it is an earlier export).")
@as_of_option("Evaluate the plan on this date instead of Settings' As Of or today.")
@credentials_option
@output_options
def calendar(source: str, out: Path, as_of: date | None, credentials: str | None,
             as_json: bool) -> None:
    """Write the plan's follow-ups and next review as all-day calendar events.

    SOURCE is an .xlsx file or a Google Sheets URL or key; it is only read. Overdue
    follow-ups are placed on the as-of date. Each event keeps its UID from one export to
    the next, so importing the file again updates events instead of duplicating them.
    Exit code 0: written; 1: written, but rows with problems were left out; 2: the plan
    could not be read or the file not written.
    """
    from netplan_sheets.calendar_export import export_source_calendar  # icalendar: lazily

    result = export_source_calendar(source, out, as_of, credentials)
    finish(as_json, result.to_dict(), lambda: render_calendar(result), not result.problems)


def render_calendar(result: CalendarExport) -> str:
    from netplan_sheets.wording import plural

    count = len(result.events)
    coming = count - result.overdue
    head = (f"{result.output}: {plural(count, 'event')} as of "
            f"{result.as_of.isoformat()} ({result.overdue} overdue, placed on "
            f"{result.as_of.isoformat()}; {coming} coming up)")
    if not result.problems:
        return head
    return (f"{head}\n{plural(result.problems, 'problem')} in the plan; rows with problems "
            "were left out (netplan validate lists them)")
