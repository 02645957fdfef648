"""The CLI's shape: the root group turns every library error into one line and its exit
code, whichever command raised it; the shared --as-of type; and a quick start, because
the commands import the library only when they run."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from cohort_data import write_roster

from netplan_sheets.cli import cli
from netplan_sheets.cli_reference import commands_of
from netplan_sheets.commands.common import AS_OF


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    assert not isinstance(result.exception, Exception) or isinstance(
        result.exception, SystemExit), f"{args}: {result.exception!r}"
    return result.exit_code, result.stdout, result.stderr


def library_failures(folder: Path) -> list[tuple[str, list[str]]]:
    """For every command, arguments whose run ends in an error the library raises."""
    existing = folder / "existing.xlsx"
    existing.write_bytes(b"not mine to overwrite")
    (folder / "demo").mkdir()
    (folder / "demo" / "plan.xlsx").write_bytes(b"an earlier demo")
    roster = write_roster(folder / "roster.csv", [("Ann Lee", "ann@example.com", None)])
    missing = str(folder / "missing.xlsx")
    return [
        ("validate", ["validate", missing]),
        ("sync", ["sync", missing]),
        ("init", ["init", str(existing)]),
        ("demo", ["demo", str(folder / "demo")]),
        ("cohort init", ["cohort", "init", str(roster), "--program",
                         str(folder / "no-program.json"), "--out", str(folder / "cohort")]),
        ("cohort sync", ["cohort", "sync", str(folder / "no-cohort")]),
        ("cohort report", ["cohort", "report", str(folder / "no-cohort"), "--json"]),
        ("auth login", ["auth", "login", "--client-secret", str(folder / "none.json")]),
        ("import", ["import", missing, str(roster)]),
        ("calendar", ["calendar", missing, "--out", str(folder / "follow-ups.ics")]),
    ]


def test_every_command_that_can_fail_in_the_library_is_in_this_test(tmp_path: Path) -> None:
    leaves = {" ".join(path[1:]) for path, command in commands_of(cli, ["netplan"])
              if not isinstance(command, click.Group)}
    assert leaves - {"schema"} == {name for name, _ in library_failures(tmp_path)}


@pytest.mark.parametrize("name", ["validate", "sync", "init", "demo", "cohort init",
                                  "cohort sync", "cohort report", "auth login", "import",
                                  "calendar"])
def test_a_library_error_is_one_line_and_exit_2_whichever_command(
        tmp_path: Path, name: str) -> None:
    args = dict(library_failures(tmp_path))[name]
    code, out, err = invoke(*args)
    assert code == 2, (out, err)
    assert out == ""
    assert err.startswith("Error: ") and err.count("\n") == 1, err
    assert "Traceback" not in err


def test_the_as_of_type_reads_iso_dates_only() -> None:
    assert str(AS_OF.convert("2026-11-03", None, None)) == "2026-11-03"
    for bad in ("03/11/2026", "2026-02-30", "20261103", "2026-1-3"):
        with pytest.raises(click.BadParameter, match="is not a date like 2026-11-03"):
            AS_OF.convert(bad, None, None)


@pytest.mark.parametrize("command", [["sync", "plan.xlsx"], ["demo"],
                                     ["cohort", "sync", "manifest.json"],
                                     ["import", "plan.xlsx", "contacts.csv"],
                                     ["calendar", "plan.xlsx", "--out", "f.ics"]])
def test_every_as_of_option_is_the_same_type(command: list[str]) -> None:
    code, _, err = invoke(*command, "--as-of", "2026-13-01")
    assert code == 2
    assert "Invalid value for '--as-of': '2026-13-01' is not a date like 2026-11-03" in err


def test_importing_the_cli_leaves_the_library_unloaded() -> None:
    """`netplan --help` and `--version` need click and the command definitions only."""
    heavy = ("openpyxl", "gspread", "google", "jsonschema", "yaml", "requests")
    code = ("import sys, netplan_sheets.cli\n"
            "print('\\n'.join(sorted(sys.modules)))")
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True).stdout.split()
    assert [m for m in loaded if m.split(".")[0] in heavy] == []
    ours = {m for m in loaded if m.startswith("netplan_sheets")}
    commands = {m for m in ours if m.startswith("netplan_sheets.commands.")}
    # the label enums behind the commands' choices (the standard library only), and the
    # error classes the root group turns into exit codes
    assert ours - commands == {"netplan_sheets", "netplan_sheets.cli", "netplan_sheets.errors",
                               "netplan_sheets.wording", "netplan_sheets.commands",
                               "netplan_sheets.labels", "netplan_sheets.imports",
                               "netplan_sheets.imports.records", "netplan_sheets.cell_text"}


def test_the_cohort_commands_default_threshold_is_the_librarys() -> None:
    from netplan_sheets.cohort.suppression import DEFAULT_THRESHOLD
    from netplan_sheets.commands import cohort_cmd

    assert cohort_cmd.DEFAULT_THRESHOLD == DEFAULT_THRESHOLD


def test_version_and_help_from_the_installed_script() -> None:
    script = Path(sys.executable).with_name("netplan")
    version = subprocess.run([str(script), "--version"], capture_output=True, text=True,
                             check=True)
    assert version.stdout.startswith("netplan, version ")
    helped = subprocess.run([str(script), "--help"], capture_output=True, text=True,
                            check=True)
    assert "Usage: netplan [OPTIONS] COMMAND" in helped.stdout
