"""A workbook package opened for a surgical edit, and the writer of its new version.

:class:`PackageEditor` reads what an edit needs (the sheets and their parts, the styles,
the date system), takes cell patches for existing sheets and whole tool sheets, and
writes a new package in which every other part is the old part's stored bytes.
"""

from __future__ import annotations

import posixpath
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import BinaryIO

from netplan_sheets.cells import EXCEL_EPOCH, MAC_EPOCH
from netplan_sheets.errors import WorkbookUnreadable
from netplan_sheets.ooxml import package_xml as px
from netplan_sheets.ooxml.patch import SheetPatch, patch_sheet
from netplan_sheets.ooxml.styles import StyleBook
from netplan_sheets.ooxml.tool_sheets import ToolSheet, numbered_vml
from netplan_sheets.ooxml.zip_raw import PackageWriter, SourcePackage

CONTENT_TYPES = "[Content_Types].xml"
_MINIMAL_STYLES = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    b'<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
    b'<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill '
    b'patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/>'
    b'<bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" '
    b'fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="1"><xf numFmtId="0" '
    b'fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs><cellStyles count="1">'
    b'<cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>')
_IDMAP = re.compile(rb"\bdata=\"([\d,\s]+)\"")


@dataclass
class PackageEdits:
    patches: dict[str, SheetPatch] = field(default_factory=dict)  # by exact sheet title
    tool_sheets: list[ToolSheet] = field(default_factory=list)
    tool_order: tuple[str, ...] = ()  # every tool sheet title, in workbook order


class PackageEditor:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.source = SourcePackage(path)
        try:
            self._open()
        except Exception:
            self.source.close()
            raise

    def _open(self) -> None:
        names = self.source.names
        self.types = px.ContentTypes(self.source.read(CONTENT_TYPES))
        root_rels = px.read_relationships(self._read_optional("_rels/.rels"), "")
        book = next((r.target for r in root_rels if r.type.endswith("/officeDocument")), None)
        if book is None or book not in names:
            raise WorkbookUnreadable(f"{self.path}: is corrupt (no workbook part)")
        self.book_part = book
        self.workbook = px.WorkbookPart(self.source.read(book))
        rels_name = px.rels_path(book)
        self.book_rels = px.RelationshipsPart(
            self._read_optional(rels_name) or px.relationships_xml(book, []), book)
        self._book_rels_existed = rels_name in names
        by_id = {r.id: r.target for r in self.book_rels.entries}
        self.sheet_parts = {s.name: by_id[s.rid] for s in self.workbook.sheets()
                            if s.rid in by_id}
        styles = next((r.target for r in self.book_rels.entries
                       if r.type == px.REL + "styles"), None)
        self._new_styles_part = styles is None or styles not in names
        self.styles_part = styles or posixpath.join(posixpath.dirname(book), "styles.xml")
        self.styles = StyleBook(_MINIMAL_STYLES if self._new_styles_part
                                else self.source.read(self.styles_part))
        pr = re.search(rb"<(?:[\w.-]+:)?workbookPr\b[^>]*>", self.workbook.xml)
        self.epoch: date = (MAC_EPOCH if pr and re.search(rb"date1904=[\"'](1|true)[\"']",
                                                           pr.group()) else EXCEL_EPOCH)

    def _read_optional(self, name: str) -> bytes | None:
        return self.source.read(name) if name in self.source.infos else None

    def close(self) -> None:
        self.source.close()

    def __enter__(self) -> PackageEditor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- writing -------------------------------------------------------------------

    def write(self, handle: BinaryIO, edits: PackageEdits) -> None:
        """The new package, into ``handle``: the edited parts rewritten, the parts they
        replace left out, every other part copied as it is stored."""
        new: dict[str, bytes] = {}
        removed: set[str] = set()
        overwrote = False
        for title, patch in edits.patches.items():
            part = self.sheet_parts[title]
            old = self.source.read(part)
            result = patch_sheet(old, patch, self.epoch)
            if result.xml != old:
                new[part] = result.xml
            overwrote = overwrote or result.overwrote_formula
        graph = _Graph(self)
        for sheet in edits.tool_sheets:
            self._place_tool_sheet(sheet, edits.tool_order, new, removed, graph)
        if overwrote:
            self._drop_calc_chain(removed)
        if new or removed:
            self.workbook.request_full_calculation()
        if self.styles.changed or self._new_styles_part:
            new[self.styles_part] = self.styles.to_bytes()
            if self._new_styles_part:
                self.book_rels.add(px.REL + "styles", self.styles_part)
                self.types.add_override(self.styles_part, px.SML + "styles+xml")
        if self.workbook.changed:
            new[self.book_part] = self.workbook.xml
        if self.book_rels.changed:
            new[px.rels_path(self.book_part)] = self.book_rels.xml
        for part in removed:
            self.types.remove_override(part)
        if self.types.changed:
            new[CONTENT_TYPES] = self.types.xml
        writer = PackageWriter(handle)
        for name in self.source.names:
            if name in removed:
                continue
            if name in new:
                writer.write(name, new.pop(name))
            else:
                writer.copy(self.source.stored(name))
        for name, content in new.items():
            writer.write(name, content)
        writer.close()

    def _place_tool_sheet(self, sheet: ToolSheet, order: tuple[str, ...],
                          new: dict[str, bytes], removed: set[str], graph: _Graph) -> None:
        part = self.sheet_parts.get(sheet.title)
        if part is None:
            part = graph.free_name("xl/worksheets/sheet{}.xml", new)
            rid = self.book_rels.add(px.REL + "worksheet", part)
            index = self._position(sheet.title, order)
            self.workbook.insert_sheet(index, sheet.title, rid)
            self.types.add_override(part, px.WORKSHEET_TYPE)
            self.sheet_parts[sheet.title] = part
            if b"<autoFilter" in sheet.xml:
                area = re.search(rb'<autoFilter ref="([A-Z]+)(\d+):([A-Z]+)(\d+)"', sheet.xml)
                assert area is not None
                a, b, c, d = (g.decode() for g in area.groups())
                self.workbook.add_filter_database(index, sheet.title, f"${a}${b}:${c}${d}")
        else:
            removed.update(graph.own_parts(part))
        links: list[tuple[str, str, str]] = []
        if sheet.chart is not None:
            drawing = graph.free_name("xl/drawings/drawing{}.xml", new, removed)
            chart = graph.free_name("xl/charts/chart{}.xml", new, removed)
            new[drawing] = sheet.chart.drawing
            new[chart] = sheet.chart.chart
            new[px.rels_path(drawing)] = px.relationships_xml(
                drawing, [("rId1", px.REL + "chart", chart)])
            self.types.add_override(drawing, px.DRAWING_TYPE)
            self.types.add_override(chart, px.CHART_TYPE)
            links.append(("rId1", px.REL + "drawing", drawing))
        if sheet.notes is not None:
            vml = graph.free_name("xl/drawings/vmlDrawing{}.vml", new, removed)
            comments = graph.free_name("xl/comments{}.xml", new, removed)
            new[vml] = numbered_vml(sheet.notes.vml, graph.free_idmap(removed))
            new[comments] = sheet.notes.comments
            self.types.ensure_default("vml", px.VML_TYPE)
            self.types.add_override(comments, px.COMMENTS_TYPE)
            links.append(("rId2", px.REL + "vmlDrawing", vml))
            links.append(("rId3", px.REL + "comments", comments))
        new[part] = sheet.xml
        rels = px.rels_path(part)
        if links:
            new[rels] = px.relationships_xml(part, links)
            removed.discard(rels)
        for name in list(removed):
            if name in new:
                removed.discard(name)

    def _position(self, title: str, order: tuple[str, ...]) -> int:
        """After the last tool sheet that comes before it in order, else before the first
        that comes after it, else at the end."""
        titles = [s.name for s in self.workbook.sheets()]
        at = order.index(title) if title in order else len(order)
        for earlier in reversed(order[:at]):
            if earlier in titles:
                return titles.index(earlier) + 1
        for later in order[at + 1:]:
            if later in titles:
                return titles.index(later)
        return len(titles)

    def _drop_calc_chain(self, removed: set[str]) -> None:
        """The calculation chain lists formula cells; one we overwrote would make Excel
        repair the file, and Excel rebuilds the chain by itself."""
        for rel in list(self.book_rels.entries):
            if rel.type == px.REL + "calcChain":
                self.book_rels.remove(rel.id)
                removed.add(rel.target)


