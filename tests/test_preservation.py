"""Content openpyxl cannot keep is found before a sync would overwrite the workbook.

Workbooks are real: built with openpyxl (charts, comments, tables), or a real plan with
the parts a spreadsheet app writes added into its package (pictures, pivot tables,
macros, external links, Excel extensions), content types and relationships included.
"""

from __future__ import annotations

import shutil
import subprocess
import warnings
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from openpyxl.comments import Comment
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import PatternFill
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.table import Table
from package_builders import (
    MAIN,
    MS_R,
    PICTURE,
    SML,
    TEXT_BOX,
    WORKBOOK,
    R,
    add_drawing,
    add_pivot_table,
    bar_chart,
    plan_with_sheets,
    sheet_part,
)
from plans import build_plan, write_plan
from zipparts import add_parts, before_end, ole_compound_file, png_image, read_part

from netplan_sheets.cli import cli
from netplan_sheets.errors import WorkbookUnreadable
from netplan_sheets.package import open_package
from netplan_sheets.preservation import _CHUNK, refusal_message, unsupported_content

X14_VALIDATION = (
    '<extLst><ext uri="{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}" '
    'xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main">'
    '<x14:dataValidations count="1" xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main">'
    '<x14:dataValidation type="list" allowBlank="1" showErrorMessage="1"><x14:formula1>'
    "<xm:f>Lists!$C$2:$C$7</xm:f></x14:formula1><xm:sqref>H2:H5000</xm:sqref>"
    "</x14:dataValidation></x14:dataValidations></ext></extLst>"
)


def found(path: Path) -> list[str]:
    return unsupported_content(open_package(path))


# --- safe: what the tool writes, and what openpyxl keeps ------------------------------

def test_plain_plan_is_safe(plan_path: Path) -> None:
    write_plan(plan_path, {"Contacts": [{"Name": "Dana Lee", "Relationship": "Mentor"}]})
    assert found(plan_path) == []


def test_netplan_template_is_safe(tmp_path: Path) -> None:
    path = tmp_path / "template.xlsx"
    result = CliRunner().invoke(cli, ["init", str(path)])
    assert result.exit_code == 0, result.output
    assert found(path) == []


def test_chart_on_the_dashboard_is_the_tools_own(tmp_path: Path) -> None:
    book = build_plan()
    book.create_sheet("Dashboard")["E1"] = "Progress"
    bar_chart(book, "Dashboard")
    book.save(path := tmp_path / "plan.xlsx")
    assert "xl/charts/chart1.xml" in open_package(path).names
    assert found(path) == []


def test_content_openpyxl_keeps_is_safe(tmp_path: Path) -> None:
    book = build_plan({"Contacts": [{"Name": "Dana Lee", "Relationship": "Mentor"}]})
    ws = book["Contacts"]
    ws["A2"].comment = Comment("met at the meetup", "me")
    ws.add_table(Table(displayName="People", ref="A1:C2"))
    rule = DataValidation(type="list", formula1='"High,Medium,Low"')
    rule.add("M2:M100")
    ws.add_data_validation(rule)
    ws.conditional_formatting.add("I2:I100", CellIsRule(
        operator="lessThan", formula=["2"], fill=PatternFill("solid", fgColor="FFC7CE")))
    book.save(path := tmp_path / "plan.xlsx")
    names = open_package(path).names
    assert any(n.startswith("xl/comments") for n in names)
    assert any(n.startswith("xl/tables/") for n in names)
    assert found(path) == []


def test_ignored_error_marks_alone_are_safe(tmp_path: Path) -> None:
    path = write_plan(tmp_path / "plan.xlsx")
    contacts = sheet_part(path, "Contacts")
    add_parts(path, {}, edits={contacts: before_end(
        '<extLst><ext uri="{01252117-D84E-4E92-8308-4BE1C098FCBB}" '
        'xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main">'
        "<x14:ignoredErrors/></ext></extLst>")})
    assert found(path) == []


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_plan_resaved_by_libreoffice_is_safe(tmp_path: Path) -> None:
    # LibreOffice adds an empty drawing to every sheet with notes; none of it is content.
    demo = CliRunner().invoke(cli, ["demo", str(tmp_path / "demo")])
    assert demo.exit_code in (0, 1), demo.output
    source = tmp_path / "demo" / "plan.xlsx"
    out = tmp_path / "resaved"
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo",
                    "--convert-to", "xlsx", "--outdir", str(out), str(source)],
                   check=True, capture_output=True, timeout=180)
    resaved = out / "plan.xlsx"
    assert any(n.startswith("xl/drawings/drawing") for n in open_package(resaved).names)
    assert found(source) == []
    assert found(resaved) == []


