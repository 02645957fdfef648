"""The openpyxl engine: a local .xlsx loaded whole by openpyxl and saved whole.

Kept as the explicit fallback for ``netplan sync --output`` when the surgical engine
(:mod:`netplan_sheets.backends.xlsx`) refuses a workbook, and as the reference the
surgical engine's results are checked against. openpyxl drops what it does not model, so
this engine never overwrites a workbook holding such content
(:mod:`netplan_sheets.preservation`); a copy it writes lacks it.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from netplan_sheets.backends.formula_values import restore_formula_values
from netplan_sheets.backends.xlsx_book import formula_cells, raw_workbook, saved_formula_values
from netplan_sheets.backends.xlsx_read import load
from netplan_sheets.backends.xlsx_write import apply_writeback
from netplan_sheets.errors import UnsafeToOverwrite
from netplan_sheets.file_safety import atomic_write, remove_stale_temps, sync_lock
from netplan_sheets.layout import SheetLayout
from netplan_sheets.model import RawWorkbook
from netplan_sheets.package import open_package
from netplan_sheets.preservation import refusal_message, unsupported_content
from netplan_sheets.schema import input_schemas
from netplan_sheets.writeback import WriteBack


class OpenpyxlBackend:
    def __init__(self, path: Path, output: Path | None) -> None:
        self.path = path
        self.output = output
        self.source = str(path)
        self.book: Any = None
        self.saved: dict[str, dict[tuple[int, int], Any]] = {}
        self.raw: RawWorkbook | None = None

    def read(self) -> RawWorkbook:
        self.book = load(self.path, read_only=False, data_only=False)
        self.saved = saved_formula_values(self.path, formula_cells(self.book))
        self.raw = raw_workbook(self.book, self.source, [s.title for s in input_schemas()],
                                self.saved)
        return self.raw

    def write(self, writeback: WriteBack, layouts: dict[str, SheetLayout],
              dry_run: bool) -> tuple[int, str | None]:
        assert self.book is not None and self.raw is not None, "read() comes first"
        changed = apply_writeback(self.book, writeback, layouts)
        if dry_run or not (changed or self.output is not None):
            return changed, None
        target = self.output or self.path
        epoch = self.raw.epoch

        def write(temp: Path) -> None:
            self.book.save(temp)
            restore_formula_values(temp, self.saved, epoch)

        atomic_write(target, write)
        return changed, str(target)


@contextlib.contextmanager
def open_with_openpyxl(path: Path, output: Path | None = None,
                       dry_run: bool = False) -> Iterator[OpenpyxlBackend]:
    """The workbook at ``path``, checked safe to rewrite, its target's lock held."""
    reasons = unsupported_content(open_package(path))
    if reasons and output is None and not dry_run:
        raise UnsafeToOverwrite(refusal_message(path, reasons))
    target = output or path
    with sync_lock(target):
        if not dry_run:
            remove_stale_temps(target)
        yield OpenpyxlBackend(path, output)
