"""The tool-owned sheets (Dashboard, Follow-ups, Mentor Shortlist, Problems) as XML parts.

Each is written whole, with its own sub-parts: header notes (a comments part and its VML
drawing), the Dashboard's bar chart (a drawing and a chart part). They look as
``netplan init`` draws them: grey locked columns, the header style, notes on the headers,
a frozen header row, an autofilter, and on Follow-ups the overdue (red) and due-soon
(amber) highlighting.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any
from xml.sax.saxutils import escape

from netplan_sheets.a1 import cell_name, cell_position, column_letter
from netplan_sheets.dashboard import ChartSpec, DashboardSheet
from netplan_sheets.ooxml.cell_xml import cell_xml
from netplan_sheets.ooxml.styles import CellLook, StyleBook
from netplan_sheets.schema import Column, SheetSchema
from netplan_sheets.template.notes import AUTHOR, header_note
from netplan_sheets.template.resources import template_config, validated_rows
from netplan_sheets.template.widths import column_width
from netplan_sheets.writeback import OutputTable

NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_COLOURS: dict[str, str] = template_config()["colours"]
HEADER = CellLook(bold=True, colour=_COLOURS["header_text"], fill=_COLOURS["computed_header"],
                  vertical="center")
OVERDUE_FILL = "F8CBAD"
DUE_SOON_FILL = "FFE699"
_DASHBOARD_WIDTHS = (32, 44, 24, 12, 12, 12, 12, 12)
_CM = 360000  # EMU per centimetre
_CHART_WIDTH_CM = 16
_NOTE_CHARS_PER_LINE = 40


def computed_look(column: Column | None) -> CellLook:
    """A value the tool writes: grey, locked (the default), in its column's number format."""
    return CellLook(fill=_COLOURS["computed_cells"],
                    number_format=column.cell_format if column is not None else None)


@dataclass(frozen=True)
class NotesPart:
    comments: bytes
    vml: bytes


@dataclass(frozen=True)
class ChartPart:
    drawing: bytes  # relationship rId1 -> the chart
    chart: bytes


@dataclass(frozen=True)
class ToolSheet:
    """A tool sheet's XML and its own sub-parts; relationships: rId1 the drawing (if a
    chart), rId2 the notes' VML, rId3 the comments."""

    title: str
    xml: bytes
    notes: NotesPart | None = None
    chart: ChartPart | None = None


def _worksheet(head: str, rows: list[str], tail: str) -> bytes:
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<worksheet xmlns="{NS_MAIN}" xmlns:r="{NS_REL}">{head}<sheetData>'
            + "".join(rows) + f"</sheetData>{tail}</worksheet>").encode("utf-8")


def _row(number: int, cells: list[str]) -> str:
    return f'<row r="{number}">{"".join(cells)}</row>' if cells else ""


def _frozen_header() -> str:
    return ('<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" '
            'activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" '
            'activeCell="A2" sqref="A2"/></sheetView></sheetViews>')


_MARGINS = ('<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" '
            'footer="0.3"/>')


def output_sheet(table: OutputTable, styles: StyleBook, epoch: date) -> ToolSheet:
    """Follow-ups, Mentor Shortlist or Problems: a header with notes, then the records."""
    schema = table.schema
    columns = schema.columns
    header_style = styles.cell_style(HEADER)
    looks = [styles.cell_style(computed_look(c)) for c in columns]
    last_column = column_letter(len(columns))
    last_row = len(table.rows) + 1
    cols = "".join(
        f'<col min="{i}" max="{i}" width="{column_width(c):g}" customWidth="1" '
        f'style="{looks[i - 1]}"/>' for i, c in enumerate(columns, start=1))
    rows = [_row(1, [cell_xml(1, i, c.title, header_style, epoch=epoch)
                     for i, c in enumerate(columns, start=1)])]
    for number, values in enumerate(table.rows, start=2):
        rows.append(_row(number, [cell_xml(number, c, value, looks[c - 1], epoch=epoch)
                                  for c, value in enumerate(values, start=1)
                                  if value is not None and value != ""]))
    tail = f'<autoFilter ref="A1:{last_column}{max(validated_rows(), 2)}"/>'
    if schema.key == "followups" and table.rows:
        tail += _overdue_highlight(table, styles, last_column, last_row)
    tail += _MARGINS + '<legacyDrawing r:id="rId2"/>'
    head = (f'<sheetPr><tabColor rgb="FF{_COLOURS["computed_header"]}"/></sheetPr>'
            f'<dimension ref="A1:{last_column}{last_row}"/>{_frozen_header()}'
            f'<sheetFormatPr defaultRowHeight="15"/><cols>{cols}</cols>')
    return ToolSheet(schema.title, _worksheet(head, rows, tail), notes=_header_notes(schema))


