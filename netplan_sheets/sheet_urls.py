"""Telling a Google Sheet from a local file: a plan's source is either a Google Sheets URL
(or a bare spreadsheet key) or a path."""

from __future__ import annotations

import re
from pathlib import Path

_URL = re.compile(r"^https://docs\.google\.com/spreadsheets/d/([A-Za-z0-9_-]{20,})")
_KEY = re.compile(r"^[A-Za-z0-9_-]{25,}$")


def spreadsheet_key(source: str) -> str | None:
    """The key of a Google Sheets URL or bare key; None for anything else (a local path)."""
    text = source.strip()
    match = _URL.match(text)
    if match:
        return match.group(1)
    if _KEY.match(text) and not Path(text).exists() and not text.lower().endswith(".xlsx"):
        return text
    return None


def spreadsheet_url(key: str) -> str:
    return f"https://docs.google.com/spreadsheets/d/{key}/edit"
