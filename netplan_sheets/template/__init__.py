"""The plan template: the workbook ``netplan init`` writes, generated from the schemas.

Modules: ``contents`` (the sheets and their values, for every backend), ``xlsx_template``
(the .xlsx workbook and saving it), ``input_sheets`` and ``start_here`` (what goes on the
sheets), ``validation_rules`` (dropdowns and bounds),
``lists_sheet`` (the hidden lists behind dropdowns), ``notes`` (header notes),
``styles`` (looks shared with the write-back) and ``resources`` (templates/*.json).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from netplan_sheets.template.resources import template_version
    from netplan_sheets.template.xlsx_template import (
        VERSION_PROPERTY,
        TemplateResult,
        build_template,
        sheet_titles,
        workbook_template_version,
        write_template,
    )

__all__ = [
    "VERSION_PROPERTY",
    "TemplateResult",
    "build_template",
    "sheet_titles",
    "template_version",
    "workbook_template_version",
    "write_template",
]

_HOMES = {"template_version": "resources"} | {name: "xlsx_template" for name in __all__
                                             if name != "template_version"}


def __getattr__(name: str) -> Any:
    """Load the workbook writer (and openpyxl) only when asked: the sheets sync writes and
    the header notes live in this package too, and sync does not need openpyxl."""
    if name not in _HOMES:
        raise AttributeError(name)
    return getattr(importlib.import_module(f"netplan_sheets.template.{_HOMES[name]}"), name)