def _overdue_highlight(table: OutputTable, styles: StyleBook, last_column: str,
                       last_row: int) -> str:
    days = column_letter(table.schema.headers.index("Days Overdue") + 1)
    overdue = styles.fill_format(OVERDUE_FILL)
    soon = styles.fill_format(DUE_SOON_FILL)
    rule = escape(f'AND(${days}2<>"",${days}2<=0)')
    return (f'<conditionalFormatting sqref="A2:{last_column}{last_row}">'
            f'<cfRule type="expression" dxfId="{overdue}" priority="1">'
            f"<formula>{escape(f'${days}2>0')}</formula></cfRule>"
            f'<cfRule type="expression" dxfId="{soon}" priority="2"><formula>{rule}</formula>'
            "</cfRule></conditionalFormatting>")


def dashboard_sheet(dashboard: DashboardSheet, styles: StyleBook, epoch: date) -> ToolSheet:
    rows = list(dashboard.rows)
    headings = {r: CellLook(bold=True, size=13 if r == 1 else 12)
                for r in dashboard.heading_rows}
    header_rows = set(dashboard.header_rows)
    out: list[str] = []
    width = max((len(r) for r in rows), default=1)
    for number, values in enumerate(rows, start=1):
        cells = []
        for c, value in enumerate(values, start=1):
            look = _dashboard_look(dashboard, number, c, value, headings, header_rows)
            if value is None and look is None:
                continue
            style = styles.cell_style(look) if look is not None else None
            cells.append(cell_xml(number, c, value, style, epoch=epoch))
        out.append(_row(number, cells))
    cols = "".join(f'<col min="{i}" max="{i}" width="{w}" customWidth="1"/>'
                   for i, w in enumerate(_DASHBOARD_WIDTHS, start=1))
    head = (f'<sheetPr><tabColor rgb="FF{_COLOURS["computed_header"]}"/></sheetPr>'
            f'<dimension ref="A1:{column_letter(width)}{max(len(rows), 1)}"/>'
            '<sheetViews><sheetView workbookViewId="0"/></sheetViews>'
            f'<sheetFormatPr defaultRowHeight="15"/><cols>{cols}</cols>')
    chart = None
    tail = _MARGINS
    if dashboard.chart is not None:
        chart = _chart(dashboard.title, dashboard.chart)
        tail += '<drawing r:id="rId1"/>'
    return ToolSheet(dashboard.title, _worksheet(head, out, tail), chart=chart)


def _dashboard_look(dashboard: DashboardSheet, row: int, column: int, value: Any,
                    headings: dict[int, CellLook], header_rows: set[int]) -> CellLook | None:
    if row in header_rows:
        return HEADER
    if row in headings and column == 1:
        return headings[row]
    fmt = dashboard.number_formats.get((row, column))
    if fmt is not None and value is not None:
        return CellLook(number_format=fmt)
    return None


# --- header notes ---------------------------------------------------------------------

def _header_notes(schema: SheetSchema) -> NotesPart:
    texts = [header_note(c) for c in schema.columns]
    comments = "".join(
        f'<comment ref="{cell_name(1, i)}" authorId="0"><text><t xml:space="preserve">'
        f"{escape(text)}</t></text></comment>" for i, text in enumerate(texts, start=1))
    xml = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<comments '
           f'xmlns="{NS_MAIN}"><authors><author>{escape(AUTHOR)}</author></authors>'
           f"<commentList>{comments}</commentList></comments>")
    shapes = "".join(_note_shape(i, text) for i, text in enumerate(texts))
    return NotesPart(xml.encode("utf-8"), _VML_HEAD.encode() + shapes.encode() + b"</xml>")


_VML_HEAD = (
    '<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:'
    'office" xmlns:x="urn:schemas-microsoft-com:office:excel"><o:shapelayout v:ext="edit">'
    '<o:idmap v:ext="edit" data="@IDMAP@"/></o:shapelayout><v:shapetype id="_x0000_t202" '
    'coordsize="21600,21600" o:spt="202" path="m,l,21600r21600,l21600,xe"><v:stroke '
    'joinstyle="miter"/><v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype>')


