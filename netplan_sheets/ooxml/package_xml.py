"""The package's bookkeeping parts, edited in place: content types, relationships and the
workbook part's sheet list, defined names and calculation settings.

Each is changed by splicing its bytes, so what the tool does not change (every other
sheet entry, defined name, relationship, extension) stays exactly as the user's app wrote
it. A part is only rewritten when something in it must change.
"""

from __future__ import annotations

import html
import posixpath
import re
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from defusedxml import ElementTree

from netplan_sheets.ooxml.sheet_xml import _PREFIX

NS_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
REL = NS_REL + "/"
SML = "application/vnd.openxmlformats-officedocument.spreadsheetml."
WORKSHEET_TYPE = SML + "worksheet+xml"
COMMENTS_TYPE = SML + "comments+xml"
CALC_CHAIN_TYPE = SML + "calcChain+xml"
DRAWING_TYPE = "application/vnd.openxmlformats-officedocument.drawing+xml"
CHART_TYPE = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"
VML_TYPE = "application/vnd.openxmlformats-officedocument.vmlDrawing"


def rels_path(part: str) -> str:
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", name + ".rels")


def relative(source: str, target: str) -> str:
    return posixpath.relpath(target, posixpath.dirname(source) or ".")


@dataclass(frozen=True)
class Relationship:
    id: str
    type: str
    target: str  # a part name, resolved; or the target as written when external
    external: bool


def read_relationships(xml: bytes | None, source: str) -> list[Relationship]:
    if not xml:
        return []
    root = ElementTree.fromstring(xml)
    folder = posixpath.dirname(source)
    found = []
    for rel in root.iter(f"{{{NS_PKG_REL}}}Relationship"):
        target = rel.get("Target", "")
        external = rel.get("TargetMode") == "External"
        if not external:
            target = (target.lstrip("/") if target.startswith("/")
                      else posixpath.normpath(posixpath.join(folder, target)))
        found.append(Relationship(rel.get("Id", ""), rel.get("Type", ""), target, external))
    return found


def relationships_xml(source: str, entries: list[tuple[str, str, str]]) -> bytes:
    """A fresh relationships part: (id, type, target part name) each."""
    body = "".join(
        f"<Relationship Id={quoteattr(rid)} Type={quoteattr(kind)} "
        f"Target={quoteattr(relative(source, target))}/>" for rid, kind, target in entries)
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<Relationships xmlns="{NS_PKG_REL}">{body}</Relationships>').encode()


class RelationshipsPart:
    """An existing relationships part, with entries added or removed by splicing."""

    def __init__(self, xml: bytes, source: str) -> None:
        self.xml = xml
        self.source = source
        self.entries = read_relationships(xml, source)
        self.changed = False

    def add(self, kind: str, target: str) -> str:
        taken = {e.id for e in self.entries}
        number = len(taken) + 1
        while f"rId{number}" in taken:
            number += 1
        rid = f"rId{number}"
        entry = (f"<Relationship Id={quoteattr(rid)} Type={quoteattr(kind)} "
                 f"Target={quoteattr(relative(self.source, target))}/>").encode()
        closing = re.search(rb"</(" + _PREFIX + rb")Relationships>", self.xml)
        assert closing is not None, "a relationships part ends with </Relationships>"
        if closing.group(1):
            entry = entry.replace(b"<Relationship", b"<" + closing.group(1) + b"Relationship")
        self.xml = self.xml[:closing.start()] + entry + self.xml[closing.start():]
        self.entries.append(Relationship(rid, kind, target, False))
        self.changed = True
        return rid

    def remove(self, rid: str) -> None:
        pattern = re.compile(rb"<(?:" + _PREFIX + rb")Relationship\b[^>]*?\bId=[\"']"
                             + re.escape(rid.encode()) + rb"[\"'][^>]*?(?:/>|>\s*</(?:"
                             + _PREFIX + rb")Relationship>)")
        self.xml, count = pattern.subn(b"", self.xml, count=1)
        if count:
            self.entries = [e for e in self.entries if e.id != rid]
            self.changed = True


