"""Putting a plan workbook into the fake Google Sheets, cell for cell (dates as serials)."""

from __future__ import annotations

from datetime import date, datetime
from functools import cache
from io import BytesIO
from pathlib import Path
from typing import Any

import openpyxl
from fake_google import FakeGoogle

from netplan_sheets.backends.google_requests import serial
from netplan_sheets.backends.google_sheets import GoogleBackend, quoted
from netplan_sheets.writeback import trimmed

__all__ = ["all_values", "backend", "sheet_value", "trimmed", "upload_plan"]


def sheet_value(value: Any) -> Any:
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return serial(value)
    return "" if value is None else value


def upload_plan(fake: FakeGoogle, path: Path, title: str = "Networking plan") -> str:
    """A new spreadsheet in the fake holding the values of every sheet of ``path``."""
    grids = _grids(path.read_bytes())
    rows = max(200, *(len(grid) + 50 for grid in grids.values()))
    key = fake.create_spreadsheet(title, sheets=tuple(grids), rows=rows, cols=30)
    for sheet, grid in grids.items():
        if grid:
            fake.set_values(key, f"{quoted(sheet)}!A1", grid)
    return key


@cache
def _grids(data: bytes) -> dict[str, list[list[Any]]]:
    """Every sheet's values as Google holds them, by title; read once per distinct file, as
    many tests upload copies of one plan."""
    book = openpyxl.load_workbook(BytesIO(data))
    return {ws.title: [[sheet_value(v) for v in row] for row in ws.iter_rows(values_only=True)]
            for ws in book.worksheets}


def backend(fake: FakeGoogle, key: str) -> GoogleBackend:
    return GoogleBackend(fake.client(), key)


def all_values(fake: FakeGoogle, key: str) -> dict[str, list[list[Any]]]:
    return {title: fake.values(key, quoted(title)) for title in fake.titles(key)}

