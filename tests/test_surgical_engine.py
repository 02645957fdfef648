"""The surgical engine on the sheet shapes real writers produce: shared formulas filled
across a computed column, sparse rows, cells and rows without addresses, prefixed XML,
tool sheets the user deleted or renamed, formulas in computed cells (the calculation
chain), array formulas in the way, Strict Open XML, and a styles part that must not grow.
"""

from __future__ import annotations

import re
import shutil
import warnings
from datetime import date, datetime, timedelta
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from package_builders import SML, WORKBOOK, R, sheet_part
from plans import write_plan
from test_sync_keeps_everything import sheet_parts
from zipparts import add_parts, read_part, rewrite, stored_parts

from netplan_sheets.cli import cli
from netplan_sheets.sync import sync_xlsx

AS_OF = date(2026, 11, 3)
GOALS = [{"Goal ID": f"G{i}", "Goal": f"Goal {i}", "Metric": "New contacts", "Target": 2,
          "Start": date(2026, 10, 1), "Due": date(2026, 12, 1)} for i in (1, 2, 3)]
CONTACTS = [{"Name": "Dana Lee", "Relationship": "Peer", "Added On": date(2026, 10, 5)},
            {"Name": "Sam Okafor", "Relationship": "Mentor", "Added On": date(2026, 9, 1)}]


def sync(path: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["sync", str(path), "--as-of", AS_OF.isoformat(), *args])
    return result.exit_code, result.output


def load(path: Path, **kwargs: bool) -> openpyxl.Workbook:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return openpyxl.load_workbook(path, **kwargs)


def column_of(ws: openpyxl.worksheet.worksheet.Worksheet, header: str) -> int:
    return next(c.column for c in ws[1] if c.value == header)


def edit_sheet(path: Path, title: str, edit: object) -> Path:
    return rewrite(path, path.with_name("edited.xlsx"), replace={sheet_part(path, title): edit}
                   ).replace(path)


# --- shared formulas -----------------------------------------------------------------

def test_a_shared_formula_filled_from_a_computed_column_into_the_users_keeps_working(
        plan_path: Path) -> None:
    write_plan(plan_path, {"Goals": GOALS}, headers={"Goals": [
        *("Goal ID", "Goal", "Horizon", "Metric", "Target", "Start", "Due", "Manual Progress",
          "Notes", "Actual", "Progress", "Expected", "Status"), "Twice the target"]})

    def fill_right(data: bytes) -> bytes:
        # M = Status (computed), N = the user's own column: Excel's fill-right, then down.
        # N has no saved values, so LibreOffice must compute it from the formula.
        for row in (2, 3, 4):
            cells = (f'<c r="M{row}"><f t="shared" ref="M2:N4" si="0">$E2*2</f><v>4</v></c>'
                     f'<c r="N{row}"><f t="shared" si="0"/></c>' if row == 2 else
                     f'<c r="M{row}"><f t="shared" si="0"/><v>4</v></c>'
                     f'<c r="N{row}"><f t="shared" si="0"/></c>')
            data = re.sub(rb'(<row r="%d"[^>]*>.*?)(</row>)' % row,
                          lambda m, c=cells: m.group(1) + c.encode() + m.group(2), data,
                          count=1, flags=re.S)
        return data

    edit_sheet(plan_path, "Goals", fill_right)
    code, output = sync(plan_path)
    assert code == 0, output
    goals = load(plan_path)["Goals"]
    statuses = [goals.cell(row=r, column=13).value for r in (2, 3, 4)]
    assert statuses == ["Behind", "Behind", "Behind"]
    assert [goals.cell(row=r, column=14).value for r in (2, 3, 4)] == [
        "=$E2*2", "=$E3*2", "=$E4*2"]
    xml = read_part(plan_path, sheet_part(plan_path, "Goals"))
    assert b'<f t="shared" ref="N2:N4" si="0">$E2*2</f>' in xml
    assert sync(plan_path)[1].count("nothing changed") == 1


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_computes_the_promoted_shared_formula(plan_path: Path,
                                                          tmp_path: Path) -> None:
    test_a_shared_formula_filled_from_a_computed_column_into_the_users_keeps_working(plan_path)
    from corpus import soffice

    every_sheet = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"
    soffice("--convert-to", every_sheet, "--outdir", str(tmp_path / "csv"), str(plan_path),
            profile=tmp_path / "lo")
    rows = (tmp_path / "csv" / "plan-Goals.csv").read_text().splitlines()
    assert [line.split(",")[13] for line in rows[1:4]] == ["4", "4", "4"]


