"""The .xlsx file as a zip package: checks made before openpyxl ever sees it.

Opening a workbook is refused, with one clear line, when the path is missing or not a
file, when the file is not an xlsx package (an encrypted workbook is an OLE container),
when its parts would expand beyond a sane bound (a zip bomb), and when any XML part
declares a DTD: a workbook never needs one, and entity expansion ("billion laughs") and
external entities (XXE) both start there. That last check does not depend on openpyxl's
configuration; openpyxl's own parsing goes through defusedxml as a second line of defence.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from defusedxml import DefusedXmlException, ElementTree

from netplan_sheets.errors import WorkbookTooLarge, WorkbookUnreadable
from netplan_sheets.filetype import OLE_MAGIC, ZIP_MAGIC, describe_non_zip, ole_kind, ole_message

MAX_EXPANDED_BYTES = 1024 * 1024 * 1024  # 1 GiB of XML is far beyond any real plan
MAX_RATIO = 200  # deflated XML compresses ~10-30x; a bomb compresses 1000x and more
_RATIO_FLOOR = 4 * 1024 * 1024  # small parts may compress very well and be harmless

NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
NS_STRICT = "http://purl.oclc.org/ooxml/spreadsheetml/"

# Whitespace, processing instructions and comments: all that may precede a DTD.
_PROLOG = re.compile(rb"(?:\s+|<\?.*?\?>|<!--.*?-->)*", re.S)
_DOCTYPE = b"<!DOCTYPE"
_PROLOG_LIMIT = 64 * 1024  # real parts have a one-line prolog
_CONTROL = re.compile(r"[\x00-\x1f\x7f]+")


@dataclass
class Package:
    path: Path
    names: list[str]
    sheet_parts: dict[str, str] = field(default_factory=dict)  # sheet title -> part name
    workbook_part: str | None = None

    def read(self, name: str) -> bytes:
        with zipfile.ZipFile(self.path) as archive:
            return archive.read(name)


def one_line(text: str, limit: int = 200) -> str:
    """Text from a file or an exception, made safe for a one-line message."""
    text = _CONTROL.sub(" ", text).strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


def open_package(path: Path) -> Package:
    """Check a path is a readable, sane xlsx package, and map its sheets to their parts."""
    shown = str(path)
    _check_file(path, shown)
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            _check_sizes(shown, infos)
            names = [info.filename for info in infos]
            if "[Content_Types].xml" not in names:
                raise WorkbookUnreadable(f"{shown}: is a zip file but not an .xlsx workbook")
            _check_no_dtd(shown, archive, infos)
            package = Package(path, names)
            package.sheet_parts = _sheet_parts(shown, archive, names)
            package.workbook_part = workbook_part(archive, names)
    except WorkbookUnreadable:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, KeyError,
            ValueError) as error:
        raise WorkbookUnreadable(f"{shown}: is corrupt ({_reason(error)})") from None
    except ElementTree.ParseError as error:
        found = find_bad_part(path, {}) or f"bad XML: {_reason(error)}"
        raise WorkbookUnreadable(f"{shown}: is corrupt ({found})") from None
    except Exception as error:  # zlib.error, NotImplementedError (compression) and the like
        raise WorkbookUnreadable(f"{shown}: is corrupt or unsafe ({_reason(error)})") from None
    return package


def check_file(path: Path) -> None:
    """Refuse, with one line, a path that is missing, a folder or unreadable."""
    _check_file(path, str(path))


def _check_file(path: Path, shown: str) -> None:
    if not path.exists():
        raise WorkbookUnreadable(f"{shown}: no such file")
    if path.is_dir():
        raise WorkbookUnreadable(f"{shown}: is a folder, not a workbook")
    if not path.is_file():
        raise WorkbookUnreadable(f"{shown}: is not a regular file")
    try:
        with path.open("rb") as handle:
            head = handle.read(512)
            kind = ole_kind(handle) if head.startswith(OLE_MAGIC) else ""
    except OSError as error:
        raise WorkbookUnreadable(f"{shown}: cannot be read ({error.strerror})") from None
    if not head:
        raise WorkbookUnreadable(f"{shown}: is empty (0 bytes), not a workbook")
    if kind:
        raise WorkbookUnreadable(f"{shown}: {ole_message(kind)}")
    if not zipfile.is_zipfile(path):
        if head.startswith(ZIP_MAGIC):
            raise WorkbookUnreadable(
                f"{shown}: is damaged: the file looks cut short (its zip directory is "
                "missing); use a complete copy"
            )
        raise WorkbookUnreadable(
            f"{shown}: is not an .xlsx workbook (it looks like {describe_non_zip(head)})"
        )


def _reason(error: BaseException) -> str:
    text = str(error).strip() or type(error).__name__
    return one_line(text.splitlines()[0])


def _check_sizes(shown: str, infos: list[zipfile.ZipInfo]) -> None:
    # Reading through zipfile stops at the declared size (and a lie fails the CRC check),
    # so the declared sizes bound what openpyxl can ever inflate.
    total = sum(info.file_size for info in infos)
    if total > MAX_EXPANDED_BYTES:
        raise WorkbookTooLarge(
            f"{shown}: its contents would expand to {total // (1024 * 1024)} MB, over the "
            f"{MAX_EXPANDED_BYTES // (1024 * 1024)} MB limit (a zip bomb?); refusing to open it"
        )
    for info in infos:
        ratio = info.file_size // max(info.compress_size, 1)
        if info.file_size > _RATIO_FLOOR and ratio > MAX_RATIO:
            raise WorkbookTooLarge(
                f"{shown}: the part {one_line(info.filename, 80)} would expand {ratio} times "
                "its stored size (a zip bomb?); refusing to open it"
            )


def _check_no_dtd(shown: str, archive: zipfile.ZipFile, infos: list[zipfile.ZipInfo]) -> None:
    for info in infos:
        if info.is_dir():
            continue
        found = _prolog_problem(archive, info)
        if found:
            raise WorkbookUnreadable(
                f"{shown}: the part {one_line(info.filename, 80)} {found}, which a workbook "
                "never needs (an XML entity attack?); refusing to open it"
            )


def _prolog_problem(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> str:
    """Why the part's XML prolog is refused ("" if it is fine, or the part is not XML)."""
    data = b""
    with archive.open(info) as stream:
        while True:
            chunk = stream.read(4096)
            data += chunk
            text = data[3:] if data.startswith(b"\xef\xbb\xbf") else data
            prolog = _PROLOG.match(text)
            rest = text[prolog.end() if prolog else 0:]
            if rest.startswith(_DOCTYPE):
                return "declares a DTD (XML entities)"
            incomplete = rest.startswith((b"<?", b"<!--")) or (
                len(rest) < len(_DOCTYPE) and (_DOCTYPE.startswith(rest) or
                                               b"<!--".startswith(rest))
            )
            if not incomplete or not chunk:
                return ""  # the root element, or anything but XML: the parser decides
            if len(data) > _PROLOG_LIMIT:
                return "starts with an unusually long XML preamble"


