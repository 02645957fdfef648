"""Merging imported records into a plan without clobbering anything: a pure function of the
plan as read and the parsed files, giving :class:`~netplan_sheets.input_edits.InputEdits`.

A person matches a Contacts row by email (case folded), else LinkedIn address (normalised),
else name (case and spacing folded); rows added earlier in the same run count, so a person
listed twice in one file, or in two files, is one contact. A match only fills the row's
blank cells. A meeting becomes one Interaction per known contact among its organizer and
attendees, unless the same (Date, Contact, Type, Summary) is already logged.

Choices where the issue is silent:

- A match fills Name, Organization, Role, Email, LinkedIn, and Added On from LinkedIn's
  Connected On; How Met and Relationship are only set on new contacts (they describe how
  the user sees the person, which an address book does not know).
- A person with an email but no name is added with the email as their Name.
- Contact files are merged before calendars, whatever the order given, so the contacts a
  run adds are known to the calendars of the same run.
- A contact who declined a meeting did not meet you: no Interaction is logged for them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from netplan_sheets.cells import CellError, read_date
from netplan_sheets.errors import ImportBlocked
from netplan_sheets.imports.records import (
    FileKind,
    ImportProblem,
    ImportProblemType,
    Meeting,
    ParsedFile,
    Person,
)
from netplan_sheets.imports.sheets import SheetEdits
from netplan_sheets.imports.text import email_key, linkedin_key, name_key
from netplan_sheets.input_edits import InputEdits, text_problem
from netplan_sheets.labels import InteractionType, Relationship
from netplan_sheets.layout import SheetLayout

MEETING = InteractionType.MEETING.value


@dataclass(frozen=True)
class MergeOptions:
    relationship: Relationship = Relationship.OTHER  # for new contacts
    import_date: date = field(default_factory=date.today)  # Added On when the file has none
    me: str | None = None  # the Profile's Email: never a contact of a meeting


@dataclass
class FileOutcome:
    """What one file brought: counts only, so nothing of an unmatched event is kept."""

    name: str
    kind: FileKind
    people: int = 0
    new: int = 0  # new contacts
    filled: int = 0  # existing contacts with blank cells filled
    already: int = 0  # existing contacts with nothing to add
    repeated: int = 0  # the same person again, in the same file
    events: int = 0  # calendar events in the window
    with_contact: int = 0  # ... of which with a known contact
    new_interactions: int = 0
    logged_interactions: int = 0  # already logged
    problems: list[ImportProblem] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        record = {k: v for k, v in vars(self).items() if k != "problems"}
        record["kind"] = str(self.kind)
        record["source"] = self.kind.source
        record["problems"] = [p.to_dict() for p in self.problems]
        return record


@dataclass(frozen=True)
class ImportPlan:
    edits: tuple[InputEdits, ...]
    files: tuple[FileOutcome, ...]  # in the order the files were given
    skipped: dict[str, dict[str, int]]  # sheet title -> column title -> values not imported

    @property
    def changed_cells(self) -> int:
        return sum(len(e.cells) for e in self.edits)


class _Contacts:
    """The Contacts rows, indexed by email, LinkedIn key and name key (first row wins)."""

    def __init__(self, sheet: SheetEdits) -> None:
        self.sheet = sheet
        self.by_email: dict[str, int] = {}
        self.by_linkedin: dict[str, int] = {}
        self.by_name: dict[str, int] = {}
        self.added_by: dict[int, int] = {}  # row -> index of the file that added it
        for row in sheet.rows():
            self.index(row)

    def index(self, row: int) -> None:
        email, url, name = (self.sheet.text(row, k) for k in ("email", "linkedin", "name"))
        if email:
            self.by_email.setdefault(email_key(email), row)
        if url:
            self.by_linkedin.setdefault(linkedin_key(url), row)
        if name:
            self.by_name.setdefault(name_key(name), row)

    def find(self, person: Person) -> int | None:
        for email in person.emails:
            if (row := self.by_email.get(email_key(email))) is not None:
                return row
        if person.linkedin and (row := self.by_linkedin.get(linkedin_key(person.linkedin))):
            return row
        if person.name:
            return self.by_name.get(name_key(person.name))
        return None

    def name(self, row: int) -> str:
        return self.sheet.text(row, "name")


def plan_import(layouts: dict[str, SheetLayout], epoch: date, files: Sequence[ParsedFile],
                options: MergeOptions) -> ImportPlan:
    """The edits that bring ``files`` into the plan whose sheets ``layouts`` describe."""
    contacts = _Contacts(SheetEdits(_require(layouts["contacts"], ("name",))))
    interactions: SheetEdits | None = None
    keys: set[tuple[date, str, str, str]] = set()
    outcomes = [FileOutcome(f.name, f.kind, people=len(f.people), events=f.events,
                            problems=list(f.problems)) for f in files]
    order = sorted(range(len(files)), key=lambda i: not files[i].kind.has_people)
    for index in order:
        parsed, outcome = files[index], outcomes[index]
        for person in parsed.people:
            _merge_person(contacts, person, index, parsed.kind, options, outcome)
        if parsed.meetings and interactions is None:
            interactions = SheetEdits(_require(layouts["interactions"],
                                               ("date", "contact", "type")))
            keys = _logged(interactions, epoch)
        for meeting in parsed.meetings:
            assert interactions is not None
            _merge_meeting(contacts, interactions, keys, meeting, options, outcome)
    sheets = [s for s in (contacts.sheet, interactions) if s is not None]
    edits = tuple(e for s in sheets if (e := s.edits()) is not None)
    skipped = {s.layout.title: dict(s.skipped) for s in sheets if s.skipped}
    return ImportPlan(edits, tuple(outcomes), skipped)


def _require(layout: SheetLayout, columns: Sequence[str]) -> SheetLayout:
    """``layout``, when its sheet and ``columns`` are there to write to."""
    if layout.sheet is None:
        raise ImportBlocked(f"the plan has no {layout.schema.title} sheet to import into; "
                            "add it back (netplan init writes a template to copy it from)")
    for column in columns:
        if column not in layout.columns:
            title = layout.schema.column(column).title
            raise ImportBlocked(f"{layout.title} has no {title} column to import into; its "
                                f'header must read "{title}"')
    return layout


def _merge_person(contacts: _Contacts, person: Person, file_index: int, kind: FileKind,
                  options: MergeOptions, outcome: FileOutcome) -> None:
    sheet = contacts.sheet
    row = contacts.find(person)
    facts: dict[str, Any] = {"name": person.name, "organization": person.organization,
                             "role": person.role, "email": person.email,
                             "linkedin": person.linkedin, "added_on": person.connected_on}
    if row is None:
        _require(sheet.layout, ("name", "relationship"))
        row = sheet.append()
        contacts.added_by[row] = file_index
        facts |= {"name": person.name or person.email, "how_met": kind.source,
                  "relationship": options.relationship.value,
                  "added_on": person.connected_on or options.import_date}
        for key, value in facts.items():
            sheet.put(row, key, value)
        outcome.new += 1
    else:
        filled = [sheet.put(row, key, value) for key, value in facts.items()]
        if contacts.added_by.get(row) == file_index:
            outcome.repeated += 1
        elif any(filled):
            outcome.filled += 1
        else:
            outcome.already += 1
    contacts.index(row)


def _logged(sheet: SheetEdits, epoch: date) -> set[tuple[date, str, str, str]]:
    """(Date, Contact, Type, Summary) of every interaction already in the sheet."""
    keys = set()
    for row in sheet.rows():
        try:
            day = read_date(sheet.value(row, "date"), epoch)
        except CellError:
            continue  # not a date: validation reports it; it cannot equal an import
        keys.add(_key(day, sheet.text(row, "contact"), sheet.text(row, "type"),
                      sheet.text(row, "summary")))
    return keys


def _key(day: date, contact: str, kind: str, summary: str) -> tuple[date, str, str, str]:
    return day, contact.strip(), kind.strip().casefold(), summary.strip()


def _merge_meeting(contacts: _Contacts, sheet: SheetEdits,
                   keys: set[tuple[date, str, str, str]], meeting: Meeting,
                   options: MergeOptions, outcome: FileOutcome) -> None:
    me = email_key(options.me) if options.me else None
    names = []
    for email in meeting.emails:
        row = contacts.by_email.get(email)
        name = contacts.name(row) if row is not None and email != me else ""
        if name:
            names.append(name)
    if not names:
        return  # no known contact: nothing of this event is kept
    outcome.with_contact += 1
    why = text_problem(meeting.title) if meeting.title else None
    if why:
        outcome.problems.append(ImportProblem(ImportProblemType.BAD_TEXT, outcome.name,
                                              meeting.line, f"the event's title {why}"))
        return
    for name in dict.fromkeys(names):
        key = _key(meeting.date, name, MEETING, meeting.title or "")
        if key in keys:
            outcome.logged_interactions += 1
            continue
        keys.add(key)
        row = sheet.append()
        for column, value in (("date", meeting.date), ("contact", name), ("type", MEETING),
                              ("summary", meeting.title)):
            sheet.put(row, column, value)
        outcome.new_interactions += 1
