"""One module per command; each adds itself to the ``netplan`` group."""

from __future__ import annotations

import click


def register(group: click.Group) -> None:
    from netplan_sheets.commands import validate_cmd

    group.add_command(validate_cmd.validate)
