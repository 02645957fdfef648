"""The workbook's styles part, with the looks the tool needs found or appended.

Cells point at a cell format (``cellXfs``) by index; so do the user's cells, which is why
nothing existing is ever renumbered or removed. A look the tool needs is first looked up
among what is there (compared as canonical XML, so attribute order and prefixes do not
matter), and appended only when missing; a second sync finds what the first appended, so
the part does not grow. Number formats match ignoring the escapes some apps add
(LibreOffice writes ``yyyy\\-mm\\-dd``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from xml.etree.ElementTree import Element
from xml.sax.saxutils import quoteattr

from defusedxml import ElementTree

from netplan_sheets.ooxml.sheet_xml import _PREFIX

NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_ORDER = ("numFmts", "fonts", "fills", "borders", "cellStyleXfs", "cellXfs", "cellStyles",
          "dxfs", "tableStyles", "colors", "extLst")
_BUILTIN_FORMATS = {"general": 0, "0": 1, "0.00": 2, "#,##0": 3, "#,##0.00": 4, "0%": 9,
                    "0.00%": 10, "0.00e+00": 11}
_FONT_ORDER = ("b", "i", "strike", "condense", "extend", "outline", "shadow", "u",
               "vertAlign", "sz", "color", "name", "family", "charset", "scheme")
_FIRST_CUSTOM_FORMAT = 164

Canonical = tuple[Any, ...]


@dataclass(frozen=True)
class CellLook:
    """How a cell the tool writes looks; ``None`` is the workbook's default."""

    bold: bool = False
    size: float | None = None
    colour: str | None = None  # font colour, RRGGBB
    fill: str | None = None  # solid fill, RRGGBB
    number_format: str | None = None
    vertical: str | None = None  # alignment


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def canonical(element: Element) -> Canonical:
    attrs = tuple(sorted((_local(k), v) for k, v in element.attrib.items()))
    text = (element.text or "").strip()
    return (_local(element.tag), attrs, text, tuple(canonical(child) for child in element))


def _parse(fragment: str) -> Element:
    root: Element = ElementTree.fromstring(f'<root xmlns="{NS_MAIN}">{fragment}</root>')
    return root[0]


def _format_key(code: str) -> str:
    return re.sub(r"\\(.)", r"\1", code).replace('"', "").strip().lower()


