"""netplan import: bring contacts and meetings in from LinkedIn, address books, calendars."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from netplan_sheets.commands.common import (
    AS_OF,
    as_of_option,
    credentials_option,
    finish,
    output_options,
)
from netplan_sheets.imports.records import FileKind  # an enum: its values are the choices
from netplan_sheets.labels import Relationship

if TYPE_CHECKING:
    from netplan_sheets.imports.merge import FileOutcome
    from netplan_sheets.imports.run import ImportResult

LARGE_FILE_LINES = 5000  # a progress bar for files at least this long, on a terminal
SHOWN_PROBLEMS = 50


@click.command("import", short_help="Bring in contacts and meetings from LinkedIn, address "
                                    "books and calendars.",
               epilog="Example: netplan import plan.xlsx Connections.csv contacts.vcf "
                      "calendar.ics --dry-run")
@click.argument("plan")
@click.argument("files", nargs=-1, required=True,
                type=click.Path(dir_okay=False, path_type=Path))
@click.option("--format", "file_format", type=click.Choice([k.value for k in FileKind]),
              default=None, help="Read every FILE as this kind instead of recognising it: "
                                 "linkedin, google, outlook (contacts CSV), vcard or ics.")
@click.option("--relationship", type=click.Choice([r.value for r in Relationship],
                                                  case_sensitive=False),
              default=Relationship.OTHER.value, show_default=True, metavar="LABEL",
              help="Relationship of the new contacts: "
                   + ", ".join(r.value for r in Relationship) + ".")
@click.option("--since", type=AS_OF, default=None, metavar="YYYY-MM-DD",
              help="Import calendar events from this date (default: one year before the "
                   "as-of date).")
@as_of_option("Import calendar events up to this date, and date new contacts with it "
              "(default: Settings' As Of, else today).")
@click.option("--dry-run", is_flag=True, help="Report what would change, but write nothing.")
@click.option("--force", is_flag=True,
              help="Write even when the plan looks open in Excel or LibreOffice (a lock file "
                   "left by a crash).")
@credentials_option
@output_options
def import_(plan: str, files: tuple[Path, ...], file_format: str | None, relationship: str,
            since: date | None, as_of: date | None, dry_run: bool, force: bool,
            credentials: str | None, as_json: bool) -> None:
    """Add people and meetings from exported FILES to the plan PLAN.

    PLAN is an .xlsx file or a Google Sheets URL or key. FILES are LinkedIn's
    Connections.csv, Google or Outlook contacts CSV, vCard (.vcf) and calendar (.ics)
    exports, recognised by their content. A person already in Contacts (same email, else
    LinkedIn profile, else name) only gets their blank cells filled; your own cells are
    never changed. Calendar events with a contact become Meeting interactions. Exit code
    0: imported; 1: imported, but some rows could not be (listed with their lines); 2: a
    file or the plan could not be read or written.
    """
    from netplan_sheets.imports.run import ImportOptions, import_files  # the parsers: lazily

    options = ImportOptions(
        format=FileKind(file_format) if file_format else None,
        relationship=Relationship(relationship), since=since, as_of=as_of, dry_run=dry_run,
        progress=_ProgressBars() if sys.stderr.isatty() and not as_json else None)
    result = import_files(plan, files, options, credentials, force)
    finish(as_json, result.to_dict(), lambda: render_import(result), result.ok)


class _ProgressBars:
    """A progress bar on standard error for each large file, as it is read."""

    def __init__(self) -> None:
        self.bars: dict[str, Any] = {}
        self.done: dict[str, int] = {}

    def __call__(self, name: str, done: int, total: int) -> None:
        if total < LARGE_FILE_LINES:
            return
        bar = self.bars.get(name)
        if bar is None:
            bar = self.bars[name] = click.progressbar(length=total, label=Path(name).name,
                                                      file=sys.stderr)
        bar.update(done - self.done.get(name, 0))
        self.done[name] = done
        if done >= total:
            bar.render_finish()


def _plural(count: int, word: str, plural: str | None = None) -> str:
    return f"{count:,} {word if count == 1 else plural or word + 's'}"


def file_line(outcome: FileOutcome, result: ImportResult) -> str:
    if outcome.kind is FileKind.ICALENDAR:
        parts = [f"{outcome.with_contact:,} with a known contact",
                 _plural(outcome.new_interactions, "new interaction"),
                 f"{outcome.logged_interactions:,} already logged"]
        head = (f"{_plural(outcome.events, 'event')} from {result.since.isoformat()} to "
                f"{result.as_of.isoformat()}")
    else:
        parts = [_plural(outcome.new, "new contact"),
                 f"{outcome.filled:,} with blank cells filled",
                 f"{outcome.already:,} already there"]
        if outcome.repeated:
            parts.append(f"{outcome.repeated:,} listed twice (merged)")
        head = _plural(outcome.people, "person", "people")
    return f"{outcome.name}: {head}: {', '.join(parts)}"


def render_import(result: ImportResult) -> str:
    lines = [file_line(outcome, result) for outcome in result.files]
    for sheet, columns in result.skipped.items():
        for column, count in columns.items():
            lines.append(f"{sheet} has no {column} column: {_plural(count, 'value')} not "
                         "imported")
    problems = result.problems
    if problems:
        lines.append(f"{_plural(len(problems), 'row')} could not be imported:")
        lines.extend(f"  {p.one_line()}" for p in problems[:SHOWN_PROBLEMS])
        if len(problems) > SHOWN_PROBLEMS:
            lines.append(f"  … and {len(problems) - SHOWN_PROBLEMS:,} more (--json lists all)")
    added = (f"{_plural(result.rows_added('contacts'), 'contact')} and "
             f"{_plural(result.rows_added('interactions'), 'interaction')} added")
    cells = _plural(result.changed_cells, "cell")
    if result.dry_run:
        lines.append(f"{result.source}: dry run: {cells} would be written ({added}); "
                     "nothing was written")
    elif result.output is None:
        lines.append(f"{result.source}: nothing to import; nothing changed")
    else:
        lines.append(f"{result.output}: {cells} written ({added}); run netplan sync to "
                     "update your follow-ups")
    return "\n".join(lines)
