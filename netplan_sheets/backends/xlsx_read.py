"""Loading a workbook with openpyxl, for the openpyxl fallback of sync (the surgical
engine reads with :mod:`netplan_sheets.ooxml.reader`): every failure as one clear line,
and which formula cells saved an empty text as their value.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import ParseError

import openpyxl
from openpyxl.utils.cell import coordinate_to_tuple

from netplan_sheets.errors import WorkbookUnreadable
from netplan_sheets.package import find_bad_part, one_line, open_package

# A formula cell typed as text: ``<c r="C2" t="str"><f>IF(...)</f><v></v></c>``.
_TEXT_FORMULA = re.compile(
    rb"<(?:\w+:)?c\s(?=[^>]*\bt=[\"']str[\"'])[^>]*?\br=[\"']([A-Z]+[0-9]+)[\"'][^>]*>\s*"
    rb"<(?:\w+:)?f[\s>/]")


def empty_text_formulas(sheet_xml: bytes) -> set[tuple[int, int]]:
    """(row, column) of formula cells typed as text: a saved value that reads blank is an
    empty text result (``=IF(A2="", "", ...)``), not a missing one."""
    return {coordinate_to_tuple(ref.decode()) for ref in _TEXT_FORMULA.findall(sheet_xml)}


def load(path: Path, read_only: bool, data_only: bool) -> Any:
    """openpyxl's load_workbook, with every failure turned into one clear line."""
    try:
        return openpyxl.load_workbook(path, read_only=read_only, data_only=data_only,
                                      keep_links=True)
    except Exception as error:  # openpyxl raises many types for a broken package
        raise WorkbookUnreadable(f"{path}: is corrupt ({_why(path, error)})") from None


def _why(path: Path, error: BaseException) -> str:
    """What is wrong, naming the broken part when we can find it: openpyxl seldom says."""
    try:
        found = find_bad_part(path, open_package(path).sheet_parts)
    except WorkbookUnreadable:
        raise
    except Exception:  # the diagnosis is a courtesy; openpyxl's own reason still stands
        found = None
    return found or _reason(_root(error))


def _root(error: BaseException) -> BaseException:
    """The exception that says what is wrong: openpyxl wraps it in generic ones."""
    chain = [error]
    while (earlier := chain[-1].__cause__ or chain[-1].__context__) is not None:
        if earlier in chain:
            break
        chain.append(earlier)
    return next((e for e in chain if isinstance(e, ParseError)), chain[-1])


def _reason(error: BaseException) -> str:
    text = str(error).strip() or type(error).__name__
    return one_line(text.splitlines()[0])
