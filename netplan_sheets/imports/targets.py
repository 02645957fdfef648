"""Where an import writes: a Google Sheet (its backend) or a local .xlsx workbook.

A local workbook is read with the fast reader and written with the surgical engine's cell
patcher: the planned cells of Contacts and Interactions are inserted (text always as
text, dates in the date format), every other byte of those sheets and every other part
is kept. The file is replaced atomically, under the same lock and the same checks of
where it may write (:mod:`netplan_sheets.write_targets`) as a sync.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
from datetime import date
from pathlib import Path

from netplan_sheets.backends.base import ImportTarget
from netplan_sheets.errors import CannotPatch
from netplan_sheets.file_safety import atomic_write, remove_stale_temps, sync_lock
from netplan_sheets.input_edits import InputEdits
from netplan_sheets.layout import SheetLayout
from netplan_sheets.model import RawWorkbook
from netplan_sheets.ooxml.editor import PackageEditor, PackageEdits
from netplan_sheets.ooxml.patch import CellWrite, SheetPatch
from netplan_sheets.ooxml.reader import read_workbook
from netplan_sheets.ooxml.sheet_xml import SheetXmlError
from netplan_sheets.ooxml.styles import CellLook
from netplan_sheets.schema import DATE_FORMAT, input_schemas
from netplan_sheets.write_targets import WorkbookReadOnly, check_target

# An imported date shows as a date; a text cell keeps the look of the cell it fills.
DATE_LOOK = CellLook(number_format=DATE_FORMAT)


class XlsxImportTarget:
    """``path`` as the user named it; ``real`` the file written (a link's target)."""

    def __init__(self, path: Path, real: Path | None = None) -> None:
        self.path = path
        self.real = real or path
        self.source = str(path)

    def read(self) -> RawWorkbook:
        return read_workbook(self.path, [s.title for s in input_schemas()])

    def apply_input_edits(self, edits: Sequence[InputEdits], layouts: dict[str, SheetLayout],
                          dry_run: bool) -> tuple[int, str | None]:
        changed = sum(len(e.cells) for e in edits)
        if dry_run or not changed:
            return changed, None

        def write(temp: Path) -> None:
            with PackageEditor(self.path) as editor:
                patches = {}
                for sheet_edits in edits:
                    layout = layouts[sheet_edits.sheet_key]
                    patch = SheetPatch()
                    for (row, key), value in sheet_edits.cells.items():
                        style = (editor.styles.cell_style(DATE_LOOK)
                                 if isinstance(value, date) else None)
                        patch.cells[(row, layout.columns[key])] = CellWrite(value, style)
                    patches[layout.title] = patch
                with temp.open("wb") as handle:
                    try:
                        editor.write(handle, PackageEdits(patches=patches))
                    except SheetXmlError as error:
                        raise CannotPatch(f"{self.path}: cannot add the imported rows: "
                                          f"{error}; nothing was changed",
                                          detail=str(error)) from None

        atomic_write(self.real, write)
        return changed, self.source


@contextlib.contextmanager
def open_target(source: str, credentials: str | None = None, dry_run: bool = False,
                force: bool = False) -> Iterator[ImportTarget]:
    """The plan at ``source`` (an .xlsx path, or a Google Sheets URL or key). A local
    workbook is checked safe to write as for a sync (a link is followed, a read-only file or
    one a spreadsheet app has open is left alone unless ``force``), and its lock is held
    until the import is done."""
    from netplan_sheets.workbooks import open_google

    google = open_google(source, credentials)
    if google is not None:
        yield google
        return
    path = Path(source)
    if not path.is_file():  # nothing to lock: reading it says what is wrong
        yield XlsxImportTarget(path)
        return
    try:
        target = check_target(path, None, force, dry_run)
    except WorkbookReadOnly:
        raise WorkbookReadOnly(f"{path}: the file is read-only; make it writable to import "
                               "into it") from None
    with sync_lock(target.real):
        if not dry_run:
            remove_stale_temps(target.real)
        yield XlsxImportTarget(path, target.real)
