"""netplan validate on small plans: the happy path and a first set of problems."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from plans import write_plan

from netplan_sheets.cli import cli
from netplan_sheets.workbooks import validate_source


def test_empty_plan_is_valid(plan_path: Path) -> None:
    write_plan(plan_path)
    result = CliRunner().invoke(cli, ["validate", str(plan_path)])
    assert result.exit_code == 0, result.output
    assert "the plan is valid" in result.output


def test_json_output_equals_library_result(plan_path: Path) -> None:
    write_plan(plan_path, {"Contacts": [{"Name": "Ann", "Relationship": "Friend"}]})
    result = CliRunner().invoke(cli, ["validate", str(plan_path), "--json"])
    assert result.exit_code == 1
    assert json.loads(result.output) == json.loads(
        json.dumps(validate_source(str(plan_path)).to_dict(), default=str)
    )


def test_missing_file_exits_2_with_one_line(tmp_path: Path) -> None:
    missing = tmp_path / "nope.xlsx"
    result = CliRunner().invoke(cli, ["validate", str(missing)])
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == [f"Error: {missing}: no such file"]
