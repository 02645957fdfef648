"""netplan import on the command line, on local .xlsx plans: output, exit codes, --json,
--dry-run, and the rows written into the workbook by the surgical engine."""

from __future__ import annotations

import json
import zipfile
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from import_plans import AS_OF, CONTACT_HEADERS, SAMPLES, write_import_plan

from netplan_sheets.cli import cli
from netplan_sheets.file_safety import sync_lock
from netplan_sheets.imports.files import EXPECTED
from netplan_sheets.imports.run import ImportOptions, import_files
from netplan_sheets.labels import Relationship
from netplan_sheets.ooxml.editor import PackageEditor
from netplan_sheets.workbooks import validate_source


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["import", *args])
    return result.exit_code, result.stdout, result.stderr


def test_dry_run_output_lists_every_file_and_the_rows_not_imported(tmp_path: Path) -> None:
    plan = write_import_plan(tmp_path / "plan.xlsx")
    before = plan.read_bytes()
    linkedin, calendar = SAMPLES / "Connections.csv", SAMPLES / "google_calendar.ics"
    code, out, err = invoke(str(plan), str(linkedin), str(calendar), "--dry-run", "--as-of",
                            "2026-11-03")
    assert (code, err) == (1, "")
    assert out.splitlines() == [
        f"{linkedin}: 8 people: 4 new contacts, 2 with blank cells filled, 2 already there",
        f"{calendar}: 11 events from 2025-11-03 to 2026-11-03: 8 with a known contact, "
        "7 new interactions, 1 already logged",
        "2 rows could not be imported:",
        f"  {linkedin}, line 9: has no name and no email address",
        f"  {linkedin}, line 10: Connected On is not a date like 15 Mar 2024 [31 Feb 2025]",
        # contacts: 2 + 5 cells filled, 7 + 7 + 5 + 7 for the new; 7 interactions of 4 cells
        f"{plan}: dry run: 61 cells would be written (4 contacts and 7 interactions added); "
        "nothing was written",
    ]
    assert plan.read_bytes() == before


def test_json_is_the_library_result(tmp_path: Path) -> None:
    plan = write_import_plan(tmp_path / "plan.xlsx")
    files = [SAMPLES / "apple.vcf", SAMPLES / "google_calendar.ics"]
    code, out, _ = invoke(str(plan), *map(str, files), "--dry-run", "--json", "--as-of",
                          "2026-11-03", "--relationship", "potential mentor")
    assert code == 0
    expected = import_files(str(plan), files, ImportOptions(
        dry_run=True, as_of=AS_OF, relationship=Relationship.POTENTIAL_MENTOR))
    assert json.loads(out) == json.loads(json.dumps(expected.to_dict()))


def test_a_clean_import_exits_0(tmp_path: Path) -> None:
    plan = write_import_plan(tmp_path / "plan.xlsx")
    code, out, _ = invoke(str(plan), str(SAMPLES / "outlook.vcf"), "--dry-run")
    assert code == 0 and "1 person: 1 new contact" in out


@pytest.mark.parametrize(("make", "expected"), [
    (lambda d: d / "missing.csv", "missing.csv: no such file"),
    (lambda d: (d / "notes.txt").write_text("hello\n") and d / "notes.txt",
     f"notes.txt: is not a file netplan can import; expected {EXPECTED}"),
])
def test_an_unreadable_file_is_one_line_and_exit_2(tmp_path: Path, make: object,
                                                   expected: str) -> None:
    plan = write_import_plan(tmp_path / "plan.xlsx")
    path = make(tmp_path)  # type: ignore[operator]
    code, out, err = invoke(str(plan), str(path), "--dry-run")
    assert (code, out) == (2, "")
    assert err == f"Error: {tmp_path}/{expected}\n"


def test_a_forced_format_that_does_not_fit(tmp_path: Path) -> None:
    plan = write_import_plan(tmp_path / "plan.xlsx")
    code, _, err = invoke(str(plan), str(SAMPLES / "apple.vcf"), "--format", "linkedin")
    assert code == 2 and "is not a LinkedIn Connections.csv" in err and err.count("\n") == 1


@pytest.mark.parametrize("args", [["--relationship", "Friend"], ["--since", "2027-01-01"],
                                  ["--format", "excel"]])
def test_bad_options_exit_2(tmp_path: Path, args: list[str]) -> None:
    plan = write_import_plan(tmp_path / "plan.xlsx")
    code, _, err = invoke(str(plan), str(SAMPLES / "google_calendar.ics"), "--dry-run",
                          "--as-of", "2026-11-03", *args)
    assert code == 2 and "Traceback" not in err


def _sheet_values(path: Path, title: str) -> list[tuple[object, ...]]:
    return [tuple(r) for r in openpyxl.load_workbook(path)[title].iter_rows(values_only=True)]


def _parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as package:
        return {name: package.read(name) for name in package.namelist()}


def test_xlsx_import_writes_then_a_second_import_changes_nothing(tmp_path: Path) -> None:
    plan = write_import_plan(tmp_path / "plan.xlsx")
    files = [SAMPLES / n for n in ("Connections.csv", "apple.vcf", "outlook.vcf",
                                   "google_calendar.ics")]
    first = import_files(str(plan), files, ImportOptions(as_of=AS_OF))
    assert first.output == str(plan) and first.changed_cells > 0
    contacts = {row[0]: row for row in _sheet_values(plan, "Contacts")}
    zoe = contacts["Zoë Nuñez-Østergaard"]
    assert zoe[CONTACT_HEADERS.index("Added On")] == datetime(2023, 8, 28)  # a real date
    assert zoe[CONTACT_HEADERS.index("My Rating")] is None
    assert ("Jürgen Müller" in contacts and
            contacts["Jürgen Müller"][CONTACT_HEADERS.index("How Met")] == "vCard")
    # what the import wrote is valid: no problem but the ones the files had
    assert validate_source(str(plan)).problems == []
    before = plan.read_bytes()
    second = import_files(str(plan), files, ImportOptions(as_of=AS_OF))
    assert (second.changed_cells, second.output) == (0, None)
    assert plan.read_bytes() == before  # nothing to write: not even rewritten


