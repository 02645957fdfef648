"""A1 cell references: column letters and numbers, cell and range addresses.

Small and dependency-free, because the hot paths (reading and patching sheet XML) convert
tens of thousands of addresses, and importing openpyxl for them would cost more than the
work itself.
"""

from __future__ import annotations

import re
from functools import cache

MAX_COLUMNS = 16384
MAX_ROWS = 1048576
_CELL = re.compile(r"^\$?([A-Za-z]{1,3})\$?(\d+)$")


@cache
def column_letter(index: int) -> str:
    """1 -> "A", 27 -> "AA"."""
    if not 1 <= index <= MAX_COLUMNS:
        raise ValueError(f"column {index} is out of range")
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


@cache
def column_index(letters: str) -> int:
    """"A" -> 1, "AA" -> 27 (either case)."""
    index = 0
    for char in letters.upper():
        if not "A" <= char <= "Z":
            raise ValueError(f"{letters!r} is not a column")
        index = index * 26 + ord(char) - 64
    if not 1 <= index <= MAX_COLUMNS:
        raise ValueError(f"column {letters!r} is out of range")
    return index


def cell_name(row: int, column: int) -> str:
    """(2, 3) -> "C2"."""
    return f"{column_letter(column)}{row}"


def cell_position(ref: str) -> tuple[int, int]:
    """"C2" (or "$C$2") -> (2, 3)."""
    match = _CELL.match(ref)
    if match is None:
        raise ValueError(f"{ref!r} is not a cell address")
    row = int(match.group(2))
    if not 1 <= row <= MAX_ROWS:
        raise ValueError(f"row {row} is out of range")
    return row, column_index(match.group(1))


def range_bounds(area: str) -> tuple[int, int, int, int]:
    """"B2:D9" (or a single cell) -> (min_row, min_column, max_row, max_column)."""
    first, _, last = area.partition(":")
    top, left = cell_position(first)
    bottom, right = cell_position(last) if last else (top, left)
    return min(top, bottom), min(left, right), max(top, bottom), max(left, right)
