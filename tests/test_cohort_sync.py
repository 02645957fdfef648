"""netplan cohort sync: every workbook synced in worker processes; a broken one is reported
and never stops the others; outcomes kept for the report."""

from __future__ import annotations

import json
import os
import signal
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from cohort_data import AS_OF, fill_workbook, make_cohort
from conftest import Prebuilt

from netplan_sheets.cli import cli
from netplan_sheets.cohort import SyncStatus, load_manifest, load_status, sync_cohort
from netplan_sheets.cohort.manifest import Manifest
from netplan_sheets.cohort.status import Outcome
from netplan_sheets.file_safety import sync_lock


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def statuses(manifest: Manifest) -> list[str]:
    stored = load_status(manifest)
    return [str(stored[e.key].status) for e in manifest.participants]


def goal_statuses(path: Path) -> list[str | None]:
    ws = openpyxl.load_workbook(path)["Goals"]
    headers = [c.value for c in ws[1]]
    column = headers.index("Status")
    return [row[column] for row in ws.iter_rows(min_row=2, values_only=True) if row[0]]


def build_cohort(folder: Path) -> None:
    make_cohort(folder / "cohort", 7)


@pytest.fixture
def cohort(tmp_path: Path, prebuilt: Prebuilt) -> Manifest:
    return load_manifest(prebuilt.copy("cohort-of-7", build_cohort, tmp_path / "built")
                         / "cohort")


def test_corrupt_and_invalid_workbooks_are_reported_and_the_rest_synced(
        cohort: Manifest) -> None:
    corrupt, invalid, *fine = cohort.participants
    data = cohort.local_path(corrupt).read_bytes()
    cohort.local_path(corrupt).write_bytes(data[: len(data) // 2])  # cut short
    fill_workbook(cohort.local_path(invalid), {
        "Interactions": [{"Date": "last week", "Contact": "Nobody", "Type": "Call"}]})

    code, out, err = run("cohort", "sync", str(cohort.path), "--as-of", AS_OF.isoformat(),
                         "--json")
    assert code == 1, err
    assert err == "", "no progress bar when the output is --json or not a terminal"
    result = json.loads(out)
    rows = result["participants"]
    assert [r["status"] for r in rows] == ["failed", "problems", *["synced"] * 5]
    assert result["counts"] == {"synced": 5, "problems": 1, "failed": 1, "not synced": 0}
    assert rows[0]["error"].startswith("the workbook could not be read")
    assert rows[0]["figures"] is None
    assert rows[1]["figures"]["problems"] == 2 and rows[1]["error"] is None
    for entry in fine:
        assert all(goal_statuses(cohort.local_path(entry))), f"{entry.name} was not synced"
    assert statuses(cohort) == ["failed", "problems", *["synced"] * 5]

    code, out, _ = run("cohort", "sync", str(cohort.path), "--as-of", AS_OF.isoformat())
    assert code == 1
    lines = out.splitlines()
    assert lines[0].split() == ["#", "Name", "Group", "Status", "Done", "On", "track",
                                "Behind", "Missed", "Overdue", "Problems"]
    assert lines[1].split()[:5] == ["1", "Participant", "00", "North", "failed"]
    assert lines[2].split()[4:5] == ["problems"]
    assert "Spring 2026 cohort: 7 participants: 5 synced, 1 with problems, 1 failed" in out
    assert f"#1 {corrupt.workbook}: the workbook could not be read" in out


def test_locked_and_missing_workbooks_do_not_stop_the_others(cohort: Manifest) -> None:
    locked, missing, *_ = cohort.participants
    cohort.local_path(missing).unlink()
    with sync_lock(cohort.local_path(locked)):
        result = sync_cohort(cohort, AS_OF, workers=2)
    assert [str(r.outcome.status) for r in result.rows] == ["failed", "failed",
                                                           *["synced"] * 5]
    assert result.rows[0].outcome.error == ("another sync was writing the workbook; run "
                                            "cohort sync again later")
    assert result.rows[1].outcome.error == ("the workbook file is missing (moved, renamed or "
                                            "deleted?)")
    assert not result.ok and result.workers == 2


def test_outcomes_replace_earlier_ones(cohort: Manifest) -> None:
    first = cohort.participants[0]
    saved = cohort.local_path(first).read_bytes()
    cohort.local_path(first).write_bytes(b"not a workbook")
    assert sync_cohort(cohort, AS_OF).rows[0].outcome.status is SyncStatus.FAILED
    cohort.local_path(first).write_bytes(saved)
    result = sync_cohort(cohort, AS_OF, workers=1)
    assert result.ok and result.workers == 1
    assert statuses(cohort) == ["synced"] * 7
    assert load_status(cohort)[first.key].figures is not None


def _workers_of(parent: int) -> list[int]:
    """Processes two levels below ``parent``: the pool's workers, forked by its forkserver."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as stat:
                ppid = int(stat.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(entry))
    return [pid for child in children.get(parent, []) for pid in children.get(child, [])]


@pytest.mark.slow
@pytest.mark.skipif(not os.path.isdir("/proc"), reason="finds worker processes in /proc")
def test_a_worker_process_dying_costs_no_participant(cohort: Manifest) -> None:
    killed: list[int] = []

    def kill_workers(_outcome: Outcome) -> None:
        if killed:
            return
        for pid in _workers_of(os.getpid()):
            os.kill(pid, signal.SIGKILL)
            killed.append(pid)

    result = sync_cohort(cohort, AS_OF, workers=1, progress=kill_workers)
    assert killed, "the pool's worker was found and killed"
    assert [str(r.outcome.status) for r in result.rows] == ["synced"] * 7