def test_xlsx_import_keeps_formula_looking_text_as_text(tmp_path: Path) -> None:
    plan = write_import_plan(tmp_path / "plan.xlsx")
    import_files(str(plan), [SAMPLES / "Connections.csv"], ImportOptions(as_of=AS_OF))
    book = openpyxl.load_workbook(plan)
    cells = {c.value: c for row in book["Contacts"].iter_rows() for c in row[:1]}
    for name in ('=HYPERLINK("http://evil.example","x")', "+1 Ann"):
        assert cells[name].data_type == "s", name
    names = [row[0] for row in validate_source(str(plan)).layouts["contacts"].sheet.grid]
    assert '=HYPERLINK("http://evil.example","x")' in names and "+1 Ann" in names


def test_xlsx_import_keeps_every_typed_cell_and_every_other_part(tmp_path: Path) -> None:
    plan = write_import_plan(tmp_path / "plan.xlsx")
    book = openpyxl.load_workbook(plan)
    for row in range(6, 12):  # the user's own formula, filled down past the contacts
        book["Contacts"].cell(row, CONTACT_HEADERS.index("My Rating") + 1, '=""')
    book.save(plan)
    before = {t: _sheet_values(plan, t) for t in ("Contacts", "Interactions", "Profile")}
    parts = _parts(plan)
    import_files(str(plan), [SAMPLES / n for n in ("Connections.csv", "contacts-v4.vcf",
                                                   "google_calendar.ics")],
                 ImportOptions(as_of=AS_OF))
    for title, rows in before.items():
        after = _sheet_values(plan, title)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value is not None:
                    assert after[r][c] == value, (title, r + 1, c + 1)
    changed = {name for name, data in _parts(plan).items() if parts.get(name) != data}
    with PackageEditor(plan) as editor:
        sheets = {editor.sheet_parts["Contacts"], editor.sheet_parts["Interactions"]}
    # the two sheets written and the date style; workbook.xml only if it did not already
    # ask apps to recalculate on open
    assert changed - {"xl/workbook.xml"} == sheets | {"xl/styles.xml"}


def test_a_plan_open_in_a_spreadsheet_app_is_left_alone(tmp_path: Path) -> None:
    plan = write_import_plan(tmp_path / "plan.xlsx")
    before = plan.read_bytes()
    owner = tmp_path / ".~lock.plan.xlsx#"
    owner.write_text("LibreOffice holds it\n")
    code, _, err = invoke(str(plan), str(SAMPLES / "outlook.vcf"))
    assert code == 2 and "is open in LibreOffice" in err and plan.read_bytes() == before
    code, _, _ = invoke(str(plan), str(SAMPLES / "outlook.vcf"), "--dry-run")
    assert code == 0  # a dry run writes nothing, so it may read an open plan
    code, out, _ = invoke(str(plan), str(SAMPLES / "outlook.vcf"), "--force")
    assert code == 0 and "cells written" in out and plan.read_bytes() != before


def test_a_read_only_plan_is_left_alone(tmp_path: Path) -> None:
    plan = write_import_plan(tmp_path / "plan.xlsx")
    plan.chmod(0o444)
    code, _, err = invoke(str(plan), str(SAMPLES / "outlook.vcf"))
    assert code == 2 and err == f"Error: {plan}: the file is read-only; make it writable and " \
                                "run again\n"


def test_a_linked_plan_is_written_where_the_link_points(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    real = write_import_plan(tmp_path / "real" / "plan.xlsx")
    link = tmp_path / "plan.xlsx"
    link.symlink_to(real)
    code, out, _ = invoke(str(link), str(SAMPLES / "outlook.vcf"))
    assert code == 0 and out.splitlines()[-1].startswith(f"{link}: ")
    assert link.is_symlink()
    assert "Jürgen Müller" in [row[0] for row in _sheet_values(real, "Contacts")]


def test_an_import_waits_for_no_one(tmp_path: Path) -> None:
    plan = write_import_plan(tmp_path / "plan.xlsx")
    with sync_lock(plan):
        code, out, err = invoke(str(plan), str(SAMPLES / "outlook.vcf"))
    assert (code, out) == (2, "") and "another netplan sync is writing" in err


def test_reading_a_large_file_reports_its_progress(tmp_path: Path) -> None:
    plan = write_import_plan(tmp_path / "plan.xlsx")
    export = tmp_path / "Connections.csv"
    rows = [f"Person,{i},,,,,01 Jan 2024" for i in range(6000)]
    export.write_text("First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
                      + "\n".join(rows) + "\n", "utf-8")
    seen: list[tuple[str, int, int]] = []
    import_files(str(plan), [export], ImportOptions(dry_run=True, as_of=AS_OF,
                                                    progress=lambda *a: seen.append(a)))
    assert len(seen) > 3 and {name for name, _, _ in seen} == {str(export)}
    done = [d for _, d, _ in seen]
    assert done == sorted(done) and seen[-1][1:] == (6002, 6002)
    # not on a terminal (as here), the command draws no bar
    code, out, err = invoke(str(plan), str(export), "--dry-run")
    assert code == 0 and err == "" and out.count("\n") == 2
