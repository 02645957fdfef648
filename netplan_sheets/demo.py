"""The sample plan behind ``netplan demo``: the template filled in from templates/.

Dates in the sample are written ``D-14`` / ``D+5`` (days before / after the demo's as-of
date) so that the demo always shows overdue, due-soon and upcoming follow-ups.
"""

from __future__ import annotations

import json
import re
from datetime import date
from importlib.resources import files
from pathlib import Path
from typing import Any

from openpyxl.worksheet.worksheet import Worksheet

from netplan_sheets.backends.xlsx_write import put
from netplan_sheets.cells import read_text
from netplan_sheets.compute.dates import add_days
from netplan_sheets.errors import FileExists
from netplan_sheets.file_safety import atomic_write
from netplan_sheets.schema import FIELD_HEADER, VALUE_HEADER, Layout, by_title
from netplan_sheets.template.xlsx_template import build_template

DEMO_FILE = "plan.xlsx"
_RELATIVE = re.compile(r"^D([+-]\d+)$")


def demo_rows() -> dict[str, Any]:
    text = (files("netplan_sheets") / "templates" / "demo_plan.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return {k: v for k, v in data.items() if not k.startswith("_")}


def _value(value: Any, as_of: date) -> Any:
    if isinstance(value, str) and (match := _RELATIVE.match(value)):
        return add_days(as_of, int(match.group(1)))
    return value


def _headers(ws: Worksheet) -> dict[str, int]:
    return {read_text(c.value): c.column for c in ws[1] if c.value is not None}


def _fill_fields(ws: Worksheet, values: dict[str, Any], as_of: date) -> None:
    headers = _headers(ws)
    label, value = headers[FIELD_HEADER], headers[VALUE_HEADER]
    for row in range(2, ws.max_row + 1):
        title = read_text(ws.cell(row=row, column=label).value)
        if title in values:
            put(ws, row, value, _value(values[title], as_of))


def _fill_table(ws: Worksheet, records: list[dict[str, Any]], as_of: date) -> None:
    headers = _headers(ws)
    for row, record in enumerate(records, start=2):
        for title, value in record.items():
            put(ws, row, headers[title], _value(value, as_of))


def write_demo(folder: Path, as_of: date, force: bool = False) -> Path:
    """Write the filled-in sample plan into ``folder``; its path."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / DEMO_FILE
    if path.exists() and not force:
        raise FileExists(f"{path}: already exists; use --force to replace it with a fresh demo")
    book = build_template(DEMO_FILE)
    for title, rows in demo_rows().items():
        ws = book[title]
        if by_title(title).layout is Layout.FIELDS:
            _fill_fields(ws, rows, as_of)
        else:
            _fill_table(ws, rows, as_of)
    atomic_write(path, lambda temp: book.save(temp))
    return path
