"""The general cell patcher: these cells of this sheet get these values and styles.

Given a worksheet part and a set of cell writes (in existing rows or new ones, appended
rows included), :func:`patch_sheet` returns the part with exactly those cells replaced or
inserted, in row and column order. Every other byte stays: other cells, rows and their
attributes, and everything outside the sheet data. Rows that are touched lose their
``spans`` hint (an optimisation a reader recomputes) and get explicit ``r=`` addresses on
all their cells, so that nothing after an inserted cell moves.

Formulas in the way: overwriting a shared formula's first cell hands the formula on to the
first cell of the group that survives, translated to its place, so the cells that share it
keep working. A cell inside an array formula's (or a data table's, or a spilled dynamic
array's) range cannot be written without breaking it: that is refused, before anything is
written.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from xml.sax.saxutils import escape, unescape

from netplan_sheets.a1 import cell_name, range_bounds
from netplan_sheets.cells import EXCEL_EPOCH
from netplan_sheets.ooxml import sheet_xml as sx
from netplan_sheets.ooxml.cell_xml import cell_xml

_SPANS = re.compile(rb"\s+spans\s*=\s*(?:\"[^\"]*\"|'[^']*')")
_STYLE = re.compile(rb"\bs\s*=\s*\"(\d+)\"")
_TYPE = re.compile(rb"\s+t\s*=\s*(?:\"[^\"]*\"|'[^']*')")
_VALUE_ELEMENT = re.compile(rb"<(" + sx._PREFIX + rb")v\b[^>]*?(?:/>|>.*?</\1v>)", re.S)
_FORMULA_ELEMENT = re.compile(rb"<(" + sx._PREFIX + rb")f\b[^>]*?(?:/>|>.*?</\1f>)", re.S)


@dataclass(frozen=True)
class CellWrite:
    value: Any  # None (blank), bool, int, float, date or str; str is always text
    style: int | None = None  # cellXfs index; None keeps the existing cell's style


@dataclass
class SheetPatch:
    cells: dict[tuple[int, int], CellWrite] = field(default_factory=dict)  # (row, column)
    # formula cells whose saved value goes, so that apps that trust it recalculate them
    stale: set[tuple[int, int]] = field(default_factory=set)


@dataclass(frozen=True)
class PatchResult:
    xml: bytes
    overwrote_formula: bool


class CellInArrayFormula(sx.SheetXmlError):
    """A cell to write lies inside an array formula's range (or a data table's, or a
    spilled dynamic array's): writing it would break the formula."""

    def __init__(self, cell: str, area: str) -> None:
        super().__init__(f"the cell {cell} is inside the array formula {area}")


@dataclass
class _SharedGroup:
    master: tuple[int, int] | None = None
    text: bytes = b""
    members: list[tuple[int, int]] = field(default_factory=list)  # row-major


def patch_sheet(xml: bytes, patch: SheetPatch, epoch: date = EXCEL_EPOCH) -> PatchResult:
    if not (patch.cells or patch.stale):
        return PatchResult(xml, False)
    data = sx.find_sheet_data(xml)
    prefix = data.prefix
    spans = list(sx.rows(xml, data))
    _refuse_array_overlaps(xml, spans, patch)
    replacements: dict[tuple[int, int], bytes] = {}
    if b'"shared"' in xml or b"'shared'" in xml:
        replacements = _promotions(xml, spans, patch)
    by_row: dict[int, set[int]] = defaultdict(set)
    for row, column in [*patch.cells, *replacements]:
        by_row[row].add(column)
    stale_rows = {row for row, _ in patch.stale}
    existing = {span.number: span for span in spans}
    new_rows = sorted(set(by_row) - set(existing))
    out: list[bytes] = []
    position = data.tag_end
    overwrote = False
    head = xml[:data.tag_start]
    if data.empty_tag:
        head += b"<" + prefix + b"sheetData>"
    else:
        head += xml[data.tag_start:data.tag_end]
    out.append(head)
    inserted_before = False
    for span in spans:
        while new_rows and new_rows[0] < span.number:
            out.append(_new_row(new_rows.pop(0), by_row, patch, prefix, epoch))
            inserted_before = True
        out.append(xml[position:span.start])
        if span.number in by_row or span.number in stale_rows:
            text, replaced_formula = _rewrite_row(xml, span, by_row[span.number], patch,
                                                  replacements, epoch)
            out.append(text)
            overwrote = overwrote or replaced_formula
        elif inserted_before and not span.explicit:
            out.append(_with_row_number(xml, span))
        else:
            out.append(xml[span.start:span.end])
        position = span.end
    out.append(xml[position:data.content_end])
    for number in new_rows:
        out.append(_new_row(number, by_row, patch, prefix, epoch))
    if data.empty_tag:
        out.append(b"</" + prefix + b"sheetData>")
        out.append(xml[data.end:])
    else:
        out.append(xml[data.content_end:])
    result = b"".join(out)
    return PatchResult(_grown_dimension(result, patch), overwrote)


