"""Calendar exports (.ics, from Google Calendar or Outlook), read with icalendar and
expanded with recurring-ical-events.

Every occurrence inside the window becomes a :class:`Meeting`: repeating events are
expanded (RRULE, RDATE, EXDATE, moved instances), cancelled events and cancelled instances
are left out, and so are events the plan's owner declined. The date is the occurrence's
local start date in its own time zone (an event at 23:30 in New York is on its New York
date); a time given in UTC is first moved to the calendar's ``X-WR-TIMEZONE`` when it
names one, as Google's exports do. Which meetings involve a contact is the merge's
business: the reader keeps only dates, titles and addresses, and nothing of an event
without a known contact goes any further.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import icalendar
import recurring_ical_events

from netplan_sheets.errors import ImportFileUnreadable
from netplan_sheets.imports.records import (
    FileKind,
    ImportProblem,
    ImportProblemType,
    Meeting,
    ParsedFile,
    Progress,
)
from netplan_sheets.imports.text import clean, email_key, emails_in

_BEGIN_CALENDAR = re.compile(r"^BEGIN:VCALENDAR\s*$", re.IGNORECASE)
_BEGIN_EVENT = re.compile(r"^BEGIN:VEVENT\s*$", re.IGNORECASE)
# Properties whose damage makes an event's dates unknowable.
_DATE_PROPERTIES = frozenset({"DTSTART", "DTEND", "DURATION", "RRULE", "RDATE", "EXDATE",
                              "RECURRENCE-ID"})


@dataclass(frozen=True)
class Window:
    """The dates whose events are imported, both ends included."""

    since: dt.date
    until: dt.date


def looks_like_calendar(text: str) -> bool:
    return bool(_BEGIN_CALENDAR.match(text.lstrip("\ufeff \t\r\n").split("\n", 1)[0]))


def read_calendar(text: str, name: str, window: Window, me: str | None = None,
                  progress: Progress | None = None) -> ParsedFile:
    """Meetings in ``window`` from the calendar ``text``; ``me`` is the plan owner's email
    (events they declined are left out)."""
    try:
        calendar = icalendar.Calendar.from_ical(text)
    except Exception as error:  # icalendar raises ValueError and others for a broken file
        raise ImportFileUnreadable(f"{name}: is not a readable iCalendar file "
                                   f"({_reason(error)})") from None
    lines = [n for n, line in enumerate(text.splitlines(), start=1) if _BEGIN_EVENT.match(line)]
    events = [c for c in calendar.subcomponents if c.name == "VEVENT"]
    first_line: dict[str, int] = {}
    problems: list[ImportProblem] = []
    broken: set[str] = set()
    for index, event in enumerate(events):
        line = lines[index] if index < len(lines) else 0
        uid = str(event.get("UID", f"#{index}"))
        first_line.setdefault(uid, line)
        why = _broken(event)
        if why:
            problems.append(ImportProblem(ImportProblemType.BAD_DATE, name, line, why))
            broken.add(uid)
    # A series with one unreadable part (its rule, a moved instance) is left out whole:
    # expanding what is left would invent or lose occurrences.
    calendar.subcomponents = [c for c in calendar.subcomponents if not (
        c.name == "VEVENT" and str(c.get("UID", "")) in broken)]
    if progress is not None:
        progress(len(text.splitlines()) // 2)
    try:
        query = recurring_ical_events.of(calendar)
        found = query.between(window.since - dt.timedelta(days=1),
                              window.until + dt.timedelta(days=2))
        meetings, count = _meetings(found, window, me, first_line)
    except Exception as error:  # what the checks above did not foresee: one clear line
        raise ImportFileUnreadable(f"{name}: its events cannot be expanded "
                                   f"({_reason(error)})") from None
    return ParsedFile(name, FileKind.ICALENDAR, meetings=tuple(meetings),
                      problems=tuple(problems), events=count)


def _reason(error: BaseException) -> str:
    text = clean(str(error)).splitlines()
    return text[0][:160] if text else type(error).__name__


def _broken(event: Any) -> str | None:
    for prop, message in getattr(event, "errors", []):
        if str(prop).upper() in _DATE_PROPERTIES:
            return f"this event's {str(prop).upper()} cannot be read ({clean(str(message))})"
    if event.get("DTSTART") is None:
        return "this event has no start date (DTSTART)"
    return None


def _meetings(occurrences: Iterable[Any], window: Window, me: str | None,
              first_line: dict[str, int]) -> tuple[list[Meeting], int]:
    meetings = []
    count = 0
    mine = email_key(me) if me else None
    for occurrence in occurrences:
        if str(occurrence.get("STATUS", "")).upper() == "CANCELLED":
            continue
        day = local_date(occurrence.get("DTSTART").dt)
        if not window.since <= day <= window.until:
            continue
        count += 1
        taking, declined = _people(occurrence)
        if mine is not None and mine in declined:
            continue
        title = clean(str(occurrence.get("SUMMARY", ""))) or None
        meetings.append(Meeting(first_line.get(str(occurrence.get("UID", "")), 0), day, title,
                                taking, declined))
    meetings.sort(key=lambda m: (m.date, m.line))
    return meetings, count


def local_date(start: dt.date) -> dt.date:
    """The date an event starts on where it happens: a datetime is already in the event's
    own time zone (or floating), so its date is the local one."""
    return start.date() if isinstance(start, dt.datetime) else start


def _addresses(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def _people(occurrence: Any) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(organizer and attendees taking part, attendees who declined), as folded emails."""
    taking: list[str] = []
    declined: list[str] = []
    for role in ("ORGANIZER", "ATTENDEE"):
        for address in _addresses(occurrence.get(role)):
            status = str(getattr(address, "params", {}).get("PARTSTAT", "")).upper()
            for email in emails_in(str(address)):
                (declined if status == "DECLINED" else taking).append(email_key(email))
    gone = set(declined)
    return (tuple(dict.fromkeys(e for e in taking if e not in gone)),
            tuple(dict.fromkeys(declined)))
