"""netplan validate's output: text grouped by sheet, --json equal to the library's records,
exit code 1 with problems and 0 without."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from plans import write_plan

from netplan_sheets.cli import cli
from netplan_sheets.workbooks import validate_source

PROBLEMS = {
    "Settings": {"Review Every": 0},
    "Contacts": [{"Name": "Dana", "Relationship": "Friend", "Strength": 9},
                 {"Name": "Eve", "Relationship": "Peer"}],
    "Interactions": [{"Date": "soon", "Contact": "Zed", "Type": "Call"}],
    "Reviews": [{"Date": "2026-10-31", "Feedback From": "Eve"}],
}


@pytest.fixture
def with_problems(plan_path: Path) -> Path:
    return write_plan(plan_path, PROBLEMS)


def test_text_output_groups_problems_by_sheet(with_problems: Path) -> None:
    result = CliRunner().invoke(cli, ["validate", str(with_problems)])
    assert result.exit_code == 1, result.output
    lines = result.output.splitlines()
    assert lines[0] == f"{with_problems}: 5 problems (4 rows checked)"
    assert lines[1:] == [
        "",
        "Settings",
        "  Settings!B10 (Review Every): expected a whole number from 1 to 36500; the default "
        "(30) is used [0]",
        "",
        "Contacts",
        "  Contacts!H2 (Relationship): expected one of: Key connection, Potential mentor, "
        "Mentor, Peer, Recruiter, Other [Friend]",
        "  Contacts!I2 (Strength): expected a whole number from 1 to 5 [9]",
        "",
        "Interactions",
        "  Interactions!A2 (Date): expected a date like 2026-11-03 [soon]",
        '  Interactions!B2 (Contact): there is no Contacts row with Name "Zed" [Zed]',
    ]


def test_json_output_is_the_library_record(with_problems: Path) -> None:
    result = CliRunner().invoke(cli, ["validate", str(with_problems), "--json"])
    assert result.exit_code == 1, result.output
    printed = json.loads(result.output)
    assert printed == validate_source(str(with_problems)).to_dict()
    assert printed["valid"] is False and printed["problem_count"] == 5
    first = printed["problems"][0]
    assert first == {"sheet": "Settings", "row": 10, "type": "constraint-error", "cell": "B10",
                     "column": "Review Every", "value": "0", "location": "Settings!B10",
                     "severity": "error",
                     "message": "expected a whole number from 1 to 36500; the default (30) is "
                                "used"}


def test_a_valid_plan_exits_0_in_both_outputs(plan_path: Path) -> None:
    write_plan(plan_path, {"Contacts": [{"Name": "Dana", "Relationship": "Peer"}],
                           "Reviews": [{"Date": "2026-10-31", "Feedback From": "Dana"}]})
    text = CliRunner().invoke(cli, ["validate", str(plan_path)])
    assert (text.exit_code, text.output) == (
        0, f"{plan_path}: the plan is valid (2 rows checked).\n")
    as_json = CliRunner().invoke(cli, ["validate", str(plan_path), "--json"])
    assert as_json.exit_code == 0
    assert json.loads(as_json.output) == validate_source(str(plan_path)).to_dict()
    assert json.loads(as_json.output)["problems"] == []


def test_a_sheet_level_problem_has_no_cell(plan_path: Path) -> None:
    write_plan(plan_path, skip_sheets=["Events"])
    result = CliRunner().invoke(cli, ["validate", str(plan_path), "--json"])
    assert result.exit_code == 1
    (found,) = json.loads(result.output)["problems"]
    assert (found["location"], found["cell"], found["row"], found["type"]) == (
        "Events", None, None, "missing-sheet")
