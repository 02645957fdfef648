"""What a file to import holds once read: people, meetings and problems, as frozen records.

Every record keeps the line of the file it came from, so a row that cannot be imported is
reported where the user can find it. A problem is a record like a validation problem: a
stable ``type``, the place (file and line) and a sentence for people.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

# How a reader reports how far it has got: called with the number of lines read so far.
Progress = Callable[[int], None]


class FileKind(StrEnum):
    """The kinds of file ``netplan import`` reads; the value is the ``--format`` name."""

    LINKEDIN = "linkedin"
    GOOGLE = "google"
    OUTLOOK = "outlook"
    VCARD = "vcard"
    ICALENDAR = "ics"

    @property
    def source(self) -> str:
        """How Met for a new contact, and the file's kind in messages."""
        return _SOURCES[self]

    @property
    def has_people(self) -> bool:
        return self is not FileKind.ICALENDAR


_SOURCES = {
    FileKind.LINKEDIN: "LinkedIn",
    FileKind.GOOGLE: "Google Contacts",
    FileKind.OUTLOOK: "Outlook",
    FileKind.VCARD: "vCard",
    FileKind.ICALENDAR: "Calendar",
}


class ImportProblemType(StrEnum):
    NO_NAME_OR_EMAIL = "no-name-or-email"
    BAD_DATE = "bad-date"
    BAD_RECORD = "bad-record"  # a vCard or event the parser could not read
    BAD_TEXT = "bad-text"  # text a cell cannot hold


@dataclass(frozen=True)
class ImportProblem:
    """One row of a file that was not imported, and why."""

    type: ImportProblemType
    file: str
    line: int
    message: str
    value: str | None = None

    def one_line(self) -> str:
        shown = f" [{self.value}]" if self.value else ""
        return f"{self.file}, line {self.line}: {self.message}{shown}"

    def to_dict(self) -> dict[str, Any]:
        return {"type": str(self.type), "file": self.file, "line": self.line,
                "message": self.message, "value": self.value}


@dataclass(frozen=True)
class Person:
    """A contact as an address book or LinkedIn export gives it."""

    line: int
    name: str | None
    emails: tuple[str, ...] = ()  # the preferred one first
    linkedin: str | None = None
    organization: str | None = None
    role: str | None = None
    connected_on: date | None = None  # LinkedIn's Connected On

    @property
    def email(self) -> str | None:
        return self.emails[0] if self.emails else None


@dataclass(frozen=True)
class Meeting:
    """One occurrence of a calendar event inside the import window."""

    line: int  # the line of the event's BEGIN:VEVENT
    date: date  # the local start date, in the event's own time zone
    title: str | None
    emails: tuple[str, ...]  # organizer and attendees who did not decline, casefolded
    declined: tuple[str, ...]  # attendees who declined, casefolded


@dataclass(frozen=True)
class ParsedFile:
    """One file, read: its records and the rows that could not be read."""

    name: str  # as the user named it, for messages
    kind: FileKind
    people: tuple[Person, ...] = ()
    meetings: tuple[Meeting, ...] = ()
    problems: tuple[ImportProblem, ...] = ()
    events: int = 0  # calendar events (occurrences) in the window, cancelled ones left out