def _rewrite_row(xml: bytes, span: sx.RowSpan, columns: set[int], patch: SheetPatch,
                 replacements: dict[tuple[int, int], bytes], epoch: date) -> tuple[bytes, bool]:
    prefix = span.prefix.decode()
    number = span.number
    attrs = _SPANS.sub(b"", span.attrs)
    if not span.explicit:
        attrs = f' r="{number}"'.encode() + attrs
    parts = [b"<" + span.prefix + b"row" + attrs + b">"]
    pending = sorted(columns)
    overwrote = False

    def emit(column: int, old: sx.CellSpan | None) -> None:
        nonlocal overwrote
        key = (number, column)
        if key in replacements:
            parts.append(replacements[key])
            return
        write = patch.cells[key]
        style = write.style
        if style is None and old is not None:
            found = _STYLE.search(old.attrs)
            style = int(found.group(1)) if found else None
        if old is not None and sx.formula(xml, old) is not None:
            overwrote = True
        parts.append(cell_xml(number, column, write.value, style, prefix, epoch).encode())

    content_start, content_end = span.content
    cursor = content_start  # untouched cells are copied in runs, not one by one
    for cell in sx.cells(xml, span):
        while pending and pending[0] < cell.column:
            parts.append(xml[cursor:cell.start])
            cursor = cell.start
            emit(pending.pop(0), None)
        if pending and pending[0] == cell.column:
            parts.append(xml[cursor:cell.start])
            emit(pending.pop(0), cell)
            cursor = cell.end
        elif (number, cell.column) in patch.stale:
            parts.append(xml[cursor:cell.start])
            parts.append(_without_saved_value(xml, cell, number, span.prefix))
            cursor = cell.end
        elif not cell.explicit:
            tag_name = cell.start + len(b"<" + span.prefix + b"c")
            ref = cell_name(number, cell.column).encode()
            parts.append(xml[cursor:tag_name] + b' r="' + ref + b'"')
            cursor = tag_name
    parts.append(xml[cursor:content_end])
    for column in pending:
        emit(column, None)
    parts.append(b"</" + span.prefix + b"row>")
    return b"".join(parts), overwrote


def _without_saved_value(xml: bytes, cell: sx.CellSpan, row: int, prefix: bytes) -> bytes:
    """The formula cell with its saved value (and the value's type) left out."""
    attrs = _TYPE.sub(b"", cell.attrs)
    if not cell.explicit:
        attrs = f' r="{cell_name(row, cell.column)}"'.encode() + attrs
    body = _VALUE_ELEMENT.sub(b"", xml[cell.body_start:cell.body_end])
    return b"<" + prefix + b"c" + attrs + b">" + body + b"</" + prefix + b"c>"


def _new_row(number: int, by_row: dict[int, set[int]], patch: SheetPatch, prefix: bytes,
             epoch: date) -> bytes:
    p = prefix.decode()
    cells = "".join(
        cell_xml(number, column, patch.cells[(number, column)].value,
                 patch.cells[(number, column)].style, p, epoch)
        for column in sorted(by_row[number]))
    return f'<{p}row r="{number}">{cells}</{p}row>'.encode()


