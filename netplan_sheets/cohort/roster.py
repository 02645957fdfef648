"""The roster: a CSV of participants (Name, Email, optional Group), as spreadsheets export it.

Headers are found by name, ignoring case and order; extra columns are ignored. A byte
order mark, CRLF line ends, a ``;`` or tab separator (European and "Unicode text" exports)
and Windows-1252 text are all read. Every bad row is reported by its line number before
anything is created, so a typo never becomes a workbook made for the wrong address.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from netplan_sheets.errors import BadInput
from netplan_sheets.formats import is_email
from netplan_sheets.input_files import read_input
from netplan_sheets.wording import noun, plural

REQUIRED = ("Name", "Email")
OPTIONAL = ("Group",)


@dataclass(frozen=True)
class Participant:
    name: str
    email: str
    group: str | None
    line: int  # where the row starts in the roster file

    @property
    def key(self) -> str:
        """Emails identify participants, whatever their case."""
        return participant_key(self.email)


def participant_key(email: str) -> str:
    return email.strip().casefold()


class RosterError(BadInput):
    """The roster has bad rows; ``problems`` lists each as (line, message)."""

    def __init__(self, path: Path, problems: list[tuple[int, str]]) -> None:
        count = len(problems)
        lines = [f"{path}: {plural(count, 'bad row')}; nothing was created:"]
        lines.extend(f"  line {line}: {message}" for line, message in problems)
        super().__init__("\n".join(lines))
        self.problems = problems


def read_roster(path: Path) -> list[Participant]:
    """The roster's participants, in file order; BadInput when the file or any row is bad."""
    text = _text(path)
    rows = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    header = next(rows, None)
    if header is None:
        raise BadInput(f"{path}: is empty; the first line must name the columns Name, Email "
                       "(and optionally Group)")
    columns = _columns(path, header)
    participants: list[Participant] = []
    problems: list[tuple[int, str]] = []
    first_line: dict[str, int] = {}
    end = rows.line_num
    for row in rows:
        line, end = end + 1, rows.line_num
        if not any(cell.strip() for cell in row):
            continue
        name, email, group = (_cell(row, columns.get(title)) for title in (*REQUIRED, "Group"))
        found = _row_problems(name, email)
        key = participant_key(email)
        if not found and key in first_line:
            found = [f"the email {email} is already on line {first_line[key]}"]
        if found:
            problems.extend((line, message) for message in found)
            continue
        first_line[key] = line
        participants.append(Participant(name, email, group or None, line))
    if problems:
        raise RosterError(path, problems)
    if not participants:
        raise BadInput(f"{path}: lists no participants (only a header row)")
    return participants


def _text(path: Path) -> str:
    data = read_input(path, "roster")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Excel's "CSV (Comma delimited)" on Windows: valid UTF-8 would have decoded above.
        return data.decode("cp1252", errors="replace")


def _delimiter(text: str) -> str:
    header = text.split("\n", 1)[0]
    if "," in header:
        return ","
    if ";" in header:
        return ";"
    return "\t" if "\t" in header else ","


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()


def _columns(path: Path, header: list[str]) -> dict[str, int]:
    wanted = {_fold(title): title for title in (*REQUIRED, *OPTIONAL)}
    columns: dict[str, int] = {}
    for index, cell in enumerate(header):
        title = wanted.get(_fold(cell))
        if title is None:
            continue
        if title in columns:
            raise BadInput(f"{path}: line 1: the column {title} appears twice")
        columns[title] = index
    missing = [title for title in REQUIRED if title not in columns]
    if missing:
        shown = ", ".join(cell.strip() for cell in header if cell.strip()) or "nothing"
        raise BadInput(f"{path}: line 1 must name the {noun(len(missing), 'column')} "
                       f"{' and '.join(missing)} (found: {shown})")
    return columns


def _cell(row: list[str], index: int | None) -> str:
    if index is None or index >= len(row):
        return ""
    return " ".join(row[index].split())


def _row_problems(name: str, email: str) -> list[str]:
    found = []
    if not name:
        found.append("Name is missing")
    if not email:
        found.append("Email is missing")
    elif not is_email(email):
        found.append(f"{email!r} is not an email address like ann@example.com")
    return found
