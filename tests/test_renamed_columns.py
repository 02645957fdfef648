"""A header that looks like a renamed optional column (Organization -> Company) is a
warning naming both: listed everywhere problems are, but nothing is left out and the plan
stays valid (exit 0)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner
from plans import write_plan

from netplan_sheets.cli import cli
from netplan_sheets.cohort.figures import figures_from
from netplan_sheets.problems import ProblemType, Severity
from netplan_sheets.schema import sheet_schema
from netplan_sheets.sync import sync_xlsx
from netplan_sheets.workbooks import validate_source

AS_OF = "2026-11-03"
CONTACTS = list(sheet_schema("contacts").headers)


def renamed(old: str, new: str) -> list[str]:
    return [new if title == old else title for title in CONTACTS]


def plan_with_contacts_headed(path: Path, headers: list[str], **extra: Any) -> Path:
    organization = next((h for h in headers if h not in CONTACTS), "Organization")
    return write_plan(path, {
        "Profile": {"Industry": "Software"},
        "Contacts": [{"Name": "Dana Lee", "Relationship": "Potential mentor",
                      "Industry": "Software", "Strength": 4, organization: "Acme",
                      "Added On": date(2026, 10, 1), **extra}],
    }, headers={"Contacts": headers})


def test_company_for_organization_is_a_warning_and_nothing_is_left_out(plan_path: Path) -> None:
    plan_with_contacts_headed(plan_path, renamed("Organization", "Company"))
    report = validate_source(str(plan_path))
    assert report.valid and report.errors == []
    [warning] = report.problems
    assert (warning.type, warning.severity, warning.location, warning.column) == (
        ProblemType.RENAMED_COLUMN, Severity.WARNING, "Contacts!B1", "Company")
    assert warning.message.startswith(
        'the column Organization is missing; did you mean "Company"? Rename this header to '
        '"Organization"')

    runner = CliRunner()
    validated = runner.invoke(cli, ["validate", str(plan_path)])
    assert validated.exit_code == 0, validated.output
    assert validated.output.splitlines()[0].endswith("the plan is valid, with 1 warning "
                                                     "(1 rows checked)")
    assert "Contacts!B1 (Company): warning: the column Organization is missing" in \
        validated.output
    as_json = json.loads(runner.invoke(cli, ["validate", str(plan_path), "--json"]).output)
    assert (as_json["valid"], as_json["error_count"], as_json["warning_count"]) == (True, 0, 1)
    assert as_json["problems"][0]["severity"] == "warning"

    synced = runner.invoke(cli, ["sync", str(plan_path), "--as-of", AS_OF])
    assert synced.exit_code == 0, synced.output
    assert "1 warning; nothing was left out" in synced.output
    book = openpyxl.load_workbook(plan_path)
    problems = list(book["Problems"].iter_rows(values_only=True))
    assert len(problems) == 2 and problems[1][:3] == ("Contacts", "B1", "Company")
    assert "renamed-column" in problems[1]
    dashboard = {row[0]: row[1] for row in book["Dashboard"].iter_rows(values_only=True)
                 if row and row[0]}
    assert dashboard["Validation"] == "Valid; 1 warning: see the Problems sheet"
    # the row is kept: computed, and on the shortlist (Organization blank, as it was unread)
    contacts = list(book["Contacts"].iter_rows(values_only=True))
    assert contacts[1][contacts[0].index("Follow-up Status")] is not None
    shortlist = list(book["Mentor Shortlist"].iter_rows(values_only=True))
    assert shortlist[1][1] == "Dana Lee"


def test_warnings_do_not_make_a_cohort_participant_have_problems(plan_path: Path) -> None:
    plan_with_contacts_headed(plan_path, renamed("Organization", "Company"))
    result = sync_xlsx(plan_path, as_of=date(2026, 11, 3))
    assert result.valid and figures_from(result).problems == 0


@pytest.mark.parametrize(("header", "missing"), [
    ("Company", "Organization"),
    ("Employer", "Organization"),
    ("Organisation", "Organization"),
    ("Organization name", "Organization"),
    ("Org", "Organization"),
    ("follow-up every", "Follow Up Every"),
    ("Job Title", "Role"),
    ("Emial", "Email"),
])
def test_close_headers_are_suggested(plan_path: Path, header: str, missing: str) -> None:
    plan_with_contacts_headed(plan_path, renamed(missing, header))
    [warning] = validate_source(str(plan_path)).problems
    assert f'the column {missing} is missing; did you mean "{header}"?' in warning.message


@pytest.mark.parametrize("headers", [
    [*CONTACTS, "My Tag", "Budget"],  # the user's own columns beside every schema column
    [*[t for t in CONTACTS if t != "Organization"], "Budget"],  # deleted, nothing like it
    renamed("Organization", " ORGANIZATION "),  # case and spaces: it is the column
])
def test_unrelated_or_matching_headers_give_no_warning(plan_path: Path,
                                                       headers: list[str]) -> None:
    plan_with_contacts_headed(plan_path, headers)
    report = validate_source(str(plan_path))
    assert report.problems == [] and report.valid


def test_a_renamed_required_column_stays_an_error(plan_path: Path) -> None:
    write_plan(plan_path, {"Contacts": [{"Name": "Dana", "Relation": "Peer"}]},
               headers={"Contacts": renamed("Relationship", "Relation")})
    report = validate_source(str(plan_path))
    assert [(p.type, p.severity) for p in report.problems] == [
        (ProblemType.MISSING_COLUMN, Severity.ERROR)]
    assert not report.valid


def test_a_renamed_setting_is_a_warning_at_its_label(plan_path: Path) -> None:
    book_path = write_plan(plan_path, {"Settings": {"Cadence Mentor": 5}})
    book = openpyxl.load_workbook(book_path)
    ws = book["Settings"]
    row = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value == "Cadence Mentor")
    ws.cell(row, 1).value = "Cadence Mentors"
    book.save(book_path)
    report = validate_source(str(book_path))
    [warning] = report.problems
    assert (warning.location, warning.severity) == (f"Settings!A{row}", Severity.WARNING)
    assert warning.message == (
        'the field Cadence Mentor is missing; did you mean "Cadence Mentors"? Rename this '
        'label to "Cadence Mentor" so that netplan reads it (until then it is not read, and '
        "the default (14) is used)")
    assert report.plan.settings.cadence_mentor == 14
