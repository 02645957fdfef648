"""Plans holding what people add to their workbooks, as their apps write it.

``libreoffice_plan`` is made by LibreOffice itself (a user chart, a picture and a note
added, then the file saved by ``soffice --convert-to xlsx``: shared strings, escaped
number formats, LibreOffice's own drawing and comment parts). The Excel 365 parts that
LibreOffice cannot make (threaded comments, sparklines, data bars and data validation as
Excel-2010 extensions, tables, pivot tables, dynamic arrays, rich text, macros) are
written into a package by hand, element for element as Excel writes them.
"""

from __future__ import annotations

import posixpath
import re
import shutil
import subprocess
from collections.abc import Callable
from datetime import date
from pathlib import Path

import openpyxl
from openpyxl.chart import BarChart, Reference
from openpyxl.comments import Comment
from openpyxl.utils.cell import column_index_from_string
from package_builders import PICTURE, SML, WORKBOOK, R, add_drawing, add_pivot_table, sheet_part
from zipparts import add_parts, ole_compound_file, png_image, read_part, rels_name

from netplan_sheets.demo import write_demo

AS_OF = date(2026, 11, 3)
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
X14 = "http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"
XM = "http://schemas.microsoft.com/office/excel/2006/main"
TC = "http://schemas.microsoft.com/office/spreadsheetml/2018/threadedcomments"
MS_2017 = "http://schemas.microsoft.com/office/2017/10/relationships"
PERSON_ID = "{5A7F3C21-8B4D-4E6A-9C1F-2D3B4A5C6D7E}"


def base_plan(folder: Path) -> Path:
    """The demo plan, with two sheets of the user's own: a summary and a mentor list."""
    path = write_demo(folder, AS_OF)
    book = openpyxl.load_workbook(path)
    summary = book.create_sheet("Summary")
    summary.append(["My overview", None])
    summary.append(["Contacts", "=COUNTA(Contacts!A2:A100)"])
    summary.append(["Goal G1", "=Goals!A2"])
    mentors = book.create_sheet("Mentors")
    mentors.append(["Mentors (FILTER of Contacts)"])
    book.save(path)
    return path


def soffice(*args: str, profile: Path, timeout: int = 240) -> None:
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation={profile.as_uri()}",
                    *args], check=True, capture_output=True, timeout=timeout)


def libreoffice_plan(folder: Path, profile: Path) -> Path:
    """A plan with a user chart, a picture and a note, saved by LibreOffice."""
    made = folder / "made"
    made.mkdir(parents=True)
    path = base_plan(made)
    book = openpyxl.load_workbook(path)
    goals = book["Goals"]
    chart = BarChart()
    chart.title = "Targets"
    chart.add_data(Reference(goals, min_col=5, min_row=1, max_row=7), titles_from_data=True)
    goals.add_chart(chart, "R2")
    book["Summary"]["A1"].comment = Comment("Numbers I report to my manager", "Alex")
    book.save(path)
    add_drawing(path, "Summary", PICTURE, png_image())
    out = folder / "libreoffice"
    soffice("--convert-to", "xlsx", "--outdir", str(out), str(path), profile=profile)
    return out / path.name


# --- Excel 365 parts, written by hand -------------------------------------------------

def _insert_before(xml: bytes, names: tuple[bytes, ...], element: bytes) -> bytes:
    """Put ``element`` before the first of ``names`` present, else last in the sheet."""
    for name in names:
        match = re.search(rb"<(?:\w+:)?" + name + rb"\b", xml)
        if match:
            return xml[:match.start()] + element + xml[match.start():]
    return xml.replace(b"</worksheet>", element + b"</worksheet>")


_AFTER_CONDITIONAL = (b"dataValidations", b"hyperlinks", b"printOptions", b"pageMargins",
                      b"pageSetup", b"headerFooter", b"rowBreaks", b"colBreaks",
                      b"customProperties", b"ignoredErrors", b"drawing", b"legacyDrawing",
                      b"tableParts", b"extLst")


def _add_extension(xml: bytes, ext: str) -> bytes:
    if b"<extLst>" in xml:
        return xml.replace(b"</extLst>", ext.encode() + b"</extLst>", 1)
    return xml.replace(b"</worksheet>", b"<extLst>" + ext.encode() + b"</extLst></worksheet>")


