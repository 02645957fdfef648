"""Building packages that hold what spreadsheet apps write and openpyxl cannot keep:
charts, drawings with pictures or text boxes, pivot tables."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from openpyxl.chart import BarChart, Reference
from plans import build_plan
from zipparts import add_parts, before_end

from netplan_sheets.package import open_package

R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
MS_R = "http://schemas.microsoft.com/office"
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
SML = "application/vnd.openxmlformats-officedocument.spreadsheetml."
XDR = "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
WORKBOOK = "xl/workbook.xml"


def sheet_part(path: Path, title: str) -> str:
    return open_package(path).sheet_parts[title]


def plan_with_sheets(path: Path, *titles: str) -> Path:
    book = build_plan({"Goals": [{"Goal ID": "G1", "Goal": "Meet people", "Target": 5}]})
    for title in titles:
        book.create_sheet(title)["A1"] = "mine"
    book.save(path)
    return path


def bar_chart(book: openpyxl.Workbook, title: str) -> None:
    ws = book[title]
    chart = BarChart()
    chart.add_data(Reference(ws, min_col=5, min_row=1, max_row=3), titles_from_data=True)
    ws.add_chart(chart, "K2")


def add_drawing(path: Path, title: str, anchored: str, media: bytes | None = None) -> Path:
    """Put a drawing holding ``anchored`` (DrawingML) on the sheet ``title``."""
    sheet = sheet_part(path, title)
    drawing = (f'<xdr:wsDr xmlns:xdr="{XDR}" xmlns:a="{A}" xmlns:r="{R}"><xdr:oneCellAnchor>'
               '<xdr:from><xdr:col>10</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>1</xdr:row>'
               '<xdr:rowOff>0</xdr:rowOff></xdr:from><xdr:ext cx="952500" cy="952500"/>'
               f"{anchored}<xdr:clientData/></xdr:oneCellAnchor></xdr:wsDr>").encode()
    parts = {"xl/drawings/drawing9.xml": drawing}
    links: dict[str, list[tuple[str, str, str]]] = {
        sheet: [("rIdTest1", f"{R}/drawing", "/xl/drawings/drawing9.xml")]}
    if media is not None:
        parts["xl/media/image1.png"] = media
        links["xl/drawings/drawing9.xml"] = [("rIdImg", f"{R}/image", "../media/image1.png")]
    return add_parts(
        path, parts, overrides={"xl/drawings/drawing9.xml":
                                "application/vnd.openxmlformats-officedocument.drawing+xml"},
        defaults={"png": "image/png"}, links=links,
        edits={sheet: before_end(f'<drawing xmlns:r="{R}" r:id="rIdTest1"/>')},
    )


PICTURE = ('<xdr:pic><xdr:nvPicPr><xdr:cNvPr id="2" name="Logo"/><xdr:cNvPicPr/></xdr:nvPicPr>'
           '<xdr:blipFill><a:blip r:embed="rIdImg"/><a:stretch><a:fillRect/></a:stretch>'
           '</xdr:blipFill><xdr:spPr><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></xdr:spPr>'
           "</xdr:pic>")
TEXT_BOX = ('<xdr:sp macro="" textlink=""><xdr:nvSpPr><xdr:cNvPr id="3" name="Note"/>'
            '<xdr:cNvSpPr txBox="1"/></xdr:nvSpPr><xdr:spPr><a:prstGeom prst="rect"><a:avLst/>'
            "</a:prstGeom></xdr:spPr><xdr:txBody><a:bodyPr/><a:p><a:r><a:t>Call Dana</a:t>"
            "</a:r></a:p></xdr:txBody></xdr:sp>")


def add_pivot_table(path: Path, title: str) -> Path:
    """Put a minimal pivot table (with its cache) on the sheet ``title``."""
    summary = sheet_part(path, title)
    summary = sheet_part(path, "Summary")
    cache = (f'<pivotCacheDefinition xmlns="{MAIN}" xmlns:r="{R}" refreshOnLoad="1" '
             'recordCount="0"><cacheSource type="worksheet"><worksheetSource ref="A1:B2" '
             'sheet="Goals"/></cacheSource><cacheFields count="1"><cacheField name="Goal ID" '
             'numFmtId="0"><sharedItems/></cacheField></cacheFields></pivotCacheDefinition>')
    table = (f'<pivotTableDefinition xmlns="{MAIN}" name="PivotTable1" cacheId="1" '
             'dataCaption="Values"><location ref="A3:B5" firstHeaderRow="1" firstDataRow="1" '
             'firstDataCol="1"/><pivotFields count="1"><pivotField showAll="0"/></pivotFields>'
             "</pivotTableDefinition>")
    add_parts(
        path,
        {"xl/pivotCache/pivotCacheDefinition1.xml": cache.encode(),
         "xl/pivotTables/pivotTable1.xml": table.encode()},
        overrides={"xl/pivotCache/pivotCacheDefinition1.xml": SML + "pivotCacheDefinition+xml",
                   "xl/pivotTables/pivotTable1.xml": SML + "pivotTable+xml"},
        links={WORKBOOK: [("rIdPc", f"{R}/pivotCacheDefinition",
                           "pivotCache/pivotCacheDefinition1.xml")],
               summary: [("rIdPt", f"{R}/pivotTable", "/xl/pivotTables/pivotTable1.xml")],
               "xl/pivotTables/pivotTable1.xml": [
                   ("rId1", f"{R}/pivotCacheDefinition",
                    "../pivotCache/pivotCacheDefinition1.xml")]},
        edits={WORKBOOK: lambda d: d.replace(b"</workbook>", (
            f'<pivotCaches><pivotCache xmlns:r="{R}" cacheId="1" r:id="rIdPc"/></pivotCaches>'
            "</workbook>").encode())},
    )
    return path
