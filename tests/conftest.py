"""Shared fixtures: workbooks built with real openpyxl, in tmp_path."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))  # tests' own helper modules (plans.py, ...)

from fake_google import FakeGoogle


@pytest.fixture
def plan_path(tmp_path: Path) -> Path:
    """Where a test writes its workbook."""
    return tmp_path / "plan.xlsx"


@pytest.fixture
def fake_google(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeGoogle]:
    """The fake Google Sheets/Drive API on 127.0.0.1, with NETPLAN_GOOGLE_API_URL pointing at
    it for the test; ``fake_google.client()`` is a real gspread client talking to it."""
    with FakeGoogle() as fake:
        monkeypatch.setenv("NETPLAN_GOOGLE_API_URL", fake.url)
        yield fake
