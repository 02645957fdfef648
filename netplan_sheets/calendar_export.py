"""The follow-ups you owe as a calendar (.ics): ``netplan calendar``.

One all-day event per Follow-ups row, plus the next review when it is further off than the
Follow-ups sheet looks. An overdue item sits on the as-of date, with "overdue N days" in
its title, so it shows up today rather than in the past. Each event's UID comes from what
the follow-up is (reason, contact, item), never from its date: a calendar that imports the
file again updates the event instead of adding a second one. Two rows that are the same
(reason, contact, item), such as two thank-you notes owed to one person, are told apart by
their order in the sheet. Written with icalendar, as RFC 5545 text.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import icalendar

from netplan_sheets.compute import FollowUp, Results, compute
from netplan_sheets.compute import followup_text as text
from netplan_sheets.errors import OutputRefused
from netplan_sheets.file_safety import atomic_write
from netplan_sheets.labels import Reason
from netplan_sheets.rows import Plan
from netplan_sheets.validation import ValidationReport
from netplan_sheets.write_targets import real_file

PRODID = "-//netplan-sheets//netplan calendar//EN"
CALENDAR_NAME = "Networking follow-ups"
UID_DOMAIN = "netplan-sheets"


@dataclass(frozen=True)
class CalendarEvent:
    uid: str
    day: dt.date  # all day
    title: str
    description: str
    reason: Reason
    due: dt.date
    days_overdue: int

    def to_dict(self) -> dict[str, Any]:
        return {"uid": self.uid, "date": self.day.isoformat(), "title": self.title,
                "description": self.description, "reason": str(self.reason),
                "due": self.due.isoformat(), "days_overdue": self.days_overdue}


@dataclass(frozen=True)
class CalendarExport:
    source: str
    output: str
    as_of: dt.date
    events: tuple[CalendarEvent, ...]
    problems: int  # validation problems: their rows were left out

    @property
    def overdue(self) -> int:
        return sum(1 for e in self.events if e.days_overdue > 0)

    def to_dict(self) -> dict[str, Any]:
        return {"source": self.source, "output": self.output, "as_of": self.as_of.isoformat(),
                "event_count": len(self.events), "overdue": self.overdue,
                "problem_count": self.problems, "events": [e.to_dict() for e in self.events]}


def event_uid(reason: Reason, contact: str | None, item: str | None, repeat: int = 0) -> str:
    """A UID from what a follow-up is; ``repeat`` numbers the second, third... row that is
    the same (reason, contact, item)."""
    identity = "\x1f".join((str(reason), contact or "", item or "", str(repeat)))
    digest = hashlib.sha256(identity.encode("utf-8")).hexdigest()[:32]
    return f"followup-{digest}@{UID_DOMAIN}"


def _title(followup: FollowUp) -> str:
    if followup.reason is Reason.ACTION:
        head, notes = f"Action: {followup.item}", [followup.contact] if followup.contact else []
    elif followup.reason is Reason.REVIEW:
        head, notes = "Review your networking plan", []
    else:
        head, notes = f"Follow up: {followup.contact}", [str(followup.reason)]
    if followup.overdue:
        days = followup.days_overdue
        notes.append(f"overdue {days} day{'s' if days != 1 else ''}")
    return f"{head} ({', '.join(n for n in notes if n)})" if notes else head


def _description(followup: FollowUp) -> str:
    parts = [followup.detail, f"Suggested next step: {followup.suggested_next_step}"]
    if followup.overdue:
        parts.append(f"Was due {followup.due.isoformat()}.")
    return "\n\n".join(parts)


def _review(plan: Plan, results: Results) -> FollowUp | None:
    """The next review as a follow-up, for when it is not on the Follow-ups sheet yet."""
    due = results.next_review_due
    if due is None or any(f.reason is Reason.REVIEW for f in results.followups):
        return None
    past = [r.date for r in plan.reviews if r.date <= results.as_of]
    first_start = min((g.start for g in plan.goals), default=None)
    detail = text.review_detail(max(past, default=None), first_start,
                                plan.settings.review_every)
    return FollowUp(due, (results.as_of - due).days, Reason.REVIEW, None, "Review", detail,
                    text.review_step())


def followup_events(plan: Plan, results: Results) -> tuple[CalendarEvent, ...]:
    """The calendar's events: the Follow-ups rows in their order, then the next review."""
    rows = list(results.followups)
    review = _review(plan, results)
    if review is not None:
        rows.append(review)
    seen: dict[tuple[Reason, str | None, str | None], int] = {}
    events = []
    for followup in rows:
        identity = (followup.reason, followup.contact, followup.item)
        repeat = seen.get(identity, 0)
        seen[identity] = repeat + 1
        day = results.as_of if followup.overdue else followup.due
        events.append(CalendarEvent(event_uid(*identity, repeat), day, _title(followup),
                                    _description(followup), followup.reason, followup.due,
                                    followup.days_overdue))
    return tuple(events)


