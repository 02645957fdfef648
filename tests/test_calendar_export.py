"""netplan calendar: the follow-ups as RFC 5545 all-day events that parse back with
icalendar, keep their UIDs from one export to the next, and are written safely."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path
from typing import Any

import icalendar
import pytest
from click.testing import CliRunner
from fake_google import FakeGoogle, service_account_info
from google_plans import upload_plan
from plans import write_plan

from netplan_sheets.calendar_export import export_calendar, export_source_calendar
from netplan_sheets.cli import cli
from netplan_sheets.compute import compute
from netplan_sheets.errors import OutputRefused
from netplan_sheets.sheet_urls import spreadsheet_url
from netplan_sheets.workbooks import validate_source

AS_OF = dt.date(2026, 11, 3)
STAMP = dt.datetime(2026, 11, 3, 8, 30, tzinfo=dt.UTC)


def plan_rows(dana_last_call: dt.date = dt.date(2026, 10, 1)) -> dict[str, Any]:
    return {
        "Goals": [{"Goal ID": "G1", "Goal": "Meet people", "Metric": "Interactions",
                   "Target": 10, "Start": dt.date(2026, 9, 1), "Due": dt.date(2026, 12, 31)}],
        "Contacts": [
            {"Name": "Dana Lee", "Relationship": "Mentor"},  # every 14 days
            {"Name": "Omar Haddad", "Relationship": "Peer"},  # every 60 days: not due
            {"Name": "Priya Raman", "Relationship": "Potential mentor",
             "Added On": dt.date(2026, 10, 20)},  # due 10 November: due soon
            {"Name": "Sam Okafor", "Relationship": "Key connection"},
        ],
        "Interactions": [
            {"Date": dana_last_call, "Contact": "Dana Lee", "Type": "Call"},
            {"Date": dt.date(2026, 10, 1), "Contact": "Omar Haddad", "Type": "Call"},
            # two coffee chats nobody thanked Sam for: two thank-you rows alike
            {"Date": dt.date(2026, 10, 20), "Contact": "Sam Okafor", "Type": "Coffee chat",
             "Summary": "Career paths"},
            {"Date": dt.date(2026, 10, 25), "Contact": "Sam Okafor", "Type": "Coffee chat",
             "Summary": "Hiring plans"},
        ],
        "Actions": [{"Action": "Write a post about platform teams", "Goal ID": "G1",
                     "Due": dt.date(2026, 11, 5), "Status": "Not started"}],
        "Reviews": [{"Date": dt.date(2026, 10, 15)}],  # next review 14 November
    }


def export(folder: Path, name: str = "follow-ups.ics", stamp: dt.datetime = STAMP,
           **rows: Any) -> tuple[Path, list[Any]]:
    plan = write_plan(folder / "plan.xlsx", plan_rows(**rows))
    out = folder / name
    export_calendar(validate_source(str(plan)), out, AS_OF, plan, stamp=stamp)
    calendar = icalendar.Calendar.from_ical(out.read_bytes())
    return out, list(calendar.walk("VEVENT"))


def content(event: Any) -> list[str]:
    """An event as its lines of RFC 5545 text, DTSTAMP aside."""
    return [line for line in event.to_ical().decode().splitlines()
            if not line.startswith("DTSTAMP")]


def test_the_file_is_a_calendar_of_all_day_events(tmp_path: Path) -> None:
    out, events = export(tmp_path)
    calendar = icalendar.Calendar.from_ical(out.read_bytes())
    assert (str(calendar["VERSION"]), str(calendar["PRODID"])) == (
        "2.0", "-//netplan-sheets//netplan calendar//EN")
    report = validate_source(str(tmp_path / "plan.xlsx"))
    followups = compute(report.plan, AS_OF).followups
    assert len(events) == len(followups) + 1  # and the next review, further off
    for event in events:
        start, end = event["DTSTART"].dt, event["DTEND"].dt
        assert type(start) is dt.date and end == start + dt.timedelta(days=1)
        assert event["DTSTAMP"].dt == STAMP and str(event["UID"]).endswith("@netplan-sheets")
    found = {(str(e["SUMMARY"]), e["DTSTART"].dt) for e in events}
    assert found == {
        ("Follow up: Dana Lee (Stay in touch, overdue 19 days)", AS_OF),
        ("Follow up: Sam Okafor (Thank-you note, overdue 12 days)", AS_OF),
        ("Follow up: Sam Okafor (Thank-you note, overdue 7 days)", AS_OF),
        ("Action: Write a post about platform teams", dt.date(2026, 11, 5)),
        ("Follow up: Priya Raman (Stay in touch)", dt.date(2026, 11, 10)),
        ("Review your networking plan", dt.date(2026, 11, 14)),
    }
    dana = next(e for e in events if "Dana" in str(e["SUMMARY"]))
    description = str(dana["DESCRIPTION"])
    assert description.startswith("Last contact 2026-10-01 (Call); stay in touch every 14 days")
    assert "Suggested next step: Book your next mentor meeting" in description
    assert description.endswith("Was due 2026-10-15.")


def test_uids_are_the_same_in_every_export(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    _, first = export(tmp_path / "a")
    _, second = export(tmp_path / "b", stamp=STAMP + dt.timedelta(days=1))
    assert [content(e) for e in first] == [content(e) for e in second]
    uids = [str(e["UID"]) for e in first]
    assert len(set(uids)) == len(uids)  # Sam's two thank-you notes are two events


def test_a_changed_follow_up_changes_only_its_own_event(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    _, before = export(tmp_path / "a")
    # a later call with Dana: her stay-in-touch moves from overdue to due today
    _, after = export(tmp_path / "b", dana_last_call=dt.date(2026, 10, 20))
    old = {str(e["UID"]): e for e in before}
    new = {str(e["UID"]): e for e in after}
    assert old.keys() == new.keys()
    changed = [uid for uid in old if content(old[uid]) != content(new[uid])]
    assert [str(old[uid]["SUMMARY"]) for uid in changed] == [
        "Follow up: Dana Lee (Stay in touch, overdue 19 days)"]
    assert str(new[changed[0]]["SUMMARY"]) == "Follow up: Dana Lee (Stay in touch)"


def test_the_plan_itself_is_never_overwritten(tmp_path: Path) -> None:
    plan = write_plan(tmp_path / "plan.xlsx", plan_rows())
    before = plan.read_bytes()
    link = tmp_path / "calendar.ics"
    link.symlink_to(plan)
    for out in (plan, link, tmp_path / "." / "plan.xlsx"):
        with pytest.raises(OutputRefused, match="is the plan itself"):
            export_source_calendar(str(plan), out, AS_OF)
    assert plan.read_bytes() == before


def test_only_an_earlier_calendar_is_replaced(tmp_path: Path) -> None:
    plan = write_plan(tmp_path / "plan.xlsx", plan_rows())
    notes = tmp_path / "notes.ics"
    notes.write_text("my own notes, not a calendar\n")
    with pytest.raises(OutputRefused, match="is not a calendar file"):
        export_source_calendar(str(plan), notes, AS_OF)
    assert notes.read_text() == "my own notes, not a calendar\n"
    with pytest.raises(OutputRefused, match="is a folder"):
        export_source_calendar(str(plan), tmp_path, AS_OF)
    out = tmp_path / "follow-ups.ics"
    out.write_bytes(b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n")
    result = export_source_calendar(str(plan), out, AS_OF)
    assert len(icalendar.Calendar.from_ical(out.read_bytes()).walk("VEVENT")) == len(
        result.events) == 6
    assert sorted(os.listdir(tmp_path)) == ["follow-ups.ics", "notes.ics", "plan.xlsx"]


def test_cli_text_and_json(tmp_path: Path) -> None:
    plan = write_plan(tmp_path / "plan.xlsx", plan_rows())
    out = tmp_path / "follow-ups.ics"
    runner = CliRunner()
    result = runner.invoke(cli, ["calendar", str(plan), "--out", str(out), "--as-of",
                                 "2026-11-03"])
    assert result.exit_code == 0, result.output
    assert result.output == (f"{out}: 6 events as of 2026-11-03 (3 overdue, placed on "
                             "2026-11-03; 3 coming up)\n")
    result = runner.invoke(cli, ["calendar", str(plan), "--out", str(out), "--as-of",
                                 "2026-11-03", "--json"])
    data = json.loads(result.output)
    library = export_source_calendar(str(plan), out, AS_OF).to_dict()
    assert data == library and data["event_count"] == 6


def test_cli_exit_codes(tmp_path: Path) -> None:
    rows = plan_rows()
    rows["Contacts"].append({"Name": "Nobody", "Relationship": "Friend"})
    plan = write_plan(tmp_path / "plan.xlsx", rows)
    result = CliRunner().invoke(cli, ["calendar", str(plan), "--out",
                                      str(tmp_path / "f.ics"), "--as-of", "2026-11-03"])
    assert result.exit_code == 1 and "1 problem in the plan" in result.output
    result = CliRunner().invoke(cli, ["calendar", str(plan), "--out", str(plan)])
    assert result.exit_code == 2 and result.output.count("\n") == 1
    result = CliRunner().invoke(cli, ["calendar", str(tmp_path / "missing.xlsx"), "--out",
                                      str(tmp_path / "f.ics")])
    assert result.exit_code == 2 and result.output.startswith("Error: ")


def test_a_google_plan(tmp_path: Path, fake_google: FakeGoogle) -> None:
    key = upload_plan(fake_google, write_plan(tmp_path / "plan.xlsx", plan_rows()))
    credentials = tmp_path / "sa.json"
    credentials.write_text(json.dumps(service_account_info("planner@p.iam.gserviceaccount.com")))
    out = tmp_path / "follow-ups.ics"
    result = CliRunner().invoke(cli, ["calendar", spreadsheet_url(key), "--out", str(out),
                                      "--as-of", "2026-11-03", "--credentials",
                                      str(credentials)])
    assert result.exit_code == 0, result.output
    (tmp_path / "local").mkdir()
    _, local = export(tmp_path / "local")
    events = icalendar.Calendar.from_ical(out.read_bytes()).walk("VEVENT")
    assert sorted(str(e["UID"]) for e in events) == sorted(str(e["UID"]) for e in local)


def test_a_link_is_followed_and_kept(tmp_path: Path) -> None:
    plan = write_plan(tmp_path / "plan.xlsx", plan_rows())
    (tmp_path / "calendars").mkdir()
    real = tmp_path / "calendars" / "netplan.ics"
    real.write_bytes(b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n")
    link = tmp_path / "follow-ups.ics"
    link.symlink_to(real)
    export_source_calendar(str(plan), link, AS_OF)
    assert link.is_symlink() and link.resolve() == real.resolve()
    assert len(icalendar.Calendar.from_ical(real.read_bytes()).walk("VEVENT")) == 6