# --- refused: drawings ------------------------------------------------------------------

def test_users_chart_on_a_user_sheet(tmp_path: Path) -> None:
    book = build_plan({"Goals": [{"Goal ID": "G1", "Goal": "Meet people", "Target": 5}]})
    bar_chart(book, "Goals")
    book.save(path := tmp_path / "plan.xlsx")
    assert found(path) == ["charts on sheet 'Goals'"]


def test_picture_on_a_user_sheet(tmp_path: Path) -> None:
    path = add_drawing(write_plan(tmp_path / "plan.xlsx"), "Contacts", PICTURE, png_image())
    assert found(path) == ["pictures on sheet 'Contacts'"]


def test_picture_and_text_box_on_the_dashboard(tmp_path: Path) -> None:
    path = plan_with_sheets(tmp_path / "plan.xlsx", "Dashboard")
    add_drawing(path, "Dashboard", PICTURE, png_image())
    assert found(path) == ["pictures on sheet 'Dashboard'"]
    path = add_drawing(plan_with_sheets(tmp_path / "two.xlsx", "Dashboard"), "Dashboard",
                       TEXT_BOX)
    assert found(path) == ["shapes or text boxes on sheet 'Dashboard'"]


def test_picture_outside_any_drawing(tmp_path: Path) -> None:
    path = write_plan(tmp_path / "plan.xlsx")
    goals = sheet_part(path, "Goals")
    add_parts(path, {"xl/media/image1.png": png_image()}, defaults={"png": "image/png"},
              links={goals: [("rIdBg", f"{R}/image", "/xl/media/image1.png")]},
              edits={goals: before_end(f'<picture xmlns:r="{R}" r:id="rIdBg"/>')})
    [reason] = found(path)
    assert reason.startswith("pictures outside drawings") and "'Goals'" in reason


# --- refused: parts openpyxl drops ------------------------------------------------------

def test_pivot_table(tmp_path: Path) -> None:
    path = add_pivot_table(plan_with_sheets(tmp_path / "plan.xlsx", "Summary"), "Summary")
    assert found(path) == ["pivot tables on sheet 'Summary'"]


def test_macros(tmp_path: Path) -> None:
    path = write_plan(tmp_path / "plan.xlsm")
    add_parts(
        path, {"xl/vbaProject.bin": ole_compound_file(["PROJECT", "PROJECTwm", "VBA"])},
        defaults={"bin": "application/vnd.ms-office.vbaProject"},
        links={WORKBOOK: [("rIdVba", f"{MS_R}/2006/relationships/vbaProject",
                           "vbaProject.bin")]},
        edits={"[Content_Types].xml": lambda d: d.replace(
            f"{SML}sheet.main+xml".encode(),
            b"application/vnd.ms-excel.sheet.macroEnabled.main+xml")},
    )
    assert b"macroEnabled" in read_part(path, "[Content_Types].xml")
    assert found(path) == ["VBA macros (xl/vbaProject.bin)", "a macro-enabled workbook (.xlsm); "
                           "openpyxl would save it as a plain .xlsx"]


