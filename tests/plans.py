"""Building plan workbooks for tests with real openpyxl, rows given by header text.

``write_plan(path, {"Contacts": [{"Name": "Dana Lee", "Relationship": "Mentor"}]})``
writes every input sheet with its schema headers (Profile and Settings as Field | Value)
and the given rows. Pass ``headers={"Contacts": [...]}`` to reorder or add columns.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import openpyxl

from netplan_sheets.schema import Layout, input_schemas

Rows = Mapping[str, Sequence[Mapping[str, Any]] | Mapping[str, Any]]


def build_plan(
    rows: Rows | None = None,
    headers: Mapping[str, Sequence[str]] | None = None,
    skip_sheets: Sequence[str] = (),
) -> openpyxl.Workbook:
    rows = rows or {}
    headers = headers or {}
    book = openpyxl.Workbook()
    book.remove(book.active)
    for schema in input_schemas():
        if schema.title in skip_sheets:
            continue
        sheet = book.create_sheet(schema.title)
        given = rows.get(schema.title, {} if schema.layout is Layout.FIELDS else [])
        if schema.layout is Layout.FIELDS:
            assert isinstance(given, Mapping)
            sheet.append(["Field", "Value"])
            for column in schema.columns:
                sheet.append([column.title, given.get(column.title)])
            continue
        titles = list(headers.get(schema.title, schema.headers))
        sheet.append(titles)
        assert not isinstance(given, Mapping)
        for record in given:
            unknown = set(record) - set(titles)
            assert not unknown, f"{schema.title}: no column {unknown}"
            sheet.append([record.get(title) for title in titles])
    return book


def write_plan(path: Path, rows: Rows | None = None, **kwargs: Any) -> Path:
    build_plan(rows, **kwargs).save(path)
    return path
