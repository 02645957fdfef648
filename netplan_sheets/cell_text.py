"""What text a spreadsheet cell can hold: no control characters (BEL, NUL, ESC, ...; tabs
and line breaks are fine) and at most 32,767 characters (Excel's limit for one cell).

Text a cell cannot hold makes openpyxl stop half-way through writing a workbook, and Excel
"repair" a file; whatever netplan writes from a roster or a program file is checked with
:func:`cell_text_problem` first, so the bad value is reported where it was typed.
"""

from __future__ import annotations

import re

MAX_CELL_CHARS = 32_767
# C0 controls but tab, line feed and carriage return; DEL and the C1 controls; lone
# surrogates and the two non-characters XML refuses.
_CANNOT_HOLD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def cell_text_problem(text: str) -> str | None:
    """Why a cell cannot hold ``text`` ("holds a control character (U+0007) ..."), or None."""
    found = _CANNOT_HOLD.search(text)
    if found is not None:
        return (f"holds a control character (U+{ord(found.group()):04X}), which a "
                "spreadsheet cell cannot hold; remove it")
    if len(text) > MAX_CELL_CHARS:
        return (f"is {len(text):,} characters long; a spreadsheet cell holds at most "
                f"{MAX_CELL_CHARS:,}")
    return None


def cell_safe(text: str) -> str:
    """``text`` as a cell can hold it: each control character shown as U+FFFD, cut to the
    cell's limit. For text netplan only displays (a roster name kept in an old manifest)."""
    return _CANNOT_HOLD.sub("\ufffd", text)[:MAX_CELL_CHARS]
