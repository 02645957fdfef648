"""A cohort touches only its own folder: a participant's workbook that is a link to a file
outside it, or a manifest entry naming a path outside it, is refused for that participant;
the outside file is neither written nor copied in, and the others are synced."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from cohort_data import AS_OF, make_cohort, people, write_program, write_roster
from conftest import Prebuilt

from netplan_sheets.cohort import init_cohort, load_manifest, sync_cohort
from netplan_sheets.cohort.status import SyncStatus


@pytest.fixture
def cohort(tmp_path: Path, prebuilt: Prebuilt) -> Path:
    """A fresh three-person cohort (not yet synced) in tmp_path/cohort; its manifest."""
    folder = prebuilt.copy("three-unsynced",
                           lambda into: make_cohort(into / "cohort", 3).parent, tmp_path / "made")
    return folder / "cohort" / "manifest.json"


def outside_plan(tmp_path: Path, manifest: Path) -> Path:
    """Someone else's workbook, outside the cohort's folder."""
    first = load_manifest(manifest).participants[0]
    outside = tmp_path / "elsewhere" / "private.xlsx"
    outside.parent.mkdir()
    shutil.copy(manifest.parent / first.workbook, outside)
    return outside


def _edit_manifest(manifest: Path, index: int, workbook: str) -> None:
    data = json.loads(manifest.read_text("utf-8"))
    data["participants"][index]["workbook"] = workbook
    manifest.write_text(json.dumps(data), "utf-8")


@pytest.mark.parametrize("kind", ["link", "relative", "absolute"])
def test_a_workbook_outside_the_folder_is_refused_for_that_participant(
        tmp_path: Path, cohort: Path, kind: str) -> None:
    outside = outside_plan(tmp_path, cohort)
    before = outside.read_bytes(), outside.stat().st_mtime_ns
    loaded = load_manifest(cohort)
    second = loaded.participants[1]
    if kind == "link":
        link = cohort.parent / second.workbook
        link.unlink()
        link.symlink_to(outside)
    else:
        named = str(outside) if kind == "absolute" else f"../../elsewhere/{outside.name}"
        _edit_manifest(cohort, 1, named)
    result = sync_cohort(load_manifest(cohort), AS_OF, workers=1)
    outcomes = [row.outcome for row in result.rows]
    assert outcomes[1].status is SyncStatus.FAILED
    assert "cohort's folder" in (outcomes[1].error or "")
    assert SyncStatus.FAILED not in (outcomes[0].status, outcomes[2].status)
    assert (outside.read_bytes(), outside.stat().st_mtime_ns) == before
    assert not any(p.name.endswith(".tmp") for p in outside.parent.iterdir())


def test_init_makes_nothing_outside_for_a_pending_entry_that_points_there(
        tmp_path: Path) -> None:
    folder = tmp_path / "cohort"
    roster = write_roster(tmp_path / "roster.csv", people(2))
    program = write_program(tmp_path / "program.json")
    init_cohort(roster, program, folder)
    manifest = folder / "manifest.json"
    data = json.loads(manifest.read_text("utf-8"))
    entry = data["participants"][1]
    (folder / entry["workbook"]).unlink()  # as if a run died before making it
    entry["state"] = "pending"
    entry["workbook"] = "../escaped.xlsx"
    manifest.write_text(json.dumps(data), "utf-8")
    result = init_cohort(roster, program, folder)
    assert not (tmp_path / "escaped.xlsx").exists()
    assert [e.email for e in result.dropped] == [entry["email"]]
    remade = load_manifest(manifest).find(entry["email"].casefold())
    assert remade is not None and remade.workbook != "../escaped.xlsx"
    assert (folder / remade.workbook).is_file()