def _note_shape(index: int, text: str) -> str:
    lines = sum(max(1, -(-len(line) // _NOTE_CHARS_PER_LINE)) for line in text.splitlines())
    height = max(60, 16 * lines + 16)
    return (f'<v:shape id="_x0000_s@ID{index}@" type="#_x0000_t202" style="position:absolute;'
            f"margin-left:59.25pt;margin-top:1.5pt;width:195pt;height:{height * 0.75:g}pt;"
            'z-index:1;visibility:hidden" fillcolor="#ffffe1" o:insetmode="auto"><v:fill '
            'color2="#ffffe1"/><v:shadow on="t" color="black" obscured="t"/><v:path '
            'o:connecttype="none"/><v:textbox style="mso-direction-alt:auto"><div '
            'style="text-align:left"></div></v:textbox><x:ClientData ObjectType="Note">'
            "<x:MoveWithCells/><x:SizeWithCells/><x:AutoFill>False</x:AutoFill>"
            f"<x:Row>0</x:Row><x:Column>{index}</x:Column></x:ClientData></v:shape>")


def numbered_vml(vml: bytes, idmap: int) -> bytes:
    """The notes' VML with its drawing number: shape ids must be unique in the workbook,
    and Excel derives them from it (number × 1024 + n)."""
    text = vml.decode("utf-8").replace("@IDMAP@", str(idmap))
    count = text.count("@ID")
    for index in range(count):
        text = text.replace(f"@ID{index}@", str(idmap * 1024 + index + 1), 1)
    return text.encode("utf-8")


# --- the Dashboard chart -----------------------------------------------------------------

def _chart(title: str, spec: ChartSpec) -> ChartPart:
    sheet = title.replace("'", "''")
    cat = column_letter(spec.category_column)
    val = column_letter(spec.value_column)
    name = f"'{sheet}'!${val}${spec.header_row}"
    categories = f"'{sheet}'!${cat}${spec.first_row}:${cat}${spec.last_row}"
    values = f"'{sheet}'!${val}${spec.first_row}:${val}${spec.last_row}"
    chart = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<c:chartSpace xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" '
        'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
        f'xmlns:r="{NS_REL}"><c:roundedCorners val="0"/><c:chart><c:title><c:tx><c:rich>'
        f"<a:bodyPr/><a:p><a:r><a:t>{escape(spec.title)}</a:t></a:r></a:p></c:rich></c:tx>"
        '<c:overlay val="0"/></c:title><c:autoTitleDeleted val="0"/><c:plotArea><c:layout/>'
        '<c:barChart><c:barDir val="bar"/><c:grouping val="clustered"/><c:varyColors val="0"/>'
        f'<c:ser><c:idx val="0"/><c:order val="0"/><c:tx><c:strRef><c:f>{escape(name)}</c:f>'
        '</c:strRef></c:tx><c:invertIfNegative val="0"/>'
        f"<c:cat><c:strRef><c:f>{escape(categories)}</c:f></c:strRef></c:cat>"
        f"<c:val><c:numRef><c:f>{escape(values)}</c:f></c:numRef></c:val></c:ser>"
        '<c:gapWidth val="150"/><c:axId val="10"/><c:axId val="100"/></c:barChart>'
        '<c:catAx><c:axId val="10"/><c:scaling><c:orientation val="minMax"/></c:scaling>'
        '<c:delete val="0"/><c:axPos val="l"/><c:majorTickMark val="none"/>'
        '<c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/><c:crossAx val="100"/>'
        '<c:crosses val="autoZero"/><c:auto val="1"/><c:lblAlgn val="ctr"/>'
        '<c:lblOffset val="100"/><c:noMultiLvlLbl val="0"/></c:catAx>'
        '<c:valAx><c:axId val="100"/><c:scaling><c:orientation val="minMax"/></c:scaling>'
        '<c:delete val="0"/><c:axPos val="b"/><c:majorGridlines/>'
        '<c:numFmt formatCode="0%" sourceLinked="0"/><c:majorTickMark val="none"/>'
        '<c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/><c:crossAx val="10"/>'
        '<c:crosses val="autoZero"/><c:crossBetween val="between"/></c:valAx></c:plotArea>'
        '<c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/></c:chart></c:chartSpace>')
    height = max(6.0, 0.8 * (spec.last_row - spec.first_row + 1) + 3)
    row, column = cell_position(spec.anchor)
    drawing = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/'
        'spreadsheetDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
        f"<xdr:oneCellAnchor><xdr:from><xdr:col>{column - 1}</xdr:col><xdr:colOff>0"
        f"</xdr:colOff><xdr:row>{row - 1}</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from>"
        f'<xdr:ext cx="{_CHART_WIDTH_CM * _CM}" cy="{int(height * _CM)}"/><xdr:graphicFrame '
        'macro=""><xdr:nvGraphicFramePr><xdr:cNvPr id="2" name="Progress chart"/>'
        "<xdr:cNvGraphicFramePr/></xdr:nvGraphicFramePr><xdr:xfrm><a:off x=\"0\" y=\"0\"/>"
        '<a:ext cx="0" cy="0"/></xdr:xfrm><a:graphic><a:graphicData '
        'uri="http://schemas.openxmlformats.org/drawingml/2006/chart"><c:chart '
        'xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" '
        f'xmlns:r="{NS_REL}" r:id="rId1"/></a:graphicData></a:graphic></xdr:graphicFrame>'
        "<xdr:clientData/></xdr:oneCellAnchor></xdr:wsDr>")
    return ChartPart(drawing.encode("utf-8"), chart.encode("utf-8"))
