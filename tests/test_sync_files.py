"""Sync on workbooks as people really have them: holding content openpyxl cannot keep,
saved by a spreadsheet app with formulas in input cells, and the demo."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from openpyxl.utils.datetime import from_excel
from package_builders import PICTURE, add_drawing, add_pivot_table, bar_chart
from plans import build_plan, write_plan
from zipparts import png_image, stored_parts

from netplan_sheets.cli import cli
from netplan_sheets.sync import sync_xlsx

GOALS = [{"Goal ID": "G1", "Goal": "Meet people", "Metric": "New contacts", "Target": 2,
          "Start": date(2026, 10, 1), "Due": date(2026, 12, 1)}]
CONTACTS = [{"Name": "Dana Lee", "Relationship": "Peer", "Added On": date(2026, 10, 5)}]


def with_chart(path: Path) -> Path:
    book = build_plan({"Goals": GOALS, "Contacts": CONTACTS})
    bar_chart(book, "Goals")
    book.save(path)
    return path


def with_picture(path: Path) -> Path:
    return add_drawing(write_plan(path, {"Goals": GOALS, "Contacts": CONTACTS}), "Contacts",
                       PICTURE, png_image())


def with_pivot(path: Path) -> Path:
    book = build_plan({"Goals": GOALS, "Contacts": CONTACTS})
    book.create_sheet("Summary")["A1"] = "mine"
    book.save(path)
    return add_pivot_table(path, "Summary")


@pytest.mark.parametrize("build", [with_chart, with_picture, with_pivot])
def test_content_openpyxl_would_drop_syncs_in_place_and_is_kept(
    tmp_path: Path, build: Callable[[Path], Path]
) -> None:
    path = build(tmp_path / "plan.xlsx")
    before = stored_parts(path)
    synced = CliRunner().invoke(cli, ["sync", str(path), "--as-of", "2026-11-03"])
    assert synced.exit_code == 0, synced.output
    after = stored_parts(path)
    user_parts = [name for name in before if name.startswith(
        ("xl/charts/", "xl/drawings/", "xl/media/", "xl/pivot"))]
    assert user_parts
    assert all(after[name] == before[name] for name in user_parts)
    goals = openpyxl.load_workbook(path)["Goals"]
    headers = [c.value for c in goals[1]]
    assert goals.cell(row=2, column=headers.index("Actual") + 1).value == 1


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_plan_saved_by_a_spreadsheet_app_with_formulas_syncs_and_keeps_them(
    tmp_path: Path,
) -> None:
    book = build_plan({"Goals": [{**GOALS[0], "Due": None}], "Contacts": CONTACTS})
    goals = book["Goals"]
    headers = [c.value for c in goals[1]]
    due = headers.index("Due") + 1
    start_letter = openpyxl.utils.get_column_letter(headers.index("Start") + 1)
    goals.cell(row=2, column=due, value=f"={start_letter}2+61")
    notes = headers.index("Notes") + 1
    goals.cell(row=2, column=notes, value='="Review with "&A2')
    source = write_dir = tmp_path / "written"
    write_dir.mkdir()
    book.save(source / "plan.xlsx")
    # a plan written by a program and never opened: formulas have no saved values yet
    unsaved = CliRunner().invoke(cli, ["validate", str(source / "plan.xlsx")])
    assert unsaved.exit_code == 1 and "formula has no saved value" in unsaved.output
    out = tmp_path / "resaved"
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo",
                    "--convert-to", "xlsx", "--outdir", str(out), str(source / "plan.xlsx")],
                   check=True, capture_output=True, timeout=180)
    path = out / "plan.xlsx"
    runner = CliRunner()
    assert runner.invoke(cli, ["validate", str(path)]).exit_code == 0
    first = runner.invoke(cli, ["sync", str(path), "--as-of", "2026-11-03"])
    assert first.exit_code == 0, first.output
    second = runner.invoke(cli, ["sync", str(path), "--as-of", "2026-11-03"])
    assert second.exit_code == 0 and "nothing changed" in second.output, second.output
    formulas = openpyxl.load_workbook(path)["Goals"]
    assert formulas.cell(row=2, column=due).data_type == "f"
    assert str(formulas.cell(row=2, column=notes).value).startswith("=")
    saved = openpyxl.load_workbook(path, data_only=True)["Goals"]
    due_value = saved.cell(row=2, column=due).value  # a serial: the cell's format is General
    assert from_excel(due_value) == datetime(2026, 12, 1)
    assert saved.cell(row=2, column=notes).value == "Review with G1"
    assert sync_xlsx(path, as_of=date(2026, 11, 3)).report.valid


def test_demo_writes_and_syncs_a_sample_plan(tmp_path: Path) -> None:
    folder = tmp_path / "demo"
    result = CliRunner().invoke(cli, ["demo", str(folder), "--as-of", "2026-11-03"])
    assert result.exit_code == 0, result.output
    path = folder / "plan.xlsx"
    assert str(path.resolve()) in result.output
    assert "top mentor candidate: Dana Lee" in result.output
    book = openpyxl.load_workbook(path)
    dashboard = [row for row in book["Dashboard"].iter_rows(values_only=True)]
    assert dashboard[1][:2] == ("As of", datetime(2026, 11, 3))
    assert book["Dashboard"]._charts
    assert book["Follow-ups"].max_row > 5 and book["Mentor Shortlist"].max_row > 3
    again = CliRunner().invoke(cli, ["demo", str(folder)])
    assert again.exit_code == 2 and "--force" in again.output
