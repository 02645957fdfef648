"""Finding rows and cells in worksheet XML by their byte positions, without parsing it.

A worksheet part is rewritten by splicing: every byte outside the cells being replaced
stays as it was, whichever program wrote it (Excel, LibreOffice, an SDK with ``x:``
prefixes). What is found here is where each ``<row>`` and ``<c>`` starts and ends, its
number (from ``r=`` or, when a writer left it out, from its position) and its attributes.
Cell text never holds a raw ``<`` (XML escapes it), so tags can be found by pattern; a
CDATA section or comment inside the sheet data, which no spreadsheet app writes, is
refused rather than guessed at.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from netplan_sheets.a1 import column_index
from netplan_sheets.errors import NetplanError

_PREFIX = rb"(?:[A-Za-z_][\w.-]*:)?"
_SHEET_DATA = re.compile(rb"<(" + _PREFIX + rb")sheetData\b[^>]*?(/?)>")
_ROW = re.compile(rb"<(" + _PREFIX + rb")row\b([^>]*?)(/?)>")
_CELL = re.compile(rb"<(" + _PREFIX + rb")c\b([^>]*?)(/?)>")
_CELL_REF = re.compile(rb"\br\s*=\s*[\"']([A-Za-z]{1,3})(\d+)[\"']")
_ATTRIBUTE = re.compile(rb"([\w:.-]+)\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")
_FORMULA = re.compile(rb"<(" + _PREFIX + rb")f\b([^>]*?)(?:/>|>(.*?)</\1f>)", re.S)
_VALUE = re.compile(rb"<(" + _PREFIX + rb")v\b[^>]*?(?:/>|>(.*?)</\1v>)", re.S)
_DIMENSION = re.compile(rb"<(" + _PREFIX + rb")dimension\b[^>]*?ref=\"([^\"]*)\"[^>]*?/>")
_ODD_CONTENT = (b"<![CDATA[", b"<!--", b"<?")


class SheetXmlError(NetplanError):
    """The sheet XML has a shape the patcher does not handle; refused, nothing written."""


@dataclass(frozen=True)
class SheetData:
    """Where the rows are: ``content`` is the span between ``<sheetData>`` and its end tag."""

    prefix: bytes
    tag_start: int
    tag_end: int
    content_end: int  # == tag_end for <sheetData/>
    end: int  # after </sheetData> (== tag_end for <sheetData/>)
    empty_tag: bool


@dataclass(frozen=True)
class RowSpan:
    number: int
    start: int
    end: int
    tag_end: int  # end of the start tag
    attrs: bytes
    self_closing: bool
    explicit: bool  # has r=
    prefix: bytes

    @property
    def content(self) -> tuple[int, int]:
        return (self.tag_end, self.tag_end if self.self_closing else
                self.end - len(b"</" + self.prefix + b"row>"))


@dataclass(frozen=True)
class CellSpan:
    column: int
    start: int
    end: int
    attrs: bytes
    explicit: bool  # has r=
    body_start: int  # what lies between <c ...> and </c> (empty for <c .../>)
    body_end: int


def attributes(raw: bytes) -> dict[bytes, bytes]:
    return {m.group(1): m.group(2) if m.group(2) is not None else m.group(3)
            for m in _ATTRIBUTE.finditer(raw)}


def find_sheet_data(xml: bytes) -> SheetData:
    match = _SHEET_DATA.search(xml)
    if match is None:
        raise SheetXmlError("the sheet has no cell data element (sheetData)")
    prefix = match.group(1)
    if match.group(2):
        return SheetData(prefix, match.start(), match.end(), match.end(), match.end(), True)
    closing = b"</" + prefix + b"sheetData>"
    end = xml.find(closing, match.end())
    if end < 0:
        raise SheetXmlError("the sheet's cell data is not closed")
    return SheetData(prefix, match.start(), match.end(), end, end + len(closing), False)


def rows(xml: bytes, data: SheetData) -> Iterator[RowSpan]:
    """Every row, in file order, with its number; rows must come in increasing order."""
    position = data.tag_end
    number = 0
    while True:
        match = _ROW.search(xml, position, data.content_end)
        gap = xml[position: match.start() if match else data.content_end]
        if gap.strip():
            raise SheetXmlError("the sheet holds content between rows that netplan does not "
                                "know how to keep")
        if match is None:
            return
        prefix, raw, closing = match.group(1), match.group(2), match.group(3)
        found = attributes(raw).get(b"r")
        explicit = found is not None
        new_number = int(found) if found is not None and found.isdigit() else number + 1
        if new_number <= number:
            raise SheetXmlError("the sheet's rows are out of order")
        number = new_number
        if closing:
            end = match.end()
        else:
            tag = b"</" + prefix + b"row>"
            close = xml.find(tag, match.end(), data.content_end)
            if close < 0:
                raise SheetXmlError(f"row {number} is not closed")
            end = close + len(tag)
        if not closing and any(odd in xml[match.end():end] for odd in _ODD_CONTENT):
            raise SheetXmlError(f"row {number} holds a comment or CDATA section")
        yield RowSpan(number, match.start(), end, match.end(), raw, bool(closing), explicit,
                      prefix)
        position = end


def cells(xml: bytes, row: RowSpan) -> Iterator[CellSpan]:
    """Every cell of a row, in file order, with its column."""
    position, stop = row.content
    column = 0
    search = _CELL.search
    while True:
        match = search(xml, position, stop)
        if match is None:
            if xml[position:stop].strip():
                raise SheetXmlError(f"row {row.number} holds content netplan does not know")
            return
        if match.start() != position and xml[position:match.start()].strip():
            raise SheetXmlError(f"row {row.number} holds content netplan does not know")
        prefix, raw, closing = match.group(1), match.group(2), match.group(3)
        ref = _CELL_REF.search(raw)
        if ref is not None:
            try:
                new_column = column_index(ref.group(1).decode())
            except ValueError:
                raise SheetXmlError(f"a cell in row {row.number} has a bad address") from None
            if int(ref.group(2)) != row.number:
                raise SheetXmlError(f"a cell of row {row.number} says it is in row "
                                    f"{ref.group(2).decode()}")
        else:
            new_column = column + 1
        if new_column <= column:
            raise SheetXmlError(f"the cells of row {row.number} are out of order")
        column = new_column
        if closing:
            end = body_start = body_end = match.end()
        else:
            tag = b"</" + prefix + b"c>"
            body_start = match.end()
            body_end = xml.find(tag, body_start, stop)
            if body_end < 0:
                raise SheetXmlError(f"a cell of row {row.number} is not closed")
            end = body_end + len(tag)
        yield CellSpan(column, match.start(), end, raw, ref is not None, body_start, body_end)
        position = end


@dataclass(frozen=True)
class Formula:
    kind: bytes  # b"normal", b"shared", b"array", b"dataTable"
    ref: bytes | None
    shared_index: bytes | None
    text: bytes  # escaped XML text; b"" for a shared formula's dependents


def formula(xml: bytes, cell: CellSpan) -> Formula | None:
    match = _FORMULA.search(xml, cell.body_start, cell.body_end)
    if match is None:
        return None
    attrs = attributes(match.group(2))
    return Formula(attrs.get(b"t", b"normal"), attrs.get(b"ref"), attrs.get(b"si"),
                   match.group(3) or b"")


def has_value(xml: bytes, cell: CellSpan) -> bool:
    """Whether a cached value is saved with the cell (a formula's result, say)."""
    match = _VALUE.search(xml, cell.body_start, cell.body_end)
    return match is not None and bool(match.group(2))


def dimension(xml: bytes) -> re.Match[bytes] | None:
    return _DIMENSION.search(xml)