def with_threaded_comment(path: Path, title: str = "Contacts", ref: str = "A3") -> Path:
    """A threaded comment (Excel 365's "New Comment"), its person, and the legacy note
    Excel writes beside it for older readers."""
    sheet = sheet_part(path, title)
    comment_id = "{B3C1D2E4-7F8A-4B9C-8D0E-1F2A3B4C5D6E}"
    threaded = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<ThreadedComments '
                f'xmlns="{TC}" xmlns:x="{MAIN}"><threadedComment ref="{ref}" '
                f'dT="2026-10-20T09:15:42.31" personId="{PERSON_ID}" id="{comment_id}"><text>'
                "Ask Sam about the staff engineer path</text></threadedComment>"
                "</ThreadedComments>")
    persons = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<personList '
               f'xmlns="{TC}" xmlns:x="{MAIN}"><person displayName="Alex Morgan" '
               f'id="{PERSON_ID}" userId="alex.morgan@example.com" providerId="AD"/>'
               "</personList>")
    comments = next(t.rsplit("/", 1)[0] for t in _relationship_targets(path, sheet)
                    if t.endswith("/comments"))
    legacy = (f'<comment ref="{ref}" authorId="1" shapeId="0"><text><t>[Threaded comment]'
              "\n\nYour version of Excel allows you to read this threaded comment; however, "
              "any edits to it will get removed if the file is opened in a newer version of "
              "Excel. Learn more: https://go.microsoft.com/fwlink/?linkid=870924\n\nComment:"
              "\n    Ask Sam about the staff engineer path</t></text></comment>")
    return add_parts(
        path,
        {"xl/threadedComments/threadedComment1.xml": threaded.encode(),
         "xl/persons/person.xml": persons.encode()},
        overrides={"xl/threadedComments/threadedComment1.xml":
                   "application/vnd.ms-excel.threadedcomments+xml",
                   "xl/persons/person.xml": "application/vnd.ms-excel.person+xml"},
        links={sheet: [("rIdTc1", f"{MS_2017}/threadedComment",
                        "/xl/threadedComments/threadedComment1.xml")],
               WORKBOOK: [("rIdPs1", f"{MS_2017}/person", "persons/person.xml")]},
        edits={comments: lambda d: d.replace(b"</authors>", (
                   f"<author>tc={comment_id}</author></authors>").encode(), 1).replace(
                   b"</commentList>", legacy.encode() + b"</commentList>", 1)},
    )


def _relationship_targets(path: Path, part: str) -> list[str]:
    """'target/type' of each relationship of ``part``, targets resolved."""
    data = read_part(path, rels_name(part))
    folder = posixpath.dirname(part)
    found = []
    for match in re.finditer(rb"<Relationship\b[^>]*>", data):
        attrs = dict(re.findall(rb'(\w+)="([^"]*)"', match.group()))
        target = attrs[b"Target"].decode()
        target = (target.lstrip("/") if target.startswith("/")
                  else posixpath.normpath(posixpath.join(folder, target)))
        found.append(f"{target}/{attrs[b'Type'].decode().rsplit('/', 1)[-1]}")
    return found


def with_sparkline(path: Path, title: str = "Goals", cell: str = "N2",
                   data: str = "Goals!E2:E2") -> Path:
    sheet = sheet_part(path, title)
    ext = (f'<ext uri="{{05C60535-1F16-4FD2-B633-F4F36F0B64E0}}" xmlns:x14="{X14}">'
           f'<x14:sparklineGroups xmlns:xm="{XM}"><x14:sparklineGroup displayEmptyCellsAs="gap"'
           ' type="column"><x14:colorSeries theme="4" tint="-0.499984740745262"/>'
           '<x14:colorNegative theme="5"/><x14:colorAxis rgb="FF000000"/><x14:colorMarkers '
           'theme="4" tint="-0.499984740745262"/><x14:colorFirst theme="4" '
           'tint="0.39997558519241921"/><x14:colorLast theme="4" tint="0.39997558519241921"/>'
           '<x14:colorHigh theme="4"/><x14:colorLow theme="4"/><x14:sparklines><x14:sparkline>'
           f"<xm:f>{data}</xm:f><xm:sqref>{cell}</xm:sqref></x14:sparkline></x14:sparklines>"
           "</x14:sparklineGroup></x14:sparklineGroups></ext>")
    return add_parts(path, {}, edits={sheet: lambda d: _add_extension(d, ext)})


