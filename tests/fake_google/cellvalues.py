"""Cell values in and out: RAW vs USER_ENTERED input, value/date render options, formulas.

Formulas are stored as their text. The fake computes only a small subset when read:
numbers, strings, + - * /, parentheses, single-cell references on the same sheet and
HYPERLINK(url, [label]); anything else evaluates to ``#NAME?`` (an unknown name) or
``#ERROR!`` (unparseable), which is what Google shows for such text too.
"""

from __future__ import annotations

import ast
import re
from datetime import date, datetime, timedelta
from typing import Any

from fake_google.a1 import col_index
from fake_google.errors import bad_request
from fake_google.model import Cell, Scalar, Sheet

EPOCH = datetime(1899, 12, 30)
_NUMBER = re.compile(r"^[+-]?(\d{1,3}(,\d{3})+|\d+)?(\.\d+)?([eE][+-]?\d+)?$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?: (\d{1,2}):(\d{2})(?::(\d{2}))?)?$")
_US_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_CELL_REF = re.compile(r"^([A-Z]{1,3})([0-9]+)$")
_DATE_TOKEN = re.compile(r"yyyy|yy|mmmm|mmm|mm|m|dddd|ddd|dd|d|hh|h|ss|s|am/pm|.", re.I)
DATE_TYPES = ("DATE", "TIME", "DATE_TIME")


def serial_of(moment: datetime) -> float:
    delta = moment - EPOCH
    return delta.days + delta.seconds / 86400


def moment_of(serial: float) -> datetime:
    return EPOCH + timedelta(seconds=round(serial * 86400))


def parse_input(value: Any, user_entered: bool, where: str) -> tuple[Scalar | None, bool,
                                                                      dict[str, str] | None]:
    """(value to store, is it a formula, a number format Google would pick) for one input.

    ``None`` as the stored value clears the cell's value (the input was "").
    """
    if isinstance(value, bool):
        return value, False, None
    if isinstance(value, int | float):
        return float(value), False, None
    if not isinstance(value, str):
        kind = "list_value" if isinstance(value, list) else "struct_value"
        raise bad_request(f"Invalid {where}: {kind}")
    if value == "":
        return None, False, None
    if not user_entered:
        return value, False, None  # RAW: text stays text, "=1+1" included
    return _parse_user_entered(value)


def _parse_user_entered(text: str) -> tuple[Scalar | None, bool, dict[str, str] | None]:
    if text.startswith("'"):
        return text[1:], False, None
    if text.startswith("=") and len(text) > 1:
        return text, True, None
    if text.upper() in ("TRUE", "FALSE"):
        return text.upper() == "TRUE", False, None
    number = text.strip()
    fmt: dict[str, str] | None = None
    if number.endswith("%"):
        number, fmt = number[:-1], {"type": "PERCENT", "pattern": "0.00%"}
    elif number.startswith("$"):
        number, fmt = number[1:], {"type": "CURRENCY", "pattern": '"$"#,##0.00'}
    if number and _NUMBER.match(number) and any(ch.isdigit() for ch in number):
        parsed = float(number.replace(",", ""))
        return (parsed / 100 if fmt and fmt["type"] == "PERCENT" else parsed), False, fmt
    moment = _parse_date(text.strip())
    if moment is not None:
        return moment
    if text[0] in "+-":
        return "=" + text, True, None  # Sheets reads "+x" and "-x" as formulas, like Excel
    return text, False, None


def _parse_date(text: str) -> tuple[Scalar, bool, dict[str, str]] | None:
    try:
        if m := _ISO_DATE.match(text):
            y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
            if m.group(4) is None:
                return serial_of(datetime(y, mo, d)), False, {"type": "DATE",
                                                              "pattern": "yyyy-mm-dd"}
            moment = datetime(y, mo, d, int(m.group(4)), int(m.group(5)), int(m.group(6) or 0))
            return serial_of(moment), False, {"type": "DATE_TIME",
                                              "pattern": "yyyy-mm-dd h:mm:ss"}
        if m := _US_DATE.match(text):
            moment = datetime(int(m.group(3)), int(m.group(1)), int(m.group(2)))
            return serial_of(moment), False, {"type": "DATE", "pattern": "M/d/yyyy"}
    except ValueError:
        return None  # 2026-02-30 is text, as in Google
    return None


def effective(cell: Cell, sheet: Sheet, depth: int = 0) -> Scalar | None:
    """The value a cell shows: its entered value, or its formula's result."""
    if not cell.formula:
        return cell.value
    if cell.effective is not None:
        return cell.effective
    return _evaluate(str(cell.value)[1:], sheet, depth)


def _evaluate(text: str, sheet: Sheet, depth: int) -> Scalar:
    if depth > 20:
        return "#REF!"
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except SyntaxError:
        return "#ERROR!"
    try:
        return _node(tree.body, sheet, depth)
    except ZeroDivisionError:
        return "#DIV/0!"
    except _FormulaError as error:
        return str(error)


class _FormulaError(Exception):
    pass


