"""netplan init: write a blank plan workbook, generated from the schemas."""

from __future__ import annotations

import click

from netplan_sheets.cli import emit_json, output_options
from netplan_sheets.template import write_template


@click.command(epilog="Example: netplan init plan.xlsx && netplan validate plan.xlsx")
@click.argument("path")
@click.option("--force", is_flag=True, help="Overwrite PATH if it already exists.")
@output_options
def init(path: str, force: bool, as_json: bool) -> None:
    """Write a blank networking-plan workbook (.xlsx) with dropdowns and instructions.

    PATH is the .xlsx file to create; an existing file is kept unless --force is given.
    """
    result = write_template(path, force=force)
    if as_json:
        emit_json(result.to_dict())
        return
    click.echo(f"Wrote {result.path} (template version {result.template_version}). "
               f"Fill it in, then run: netplan validate {result.path}")
