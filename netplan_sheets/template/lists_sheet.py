"""The hidden Lists sheet: the allowed values behind every dropdown.

Excel caps a list typed into a validation rule at 255 characters and cannot hold a label
with a comma; a range on a sheet has neither limit. Each distinct list is one column.

Every dropdown names its range through a workbook-level defined name (``netplan_...``)
rather than a cross-sheet reference: Excel saves a rule that points at another sheet
directly in an x14 extension, which openpyxl cannot keep, so a plan once saved by Excel
could no longer be synced; a rule that names a defined name stays in the standard part.
"""

from __future__ import annotations

import re

from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from netplan_sheets.template.styles import style_computed_header

NAME_PREFIX = "netplan_"


class ChoiceLists:
    """Collects the lists while the sheets are built, then writes them in one go."""

    def __init__(self, title: str) -> None:
        self.title = title
        self._columns: dict[tuple[str, ...], int] = {}
        self._labels: list[str] = []
        self.names: dict[str, str] = {}  # defined name -> the range it stands for

    def name(self, label: str, target: str) -> str:
        """A defined name for the range ``target`` (e.g. ``Contacts!$A$2:$A$5000``)."""
        name = NAME_PREFIX + re.sub(r"\W+", "_", label).strip("_")
        known = self.names.setdefault(name, target)
        if known != target:
            raise ValueError(f"{name} already names {known}")
        return name

    def range_for(self, choices: tuple[str, ...], label: str) -> str:
        """The defined name of the range holding ``choices``, added if new."""
        index = self._columns.get(choices)
        if index is None:
            self._labels.append(label)
            index = self._columns[choices] = len(self._labels)
        letter = get_column_letter(index)
        target = f"{quote_sheetname(self.title)}!${letter}$2:${letter}${len(choices) + 1}"
        return self.name(f"list_{letter}", target)

    def define_names(self, book: Workbook) -> None:
        for name, target in self.names.items():
            book.defined_names[name] = DefinedName(name, attr_text=target)

    def write(self, ws: Worksheet) -> None:
        for (choices, index), label in zip(self._columns.items(), self._labels, strict=True):
            style_computed_header(ws.cell(row=1, column=index, value=label))
            for row, choice in enumerate(choices, start=2):
                ws.cell(row=row, column=index, value=choice)
            width = max(len(label), *(len(choice) for choice in choices)) + 2
            ws.column_dimensions[get_column_letter(index)].width = width
        # Hidden, not "very hidden": a curious user can still unhide it and read the lists.
        ws.sheet_state = "hidden"
