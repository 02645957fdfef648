"""Contacts CSV exports: LinkedIn's Connections.csv, Google Contacts and Outlook.

Each kind is recognised by its header row, which need not be the first line: LinkedIn puts
a few "Notes:" lines and a blank line before it. Line numbers are the file's own (a quoted
field may span lines; a record is reported at the line it starts on).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date

from netplan_sheets.imports.records import (
    FileKind,
    ImportProblem,
    ImportProblemType,
    ParsedFile,
    Person,
    Progress,
)
from netplan_sheets.imports.text import clean, emails_in, linkedin_url, person_problems

# How far down a file its header row may be (LinkedIn's notes take three or four lines).
HEADER_SEARCH_RECORDS = 20
LINKEDIN_HEADER = ("First Name", "Last Name", "URL", "Email Address", "Company", "Position",
                   "Connected On")
_MONTHS = {name: number for number, names in enumerate(
    (("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"),
     ("may",), ("jun", "june"), ("jul", "july"), ("aug", "august"),
     ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
     ("dec", "december")), start=1) for name in names}
_LINKEDIN_DATE = re.compile(r"^(\d{1,2})[ -]([A-Za-z]+)[ -](\d{4})$")
_EXTRA_EMAILS = re.compile(r"^e-mail (\d+) - value$|^e-mail (\d+) address$")
_WEBSITES = re.compile(r"^website \d+ - value$|^web page$|^personal web page$")



@dataclass(frozen=True)
class Header:
    kind: FileKind
    line: int  # where the header row is
    columns: dict[str, int]  # casefolded header -> index


def _is_linkedin(names: set[str]) -> bool:
    return {"first name", "last name", "url", "connected on"} <= names


def _is_google(names: set[str]) -> bool:
    return "e-mail 1 - value" in names or "organization 1 - name" in names or (
        {"given name", "family name"} <= names) or {"first name", "organization name"} <= names


def _is_outlook(names: set[str]) -> bool:
    return "e-mail address" in names and bool({"job title", "company"} & names)


# In the order a header is tried when the kind is not forced.
_HEADERS: dict[FileKind, Callable[[set[str]], bool]] = {
    FileKind.LINKEDIN: _is_linkedin,
    FileKind.GOOGLE: _is_google,
    FileKind.OUTLOOK: _is_outlook,
}


def _records(text: str) -> Iterator[tuple[int, list[str], int]]:
    """(line the record starts on, its fields, line it ends on)."""
    reader = csv.reader(io.StringIO(text, newline=""))
    start = 1
    for fields in reader:
        yield start, fields, reader.line_num
        start = reader.line_num + 1


def find_header(text: str, kind: FileKind | None = None) -> Header | None:
    """The first row among the first few that is the header of a contacts export we know
    (of ``kind``, when given)."""
    kinds = [kind] if kind is not None else list(_HEADERS)
    try:
        for index, (line, fields, _) in enumerate(_records(text)):
            if index >= HEADER_SEARCH_RECORDS:
                break
            columns: dict[str, int] = {}
            for position, name in enumerate(fields):
                columns.setdefault(name.strip().casefold(), position)
            names = set(columns)
            found = next((k for k in kinds if k in _HEADERS and _HEADERS[k](names)), None)
            if found is not None:
                return Header(found, line, columns)
    except csv.Error:
        return None
    return None


def read_contacts_csv(text: str, name: str, header: Header,
                      progress: Progress | None = None) -> ParsedFile:
    people: list[Person] = []
    problems: list[ImportProblem] = []
    reader = _READERS[header.kind]
    try:
        for count, (line, fields, end) in enumerate(_records(text)):
            if progress is not None and count % 1000 == 0:
                progress(end)
            if line <= header.line or not any(f.strip() for f in fields):
                continue
            row = _Row(fields, header.columns)
            person, found = reader(row, line, name)
            if found:
                problems.extend(found)
            elif person is not None:
                people.append(person)
    except csv.Error as error:
        # The whole rest of the file is unreadable past a broken quote: say where.
        problems.append(ImportProblem(ImportProblemType.BAD_RECORD, name, _line_after(people,
                                      problems), f"the CSV cannot be read from here ({error})"))
    return ParsedFile(name, header.kind, tuple(people), problems=tuple(problems))


def _line_after(people: Sequence[Person], problems: Sequence[ImportProblem]) -> int:
    return max([p.line for p in people] + [p.line for p in problems] + [0]) + 1


class _Row:
    """One record's fields by casefolded header; a missing or short column reads blank."""

    def __init__(self, fields: list[str], columns: dict[str, int]) -> None:
        self.fields = fields
        self.columns = columns

    def get(self, *headers: str) -> str | None:
        for header in headers:
            index = self.columns.get(header)
            if index is not None and index < len(self.fields):
                value = clean(self.fields[index])
                if value:
                    return value
        return None

    def matching(self, pattern: re.Pattern[str]) -> list[str]:
        found = []
        for header, index in sorted(self.columns.items(), key=lambda item: item[1]):
            if pattern.match(header) and index < len(self.fields):
                value = clean(self.fields[index])
                if value:
                    found.append(value)
        return found


