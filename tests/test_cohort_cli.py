"""The cohort commands' help: a one-line summary and an example for each."""

from __future__ import annotations

import click
import pytest
from click.testing import CliRunner

from netplan_sheets.cli import cli


@pytest.mark.parametrize("command", ["init", "sync", "report"])
def test_each_cohort_command_has_a_summary_and_an_example(command: str) -> None:
    group = cli.commands["cohort"]
    assert isinstance(group, click.Group)
    summary = group.commands[command].get_short_help_str(limit=80)
    assert summary and not summary.endswith("...")
    result = CliRunner().invoke(cli, ["cohort", command, "--help"])
    assert result.exit_code == 0
    assert f"Example: netplan cohort {command} " in result.stdout
    assert "--json" in result.stdout


def test_cohort_is_listed_with_the_other_commands() -> None:
    result = CliRunner().invoke(cli, ["--help"])
    assert "cohort " in result.stdout and "init, sync, report" in result.stdout
