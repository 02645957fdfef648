"""One module per command; each adds itself to the ``netplan`` group."""

from __future__ import annotations

import click


def register(group: click.Group) -> None:
    from netplan_sheets.commands import validate_cmd

    group.add_command(validate_cmd.validate)

    from netplan_sheets.commands import sync_cmd

    group.add_command(sync_cmd.sync)

    from netplan_sheets.commands import demo_cmd

    group.add_command(demo_cmd.demo)

    from netplan_sheets.commands import init_cmd, schema_cmd

    group.add_command(init_cmd.init)
    group.add_command(schema_cmd.schema)

    from netplan_sheets.commands import cohort_cmd

    group.add_command(cohort_cmd.cohort)
