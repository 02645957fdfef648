"""Where a sync may write, decided before anything is read or written.

Nothing is written that the user did not name: a symbolic link is followed to the file it
names (which is written, beside itself, and the link kept); ``--output`` never names the
plan itself, nor, without ``--force``, a file that exists; a read-only workbook stays
untouched; and a workbook a spreadsheet app has open (its owner file beside it:
``~$plan.xlsx`` for Excel, ``.~lock.plan.xlsx#`` for LibreOffice) is not written under it,
because the app's next save would throw the results away.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from netplan_sheets.errors import BadInput, FileExists, NetplanError


class WorkbookReadOnly(NetplanError):
    """The workbook (or the file to write) may not be written."""


class WorkbookOpenElsewhere(NetplanError):
    """A spreadsheet app has the workbook open."""


@dataclass(frozen=True)
class WriteTarget:
    """``shown``: the path as the user gave it; ``real``: the file that gets written."""

    shown: Path
    real: Path


def real_file(path: Path) -> Path:
    """The file a path names, symbolic links followed (the path itself when it is none)."""
    return Path(os.path.realpath(path)) if path.is_symlink() else path


def same_file(a: Path, b: Path) -> bool:
    """Whether two spellings name one file (``./plan.xlsx``, an absolute path, a link)."""
    try:
        if a.exists() and b.exists():
            return os.path.samefile(a, b)
    except OSError:
        pass
    return os.path.normcase(os.path.realpath(a)) == os.path.normcase(os.path.realpath(b))


def owner_files(path: Path) -> list[Path]:
    """The lock files spreadsheet apps leave beside a workbook they have open. Excel names
    its ``~$`` plus the name, dropping the name's first two characters once it is long."""
    names = {f"~${path.name}", f".~lock.{path.name}#"}
    if len(path.stem) >= 8:
        names.add(f"~${path.name[2:]}")
    return [path.with_name(name) for name in sorted(names) if path.with_name(name).exists()]


def is_read_only(path: Path) -> bool:
    """No one may write it (chmod 444; Windows' read-only attribute)."""
    try:
        return not stat.S_IMODE(path.stat().st_mode) & 0o222
    except OSError:
        return False


def check_target(source: Path, output: Path | None, force: bool, dry_run: bool
                 ) -> WriteTarget:
    """Where a sync of ``source`` writes (``output`` when given), or why it must not."""
    if output is not None:
        if same_file(output, source):
            raise BadInput(f"{output}: --output names the plan itself; leave --output out "
                           "to write the results into the plan")
        if output.is_dir():
            raise BadInput(f"{output}: --output is a folder; give a file name such as "
                           "results.xlsx")
        if output.exists() and not force and not dry_run:
            raise FileExists(f"{output}: already exists; use --force to overwrite it")
    shown = output or source
    real = real_file(shown)
    if dry_run:
        return WriteTarget(shown, real)
    if real.exists() and is_read_only(real):
        raise WorkbookReadOnly(f"{shown}: the file is read-only; make it writable and run "
                               "again")
    if not force:
        for workbook in {source, real, real_file(source)}:
            found = owner_files(workbook)
            if found:
                app = "LibreOffice" if found[0].name.startswith(".~lock.") else "Excel"
                raise WorkbookOpenElsewhere(
                    f"{workbook}: is open in {app} ({found[0].name} is beside it); close it "
                    f"in {app} first, or run again with --force if it is not open")
    return WriteTarget(shown, real)
