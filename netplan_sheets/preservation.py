"""Content of an .xlsx package that openpyxl cannot keep: what a copy written by the
openpyxl fallback (``netplan sync --output`` on a workbook the surgical engine refuses)
lacks, and why the openpyxl engine never overwrites such a workbook.

openpyxl loads what it models and drops the rest when it saves, with at most a warning:
pictures (without Pillow) and shapes, charts' finer formatting, pivot tables' and slicers'
machinery, macros, controls, threaded comments, Excel-2010 extensions of a sheet (data
validation lists on other sheets, data bars, sparklines), custom XML. Everything here is
read from part names, content types, relationships and a few bytes of XML, never by
loading with openpyxl: loading is exactly the step that would lose the content silently.

Tool-owned: the charts on the Dashboard sheet (the tool draws them and redraws them).
Kept by openpyxl, hence fine: tables, legacy comments (and their VML), data validation
and conditional formatting in the sheet's own elements, styles, defined names.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree.ElementTree import Element

from defusedxml import ElementTree

from netplan_sheets.errors import WorkbookUnreadable
from netplan_sheets.package import Package, one_line, relationships, workbook_part
from netplan_sheets.sheet_titles import DASHBOARD_TITLE

_SML = "application/vnd.openxmlformats-officedocument.spreadsheetml."
_DRAWING_TYPE = "application/vnd.openxmlformats-officedocument.drawing+xml"
_WORKSHEET_TYPE = _SML + "worksheet+xml"
_CHART_TYPE = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"
_MACRO_MAIN = ("application/vnd.ms-excel.sheet.macroEnabled.main+xml",
               "application/vnd.ms-excel.template.macroEnabled.main+xml")
NS_CONTENT_TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
NS_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
NS_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_CHART_URIS = ("http://schemas.openxmlformats.org/drawingml/2006/chart",
               "http://schemas.microsoft.com/office/drawing/2014/chartex")


@dataclass(frozen=True)
class _Kind:
    """A kind of part openpyxl drops, known by its content types or its folder."""

    label: str
    content_types: tuple[str, ...]
    prefixes: tuple[str, ...]  # lower-case part-name prefixes


_PART_KINDS = (
    _Kind("pivot tables", (_SML + "pivotTable+xml", _SML + "pivotCacheDefinition+xml",
                           _SML + "pivotCacheRecords+xml"),
          ("xl/pivottables/", "xl/pivotcache/")),
    _Kind("slicers", ("application/vnd.ms-excel.slicer+xml",
                      "application/vnd.ms-excel.slicerCache+xml"),
          ("xl/slicers/", "xl/slicercaches/")),
    _Kind("timelines", ("application/vnd.ms-excel.timeline+xml",
                        "application/vnd.ms-excel.timelineCache+xml"),
          ("xl/timelines/", "xl/timelinecaches/")),
    _Kind("VBA macros", ("application/vnd.ms-office.vbaProject",
                           "application/vnd.ms-office.vbaProjectSignature"),
          ("xl/vbaproject",)),
    _Kind("Excel 4 macro sheets", ("application/vnd.ms-excel.macrosheet+xml",),
          ("xl/macrosheets/",)),
    _Kind("dialog sheets", (_SML + "dialogsheet+xml",), ("xl/dialogsheets/",)),
    _Kind("chart sheets", (_SML + "chartsheet+xml",), ("xl/chartsheets/",)),
    _Kind("external links to other workbooks", (_SML + "externalLink+xml",),
          ("xl/externallinks/",)),
    _Kind("embedded objects (OLE)", ("application/vnd.openxmlformats-officedocument.oleObject",
                                     "application/vnd.openxmlformats-officedocument.package"),
          ("xl/embeddings/",)),
    _Kind("ActiveX controls", ("application/vnd.ms-office.activeX+xml",
                               "application/vnd.ms-office.activeX"), ("xl/activex/",)),
    _Kind("form controls", ("application/vnd.ms-excel.controlproperties+xml",),
          ("xl/ctrlprops/",)),
    _Kind("threaded comments", ("application/vnd.ms-excel.threadedcomments+xml",
                                "application/vnd.ms-excel.person+xml"),
          ("xl/threadedcomments/", "xl/persons/")),
    _Kind("custom XML data", ("application/vnd.openxmlformats-officedocument."
                              "customXmlProperties+xml",), ("customxml/",)),
    _Kind("query tables (Power Query results)", (_SML + "queryTable+xml",),
          ("xl/querytables/",)),
    _Kind("data connections", (_SML + "connections+xml",), ("xl/connections.xml",)),
    _Kind("a data model (Power Pivot)", ("application/vnd.openxmlformats-officedocument."
                                         "model+data",), ("xl/model/",)),
    _Kind("pictures in cells or linked data types", (), ("xl/richdata/",)),
    _Kind("add-in content", ("application/vnd.ms-office.webextension+xml",
                             "application/vnd.ms-office.webextensiontaskpanes+xml"),
          ("xl/webextensions/",)),
)

# Worksheet <ext> URIs (upper case): openpyxl drops a sheet's whole extLst on reading.
# None: dropped too, but nothing a person would miss (or told already by another entry).
_EXTENSIONS: dict[str, str | None] = {
    "{CCE6A557-97BC-4B89-ADB6-D9C93CAAB3DF}":
        "data validation stored as an Excel extension (e.g. a dropdown listing another sheet)",
    "{78C0D931-6437-407D-A8EE-F0AAD7539E65}":
        "conditional formatting stored as an Excel extension (data bars, icon sets or rules "
        "naming another sheet)",
    "{05C60535-1F16-4FD2-B633-F4F36F0B64E0}": "sparklines",
    "{A8765BA9-456A-4DAB-B4F3-ACF838C121DE}": "slicers",
    "{3A4CF648-6AED-40F4-86FF-DC5316D8AED3}": "slicers",
    "{7E03D99C-DC04-49D9-9315-930204A7B6E9}": "timelines",
    "{FC87AEE6-9EDD-4A0A-B7FB-166176984837}": "protected ranges",
    "{F7C9EE02-42E1-4005-9D12-6889AFFD525C}": "add-in content",
    "{01252117-D84E-4E92-8308-4BE1C098FCBB}": None,  # ignored-error marks (green triangles)
    "{B025F937-C7B1-47D3-B67F-A62EFF666E3E}": None,  # a rule's link to its x14 formatting
}
_EXT_URI = re.compile(rb"<(?:[\w.-]+:)?ext\s[^>]*?\buri=[\"']([^\"']*)[\"']")
_CHUNK = 1024 * 1024



@dataclass
class _Places:
    """Where one kind of content was found: sheets when we know them, else part names."""

    sheets: list[str] = field(default_factory=list)
    parts: list[str] = field(default_factory=list)


Findings = dict[str, _Places]  # what was found -> where


def unsupported_content(package: Package) -> list[str]:
    """Why the workbook cannot be rewritten by openpyxl without losing something.

    Each reason names what was found and where, e.g. "charts on sheet 'Goals'" or
    "VBA macros (xl/vbaProject.bin)"; the list is empty when rewriting is safe.
    """
    try:
        with zipfile.ZipFile(package.path) as archive:
            findings = _findings(package, archive)
    except WorkbookUnreadable:
        raise
    except Exception as error:  # a damaged part the read path has not touched yet
        first = (str(error).strip() or type(error).__name__).splitlines()[0]
        raise WorkbookUnreadable(
            f"{package.path}: is corrupt ({one_line(first)})"
        ) from None
    return [_reason(label, places) for label, places in findings.items()]


def refusal_message(path: Path | str, reasons: list[str], limit: int = 4) -> str:
    """One line refusing to overwrite ``path``, and offering ``--output`` instead."""
    shown = reasons[:limit] + ([f"{len(reasons) - limit} more"] if len(reasons) > limit else [])
    return (f"{path}: holds {'; '.join(shown)}, which would be lost if netplan rewrote it; "
            "nothing was changed. Run again with --output OTHER.xlsx to write the results "
            "to a copy")


def _reason(label: str, places: _Places) -> str:
    if places.sheets:
        named = ", ".join(f"'{one_line(s, 40)}'" for s in places.sheets[:3])
        more = f" and {len(places.sheets) - 3} more" if len(places.sheets) > 3 else ""
        return f"{label} on sheet{'s' if len(places.sheets) > 1 else ''} {named}{more}"
    if not places.parts:
        return label
    more = ", …" if len(places.parts) > 2 else ""
    return f"{label} ({', '.join(one_line(p, 60) for p in places.parts[:2])}{more})"


def _findings(package: Package, archive: zipfile.ZipFile) -> Findings:
    names = package.names
    types = _content_types(archive)
    sheet_of = {part: title for title, part in package.sheet_parts.items()}
    owner: dict[str, str] = {}  # a part -> the sheet that links to it
    for part, title in sheet_of.items():
        for _type, target in relationships(archive, part, names).values():
            owner.setdefault(target, title)
    found: Findings = defaultdict(_Places)

    def note(label: str, part: str) -> None:
        title = sheet_of.get(part, owner.get(part))
        places = found[label]
        if title is None:
            places.parts.append(part)
        elif title not in places.sheets:
            places.sheets.append(title)

    shown_in_drawings: set[str] = set()
    for part in names:
        if part.endswith(".rels"):
            continue  # a part's relationships: their source is what counts
        content_type = types.get(part, "")
        kind = _kind_of(part, content_type)
        if kind is not None:
            note(kind.label, part)
            continue
        if content_type in (_DRAWING_TYPE, _CHART_TYPE):
            links = relationships(archive, part, names).values()
            shown_in_drawings.update(target for _type, target in links)
        if content_type == _DRAWING_TYPE and part in owner:
            for label in _drawing_objects(archive.read(part)):
                if not (label == "charts" and _is_dashboard(owner[part])):
                    note(label, part)
        elif content_type == _WORKSHEET_TYPE and part in sheet_of:
            for label in _sheet_extensions(archive, part):
                note(label, part)
        elif part.lower() == "xl/metadata.xml" and b"XLDAPR" in archive.read(part):
            note("dynamic-array formulas (they would come back as @-formulas)", part)
    for part in names:
        if _is_image(part, types) and part not in shown_in_drawings:
            note("pictures outside drawings (a sheet background, in a header or footer, or in "
                 "cells)", part)
    if types.get(workbook_part(archive, names) or "", "") in _MACRO_MAIN:
        found.setdefault("a macro-enabled workbook (.xlsm); openpyxl would save it as a plain "
                         ".xlsx", _Places())
    return dict(found)


def _content_types(archive: zipfile.ZipFile) -> dict[str, str]:
    """Every part's content type: its Override, else the Default for its extension."""
    root = ElementTree.fromstring(archive.read("[Content_Types].xml"))
    defaults = {d.get("Extension", "").lower(): d.get("ContentType", "")
                for d in root.iter(f"{{{NS_CONTENT_TYPES}}}Default")}
    overrides = {o.get("PartName", "").lstrip("/").lower(): o.get("ContentType", "")
                 for o in root.iter(f"{{{NS_CONTENT_TYPES}}}Override")}
    types = {}
    for name in archive.namelist():
        extension = posixpath.splitext(name)[1].lstrip(".").lower()
        found = overrides.get(name.lower(), defaults.get(extension))
        if found is not None:
            types[name] = found
    return types