# --- sparse rows, cells and rows without addresses, prefixed XML -----------------------

CONTACT_HEADERS = ("Name", "Organization", "Role", "Industry", "Email", "LinkedIn", "How Met",
                   "Relationship", "Strength", "Expertise", "Years Experience",
                   "Shares Values", "Availability", "Follow Up Every", "Added On", "Notes",
                   "Last Contact", "Interaction Count", "Next Follow-up", "Follow-up Status",
                   "Mine")


def _inline(text: str, ref: str = "") -> str:
    address = f' r="{ref}"' if ref else ""
    return f'<c{address} t="inlineStr"><is><t>{text}</t></is></c>'


def test_sparse_rows_and_cells_without_addresses(plan_path: Path) -> None:
    write_plan(plan_path, {}, headers={"Contacts": list(CONTACT_HEADERS)})
    header = "".join(_inline(h) for h in CONTACT_HEADERS)
    people = {2: "Dana Lee", 5: "Sam Okafor", 9: "Aiko Tanaka"}
    rows = [f"<row>{header}</row>"]  # no address at all: row 1, cells A1, B1, ...
    for number, name in people.items():
        leading = "".join(_inline(v) for v in (name, "Org", "Role", "Software", "", "", "Met"))
        rows.append(f'<row r="{number}">{leading}{_inline("Peer")}'
                    f'<c r="O{number}"><v>46300</v></c>{_inline("mine " + name, f"U{number}")}'
                    "</row>")
    rows.append('<row r="12"><c r="U12" t="inlineStr"><is><t>a note of mine</t></is></c></row>')

    def replace(data: bytes) -> bytes:
        return re.sub(rb"<sheetData>.*</sheetData>|<sheetData\s*/>",
                      ("<sheetData>" + "".join(rows) + "</sheetData>").encode(), data,
                      flags=re.S)

    edit_sheet(plan_path, "Contacts", replace)
    before = load(plan_path)["Contacts"]
    mine_before = {r: before.cell(row=r, column=21).value for r in (2, 5, 9, 12)}
    code, output = sync(plan_path)
    assert code == 0, output
    contacts = load(plan_path)["Contacts"]
    due = date(1899, 12, 30) + timedelta(days=46300 + 60)  # Added On + the Peer cadence
    for number, name in people.items():
        assert contacts.cell(row=number, column=1).value == name
        assert contacts.cell(row=number, column=8).value == "Peer"
        assert contacts.cell(row=number, column=19).value == datetime(due.year, due.month,
                                                                        due.day)
        assert contacts.cell(row=number, column=18).value == 0
    assert {r: contacts.cell(row=r, column=21).value for r in (2, 5, 9, 12)} == mine_before
    assert contacts.cell(row=3, column=20).value is None
    assert sync(plan_path)[0] == 0 and "nothing changed" in sync(plan_path)[1]


