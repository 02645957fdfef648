"""The .xlsx file as a zip package: checks made before openpyxl ever sees it.

Opening a workbook is refused, with one clear line, when the path is missing or not a
file, when the file is not an xlsx package (an encrypted workbook is an OLE container),
and when its parts would expand beyond a sane bound (a zip bomb). XML read here goes
through defusedxml.
"""

from __future__ import annotations

import posixpath
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from defusedxml import ElementTree

from netplan_sheets.errors import WorkbookTooLarge, WorkbookUnreadable

# An OLE compound file: how Excel stores a password-protected (encrypted) workbook.
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
MAX_EXPANDED_BYTES = 1024 * 1024 * 1024  # 1 GiB of XML is far beyond any real plan
MAX_RATIO = 200  # deflated XML compresses ~10-30x; a bomb compresses 1000x and more
_RATIO_FLOOR = 4 * 1024 * 1024  # small parts may compress very well and be harmless

NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"


@dataclass
class Package:
    path: Path
    names: list[str]
    sheet_parts: dict[str, str] = field(default_factory=dict)  # sheet title -> part name

    def read(self, name: str) -> bytes:
        with zipfile.ZipFile(self.path) as archive:
            return archive.read(name)


def open_package(path: Path) -> Package:
    """Check a path is a readable, sane xlsx package, and map its sheets to their parts."""
    shown = str(path)
    if not path.exists():
        raise WorkbookUnreadable(f"{shown}: no such file")
    if path.is_dir():
        raise WorkbookUnreadable(f"{shown}: is a folder, not a workbook")
    try:
        with path.open("rb") as handle:
            head = handle.read(8)
    except OSError as error:
        raise WorkbookUnreadable(f"{shown}: cannot be read ({error.strerror})") from None
    if head == _OLE_MAGIC:
        raise WorkbookUnreadable(
            f"{shown}: is password-protected or in the old .xls format; remove the password "
            "(or save it as .xlsx) and try again"
        )
    if not zipfile.is_zipfile(path):
        raise WorkbookUnreadable(f"{shown}: is not an .xlsx workbook (not a zip package)")
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            _check_sizes(shown, infos)
            names = [info.filename for info in infos]
            if "[Content_Types].xml" not in names:
                raise WorkbookUnreadable(f"{shown}: is a zip file but not an .xlsx workbook")
            package = Package(path, names)
            package.sheet_parts = _sheet_parts(archive, names)
    except WorkbookUnreadable:
        raise
    except (zipfile.BadZipFile, EOFError, OSError, KeyError, ValueError) as error:
        raise WorkbookUnreadable(f"{shown}: is corrupt ({_reason(error)})") from None
    except ElementTree.ParseError as error:
        raise WorkbookUnreadable(f"{shown}: is corrupt (bad XML: {error})") from None
    except Exception as error:  # defusedxml's refusals (entities, DTDs) and the like
        raise WorkbookUnreadable(f"{shown}: is corrupt or unsafe ({_reason(error)})") from None
    return package


def _reason(error: BaseException) -> str:
    text = str(error).strip() or type(error).__name__
    return text.splitlines()[0][:200]


def _check_sizes(shown: str, infos: list[zipfile.ZipInfo]) -> None:
    total = sum(info.file_size for info in infos)
    if total > MAX_EXPANDED_BYTES:
        raise WorkbookTooLarge(
            f"{shown}: its contents would expand to {total // (1024 * 1024)} MB, over the "
            f"{MAX_EXPANDED_BYTES // (1024 * 1024)} MB limit; refusing to open it"
        )
    for info in infos:
        if info.file_size > _RATIO_FLOOR and info.file_size > MAX_RATIO * max(
            info.compress_size, 1
        ):
            raise WorkbookTooLarge(
                f"{shown}: the part {info.filename} would expand {info.file_size // max(info.compress_size, 1)}"
                " times its stored size (a zip bomb?); refusing to open it"
            )


def _rels_path(part: str) -> str:
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", name + ".rels")


def relationships(archive: zipfile.ZipFile, part: str, names: list[str]) -> dict[str, tuple[str, str]]:
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


def workbook_part(archive: zipfile.ZipFile, names: list[str]) -> str:
    for _type, target in relationships(archive, "", names).values():
        if _type.endswith("/officeDocument"):
            return target
    raise WorkbookUnreadable("no workbook part in the package")


def _sheet_parts(archive: zipfile.ZipFile, names: list[str]) -> dict[str, str]:
    book = workbook_part(archive, names)
    rels = relationships(archive, book, names)
    root = ElementTree.fromstring(archive.read(book))
    parts = {}
    for sheet in root.iter(f"{{{NS_MAIN}}}sheet"):
        rel = rels.get(sheet.get(f"{{{NS_REL}}}id", ""))
        if rel:
            parts[sheet.get("name", "")] = rel[1]
    return parts
