"""netplan sync on local workbooks: what it writes, and what it must never touch."""

from __future__ import annotations

import json
import os
import stat
from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner
from openpyxl.comments import Comment
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation
from plans import build_plan, write_plan

from netplan_sheets.cli import cli
from netplan_sheets.file_safety import sync_lock
from netplan_sheets.sync import sync_xlsx

AS_OF = date(2026, 11, 3)

PLAN: dict[str, Any] = {
    "Profile": {"Industry": "Software", "Years Experience": 5,
                "Skills To Develop": "hiring; budgeting"},
    "Goals": [
        {"Goal ID": "G1", "Goal": "Meet people", "Metric": "Interactions", "Target": 4,
         "Start": date(2026, 10, 1), "Due": date(2026, 12, 1)},
        {"Goal ID": "G2", "Goal": "Events", "Metric": "Events attended", "Target": 1,
         "Start": date(2026, 10, 1), "Due": date(2026, 10, 31)},
    ],
    "Contacts": [
        {"Name": "Dana Lee", "Relationship": "Potential mentor", "Industry": "Software",
         "Expertise": "hiring", "Years Experience": 15, "Strength": 3, "Shares Values": 5,
         "Availability": "High", "Added On": date(2026, 10, 2)},
        {"Name": "Sam Okafor", "Relationship": "Peer", "Added On": date(2026, 9, 1)},
    ],
    "Interactions": [
        {"Date": date(2026, 10, 20), "Contact": "Dana Lee", "Type": "Coffee chat"},
        {"Date": date(2026, 10, 21), "Contact": "Dana Lee", "Type": "Thank-you note"},
    ],
    "Events": [{"Event": "Meetup", "Date": date(2026, 10, 10), "Attended": "Yes"}],
}


def values(path: Path, sheet: str) -> list[tuple[Any, ...]]:
    book = openpyxl.load_workbook(path)
    return [tuple(row) for row in book[sheet].iter_rows(values_only=True)]


def column(path: Path, sheet: str, header: str) -> list[Any]:
    rows = values(path, sheet)
    index = list(rows[0]).index(header)
    return [row[index] for row in rows[1:]]


def test_sync_writes_computed_columns_and_output_sheets(plan_path: Path) -> None:
    write_plan(plan_path, PLAN)
    result = sync_xlsx(plan_path, as_of=AS_OF)
    assert result.valid and result.output == str(plan_path)
    # G1: 2 interactions of 4 in the window; 33 of 61 days elapsed.
    assert column(plan_path, "Goals", "Actual") == [2, 1]
    assert column(plan_path, "Goals", "Progress") == [0.5, 1]
    assert column(plan_path, "Goals", "Status") == ["Behind", "Done"]
    assert column(plan_path, "Contacts", "Last Contact") == [datetime(2026, 10, 21), None]
    assert column(plan_path, "Contacts", "Interaction Count") == [2, 0]
    followups = values(plan_path, "Follow-ups")
    assert followups[0][:3] == ("Due", "Days Overdue", "Reason")
    assert len(followups) - 1 == len(result.results.followups)
    shortlist = values(plan_path, "Mentor Shortlist")
    assert shortlist[1][1] == "Dana Lee"
    dashboard = values(plan_path, "Dashboard")
    assert ("As of", datetime(2026, 11, 3)) in [row[:2] for row in dashboard]
    assert openpyxl.load_workbook(plan_path)["Dashboard"]._charts, "progress bar chart"


def test_second_sync_changes_nothing(plan_path: Path) -> None:
    write_plan(plan_path, PLAN)
    sync_xlsx(plan_path, as_of=AS_OF)
    before = plan_path.read_bytes()
    again = sync_xlsx(plan_path, as_of=AS_OF)
    assert again.changed_cells == 0 and again.output is None
    assert plan_path.read_bytes() == before


def test_sync_keeps_user_formatting_extra_columns_sheets_comments_validation(
    plan_path: Path,
) -> None:
    plan = dict(PLAN)
    plan["Contacts"] = [{"Name": "Dana Lee", "Relationship": "Potential mentor",
                         "Industry": "Software", "Added On": date(2026, 10, 2)}]
    book = build_plan(plan, headers={"Contacts": ["My Rating", "Relationship", "Name",
                                                  "Added On", "Industry"]})
    contacts = book["Contacts"]
    contacts["A2"] = 5
    contacts["C2"].font = Font(bold=True, color="FF0000")
    contacts["C2"].comment = Comment("met at PlatformCon", "me")
    contacts.column_dimensions["C"].width = 41
    contacts["B1"].fill = PatternFill("solid", fgColor="00FF00")
    rule = DataValidation(type="whole", operator="between", formula1="1", formula2="10")
    contacts.add_data_validation(rule)
    rule.add("A2:A50")
    contacts.conditional_formatting.add(
        "A2:A50", CellIsRule(operator="greaterThan", formula=["3"], fill=PatternFill(
            "solid", fgColor="0000FF")))
    book.create_sheet("My notes")["A1"] = "=SUM(1,2)"
    book.save(plan_path)
    result = sync_xlsx(plan_path, as_of=AS_OF)
    assert result.valid
    after = openpyxl.load_workbook(plan_path)
    contacts = after["Contacts"]
    assert contacts["A2"].value == 5
    assert contacts["C2"].font.bold and contacts["C2"].font.color.rgb.endswith("FF0000")
    assert contacts["C2"].comment.text == "met at PlatformCon"
    assert contacts.column_dimensions["C"].width == 41
    assert contacts["B1"].fill.fgColor.rgb.endswith("00FF00")
    assert [dv.sqref for dv in contacts.data_validations.dataValidation] == [rule.sqref]
    assert len(contacts.conditional_formatting) == 1
    assert after["My notes"]["A1"].value == "=SUM(1,2)"
    headers = [c.value for c in contacts[1]]
    assert headers[:5] == ["My Rating", "Relationship", "Name", "Added On", "Industry"]
    # computed columns the user's layout lacked are added after the user's columns
    assert headers[5:] == ["Last Contact", "Interaction Count", "Next Follow-up",
                           "Follow-up Status"]