def test_a_sheet_written_with_prefixed_elements(plan_path: Path) -> None:
    write_plan(plan_path, {"Goals": GOALS, "Contacts": CONTACTS})
    main = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"

    def prefixed(data: bytes) -> bytes:
        data = re.sub(rb"<(/?)(?!\?)([A-Za-z]+)([\s/>])", rb"<\1x:\2\3", data)
        return data.replace(b'xmlns="' + main + b'"', b'xmlns:x="' + main + b'"', 1)

    edit_sheet(plan_path, "Contacts", prefixed)
    assert b"<x:row" in read_part(plan_path, sheet_part(plan_path, "Contacts"))
    code, output = sync(plan_path)
    assert code == 0, output
    xml = read_part(plan_path, sheet_part(plan_path, "Contacts"))
    assert b"<row" not in xml and b"<c " not in xml and b"<x:c " in xml
    contacts = load(plan_path)["Contacts"]
    assert contacts.cell(row=2, column=20).value == "OK"  # Peer, added 2026-10-05: due 12-04
    assert contacts.cell(row=3, column=1).value == "Sam Okafor"
    assert contacts.cell(row=3, column=20).value == "Overdue 49 days"  # Mentor: 14 days


# --- tool sheets the user deleted or renamed -------------------------------------------

def test_deleted_tool_sheets_come_back_in_place_and_names_follow_them(plan_path: Path) -> None:
    result = CliRunner().invoke(cli, ["init", str(plan_path), "--force"])
    assert result.exit_code == 0, result.output
    book = load(plan_path)
    del book["Dashboard"]
    del book["Problems"]
    book.save(plan_path)
    before = stored_parts(plan_path)
    code, output = sync(plan_path)
    assert code == 0, output
    titles = load(plan_path).sheetnames
    assert titles[titles.index("Reviews") + 1:titles.index("Reviews") + 5] == [
        "Dashboard", "Follow-ups", "Mentor Shortlist", "Problems"]
    workbook = read_part(plan_path, WORKBOOK).decode()
    for found in re.finditer(r'name="_xlnm._FilterDatabase" localSheetId="(\d+)"[^>]*>'
                             r"'?([^'!]+)'?!", workbook):
        assert titles[int(found.group(1))] == found.group(2)
    untouched = sheet_parts(plan_path)["Interactions"]
    assert stored_parts(plan_path)[untouched] == before[untouched]


def test_a_renamed_tool_sheet_becomes_the_users_and_a_new_one_is_made(plan_path: Path) -> None:
    write_plan(plan_path, {"Goals": GOALS, "Contacts": CONTACTS})
    sync_xlsx(plan_path, as_of=AS_OF)
    book = load(plan_path)
    book["Follow-ups"].title = "My follow-ups"
    book["My follow-ups"]["J1"] = "kept"
    book.save(plan_path)
    mine = sheet_parts(plan_path)["My follow-ups"]
    before = stored_parts(plan_path)
    code, output = sync(plan_path)
    assert code == 0, output
    book = load(plan_path)
    assert book.sheetnames.index("Follow-ups") == book.sheetnames.index("Dashboard") + 1
    assert stored_parts(plan_path)[mine] == before[mine]
    assert book["Follow-ups"]["A1"].value == "Due" and book["Follow-ups"].max_row > 1


def test_a_users_sheet_named_like_a_tool_sheet_but_for_case_is_left_alone(
        plan_path: Path) -> None:
    write_plan(plan_path, {"Goals": GOALS, "Contacts": CONTACTS})
    book = load(plan_path)
    book.create_sheet("dashboard")["A1"] = "my own"
    book.save(plan_path)
    before = plan_path.read_bytes()
    code, output = sync(plan_path)
    assert code == 2
    assert "'dashboard'" in output and "rename" in output and output.count("\n") == 1
    assert plan_path.read_bytes() == before


# --- formulas where the results go --------------------------------------------------------

def _with_formula_in_actual(path: Path) -> Path:
    write_plan(path, {"Goals": GOALS, "Contacts": CONTACTS})
    goals = sheet_part(path, "Goals")
    edit_sheet(path, "Goals", lambda d: re.sub(
        rb'(<row r="2"[^>]*>.*?)(</row>)',
        lambda m: m.group(1) + b'<c r="J2"><f>E2*10</f><v>20</v></c>' + m.group(2), d,
        count=1, flags=re.S))
    chain = ('<calcChain xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
             '<c r="J2" i="3"/></calcChain>')
    return add_parts(path, {"xl/calcChain.xml": chain.encode()},
                     overrides={"xl/calcChain.xml": SML + "calcChain+xml"},
                     links={WORKBOOK: [("rIdCc1", f"{R}/calcChain", "calcChain.xml")]},
                     edits={goals: lambda d: d})


