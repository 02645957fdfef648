"""Opening a plan wherever it lives: the entry points the commands call."""

from __future__ import annotations

from pathlib import Path

from netplan_sheets.backends.xlsx_read import read_workbook
from netplan_sheets.schema import input_schemas
from netplan_sheets.validation import ValidationReport, validate


def validate_source(source: str) -> ValidationReport:
    """Validate the plan at ``source`` (an .xlsx path)."""
    raw = read_workbook(Path(source), [s.title for s in input_schemas()])
    return validate(raw)
