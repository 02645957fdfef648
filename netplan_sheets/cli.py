"""The ``netplan`` command: each command parses options, calls the library, renders.

Library errors (:class:`NetplanError`) become one line on stderr and their exit code;
bad flags are click's usage errors (exit 2).
"""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable
from typing import Any, TypeVar

import click

from netplan_sheets import __version__
from netplan_sheets.errors import NetplanError

F = TypeVar("F", bound=Callable[..., Any])


class CommandError(click.ClickException):
    """A library error, shown as one line, exiting with the code the error documents."""

    def __init__(self, message: str, exit_code: int) -> None:
        super().__init__(message)
        self.exit_code = exit_code  # type: ignore[misc]  # click declares it on the class

    def show(self, file: Any = None) -> None:
        click.echo(f"Error: {self.format_message()}", err=True)


def library_errors(func: F) -> F:
    """Turn the library's errors into a one-line message and the documented exit code."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except NetplanError as error:
            raise CommandError(str(error), error.exit_code) from None

    return wrapper  # type: ignore[return-value]


def output_options(func: F) -> F:
    """The output flags every command shares: --json, and quiet text output."""
    func = click.option("--json", "as_json", is_flag=True,
                        help="Print the result as JSON (the library's own record).")(func)
    return library_errors(func)


def credentials_option(func: F) -> F:
    """--credentials, for every command that may open a Google Sheet."""
    return click.option(
        "--credentials", type=click.Path(dir_okay=False), default=None,
        envvar=None,
        help="Google service-account key (JSON) for a Google Sheet; default: "
             "$NETPLAN_GOOGLE_CREDENTIALS, then gspread's default locations.")(func)


def finish(as_json: bool, data: Any, text: Callable[[], str], ok: bool) -> None:
    """Every command's ending: the library's record as JSON, or the text rendering; then
    exit 0 when all was well and 1 when problems were found."""
    if as_json:
        emit_json(data)
    else:
        click.echo(text())
    sys.exit(0 if ok else 1)


def emit_json(data: Any) -> None:
    click.echo(json.dumps(data, indent=2, ensure_ascii=False, default=str))


@click.group(
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
    epilog="Example: netplan demo && netplan sync netplan-demo/plan.xlsx",
)
@click.version_option(__version__, prog_name="netplan")
def cli() -> None:
    """Keep a career networking plan in a spreadsheet: validate it, and write back goal
    progress, the follow-ups you owe and a ranked mentor shortlist."""


def main() -> None:
    try:
        cli.main(prog_name="netplan", standalone_mode=True)
    except KeyboardInterrupt:  # pragma: no cover - interactive only
        # Every file is replaced whole or not at all, so an interrupt leaves no half-written
        # workbook; a cohort sync may have finished some participants already.
        click.echo("Interrupted; no file was left half-written.", err=True)
        sys.exit(130)


from netplan_sheets.commands import register  # noqa: E402  (commands need cli defined)

register(cli)