def test_a_formula_overwritten_in_a_computed_cell_drops_the_calculation_chain(
        plan_path: Path) -> None:
    _with_formula_in_actual(plan_path)
    code, output = sync(plan_path)
    assert code == 0, output
    names = set(stored_parts(plan_path))
    assert "xl/calcChain.xml" not in names
    assert b"calcChain" not in read_part(plan_path, "xl/_rels/workbook.xml.rels")
    assert b"calcChain" not in read_part(plan_path, "[Content_Types].xml")
    goals = load(plan_path)["Goals"]
    assert goals["J2"].value == 1 and goals["J2"].data_type == "n"
    assert re.search(rb"<calcPr\b[^>]*fullCalcOnLoad=\"1\"", read_part(plan_path, WORKBOOK))


def test_a_computed_cell_inside_an_array_formula_is_refused_and_a_copy_offered(
        plan_path: Path, tmp_path: Path) -> None:
    write_plan(plan_path, {"Goals": GOALS, "Contacts": CONTACTS})
    edit_sheet(plan_path, "Goals", lambda d: re.sub(
        rb'(<row r="2"[^>]*>.*?)(</row>)',
        lambda m: m.group(1) + b'<c r="M2"><f t="array" ref="M2:M3">E2:E3&amp;"!"</f>'
                               b"<v>0</v></c>" + m.group(2), d, count=1, flags=re.S))
    before = plan_path.read_bytes()
    code, output = sync(plan_path)
    assert code == 2
    assert "M3" in output and "array formula M2:M3" in output and "--output" in output
    assert output.count("\n") == 1
    assert plan_path.read_bytes() == before
    copy = tmp_path / "copy.xlsx"
    code, output = sync(plan_path, "--output", str(copy))
    assert code == 0, output
    assert "Warning: " in output and "written with openpyxl" in output
    assert plan_path.read_bytes() == before
    goals = load(copy)["Goals"]
    assert goals.cell(row=2, column=column_of(goals, "Actual")).value == 1


def test_strict_open_xml_is_refused_with_what_to_do(plan_path: Path) -> None:
    write_plan(plan_path, {"Goals": GOALS})
    rewrite(plan_path, plan_path.with_name("strict.xlsx"), replace={
        WORKBOOK: lambda d: d.replace(
            b"http://schemas.openxmlformats.org/spreadsheetml/2006/main",
            b"http://purl.oclc.org/ooxml/spreadsheetml/main")})
    strict = plan_path.with_name("strict.xlsx")
    before = strict.read_bytes()
    for command in ("validate", "sync"):
        result = CliRunner().invoke(cli, [command, str(strict)])
        assert result.exit_code == 2
        assert "Strict Open XML" in result.output and "Excel Workbook (.xlsx)" in result.output
    assert strict.read_bytes() == before


# --- styles ------------------------------------------------------------------------------

def test_styles_do_not_grow_over_repeated_syncs(plan_path: Path) -> None:
    write_plan(plan_path, {"Goals": GOALS, "Contacts": CONTACTS})
    sizes = []
    for day in ("2026-11-03", "2026-11-20", "2026-11-03", "2026-12-24", "2026-11-03"):
        result = CliRunner().invoke(cli, ["sync", str(plan_path), "--as-of", day])
        assert result.exit_code == 0 and "synced as of" in result.output, result.output
        styles = read_part(plan_path, "xl/styles.xml")
        sizes.append((styles.count(b"<xf "), styles.count(b"<font"), styles.count(b"<fill"),
                      styles.count(b"<dxf"), styles.count(b"<numFmt ")))
    assert len(set(sizes)) == 1, sizes


# --- the user's formulas that read the results --------------------------------------------