def test_external_link(tmp_path: Path) -> None:
    path = write_plan(tmp_path / "plan.xlsx")
    link = (f'<externalLink xmlns="{MAIN}" xmlns:r="{R}"><externalBook r:id="rId1">'
            '<sheetNames><sheetName val="Budget"/></sheetNames></externalBook></externalLink>')
    add_parts(
        path, {"xl/externalLinks/externalLink1.xml": link.encode()},
        overrides={"xl/externalLinks/externalLink1.xml": SML + "externalLink+xml"},
        links={WORKBOOK: [("rIdX", f"{R}/externalLink", "externalLinks/externalLink1.xml")]},
        edits={WORKBOOK: lambda d: d.replace(b"<definedNames", (
            f'<externalReferences><externalReference xmlns:r="{R}" r:id="rIdX"/>'
            "</externalReferences><definedNames").encode()),
               "xl/externalLinks/_rels/externalLink1.xml.rels": lambda _d: (
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
            f'relationships"><Relationship Id="rId1" Type="{R}/externalLinkPath" '
            'Target="budget.xlsx" TargetMode="External"/></Relationships>').encode()},
    )
    assert found(path) == ["external links to other workbooks "
                           "(xl/externalLinks/externalLink1.xml)"]


@pytest.mark.parametrize(("part", "content_type", "rel", "expected"), [
    ("xl/slicers/slicer1.xml", "application/vnd.ms-excel.slicer+xml",
     f"{MS_R}/2007/relationships/slicer", "slicers on sheet 'Goals'"),
    ("xl/timelines/timeline1.xml", "application/vnd.ms-excel.timeline+xml",
     f"{MS_R}/2011/relationships/timeline", "timelines on sheet 'Goals'"),
    ("xl/embeddings/oleObject1.bin", "application/vnd.openxmlformats-officedocument.oleObject",
     f"{R}/oleObject", "embedded objects (OLE) on sheet 'Goals'"),
    ("xl/activeX/activeX1.xml", "application/vnd.ms-office.activeX+xml",
     f"{R}/control", "ActiveX controls on sheet 'Goals'"),
    ("xl/ctrlProps/ctrlProp1.xml", "application/vnd.ms-excel.controlproperties+xml",
     f"{R}/ctrlProp", "form controls on sheet 'Goals'"),
    ("xl/threadedComments/threadedComment1.xml", "application/vnd.ms-excel.threadedcomments+xml",
     f"{MS_R}/2017/10/relationships/threadedComment", "threaded comments on sheet 'Goals'"),
    ("customXml/item1.xml", "application/xml", None, "custom XML data (customXml/item1.xml)"),
    ("xl/connections.xml", SML + "connections+xml", None,
     "data connections (xl/connections.xml)"),
    ("xl/macrosheets/sheet1.xml", "application/vnd.ms-excel.macrosheet+xml", None,
     "Excel 4 macro sheets (xl/macrosheets/sheet1.xml)"),
    ("xl/model/item.data", "application/vnd.openxmlformats-officedocument.model+data", None,
     "a data model (Power Pivot) (xl/model/item.data)"),
    # found by content type alone, wherever the part lives
    ("xl/other/pivot.xml", SML + "pivotTable+xml", f"{R}/pivotTable",
     "pivot tables on sheet 'Goals'"),
    # found by folder alone, whatever content type it claims
    ("xl/pivotTables/pivotTable7.xml", "application/xml", None,
     "pivot tables (xl/pivotTables/pivotTable7.xml)"),
])
def test_part_kinds(tmp_path: Path, part: str, content_type: str, rel: str | None,
                    expected: str) -> None:
    path = write_plan(tmp_path / "plan.xlsx")
    links = {sheet_part(path, "Goals"): [("rIdK", rel, f"/{part}")]} if rel else {}
    add_parts(path, {part: b'<?xml version="1.0"?><x/>'}, overrides={part: content_type},
              links=links)
    assert found(path) == [expected]


def test_dynamic_array_formulas(tmp_path: Path) -> None:
    path = write_plan(tmp_path / "plan.xlsx")
    metadata = (f'<metadata xmlns="{MAIN}" xmlns:xda="{MS_R}/spreadsheetml/2017/dynamicarray">'
                '<metadataTypes count="1"><metadataType name="XLDAPR" minSupportedVersion='
                '"120000"/></metadataTypes></metadata>')
    add_parts(path, {"xl/metadata.xml": metadata.encode()},
              overrides={"xl/metadata.xml": SML + "sheetMetadata+xml"})
    assert found(path) == ["dynamic-array formulas (they would come back as @-formulas) "
                           "(xl/metadata.xml)"]


