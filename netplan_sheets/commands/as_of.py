"""The --as-of option's type: a YYYY-MM-DD date within the bounds the Settings schema gives
As Of, so a date the workbook would refuse is refused on the command line too."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import click

from netplan_sheets.schema import describe_bounds, sheet_schema


class OneLineBadParameter(click.BadParameter):
    """A bad option value shown as one line (no usage block), exit code 2."""

    def show(self, file: Any = None) -> None:
        click.echo(f"Error: {self.format_message()}", err=True)


class AsOfDate(click.DateTime):
    """A date written YYYY-MM-DD, from the earliest to the latest As Of a plan accepts."""

    def __init__(self) -> None:
        super().__init__(formats=["%Y-%m-%d"])

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> Any:
        found: datetime = super().convert(value, param, ctx)
        column = sheet_schema("settings").column("as_of")
        if (column.earliest and found.date() < column.earliest) or \
                (column.latest and found.date() > column.latest):
            self.fail(f"{found.date().isoformat()}: expected a date {describe_bounds(column)}",
                      param, ctx)
        return found

    def fail(self, message: str, param: click.Parameter | None = None,
             ctx: click.Context | None = None) -> Any:
        raise OneLineBadParameter(message, ctx=ctx, param=param)
