"""Where an import writes: a Google Sheet (its backend) or a local .xlsx workbook.

A local workbook is read with the fast read-only reader. Writing into it waits for the
surgical xlsx engine (its general cell patcher will apply :class:`InputEdits`); until then
a dry run works and a real write says so in one line.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from netplan_sheets.backends.base import ImportTarget
from netplan_sheets.backends.xlsx_read import read_workbook
from netplan_sheets.errors import XlsxImportUnavailable
from netplan_sheets.input_edits import InputEdits
from netplan_sheets.layout import SheetLayout
from netplan_sheets.model import RawWorkbook
from netplan_sheets.schema import input_schemas


class XlsxImportTarget:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.source = str(path)

    def read(self) -> RawWorkbook:
        return read_workbook(self.path, [s.title for s in input_schemas()])

    def apply_input_edits(self, edits: Sequence[InputEdits], layouts: dict[str, SheetLayout],
                          dry_run: bool) -> tuple[int, str | None]:
        changed = sum(len(e.cells) for e in edits)
        if dry_run or not changed:
            return changed, None
        raise XlsxImportUnavailable(
            f"{self.path}: importing into an .xlsx plan needs the new xlsx engine, which this "
            "version does not have yet; nothing was written (--dry-run shows what would "
            "change, and a Google Sheet plan can take the import now)")


def open_target(source: str, credentials: str | None = None) -> ImportTarget:
    """The plan at ``source``: an .xlsx path, or a Google Sheets URL or key."""
    from netplan_sheets.workbooks import open_google

    google = open_google(source, credentials)
    return google if google is not None else XlsxImportTarget(Path(source))
