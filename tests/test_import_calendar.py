"""Reading calendar exports: repeating events expanded (EXDATE, moved and cancelled
instances), cancelled and declined events left out, the window kept, and each event dated
where it happens (its own time zone)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from netplan_sheets.errors import ImportFileUnreadable
from netplan_sheets.imports.files import read_import_file
from netplan_sheets.imports.ical import Window
from netplan_sheets.imports.records import ImportProblemType, Meeting

SAMPLES = Path(__file__).parent / "import_samples"
ME = "jordan@lake.example"
WINDOW = Window(date(2025, 11, 3), date(2026, 11, 3))
DANA = "dana.lee@northwind.example"


def meetings(path: Path, window: Window = WINDOW, me: str | None = ME) -> list[Meeting]:
    return list(read_import_file(path, window, me).meetings)


def with_(email: str, found: list[Meeting]) -> list[tuple[date, str | None]]:
    return [(m.date, m.title) for m in found if email in m.emails]


def test_google_calendar_export_expanded() -> None:
    found = meetings(SAMPLES / "google_calendar.ics")
    mentoring = [d for d, title in with_(DANA, found) if title == "Platform mentoring"]
    # weekly on Mondays at 23:30 New York from 7 September, 8 times: 21 September is an
    # EXDATE, 5 October moved to Wednesday 7 October, 12 October cancelled
    assert mentoring == [date(2026, 9, 7), date(2026, 9, 14), date(2026, 9, 28),
                         date(2026, 10, 7), date(2026, 10, 19), date(2026, 10, 26)]
    assert (date(2026, 9, 30), "RoboConf 2026 day 1") in with_(DANA, found)  # all day
    titles = {m.title for m in found}
    assert "Coffee with Omar" not in titles  # STATUS:CANCELLED
    assert "Globex data team offsite" not in titles  # the plan's owner declined
    assert "Lunch with Priya" not in titles  # after the as-of date
    assert "Intro call with Priya" not in titles  # before --since
    # 03:00 UTC on 15 October is 23:00 on 14 October in the calendar's X-WR-TIMEZONE
    assert with_("priya.raman@contoso.example", found) == [(date(2026, 10, 14),
                                                            "Call with Priya")]
    guild = next(m for m in found if m.title == "Data guild sync")
    assert DANA in guild.declined and DANA not in guild.emails  # Dana declined it
    assert "omar.haddad@globex.example" in guild.emails  # tentative still takes part


def test_declined_events_are_kept_when_the_plan_has_no_profile_email() -> None:
    titles = {m.title for m in meetings(SAMPLES / "google_calendar.ics", me=None)}
    assert "Globex data team offsite" in titles


def test_an_event_at_2330_in_new_york_is_on_its_new_york_date(tmp_path: Path) -> None:
    path = tmp_path / "late.ics"
    path.write_text("\r\n".join([
        "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//test//late//EN",
        "BEGIN:VEVENT", "UID:late-1", "DTSTAMP:20260101T000000Z",
        "DTSTART;TZID=America/New_York:20260309T233000",
        "DTEND;TZID=America/New_York:20260310T003000",
        "SUMMARY:Late call", f"ATTENDEE:mailto:{DANA}", "END:VEVENT",
        "BEGIN:VEVENT", "UID:tokyo-1", "DTSTAMP:20260101T000000Z",
        "DTSTART;TZID=Asia/Tokyo:20260310T080000", "SUMMARY:Early call in Tokyo",
        f"ATTENDEE:mailto:{DANA}", "END:VEVENT",
        "END:VCALENDAR", ""]), "utf-8")
    found = meetings(path)
    # 23:30 EDT on 9 March is 03:30 UTC on 10 March; 08:00 in Tokyo on 10 March is 23:00
    # UTC on 9 March: each is dated where it happens
    assert [(m.title, m.date) for m in found] == [("Late call", date(2026, 3, 9)),
                                                  ("Early call in Tokyo", date(2026, 3, 10))]


def test_outlook_windows_time_zone_names() -> None:
    (call,) = meetings(SAMPLES / "outlook_calendar.ics")
    # 00:30 on 11 July in Berlin, which is still 10 July in UTC
    assert (call.date, call.title) == (date(2026, 7, 11), "Stadtwerke partnership call")
    assert "juergen.mueller@stadtwerke-koeln.example" in call.emails


@pytest.mark.parametrize(("window", "expected"), [
    (Window(date(2026, 9, 14), date(2026, 9, 28)), [date(2026, 9, 14), date(2026, 9, 28)]),
    (Window(date(2026, 9, 15), date(2026, 9, 27)), []),
    (Window(date(2026, 10, 26), date(2026, 10, 26)), [date(2026, 10, 26)]),
])
def test_the_window_includes_both_ends(window: Window, expected: list[date]) -> None:
    found = meetings(SAMPLES / "google_calendar.ics", window)
    assert [d for d, t in with_(DANA, found) if t == "Platform mentoring"] == expected


def test_a_broken_event_is_a_problem_at_its_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.ics"
    path.write_text("\r\n".join([
        "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//test//broken//EN",
        "BEGIN:VEVENT", "UID:bad-start", "DTSTART:20261345T100000", "SUMMARY:Bad start",
        f"ATTENDEE:mailto:{DANA}", "END:VEVENT",
        "BEGIN:VEVENT", "UID:bad-rule", "DTSTART:20260301T100000", "RRULE:FREQ=SOMETIMES",
        "SUMMARY:Bad rule", f"ATTENDEE:mailto:{DANA}", "END:VEVENT",
        "BEGIN:VEVENT", "UID:bad-rule", "RECURRENCE-ID:20260302T100000",
        "DTSTART:20260303T100000", "SUMMARY:Moved instance of the bad rule",
        f"ATTENDEE:mailto:{DANA}", "END:VEVENT",
        "BEGIN:VEVENT", "UID:good", "DTSTART:20260302T100000", "SUMMARY:Good",
        f"ATTENDEE:mailto:{DANA}", "END:VEVENT",
        "END:VCALENDAR", ""]), "utf-8")
    parsed = read_import_file(path, WINDOW, ME)
    assert [m.title for m in parsed.meetings] == ["Good"]
    assert [(p.line, p.type) for p in parsed.problems] == [
        (4, ImportProblemType.BAD_DATE), (10, ImportProblemType.BAD_DATE)]
    assert "DTSTART" in parsed.problems[0].message and "RRULE" in parsed.problems[1].message


def test_a_calendar_that_cannot_be_parsed_is_one_line(tmp_path: Path) -> None:
    path = tmp_path / "cut.ics"
    path.write_text("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nSUMMARY:cut short",
                    "utf-8")
    with pytest.raises(ImportFileUnreadable) as raised:
        read_import_file(path, WINDOW, ME)
    assert str(raised.value).startswith(f"{path}: ") and "\n" not in str(raised.value)
