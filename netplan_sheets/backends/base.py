"""The one small interface every place a plan can live implements."""

from __future__ import annotations

from typing import Protocol

from netplan_sheets.layout import SheetLayout
from netplan_sheets.model import RawWorkbook
from netplan_sheets.writeback import WriteBack


class PlanBackend(Protocol):
    """A workbook to read input sheets from and write results into."""

    source: str  # what to call it in messages: a path or a spreadsheet URL

    def read(self) -> RawWorkbook:
        """The input sheets' cells."""
        ...

    def write(self, writeback: WriteBack, layouts: dict[str, SheetLayout],
              dry_run: bool) -> tuple[int, str | None]:
        """Apply the write-back; (cells or sheets changed, where it was written or None)."""
        ...
