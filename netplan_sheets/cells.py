"""Reading one cell as the schema's column type: dates, numbers, choices, lists and text.

A cell value arrives as a spreadsheet gives it (str, int, float, bool, datetime, None). The
reading is strict: text that is not exactly a number or an ISO date is a problem, never a
guess. The result is the typed value (``date``, ``int``, ``float``, ``str``, ``tuple``).
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime
from functools import cache
from typing import Any, Final

from netplan_sheets.schema import Column, Kind

EXCEL_EPOCH: Final = date(1899, 12, 30)
MAC_EPOCH: Final = date(1904, 1, 1)
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_LIST_SPLIT = re.compile(r"[;,]")
# Serial numbers this far out are not dates anyone keeps in a plan (years 1900-9999).
_MAX_SERIAL = 2958465


class FormulaWithoutValue:
    """A formula cell whose last computed value was never saved (nobody opened the file)."""

    def __init__(self, formula: str) -> None:
        self.formula = formula

    def __repr__(self) -> str:
        return f"FormulaWithoutValue({self.formula!r})"

    def __str__(self) -> str:
        return self.formula


class CellError(ValueError):
    """The cell cannot be read as its column's type; ``args[0]`` is a sentence for people."""


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def shown(value: Any) -> str:
    """How a value is quoted back in a problem message."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def read_date(value: Any, epoch: date = EXCEL_EPOCH) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        # 2958465 from a 1904-based (Mac) workbook would be past the year 9999
        ordinal = epoch.toordinal() + int(value)
        if 0 < value <= _MAX_SERIAL and ordinal <= date.max.toordinal():
            return date.fromordinal(ordinal)
    elif isinstance(value, str):
        text = value.strip()
        if _ISO_DATE.match(text):
            try:
                return date.fromisoformat(text)
            except ValueError:
                pass
    raise CellError("expected a date like 2026-11-03")


def read_number(value: Any) -> int | float:
    if isinstance(value, bool):
        raise CellError("expected a number like 5 or 2.5")
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else value
    if isinstance(value, str) and _NUMBER.match(value.strip()):
        number = float(value.strip())
        if math.isfinite(number):  # "1e999" is no number a plan holds
            return int(number) if number.is_integer() and abs(number) < 2**53 else number
    raise CellError("expected a number like 5 or 2.5")


def read_integer(value: Any) -> int:
    try:
        number = read_number(value)
    except CellError:
        raise CellError("expected a whole number like 3") from None
    if isinstance(number, float):
        raise CellError("expected a whole number like 3")
    return number


def read_text(value: Any) -> str:
    if type(value) is str:
        return value.strip()
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    return shown(value).strip()


def read_choice(value: Any, column: Column) -> str:
    """The canonical label; an unknown label is returned as typed, for the schema to refuse."""
    if isinstance(value, bool) and column.accepts_boolean:
        return "Yes" if value else "No"
    text = read_text(value)
    return _labels(column.choices).get(text.casefold(), text)


@cache
def _labels(choices: tuple[str, ...]) -> dict[str, str]:
    """Case-folded label -> the label as the schema spells it."""
    return {choice.casefold(): choice for choice in choices}


def read_list(value: Any) -> tuple[str, ...]:
    return tuple(item.strip() for item in _LIST_SPLIT.split(read_text(value)) if item.strip())


def read_cell(value: Any, column: Column, epoch: date = EXCEL_EPOCH) -> Any:
    """The typed value of a non-blank cell, or CellError."""
    if isinstance(value, FormulaWithoutValue):
        raise CellError(
            "this formula has no saved value; open the file in Excel or LibreOffice, save it, "
            "and run again"
        )
    kind = column.kind
    if kind is Kind.TEXT:
        return read_text(value)
    if kind is Kind.DATE:
        return read_date(value, epoch)
    if kind is Kind.CHOICE:
        return read_choice(value, column)
    if kind is Kind.INTEGER:
        return read_integer(value)
    if kind is Kind.NUMBER:
        return read_number(value)
    return read_list(value)


def to_json(value: Any) -> Any:
    """The JSON form the schema validates: dates as ISO text, lists as arrays."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple):
        return list(value)
    return value
