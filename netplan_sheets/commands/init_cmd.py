"""netplan init: write a blank plan workbook (or Google Sheet), generated from the schemas."""

from __future__ import annotations

import click

from netplan_sheets.commands.common import credentials_option, finish, output_options


@click.command(epilog="Example: netplan init plan.xlsx && netplan validate plan.xlsx\n\n"
                      "Example: netplan init --google 'My plan' --share me@example.com")
@click.argument("path", required=False)
@click.option("--force", is_flag=True, help="Overwrite PATH if it already exists.")
@click.option("--google", "google_title", metavar="TITLE", default=None,
              help="Create a Google Sheet with this title instead of an .xlsx file.")
@click.option("--share", multiple=True, metavar="EMAIL",
              help="With --google: share the new sheet with EMAIL as an editor (repeatable).")
@click.option("--folder", metavar="ID", default=None,
              help="With --google: the Drive folder to create the sheet in.")
@credentials_option
@output_options
def init(path: str | None, force: bool, google_title: str | None, share: tuple[str, ...],
         folder: str | None, credentials: str | None, as_json: bool) -> None:
    """Write a blank plan with dropdowns, date rules and instructions.

    PATH is the .xlsx file to create; an existing file is kept unless --force is given.
    With --google TITLE, a Google Sheet is created instead and its address printed.
    """
    if (path is None) == (google_title is None):
        raise click.UsageError("give either PATH (an .xlsx file) or --google TITLE")
    if google_title is None and (share or folder):
        raise click.UsageError("--share and --folder go with --google")
    if google_title is not None:
        from netplan_sheets.workbooks import create_google_plan

        made = create_google_plan(google_title, share, folder, credentials)
        shared = f"; shared with {', '.join(made.shared_with)}" if made.shared_with else ""
        finish(as_json, made.to_dict(),
               lambda: f"Created {made.url}{shared}. Fill it in, then run: netplan validate "
                       f"{made.url}")
        return
    from netplan_sheets.template import write_template

    assert path is not None
    result = write_template(path, force=force)
    finish(as_json, result.to_dict(),
           lambda: f"Wrote {result.path} (template version {result.template_version}). "
                   f"Fill it in, then run: netplan validate {result.path}")
