"""The README's CLI reference is generated from --help; every command documents itself."""

from __future__ import annotations

from pathlib import Path

import click
import pytest

from netplan_sheets.cli import cli
from netplan_sheets.cli_reference import commands_of, replace_section

README = Path(__file__).parents[1] / "README.md"


def test_readme_cli_reference_matches_help() -> None:
    committed = README.read_text("utf-8")
    assert committed == replace_section(committed), (
        "README.md's CLI reference has drifted from --help; regenerate it with: "
        "python -m netplan_sheets.cli_reference --write README.md")


def test_readme_starts_with_the_two_setup_commands() -> None:
    blocks = README.read_text("utf-8").split("```sh\n")[1:3]
    commands = [block.split("\n```")[0].strip() for block in blocks]
    assert commands[0].endswith("netplan demo") and "pip install ." in commands[0]
    assert commands[1].endswith("pytest") and "pip install '.[test]'" in commands[1]


@pytest.mark.parametrize(("path", "command"),
                         [(" ".join(p), c) for p, c in commands_of(cli, ["netplan"])])
def test_every_command_has_a_summary_and_an_example(path: str, command: click.Command) -> None:
    assert command.get_short_help_str(limit=80).strip(), f"{path} has no summary"
    assert "Example: netplan" in (command.epilog or ""), f"{path} has no example"
