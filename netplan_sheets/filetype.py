"""Saying what a file is when it is not an .xlsx package, from its first bytes.

A person who points netplan at the wrong file needs to hear what they gave it ("a PNG
image", "password-protected") to fix it; "not a zip package" tells them nothing.
"""

from __future__ import annotations

import struct
from typing import BinaryIO

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"

_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"%PDF", "a PDF document"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"Rar!", "a RAR archive"),
    (b"7z\xbc\xaf", "a 7-Zip archive"),
)


def describe_non_zip(head: bytes) -> str:
    """A short phrase for what ``head`` (the file's first bytes) looks like."""
    for magic, what in _MAGIC:
        if head.startswith(magic):
            return what
    if head.startswith(ZIP_MAGIC):
        return "a damaged zip file"
    sample = head[:512]
    if sample and b"\x00" not in sample:
        try:
            text = sample.decode("utf-8")
        except UnicodeDecodeError:
            return "a binary file"
        if text.lstrip().startswith("<"):
            return "an XML or HTML file"
        return "a text file, such as CSV"
    return "a binary file"


def ole_kind(handle: BinaryIO) -> str:
    """What an OLE compound file holds, from the stream names in its first directory sector.

    Excel wraps a password-protected .xlsx in an OLE container with EncryptionInfo and
    EncryptedPackage streams; an old .xls has a Workbook (or Book) stream. Returns
    "encrypted", "xls", "other" or "unknown" (a directory we cannot read).
    """
    handle.seek(0)
    header = handle.read(512)
    if len(header) < 512:
        return "unknown"
    sector_shift = struct.unpack_from("<H", header, 30)[0]
    first_directory = struct.unpack_from("<I", header, 48)[0]
    if sector_shift not in (9, 12) or first_directory >= 0xFFFFFFFA:
        return "unknown"
    sector = 1 << sector_shift
    handle.seek((first_directory + 1) * sector)
    directory = handle.read(sector)
    names = set()
    for start in range(0, len(directory) - 127, 128):
        length = struct.unpack_from("<H", directory, start + 64)[0]
        if 2 <= length <= 64:
            names.add(directory[start:start + length - 2].decode("utf-16-le", "replace"))
    if names & {"EncryptionInfo", "EncryptedPackage"}:
        return "encrypted"
    if names & {"Workbook", "Book"}:
        return "xls"
    return "other" if names else "unknown"


def ole_message(kind: str) -> str:
    """The advice for an OLE file of ``kind`` (see :func:`ole_kind`)."""
    if kind == "encrypted":
        return ("is password-protected (encrypted); remove the password in Excel "
                "(File > Info > Protect Workbook), save, and try again")
    if kind == "xls":
        return "is an old-format Excel file (.xls); save it as .xlsx and try again"
    if kind == "other":
        return "is an older Office document, not an .xlsx workbook"
    return ("is password-protected or in an old Office format (.xls); save it as .xlsx "
            "without a password and try again")
