"""What every command shares: option types, the output flag, the one way a command ends,
and turning library errors into one line and an exit code.

A command module imports only click and this module at the top: the library (openpyxl,
gspread, jsonschema, the cohort modules) is imported inside the command's function, so
``netplan --help`` and ``netplan --version`` start in a blink.
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import click

from netplan_sheets.errors import NetplanError
from netplan_sheets.wording import plural

if TYPE_CHECKING:
    from netplan_sheets.sync import SyncResult

F = TypeVar("F", bound=Callable[..., Any])

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
PROBLEMS_LISTED = 20  # text output lists this many problems, then says how many more


class CommandError(click.ClickException):
    """A library error, shown as one line, exiting with the code the error documents."""

    def __init__(self, message: str, exit_code: int) -> None:
        super().__init__(message)
        self.exit_code = exit_code  # type: ignore[misc]  # click declares it on the class

    def show(self, file: Any = None) -> None:
        click.echo(f"Error: {self.format_message()}", err=True)


class NetplanGroup(click.Group):
    """The root command group: a library error (:class:`NetplanError`) raised by any
    command below it becomes one line on stderr and the error's exit code, here, once, so
    no command can forget it. Bad flags stay click's usage errors (exit 2)."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except NetplanError as error:
            raise CommandError(str(error), error.exit_code) from None


class OneLineBadParameter(click.BadParameter):
    """A bad option value shown as one line (no usage block), exit code 2."""

    def show(self, file: Any = None) -> None:
        click.echo(f"Error: {self.format_message()}", err=True)


# click 8.5 types ParamType as generic; subscripting it would fail at run time on 8.1.
class DateType(click.ParamType):  # type: ignore[type-arg]
    """A date written YYYY-MM-DD, as a :class:`datetime.date`, within the dates a plan
    accepts (those of Settings' As Of), so that a date the workbook would refuse is refused
    on the command line too."""

    name = "date"

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> date:
        if isinstance(value, date):
            return value
        text = str(value).strip()
        found = None
        if _ISO_DATE.match(text):
            with contextlib.suppress(ValueError):  # 2026-02-30 and the like
                found = date.fromisoformat(text)
        if found is None:
            self.fail(f"{value!r} is not a date like 2026-11-03 (YYYY-MM-DD)", param, ctx)
        from netplan_sheets.schema import describe_bounds, sheet_schema  # jsonschema: lazily

        column = sheet_schema("settings").column("as_of")
        if ((column.earliest and found < column.earliest)
                or (column.latest and found > column.latest)):
            self.fail(f"{found.isoformat()}: expected a date {describe_bounds(column)}",
                      param, ctx)
        return found

    def fail(self, message: str, param: click.Parameter | None = None,
             ctx: click.Context | None = None) -> NoReturn:
        raise OneLineBadParameter(message, ctx=ctx, param=param)


AS_OF = DateType()


def as_of_option(help: str) -> Callable[[F], F]:
    """--as-of YYYY-MM-DD (a :class:`datetime.date`, or None when not given)."""
    return click.option("--as-of", type=AS_OF, default=None, metavar="YYYY-MM-DD", help=help)


def credentials_option(func: F) -> F:
    """--credentials, for every command that may open a Google Sheet."""
    return click.option(
        "--credentials", type=click.Path(dir_okay=False), default=None,
        help="Google service-account key (JSON) for a Google Sheet; default: "
             "$NETPLAN_GOOGLE_CREDENTIALS, then gspread's default locations.")(func)


def output_options(func: F) -> F:
    """The output flag every command shares: --json."""
    return click.option("--json", "as_json", is_flag=True,
                        help="Print the result as JSON (the library's own record).")(func)


def finish(as_json: bool, data: Any, text: Callable[[], str], ok: bool = True) -> None:
    """Every command's ending: the library's record as JSON, or its text rendering; then
    exit 0 when all was well and 1 when problems were found."""
    if as_json:
        click.echo(json.dumps(data, indent=2, ensure_ascii=False, default=str))
    else:
        click.echo(text())
    click.get_current_context().exit(0 if ok else 1)


def render_sync(result: SyncResult) -> str:
    """A sync's outcome in words: where it went, the summary line, the first problems."""
    as_of = result.results.as_of.isoformat()
    if result.dry_run:
        head = f"{result.source}: dry run as of {as_of}; nothing was written"
    elif result.output is None:
        head = f"{result.source}: up to date as of {as_of}; nothing changed"
    else:
        head = f"{result.output}: synced as of {as_of}"
    lines = [head, result.summary(), *(f"Warning: {w}" for w in result.warnings)]
    problems = result.report.errors
    if problems:
        lines.append(f"{plural(len(problems), 'problem')}; rows with problems were left out "
                     "(see the Problems sheet):")
        lines.extend(f"  {p.one_line()}" for p in problems[:PROBLEMS_LISTED])
        if len(problems) > PROBLEMS_LISTED:
            lines.append(f"  … and {len(problems) - PROBLEMS_LISTED} more")
    warnings = result.report.warnings
    if warnings:
        lines.append(f"{plural(len(warnings), 'warning')}; nothing was left out for them "
                     "(see the Problems sheet):")
        lines.extend(f"  {p.one_line()}" for p in warnings[:PROBLEMS_LISTED])
    return "\n".join(lines)