def _full_name(*parts: str | None) -> str | None:
    return clean(" ".join(p for p in parts if p)) or None


def _finish(person: Person, name: str) -> tuple[Person | None, list[ImportProblem]]:
    found = person_problems(person, name)
    return (None, found) if found else (person, [])


def _linkedin(row: _Row, line: int, name: str) -> tuple[Person | None, list[ImportProblem]]:
    connected_text = row.get("connected on")
    connected = None
    if connected_text:
        connected = linkedin_date(connected_text)
        if connected is None:
            return None, [ImportProblem(ImportProblemType.BAD_DATE, name, line,
                                        "Connected On is not a date like 15 Mar 2024",
                                        connected_text)]
    person = Person(line, _full_name(row.get("first name"), row.get("last name")),
                    emails_in(row.get("email address")), linkedin_url(row.get("url")),
                    row.get("company"), row.get("position"), connected)
    return _finish(person, name)


def _google(row: _Row, line: int, name: str) -> tuple[Person | None, list[ImportProblem]]:
    full = row.get("name") or _full_name(
        row.get("first name", "given name"), row.get("middle name", "additional name"),
        row.get("last name", "family name"))
    emails = tuple(e for value in row.matching(_EXTRA_EMAILS) for e in emails_in(value))
    websites = [w for value in row.matching(_WEBSITES) for w in value.split(":::")]
    person = Person(line, full or row.get("nickname", "file as"), tuple(dict.fromkeys(emails)),
                    next((u for w in websites if (u := linkedin_url(w))), None),
                    row.get("organization name", "organization 1 - name"),
                    row.get("organization title", "organization 1 - title"))
    return _finish(person, name)


def _outlook(row: _Row, line: int, name: str) -> tuple[Person | None, list[ImportProblem]]:
    emails = emails_in(row.get("e-mail address")) + tuple(
        e for value in row.matching(_EXTRA_EMAILS) for e in emails_in(value))
    websites = row.matching(_WEBSITES)
    person = Person(line, _full_name(row.get("first name"), row.get("middle name"),
                                     row.get("last name")),
                    tuple(dict.fromkeys(emails)),
                    next((u for w in websites if (u := linkedin_url(w))), None),
                    row.get("company"), row.get("job title"))
    return _finish(person, name)


_READERS: dict[FileKind, Callable[[_Row, int, str], tuple[Person | None, list[ImportProblem]]]] = {
    FileKind.LINKEDIN: _linkedin,
    FileKind.GOOGLE: _google,
    FileKind.OUTLOOK: _outlook,
}


def linkedin_date(text: str) -> date | None:
    """``15 Mar 2024`` (LinkedIn's export), or ISO ``2024-03-15``; None for anything else."""
    match = _LINKEDIN_DATE.match(text.strip())
    try:
        if match:
            month = _MONTHS.get(match.group(2).casefold())
            if month is None:
                return None
            return date(int(match.group(3)), month, int(match.group(1)))
        return date.fromisoformat(text.strip()) if len(text.strip()) == 10 else None
    except ValueError:
        return None
