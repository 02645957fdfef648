"""The roster: a CSV of participants (Name, Email, optional Group), as spreadsheets export it.

Headers are found by name, ignoring case, order and invisible characters; extra columns
are ignored. A byte order mark, CRLF line ends, a ``;`` or tab separator (European and
"Unicode text" exports), Excel's ``sep=;`` first line, UTF-16 with or without a byte order
mark and Windows-1252 text are all read. Every bad row (a name or group no cell can hold
and a quote left open that runs on into the next rows included) is reported by its line
number, on one line, before anything is created, so a typo never becomes a workbook made
for the wrong address.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from netplan_sheets.cell_text import cell_text_problem
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
    """The roster has bad rows; ``problems`` lists each as (line, message). The message is
    one line, naming the first :data:`SHOWN` of them."""

    def __init__(self, path: Path, problems: list[tuple[int, str]]) -> None:
        rows = len({line for line, _ in problems})
        listed = "; ".join(f"line {line}: {message}" for line, message in problems[:SHOWN])
        more = f"; and {len(problems) - SHOWN} more" if len(problems) > SHOWN else ""
        super().__init__(f"{path}: {plural(rows, 'bad row')}, so nothing was "
                         f"created: {listed}{more}")
        self.problems = problems


SHOWN = 20
MAX_ROSTER_BYTES = 16 * 2**20  # some 200,000 participants
_SEP_LINE = re.compile(r'^"?sep=(.)"?$')  # Excel's "sep=;" first line names the separator


def read_roster(path: Path) -> list[Participant]:
    """The roster's participants, in file order; BadInput when the file or any row is bad."""
    text = _text(path)
    first_line = text.split("\n", 1)[0].strip()
    declared = _SEP_LINE.match(first_line)
    delimiter = declared.group(1) if declared else _delimiter(text)
    rows = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        if declared:
            next(rows)
        header = next(rows, None)
        if header is None:
            raise BadInput(f"{path}: is empty; the first line must name the columns Name, "
                           "Email (and optionally Group)")
        columns = _columns(path, header, rows.line_num)
        return _participants(path, rows, columns)
    except csv.Error as error:
        raise BadInput(f"{path}: line {rows.line_num}: cannot be read as CSV ({error})"
                       ) from None


def _participants(path: Path, rows: Any, columns: dict[str, int]) -> list[Participant]:
    """``rows`` is the csv reader, past the header (its ``line_num`` says where a row ends)."""
    participants: list[Participant] = []
    problems: list[tuple[int, str]] = []
    first_line: dict[str, int] = {}
    end = rows.line_num
    while True:
        try:
            row = next(rows)
        except StopIteration:
            break
        except csv.Error as error:  # a value past csv's size limit: a quote left open
            raise BadInput(f"{path}: line {end + 1}: cannot be read as CSV ({error}); is a "
                           'closing " missing?') from None
        line, end = end + 1, rows.line_num
        if not any(cell.strip() for cell in row):
            continue
        found = []
        if end > line and any("\n" in cell or "\r" in cell for cell in row):
            # names, emails and groups are one line each: a quote left open swallows rows
            found.append(f"a quoted value runs on to line {end}; is a closing \" missing?")
        name, email, group = (_cell(row, columns.get(title)) for title in (*REQUIRED, "Group"))
        found.extend(_row_problems(name, email, group))
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
    data = read_input(path, "roster", MAX_ROSTER_BYTES)
    try:
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            return data.decode("utf-16")
        if b"\x00" in data and (encoding := _utf16_without_bom(data)):
            return data.decode(encoding)
    except UnicodeDecodeError:
        raise BadInput(f"{path}: looks like UTF-16 text but cannot be decoded; save it from "
                       "your spreadsheet as CSV UTF-8") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Excel's "CSV (Comma delimited)" on Windows: valid UTF-8 would have decoded above.
        return data.decode("cp1252", errors="replace")


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 without its byte order mark (ASCII text has every other byte zero), or None:
    a stray NUL in UTF-8 text is a bad character in its row, reported there."""
    head = data[:200]
    odd_zeros, even_zeros = head[1::2].count(0), head[0::2].count(0)
    if odd_zeros > len(head) // 4 and not even_zeros:
        return "utf-16-le"
    if even_zeros > len(head) // 4 and not odd_zeros:
        return "utf-16-be"
    return None


def _delimiter(text: str) -> str:
    header = text.split("\n", 1)[0]
    if "," in header:
        return ","
    if ";" in header:
        return ";"
    return "\t" if "\t" in header else ","


def _visible(text: str) -> str:
    """A header cell as a person sees it: invisible characters (a zero-width space, a stray
    byte order mark) left out, spaces collapsed."""
    return " ".join("".join(ch for ch in text if unicodedata.category(ch) != "Cf").split())


def _fold(text: str) -> str:
    return _visible(text).casefold()


def _columns(path: Path, header: list[str], line: int) -> dict[str, int]:
    wanted = {_fold(title): title for title in (*REQUIRED, *OPTIONAL)}
    columns: dict[str, int] = {}
    for index, cell in enumerate(header):
        title = wanted.get(_fold(cell))
        if title is None:
            continue
        if title in columns:
            raise BadInput(f"{path}: line {line}: the column {title} appears twice")
        columns[title] = index
    missing = [title for title in REQUIRED if title not in columns]
    if missing:
        shown = ", ".join(_visible(cell) for cell in header if _visible(cell)) or "nothing"
        raise BadInput(f"{path}: line {line} must name the {noun(len(missing), 'column')} "
                       f"{' and '.join(missing)} (found: {shown})")
    return columns


def _cell(row: list[str], index: int | None) -> str:
    if index is None or index >= len(row):
        return ""
    return " ".join(row[index].split())


def _row_problems(name: str, email: str, group: str) -> list[str]:
    found = []
    for title, value in (("Name", name), ("Group", group)):
        problem = cell_text_problem(value)
        if problem is not None:
            found.append(f"{title} {problem}")
    if not name:
        found.append("Name is missing")
    if not email:
        found.append("Email is missing")
    elif not is_email(email):
        found.append(f"{email!r} is not an email address like ann@example.com")
    return found
