"""Shared fixtures: workbooks built with real openpyxl, in tmp_path; the fake Google API;
and expensive folders built once per test run and copied for each test."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Callable, Iterator
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


class Prebuilt:
    """Folders that take seconds to make (a cohort whose participants filled in their
    plans, then synced), made once per test run and copied into each test that asks: a
    test may change its copy as it likes."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def copy(self, key: str, build: Callable[[Path], None], into: Path) -> Path:
        """A copy at ``into`` of the folder that ``build(folder)`` filled the first time
        ``key`` was asked for."""
        source = self.root / key
        if not source.exists():
            staging = self.root / f"{key}.building"  # a failed build is never reused
            shutil.rmtree(staging, ignore_errors=True)
            staging.mkdir()
            build(staging)
            staging.rename(source)
        shutil.copytree(source, into, symlinks=True)
        return into


@pytest.fixture(scope="session")
def prebuilt(tmp_path_factory: pytest.TempPathFactory) -> Prebuilt:
    return Prebuilt(tmp_path_factory.mktemp("prebuilt"))
