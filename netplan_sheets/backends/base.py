"""The one small interface every place a plan can live implements."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from netplan_sheets.input_edits import InputEdits
from netplan_sheets.layout import SheetLayout
from netplan_sheets.model import RawWorkbook
from netplan_sheets.writeback import WriteBack


class PlanBackend(Protocol):
    """A workbook to read input sheets from and write results into (``netplan sync``)."""

    source: str  # what to call it in messages: a path or a spreadsheet URL

    def read(self) -> RawWorkbook:
        """The input sheets' cells."""
        ...

    def write(self, writeback: WriteBack, layouts: dict[str, SheetLayout],
              dry_run: bool) -> tuple[int, str | None]:
        """Apply the write-back; (cells or sheets changed, where it was written or None)."""
        ...


class ImportTarget(Protocol):
    """A workbook that imported contacts and meetings are written into (``netplan import``).
    Both backends (xlsx and Google) are one; the openpyxl fallback of sync is not."""

    source: str

    def read(self) -> RawWorkbook:
        """The input sheets' cells."""
        ...

    def apply_input_edits(self, edits: Sequence[InputEdits], layouts: dict[str, SheetLayout],
                          dry_run: bool) -> tuple[int, str | None]:
        """Write the edits (after :meth:`read`); (cells written, where it was written or
        None). With ``dry_run`` nothing is written and the count is what would be."""
        ...