class ContentTypes:
    def __init__(self, xml: bytes) -> None:
        self.xml = xml
        self.changed = False
        root = ElementTree.fromstring(xml)
        ns = "{http://schemas.openxmlformats.org/package/2006/content-types}"
        self.defaults = {d.get("Extension", "").lower(): d.get("ContentType", "")
                         for d in root.iter(ns + "Default")}
        self.overrides = {o.get("PartName", "").lstrip("/"): o.get("ContentType", "")
                          for o in root.iter(ns + "Override")}

    def type_of(self, part: str) -> str:
        if part in self.overrides:
            return self.overrides[part]
        lowered = {k.lower(): v for k, v in self.overrides.items()}
        found = lowered.get(part.lower())
        if found is not None:
            return found
        return self.defaults.get(posixpath.splitext(part)[1].lstrip(".").lower(), "")

    def _insert(self, element: str) -> None:
        closing = self.xml.rindex(b"</")
        self.xml = self.xml[:closing] + element.encode("utf-8") + self.xml[closing:]
        self.changed = True

    def add_override(self, part: str, kind: str) -> None:
        if self.overrides.get(part) == kind:
            return
        self.remove_override(part)
        self._insert(f'<Override PartName={quoteattr("/" + part)} ContentType={quoteattr(kind)}/>')
        self.overrides[part] = kind

    def remove_override(self, part: str) -> None:
        if part not in self.overrides:
            return
        pattern = re.compile(rb"<(?:" + _PREFIX + rb")Override\b[^>]*?PartName=[\"']/?"
                             + re.escape(part.encode("utf-8")) + rb"[\"'][^>]*?/>", re.I)
        self.xml = pattern.sub(b"", self.xml, count=1)
        del self.overrides[part]
        self.changed = True

    def ensure_default(self, extension: str, kind: str) -> None:
        if extension in self.defaults:
            return
        self._insert(f'<Default Extension={quoteattr(extension)} ContentType={quoteattr(kind)}/>')
        self.defaults[extension] = kind


@dataclass(frozen=True)
class SheetEntry:
    name: str
    sheet_id: int
    rid: str


_SHEET = re.compile(rb"<(" + _PREFIX + rb")sheet\b([^>]*?)/?>")
_ATTR = re.compile(rb"([\w:.-]+)\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")


