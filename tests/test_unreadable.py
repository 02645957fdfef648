"""Input that cannot be read: exit 2 and one line naming the file and what is wrong.

Every case is a real file built here (a truncated plan, an encrypted-workbook container,
zip bombs streamed through zipfile, entity-expansion payloads), run through
``netplan validate``: never a traceback, never more than one line.
"""

from __future__ import annotations

import os
import struct
import subprocess
import sys
import tracemalloc
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import openpyxl.xml
import pytest
from click.testing import CliRunner
from defusedxml import DefusedXmlException
from plans import write_plan
from zipparts import ole_compound_file, png_image, read_part, rewrite

from netplan_sheets.cli import cli
from netplan_sheets.errors import WorkbookTooLarge, WorkbookUnreadable
from netplan_sheets.package import MAX_EXPANDED_BYTES
from netplan_sheets.problems import ProblemType
from netplan_sheets.workbooks import validate_source

GOALS = "xl/worksheets/sheet3.xml"  # where build_plan puts each sheet
CONTACTS = "xl/worksheets/sheet4.xml"
WORKBOOK = "xl/workbook.xml"


def _laughs() -> bytes:
    """Ten levels of ten entities: a billion "lol"s once expanded."""
    levels = ['<!ENTITY lol0 "lol">']
    levels += [f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, 10)]
    return ('<?xml version="1.0"?>\n<!-- a comment first, as a crafted file might -->\n'
            f'<!DOCTYPE lolz [{"".join(levels)}]>').encode()


LAUGHS = _laughs()
SECRET = "netplan-xxe-secret-8c1f"


