"""Column widths, from the schemas: the same for ``netplan init`` and the sheets sync
writes, and free of openpyxl so the sync path need not import it."""

from __future__ import annotations

from netplan_sheets.schema import Column, Kind
from netplan_sheets.template.resources import template_config

DEFAULT_WIDTH = int(template_config()["default_column_width"])
_MAX_AUTO_WIDTH = 30
_FILTER_BUTTON = 4  # characters of room for the autofilter's drop-down arrow


def column_width(column: Column) -> float:
    """The schema's x-width, else wide enough for the header, its filter button and a value."""
    if column.width is not None:
        return float(column.width)
    wanted = len(column.title) + _FILTER_BUTTON
    if column.kind is Kind.DATE:
        wanted = max(wanted, len("2026-11-03") + _FILTER_BUTTON)
    elif column.kind is Kind.CHOICE and column.choices:
        wanted = max(wanted, max(len(choice) for choice in column.choices) + _FILTER_BUTTON)
    return float(min(max(DEFAULT_WIDTH, wanted), _MAX_AUTO_WIDTH))