class StyleBook:
    """styles.xml, and what the tool appends to it."""

    def __init__(self, xml: bytes) -> None:
        self.original = xml
        root = ElementTree.fromstring(xml)
        match = re.search(rb"<(" + _PREFIX + rb")styleSheet\b", xml)
        self.prefix = match.group(1).decode() if match else ""
        self._sections: dict[str, list[Element]] = {name: [] for name in _ORDER}
        for child in root:
            name = _local(child.tag)
            if name in self._sections:
                self._sections[name] = list(child)
        self._appended: dict[str, list[str]] = {name: [] for name in _ORDER}
        self._index: dict[str, dict[Canonical, int]] = {}
        for name in ("fonts", "fills", "cellXfs", "dxfs"):
            found: dict[Canonical, int] = {}
            for number, element in enumerate(self._sections[name]):
                found.setdefault(canonical(element), number)
            self._index[name] = found
        self._formats: dict[str, int] = {}
        for element in self._sections["numFmts"]:
            code, format_id = element.get("formatCode"), element.get("numFmtId")
            if code is not None and format_id is not None and format_id.isdigit():
                self._formats.setdefault(_format_key(code), int(format_id))
        self._next_format = max([_FIRST_CUSTOM_FORMAT - 1, *self._formats.values()]) + 1
        self._looks: dict[CellLook, int] = {}
        self._default_font = self._sections["fonts"][0] if self._sections["fonts"] else None

    @property
    def changed(self) -> bool:
        return any(self._appended.values())

    def cell_style(self, look: CellLook) -> int:
        """The cellXfs index of a look, appended if no existing format matches."""
        if look in self._looks:
            return self._looks[look]
        font = self._find("fonts", self._font_xml(look)) if self._font_needed(look) else 0
        fill = self._find("fills", _fill_xml(look.fill)) if look.fill else 0
        number = self._number_format(look.number_format) if look.number_format else 0
        attrs = [f'numFmtId="{number}"', f'fontId="{font}"', f'fillId="{fill}"',
                 'borderId="0"', 'xfId="0"']
        attrs += ['applyNumberFormat="1"'] if number else []
        attrs += ['applyFont="1"'] if font else []
        attrs += ['applyFill="1"'] if fill else []
        body = ""
        if look.vertical:
            attrs.append('applyAlignment="1"')
            body = f'<alignment vertical="{look.vertical}"/>'
        xf = f"<xf {' '.join(attrs)}>{body}</xf>" if body else f"<xf {' '.join(attrs)}/>"
        index = self._find("cellXfs", xf)
        self._looks[look] = index
        return index

    def fill_format(self, colour: str) -> int:
        """The dxfs index of a differential format that fills a cell (conditional formats)."""
        return self._find("dxfs", f"<dxf>{_fill_xml(colour)}</dxf>")

    def _font_needed(self, look: CellLook) -> bool:
        return look.bold or look.size is not None or look.colour is not None

    def _font_xml(self, look: CellLook) -> str:
        parts: dict[str, str] = {}
        if self._default_font is not None:
            for child in self._default_font:
                name = _local(child.tag)
                attrs = "".join(f" {_local(k)}={quoteattr(v)}" for k, v in child.attrib.items())
                parts[name] = f"<{name}{attrs}/>"
        if look.bold:
            parts["b"] = '<b val="1"/>'
        if look.size is not None:
            parts["sz"] = f'<sz val="{look.size:g}"/>'
        if look.colour is not None:
            parts["color"] = f'<color rgb="FF{look.colour}"/>'
        return "<font>" + "".join(parts[name] for name in _FONT_ORDER if name in parts) + "</font>"

    def _number_format(self, code: str) -> int:
        key = _format_key(code)
        if key in _BUILTIN_FORMATS:
            return _BUILTIN_FORMATS[key]
        if key not in self._formats:
            number = self._next_format
            self._next_format += 1
            self._formats[key] = number
            self._appended["numFmts"].append(
                f"<numFmt numFmtId=\"{number}\" formatCode={quoteattr(code)}/>")
        return self._formats[key]

    def _find(self, section: str, fragment: str) -> int:
        key = canonical(_parse(fragment))
        found = self._index[section].get(key)
        if found is not None:
            return found
        number = len(self._sections[section]) + len(self._appended[section])
        self._appended[section].append(fragment)
        self._index[section][key] = number
        return number

    def to_bytes(self) -> bytes:
        """styles.xml with the appended entries; the original bytes when nothing was."""
        xml = self.original
        for name in _ORDER:
            added = self._appended[name]
            if added:
                xml = _append(xml, name, added, self.prefix,
                              len(self._sections[name]) + len(added))
        return xml


def _fill_xml(colour: str | None) -> str:
    return (f'<fill><patternFill patternType="solid"><fgColor rgb="FF{colour}"/>'
            f'<bgColor rgb="FF{colour}"/></patternFill></fill>')


def _prefixed(fragment: str, prefix: str) -> str:
    if not prefix:
        return fragment
    return re.sub(r"<(/?)(\w)", lambda m: f"<{m.group(1)}{prefix}{m.group(2)}", fragment)


def _append(xml: bytes, name: str, added: list[str], prefix: str, count: int) -> bytes:
    p = prefix.encode()
    content = _prefixed("".join(added), prefix).encode()
    section = re.search(b"<" + re.escape(p + name.encode()) + rb"\b([^>]*?)(/?)>", xml)
    if section is None:
        # Missing altogether: put it where the schema's order wants it.
        block = (b"<" + p + name.encode() + f' count="{count}">'.encode() + content +
                 b"</" + p + name.encode() + b">")
        later = [m.start() for later_name in _ORDER[_ORDER.index(name) + 1:]
                 if (m := re.search(b"<" + re.escape(p + later_name.encode()) + rb"\b", xml))]
        at = min(later) if later else xml.rindex(b"</" + p + b"styleSheet>")
        return xml[:at] + block + xml[at:]
    attrs = section.group(1)
    counted = re.sub(rb"\bcount\s*=\s*\"\d*\"", f'count="{count}"'.encode(), attrs)
    if counted == attrs:
        counted = attrs + f' count="{count}"'.encode()
    opening = b"<" + p + name.encode() + counted + b">"
    if section.group(2):
        closing = b"</" + p + name.encode() + b">"
        return xml[:section.start()] + opening + content + closing + xml[section.end():]
    end_tag = b"</" + p + name.encode() + b">"
    end = xml.index(end_tag, section.end())
    return xml[:section.start()] + opening + xml[section.end():end] + content + xml[end:]