def _kind_of(part: str, content_type: str) -> _Kind | None:
    lowered = part.lower()
    for kind in _PART_KINDS:
        if content_type in kind.content_types or lowered.startswith(kind.prefixes):
            return kind
    return None


def _is_image(part: str, types: dict[str, str]) -> bool:
    return types.get(part, "").startswith("image/") or part.lower().startswith("xl/media/")


def _is_dashboard(title: str) -> bool:
    return title == DASHBOARD_TITLE  # the tool's own sheet, by its exact title


def _drawing_objects(data: bytes) -> set[str]:
    """What a sheet's drawing holds: "charts", "pictures", "shapes or text boxes", ..."""
    found = set()
    for anchor in ElementTree.fromstring(data):
        for item in anchor:
            if item.tag == f"{{{NS_MC}}}AlternateContent":
                # the Choice is what Excel shows; the Fallback is a stand-in for old readers
                choice = next(iter(item), None)
                item = next(iter(choice), item) if choice is not None else item
            label = _drawing_label(item)
            if label:
                found.add(label)
    return found


def _drawing_label(item: Element) -> str | None:
    tag = item.tag.rsplit("}", 1)[-1]
    if tag == "pic":
        return "pictures"
    if tag in ("sp", "cxnSp", "grpSp"):
        return "shapes or text boxes"
    if tag == "graphicFrame":
        data = item.find(f".//{{{NS_A}}}graphicData")
        uri = data.get("uri", "") if data is not None else ""
        return "charts" if uri in _CHART_URIS else "SmartArt or other drawing objects"
    if tag == "contentPart":
        return "ink drawings"
    return None  # the anchor's position and client data


def _sheet_extensions(archive: zipfile.ZipFile, part: str) -> set[str]:
    """Labels for the Excel extensions in a worksheet part, read as a stream."""
    uris: set[str] = set()
    tail = b""
    with archive.open(part) as stream:
        while chunk := stream.read(_CHUNK):
            window = tail + chunk
            if b"uri=" in window:  # in a worksheet, only <ext> elements carry a uri
                uris.update(u.decode("ascii", "replace").upper()
                            for u in _EXT_URI.findall(window))
            tail = window[-1024:]
    labels = set()
    for uri in uris:
        label = _EXTENSIONS.get(uri, f"an Excel extension openpyxl cannot keep ({uri[:40]})")
        if label is not None:
            labels.add(label)
    return labels
