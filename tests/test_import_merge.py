"""Merging imported records into a plan, never clobbering: which cells an import plans to
write, read back from real .xlsx plans (a dry run: nothing is written)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from import_plans import AS_OF, CONTACT_HEADERS, CONTACTS, SAMPLES, write_import_plan

from netplan_sheets.errors import ImportBlocked
from netplan_sheets.imports.run import ImportOptions, ImportResult, import_into
from netplan_sheets.imports.text import linkedin_key
from netplan_sheets.labels import Relationship
from netplan_sheets.schema import sheet_schema
from netplan_sheets.workbooks import open_plan

LINKEDIN_HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"


def dry_import(plan: Path, *names: str | Path, **options: Any) -> ImportResult:
    paths = [n if isinstance(n, Path) else SAMPLES / n for n in names]
    with open_plan(str(plan), read_only=True) as target:
        return import_into(target, paths, ImportOptions(dry_run=True, as_of=AS_OF, **options))


def cells(result: ImportResult, sheet: str) -> dict[tuple[int, str], Any]:
    return {k: v for e in result.edits if e.sheet_key == sheet for k, v in e.cells.items()}


def by_row(result: ImportResult, sheet: str) -> dict[int, dict[str, Any]]:
    (edits,) = [e for e in result.edits if e.sheet_key == sheet]
    return dict(edits.rows())


def test_linkedin_connections_into_a_plan(tmp_path: Path) -> None:
    plan = write_import_plan(tmp_path / "plan.xlsx")
    result = dry_import(plan, "Connections.csv")
    rows = by_row(result, "contacts")
    # matched by name ("omar  haddad"): every blank cell filled, Added On = Connected On
    assert rows[3] == {"email": "omar.haddad@globex.example", "organization": "Globex",
                       "role": "Senior Data Scientist",
                       "linkedin": "https://www.linkedin.com/in/omarhaddad",
                       "added_on": date(2025, 1, 2)}
    # matched by name: Organization and Added On were typed, so only Role and LinkedIn
    assert rows[2] == {"role": "Director, Platform Engineering",
                       "linkedin": "https://www.linkedin.com/in/dana-lee-4b2a91"}
    assert 5 not in rows  # Sam Okafor: everything already typed
    # new people appended right after the last row, in file order
    assert sorted(rows) == [2, 3, 6, 7, 8, 9]
    assert rows[6] == {"name": "Zoë Nuñez-Østergaard", "organization": "Initech ApS",
                       "role": "CTO", "linkedin": "https://www.linkedin.com/in/zoe-nunez",
                       "how_met": "LinkedIn", "relationship": "Other",
                       "added_on": date(2023, 8, 28)}
    assert rows[8]["name"] == '=HYPERLINK("http://evil.example","x")'
    assert rows[9]["name"] == "+1 Ann"
    (outcome,) = result.files
    assert (outcome.people, outcome.new, outcome.filled, outcome.already) == (8, 4, 2, 2)
    assert [p.line for p in outcome.problems] == [9, 10]
    assert result.changed_cells == sum(len(r) for r in rows.values())
    assert result.output is None and not result.ok


def test_no_typed_cell_is_ever_planned(tmp_path: Path) -> None:
    plan = write_import_plan(tmp_path / "plan.xlsx")
    result = dry_import(plan, "Connections.csv", "google_contacts.csv", "apple.vcf",
                        "contacts-v4.vcf", "google.vcf", "outlook_contacts.csv",
                        "google_calendar.ics")
    book = openpyxl.load_workbook(plan)
    for edits in result.edits:
        schema = sheet_schema(edits.sheet_key)
        sheet = book[schema.title]
        headers = [c.value for c in sheet[1]]
        for (row, key), _ in edits.cells.items():
            column = headers.index(schema.column(key).title) + 1
            assert sheet.cell(row, column).value is None, (edits.sheet_key, row, key)


def test_email_matches_ignore_case_and_linkedin_addresses_are_normalised(
        tmp_path: Path) -> None:
    plan = write_import_plan(tmp_path / "plan.xlsx")
    rows = by_row(dry_import(plan, "apple.vcf", "contacts-v4.vcf"), "contacts")
    # Dana by email (typed Dana.Lee@Northwind.example)
    assert rows[2] == {"role": "Director of Platform Engineering",
                       "linkedin": "https://www.linkedin.com/in/dana-lee-4b2a91/"}
    # Priya by LinkedIn: https + query vs http + other case; her typed Role stays
    assert rows[4] == {"email": "priya.raman@contoso.example", "organization": "Contoso"}


@pytest.mark.parametrize("other", [
    "https://www.linkedin.com/in/dana-lee/", "http://linkedin.com/in/Dana-Lee",
    "linkedin.com/in/dana-lee?trk=people", "https://www.linkedin.com/in/dana-lee#about",
    "  HTTPS://WWW.LINKEDIN.COM/in/dana-lee  "])
def test_linkedin_keys(other: str) -> None:
    assert linkedin_key(other) == linkedin_key("https://linkedin.com/in/dana-lee")
    assert linkedin_key(other) != linkedin_key("https://linkedin.com/in/dana-lee-2")


def test_a_person_listed_twice_in_one_file_is_one_contact(tmp_path: Path) -> None:
    plan = write_import_plan(tmp_path / "plan.xlsx")
    export = tmp_path / "Connections.csv"
    export.write_text(LINKEDIN_HEADER
                      + "Mira,Sol,https://www.linkedin.com/in/mirasol,,,,10 Oct 2025\n"
                      + "Mira,Sol,https://linkedin.com/in/mirasol/,mira@sol.example,Vanarsdel,"
                        "Founder,10 Oct 2025\n", "utf-8")
    result = dry_import(plan, export)
    rows = by_row(result, "contacts")
    assert list(rows) == [6]
    assert rows[6]["email"] == "mira@sol.example" and rows[6]["organization"] == "Vanarsdel"
    assert (result.files[0].new, result.files[0].repeated) == (1, 1)


def test_relationship_and_import_date(tmp_path: Path) -> None:
    plan = write_import_plan(tmp_path / "plan.xlsx")
    rows = by_row(dry_import(plan, "outlook_contacts.csv",
                             relationship=Relationship.RECRUITER), "contacts")
    assert {r["relationship"] for r in rows.values()} == {"Recruiter"}
    assert {r["how_met"] for r in rows.values()} == {"Outlook"}
    assert {r["added_on"] for r in rows.values()} == {AS_OF}  # no Connected On: today


def test_a_person_with_only_an_email_is_named_by_it(tmp_path: Path) -> None:
    plan = write_import_plan(tmp_path / "plan.xlsx")
    rows = by_row(dry_import(plan, "google_contacts.csv"), "contacts")
    helen = next(r for r in rows.values() if r.get("email") == "helen.cho@fourthcoffee.example")
    assert helen["name"] == "helen.cho@fourthcoffee.example"
    assert helen["how_met"] == "Google Contacts"


def test_a_column_the_user_deleted_is_skipped_and_said(tmp_path: Path) -> None:
    headers = [h for h in CONTACT_HEADERS if h != "LinkedIn"]
    contacts = [{k: v for k, v in c.items() if k != "LinkedIn"}
                for c in CONTACTS]
    plan = write_import_plan(tmp_path / "plan.xlsx", contacts, headers=headers)
    result = dry_import(plan, "Connections.csv")
    assert all(key != "linkedin" for _, key in cells(result, "contacts"))
    # every LinkedIn address of an imported person, existing contacts' included
    assert result.skipped == {"Contacts": {"LinkedIn": 8}}


def test_a_missing_required_column_blocks_the_import(tmp_path: Path) -> None:
    headers = [h for h in CONTACT_HEADERS if h != "Relationship"]
    contacts = [{k: v for k, v in c.items() if k != "Relationship"}
                for c in CONTACTS]
    plan = write_import_plan(tmp_path / "plan.xlsx", contacts, headers=headers)
    with pytest.raises(ImportBlocked) as raised:
        dry_import(plan, "Connections.csv")
    assert str(raised.value) == ('Contacts has no Relationship column to import into; its '
                                 'header must read "Relationship"')


def test_rows_are_appended_after_the_last_row_holding_anything(tmp_path: Path) -> None:
    contacts = [{"Name": "Ann Bell", "Relationship": "Peer"}, {}, {}, {}, {},
                {"My Rating": "note in my own column"}]
    plan = write_import_plan(tmp_path / "plan.xlsx", contacts)
    rows = by_row(dry_import(plan, "outlook_contacts.csv"), "contacts")
    assert sorted(rows) == [8, 9, 10]


def test_calendar_meetings_become_interactions_once(tmp_path: Path) -> None:
    plan = write_import_plan(tmp_path / "plan.xlsx")
    result = dry_import(plan, "google_calendar.ics")
    rows = by_row(result, "interactions")
    logged = [(r["date"], r["contact"], r["type"], r["summary"]) for r in rows.values()]
    mentoring = [(d, "Dana Lee", "Meeting", "Platform mentoring") for d in (
        date(2026, 9, 14), date(2026, 9, 28), date(2026, 10, 7), date(2026, 10, 19),
        date(2026, 10, 26))]
    # 7 September is already logged (as "meeting"); Omar and Priya have no email yet
    assert sorted(logged) == sorted([*mentoring,
                                     (date(2026, 9, 30), "Dana Lee", "Meeting",
                                      "RoboConf 2026 day 1")])
    assert sorted(rows) == list(range(4, 4 + len(rows)))  # after the two logged rows
    (outcome,) = result.files
    assert (outcome.new_interactions, outcome.logged_interactions) == (6, 1)
    assert "Dentist" not in json.dumps(result.to_dict()) + repr(result.edits)


def test_contacts_added_by_a_run_are_known_to_its_calendars(tmp_path: Path) -> None:
    plan = write_import_plan(tmp_path / "plan.xlsx")
    # the calendar first: files of contacts are still merged before it
    result = dry_import(plan, "google_calendar.ics", "Connections.csv", "contacts-v4.vcf")
    summaries = {(r["contact"], r["summary"]) for r in by_row(result, "interactions").values()}
    assert ("omar  haddad", "Data guild sync") in summaries  # email filled from LinkedIn
    assert ("Priya R.", "Call with Priya") in summaries  # email filled from the vCard
    assert ("Dana Lee", "Data guild sync") not in summaries  # Dana declined it
    assert [f.name for f in result.files] == [str(SAMPLES / n) for n in (
        "google_calendar.ics", "Connections.csv", "contacts-v4.vcf")]


def test_the_same_calendar_twice_in_one_run_adds_nothing_the_second_time(
        tmp_path: Path) -> None:
    plan = write_import_plan(tmp_path / "plan.xlsx")
    first, second = dry_import(plan, "google_calendar.ics", "google_calendar.ics").files
    assert first.new_interactions == 6
    assert (second.new_interactions, second.logged_interactions) == (0, 7)