def with_data_bar(path: Path, title: str = "Contacts", area: str = "I2:I20") -> Path:
    sheet = sheet_part(path, title)
    rule_id = "{3F2C0A61-0D49-4D5B-9D6D-2D0F5F3A1B11}"
    rule = (f'<conditionalFormatting sqref="{area}"><cfRule type="dataBar" priority="1">'
            '<dataBar><cfvo type="min"/><cfvo type="max"/><color rgb="FF638EC6"/></dataBar>'
            '<extLst><ext uri="{B025F937-C7B1-47D3-B67F-A62EFF666E3E}" '
            f'xmlns:x14="{X14}"><x14:id>{rule_id}</x14:id></ext></extLst></cfRule>'
            "</conditionalFormatting>").encode()
    ext = (f'<ext uri="{{78C0D931-6437-407D-A8EE-F0AAD7539E65}}" xmlns:x14="{X14}">'
           f'<x14:conditionalFormattings><x14:conditionalFormatting xmlns:xm="{XM}">'
           f'<x14:cfRule type="dataBar" id="{rule_id}"><x14:dataBar minLength="0" '
           'maxLength="100" gradient="0"><x14:cfvo type="autoMin"/><x14:cfvo type="autoMax"/>'
           '<x14:negativeFillColor rgb="FFFF0000"/><x14:axisColor rgb="FF000000"/>'
           f"</x14:dataBar></x14:cfRule><xm:sqref>{area}</xm:sqref>"
           "</x14:conditionalFormatting></x14:conditionalFormattings></ext>")
    return add_parts(path, {}, edits={
        sheet: lambda d: _add_extension(_insert_before(d, _AFTER_CONDITIONAL, rule), ext)})


def with_x14_validation(path: Path, title: str = "Interactions") -> Path:
    """A dropdown listing another sheet, as Excel 2010 and later store it."""
    sheet = sheet_part(path, title)
    ext = (f'<ext uri="{{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}}" xmlns:x14="{X14}">'
           f'<x14:dataValidations count="1" xmlns:xm="{XM}"><x14:dataValidation type="list" '
           'allowBlank="1" showErrorMessage="1"><x14:formula1><xm:f>Lists!$C$2:$C$7</xm:f>'
           "</x14:formula1><xm:sqref>H2:H500</xm:sqref></x14:dataValidation>"
           "</x14:dataValidations></ext>")
    return add_parts(path, {}, edits={sheet: lambda d: _add_extension(d, ext)})


def with_table(path: Path, title: str = "Mentors") -> Path:
    """An Excel Table over the user's own mentor list."""
    sheet = sheet_part(path, title)
    table = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<table xmlns="{MAIN}" '
             'id="7" name="MyMentors" displayName="MyMentors" ref="D1:E3" totalsRowShown="0">'
             '<autoFilter ref="D1:E3"/><tableColumns count="2"><tableColumn id="1" name="Who"/>'
             '<tableColumn id="2" name="Since"/></tableColumns><tableStyleInfo '
             'name="TableStyleMedium2" showFirstColumn="0" showLastColumn="0" '
             'showRowStripes="1" showColumnStripes="0"/></table>')
    cells = (b'<row r="1"><c r="D1" t="inlineStr"><is><t>Who</t></is></c><c r="E1" '
             b't="inlineStr"><is><t>Since</t></is></c></row><row r="2"><c r="D2" t="inlineStr">'
             b'<is><t>Sam Okafor</t></is></c><c r="E2"><v>2024</v></c></row><row r="3">'
             b'<c r="D3" t="inlineStr"><is><t>Aiko Tanaka</t></is></c><c r="E3"><v>2025</v>'
             b"</c></row>")

    def edit(data: bytes) -> bytes:
        data = re.sub(rb"<sheetData\s*/>", b"<sheetData></sheetData>", data)
        data = re.sub(rb"<row r=\"1\">.*?</row>", b"", data, count=1, flags=re.S)
        data = data.replace(b"</sheetData>", cells + b"</sheetData>", 1)
        data = re.sub(rb"<dimension ref=\"[^\"]*\"\s*/>", b'<dimension ref="A1:E3"/>', data)
        return _insert_before(data, (b"extLst",), (
            f'<tableParts count="1"><tablePart xmlns:r="{R}" r:id="rIdTb1"/></tableParts>'
        ).encode())

    return add_parts(path, {"xl/tables/table7.xml": table.encode()},
                     overrides={"xl/tables/table7.xml": SML + "table+xml"},
                     links={sheet: [("rIdTb1", f"{R}/table", "/xl/tables/table7.xml")]},
                     edits={sheet: edit})


def with_pivot(path: Path) -> Path:
    """A pivot table on the Summary sheet, with its cache and the cache's records."""
    add_pivot_table(path, "Summary")
    records = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
               f'<pivotCacheRecords xmlns="{MAIN}" xmlns:r="{R}" count="0"/>')
    cache = "xl/pivotCache/pivotCacheDefinition1.xml"
    return add_parts(
        path, {"xl/pivotCache/pivotCacheRecords1.xml": records.encode()},
        overrides={"xl/pivotCache/pivotCacheRecords1.xml": SML + "pivotCacheRecords+xml"},
        links={cache: [("rId1", f"{R}/pivotCacheRecords", "pivotCacheRecords1.xml")]},
        edits={cache: lambda d: d.replace(b'refreshOnLoad="1"',
                                          b'refreshOnLoad="1" r:id="rId1"', 1)})


