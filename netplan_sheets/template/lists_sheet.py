"""The hidden Lists sheet: the allowed values behind every dropdown.

Excel caps a list typed into a validation rule at 255 characters and cannot hold a label
with a comma; a range on a sheet has neither limit. Each distinct list is one column.
"""

from __future__ import annotations

from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.worksheet import Worksheet

from netplan_sheets.template.styles import style_computed_header


class ChoiceLists:
    """Collects the lists while the sheets are built, then writes them in one go."""

    def __init__(self, title: str) -> None:
        self.title = title
        self._columns: dict[tuple[str, ...], int] = {}
        self._labels: list[str] = []

    def range_for(self, choices: tuple[str, ...], label: str) -> str:
        """The range (formula text, no leading '=') holding ``choices``, added if new."""
        index = self._columns.get(choices)
        if index is None:
            self._labels.append(label)
            index = self._columns[choices] = len(self._labels)
        letter = get_column_letter(index)
        return f"{quote_sheetname(self.title)}!${letter}$2:${letter}${len(choices) + 1}"

    def write(self, ws: Worksheet) -> None:
        for (choices, index), label in zip(self._columns.items(), self._labels, strict=True):
            style_computed_header(ws.cell(row=1, column=index, value=label))
            for row, choice in enumerate(choices, start=2):
                ws.cell(row=row, column=index, value=choice)
            width = max(len(label), *(len(choice) for choice in choices)) + 2
            ws.column_dimensions[get_column_letter(index)].width = width
        # Hidden, not "very hidden": a curious user can still unhide it and read the lists.
        ws.sheet_state = "hidden"
