"""A local .xlsx workbook as a :class:`~netplan_sheets.backends.base.PlanBackend`, written
surgically.

Read fast with python-calamine; written by patching only the computed cells of Goals and
Contacts and regenerating only the tool-owned sheets, every other part of the package
copied byte for byte (:mod:`netplan_sheets.ooxml`). A computed cell is written only where
its value differs, a tool sheet only where its values differ, and nothing at all when
nothing does. The file is written to a temporary file and renamed over the original (or
to ``output``), under the workbook's lock.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from netplan_sheets.errors import CannotPatch, NetplanError, UnsafeToOverwrite
from netplan_sheets.file_safety import atomic_write, remove_stale_temps, sync_lock
from netplan_sheets.input_edits import InputEdits
from netplan_sheets.layout import SheetLayout
from netplan_sheets.model import RawWorkbook
from netplan_sheets.ooxml.editor import PackageEditor, PackageEdits
from netplan_sheets.ooxml.formula_refs import reads_written_cells
from netplan_sheets.ooxml.patch import CellWrite, SheetPatch
from netplan_sheets.ooxml.reader import BookRead, read_book
from netplan_sheets.ooxml.sheet_xml import SheetXmlError
from netplan_sheets.ooxml.styles import CellLook
from netplan_sheets.ooxml.tool_sheets import (
    HEADER,
    computed_look,
    dashboard_sheet,
    output_sheet,
)
from netplan_sheets.package import check_file
from netplan_sheets.schema import DATE_FORMAT, Column, input_schemas
from netplan_sheets.sheet_titles import clash_message, clashing_title, tool_sheet_titles
from netplan_sheets.write_targets import WriteTarget, check_target
from netplan_sheets.writeback import ComputedColumns, WriteBack, trimmed

DATE_LOOK = CellLook(number_format=DATE_FORMAT)


def same(old: Any, new: Any) -> bool:
    """Whether a cell read back holds the value the tool would write."""
    if old is None or new is None or old == "" or new == "":
        return (old is None or old == "") and (new is None or new == "")
    if isinstance(old, bool) or isinstance(new, bool):
        return old is new
    if isinstance(new, date) or isinstance(old, date):
        if not (isinstance(new, date) and isinstance(old, date)):
            return False
        return _as_datetime(old) == _as_datetime(new)
    if isinstance(old, str) or isinstance(new, str):
        return isinstance(old, str) and isinstance(new, str) and old == new
    return bool(old == new)


def _as_datetime(value: date) -> datetime:
    if isinstance(value, datetime):
        return value
    return datetime(value.year, value.month, value.day)


def same_grid(old: Sequence[Sequence[Any]], new: Sequence[Sequence[Any]]) -> bool:
    a, b = trimmed(old), trimmed(new)
    if len(a) != len(b):
        return False
    for left, right in zip(a, b, strict=True):
        width = max(len(left), len(right))
        left = [*left, *([None] * (width - len(left)))]
        right = [*right, *([None] * (width - len(right)))]
        if not all(same(x, y) for x, y in zip(left, right, strict=True)):
            return False
    return True


@dataclass
class _ColumnWrites:
    """The computed cells of one input sheet that must change: (row, column) -> value."""

    title: str
    headers: dict[int, str] = field(default_factory=dict)  # computed columns added back
    cells: dict[tuple[int, int], tuple[Any, Column]] = field(default_factory=dict)
    columns: frozenset[int] = frozenset()  # where the computed columns are
    stale: set[tuple[int, int]] = field(default_factory=set)  # see formula_refs


class XlsxBackend:
    """``target`` is where writes go (None: opened to read only)."""

    def __init__(self, path: Path, target: WriteTarget | None = None,
                 to_copy: bool = False) -> None:
        self.path = path
        self.target = target
        self.to_copy = to_copy  # --output: written even when nothing changed
        self.source = str(path)
        self.book: BookRead | None = None

    def read(self) -> RawWorkbook:
        schemas = input_schemas()
        self.book = read_book(self.path, [s.title for s in schemas],
                              sorted(tool_sheet_titles()))
        return self.book.workbook

    def write(self, writeback: WriteBack, layouts: dict[str, SheetLayout],
              dry_run: bool) -> tuple[int, str | None]:
        assert self.book is not None, "read() comes first"
        _refuse_tool_title_clash(self.path, self.book.workbook.sheet_titles, writeback)
        columns = [self._computed(c, layouts[c.schema.key]) for c in writeback.computed]
        self._mark_stale_formulas(columns, layouts, writeback)
        grids = self.book.extra
        tables = [t for t in writeback.tables
                  if not (t.title in grids and same_grid(grids[t.title],
                                                        [t.headers, *t.rows]))]
        dashboard = writeback.dashboard
        dashboard_changed = not (dashboard.title in grids and
                                 same_grid(grids[dashboard.title], dashboard.rows))
        changed = (sum(len(c.cells) + len(c.headers) for c in columns) + len(tables)
                   + int(dashboard_changed))
        if dry_run or not (changed or self.to_copy):
            return changed, None

        def results(editor: PackageEditor) -> PackageEdits:
            edits = PackageEdits(tool_order=writeback.output_order)
            for found in columns:
                patch = self._patch(editor, found)
                if patch.cells or patch.stale:
                    edits.patches[found.title] = patch
            for table in tables:
                edits.tool_sheets.append(output_sheet(table, editor.styles, editor.epoch))
            if dashboard_changed:
                edits.tool_sheets.append(dashboard_sheet(dashboard, editor.styles, editor.epoch))
            return edits

        return changed, self._save(results, "cannot write the results into it")

    def apply_input_edits(self, edits: Sequence[InputEdits], layouts: dict[str, SheetLayout],
                          dry_run: bool) -> tuple[int, str | None]:
        """Put imported rows and filled cells into Contacts and Interactions with the cell
        patcher: text as text, dates in the date format, every other byte kept."""
        changed = sum(len(e.cells) for e in edits)
        if dry_run or not changed:
            return changed, None

        def imported(editor: PackageEditor) -> PackageEdits:
            found = PackageEdits()
            for sheet_edits in edits:
                layout = layouts[sheet_edits.sheet_key]
                patch = found.patches.setdefault(layout.title, SheetPatch())
                for (row, key), value in sheet_edits.cells.items():
                    # a date shows as a date; text keeps the look of the cell it fills
                    style = (editor.styles.cell_style(DATE_LOOK)
                             if isinstance(value, date) else None)
                    patch.cells[(row, layout.columns[key])] = CellWrite(value, style)
            return found

        return changed, self._save(imported, "cannot add the imported rows")

    def _save(self, plan: Callable[[PackageEditor], PackageEdits], what: str) -> str:
        """Write the edits ``plan`` makes (given the opened package, for its styles) into a
        new package, and put it in place atomically; where it was written."""
        if self.target is None:
            raise NetplanError(f"{self.path}: was opened to be read only")

        def write(temp: Path) -> None:
            with PackageEditor(self.path) as editor, temp.open("wb") as handle:
                try:
                    editor.write(handle, plan(editor))
                except SheetXmlError as error:
                    raise CannotPatch(
                        f"{self.path}: {what}: {error}; nothing was changed. Run again with "
                        "--output OTHER.xlsx to write the results to a copy",
                        detail=str(error)) from None

        atomic_write(self.target.real, write)
        return str(self.target.shown)

    def _computed(self, computed: ComputedColumns, layout: SheetLayout) -> _ColumnWrites:
        sheet = layout.sheet
        assert sheet is not None, "computed columns are planned only for present sheets"
        found = _ColumnWrites(sheet.title)
        formulas = self.book.formulas.get(sheet.title) if self.book else None
        formula_cells = formulas.cells if formulas else set()
        columns = dict(layout.columns)
        next_free = max([layout.width, *columns.values()], default=0) + 1
        for column in computed.schema.computed_columns:
            if column.key not in columns:  # deleted by the user: added back at the end
                columns[column.key] = next_free
                found.headers[next_free] = column.title
                next_free += 1
        found.columns = frozenset(columns[c.key] for c in computed.schema.computed_columns)
        grid = sheet.grid
        for column in computed.schema.computed_columns:
            index = columns[column.key]
            for row in range(computed.first_row, computed.last_row + 1):
                new = computed.values.get(row, {}).get(column.key)
                values = grid[row - 1] if row <= len(grid) else ()
                old = values[index - 1] if index <= len(values) else None
                if (row, index) not in formula_cells and same(old, new):
                    continue
                found.cells[(row, index)] = (new, column)
        return found

    def _mark_stale_formulas(self, columns: list[_ColumnWrites],
                             layouts: dict[str, SheetLayout], writeback: WriteBack) -> None:
        """The user's own formulas beside the results that read them lose their saved
        value, so that apps which trust saved values (LibreOffice) show them fresh. The
        schema's own columns keep theirs: validation reads them."""
        assert self.book is not None
        written: dict[str, frozenset[int] | None] = {c.title: c.columns for c in columns}
        written.update((title, None) for title in writeback.output_order)
        for found, computed in zip(columns, writeback.computed, strict=True):
            scan = self.book.formulas.get(found.title)
            if scan is None:
                continue
            own = set(layouts[computed.schema.key].columns.values()) | found.columns
            for position, text in scan.texts.items():
                if (position[1] in own or position in scan.missing
                        or not reads_written_cells(text, found.title, written)):
                    continue
                found.stale.add(position)

    @staticmethod
    def _patch(editor: PackageEditor, found: _ColumnWrites) -> SheetPatch:
        patch = SheetPatch(stale=set(found.stale))
        header = editor.styles.cell_style(HEADER)
        for column_index, title in found.headers.items():
            patch.cells[(1, column_index)] = CellWrite(title, header)
        styles: dict[str, int] = {}
        for key, (value, column) in found.cells.items():
            style = styles.get(column.key)
            if style is None:
                style = styles[column.key] = editor.styles.cell_style(computed_look(column))
            patch.cells[key] = CellWrite(value, style)
        return patch


def _refuse_tool_title_clash(path: Path, titles: Sequence[str], writeback: WriteBack) -> None:
    """A sheet of the user's named like a tool sheet but for case is the user's, and
    spreadsheet apps refuse two sheets whose names differ only in case."""
    for tool in writeback.output_order:
        theirs = None if tool in titles else clashing_title(titles, tool)
        if theirs is not None:
            raise UnsafeToOverwrite(clash_message(str(path), theirs, tool))


@contextlib.contextmanager
def open_xlsx(path: Path, output: Path | None = None, dry_run: bool = False,
              force: bool = False, read_only: bool = False) -> Iterator[XlsxBackend]:
    """The workbook at ``path``, checked safe to write where it goes (see
    :mod:`netplan_sheets.write_targets`), its target's lock held; or, ``read_only``, just
    read (no lock, no checks of where it would be written)."""
    check_file(path)  # a missing file says so before any lock is made beside it
    if read_only:
        yield XlsxBackend(path)
        return
    target = check_target(path, output, force, dry_run)
    with sync_lock(target.real):
        if not dry_run:
            remove_stale_temps(target.real)
        yield XlsxBackend(path, target, output is not None)
