"""Which sheet is which: input sheets match loosely (exact title first); the tool's own
sheets only by their exact title, so a user's "dashboard" or "PROBLEMS" is never wiped."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from fake_google import FakeGoogle
from google_plans import backend, upload_plan
from plans import build_plan

from netplan_sheets.errors import UnsafeToOverwrite
from netplan_sheets.model import RawSheet, RawWorkbook
from netplan_sheets.sheet_titles import (
    DASHBOARD_TITLE,
    clashing_title,
    find_input_sheet,
    find_tool_sheet,
    is_tool_sheet,
    tool_sheet_titles,
)
from netplan_sheets.sync import sync_plan
from netplan_sheets.validation import validate

AS_OF = date(2026, 11, 3)
CONTACT = {"Name": "Dana Lee", "Relationship": "Mentor"}


def test_an_input_sheet_is_found_exactly_first_then_ignoring_case_and_spaces() -> None:
    assert find_input_sheet(["goals", "Goals"], "Goals") == "Goals"
    assert find_input_sheet(["Notes", " GOALS "], "Goals") == " GOALS "
    assert find_input_sheet(["Goal"], "Goals") is None


def test_a_tool_sheet_is_found_by_its_exact_title_only() -> None:
    assert tool_sheet_titles() == {"Dashboard", "Follow-ups", "Mentor Shortlist", "Problems"}
    assert find_tool_sheet(["dashboard", "Dashboard "], DASHBOARD_TITLE) is None
    assert find_tool_sheet(["dashboard", "Dashboard"], DASHBOARD_TITLE) == "Dashboard"
    assert is_tool_sheet("Problems") and not is_tool_sheet("PROBLEMS")
    assert not is_tool_sheet("Goals")


def test_a_title_differing_only_in_case_clashes() -> None:
    assert clashing_title(["Goals", "problems"], "Problems") == "problems"
    assert clashing_title(["Problems"], "Problems") is None
    assert clashing_title([" Problems"], "Problems") is None  # apps tell these apart


def test_a_workbook_prefers_the_exactly_titled_input_sheet() -> None:
    theirs = RawSheet("contacts", [("Name",), ("Not this one",)])
    ours = RawSheet("Contacts", [("Name",), ("Dana Lee",)])
    book = RawWorkbook("plan.xlsx", [theirs, ours])
    assert book.find("Contacts") is ours
    assert RawWorkbook("plan.xlsx", [theirs]).find("Contacts") is theirs


def test_google_input_sheets_match_loosely(tmp_path: Path, fake_google: FakeGoogle) -> None:
    book = build_plan({"Contacts": [CONTACT]})
    book["Contacts"].title = "CONTACTS "
    book.save(tmp_path / "plan.xlsx")
    key = upload_plan(fake_google, tmp_path / "plan.xlsx")
    report = validate(backend(fake_google, key).read())
    assert report.valid, [p.one_line() for p in report.problems]
    assert [c.name for c in report.plan.contacts] == ["Dana Lee"]


@pytest.mark.parametrize("theirs", ["dashboard", "PROBLEMS", "follow-ups"])
def test_google_refuses_to_take_a_users_look_alike_sheet_for_the_tools(
        tmp_path: Path, fake_google: FakeGoogle, theirs: str) -> None:
    book = build_plan({"Contacts": [CONTACT]})
    book.create_sheet(theirs).append(["My own notes", "keep me"])
    book.save(tmp_path / "plan.xlsx")
    key = upload_plan(fake_google, tmp_path / "plan.xlsx")
    before = fake_google.values(key, f"'{theirs}'")
    fake_google.reset_requests()
    with pytest.raises(UnsafeToOverwrite, match=f"the sheet '{theirs}' is not netplan's"):
        sync_plan(backend(fake_google, key), as_of=AS_OF)
    assert [r.method for r in fake_google.requests] == ["GET", "GET"], "read, nothing written"
    assert fake_google.values(key, f"'{theirs}'") == before == [["My own notes", "keep me"]]


def test_google_sync_next_to_a_sheet_titled_like_the_tools_with_spaces(
        tmp_path: Path, fake_google: FakeGoogle) -> None:
    book = build_plan({"Contacts": [CONTACT]})
    book.create_sheet(" Dashboard").append(["mine"])
    book.save(tmp_path / "plan.xlsx")
    key = upload_plan(fake_google, tmp_path / "plan.xlsx")
    sync_plan(backend(fake_google, key), as_of=AS_OF)
    assert fake_google.values(key, "' Dashboard'") == [["mine"]]
    assert fake_google.values(key, "'Dashboard'")[0] == ["Networking plan dashboard"]
