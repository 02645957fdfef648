"""Whether a user's formula may read cells the tool writes.

A spreadsheet app recalculates a formula on opening only if asked (Excel, when the
workbook says so) or when the formula has no saved value (LibreOffice, which otherwise
trusts saved values). So beside the results it writes, a sync drops the saved value of the
user's formulas that read them, and LibreOffice shows them fresh too. Reading is judged
from the formula's references: a range on a sheet and in columns the tool writes, or
anything the tool cannot follow (a defined name, INDIRECT, OFFSET) counts as reading.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from netplan_sheets.a1 import column_index

_CELL_RANGE = re.compile(r"^\$?([A-Za-z]{1,3})\$?\d+(?::\$?([A-Za-z]{1,3})\$?\d+)?$")
_COLUMN_RANGE = re.compile(r"^\$?([A-Za-z]{1,3}):\$?([A-Za-z]{1,3})$")
_ROW_RANGE = re.compile(r"^\$?\d+:\$?\d+$")
_UNFOLLOWED = ("INDIRECT(", "OFFSET(", "_XLFN.LET(", "_XLFN.LAMBDA(")

# sheet title -> the columns the tool writes there (None: the whole sheet is the tool's)
Written = Mapping[str, frozenset[int] | None]


def reads_written_cells(formula: str, sheet: str, written: Written) -> bool:
    from openpyxl.formula.tokenizer import Tokenizer  # pure Python, loaded only when needed

    try:
        tokens = Tokenizer(formula if formula.startswith("=") else "=" + formula).items
    except Exception:  # a formula we cannot parse: assume it reads everything
        return True
    for token in tokens:
        if token.type == "FUNC" and token.value.upper() in _UNFOLLOWED:
            return True
        if token.type != "OPERAND" or token.subtype != "RANGE":
            continue
        target, area = _split(token.value, sheet)
        if target.startswith("["):
            continue  # another workbook
        columns = _columns_of(area)
        if columns is None:
            return True  # a defined name: it may point anywhere
        if target not in written:
            continue
        wanted = written[target]
        if wanted is None or columns == "all" or any(c in wanted for c in columns):
            return True
    return False


def _split(reference: str, sheet: str) -> tuple[str, str]:
    if "!" not in reference:
        return sheet, reference
    target, _, area = reference.rpartition("!")
    if target.startswith("'") and target.endswith("'"):
        target = target[1:-1].replace("''", "'")
    return target, area


def _columns_of(area: str) -> range | str | None:
    """The columns a range covers; "all" for whole rows; None for a defined name."""
    if (found := _CELL_RANGE.match(area)) or (found := _COLUMN_RANGE.match(area)):
        first = column_index(found.group(1))
        last = column_index(found.group(2)) if found.group(2) else first
        return range(min(first, last), max(first, last) + 1)
    if _ROW_RANGE.match(area):
        return "all"
    return None
