"""Surgery on real .xlsx packages for tests: replace, drop or add parts, content types and
relationships; and files that are not workbooks but look like the real thing (an OLE
compound file as Excel writes for a password-protected workbook, a PNG image).
"""

from __future__ import annotations

import posixpath
import struct
import zipfile
import zlib
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

CONTENT_TYPES = "[Content_Types].xml"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"

Edit = Callable[[bytes], bytes]


def rewrite(
    source: Path,
    target: Path,
    replace: Mapping[str, bytes | Edit] | None = None,
    drop: Sequence[str] = (),
    add: Mapping[str, bytes] | None = None,
) -> Path:
    """Copy the package ``source`` to ``target``, changing the named parts on the way."""
    replace = replace or {}
    add = add or {}
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            if info.filename in drop or info.filename in add:
                continue
            data = old.read(info)
            change = replace.get(info.filename)
            if callable(change):
                data = change(data)
            elif change is not None:
                data = change
            new.writestr(info.filename, data)
        for name, data in add.items():
            new.writestr(name, data)
    return target


def read_part(path: Path, name: str) -> bytes:
    with zipfile.ZipFile(path) as archive:
        return archive.read(name)


def rels_name(part: str) -> str:
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", name + ".rels")


def add_parts(
    path: Path,
    parts: Mapping[str, bytes],
    overrides: Mapping[str, str] | None = None,
    links: Mapping[str, Sequence[tuple[str, str, str]]] | None = None,
    edits: Mapping[str, Edit] | None = None,
    defaults: Mapping[str, str] | None = None,
) -> Path:
    """Add parts to the package at ``path`` in place, as a spreadsheet app would.

    ``overrides``: part name -> content type; ``defaults``: extension -> content type;
    ``links``: source part ("" for the package) -> [(id, relationship type, target)],
    targets absolute ("/xl/...") or relative to the source; ``edits``: part -> change.
    """
    overrides = overrides or {}
    defaults = defaults or {}
    links = links or {}
    with zipfile.ZipFile(path) as archive:
        existing = {name: archive.read(name) for name in archive.namelist()}
    new = dict(parts)
    types = existing[CONTENT_TYPES]
    for extension, content_type in defaults.items():
        types = types.replace(b"<Default ", (
            f'<Default Extension="{extension}" ContentType="{content_type}"/><Default '
        ).encode(), 1)
    for name, content_type in overrides.items():
        types = types.replace(b"</Types>", (
            f'<Override PartName="/{name}" ContentType="{content_type}"/></Types>'
        ).encode())
    new[CONTENT_TYPES] = types
    for source, rels in links.items():
        name = rels_name(source)
        body = existing.get(name, new.get(name, (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            f'<Relationships xmlns="{PKG_REL_NS}"></Relationships>').encode()))
        for rel_id, rel_type, target in rels:
            body = body.replace(b"</Relationships>", (
                f'<Relationship Id="{rel_id}" Type="{rel_type}" Target="{target}"/>'
                "</Relationships>").encode())
        new[name] = body
    for name, edit in (edits or {}).items():
        new[name] = edit(new.get(name, existing.get(name, b"")))
    temporary = path.with_suffix(".tmp")
    with zipfile.ZipFile(temporary, "w", zipfile.ZIP_DEFLATED) as out:
        for name, data in existing.items():
            if name not in new:
                out.writestr(name, data)
        for name, data in new.items():
            out.writestr(name, data)
    temporary.replace(path)
    return path


def before_end(element: str) -> Edit:
    """An edit putting ``element`` last in a worksheet (where drawing, extLst... go)."""
    def edit(data: bytes) -> bytes:
        return data.replace(b"</worksheet>", element.encode() + b"</worksheet>")
    return edit


def ole_compound_file(streams: Sequence[str]) -> bytes:
    """A well-formed OLE compound file (version 3) holding empty streams of these names.

    The layout Excel uses for a password-protected workbook: a 512-byte header, one FAT
    sector, one directory sector (at most three streams fit in it).
    """
    assert len(streams) <= 3
    free, end, fat_sector, no_stream = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
    header = bytearray(512)
    header[0:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHHHH", header, 24, 0x003E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<III", header, 40, 0, 1, 1)  # directory sectors, FAT sectors, first dir
    struct.pack_into("<IIIIII", header, 52, 0, 4096, end, 0, end, 0)
    struct.pack_into("<I", header, 76, 0)  # the FAT is sector 0
    for index in range(1, 109):
        struct.pack_into("<I", header, 76 + 4 * index, free)
    fat = bytearray(b"\xff" * 512)
    struct.pack_into("<II", fat, 0, fat_sector, end)
    directory = bytearray(512)
    entries = [("Root Entry", 5), *((name, 2) for name in streams)]
    for index in range(4):
        start = 128 * index
        struct.pack_into("<III", directory, start + 68, no_stream, no_stream, no_stream)
        if index >= len(entries):
            continue
        name, kind = entries[index]
        encoded = name.encode("utf-16-le") + b"\0\0"
        directory[start:start + len(encoded)] = encoded
        struct.pack_into("<HBB", directory, start + 64, len(encoded), kind, 1)
        child = 1 if kind == 5 and len(entries) > 1 else no_stream
        right = index + 1 if kind == 2 and index + 1 < len(entries) else no_stream
        struct.pack_into("<III", directory, start + 68, no_stream, right, child)
        struct.pack_into("<IQ", directory, start + 116, end, 0)
    return bytes(header + fat + directory)


def png_image() -> bytes:
    """A valid 1x1 PNG."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00")) + chunk(b"IEND", b""))


def stored_parts(path: Path) -> dict[str, tuple[int, bytes]]:
    """Every part's CRC and its bytes exactly as stored (compressed) in the package."""
    found = {}
    with zipfile.ZipFile(path) as archive, path.open("rb") as raw:
        for info in archive.infolist():
            raw.seek(info.header_offset)
            header = raw.read(30)
            name_length, extra_length = struct.unpack("<HH", header[26:30])
            raw.seek(info.header_offset + 30 + name_length + extra_length)
            found[info.filename] = (info.CRC, raw.read(info.compress_size))
    return found


def repack(path: Path) -> Path:
    """Store the package's parts the way another writer might: pictures and binaries
    uncompressed, XML at the strongest deflate level. A copy that re-compresses any part
    (zlib's default level) then shows in its stored bytes."""
    with zipfile.ZipFile(path) as archive:
        parts = [(info.filename, archive.read(info)) for info in archive.infolist()]
    temporary = path.with_suffix(".repack")
    with zipfile.ZipFile(temporary, "w") as out:
        for name, data in parts:
            if name.endswith((".png", ".bin")):
                out.writestr(name, data, compress_type=zipfile.ZIP_STORED)
            else:
                out.writestr(name, data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)
    temporary.replace(path)
    return path