@pytest.mark.parametrize("name", ['=HYPERLINK("http://x","y")', "+1 Ann", "-Bob", "@Cy"])
def test_user_text_is_never_written_as_a_formula(plan_path: Path, name: str) -> None:
    plan = {
        "Goals": PLAN["Goals"],
        "Contacts": [{"Name": name, "Relationship": "Potential mentor", "Strength": 4,
                      "Availability": "High"}],
        "Interactions": [{"Date": date(2026, 11, 2), "Contact": name, "Type": "Coffee chat",
                          "Follow Up By": date(2026, 11, 1)}],
        "Actions": [{"Action": name, "Due": date(2026, 11, 1), "Status": "Not started",
                     "Contact": name}],
    }
    book = build_plan(plan)
    for ws in book.worksheets:  # a person typed these: text cells, not formulas
        for row in ws.iter_rows():
            for cell in row:
                if cell.value == name:
                    cell.data_type = "s"
    book["Events"].append(["Bad event", name])  # a problem row quoting the text back
    book["Events"]["B2"].data_type = "s"
    book.save(plan_path)
    sync_xlsx(plan_path, as_of=AS_OF)
    after = openpyxl.load_workbook(plan_path)
    found = 0
    for title in ("Follow-ups", "Mentor Shortlist", "Problems", "Dashboard", "Contacts"):
        for row in after[title].iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{title}!{cell.coordinate} became a formula"
                found += isinstance(cell.value, str) and name in cell.value
    assert found >= 3


def test_dry_run_writes_nothing_and_json_matches_library(plan_path: Path) -> None:
    write_plan(plan_path, PLAN)
    before = plan_path.read_bytes()
    result = CliRunner().invoke(
        cli, ["sync", str(plan_path), "--as-of", "2026-11-03", "--dry-run", "--json"])
    assert result.exit_code == 0, result.output
    assert plan_path.read_bytes() == before
    library = sync_xlsx(plan_path, as_of=AS_OF, dry_run=True)
    assert json.loads(result.output) == json.loads(json.dumps(library.to_dict(), default=str))


def test_problems_exit_1_results_from_valid_rows_still_written(plan_path: Path) -> None:
    plan = dict(PLAN)
    plan["Contacts"] = [*PLAN["Contacts"], {"Name": "Bad", "Relationship": "Friend"}]
    write_plan(plan_path, plan)
    result = CliRunner().invoke(cli, ["sync", str(plan_path), "--as-of", "2026-11-03"])
    assert result.exit_code == 1
    assert "Contacts!H4" in result.output
    problems = values(plan_path, "Problems")
    assert problems[1][:3] == ("Contacts", "H4", "Relationship")
    assert column(plan_path, "Goals", "Actual") == [2, 1]


def test_text_summary(plan_path: Path) -> None:
    write_plan(plan_path, PLAN)
    result = CliRunner().invoke(cli, ["sync", str(plan_path), "--as-of", "2026-11-03"])
    assert result.exit_code == 0, result.output
    assert "2 goals: 1 done, 1 behind" in result.output
    assert "top mentor candidate: Dana Lee" in result.output


def test_permissions_are_kept(plan_path: Path) -> None:
    write_plan(plan_path, PLAN)
    os.chmod(plan_path, 0o640)
    sync_xlsx(plan_path, as_of=AS_OF)
    assert stat.S_IMODE(plan_path.stat().st_mode) == 0o640


def test_a_second_sync_of_a_locked_workbook_is_refused(plan_path: Path) -> None:
    write_plan(plan_path, PLAN)
    before = plan_path.read_bytes()
    with sync_lock(plan_path):
        result = CliRunner().invoke(cli, ["sync", str(plan_path)])
    assert result.exit_code == 2
    assert "another netplan sync is writing this workbook" in result.output
    assert plan_path.read_bytes() == before

def test_bad_as_of_is_a_usage_error(plan_path: Path) -> None:
    write_plan(plan_path, PLAN)
    result = CliRunner().invoke(cli, ["sync", str(plan_path), "--as-of", "03/11/2026"])
    assert result.exit_code == 2
    assert "Invalid value for '--as-of'" in result.output


def test_unreadable_workbook_exit_2(tmp_path: Path) -> None:
    bad = tmp_path / "notes.xlsx"
    bad.write_text("not a workbook")
    result = CliRunner().invoke(cli, ["sync", str(bad)])
    assert result.exit_code == 2
    assert result.output.count("\n") == 1 and str(bad) in result.output