DYNAMIC_FORMULA = ('_xlfn._xlws.FILTER(Contacts!A2:A20,(Contacts!H2:H20="Mentor")+'
                   '(Contacts!H2:H20="Potential mentor"))')


def with_dynamic_array(path: Path, title: str = "Mentors", cell: str = "A5",
                       spill: tuple[str, ...] = ("Dana Lee", "Sam Okafor")) -> Path:
    """A FILTER formula that spills, with the cell metadata Excel 365 writes for it."""
    sheet = sheet_part(path, title)
    metadata = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<metadata '
                f'xmlns="{MAIN}" xmlns:xda="http://schemas.microsoft.com/office/spreadsheetml/'
                '2017/dynamicarray"><metadataTypes count="1"><metadataType name="XLDAPR" '
                'minSupportedVersion="120000" copy="1" pasteAll="1" pasteValues="1" merge="1" '
                'splitFirst="1" rowColShift="1" clearFormats="1" clearComments="1" assign="1" '
                'coerce="1" cellMeta="1"/></metadataTypes><futureMetadata name="XLDAPR" '
                'count="1"><bk><extLst><ext uri="{bdbb8cdc-fa1e-496e-a857-3c3f30c029c3}">'
                '<xda:dynamicArrayProperties fDynamic="1" fCollapsed="0"/></ext></extLst></bk>'
                '</futureMetadata><cellMetadata count="1"><bk><rc t="1" v="0"/></bk>'
                "</cellMetadata></metadata>")
    letters = "".join(ch for ch in cell if ch.isalpha())
    first = int("".join(ch for ch in cell if ch.isdigit()))
    last = first + len(spill) - 1
    formula = DYNAMIC_FORMULA.replace("&", "&amp;").replace('"', "&quot;")
    rows = [f'<row r="{first}"><c r="{cell}" t="str" cm="1"><f t="array" '
            f'ref="{cell}:{letters}{last}">{formula}</f><v>{spill[0]}</v></c></row>']
    rows += [f'<row r="{first + i}"><c r="{letters}{first + i}" t="str"><v>{name}</v></c></row>'
             for i, name in enumerate(spill[1:], start=1)]

    def edit(data: bytes) -> bytes:
        return data.replace(b"</sheetData>", "".join(rows).encode() + b"</sheetData>", 1)

    return add_parts(path, {"xl/metadata.xml": metadata.encode()},
                     overrides={"xl/metadata.xml": SML + "sheetMetadata+xml"},
                     links={WORKBOOK: [("rIdMd1", f"{R}/sheetMetadata", "metadata.xml")]},
                     edits={sheet: edit})


RICH_NOTE = ('<is><r><t xml:space="preserve">Met at </t></r><r><rPr><b/><sz val="11"/>'
             '<color rgb="FFC00000"/><rFont val="Calibri"/></rPr><t>PlatformCon</t></r>'
             '<r><t xml:space="preserve"> — ask about </t></r><r><rPr><i/><sz val="11"/>'
             '<rFont val="Calibri"/></rPr><t>hiring</t></r></is>')


def with_rich_text(path: Path, title: str = "Contacts", column: str = "P", row: int = 2) -> Path:
    """Part-bold, part-coloured text in a Notes cell."""
    sheet = sheet_part(path, title)
    cell = f'<c r="{column}{row}" t="inlineStr">{RICH_NOTE}</c>'.encode()
    wanted = column_index_from_string(column)

    def edit(data: bytes) -> bytes:
        found = re.search(rb"<row r=\"%d\"[^>]*>(.*?)</row>" % row, data, re.S)
        assert found, f"row {row} of {title}"
        body = found.group(1)
        at = len(body)
        for match in re.finditer(rb"<c r=\"([A-Z]+)\d+\"[^>]*?(?:/>|>.*?</c>)", body, re.S):
            index = column_index_from_string(match.group(1).decode())
            assert index != wanted, "the cell must be blank before"
            if index > wanted:
                at = match.start()
                break
        body = body[:at] + cell + body[at:]
        return data[:found.start(1)] + body + data[found.end(1):]

    return add_parts(path, {}, edits={sheet: edit})


