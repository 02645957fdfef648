"""netplan import into a Google Sheet, through real gspread over HTTP to the fake API: three
requests whatever the size, text kept as text, every cell the user typed kept, and a second
import of the same files changing nothing."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner
from fake_google import FakeGoogle, service_account_info
from google_plans import all_values, backend, sheet_value
from import_plans import AS_OF, SAMPLES, write_import_plan

from netplan_sheets.backends.google_requests import serial
from netplan_sheets.backends.google_sheets import quoted
from netplan_sheets.cli import cli
from netplan_sheets.errors import GoogleError
from netplan_sheets.imports.run import ImportOptions, ImportResult, import_into
from netplan_sheets.sheet_urls import spreadsheet_url
from netplan_sheets.validation import validate

ALL_SAMPLES = ("Connections.csv", "google_contacts.csv", "google_contacts_legacy.csv",
               "outlook_contacts.csv", "apple.vcf", "google.vcf", "outlook.vcf",
               "contacts-v4.vcf", "google_calendar.ics", "outlook_calendar.ics")


def upload(fake: FakeGoogle, path: Path, spare_rows: int = 50) -> str:
    """The plan at ``path`` as a new spreadsheet whose grids have ``spare_rows`` empty rows."""
    book = openpyxl.load_workbook(path)
    rows = max(ws.max_row for ws in book.worksheets) + spare_rows
    key = fake.create_spreadsheet("Plan", sheets=tuple(book.sheetnames), rows=rows, cols=30)
    for ws in book.worksheets:
        fake.set_values(key, f"{quoted(ws.title)}!A1",
                        [[sheet_value(v) for v in row] for row in ws.iter_rows(values_only=True)])
    return key


def run_import(fake: FakeGoogle, key: str, *names: str | Path, **options: Any) -> ImportResult:
    paths = [n if isinstance(n, Path) else SAMPLES / n for n in names]
    return import_into(backend(fake, key), paths, ImportOptions(as_of=AS_OF, **options))


def connections(path: Path, count: int) -> Path:
    lines = ["First Name,Last Name,URL,Email Address,Company,Position,Connected On"]
    start = date(2020, 1, 1)
    for i in range(count):
        day = start + timedelta(days=i % 1500)
        email = f"p{i}@example.org" if i % 4 == 0 else ""
        lines.append(f"Person,{i:05d},https://www.linkedin.com/in/person-{i},{email},"
                     f"Org {i % 37},Engineer,{day.day:02d} {day.strftime('%b')} {day.year}")
    path.write_text("Notes:\nsome notes\n\n" + "\n".join(lines) + "\n", "utf-8")
    return path


def test_import_writes_the_rows_and_a_second_import_changes_nothing(
        tmp_path: Path, fake_google: FakeGoogle) -> None:
    key = upload(fake_google, write_import_plan(tmp_path / "plan.xlsx"))
    first = run_import(fake_google, key, *ALL_SAMPLES)
    assert first.output == spreadsheet_url(key) and first.changed_cells > 0
    contacts = fake_google.values(key, "'Contacts'")
    header = contacts[0]
    zoe = next(row for row in contacts if row and row[0] == "Zoë Nuñez-Østergaard")
    assert zoe[header.index("How Met")] == "LinkedIn"
    assert zoe[header.index("Added On")] == serial(date(2023, 8, 28))
    added_on = fake_google.cell(key, f"'Contacts'!I{contacts.index(zoe) + 1}")
    assert added_on is not None and added_on.fmt["numberFormat"]["type"] == "DATE"
    interactions = fake_google.values(key, "'Interactions'")
    assert [serial(date(2026, 7, 11)), "Jürgen Müller", "Meeting",
            "Stadtwerke partnership call"] in interactions
    assert validate(backend(fake_google, key).read()).problems == []  # all of it valid
    fake_google.reset_requests()
    second = run_import(fake_google, key, *ALL_SAMPLES)
    assert (second.changed_cells, second.output) == (0, None)
    assert fake_google.count() == 2  # read only
    assert all(f.new == f.filled == f.new_interactions == 0 for f in second.files)


@pytest.mark.parametrize("count", [2, 40, 400, pytest.param(5000, marks=pytest.mark.slow)])
def test_an_import_is_three_requests_whatever_its_size(tmp_path: Path, fake_google: FakeGoogle,
                                                       count: int) -> None:
    # five spare rows: any import of more than five people must grow the grid
    key = upload(fake_google, write_import_plan(tmp_path / "plan.xlsx"), spare_rows=5)
    rows_before = fake_google.sheet(key, "Contacts").rows
    fake_google.reset_requests()
    result = run_import(fake_google, key, connections(tmp_path / "c.csv", count),
                        "google_calendar.ics")
    print(f"{count} connections: {fake_google.count()} API requests")
    assert fake_google.count() == 3
    assert fake_google.count("spreadsheets.batchUpdate") == 1
    assert result.files[0].new == count
    values = fake_google.values(key, "'Contacts'")
    assert len(values) == 5 + count and values[-1][0] == f"Person {count - 1:05d}"
    assert fake_google.sheet(key, "Contacts").rows >= max(rows_before, 5 + count)


def test_text_that_looks_like_a_formula_stays_text(tmp_path: Path,
                                                   fake_google: FakeGoogle) -> None:
    key = upload(fake_google, write_import_plan(tmp_path / "plan.xlsx"))
    run_import(fake_google, key, "Connections.csv")
    names = {row[0]: index for index, row in enumerate(fake_google.values(key, "'Contacts'"))}
    for name in ('=HYPERLINK("http://evil.example","x")', "+1 Ann"):
        cell = fake_google.cell(key, f"'Contacts'!A{names[name] + 1}")
        assert cell is not None and not cell.formula and cell.value == name


def test_every_cell_the_user_typed_survives(tmp_path: Path, fake_google: FakeGoogle) -> None:
    key = upload(fake_google, write_import_plan(tmp_path / "plan.xlsx"))
    # the user's own column holds a formula filled down past the contacts, showing ""
    fake_google.set_values(key, "'Contacts'!B6:B30", [['=""']] * 25, user_entered=True)
    before = all_values(fake_google, key)
    result = run_import(fake_google, key, *ALL_SAMPLES)
    after = all_values(fake_google, key)
    assert result.changed_cells > 0
    for title, grid in before.items():
        for r, row in enumerate(grid):
            for c, value in enumerate(row):
                if value != "":
                    assert after[title][r][c] == value, (title, r + 1, c + 1)
    for number in range(6, 31):  # rows the import appended to keep the user's formula
        cell = fake_google.cell(key, f"'Contacts'!B{number}")
        assert cell is not None and cell.formula and cell.value == '=""', number


@pytest.mark.parametrize("status", [400, 403, 500])
def test_a_refused_write_leaves_the_sheet_as_it_was(tmp_path: Path, fake_google: FakeGoogle,
                                                    status: int) -> None:
    key = upload(fake_google, write_import_plan(tmp_path / "plan.xlsx"), spare_rows=2)
    before = all_values(fake_google, key)
    fake_google.reset_requests()
    fake_google.fail(status, at=3, times=None)
    with pytest.raises(GoogleError):
        run_import(fake_google, key, "Connections.csv", "google_calendar.ics")
    assert all_values(fake_google, key) == before


def test_a_dry_run_reads_and_writes_nothing(tmp_path: Path, fake_google: FakeGoogle) -> None:
    key = upload(fake_google, write_import_plan(tmp_path / "plan.xlsx"))
    before = all_values(fake_google, key)
    fake_google.reset_requests()
    result = run_import(fake_google, key, *ALL_SAMPLES, dry_run=True)
    assert fake_google.count() == 2 and result.output is None and result.changed_cells > 0
    assert all_values(fake_google, key) == before


def test_cli_import_into_a_google_sheet(tmp_path: Path, fake_google: FakeGoogle) -> None:
    key = upload(fake_google, write_import_plan(tmp_path / "plan.xlsx"))
    credentials = tmp_path / "sa.json"
    credentials.write_text(json.dumps(service_account_info("planner@p.iam.gserviceaccount.com")))
    result = CliRunner().invoke(cli, ["import", spreadsheet_url(key),
                                      str(SAMPLES / "outlook_contacts.csv"), "--as-of",
                                      "2026-11-03", "--credentials", str(credentials)])
    assert result.exit_code == 0, result.output
    # Name, Email, Organization, Role, How Met, Relationship, Added On each, and René's
    # LinkedIn
    assert result.output.splitlines() == [
        f"{SAMPLES / 'outlook_contacts.csv'}: 3 people: 3 new contacts, 0 with blank cells "
        "filled, 0 already there",
        f"{spreadsheet_url(key)}: 22 cells written (3 contacts and 0 interactions added); "
        "run netplan sync to update your follow-ups"]