def _node(node: ast.AST, sheet: Sheet, depth: int) -> Scalar:
    if isinstance(node, ast.Constant) and isinstance(node.value, int | float | str):
        return float(node.value) if isinstance(node.value, int) else node.value
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
        operand = _number(_node(node.operand, sheet, depth))
        return -operand if isinstance(node.op, ast.USub) else operand
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add | ast.Sub | ast.Mult | ast.Div):
        left = _number(_node(node.left, sheet, depth))
        right = _number(_node(node.right, sheet, depth))
        ops = {ast.Add: left + right, ast.Sub: left - right, ast.Mult: left * right}
        return ops[type(node.op)] if type(node.op) in ops else left / right
    if isinstance(node, ast.Name) and (m := _CELL_REF.match(node.id)):
        ref = sheet.get(int(m.group(2)) - 1, col_index(m.group(1)))
        value = effective(ref, sheet, depth + 1) if ref is not None else None
        return 0.0 if value is None else value
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and \
            node.func.id.upper() == "HYPERLINK" and 1 <= len(node.args) <= 2:
        return _node(node.args[-1], sheet, depth)
    raise _FormulaError("#NAME?")


def _number(value: Scalar) -> float:
    if isinstance(value, bool):
        return 1.0 if value else 0.0
    if isinstance(value, float):
        return value
    raise _FormulaError("#VALUE!")


def json_value(value: Scalar) -> Any:
    """Google writes 53, not 53.0."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value


def render(cell: Cell | None, sheet: Sheet, value_option: str, date_option: str) -> Any:
    """One cell for the values API; "" for an empty cell (the caller trims)."""
    if cell is None or cell.value is None:
        return ""
    if value_option == "FORMULA" and cell.formula:
        return cell.value
    value = effective(cell, sheet)
    if value is None:
        return ""
    if value_option == "FORMATTED_VALUE":
        return formatted(value, cell.fmt)
    if isinstance(value, float) and is_date_format(cell.fmt) and date_option == "FORMATTED_STRING":
        return formatted(value, cell.fmt)
    return json_value(value)


def is_date_format(fmt: dict[str, Any]) -> bool:
    return fmt.get("numberFormat", {}).get("type") in DATE_TYPES


def formatted(value: Scalar, fmt: dict[str, Any]) -> str:
    """The text a cell shows (the subset of number formats the fake knows)."""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, str):
        return value
    number_format = fmt.get("numberFormat", {})
    kind, pattern = number_format.get("type"), str(number_format.get("pattern", ""))
    if kind in DATE_TYPES:
        default = {"DATE": "M/d/yyyy", "TIME": "h:mm:ss", "DATE_TIME": "M/d/yyyy H:mm:ss"}
        return format_date(value, pattern or default[str(kind)])
    decimals = len(pattern.split(".")[1].rstrip("%").rstrip()) if "." in pattern else 0
    if kind == "PERCENT":
        return f"{value * 100:.{decimals}f}%"
    if kind in ("NUMBER", "CURRENCY") and pattern:
        text = f"{value:,.{decimals}f}" if "," in pattern else f"{value:.{decimals}f}"
        return ("$" + text) if "$" in pattern else text
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return format(value, ".15g")


def format_date(serial: float, pattern: str) -> str:
    moment = moment_of(serial)
    out: list[str] = []
    after_hour = False
    tokens = _DATE_TOKEN.findall(pattern)
    for i, token in enumerate(tokens):
        low = token.lower()
        minute = low in ("mm", "m") and (after_hour or any(t.lower() in ("ss", "s")
                                                           for t in tokens[i + 1: i + 3]))
        if low in ("yyyy", "yy"):
            out.append(f"{moment.year:04d}"[-len(low):])
        elif minute:
            out.append(f"{moment.minute:02d}" if low == "mm" else str(moment.minute))
        elif low in ("mmmm", "mmm"):
            out.append(moment.strftime("%B" if low == "mmmm" else "%b"))
        elif low in ("mm", "m"):
            out.append(f"{moment.month:02d}" if low == "mm" else str(moment.month))
        elif low in ("dddd", "ddd"):
            out.append(moment.strftime("%A" if low == "dddd" else "%a"))
        elif low in ("dd", "d"):
            out.append(f"{moment.day:02d}" if low == "dd" else str(moment.day))
        elif low in ("hh", "h"):
            hour = moment.hour if "am/pm" not in pattern.lower() else (moment.hour % 12 or 12)
            out.append(f"{hour:02d}" if low == "hh" else str(hour))
            after_hour = True
            continue
        elif low in ("ss", "s"):
            out.append(f"{moment.second:02d}" if low == "ss" else str(moment.second))
        elif low == "am/pm":
            out.append("AM" if moment.hour < 12 else "PM")
        else:
            out.append(token)
            continue
        after_hour = False
    return "".join(out)


def date_serial(day: date) -> float:
    """A date as Google's serial number (days since 1899-12-30), for tests seeding cells."""
    return serial_of(datetime(day.year, day.month, day.day))
