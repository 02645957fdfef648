"""validate and sync of a Google Sheet, through real gspread over HTTP to the fake API."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner
from conftest import Prebuilt
from fake_google import FakeGoogle, service_account_info
from google_plans import all_values, backend, sheet_value, trimmed, upload_plan
from plans import build_plan, write_plan

from netplan_sheets.cli import cli
from netplan_sheets.demo import DEMO_FILE, write_demo
from netplan_sheets.errors import GoogleError
from netplan_sheets.sheet_urls import spreadsheet_url
from netplan_sheets.sync import sync_plan, sync_source, sync_xlsx

AS_OF = date(2026, 11, 3)


def build_demo(folder: Path) -> None:
    write_demo(folder, AS_OF)


@pytest.fixture
def demo(tmp_path: Path, prebuilt: Prebuilt) -> Path:
    """The demo plan as of AS_OF (made once per run; this test's own copy)."""
    return prebuilt.copy("demo-plan", build_demo, tmp_path / "demo") / DEMO_FILE


def without_source(result: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in result.items() if k not in ("source", "output")} | {
        "validation": {k: v for k, v in result["validation"].items() if k != "source"}}


def test_same_plan_as_xlsx_and_as_google_sheet_gives_identical_results(
    demo: Path, tmp_path: Path, fake_google: FakeGoogle
) -> None:
    path = demo
    key = upload_plan(fake_google, path)
    on_google = sync_plan(backend(fake_google, key), as_of=AS_OF)
    on_disk = sync_xlsx(path, as_of=AS_OF)
    assert without_source(on_google.to_dict()) == without_source(on_disk.to_dict())
    # and the sheets the sync wrote hold the same values, cell for cell
    book = openpyxl.load_workbook(path)
    for title in ("Follow-ups", "Mentor Shortlist", "Problems", "Goals", "Contacts",
                  "Dashboard"):
        expected = trimmed([[sheet_value(v) for v in row]
                            for row in book[title].iter_rows(values_only=True)])
        assert trimmed(fake_google.values(key, f"'{title}'")) == expected, title


@pytest.mark.parametrize("contacts", [2, 40, pytest.param(400, marks=pytest.mark.slow)])
def test_request_count_per_sync_is_constant(tmp_path: Path, fake_google: FakeGoogle,
                                            contacts: int) -> None:
    names = [f"Person {i}" for i in range(contacts)]
    plan = {
        "Contacts": [{"Name": n, "Relationship": "Peer", "Added On": date(2026, 9, 1)}
                     for n in names],
        "Interactions": [{"Date": date(2026, 10, 1), "Contact": n, "Type": "Call"}
                         for n in names for _ in range(3)],
        "Goals": [{"Goal ID": "G1", "Goal": "x", "Metric": "Interactions", "Target": 5,
                   "Start": date(2026, 9, 1), "Due": date(2026, 12, 1)}],
    }
    key = upload_plan(fake_google, write_plan(tmp_path / "p.xlsx", plan))
    fake_google.reset_requests()
    sync_plan(backend(fake_google, key), as_of=AS_OF)
    first = fake_google.count()
    fake_google.reset_requests()
    sync_plan(backend(fake_google, key), as_of=date(2026, 11, 4))  # values change
    changed = fake_google.count()
    fake_google.reset_requests()
    sync_plan(backend(fake_google, key), as_of=date(2026, 11, 4))  # nothing changes
    unchanged = fake_google.count()
    print(f"{contacts} contacts: first sync {first}, later sync {changed}, "
          f"no-change sync {unchanged} API requests")
    assert (first, changed, unchanged) == (5, 5, 2)


@pytest.mark.parametrize("name", ['=HYPERLINK("http://x","y")', "+1 Ann", "-Bob", "@Cy"])
def test_user_text_stays_text_in_the_sheet(tmp_path: Path, fake_google: FakeGoogle,
                                           name: str) -> None:
    plan = {"Contacts": [{"Name": name, "Relationship": "Potential mentor", "Strength": 5,
                          "Availability": "High"}],
            "Actions": [{"Action": name, "Due": date(2026, 11, 1), "Status": "Not started"}]}
    key = upload_plan(fake_google, write_plan(tmp_path / "p.xlsx", plan))
    sync_plan(backend(fake_google, key), as_of=AS_OF)
    found = 0
    for title in ("Follow-ups", "Mentor Shortlist"):
        sheet = fake_google.sheet(key, title)
        for cell in sheet.cells.values():
            assert not cell.formula, f"{title}: {cell.value!r} became a formula"
            found += cell.value == name
    assert found >= 2


@pytest.mark.parametrize("position", [1, 2, 3, 4])
@pytest.mark.parametrize("status", [500, 429, 403, 400])
def test_a_fault_at_any_request_leaves_values_as_they_were(
    demo: Path, tmp_path: Path, fake_google: FakeGoogle, position: int, status: int
) -> None:
    """Requests: 1 metadata, 2 batchGet, 3 structure batchUpdate, 4 values batchUpdate.
    Retries (429, 5xx) run out here without waiting: the fake's client does not sleep."""
    key = upload_plan(fake_google, demo)
    before = all_values(fake_google, key)
    fake_google.reset_requests()
    fake_google.fail(status, at=position, times=None)
    with pytest.raises(GoogleError) as raised:
        sync_plan(backend(fake_google, key), as_of=AS_OF)
    assert "\n" not in str(raised.value) and str(status) in str(raised.value)
    assert all_values(fake_google, key) == before
    assert fake_google.count() >= position  # the fault was reached


@pytest.mark.parametrize("position", [1, 3, 4])
@pytest.mark.parametrize("status", [403, 400])
def test_the_user_gets_one_line_when_google_refuses(
    demo: Path, tmp_path: Path, fake_google: FakeGoogle, position: int, status: int
) -> None:
    key = upload_plan(fake_google, demo)
    credentials = service_account_file(tmp_path, "planner@proj.iam.gserviceaccount.com")
    before = all_values(fake_google, key)
    fake_google.fail(status, at=position, times=None)
    result = CliRunner().invoke(cli, ["sync", spreadsheet_url(key), "--as-of", "2026-11-03",
                                      "--credentials", str(credentials)])
    assert result.exit_code == 2, result.output
    assert result.output.startswith("Error: ") and result.output.count("\n") == 1
    assert all_values(fake_google, key) == before


def test_a_transient_error_is_retried_and_the_sync_completes(
    demo: Path, tmp_path: Path, fake_google: FakeGoogle
) -> None:
    key = upload_plan(fake_google, demo)
    fake_google.fail(429, at=4, times=1)
    fake_google.fail(503, at=3, times=1)
    result = sync_plan(backend(fake_google, key), as_of=AS_OF)
    assert result.output == spreadsheet_url(key)
    assert fake_google.values(key, "'Mentor Shortlist'!B2") == [["Dana Lee"]]


def test_validate_reports_problems_at_google_cells(tmp_path: Path,
                                                   fake_google: FakeGoogle) -> None:
    plan = {"Contacts": [{"Name": "Ann", "Relationship": "Friend"}]}
    key = upload_plan(fake_google, write_plan(tmp_path / "p.xlsx", plan))
    from netplan_sheets.validation import validate

    report = validate(backend(fake_google, key).read())
    assert [(p.location, p.type) for p in report.problems] == [
        ("Contacts!H2", "constraint-error")]


def service_account_file(tmp_path: Path, email: str) -> Path:
    path = tmp_path / "sa.json"
    path.write_text(json.dumps(service_account_info(email)))
    return path


def test_cli_sync_with_a_service_account_key(demo: Path, tmp_path: Path,
                                             fake_google: FakeGoogle) -> None:
    key = upload_plan(fake_google, demo)
    credentials = service_account_file(tmp_path, "planner@proj.iam.gserviceaccount.com")
    result = CliRunner().invoke(cli, ["sync", spreadsheet_url(key), "--as-of", "2026-11-03",
                                      "--credentials", str(credentials), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["output"] == spreadsheet_url(key)
    assert fake_google.values(key, "'Mentor Shortlist'!B2") == [["Dana Lee"]]


def test_permission_denied_names_the_service_account(tmp_path: Path,
                                                     fake_google: FakeGoogle) -> None:
    key = upload_plan(fake_google, write_plan(tmp_path / "p.xlsx"))
    fake_google.make_private(key)
    credentials = service_account_file(tmp_path, "planner@proj.iam.gserviceaccount.com")
    result = CliRunner().invoke(cli, ["validate", key, "--credentials", str(credentials)])
    assert result.exit_code == 2
    assert result.output.count("\n") == 1
    assert "planner@proj.iam.gserviceaccount.com" in result.output


def test_missing_spreadsheet_is_one_line(tmp_path: Path, fake_google: FakeGoogle) -> None:
    credentials = service_account_file(tmp_path, "planner@proj.iam.gserviceaccount.com")
    result = CliRunner().invoke(cli, ["sync", "1" * 44, "--credentials", str(credentials)])
    assert result.exit_code == 2 and result.output.count("\n") == 1
    assert "not found" in result.output.lower() or "no spreadsheet" in result.output.lower()


def test_no_credentials_says_where_it_looked(tmp_path: Path, fake_google: FakeGoogle,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NETPLAN_GOOGLE_CREDENTIALS", raising=False)
    monkeypatch.setenv("GSPREAD_CONFIG_DIR", str(tmp_path / "nothing"))
    result = CliRunner().invoke(cli, ["validate", "1" * 44])
    assert result.exit_code == 2 and result.output.count("\n") == 1
    assert "no Google credentials found" in result.output
    assert "NETPLAN_GOOGLE_CREDENTIALS" in result.output


@pytest.mark.parametrize("content", ["not json", '{"type": "service_account"}',
                                     '{"type": "other"}'])
def test_invalid_key_file_is_one_line(tmp_path: Path, content: str) -> None:
    bad = tmp_path / "key.json"
    bad.write_text(content)
    result = CliRunner().invoke(cli, ["validate", "1" * 44, "--credentials", str(bad)])
    assert result.exit_code == 2 and result.output.count("\n") == 1
    assert str(bad) in result.output


def test_dates_and_booleans_read_from_google(tmp_path: Path, fake_google: FakeGoogle) -> None:
    book = build_plan({"Contacts": [{"Name": "Ann", "Relationship": "Peer"}]})
    book.save(tmp_path / "p.xlsx")
    key = upload_plan(fake_google, tmp_path / "p.xlsx")
    fake_google.set_values(key, "'Interactions'!A2", [[46000, "Ann", "Call", "", "", "", True]])
    report = sync_plan(backend(fake_google, key), as_of=AS_OF, dry_run=True).report
    assert report.valid
    [interaction] = report.plan.interactions
    assert interaction.date == date(2025, 12, 9) and interaction.opportunity == "Yes"


def _reverse_contacts(fake: FakeGoogle, key: str) -> None:
    """What a person does with Data > Sort sheet Z-A (or A-Z) on two contacts."""
    rows = fake.values(key, "'Contacts'")
    fake.set_values(key, "'Contacts'!A2", list(reversed(rows[1:])))


def _on_checks(fake: FakeGoogle, key: str) -> Any:
    """An edit made just before every second values:batchGet: sync reads, then checks."""
    seen = {"calls": 0}

    def edit() -> None:
        seen["calls"] += 1
        if seen["calls"] % 2 == 0:
            _reverse_contacts(fake, key)
    return edit


def test_rows_sorted_during_a_sync_never_get_someone_elses_results(
        tmp_path: Path, fake_google: FakeGoogle) -> None:
    plan = {"Contacts": [{"Name": name, "Relationship": rel, "Added On": added}
                         for name, rel, added in (
                             ("Ann", "Mentor", date(2026, 6, 1)),
                             ("Bob", "Peer", date(2026, 10, 30)))]}
    key = upload_plan(fake_google, write_plan(tmp_path / "p.xlsx", plan))
    # Someone sorts Contacts after netplan read the sheet, before it writes (once).
    fake_google.meanwhile("values.batchGet", _on_checks(fake_google, key), times=2)
    fake_google.reset_requests()
    credentials = service_account_file(tmp_path, "planner@proj.iam.gserviceaccount.com")
    result = sync_source(key, as_of=AS_OF, credentials=str(credentials))
    assert fake_google.count("spreadsheets.get") == 2  # the sheet was read again
    assert fake_google.count("values.batchUpdate") == 1  # and written once, afterwards
    contacts = fake_google.values(key, "'Contacts'")
    status = contacts[0].index("Follow-up Status")
    assert [row[0] for row in contacts[1:]] == ["Bob", "Ann"]
    assert {row[0]: row[status] for row in contacts[1:]} == {
        "Ann": "Overdue 141 days", "Bob": "OK"}  # Mentor: every 14 days; Peer: 60
    assert result.output == spreadsheet_url(key)


def test_rows_that_keep_moving_stop_the_sync_with_one_line(
        tmp_path: Path, fake_google: FakeGoogle) -> None:
    plan = {"Contacts": [{"Name": name, "Relationship": "Peer"} for name in ("Ann", "Bob")]}
    key = upload_plan(fake_google, write_plan(tmp_path / "p.xlsx", plan))
    before = fake_google.values(key, "'Contacts'")
    fake_google.meanwhile("values.batchGet", _on_checks(fake_google, key), times=4)
    fake_google.reset_requests()
    credentials = service_account_file(tmp_path, "planner@proj.iam.gserviceaccount.com")
    result = CliRunner().invoke(cli, ["sync", key, "--as-of", AS_OF.isoformat(),
                                      "--credentials", str(credentials)])
    assert result.exit_code == 2 and result.output.count("\n") == 1, result.output
    assert "sorted, inserted or deleted" in result.output and "nothing was written" in result.output
    assert fake_google.count("values.batchUpdate") == 0
    assert fake_google.count("spreadsheets.batchUpdate") == 0
    assert fake_google.values(key, "'Contacts'") == before  # reversed twice