def as_macro_workbook(path: Path) -> Path:
    """The same plan saved as a macro-enabled workbook (.xlsm) with a VBA project."""
    target = path.with_suffix(".xlsm")
    shutil.move(path, target)
    vba = ole_compound_file(["VBA", "PROJECT", "PROJECTwm"])
    return add_parts(
        target, {"xl/vbaProject.bin": vba},
        defaults={"bin": "application/vnd.ms-office.vbaProject"},
        links={WORKBOOK: [("rIdVba1", "http://schemas.microsoft.com/office/2006/relationships/"
                           "vbaProject", "vbaProject.bin")]},
        edits={"[Content_Types].xml": lambda d: d.replace(
            SML.encode() + b"sheet.main+xml",
            b"application/vnd.ms-excel.sheet.macroEnabled.main+xml")})


def with_hyperlink(path: Path, title: str = "Contacts", cell: str = "F2") -> Path:
    """A link on a LinkedIn cell, as Excel stores it: in the sheet, its target outside."""
    sheet = sheet_part(path, title)
    link = (f'<hyperlinks><hyperlink ref="{cell}" r:id="rIdHl1" '
            f'xmlns:r="{R}"/></hyperlinks>').encode()
    return add_parts(
        path, {},
        links={sheet: [("rIdHl1", f"{R}/hyperlink",
                        "https://www.linkedin.com/in/dana-lee\" TargetMode=\"External")]},
        edits={sheet: lambda d: _insert_before(d, (b"printOptions", b"pageMargins",
                                                   b"pageSetup", b"drawing",
                                                   b"legacyDrawing", b"tableParts",
                                                   b"extLst"), link)})


def with_external_link(path: Path) -> Path:
    """A formula reading another workbook, with the cached copy Excel keeps of it."""
    external = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<externalLink '
                f'xmlns="{MAIN}" xmlns:r="{R}"><externalBook r:id="rId1"><sheetNames>'
                '<sheetName val="Budget"/></sheetNames><sheetDataSet><sheetData sheetId="0">'
                '<row r="1"><cell r="A1"><v>1200</v></cell></row></sheetData></sheetDataSet>'
                "</externalBook></externalLink>")
    summary = sheet_part(path, "Summary")
    return add_parts(
        path, {"xl/externalLinks/externalLink1.xml": external.encode()},
        overrides={"xl/externalLinks/externalLink1.xml": SML + "externalLink+xml"},
        links={WORKBOOK: [("rIdEx1", f"{R}/externalLink", "externalLinks/externalLink1.xml")],
               "xl/externalLinks/externalLink1.xml": [
                   ("rId1", f"{R}/externalLinkPath",
                    "file:///C:/Users/alex/budget.xlsx\" TargetMode=\"External")]},
        edits={WORKBOOK: lambda d: re.sub(
                   rb"(</sheets>)", f'\\1<externalReferences><externalReference '
                   f'xmlns:r="{R}" r:id="rIdEx1"/></externalReferences>'.encode(), d, count=1),
               summary: lambda d: d.replace(b"</sheetData>", (
                   b'<row r="9"><c r="A9"><f>[1]Budget!A1</f><v>1200</v></c></row>'
                   b"</sheetData>"), 1)})


def with_custom_xml(path: Path) -> Path:
    """A custom XML part with its properties, as document-management add-ins leave them."""
    item = b'<?xml version="1.0" encoding="UTF-8"?><plan xmlns="urn:example:hr">cohort 7</plan>'
    props = (b'<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n<ds:datastoreItem '
             b'ds:itemID="{8E0B3C4A-1F2D-4E5B-9A6C-7D8E9F0A1B2C}" xmlns:ds='
             b'"http://schemas.openxmlformats.org/officeDocument/2006/customXml">'
             b"<ds:schemaRefs/></ds:datastoreItem>")
    return add_parts(
        path, {"customXml/item1.xml": item, "customXml/itemProps1.xml": props},
        overrides={"customXml/itemProps1.xml":
                   "application/vnd.openxmlformats-officedocument.customXmlProperties+xml"},
        links={"customXml/item1.xml": [("rId1", f"{R}/customXmlProps", "itemProps1.xml")],
               WORKBOOK: [("rIdCx1", f"{R}/customXml", "../customXml/item1.xml")]})


Builder = Callable[[Path], Path]
EXCEL_PARTS: dict[str, Builder] = {
    "threaded comment": with_threaded_comment,
    "sparkline": with_sparkline,
    "data bar": with_data_bar,
    "x14 data validation": with_x14_validation,
    "table": with_table,
    "pivot table": with_pivot,
    "dynamic array": with_dynamic_array,
    "rich text": with_rich_text,
    "hyperlink": with_hyperlink,
    "external link": with_external_link,
    "custom XML": with_custom_xml,
}
