"""The ``netplan`` command: the root group and :func:`main`.

The commands live in :mod:`netplan_sheets.commands`, one module each; what they share
(options, output, errors turned into exit codes) is in
:mod:`netplan_sheets.commands.common`.
"""

from __future__ import annotations

import sys

import click

from netplan_sheets.commands import register
from netplan_sheets.commands.common import NetplanGroup


@click.group(
    cls=NetplanGroup,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
    epilog="Example: netplan demo && netplan sync netplan-demo/plan.xlsx",
)
# The version is looked up in the installed package's metadata only when asked for.
@click.version_option(package_name="netplan-sheets", prog_name="netplan")
def cli() -> None:
    """Keep a career networking plan in a spreadsheet: validate it, and write back goal
    progress, the follow-ups you owe and a ranked mentor shortlist."""


register(cli)


def main() -> None:
    try:
        cli.main(prog_name="netplan", standalone_mode=True)
    except KeyboardInterrupt:  # pragma: no cover - interactive only
        # Every file is replaced whole or not at all, so an interrupt leaves no half-written
        # workbook; a cohort sync may have finished some participants already.
        click.echo("Interrupted; no file was left half-written.", err=True)
        sys.exit(130)
