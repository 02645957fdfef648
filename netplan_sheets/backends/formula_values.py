"""Putting formulas' saved values back into a workbook openpyxl has just written.

openpyxl keeps a formula but drops the value a spreadsheet app computed for it, so the
next read (ours, or any reader that does not recalculate) would see blanks where the user
sees values. We know those values from before the save; this writes them back into the
saved sheets' XML, which openpyxl writes as ``<c r="E2" s="3"><f>D2+30</f><v /></c>``.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import zipfile
from datetime import date, datetime
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from openpyxl.utils.cell import column_index_from_string, coordinate_from_string
from openpyxl.utils.datetime import to_excel

from netplan_sheets.package import open_package

_FORMULA_CELL = re.compile(rb'<c r="([A-Z]+[0-9]+)"([^>]*)><f>(.*?)</f><v ?/></c>', re.S)


def _encoded(value: Any, epoch: date) -> tuple[bytes, bytes] | None:
    """(type attribute, value text) as stored in sheet XML, or None to leave it blank."""
    if value is None:
        return None
    if isinstance(value, bool):
        return b' t="b"', b"1" if value else b"0"
    if isinstance(value, (int, float)):
        return b"", repr(value).encode()
    if isinstance(value, (datetime, date)):
        serial = to_excel(value, epoch=datetime(epoch.year, epoch.month, epoch.day))
        return b"", repr(serial).encode()
    text = str(value)
    kind = b' t="e"' if text.startswith("#") and text.endswith(("!", "?", "A")) else b' t="str"'
    return kind, escape(text).encode()


def _patch_sheet(data: bytes, values: dict[tuple[int, int], Any], epoch: date) -> bytes:
    def fill(match: re.Match[bytes]) -> bytes:
        column, row = coordinate_from_string(match.group(1).decode())
        encoded = _encoded(values.get((row, column_index_from_string(column))), epoch)
        if encoded is None:
            return match.group(0)
        kind, text = encoded
        attrs = re.sub(rb'\s+t="[^"]*"', b"", match.group(2))
        return b'<c r="%s"%s%s><f>%s</f><v>%s</v></c>' % (
            match.group(1), attrs, kind, match.group(3), text)

    return _FORMULA_CELL.sub(fill, data)


def restore_formula_values(
    path: Path, values: dict[str, dict[tuple[int, int], Any]], epoch: date
) -> None:
    """Rewrite the package at ``path`` in place with the given formulas' saved values."""
    if not any(values.values()):
        return
    parts = open_package(path).sheet_parts
    patch = {parts[title]: cells for title, cells in values.items() if title in parts and cells}
    # named after path, so a leftover from a killed sync is cleaned up like path itself
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f"{path.name}.", suffix=".tmp")
    os.close(handle)
    try:
        with zipfile.ZipFile(path) as source, zipfile.ZipFile(
            temp, "w", zipfile.ZIP_DEFLATED
        ) as target:
            for info in source.infolist():
                data = source.read(info)
                if info.filename in patch:
                    data = _patch_sheet(data, patch[info.filename], epoch)
                target.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED)
        shutil.move(temp, path)
    finally:
        if os.path.exists(temp):
            os.unlink(temp)
