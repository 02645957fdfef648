"""netplan schema: the column reference for people, generated from the schemas."""

from __future__ import annotations

import click

from netplan_sheets.commands.common import finish, output_options


@click.command(short_help="Show the columns of each sheet.",
               epilog="Example: netplan schema contacts")
@click.argument("sheet", required=False)
@output_options
def schema(sheet: str | None, as_json: bool) -> None:
    """Show each sheet's columns: type, allowed values, required or computed, meaning.

    SHEET limits the list to one sheet (its name, any case, e.g. "contacts").
    """
    from netplan_sheets.column_reference import reference, render_text

    try:
        data = reference(sheet)
    except KeyError as error:  # an unknown sheet name: the message lists the real ones
        raise click.UsageError(str(error.args[0])) from None
    finish(as_json, data, lambda: render_text(data))
