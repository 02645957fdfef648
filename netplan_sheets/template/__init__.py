"""The plan template: the workbook ``netplan init`` writes, generated from the schemas.

Modules: ``contents`` (the sheets and their values, for every backend), ``xlsx_template``
(the .xlsx workbook and saving it), ``input_sheets`` and ``start_here`` (what goes on the
sheets), ``validation_rules`` (dropdowns and bounds),
``lists_sheet`` (the hidden lists behind dropdowns), ``notes`` (header notes),
``styles`` (looks shared with the write-back) and ``resources`` (templates/*.json).
"""

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