class WorkbookPart:
    """workbook.xml: the sheet list, defined names and calculation settings."""

    def __init__(self, xml: bytes) -> None:
        self.xml = xml
        self.changed = False
        found = re.search(rb"xmlns:(\w+)=[\"']" + re.escape(NS_REL.encode()) + rb"[\"']", xml)
        self.rel_prefix = found.group(1).decode() if found else None

    def sheets(self) -> list[SheetEntry]:
        block = self._block(b"sheets")
        entries: list[SheetEntry] = []
        if block is None:
            return entries
        for match in _SHEET.finditer(self.xml, block[0], block[1]):
            attrs = {m.group(1).decode(): (m.group(2) if m.group(2) is not None
                                           else m.group(3)).decode("utf-8")
                     for m in _ATTR.finditer(match.group(2))}
            rid = next((v for k, v in attrs.items() if k.endswith(":id")), "")
            sheet_id = attrs.get("sheetId", "0")
            entries.append(SheetEntry(_unescape(attrs.get("name", "")),
                                      int(sheet_id) if sheet_id.isdigit() else 0, rid))
        return entries

    def _block(self, name: bytes) -> tuple[int, int] | None:
        """(start of content, end of content) of a top-level element."""
        found = self._element(name)
        return None if found is None else (found[1], found[2])

    def _element(self, name: bytes) -> tuple[int, int, int, int] | None:
        """(start, content start, content end, end) of a top-level element."""
        opening = re.search(rb"<(" + _PREFIX + rb")" + name + rb"\b[^>]*?(/?)>", self.xml)
        if opening is None:
            return None
        if opening.group(2):
            return opening.start(), opening.end(), opening.end(), opening.end()
        tag = b"</" + opening.group(1) + name + b">"
        closing = self.xml.index(tag, opening.end())
        return opening.start(), opening.end(), closing, closing + len(tag)

    def prefix(self) -> bytes:
        found = re.search(rb"<(" + _PREFIX + rb")workbook\b", self.xml)
        return found.group(1) if found else b""

    def insert_sheet(self, index: int, name: str, rid: str) -> int:
        """Add ``<sheet>`` at position ``index`` (0-based); its sheetId."""
        sheets = self.sheets()
        sheet_id = max([0, *(s.sheet_id for s in sheets)]) + 1
        p = self.prefix().decode()
        if self.rel_prefix:
            rel = f'{self.rel_prefix}:id="{rid}"'
        else:
            rel = f'xmlns:r="{NS_REL}" r:id="{rid}"'
        element = f'<{p}sheet name={quoteattr(name)} sheetId="{sheet_id}" {rel}/>'.encode()
        block = self._block(b"sheets")
        assert block is not None, "a workbook lists its sheets"
        matches = list(_SHEET.finditer(self.xml, block[0], block[1]))
        at = matches[index].start() if index < len(matches) else block[1]
        self.xml = self.xml[:at] + element + self.xml[at:]
        self._shift_sheet_indexes(index)
        self.changed = True
        return sheet_id

    def _shift_sheet_indexes(self, index: int) -> None:
        """Defined names and views point at sheets by position: those at or after an
        inserted sheet move one along."""
        def shift(match: re.Match[bytes]) -> bytes:
            number = int(match.group(2))
            moved = number + 1 if number >= index else number
            return match.group(1) + str(moved).encode() + match.group(3)

        self.xml = re.sub(rb"(\blocalSheetId=\")(\d+)(\")", shift, self.xml)
        self.xml = re.sub(rb"(<(?:" + _PREFIX + rb")workbookView\b[^>]*?\bactiveTab=\")(\d+)(\")",
                          shift, self.xml)
        self.xml = re.sub(rb"(<(?:" + _PREFIX + rb")workbookView\b[^>]*?\bfirstSheet=\")(\d+)"
                          rb"(\")", shift, self.xml)

    def add_filter_database(self, index: int, sheet: str, area: str) -> None:
        """The hidden name Excel keeps for a sheet's autofilter."""
        if re.search(rb'name="_xlnm._FilterDatabase"[^>]*?localSheetId="' +
                     str(index).encode() + rb'"', self.xml):
            return
        p = self.prefix().decode()
        quoted = "'" + sheet.replace("'", "''") + "'"
        element = (f'<{p}definedName name="_xlnm._FilterDatabase" localSheetId="{index}" '
                   f'hidden="1">{escape(quoted)}!{area}</{p}definedName>').encode()
        found = self._element(b"definedNames")
        wrapped = f"<{p}definedNames>".encode() + element + f"</{p}definedNames>".encode()
        if found is None:
            at = self._after(b"sheets", (b"functionGroups", b"externalReferences"))
            self.xml = self.xml[:at] + wrapped + self.xml[at:]
        elif found[1] == found[3]:  # <definedNames/>
            self.xml = self.xml[:found[0]] + wrapped + self.xml[found[3]:]
        else:
            self.xml = self.xml[:found[2]] + element + self.xml[found[2]:]
        self.changed = True

    def _after(self, name: bytes, followers: tuple[bytes, ...]) -> int:
        """Where to put an element that comes after ``name`` and any of ``followers``."""
        at = 0
        for element in (name, *followers):
            found = self._element(element)
            if found is not None:
                at = max(at, found[3])
        return at

    def request_full_calculation(self) -> None:
        """Ask spreadsheet apps to recalculate every formula when they open the file, so a
        user's own formulas that read the results show fresh values."""
        calc = re.search(rb"<(" + _PREFIX + rb")calcPr\b([^>]*?)(/?)>", self.xml)
        if calc is not None:
            attrs = calc.group(2)
            if re.search(rb"\bfullCalcOnLoad=[\"'](1|true)[\"']", attrs):
                return
            attrs = re.sub(rb"\s*\bfullCalcOnLoad=[\"'][^\"']*[\"']", b"", attrs)
            start, end = calc.span(2)
            self.xml = self.xml[:start] + attrs + b' fullCalcOnLoad="1"' + self.xml[end:]
        else:
            p = self.prefix().decode()
            at = self._after(b"sheets", (b"functionGroups", b"externalReferences",
                                         b"definedNames"))
            self.xml = self.xml[:at] + f'<{p}calcPr fullCalcOnLoad="1"/>'.encode() + self.xml[at:]
        self.changed = True


def _unescape(text: str) -> str:
    return html.unescape(text)