def calendar_bytes(events: tuple[CalendarEvent, ...], stamp: dt.datetime) -> bytes:
    """The events as an RFC 5545 calendar; ``stamp`` (UTC) is every event's DTSTAMP."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", CALENDAR_NAME)
    for event in events:
        entry = icalendar.Event()
        entry.add("uid", event.uid)
        entry.add("dtstamp", stamp.astimezone(dt.UTC).replace(microsecond=0))
        entry.add("dtstart", event.day)
        if event.day < dt.date.max:
            entry.add("dtend", event.day + dt.timedelta(days=1))
        # else no DTEND: an all-day event without one lasts that day (RFC 5545 3.6.1), and
        # 9999-12-31 has no next day to end on
        entry.add("summary", event.title)
        entry.add("description", event.description)
        entry.add("categories", [str(event.reason)])
        entry.add("transp", "TRANSPARENT")  # a reminder, not time taken
        calendar.add_component(entry)
    data: bytes = calendar.to_ical()
    return data


def check_output(out: Path, plan: Path | None) -> None:
    """Refuse to write over the plan itself, a folder, or a file that is not a calendar."""
    if out.is_dir():
        raise OutputRefused(f"{out}: is a folder; name the .ics file to write")
    if plan is not None and out.exists() and plan.exists() and out.samefile(plan):
        raise OutputRefused(f"{out}: is the plan itself; name a new .ics file to write")
    if out.exists():
        with out.open("rb") as existing:
            head = existing.read(64).lstrip(b"\xef\xbb\xbf \t\r\n")
        if head and not head.upper().startswith(b"BEGIN:VCALENDAR"):
            raise OutputRefused(f"{out}: exists and is not a calendar file; refusing to "
                                "overwrite it")


def export_calendar(report: ValidationReport, out: Path, as_of: dt.date | None = None,
                    plan_path: Path | None = None, today: dt.date | None = None,
                    stamp: dt.datetime | None = None) -> CalendarExport:
    """Write the plan's follow-ups to ``out`` (atomically; a link is followed to the file
    it names, and kept); ``plan_path`` is the plan's own file, never overwritten."""
    check_output(out, plan_path)
    day = as_of or report.plan.settings.as_of or today or dt.date.today()
    results = compute(report.plan, day)
    events = followup_events(report.plan, results)
    data = calendar_bytes(events, stamp or dt.datetime.now(dt.UTC))

    def write(temp: Path) -> None:
        temp.write_bytes(data)

    atomic_write(real_file(out), write)
    return CalendarExport(report.source, str(out), day, events, len(report.problems))


def export_source_calendar(source: str, out: Path, as_of: dt.date | None = None,
                           credentials: str | None = None) -> CalendarExport:
    """``export_calendar`` for the plan at ``source``: an .xlsx path, or a Google Sheets
    URL or key."""
    from netplan_sheets.sheet_urls import spreadsheet_key
    from netplan_sheets.workbooks import validate_source

    local = None if spreadsheet_key(source) is not None else Path(source)
    if local is not None:
        check_output(out, local)  # before reading: a refusal costs nothing
    return export_calendar(validate_source(source, credentials), out, as_of, local)
