"""A1 notation as the Sheets API reads and echoes it: ``'My sheet'!A1:C``, ``Sheet1``, ``A:A``."""

from __future__ import annotations

import re
from dataclasses import dataclass

from fake_google.errors import bad_request

_REF = re.compile(r"^\$?([A-Za-z]{0,3})\$?([0-9]*)$")
_SIMPLE_TITLE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_CELL_LIKE = re.compile(r"^([A-Za-z]{1,3}[0-9]+|[Rr][0-9]+[Cc][0-9]+)$")


@dataclass(frozen=True)
class Bounds:
    """Zero-based, end-exclusive; None is an open side (to the edge of the grid)."""

    start_row: int = 0
    start_col: int = 0
    end_row: int | None = None
    end_col: int | None = None

    def clip(self, rows: int, cols: int) -> Bounds:
        return Bounds(self.start_row, self.start_col,
                      rows if self.end_row is None else self.end_row,
                      cols if self.end_col is None else self.end_col)


@dataclass(frozen=True)
class ParsedRange:
    sheet: str | None  # None: no sheet named (the first visible sheet, or a bare title)
    bounds: Bounds | None  # None: the whole sheet (or, with no sheet, perhaps a bare title)


def col_letters(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def col_index(letters: str) -> int:
    index = 0
    for ch in letters.upper():
        index = index * 26 + ord(ch) - 64
    return index - 1


def quote_title(title: str) -> str:
    """A sheet title as Google echoes it: bare when simple, else quoted with '' escapes."""
    if _SIMPLE_TITLE.match(title) and not _CELL_LIKE.match(title):
        return title
    return "'" + title.replace("'", "''") + "'"


def format_range(title: str, bounds: Bounds) -> str:
    """``Sheet1!A1:D4`` (or ``Sheet1!A1`` for one cell) for closed bounds."""
    assert bounds.end_row is not None and bounds.end_col is not None
    start = f"{col_letters(bounds.start_col)}{bounds.start_row + 1}"
    end = f"{col_letters(bounds.end_col - 1)}{bounds.end_row}"
    one_cell = bounds.end_row - bounds.start_row == 1 and bounds.end_col - bounds.start_col == 1
    return f"{quote_title(title)}!{start if one_cell else start + ':' + end}"


def parse_range(text: str) -> ParsedRange:
    """Split ``text`` into a sheet title and bounds; raises a 400 when it cannot be parsed."""
    sheet: str | None = None
    rest = text
    if text.startswith("'"):
        i, title = 1, []
        while i < len(text):
            if text[i] == "'":
                if text[i + 1: i + 2] == "'":
                    title.append("'")
                    i += 2
                    continue
                break
            title.append(text[i])
            i += 1
        else:
            raise bad_request(f"Unable to parse range: {text}")
        sheet, rest = "".join(title), text[i + 1:]
        if not rest:
            return ParsedRange(sheet, None)
        if not rest.startswith("!"):
            raise bad_request(f"Unable to parse range: {text}")
        rest = rest[1:]
    elif "!" in text:
        sheet, _, rest = text.rpartition("!")
    bounds = _parse_bounds(rest)
    if bounds is None:
        if sheet is not None:
            raise bad_request(f"Unable to parse range: {text}")
        return ParsedRange(None, None)  # perhaps a bare sheet title
    return ParsedRange(sheet, bounds)


def _parse_bounds(text: str) -> Bounds | None:
    first, colon, second = text.partition(":")
    a = _REF.match(first)
    if not a or not (a.group(1) or a.group(2)):
        return None
    if not colon:
        if not (a.group(1) and a.group(2)):
            return None  # "A" or "5" alone is not a range
        row, col = int(a.group(2)) - 1, col_index(a.group(1))
        return Bounds(row, col, row + 1, col + 1) if row >= 0 else None
    b = _REF.match(second)
    if not b or not (b.group(1) or b.group(2)):
        return None
    rows = [int(g) for g in (a.group(2), b.group(2)) if g]
    cols = [col_index(g) for g in (a.group(1), b.group(1)) if g]
    if any(r < 1 for r in rows):
        return None
    start_row = min(rows) - 1 if a.group(2) else 0
    start_col = min(cols) if a.group(1) else 0
    end_row = max(rows) if a.group(2) and b.group(2) else None
    end_col = max(cols) + 1 if a.group(1) and b.group(1) else None
    if a.group(2) and not b.group(2):
        end_row = None
    return Bounds(start_row, start_col, end_row, end_col)
