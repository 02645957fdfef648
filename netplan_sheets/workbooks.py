"""Opening a plan wherever it lives: the one entry point every command goes through.

:func:`open_plan` gives a backend (a :class:`~netplan_sheets.backends.base.PlanBackend`
and an :class:`~netplan_sheets.backends.base.ImportTarget`) for what the user named: a
Google Sheets URL or key (credentials looked up as for every command), or a local
workbook (checked safe to write where it goes, its lock held while the caller works).
The Google libraries are imported only for a Google Sheet.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from netplan_sheets.backends.xlsx import XlsxBackend, open_xlsx
from netplan_sheets.sheet_urls import spreadsheet_key
from netplan_sheets.validation import ValidationReport, validate

if TYPE_CHECKING:
    from netplan_sheets.backends.google_sheets import GoogleBackend
    from netplan_sheets.backends.google_template import GoogleTemplateResult


@contextlib.contextmanager
def open_plan(source: str, *, credentials: str | None = None, output: Path | None = None,
              dry_run: bool = False, force: bool = False,
              read_only: bool = False) -> Iterator[XlsxBackend | GoogleBackend]:
    """The plan at ``source``. For a local workbook, ``output`` is where results go instead
    (a copy), ``force`` writes over an existing ``output`` or a workbook that looks open in
    a spreadsheet app, and ``read_only`` opens it to read only (no lock)."""
    key = spreadsheet_key(source)
    if key is not None:
        yield google_plan(key, credentials)
        return
    with open_xlsx(Path(source), output, dry_run, force, read_only) as backend:
        yield backend


def google_plan(key: str, credentials: str | None = None) -> GoogleBackend:
    from netplan_sheets.backends.google_auth import find_credentials
    from netplan_sheets.backends.google_http import NetplanClient
    from netplan_sheets.backends.google_sheets import GoogleBackend

    return GoogleBackend(NetplanClient(find_credentials(credentials).credentials), key)


def validate_source(source: str, credentials: str | None = None) -> ValidationReport:
    """Validate the plan at ``source``: an .xlsx path, or a Google Sheets URL or key."""
    with open_plan(source, credentials=credentials, read_only=True) as plan:
        return validate(plan.read())


def create_google_plan(title: str, share: tuple[str, ...] = (), folder: str | None = None,
                       credentials: str | None = None) -> GoogleTemplateResult:
    """A new Google Sheet holding the plan template."""
    from netplan_sheets.backends.google_auth import find_credentials
    from netplan_sheets.backends.google_http import NetplanClient
    from netplan_sheets.backends.google_template import create_google_template

    found = find_credentials(credentials)
    return create_google_template(NetplanClient(found.credentials), title, share, folder)