# --- refused: sheet extensions openpyxl drops -----------------------------------------

def test_data_validation_extension(tmp_path: Path) -> None:
    path = write_plan(tmp_path / "plan.xlsx")
    add_parts(path, {}, edits={sheet_part(path, "Contacts"): before_end(X14_VALIDATION)})
    with warnings.catch_warnings(record=True) as caught:  # the loss we guard against
        warnings.simplefilter("always")
        openpyxl.load_workbook(path)
    assert any("Data Validation extension is not supported" in str(w.message) for w in caught)
    [reason] = found(path)
    assert reason.startswith("data validation stored as an Excel extension")
    assert reason.endswith("on sheet 'Contacts'")


@pytest.mark.parametrize(("uri", "expected"), [
    ("{78C0D931-6437-407D-A8EE-F0AAD7539E65}", "conditional formatting stored as an Excel"),
    ("{05C60535-1F16-4fd2-B633-F4F36F0B64E0}", "sparklines on sheet 'Goals'"),
    ("{3A4CF648-6AED-40f4-86FF-DC5316D8AED3}", "slicers on sheet 'Goals'"),
    ("{12345678-0000-0000-0000-000000000000}", "an Excel extension openpyxl cannot keep"),
])
def test_other_sheet_extensions(tmp_path: Path, uri: str, expected: str) -> None:
    path = write_plan(tmp_path / "plan.xlsx")
    add_parts(path, {}, edits={sheet_part(path, "Goals"): before_end(
        f'<extLst><ext uri="{uri}" xmlns:x14="{MS_R}/spreadsheetml/2009/9/main"><x14:any/>'
        "</ext></extLst>")})
    [reason] = found(path)
    assert expected in reason and reason.endswith("on sheet 'Goals'")


def test_extension_across_a_read_boundary_is_found(tmp_path: Path) -> None:
    path = write_plan(tmp_path / "plan.xlsx")
    contacts = sheet_part(path, "Contacts")
    body = read_part(path, contacts).replace(b"</worksheet>", b"")
    padding = _CHUNK - 10 - len(body) - len(b"<extLst>")  # "<ext uri=" starts 10 bytes short
    comment = b"<!--" + b"x" * (padding - 7) + b"-->"
    add_parts(path, {contacts: body + comment + X14_VALIDATION.encode() + b"</worksheet>"})
    data = read_part(path, contacts)
    assert data.index(b"<ext uri=") < _CHUNK < data.index(b"<ext uri=") + 20
    assert len(found(path)) == 1


# --- reasons, messages, damage ----------------------------------------------------------

def test_several_findings_each_named(tmp_path: Path) -> None:
    book = build_plan({"Goals": [{"Goal ID": "G1", "Goal": "Meet people", "Target": 5}]})
    bar_chart(book, "Goals")
    bar_chart(book, "Contacts")
    book.save(path := tmp_path / "plan.xlsx")
    add_parts(path, {}, edits={sheet_part(path, "Contacts"): before_end(X14_VALIDATION)})
    reasons = found(path)
    assert "charts on sheets 'Goals', 'Contacts'" in reasons
    assert any(r.startswith("data validation stored as an Excel extension") for r in reasons)
    message = refusal_message(path, reasons)
    assert message.startswith(f"{path}: holds charts on sheets 'Goals', 'Contacts'; data ")
    assert "--output OTHER.xlsx" in message and "\n" not in message


def test_refusal_message_caps_a_long_list() -> None:
    message = refusal_message("plan.xlsx", [f"thing {n}" for n in range(10)], limit=3)
    assert "thing 2; 7 more, which would be lost" in message
    assert "thing 3" not in message


def test_damaged_drawing_is_unreadable_not_a_traceback(tmp_path: Path) -> None:
    path = add_drawing(write_plan(tmp_path / "plan.xlsx"), "Goals", PICTURE, png_image())
    add_parts(path, {"xl/drawings/drawing9.xml": b"<xdr:wsDr><unclosed"})
    with pytest.raises(WorkbookUnreadable, match="is corrupt"):
        found(path)