@pytest.mark.slow
def test_the_users_formulas_that_read_results_are_recalculated_on_opening(
        plan_path: Path, tmp_path: Path) -> None:
    """Excel is asked to recalculate (fullCalcOnLoad); LibreOffice trusts saved values, so
    the formulas beside the results that read them lose theirs and are computed on
    opening. A formula that reads none of the results keeps its bytes."""
    headers = [*CONTACT_HEADERS[:20], "Days known", "Name length"]
    contacts = [{"Name": "Dana Lee", "Relationship": "Peer", "Added On": date(2026, 10, 5)}]
    interactions = [{"Date": date(2026, 10, 25), "Contact": "Dana Lee", "Type": "Call"}]
    write_plan(plan_path, {"Contacts": contacts, "Interactions": interactions},
               headers={"Contacts": headers})
    stale = b'<c r="U2"><f>Q2-O2</f><v>999</v></c>'  # Last Contact - Added On, saved long ago
    fresh = b'<c r="V2"><f>LEN(A2)</f><v>8</v></c>'
    edit_sheet(plan_path, "Contacts", lambda d: re.sub(
        rb'(<row r="2"[^>]*>.*?)(</row>)', lambda m: m.group(1) + stale + fresh + m.group(2),
        d, count=1, flags=re.S))
    code, output = sync(plan_path)
    assert code == 0, output
    xml = read_part(plan_path, sheet_part(plan_path, "Contacts"))
    assert b'<c r="U2"><f>Q2-O2</f></c>' in xml and fresh in xml
    assert re.search(rb"<calcPr\b[^>]*fullCalcOnLoad=\"1\"", read_part(plan_path, WORKBOOK))
    assert "nothing changed" in sync(plan_path)[1]
    if shutil.which("soffice") is None:
        return
    from corpus import soffice

    every_sheet = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"
    soffice("--convert-to", every_sheet, "--outdir", str(tmp_path / "csv"), str(plan_path),
            profile=tmp_path / "lo")
    row = (tmp_path / "csv" / "plan-Contacts.csv").read_text().splitlines()[1].split(",")
    assert row[20:22] == ["20", "8"]  # 2026-10-25 - 2026-10-05


def test_rows_out_of_order_are_refused_not_guessed(plan_path: Path) -> None:
    write_plan(plan_path, {"Goals": GOALS, "Contacts": CONTACTS})

    def swap(data: bytes) -> bytes:
        second = re.search(rb'<row r="2"[^>]*>.*?</row>', data, re.S)
        third = re.search(rb'<row r="3"[^>]*>.*?</row>', data, re.S)
        assert second and third
        return (data[:second.start()] + third.group() + second.group() + data[third.end():])

    edit_sheet(plan_path, "Contacts", swap)
    before = plan_path.read_bytes()
    code, output = sync(plan_path)
    assert code == 2 and "rows are out of order" in output and "--output" in output
    assert plan_path.read_bytes() == before


def test_header_notes_on_regenerated_sheets_get_drawing_numbers_no_other_uses(
        tmp_path: Path) -> None:
    """Excel numbers note shapes from their drawing's number: the drawings the tool makes
    take numbers no other drawing in the workbook has, sync after sync."""
    from netplan_sheets.demo import write_demo

    path = write_demo(tmp_path / "demo", AS_OF)
    before = {name for name in stored_parts(path) if name.endswith(".vml")}
    for day in ("2026-11-03", "2026-11-20"):  # Follow-ups and the shortlist, made twice
        result = CliRunner().invoke(cli, ["sync", str(path), "--as-of", day])
        assert result.exit_code == 0, result.output
    numbers = {name: set(re.findall(r'idmap[^>]*data="([^"]+)"',
                                    read_part(path, name).decode()))
               for name in stored_parts(path) if name.endswith(".vml")}
    ours = [name for name in numbers if name not in before]
    assert len(ours) >= 2
    for name in ours:
        others = set().union(*(ids for other, ids in numbers.items() if other != name))
        assert numbers[name] and not numbers[name] & others, name
