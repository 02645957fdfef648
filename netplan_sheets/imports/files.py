"""Reading one file to import: its text, its kind (from its content, not its name) and its
records.

``--format`` forces the kind; a file that is not what it was said or guessed to be is one
line saying what was expected (exit 2), never a traceback.
"""

from __future__ import annotations

import codecs
from collections.abc import Callable
from pathlib import Path

from netplan_sheets.errors import BadInput, ImportFileUnreadable
from netplan_sheets.imports.contact_csv import LINKEDIN_HEADER, find_header, read_contacts_csv
from netplan_sheets.imports.ical import Window, looks_like_calendar, read_calendar
from netplan_sheets.imports.records import FileKind, ParsedFile, Progress
from netplan_sheets.imports.vcards import looks_like_vcard, read_vcards
from netplan_sheets.input_files import read_input

FileProgress = Callable[[int, int], None]  # (lines read, lines in the file)
EXPECTED = ("a LinkedIn Connections.csv, a Google or Outlook contacts CSV, a vCard (.vcf) "
            "or an iCalendar (.ics) file")
_EXPECTED_KIND = {
    FileKind.LINKEDIN: "a LinkedIn Connections.csv (a header row " + ",".join(LINKEDIN_HEADER)
                       + ")",
    FileKind.GOOGLE: "a Google Contacts CSV export (a header row with First Name or Given "
                     "Name, and E-mail 1 - Value)",
    FileKind.OUTLOOK: "an Outlook contacts CSV export (a header row with First Name, "
                      "E-mail Address and Company or Job Title)",
    FileKind.VCARD: "a vCard file (starting with BEGIN:VCARD)",
    FileKind.ICALENDAR: "an iCalendar file (starting with BEGIN:VCALENDAR)",
}


def read_text(path: Path) -> str:
    """The file's text: UTF-8 (with or without a byte-order mark), UTF-16 with one, else
    Windows-1252, which Outlook's CSV export uses."""
    try:
        data = read_input(path, "file to import")
    except BadInput as error:
        raise ImportFileUnreadable(str(error)) from None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encodings = ["utf-16"]
    else:
        encodings = ["utf-8-sig", "cp1252"]
    for encoding in encodings:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" not in text:
            return text
    raise ImportFileUnreadable(f"{path}: is not a text file; expected {EXPECTED}")


def detect_kind(text: str) -> FileKind | None:
    """What the text is, from its content: None when it is nothing netplan imports."""
    if looks_like_vcard(text):
        return FileKind.VCARD
    if looks_like_calendar(text):
        return FileKind.ICALENDAR
    header = find_header(text)
    return header.kind if header else None


def read_import_file(path: Path, window: Window, me: str | None = None,
                     forced: FileKind | None = None,
                     progress: FileProgress | None = None) -> ParsedFile:
    """The records of the file at ``path``: people, or meetings inside ``window``."""
    text = read_text(path)
    name = str(path)
    lines = text.count("\n") + 1

    def report(done: int) -> None:
        if progress is not None:
            progress(min(done, lines), lines)

    parsed = _read(text, name, window, me, forced, report)
    report(lines)
    return parsed


def _read(text: str, name: str, window: Window, me: str | None, forced: FileKind | None,
          progress: Progress) -> ParsedFile:
    kind = forced or detect_kind(text)
    if kind is None:
        raise ImportFileUnreadable(f"{name}: is not a file netplan can import; expected "
                                   f"{EXPECTED}")
    if kind is FileKind.VCARD:
        if not looks_like_vcard(text):
            raise _not_a(name, kind)
        return read_vcards(text, name, progress)
    if kind is FileKind.ICALENDAR:
        if not looks_like_calendar(text):
            raise _not_a(name, kind)
        return read_calendar(text, name, window, me, progress)
    header = find_header(text, kind)
    if header is None:
        raise _not_a(name, kind)
    return read_contacts_csv(text, name, header, progress)


def _not_a(name: str, kind: FileKind) -> ImportFileUnreadable:
    return ImportFileUnreadable(f"{name}: is not {_EXPECTED_KIND[kind]}")
