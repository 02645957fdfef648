"""Opening a plan wherever it lives: the entry points the commands call."""

from __future__ import annotations

from pathlib import Path

from netplan_sheets.backends.google_auth import find_credentials, spreadsheet_key
from netplan_sheets.backends.google_http import NetplanClient
from netplan_sheets.backends.google_sheets import GoogleBackend
from netplan_sheets.backends.google_template import (
    GoogleTemplateResult,
    create_google_template,
)
from netplan_sheets.ooxml.reader import read_workbook
from netplan_sheets.schema import input_schemas
from netplan_sheets.validation import ValidationReport, validate


def open_google(source: str, credentials: str | None = None) -> GoogleBackend | None:
    """A backend for a Google Sheets URL or key, or None when ``source`` is a local path."""
    key = spreadsheet_key(source)
    if key is None:
        return None
    found = find_credentials(credentials)
    return GoogleBackend(NetplanClient(found.credentials), key)


def validate_source(source: str, credentials: str | None = None) -> ValidationReport:
    """Validate the plan at ``source``: an .xlsx path, or a Google Sheets URL or key."""
    google = open_google(source, credentials)
    if google is not None:
        return validate(google.read())
    return validate(read_workbook(Path(source), [s.title for s in input_schemas()]))


def create_google_plan(title: str, share: tuple[str, ...] = (), folder: str | None = None,
                       credentials: str | None = None) -> GoogleTemplateResult:
    """A new Google Sheet holding the plan template."""
    found = find_credentials(credentials)
    return create_google_template(NetplanClient(found.credentials), title, share, folder)
