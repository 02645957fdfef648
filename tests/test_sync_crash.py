"""A sync killed (SIGKILL) at any point of its save leaves the original workbook intact."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import openpyxl
import pytest

from netplan_sheets.file_safety import temp_name_prefix
from netplan_sheets.sync import sync_xlsx

sys.path.insert(0, str(Path(__file__).parents[1] / "benchmarks"))
from large_plan import AS_OF, build

SYNC = (
    "import sys; from datetime import date; from pathlib import Path;"
    "from netplan_sheets.sync import sync_xlsx;"
    "sync_xlsx(Path(sys.argv[1]), as_of=date.fromisoformat(sys.argv[2]))"
)


def _temps(path: Path) -> list[Path]:
    return list(path.parent.glob(f"{temp_name_prefix(path)}*.tmp"))


def _save_window(path: Path) -> float:
    """How long (s) a sync of ``path`` keeps its temporary file, from its appearing to the
    rename: the window the kills must land in. Measured on this machine, at this load, so
    the kills below land inside it however fast or busy the machine is."""
    process = subprocess.Popen([sys.executable, "-c", SYNC, str(path), AS_OF.isoformat()])
    try:
        deadline = time.monotonic() + 60
        while not _temps(path) and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.001)
        appeared = time.monotonic()
        while _temps(path) and time.monotonic() < deadline:
            time.sleep(0.001)
        return time.monotonic() - appeared
    finally:
        process.wait()


def _kill_during_save(path: Path, delay: float) -> bool:
    """Start a sync, SIGKILL it ``delay`` s after its temporary file appears; True when the
    kill landed before the rename (the temporary file is left behind)."""
    process = subprocess.Popen([sys.executable, "-c", SYNC, str(path), AS_OF.isoformat()])
    try:
        deadline = time.monotonic() + 60
        while not _temps(path) and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.002)
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
    finally:
        process.wait()
    return bool(_temps(path))


@pytest.mark.slow
def test_sigkill_during_save_never_damages_the_workbook(tmp_path: Path) -> None:
    path = build(tmp_path / "plan.xlsx", contacts=300, interactions=4000, goals=30,
                 actions=150, events=40)
    original = path.read_bytes()
    probe = tmp_path / "probe.xlsx"
    probe.write_bytes(original)
    window = _save_window(probe)
    mid_save = 0
    # Most kills inside the save, at fractions of its length, and some after the rename
    for delay in (0.0, *(window * f for f in (0.1, 0.3, 0.5, 0.7)), window * 2, window * 4):
        for leftover in _temps(path):  # a previous kill's; the next sync would remove it
            leftover.unlink()
        if _kill_during_save(path, delay):
            mid_save += 1
            assert path.read_bytes() == original, f"changed by a sync killed at +{delay}s"
        elif path.read_bytes() != original:  # the rename happened: complete and synced
            assert openpyxl.load_workbook(path)["Follow-ups"].max_row > 1
            path.write_bytes(original)
        openpyxl.load_workbook(path, read_only=True).close()  # always readable
    assert mid_save >= 3, "too few kills landed inside the save to prove anything"
    # the next sync cleans up what a killed one left behind, and succeeds
    path.write_bytes(original)
    assert _kill_during_save(path, 0.0) and _temps(path)
    result = sync_xlsx(path, as_of=AS_OF)
    assert result.output == str(path) and not _temps(path)
    assert not list(tmp_path.glob("*.tmp")) and os.path.exists(path)
