"""Big day counts and far dates: bounds from the schemas (day counts up to 36,500; dates a
spreadsheet can show, 1900-01-01 to 9999-12-31), a problem at the cell, validate and sync
agreeing, and date arithmetic at the end of the calendar that never overflows."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner
from cohort_data import PROGRAM, people, write_roster
from plans import write_plan

from netplan_sheets.cli import cli
from netplan_sheets.cohort.program import load_program
from netplan_sheets.compute import compute
from netplan_sheets.errors import BadInput
from netplan_sheets.labels import InteractionType, Relationship
from netplan_sheets.rows import Contact, Interaction, Plan, Review, Settings
from netplan_sheets.schema import Kind, input_schemas, raw_schema, sheet_schema
from netplan_sheets.sync import sync_xlsx
from netplan_sheets.workbooks import validate_source

LAST = date(9999, 12, 31)
FIRST = date(1900, 1, 1)
BIG = 3_000_000
DAY_SETTINGS = ["Cadence Key Connection", "Cadence Potential Mentor", "Cadence Mentor",
                "Cadence Peer", "Cadence Recruiter", "Cadence Other", "Thank-You Window",
                "Review Every", "Upcoming Window"]
GOAL = {"Goal ID": "G1", "Goal": "Talk", "Metric": "Interactions", "Target": 2,
        "Start": date(2026, 1, 1), "Due": date(2026, 12, 31)}
DANA = {"Name": "Dana Lee", "Relationship": "Mentor", "Added On": date(2026, 1, 5)}


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def agree(path: Path, as_of: date | None = None) -> list[str]:
    """validate's problems, checked equal to sync's (which must not fail); as one-liners."""
    validated = validate_source(str(path))
    synced = sync_xlsx(path, as_of=as_of, dry_run=True)
    assert synced.report.problems == validated.problems
    assert synced.valid == validated.valid
    return [p.one_line() for p in validated.problems]


def test_every_day_count_is_bounded_by_its_schema() -> None:
    days = {("settings", title) for title in DAY_SETTINGS} | {("contacts", "Follow Up Every")}
    for key, title in days:
        column = next(c for c in sheet_schema(key).columns if c.title == title)
        assert column.maximum == 36500, title
    dates = [c for s in input_schemas() for c in s.input_columns if c.kind is Kind.DATE]
    assert dates and all((c.earliest, c.latest) == (FIRST, LAST) for c in dates)
    program = raw_schema("program")["properties"]
    for key in ("start", "end"):
        assert (program[key]["formatMinimum"], program[key]["formatMaximum"]) == (
            FIRST.isoformat(), LAST.isoformat())


@pytest.mark.parametrize("title", DAY_SETTINGS)
def test_a_huge_setting_is_a_problem_at_its_cell(plan_path: Path, title: str) -> None:
    write_plan(plan_path, {"Settings": {title: BIG, "As Of": date(2026, 6, 1)},
                           "Goals": [GOAL], "Contacts": [DANA]})
    found = agree(plan_path)
    assert len(found) == 1 and f"({title}): expected a whole number from " in found[0]
    default = next(c.default for c in sheet_schema("settings").columns if c.title == title)
    assert found[0].endswith(f"to 36500; the default ({default}) is used [{BIG}]")
    code, _, err = run("sync", str(plan_path))
    assert code == 1, err


def test_a_huge_follow_up_every_is_a_problem_at_its_cell(plan_path: Path) -> None:
    write_plan(plan_path, {"Contacts": [{**DANA, "Follow Up Every": BIG}],
                           "Settings": {"As Of": date(2026, 6, 1)}})
    found = agree(plan_path)
    assert found == [f"Contacts!N2 (Follow Up Every): expected a whole number from 1 to 36500 "
                     f"[{BIG}]"]
    for command in ("validate", "sync"):
        code, out, err = run(command, str(plan_path))
        assert code == 1 and "Traceback" not in out + err


@pytest.mark.parametrize(("where", "value"), [
    ("As Of", "0001-01-01"), ("As Of", "1899-12-31"), ("Interactions", "0001-01-01"),
])
def test_a_date_no_spreadsheet_shows_is_a_problem_at_its_cell(
        plan_path: Path, where: str, value: str) -> None:
    rows: dict[str, Any] = {"Goals": [GOAL], "Contacts": [DANA]}
    if where == "As Of":
        rows["Settings"] = {"As Of": value}
    else:
        rows["Interactions"] = [{"Date": value, "Contact": "Dana Lee", "Type": "Call"}]
    write_plan(plan_path, rows)
    found = agree(plan_path, as_of=None if where == "As Of" else date(2026, 6, 1))
    expected = "expected a date from 1900-01-01 to 9999-12-31"
    assert len(found) == 1 and expected in found[0] and found[0].endswith(f"[{value}]")
    assert found[0].startswith("Settings!B2 (As Of)" if where == "As Of"
                               else "Interactions!A2 (Date)")


def test_the_end_of_the_calendar_syncs_with_the_largest_day_counts(plan_path: Path) -> None:
    settings: dict[str, Any] = dict.fromkeys(DAY_SETTINGS, 36500)
    write_plan(plan_path, {
        "Settings": {**settings, "As Of": LAST},
        "Goals": [{**GOAL, "Start": date(9999, 1, 1), "Due": LAST}],
        "Contacts": [{"Name": "Dana Lee", "Relationship": "Mentor", "Added On": LAST},
                     {"Name": "Sam Roe", "Relationship": "Peer", "Follow Up Every": 36500,
                      "Added On": date(9999, 12, 1)}],
        "Interactions": [{"Date": LAST, "Contact": "Sam Roe", "Type": "Coffee chat"}],
        "Reviews": [{"Date": LAST}],
    })
    assert agree(plan_path) == []
    code, out, err = run("sync", str(plan_path))
    assert code == 0, out + err
    book = openpyxl.load_workbook(plan_path)
    contacts = list(book["Contacts"].iter_rows(values_only=True))
    follow_up = contacts[0].index("Next Follow-up")
    # 9999-12-31 + 36,500 days is held at the last day a spreadsheet shows
    assert [row[follow_up] for row in contacts[1:]] == [datetime(9999, 12, 31)] * 2
    code, out, err = run("sync", str(plan_path))
    assert code == 0 and "nothing changed" in out, out + err


def test_a_calendar_of_the_last_day_has_no_overflow(plan_path: Path, tmp_path: Path) -> None:
    write_plan(plan_path, {"Settings": {"As Of": LAST},
                           "Actions": [{"Action": "Someday", "Due": LAST,
                                        "Status": "Not started"}]})
    out = tmp_path / "plan.ics"
    code, _, err = run("calendar", str(plan_path), "--out", str(out))
    assert code == 0, err
    text = out.read_text(encoding="utf-8")
    assert "DTSTART;VALUE=DATE:99991231" in text


def test_compute_saturates_instead_of_overflowing() -> None:
    long = Settings(**{f: 36500 for f in ("cadence_mentor", "thank_you_window",
                                          "review_every", "upcoming_window")})
    plan = Plan(
        settings=long,
        contacts=(Contact("Dana", Relationship.MENTOR, added_on=date.max, row=2),),
        interactions=(Interaction(date.max, "Dana", InteractionType.MEETING, row=2),),
        reviews=(Review(date.max, row=2),),
    )
    for as_of in (date.max, date.min, FIRST):
        results = compute(plan, as_of)  # no OverflowError at either end
        assert results.contacts[2].next_follow_up == date.max
    assert compute(plan, date.max).next_review_due == date.max
    assert compute(plan, date.min).summary.interactions_recent == 0


@pytest.mark.parametrize("command", [["sync", "PLAN"], ["demo", "FOLDER"],
                                     ["cohort", "sync", "PLAN"]])
@pytest.mark.parametrize("day", ["0001-01-01", "1899-12-31"])
def test_as_of_out_of_range_is_a_one_line_usage_error(
        tmp_path: Path, command: list[str], day: str) -> None:
    args = [str(tmp_path / "x") if a in ("PLAN", "FOLDER") else a for a in command]
    code, out, err = run(*args, "--as-of", day)
    assert code == 2
    assert err == (f"Error: Invalid value for '--as-of': {day}: expected a date from "
                   "1900-01-01 to 9999-12-31\n")
    assert out == "" and not (tmp_path / "x").exists()


def test_as_of_at_the_end_of_the_calendar_syncs(plan_path: Path) -> None:
    write_plan(plan_path, {"Goals": [GOAL], "Contacts": [DANA]})
    code, out, err = run("sync", str(plan_path), "--as-of", LAST.isoformat(), "--json")
    assert code == 0, err
    assert json.loads(out)["results"]["as_of"] == LAST.isoformat()


@pytest.mark.parametrize(("change", "message"), [
    ({"settings": {"Review Every": BIG}},
     "/settings/Review Every: expected a whole number from 1 to 36500"),
    ({"settings": {"upcoming_window": 36501}},
     "/settings/upcoming_window: expected a whole number from 0 to 36500"),
    ({"start": "0001-01-01"}, "/start: expected a date from 1900-01-01 to 9999-12-31"),
    ({"goals": [{**PROGRAM["goals"][0], "Start": "1899-01-01"}]},
     "/goals/0/Start: expected a date from 1900-01-01 to 9999-12-31"),
])
def test_the_program_file_has_the_same_bounds(
        tmp_path: Path, change: dict[str, Any], message: str) -> None:
    path = tmp_path / "program.json"
    path.write_text(json.dumps({**PROGRAM, **change}), encoding="utf-8")
    with pytest.raises(BadInput) as caught:
        load_program(path)
    assert str(caught.value) == f"{path}: {message}"
    roster = write_roster(tmp_path / "roster.csv", people(2))
    code, _, err = run("cohort", "init", str(roster), "--program", str(path), "--out",
                       str(tmp_path / "cohort"))
    assert code == 2 and err == f"Error: {path}: {message}\n"
    assert not any((tmp_path / "cohort").glob("*.xlsx"))