class _Graph:
    """Which parts link to which, to tell a tool sheet's own sub-parts from shared ones."""

    def __init__(self, editor: PackageEditor) -> None:
        self.editor = editor
        self.names = set(editor.source.names)
        self.given_idmaps: set[int] = set()
        self.idmaps: dict[str, set[int]] | None = None  # VML part -> its drawing numbers
        self.links: dict[str, list[str]] = defaultdict(list)
        self.referrers: dict[str, set[str]] = defaultdict(set)
        for name in editor.source.names:
            if not name.endswith(".rels"):
                continue
            folder = posixpath.dirname(posixpath.dirname(name))
            source = posixpath.join(folder, posixpath.basename(name)[:-len(".rels")])
            if name == "_rels/.rels":
                source = ""
            try:
                entries = px.read_relationships(editor.source.read(name), source)
            except Exception:  # a damaged rels part of the user's: not ours to judge
                continue
            for rel in entries:
                if not rel.external:
                    self.links[source].append(rel.target)
                    self.referrers[rel.target].add(source)

    def own_parts(self, part: str) -> set[str]:
        """The parts only ``part`` leads to (its notes, drawing, chart...), with the
        relationships parts of all of them; the part itself is not included."""
        subtree: set[str] = set()
        pending = list(self.links.get(part, ()))
        while pending:
            name = pending.pop()
            if name in subtree or name == part:
                continue
            subtree.add(name)
            pending.extend(self.links.get(name, ()))
        own = set(subtree)
        changed = True
        while changed:
            changed = False
            for name in list(own):
                if any(r not in own and r != part for r in self.referrers.get(name, ())):
                    own.discard(name)
                    changed = True
        found = {n for n in own if n in self.names}
        found |= {px.rels_path(n) for n in (*found, part) if px.rels_path(n) in self.names}
        return found

    def free_name(self, pattern: str, new: dict[str, bytes],
                  removed: set[str] | None = None) -> str:
        taken = {n.lower() for n in self.names | set(new)} - {n.lower() for n in removed or ()}
        number = 1
        while pattern.format(number).lower() in taken:
            number += 1
        name = pattern.format(number)
        self.names.add(name)
        return name

    def free_idmap(self, removed: set[str]) -> int:
        """A VML drawing number no drawing that stays uses (Excel numbers shapes by it)."""
        if self.idmaps is None:  # each VML part is read once, whatever the tool sheets
            self.idmaps = {}
            for name in self.editor.source.names:
                if name.lower().endswith(".vml"):
                    self.idmaps[name] = {
                        int(n) for match in _IDMAP.finditer(self.editor.source.read(name))
                        for n in re.split(rb"[,\s]+", match.group(1)) if n}
        used = {0}.union(*(ids for name, ids in self.idmaps.items() if name not in removed))
        chosen = max(used | self.given_idmaps) + 1
        self.given_idmaps.add(chosen)
        return chosen
