"""Nothing is written that the user did not name: --output never names the plan itself nor
(without --force) an existing file; a link is followed to its file and kept; read-only
workbooks and workbooks open in Excel or LibreOffice are left alone. And a few files that
are valid but odd: no extension, a name of 32,767 characters, a tiny target."""

from __future__ import annotations

import io
import os
import stat
import sys
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from plans import write_plan

from netplan_sheets.cli import cli
from netplan_sheets.sync import sync_xlsx

AS_OF = "2026-11-03"
PLAN = {"Goals": [{"Goal ID": "G1", "Goal": "Meet people", "Metric": "New contacts",
                   "Target": 2, "Start": date(2026, 10, 1), "Due": date(2026, 12, 1)}],
        "Contacts": [{"Name": "Dana Lee", "Relationship": "Peer",
                      "Added On": date(2026, 10, 5)}]}


def sync(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["sync", *args, "--as-of", AS_OF])
    return result.exit_code, result.output


def actual(path: Path) -> object:
    goals = openpyxl.load_workbook(io.BytesIO(path.read_bytes()))["Goals"]
    headers = [c.value for c in goals[1]]
    return goals.cell(row=2, column=headers.index("Actual") + 1).value


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    return write_plan(tmp_path / "plan.xlsx", PLAN)


@pytest.mark.parametrize("spelling", ["absolute", "dot", "link"])
def test_output_never_names_the_plan_itself(plan: Path, spelling: str,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(plan.parent)
    if spelling == "absolute":
        output = str(plan.resolve())
    elif spelling == "dot":
        output = "./plan.xlsx"
    else:
        (plan.parent / "same.xlsx").symlink_to(plan)
        output = str(plan.parent / "same.xlsx")
    before = plan.read_bytes()
    code, message = sync(str(plan), "--output", output)
    assert code == 2 and "--output names the plan itself" in message
    assert message.count("\n") == 1
    assert plan.read_bytes() == before


def test_output_onto_an_existing_file_needs_force(plan: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.xlsx"
    other.write_bytes(b"someone else's file")
    code, message = sync(str(plan), "--output", str(other))
    assert code == 2 and "already exists; use --force" in message
    assert other.read_bytes() == b"someone else's file"
    code, message = sync(str(plan), "--output", str(other), "--force")
    assert code == 0, message
    assert actual(other) == 1


def test_a_link_is_followed_to_its_file_and_kept(tmp_path: Path) -> None:
    folder = tmp_path / "real"
    folder.mkdir()
    real = write_plan(folder / "plan.xlsx", PLAN)
    link = tmp_path / "plan.xlsx"
    link.symlink_to(real)
    code, message = sync(str(link))
    assert code == 0, message
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert actual(real) == 1
    leftovers = [p.name for p in [*tmp_path.iterdir(), *folder.iterdir()]
                 if p.name.endswith(".tmp")]
    assert leftovers == []


def test_a_read_only_workbook_is_left_alone(plan: Path) -> None:
    before = plan.read_bytes()
    plan.chmod(0o444)
    try:
        code, message = sync(str(plan))
    finally:
        plan.chmod(0o644)
    assert code == 2 and "the file is read-only" in message and message.count("\n") == 1
    assert plan.read_bytes() == before
    assert stat.S_IMODE(plan.stat().st_mode) == 0o644


@pytest.mark.parametrize(("name", "owner", "app"), [
    ("plan.xlsx", "~$plan.xlsx", "Excel"),
    ("networking-plan.xlsx", "~$tworking-plan.xlsx", "Excel"),
    ("plan.xlsx", ".~lock.plan.xlsx#", "LibreOffice"),
])
def test_a_workbook_open_in_a_spreadsheet_app_is_not_written_under_it(
        tmp_path: Path, name: str, owner: str, app: str) -> None:
    path = write_plan(tmp_path / name, PLAN)
    (tmp_path / owner).write_bytes(b"owner")
    before = path.read_bytes()
    code, message = sync(str(path))
    assert code == 2 and f"is open in {app}" in message and "--force" in message
    assert path.read_bytes() == before
    code, message = sync(str(path), "--force")
    assert code == 0, message
    assert actual(path) == 1


def test_a_workbook_without_the_xlsx_extension_is_read(tmp_path: Path) -> None:
    path = write_plan(tmp_path / "plan.xlsx", PLAN)
    bare = path.rename(tmp_path / "my plan")
    validated = CliRunner().invoke(cli, ["validate", str(bare)])
    assert validated.exit_code == 0, validated.output
    code, message = sync(str(bare))
    assert code == 0, message
    assert actual(bare) == 1


@pytest.mark.parametrize("plan_rows", [
    {"Contacts": [{"Name": "N" * 32767, "Relationship": "Peer"}],
     "Interactions": [{"Date": date(2026, 10, 1), "Contact": "N" * 32767, "Type": "Call"}]},
    {"Goals": [{"Goal ID": "G1", "Goal": "x", "Metric": "Interactions", "Target": 1e-320,
                "Start": date(2026, 1, 1), "Due": date(2026, 12, 1)}]},
], ids=["longest-name", "tiny-target"])
def test_a_second_sync_changes_nothing_at_the_edges(tmp_path: Path,
                                                    plan_rows: dict[str, object]) -> None:
    path = write_plan(tmp_path / "plan.xlsx", plan_rows)  # type: ignore[arg-type]
    first = sync_xlsx(path, as_of=date(2026, 11, 3))
    assert first.changed_cells > 0
    written = path.read_bytes()
    second = sync_xlsx(path, as_of=date(2026, 11, 3))
    assert second.changed_cells == 0 and second.output is None
    assert path.read_bytes() == written


def test_a_target_so_small_progress_overflows_syncs_twice_alike(tmp_path: Path) -> None:
    rows = {"Goals": [{"Goal ID": "G1", "Goal": "x", "Metric": "Interactions",
                       "Target": 1e-320, "Start": date(2026, 1, 1), "Due": date(2026, 12, 1)}],
            "Contacts": [{"Name": "Ann", "Relationship": "Peer"}],
            "Interactions": [{"Date": date(2026, 10, 1), "Contact": "Ann", "Type": "Call"}]}
    path = write_plan(tmp_path / "plan.xlsx", rows)
    first = sync_xlsx(path, as_of=date(2026, 11, 3))
    assert first.results.goals[2].progress == sys.float_info.max
    written = path.read_bytes()
    assert sync_xlsx(path, as_of=date(2026, 11, 3)).changed_cells == 0
    assert path.read_bytes() == written


def test_an_as_of_before_the_first_date_a_sheet_shows_syncs_twice_alike(
        tmp_path: Path) -> None:
    path = write_plan(tmp_path / "plan.xlsx", {"Settings": {"As Of": date(1899, 12, 31)},
                                                **PLAN})
    first = sync_xlsx(path, today=date(2026, 11, 3))
    assert [p.column for p in first.report.problems] == ["As Of"]  # today is used instead
    assert first.results.as_of == date(2026, 11, 3)
    written = path.read_bytes()
    assert sync_xlsx(path, today=date(2026, 11, 3)).changed_cells == 0
    assert path.read_bytes() == written
