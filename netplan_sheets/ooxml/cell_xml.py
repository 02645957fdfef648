"""One cell as worksheet XML: a value (never a formula) in a given style.

Text is always an inline string: a contact named ``=HYPERLINK(...)`` stays text in every
app, and the shared-strings part (the user's) is left alone. Characters XML cannot carry
are written the way Excel writes them (``_x0007_``), so a spreadsheet app reads back the
text that was meant.
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime
from typing import Any
from xml.sax.saxutils import escape

from netplan_sheets.a1 import cell_name
from netplan_sheets.cells import EXCEL_EPOCH

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0d\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_LOOKS_ESCAPED = re.compile("_(x[0-9A-Fa-f]{4}_)")


def serial(day: date, epoch: date = EXCEL_EPOCH) -> int | float:
    """A date (or date and time) as the serial number a sheet stores."""
    if isinstance(day, datetime):
        midnight = datetime(epoch.year, epoch.month, epoch.day)
        return (day - midnight).total_seconds() / 86400
    return (day - epoch).days


def escape_text(text: str) -> str:
    """Text for a ``<t>`` element: XML-escaped, ``_xHHHH_`` for what XML cannot hold."""
    text = _LOOKS_ESCAPED.sub(r"_x005F_\1", text)
    text = _NOT_XML.sub(lambda m: f"_x{ord(m.group()):04X}_", text)
    return escape(text)


def number_text(value: int | float) -> str:
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"{value} cannot be written to a cell")
        if value.is_integer() and abs(value) < 2**53:
            return str(int(value))
        return repr(value)
    return str(value)


def cell_xml(row: int, column: int, value: Any, style: int | None, prefix: str = "",
             epoch: date = EXCEL_EPOCH) -> str:
    """``<c>`` for a value: None (blank, style kept), bool, number, date or text."""
    ref = cell_name(row, column)
    s = f' s="{style}"' if style else ""
    p = prefix
    if value is None:
        return f'<{p}c r="{ref}"{s}/>'
    if isinstance(value, bool):
        return f'<{p}c r="{ref}"{s} t="b"><{p}v>{int(value)}</{p}v></{p}c>'
    if isinstance(value, date):
        value = serial(value, epoch)
    if isinstance(value, int | float):
        return f"<{p}c r=\"{ref}\"{s}><{p}v>{number_text(value)}</{p}v></{p}c>"
    text = str(value)
    space = ' xml:space="preserve"' if text != text.strip() or "\n" in text else ""
    return (f'<{p}c r="{ref}"{s} t="inlineStr"><{p}is><{p}t{space}>{escape_text(text)}'
            f"</{p}t></{p}is></{p}c>")
