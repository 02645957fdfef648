"""Shared fixtures: workbooks built with real openpyxl, in tmp_path."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))  # tests' own helper modules (plans.py, ...)


@pytest.fixture
def plan_path(tmp_path: Path) -> Path:
    """Where a test writes its workbook."""
    return tmp_path / "plan.xlsx"