@pytest.fixture(scope="module")
def plan(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small valid plan: the real workbook each broken case starts from."""
    path = tmp_path_factory.mktemp("plan") / "plan.xlsx"
    return write_plan(path, {
        "Goals": [{"Goal ID": "G1", "Goal": "Meet people", "Metric": "New contacts",
                   "Target": 5, "Start": "2026-01-01", "Due": "2026-06-30"}],
        "Contacts": [{"Name": "Dana Lee", "Relationship": "Mentor"},
                     {"Name": "Sam Roe", "Relationship": "Peer"}],
    })


def run(path: Path | str) -> tuple[int, list[str], BaseException | None]:
    result = CliRunner().invoke(cli, ["validate", str(path)])
    return result.exit_code, result.output.splitlines(), result.exception


def assert_one_line(path: Path | str, expected: str) -> str:
    code, lines, exception = run(path)
    assert isinstance(exception, SystemExit), exception  # anything else is a traceback
    assert code == 2, lines
    assert len(lines) == 1, lines
    line = lines[0]
    assert line.startswith(f"Error: {path}: "), line
    assert expected in line, line
    assert len(line) - len(f"Error: {path}: ") <= 220, line
    return line


def after_rows(element: str) -> Callable[[bytes], bytes]:
    """An edit putting ``element`` right after a sheet's rows (where mergeCells go)."""
    def edit(data: bytes) -> bytes:
        return data.replace(b"</sheetData>", b"</sheetData>" + element.encode(), 1)
    return edit


# --- not a workbook at all ------------------------------------------------------------

def test_missing_path(tmp_path: Path) -> None:
    assert_one_line(tmp_path / "nope.xlsx", "no such file")


def test_folder(tmp_path: Path) -> None:
    assert_one_line(tmp_path, "is a folder, not a workbook")


@pytest.mark.parametrize(("name", "content", "expected"), [
    ("notes.txt", b"Name,Relationship\nDana Lee,Mentor\n", "it looks like a text file"),
    ("photo.png", png_image(), "it looks like a PNG image"),
    ("plan.xlsx", b"", "is empty (0 bytes)"),
    ("blob.xlsx", bytes(range(256)) * 4, "it looks like a binary file"),
])
def test_not_a_workbook(tmp_path: Path, name: str, content: bytes, expected: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    assert_one_line(path, expected)


def test_zip_that_is_not_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "archive.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "hello")
    assert_one_line(path, "is a zip file but not an .xlsx workbook")


def test_truncated_workbook(tmp_path: Path, plan: Path) -> None:
    data = plan.read_bytes()
    path = tmp_path / "half.xlsx"
    path.write_bytes(data[: len(data) // 2])
    assert_one_line(path, "the file looks cut short")


@pytest.mark.parametrize(("streams", "expected"), [
    (["EncryptionInfo", "EncryptedPackage"], "is password-protected (encrypted)"),
    (["Workbook"], "is an old-format Excel file (.xls)"),
])
def test_office_container(tmp_path: Path, streams: list[str], expected: str) -> None:
    path = tmp_path / "locked.xlsx"
    path.write_bytes(ole_compound_file(streams))
    assert_one_line(path, expected)


def test_ole_header_alone_still_reads_as_protected_or_old(tmp_path: Path) -> None:
    path = tmp_path / "locked.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504)
    assert_one_line(path, "password-protected or in an old Office format")


def test_binary_workbook(tmp_path: Path, plan: Path) -> None:
    path = rewrite(plan, tmp_path / "plan.xlsb", replace={
        "_rels/.rels": lambda d: d.replace(b"xl/workbook.xml", b"xl/workbook.bin"),
    }, drop=[WORKBOOK], add={"xl/workbook.bin": b"\x83\x01\x00"})
    assert_one_line(path, "is an Excel binary workbook (.xlsb)")


# --- a workbook, but corrupt -----------------------------------------------------------

@pytest.mark.parametrize(("change", "expected"), [
    ({"replace": {GOALS: os.urandom(64) + b"\x00<<"}},
     "the sheet Goals (xl/worksheets/sheet3.xml) is not valid XML"),
    ({"replace": {CONTACTS: lambda d: d[: len(d) // 2]}},
     "the sheet Contacts (xl/worksheets/sheet4.xml) is not valid XML"),
    ({"replace": {WORKBOOK: b"<workbook><sheets>"}}, "the part xl/workbook.xml is not valid XML"),
    ({"replace": {"xl/styles.xml": b"<styleSheet"}}, "the part xl/styles.xml is not valid XML"),
    ({"drop": [WORKBOOK]}, "its workbook part xl/workbook.xml is missing"),
    ({"drop": ["_rels/.rels"]}, "_rels/.rels names no workbook part"),
    ({"drop": [CONTACTS]}, "the sheet Contacts (xl/worksheets/sheet4.xml) is missing"),
    ({"replace": {CONTACTS: after_rows('<mergeCells count="1"><mergeCell ref="AAAA1:AAAB2"/>'
                                       "</mergeCells>")}},
     "the sheet Contacts is corrupt"),
])
def test_corrupt_workbook(
    tmp_path: Path, plan: Path, change: dict[str, Any], expected: str
) -> None:
    path = rewrite(plan, tmp_path / "broken.xlsx", **change)
    assert_one_line(path, expected)


def test_part_whose_declared_size_lies_is_corrupt_and_never_inflated(
    tmp_path: Path, plan: Path
) -> None:
    # The sizes check trusts the zip's declared sizes; reading stops at the declared size,
    # so a part that declares 100 bytes but inflates to 50 MB only fails its CRC check.
    path = rewrite(plan, tmp_path / "liar.xlsx", replace={GOALS: b" " * (50 * 1024 * 1024)})
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo(GOALS)
    struct.pack_into("<I", data, info.header_offset + 22, 100)  # local header
    struct.pack_into("<I", data, _central_record(data, GOALS) + 24, 100)
    path.write_bytes(data)
    tracemalloc.start()
    try:
        with pytest.raises(WorkbookUnreadable, match="is corrupt"):
            validate_source(str(path))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 20 * 1024 * 1024
    assert_one_line(path, "Bad CRC-32")


def _central_record(data: bytes | bytearray, name: str) -> int:
    """Where the central directory's record for ``name`` starts (the name is 46 bytes in)."""
    at = data.find(name.encode())
    while at >= 0:
        if data[at - 46:at - 42] == b"PK\x01\x02":
            return at - 46
        at = data.find(name.encode(), at + 1)
    raise AssertionError(f"no central directory record for {name}")


# --- zip bombs: refused from the declared sizes, before anything is inflated -----------

def _bomb(plan: Path, target: Path, part: str, size: int, level: int) -> Path:
    """``plan`` with ``part`` replaced by ``size`` bytes of spaces, streamed compressed."""
    rewrite(plan, target, drop=[part])
    chunk = b" " * (1024 * 1024)
    with zipfile.ZipFile(target, "a", zipfile.ZIP_DEFLATED, compresslevel=level) as archive, \
            archive.open(part, "w", force_zip64=True) as stream:
            stream.write(b'<worksheet xmlns="http://schemas.openxmlformats.org/'
                         b'spreadsheetml/2006/main"><sheetData/>')
            for _ in range(size // len(chunk)):
                stream.write(chunk)
    return target


@pytest.mark.slow
def test_zip_bomb_over_the_total_limit(tmp_path: Path, plan: Path) -> None:
    size = MAX_EXPANDED_BYTES + 64 * 1024 * 1024
    path = _bomb(plan, tmp_path / "bomb.xlsx", GOALS, size, level=1)
    assert path.stat().st_size < 20 * 1024 * 1024  # never written out uncompressed
    tracemalloc.start()
    try:
        with pytest.raises(WorkbookTooLarge):
            validate_source(str(path))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 20 * 1024 * 1024
    assert_one_line(path, f"over the {MAX_EXPANDED_BYTES // (1024 * 1024)} MB limit")


def test_zip_bomb_under_the_limit_with_an_absurd_ratio(tmp_path: Path, plan: Path) -> None:
    path = _bomb(plan, tmp_path / "ratio.xlsx", CONTACTS, 64 * 1024 * 1024, level=9)
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo(CONTACTS)
    assert sum(i.file_size for i in archive.infolist()) < MAX_EXPANDED_BYTES
    assert info.file_size > 500 * info.compress_size
    tracemalloc.start()
    try:
        with pytest.raises(WorkbookTooLarge):
            validate_source(str(path))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 20 * 1024 * 1024  # the 64 MB part was never inflated
    assert_one_line(path, f"the part {CONTACTS} would expand")


def test_one_line_on_stderr_from_a_real_process(tmp_path: Path, plan: Path) -> None:
    path = _bomb(plan, tmp_path / "ratio.xlsx", CONTACTS, 64 * 1024 * 1024, level=9)
    done = subprocess.run([sys.executable, "-m", "netplan_sheets", "validate", str(path)],
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.splitlines() == [done.stderr.strip()]
    assert "zip bomb" in done.stderr and "Traceback" not in done.stderr


# --- XML attacks: refused, and nothing expanded or fetched ------------------------------

def _laughs_in_sheet(data: bytes) -> bytes:
    return LAUGHS + data.replace(b"<sheetData>", b"<sheetData><row r=\"99\"><c r=\"A99\" "
                                 b"t=\"inlineStr\"><is><t>&lol9;</t></is></c></row>", 1)


def _xxe(secret_file: Path) -> Callable[[bytes], bytes]:
    def edit(data: bytes) -> bytes:
        doctype = (f'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM '
                   f'"file://{secret_file}">]>').encode()
        return doctype + data.replace(b"<sheetData>", b"<sheetData><row r=\"99\"><c r=\"A99\" "
                                      b"t=\"inlineStr\"><is><t>&xxe;</t></is></c></row>", 1)
    return edit


def _payloads(tmp_path: Path) -> dict[str, dict[str, bytes | Callable[[bytes], bytes]]]:
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET)
    return {
        "laughs-in-sheet": {GOALS: _laughs_in_sheet},
        "laughs-in-workbook": {WORKBOOK: lambda d: LAUGHS + d.replace(
            b'name="Goals"', b'name="&lol9;"')},
        "xxe-in-sheet": {CONTACTS: _xxe(secret)},
        # a DTD pushed past the first 4 KB read, behind a long comment
        "laughs-after-long-comment": {GOALS: lambda d: b"<!--" + b"x" * 6000 + b"-->"
                                      + _laughs_in_sheet(d)},
    }


@pytest.mark.parametrize("payload", ["laughs-in-sheet", "laughs-in-workbook", "xxe-in-sheet",
                                     "laughs-after-long-comment"])
def test_xml_attack_is_refused(tmp_path: Path, plan: Path, payload: str) -> None:
    path = rewrite(plan, tmp_path / "attack.xlsx", replace=_payloads(tmp_path)[payload])
    line = assert_one_line(path, "declares a DTD")
    assert "lollol" not in line and SECRET not in line


@pytest.mark.parametrize("payload", ["laughs-in-sheet", "laughs-in-workbook", "xxe-in-sheet"])
def test_openpyxl_itself_refuses_the_payload_through_defusedxml(
    tmp_path: Path, plan: Path, payload: str
) -> None:
    # The second line of defence: were our own check bypassed, openpyxl parses with
    # defusedxml and refuses the entity declarations instead of expanding them.
    path = rewrite(plan, tmp_path / "attack.xlsx", replace=_payloads(tmp_path)[payload])
    with pytest.raises(Exception) as caught:
        openpyxl.load_workbook(path)
    chain: list[BaseException] = []
    error: BaseException | None = caught.value
    while error is not None:
        chain.append(error)
        error = error.__cause__ or error.__context__
    assert any(isinstance(e, DefusedXmlException) for e in chain), chain
    assert not any(SECRET in str(e) or "lollol" in str(e) for e in chain)


def test_openpyxl_parses_with_defusedxml() -> None:
    assert openpyxl.xml.DEFUSEDXML is True
    from openpyxl.xml import functions

    assert functions.fromstring.__module__.startswith("defusedxml")
    assert functions.iterparse.__module__.startswith("defusedxml")


# --- hostile but readable ---------------------------------------------------------------

def test_whole_column_merge_gives_one_problem_per_data_row(tmp_path: Path, plan: Path) -> None:
    path = rewrite(plan, tmp_path / "merged.xlsx", replace={CONTACTS: after_rows(
        '<mergeCells count="1"><mergeCell ref="A2:A1048576"/></mergeCells>')})
    assert b"mergeCell" in read_part(path, CONTACTS)
    report = validate_source(str(path))
    merged = [p for p in report.problems if p.type is ProblemType.MERGED_CELL]
    assert [p.cell for p in merged] == ["A2", "A3"]