def _with_row_number(xml: bytes, span: sx.RowSpan) -> bytes:
    """A row that had its number implied by its place, given it explicitly."""
    tag = len(b"<" + span.prefix + b"row")
    text = xml[span.start:span.end]
    return text[:tag] + f' r="{span.number}"'.encode() + text[tag:]


def _refuse_array_overlaps(xml: bytes, spans: list[sx.RowSpan], patch: SheetPatch) -> None:
    if not any(kind in xml for kind in (b'"array"', b'"dataTable"', b"'array'")):
        return
    for span in spans:
        content = xml[span.tag_end:span.end]
        if b"array" not in content and b"dataTable" not in content:
            continue
        for cell in sx.cells(xml, span):
            found = sx.formula(xml, cell)
            if found is None or found.kind not in (b"array", b"dataTable") or not found.ref:
                continue
            min_row, min_col, max_row, max_col = range_bounds(found.ref.decode())
            single = (min_row, min_col) == (max_row, max_col) == (span.number, cell.column)
            for row, column in patch.cells:
                inside = min_row <= row <= max_row and min_col <= column <= max_col
                if inside and not single:
                    raise CellInArrayFormula(cell_name(row, column), found.ref.decode())


def _promotions(xml: bytes, spans: list[sx.RowSpan], patch: SheetPatch
                ) -> dict[tuple[int, int], bytes]:
    """New XML for the cells that take over a shared formula whose first cell is
    overwritten: the first surviving member, with the formula translated to it."""
    groups: dict[bytes, _SharedGroup] = defaultdict(_SharedGroup)
    cell_text: dict[tuple[int, int], bytes] = {}
    for span in spans:
        if b"shared" not in xml[span.tag_end:span.end]:
            continue
        for cell in sx.cells(xml, span):
            found = sx.formula(xml, cell)
            if found is None or found.kind != b"shared" or found.shared_index is None:
                continue
            key = (span.number, cell.column)
            group = groups[found.shared_index]
            group.members.append(key)
            cell_text[key] = xml[cell.start:cell.end]
            if found.ref is not None and found.text:
                group.master, group.text = key, found.text
    # openpyxl's formula translator, imported only for this rare case: it costs a tenth of
    # a second to import.
    from openpyxl.formula.translate import Translator

    replacements: dict[tuple[int, int], bytes] = {}
    for index, group in groups.items():
        if group.master is None or group.master not in patch.cells:
            continue
        survivors = [m for m in group.members if m not in patch.cells]
        if not survivors:
            continue
        heir = survivors[0]
        origin = cell_name(*group.master)
        formula = unescape(group.text.decode("utf-8"))
        moved = Translator("=" + formula, origin=origin).translate_formula(cell_name(*heir))
        top = min(r for r, _ in survivors)
        bottom = max(r for r, _ in survivors)
        left = min(c for _, c in survivors)
        right = max(c for _, c in survivors)
        area = f"{cell_name(top, left)}:{cell_name(bottom, right)}"
        old = cell_text[heir]
        match = _FORMULA_ELEMENT.search(old)
        assert match is not None
        p = match.group(1).decode()
        element = (f'<{p}f t="shared" ref="{area}" si="{index.decode()}">'
                   f"{escape(moved[1:])}</{p}f>").encode()
        replacements[heir] = old[:match.start()] + element + old[match.end():]
    return replacements


def _grown_dimension(xml: bytes, patch: SheetPatch) -> bytes:
    found = sx.dimension(xml)
    if found is None:
        return xml
    try:
        min_row, min_col, max_row, max_col = range_bounds(found.group(2).decode())
    except ValueError:
        return xml
    if not patch.cells:
        return xml
    rows = [r for r, _ in patch.cells]
    columns = [c for _, c in patch.cells]
    new = (min(min_row, *rows), min(min_col, *columns), max(max_row, *rows),
           max(max_col, *columns))
    if new == (min_row, min_col, max_row, max_col):
        return xml
    area = f"{cell_name(new[0], new[1])}:{cell_name(new[2], new[3])}"
    start, end = found.span(2)
    return xml[:start] + area.encode() + xml[end:]
