"""Sheet structure: missing sheets and columns, headers found by text, repeated headers and
fields, merged cells, and formulas with and without a saved value."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from plans import build_plan, write_plan
from problem_checks import assert_readable, triples
from zipparts import read_part, rewrite

from netplan_sheets.problems import ProblemType
from netplan_sheets.schema import sheet_schema
from netplan_sheets.workbooks import validate_source

T = ProblemType


def test_sheet_structure_problems(plan_path: Path) -> None:
    goals = [t if t != "Target" else "Goal Target" for t in sheet_schema("goals").headers]
    book = build_plan({
        "Goals": [{"Goal ID": "G1", "Goal": "x", "Metric": "Manual", "Goal Target": 3,
                   "Start": "2026-09-01", "Due": "2026-12-31"}],
        "Contacts": [{"Name": "Dana Lee", "Relationship": "Mentor"}],
        "Interactions": [
            {"Date": "2026-11-03", "Contact": "Dana Lee", "Type": "Call", "Goal ID": "G1"},
            {"Date": "2026-11-03", "Contact": "Dana Lee", "Type": "Call"},
        ],
        "Events": [{"Event": "x", "Date": "2026-11-20"}],
    }, headers={"Goals": goals,
                "Events": [h for h in sheet_schema("events").headers if h != "New Contacts"]},
        skip_sheets=["Reviews"])
    book["Settings"]["B1"] = "Values"  # the Value column renamed
    book.save(plan_path)
    report = validate_source(str(plan_path))
    assert triples(report.problems) == {
        ("Settings", "Value", T.MISSING_COLUMN),
        ("Goals", "Target", T.MISSING_COLUMN),
        ("Interactions!H2", "Goal ID", T.UNKNOWN_REFERENCE),
        ("Reviews", None, T.MISSING_SHEET),
    }  # an optional column (New Contacts) may go
    by_type = {p.type: p for p in report.problems}
    assert by_type[T.MISSING_COLUMN].message == (
        'the column Target is missing or renamed; its header must read "Target"')
    assert by_type[T.MISSING_SHEET].message.startswith("the sheet Reviews is missing")
    assert by_type[T.UNKNOWN_REFERENCE].message == (
        '"G1" cannot be looked up: the Goals sheet cannot be read until its own problem is fixed')
    for found in report.problems:
        assert_readable(found.message)
    assert report.rows_checked["goals"] == 0
    assert [i.row for i in report.plan.interactions] == [3]
    assert [e.row for e in report.plan.events] == [2]


def test_a_missing_contacts_sheet_says_so_at_each_reference(plan_path: Path) -> None:
    write_plan(plan_path, {"Reviews": [{"Date": "2026-10-31", "Feedback From": "Dana"}]},
               skip_sheets=["Contacts"])
    report = validate_source(str(plan_path))
    assert triples(report.problems) == {
        ("Contacts", None, T.MISSING_SHEET),
        ("Reviews!D2", "Feedback From", T.UNKNOWN_REFERENCE),
    }


def test_sheets_and_headers_match_ignoring_case_and_spaces(plan_path: Path) -> None:
    headers = [f"  {h.upper()} " for h in sheet_schema("contacts").headers]
    book = build_plan({"Contacts": [{"  NAME ": "Dana", "  RELATIONSHIP ": "Peer"}]},
                      headers={"Contacts": headers})
    book["Contacts"].title = "contacts "
    book["Settings"]["A2"] = "  as of"  # Field labels too
    book["Settings"]["B2"] = "2026-11-03"
    book.save(plan_path)
    report = validate_source(str(plan_path))
    assert report.valid, [p.one_line() for p in report.problems]
    assert [c.name for c in report.plan.contacts] == ["Dana"]
    assert report.plan.settings.as_of == date(2026, 11, 3)


def test_a_repeated_field_in_settings_is_reported_and_the_first_used(plan_path: Path) -> None:
    book = build_plan({"Settings": {"Cadence Peer": 40}})
    book["Settings"].append(["Cadence Peer", 50])  # row 19
    book.save(plan_path)
    report = validate_source(str(plan_path))
    assert triples(report.problems) == {("Settings!A19", "Cadence Peer", T.DUPLICATE_COLUMN)}
    assert report.plan.settings.cadence_peer == 40


def test_merged_cells_within_a_row_are_one_problem_per_row(plan_path: Path) -> None:
    book = build_plan({"Contacts": [{"Name": "Dana", "Relationship": "Peer", "Notes": "n"},
                                    {"Name": "Eve", "Relationship": "Peer"}]})
    book["Contacts"].merge_cells("P2:R2")  # Notes across Last Contact, Interaction Count
    book["Contacts"].merge_cells("A3:B3")
    book.save(plan_path)
    report = validate_source(str(plan_path))
    assert triples(report.problems) == {("Contacts!P2", "Notes", T.MERGED_CELL),
                                        ("Contacts!A3", "Name", T.MERGED_CELL)}
    assert report.plan.contacts == ()


def test_a_merge_in_the_header_row_is_reported(plan_path: Path) -> None:
    book = build_plan({"Goals": []})
    book["Goals"].merge_cells("I1:J1")  # Notes over Actual: Actual reads as missing
    book.save(plan_path)
    assert triples(validate_source(str(plan_path)).problems) == {
        ("Goals!I1", "Notes", T.MERGED_CELL)}


def test_formula_with_a_saved_value_is_read(tmp_path: Path) -> None:
    """A spreadsheet app saves each formula's value; openpyxl cannot, so the test writes the
    saved value into the sheet's XML as the app would."""
    book = build_plan({"Contacts": [{"Name": "Dana", "Relationship": "Peer"}]})
    book["Contacts"]["I2"] = "=1+2"  # Strength
    book["Contacts"]["C2"] = '=""'  # Role: a formula whose value is empty text
    unsaved = tmp_path / "unsaved.xlsx"
    book.save(unsaved)
    assert triples(validate_source(str(unsaved)).problems) == {
        ("Contacts!C2", "Role", T.FORMULA_WITHOUT_VALUE),
        ("Contacts!I2", "Strength", T.FORMULA_WITHOUT_VALUE),
    }
    contacts = "xl/worksheets/sheet4.xml"  # build_plan's fourth sheet
    xml = read_part(unsaved, contacts)
    assert b"<f>1+2</f><v />" in xml
    saved = rewrite(unsaved, tmp_path / "saved.xlsx", replace={contacts: xml.replace(
        b"<f>1+2</f><v />", b"<f>1+2</f><v>3</v>").replace(
        b'<c r="C2"><f>""</f><v />', b'<c r="C2" t="str"><f>""</f><v></v>')})
    report = validate_source(str(saved))
    assert report.valid, [p.one_line() for p in report.problems]
    assert report.plan.contacts[0].strength == 3
    assert report.plan.contacts[0].role is None




