"""Copying a zip package part by part, untouched parts as their compressed bytes.

Python's :mod:`zipfile` can only re-compress what it copies, which changes every part's
bytes (and costs a deflate per part). A workbook's parts the tool does not own must come
through byte for byte, and the largest of them (Interactions) should not even be inflated,
so this module reads a part's stored bytes straight from its local header and writes a new
package with them. New or changed parts are deflated as usual.
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from netplan_sheets.errors import WorkbookUnreadable

_LOCAL = struct.Struct("<IHHHHHIIIHH")
_CENTRAL = struct.Struct("<IHHHHHHIIIHHHHHII")
_END = struct.Struct("<IHHHHIIH")
_LOCAL_SIG = 0x04034B50
_CENTRAL_SIG = 0x02014B50
_END_SIG = 0x06054B50
_UTF8_NAMES = 0x800
_ENCRYPTED = 0x1
_ZIP32_LIMIT = 0xFFFFFFFF
# Excel stamps every part 1980-01-01 00:00; so do we, which keeps an output reproducible.
_DOS_DATE = (0 << 9) | (1 << 5) | 1
_DOS_TIME = 0


@dataclass(frozen=True)
class StoredPart:
    """A part as it lies in the package: its compressed bytes and what describes them."""

    name: str
    method: int
    crc: int
    size: int
    data: bytes  # compressed with ``method``
    dos_time: int
    dos_date: int


class SourcePackage:
    """The parts of an existing package, read without re-compressing them."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._handle: BinaryIO = path.open("rb")
        try:
            self._zip = zipfile.ZipFile(self._handle)
        except (zipfile.BadZipFile, OSError) as error:
            self._handle.close()
            raise WorkbookUnreadable(f"{path}: is corrupt ({error})") from None
        self.infos = {info.filename: info for info in self._zip.infolist()}

    def close(self) -> None:
        self._zip.close()
        self._handle.close()

    def __enter__(self) -> SourcePackage:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def names(self) -> list[str]:
        return list(self.infos)

    def read(self, name: str) -> bytes:
        """A part's content, inflated."""
        return self._zip.read(self.infos[name])

    def stored(self, name: str) -> StoredPart:
        """A part's compressed bytes, for a copy that keeps them."""
        info = self.infos[name]
        if info.flag_bits & _ENCRYPTED:
            raise WorkbookUnreadable(f"{self.path}: the part {name} is encrypted")
        self._handle.seek(info.header_offset)
        header = self._handle.read(_LOCAL.size)
        fields = _LOCAL.unpack(header)
        if fields[0] != _LOCAL_SIG:
            raise WorkbookUnreadable(f"{self.path}: is corrupt (bad header for {name})")
        name_length, extra_length = fields[9], fields[10]
        self._handle.seek(info.header_offset + _LOCAL.size + name_length + extra_length)
        data = self._handle.read(info.compress_size)
        if len(data) != info.compress_size:
            raise WorkbookUnreadable(f"{self.path}: is corrupt ({name} is cut short)")
        dos_date = (info.date_time[0] - 1980) << 9 | info.date_time[1] << 5 | info.date_time[2]
        dos_time = info.date_time[3] << 11 | info.date_time[4] << 5 | info.date_time[5] // 2
        return StoredPart(name, info.compress_type, info.CRC, info.file_size, data,
                          dos_time, dos_date)


class PackageWriter:
    """Writes a new package: stored parts copied as they are, new parts deflated."""

    def __init__(self, handle: BinaryIO) -> None:
        self._handle = handle
        self._central: list[bytes] = []
        self._names: set[str] = set()

    def copy(self, part: StoredPart) -> None:
        self._add(part)

    def write(self, name: str, content: bytes) -> None:
        compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
        data = compressor.compress(content) + compressor.flush()
        self._add(StoredPart(name, zipfile.ZIP_DEFLATED, zlib.crc32(content), len(content),
                             data, _DOS_TIME, _DOS_DATE))

    def _add(self, part: StoredPart) -> None:
        if part.name in self._names:
            raise ValueError(f"duplicate part {part.name}")
        self._names.add(part.name)
        offset = self._handle.tell()
        if max(offset, part.size, len(part.data)) >= _ZIP32_LIMIT:
            raise WorkbookUnreadable(f"{part.name}: too large for a workbook")
        encoded = part.name.encode("utf-8")
        flags = 0 if encoded.isascii() else _UTF8_NAMES
        version = 20
        self._handle.write(_LOCAL.pack(_LOCAL_SIG, version, flags, part.method, part.dos_time,
                                       part.dos_date, part.crc, len(part.data), part.size,
                                       len(encoded), 0))
        self._handle.write(encoded)
        self._handle.write(part.data)
        self._central.append(
            _CENTRAL.pack(_CENTRAL_SIG, version, version, flags, part.method, part.dos_time,
                          part.dos_date, part.crc, len(part.data), part.size, len(encoded),
                          0, 0, 0, 0, 0, offset) + encoded)

    def close(self) -> None:
        start = self._handle.tell()
        for entry in self._central:
            self._handle.write(entry)
        size = self._handle.tell() - start
        count = len(self._central)
        self._handle.write(_END.pack(_END_SIG, 0, 0, count, count, size, start, 0))
