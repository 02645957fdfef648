"""netplan validate: report every problem in a plan, cell by cell."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from netplan_sheets.commands.common import credentials_option, finish, output_options

if TYPE_CHECKING:
    from netplan_sheets.problems import Problem


@click.command(epilog="Example: netplan validate plan.xlsx --json")
@click.argument("source")
@credentials_option
@output_options
def validate(source: str, credentials: str | None, as_json: bool) -> None:
    """List every problem in a plan, cell by cell.

    SOURCE is an .xlsx file or a Google Sheets URL or key. Every sheet is checked
    against the schemas. Warnings (a header that looks like a renamed column) are listed
    but leave the plan valid. Exit code 0: valid; 1: problems found; 2: the plan could not be
    read.
    """
    from netplan_sheets.workbooks import validate_source

    report = validate_source(source, credentials)
    finish(as_json, report.to_dict(),
           lambda: render_problems(report.source, report.problems, report.rows_checked),
           report.valid)


def render_problems(source: str, problems: list[Problem], rows: dict[str, int]) -> str:
    from netplan_sheets.wording import plural

    checked = sum(rows.values())
    errors = sum(1 for p in problems if p.is_error)
    warned = len(problems) - errors
    warnings = plural(warned, "warning") if warned else ""
    if not problems:
        return f"{source}: the plan is valid ({checked} rows checked)."
    if not errors:
        head = f"{source}: the plan is valid, with {warnings} ({checked} rows checked)"
    else:
        head = (f"{source}: {plural(errors, 'problem')}"
                f"{', ' + warnings if warnings else ''} ({checked} rows checked)")
    lines = [head]
    sheet = None
    for found in problems:
        if found.sheet != sheet:
            sheet = found.sheet
            lines.append(f"\n{sheet}")
        lines.append(f"  {found.one_line()}")
    return "\n".join(lines)
