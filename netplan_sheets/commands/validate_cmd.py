"""netplan validate: report every problem in a plan, cell by cell."""

from __future__ import annotations

import sys

import click

from netplan_sheets.cli import credentials_option, emit_json, output_options
from netplan_sheets.problems import Problem
from netplan_sheets.workbooks import validate_source


@click.command(epilog="Example: netplan validate plan.xlsx --json")
@click.argument("source")
@credentials_option
@output_options
def validate(source: str, credentials: str | None, as_json: bool) -> None:
    """List every problem in a plan, cell by cell.

    SOURCE is an .xlsx file or a Google Sheets URL or key. Every sheet is checked
    against the schemas. Exit code 0: valid; 1: problems found; 2: the plan could not be
    read.
    """
    report = validate_source(source, credentials)
    if as_json:
        emit_json(report.to_dict())
    else:
        click.echo(render_problems(report.source, report.problems, report.rows_checked))
    sys.exit(0 if report.valid else 1)


def render_problems(source: str, problems: list[Problem], rows: dict[str, int]) -> str:
    checked = sum(rows.values())
    if not problems:
        return f"{source}: the plan is valid ({checked} rows checked)."
    lines = [f"{source}: {len(problems)} problem{'s' if len(problems) != 1 else ''} "
             f"({checked} rows checked)"]
    sheet = None
    for found in problems:
        if found.sheet != sheet:
            sheet = found.sheet
            lines.append(f"\n{sheet}")
        lines.append(f"  {found.one_line()}")
    return "\n".join(lines)