def test_sync_reads_formula_values_too_and_keeps_them(tmp_path: Path) -> None:
    """The same workbook through sync (full load): no problem, formulas kept with values."""
    from datetime import date

    import openpyxl

    from netplan_sheets.sync import sync_xlsx

    book = build_plan({"Contacts": [{"Name": "Dana", "Relationship": "Peer"}]})
    book["Contacts"]["I2"] = "=1+2"
    book["Contacts"]["C2"] = '=""'
    unsaved = tmp_path / "unsaved.xlsx"
    book.save(unsaved)
    contacts = "xl/worksheets/sheet4.xml"
    xml = read_part(unsaved, contacts)
    saved = rewrite(unsaved, tmp_path / "saved.xlsx", replace={contacts: xml.replace(
        b"<f>1+2</f><v />", b"<f>1+2</f><v>3</v>").replace(
        b'<c r="C2"><f>""</f><v />', b'<c r="C2" t="str"><f>""</f><v></v>')})
    for _ in range(2):
        result = sync_xlsx(saved, as_of=date(2026, 11, 3))
        assert result.valid, [p.one_line() for p in result.report.problems]
        assert result.report.plan.contacts[0].strength == 3
    after = openpyxl.load_workbook(saved)["Contacts"]
    assert (after["I2"].value, after["C2"].value) == ("=1+2", '=""')
    assert openpyxl.load_workbook(saved, data_only=True)["Contacts"]["I2"].value == 3