def _rels_path(part: str) -> str:
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", name + ".rels")


def relationships(
    archive: zipfile.ZipFile, part: str, names: list[str]
) -> dict[str, tuple[str, str]]:
    """A part's relationships: id -> (type, target part name)."""
    rels = _rels_path(part)
    if rels not in names:
        return {}
    root = ElementTree.fromstring(archive.read(rels))
    found = {}
    folder = posixpath.dirname(part)
    for rel in root.iter(f"{{{NS_PKG_REL}}}Relationship"):
        target = rel.get("Target", "")
        if rel.get("TargetMode") == "External":
            resolved = target
        elif target.startswith("/"):
            resolved = target.lstrip("/")
        else:
            resolved = posixpath.normpath(posixpath.join(folder, target))
        found[rel.get("Id", "")] = (rel.get("Type", ""), resolved)
    return found


def workbook_part(archive: zipfile.ZipFile, names: list[str]) -> str | None:
    """The workbook part's name, as the package's relationships give it (None if absent)."""
    for _type, target in relationships(archive, "", names).values():
        if _type.endswith("/officeDocument"):
            return target
    return None


def _sheet_parts(shown: str, archive: zipfile.ZipFile, names: list[str]) -> dict[str, str]:
    book = workbook_part(archive, names)
    if book is None:
        raise WorkbookUnreadable(f"{shown}: is corrupt (_rels/.rels names no workbook part)")
    if book.lower().endswith(".bin"):
        raise WorkbookUnreadable(
            f"{shown}: is an Excel binary workbook (.xlsb); save it as .xlsx and try again"
        )
    if book not in names:
        raise WorkbookUnreadable(
            f"{shown}: is corrupt (its workbook part {one_line(book, 80)} is missing)"
        )
    rels = relationships(archive, book, names)
    root = ElementTree.fromstring(archive.read(book))
    if root.tag.startswith(f"{{{NS_STRICT}"):
        raise WorkbookUnreadable(
            f"{shown}: is saved as Strict Open XML, which netplan cannot read or write; "
            "save it as Excel Workbook (.xlsx) and run again")
    parts = {}
    for sheet in root.iter(f"{{{NS_MAIN}}}sheet"):
        rel = rels.get(sheet.get(f"{{{NS_REL}}}id", ""))
        if rel:
            parts[sheet.get("name", "")] = rel[1]
    for title, part in parts.items():
        if part not in names:  # openpyxl would skip the sheet, and call it missing
            raise WorkbookUnreadable(
                f"{shown}: is corrupt (the sheet {one_line(title, 60)} "
                f"({one_line(part, 80)}) is missing)"
            )
    return parts


def find_bad_part(path: Path, sheet_parts: dict[str, str]) -> str | None:
    """Which XML part cannot be parsed, and why, as a phrase; None if every part parses.

    Only called once openpyxl has failed: its own messages rarely say where.
    """
    titles = {part: title for title, part in sheet_parts.items()}
    with zipfile.ZipFile(path) as archive:
        for info in archive.infolist():
            if not info.filename.endswith((".xml", ".rels")):
                continue
            where = _part_phrase(info.filename, titles)
            try:
                with archive.open(info) as stream:
                    for _event, element in ElementTree.iterparse(stream):
                        element.clear()  # keep memory flat on large sheets
            except ElementTree.ParseError as error:
                return f"{where} is not valid XML ({_reason(error)})"
            except DefusedXmlException:
                return f"{where} declares XML entities (refused for safety)"
            except (zipfile.BadZipFile, EOFError, OSError) as error:
                return f"{where} cannot be unpacked ({_reason(error)})"
    return None


def _part_phrase(part: str, titles: dict[str, str]) -> str:
    name = one_line(part, 80)
    if part in titles:
        return f"the sheet {one_line(titles[part], 60)} ({name})"
    return f"the part {name}"
