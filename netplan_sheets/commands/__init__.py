"""One module per command; ``register`` adds them to the ``netplan`` group in help order.

Each command module imports only click and :mod:`netplan_sheets.commands.common` at the
top; the library is imported when a command runs.
"""

from __future__ import annotations

import click

from netplan_sheets.commands import (
    auth_cmd,
    calendar_cmd,
    cohort_cmd,
    demo_cmd,
    import_cmd,
    init_cmd,
    schema_cmd,
    sync_cmd,
    validate_cmd,
)


def register(group: click.Group) -> None:
    for command in (demo_cmd.demo, init_cmd.init, validate_cmd.validate, sync_cmd.sync,
                    import_cmd.import_, calendar_cmd.calendar, schema_cmd.schema,
                    cohort_cmd.cohort, auth_cmd.auth):
        group.add_command(command)
