"""Sync keeps everything a person made: a corpus of plans holding charts, pictures, notes,
threaded comments, sparklines, data bars, Excel-2010 data validation, tables, pivot
tables, dynamic arrays, rich text and macros, as LibreOffice and Excel 365 write them.

Each plan syncs in place; every part the tool does not own has the same stored bytes
afterwards; every cell outside the computed columns reads the same; the file re-reads
with openpyxl and converts with LibreOffice; a second sync writes nothing.
"""

from __future__ import annotations

import posixpath
import re
import shutil
import warnings
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner
from corpus import AS_OF, EXCEL_PARTS, as_macro_workbook, base_plan, libreoffice_plan, soffice
from openpyxl.cell.rich_text import CellRichText
from zipparts import read_part, repack, stored_parts

from netplan_sheets.cli import cli
from netplan_sheets.schema import output_schemas, sheet_schema

HAS_SOFFICE = shutil.which("soffice") is not None
TOOL_TITLES = ("Dashboard", *(s.title for s in output_schemas()))
PATCHED = {"Goals": sheet_schema("goals"), "Contacts": sheet_schema("contacts")}
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


@dataclass
class Outcome:
    path: Path
    first: Any  # click Result
    second: Any
    before_parts: dict[str, tuple[int, bytes]]
    after_parts: dict[str, tuple[int, bytes]]
    tool_owned: set[str]
    before_cells: dict[str, dict[str, Any]]
    after_cells: dict[str, dict[str, Any]]
    bytes_after_first: bytes
    mtime_after_first: int
    before_sheets: dict[str, bytes]
    after_sheets: dict[str, bytes]


def _everything(folder: Path, profile: Path) -> Path:
    path = libreoffice_plan(folder, profile)
    for build in EXCEL_PARTS.values():
        build(path)
    return as_macro_workbook(path)


def _excel_case(build: Callable[[Path], Path]) -> Callable[[Path, Path], Path]:
    def make(folder: Path, profile: Path) -> Path:
        return build(base_plan(folder))
    return make


CASES: dict[str, Callable[[Path, Path], Path]] = {
    **{name: _excel_case(build) for name, build in EXCEL_PARTS.items()},
    "macro-enabled workbook": lambda folder, profile: as_macro_workbook(base_plan(folder)),
    "saved by LibreOffice (chart, picture, note)": libreoffice_plan,
    "all of them together": _everything,
}
NEEDS_SOFFICE = {"saved by LibreOffice (chart, picture, note)", "all of them together"}


def _relationships(path: Path, part: str) -> list[str]:
    folder, name = posixpath.split(part)
    rels = posixpath.join(folder, "_rels", name + ".rels")
    with zipfile.ZipFile(path) as archive:
        if rels not in archive.namelist():
            return []
        data = archive.read(rels)
    found = []
    for match in re.finditer(rb"<Relationship\b[^>]*>", data):
        attrs = dict(re.findall(rb'(\w+)="([^"]*)"', match.group()))
        if attrs.get(b"TargetMode") == b"External":
            continue
        target = attrs[b"Target"].decode()
        found.append(target.lstrip("/") if target.startswith("/")
                     else posixpath.normpath(posixpath.join(folder, target)))
    return found


def sheet_parts(path: Path) -> dict[str, str]:
    """Sheet title -> part name, read from workbook.xml and its relationships."""
    book = read_part(path, "xl/workbook.xml").decode()
    rels = read_part(path, "xl/_rels/workbook.xml.rels").decode()
    targets = {}
    for match in re.finditer(r"<Relationship\b[^>]*>", rels):
        attrs = dict(re.findall(r'(\w+)="([^"]*)"', match.group()))
        target = attrs["Target"]
        targets[attrs["Id"]] = target.lstrip("/") if target.startswith("/") else "xl/" + target
    found = {}
    for match in re.finditer(r"<sheet\b[^>]*>", book):
        name = re.search(r'name="([^"]*)"', match.group())
        rid = re.search(r'r:id="([^"]*)"', match.group())
        assert name and rid
        found[name.group(1).replace("&amp;", "&")] = targets[rid.group(1)]
    return found


def tool_owned_parts(path: Path) -> set[str]:
    """What a sync may rewrite: the patched sheets, the tool sheets and all they lead to,
    styles, the workbook part, its relationships, content types and the calc chain."""
    parts = sheet_parts(path)
    owned = {parts[t] for t in PATCHED if t in parts}
    owned |= {"xl/styles.xml", "xl/workbook.xml", "xl/_rels/workbook.xml.rels",
              "[Content_Types].xml", "xl/calcChain.xml"}
    pending = [parts[t] for t in TOOL_TITLES if t in parts]
    while pending:
        part = pending.pop()
        if part in owned and part not in {parts.get(t) for t in TOOL_TITLES}:
            continue
        owned.add(part)
        folder, name = posixpath.split(part)
        owned.add(posixpath.join(folder, "_rels", name + ".rels"))
        pending.extend(p for p in _relationships(path, part) if p not in owned)
    return owned


def _comparable(value: Any) -> Any:
    if isinstance(value, CellRichText):
        return ("rich", [(repr(getattr(block, "font", None)), str(block)) for block in value])
    if hasattr(value, "text") and not isinstance(value, str):  # ArrayFormula and the like
        return (type(value).__name__, getattr(value, "text", None), getattr(value, "ref", None))
    return value


def cells(path: Path) -> dict[str, dict[str, Any]]:
    """Every cell of every sheet but the tool's, computed columns left out."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl warns about the parts it does not read
        book = openpyxl.load_workbook(path, rich_text=True)
    found: dict[str, dict[str, Any]] = {}
    for ws in book.worksheets:
        if ws.title in TOOL_TITLES:
            continue
        skip: set[int] = set()
        if ws.title in PATCHED:
            computed = {c.title for c in PATCHED[ws.title].computed_columns}
            skip = {c.column for c in ws[1] if c.value in computed}
        found[ws.title] = {c.coordinate: _comparable(c.value) for row in ws.iter_rows()
                           for c in row if c.value is not None and c.column not in skip}
    return found


def outside_cells(xml: bytes) -> bytes:
    """A worksheet part without its cells and its dimension (which may grow)."""
    start = re.search(rb"<(?:\w+:)?sheetData\b", xml)
    end = re.search(rb"</(?:\w+:)?sheetData>", xml)
    assert start and end
    outside = xml[:start.start()] + xml[end.end():]
    return re.sub(rb"<(?:\w+:)?dimension\b[^>]*/>", b"", outside)


def _sheet_bytes(path: Path) -> dict[str, bytes]:
    parts = sheet_parts(path)
    return {title: read_part(path, parts[title]) for title in PATCHED if title in parts}


class Corpus:
    """The corpus, each case made and synced twice the first time a test asks for it, so
    that a run of the quick tests makes no LibreOffice case."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.profile = root / "lo-profile"
        self.built: dict[str, Outcome] = {}

    def __getitem__(self, name: str) -> Outcome:
        if name not in self.built:
            if name in NEEDS_SOFFICE and not HAS_SOFFICE:
                pytest.skip("LibreOffice is not installed")
            self.built[name] = self._build(name)
        return self.built[name]

    def every(self) -> dict[str, Outcome]:
        """Every case LibreOffice (when needed) lets us make."""
        return {name: self[name] for name in CASES
                if name not in NEEDS_SOFFICE or HAS_SOFFICE}

    def _build(self, name: str) -> Outcome:
        index = list(CASES).index(name)
        path = repack(CASES[name](self.root / f"case{index}", self.profile))
        before_parts = stored_parts(path)
        tool_owned = tool_owned_parts(path)
        before_cells = cells(path)
        before_sheets = _sheet_bytes(path)
        runner = CliRunner()
        first = runner.invoke(cli, ["sync", str(path), "--as-of", AS_OF.isoformat()])
        written = path.read_bytes()
        mtime = path.stat().st_mtime_ns
        second = runner.invoke(cli, ["sync", str(path), "--as-of", AS_OF.isoformat()])
        return Outcome(path, first, second, before_parts, stored_parts(path), tool_owned,
                       before_cells, cells(path), written, mtime, before_sheets,
                       _sheet_bytes(path))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    return Corpus(tmp_path_factory.mktemp("corpus"))


def outcome(corpus: Corpus, name: str) -> Outcome:
    return corpus[name]


# The cases LibreOffice makes take seconds each: CI runs them, the edit loop does not.
CASE_PARAMS = [pytest.param(name, marks=pytest.mark.slow) if name in NEEDS_SOFFICE else name
               for name in CASES]


@pytest.mark.parametrize("name", CASE_PARAMS)
def test_syncs_in_place(corpus: Corpus, name: str) -> None:
    found = outcome(corpus, name)
    assert found.first.exit_code in (0, 1), found.first.output
    assert f"{found.path}: synced as of" in found.first.output
    assert found.path.exists()
    assert not [p for p in found.path.parent.iterdir() if p.name.endswith(".tmp")]


@pytest.mark.parametrize("name", CASE_PARAMS)
def test_every_part_not_owned_by_the_tool_keeps_its_bytes(
        corpus: Corpus, name: str) -> None:
    found = outcome(corpus, name)
    kept = [part for part in found.before_parts if part not in found.tool_owned]
    assert len(kept) >= 5
    changed = [part for part in kept if found.after_parts.get(part) != found.before_parts[part]]
    assert changed == []


@pytest.mark.parametrize("name", CASE_PARAMS)
def test_every_cell_outside_the_computed_columns_is_unchanged(
        corpus: Corpus, name: str) -> None:
    found = outcome(corpus, name)
    assert found.after_cells == found.before_cells
    for title, before in found.before_sheets.items():
        assert outside_cells(found.after_sheets[title]) == outside_cells(before), title


@pytest.mark.parametrize("name", CASE_PARAMS)
def test_a_second_sync_writes_nothing(corpus: Corpus, name: str) -> None:
    found = outcome(corpus, name)
    assert found.second.exit_code in (0, 1), found.second.output
    assert "nothing changed" in found.second.output
    assert found.path.read_bytes() == found.bytes_after_first
    assert found.path.stat().st_mtime_ns == found.mtime_after_first


def test_macros_are_kept_and_the_workbook_stays_macro_enabled(
        corpus: Corpus) -> None:
    found = outcome(corpus, "macro-enabled workbook")
    assert found.path.suffix == ".xlsm"
    assert found.after_parts["xl/vbaProject.bin"] == found.before_parts["xl/vbaProject.bin"]
    types = read_part(found.path, "[Content_Types].xml")
    assert b"application/vnd.ms-excel.sheet.macroEnabled.main+xml" in types


@pytest.mark.parametrize("name", CASE_PARAMS)
def test_results_are_written_into_each_plan(corpus: Corpus, name: str) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        book = openpyxl.load_workbook(outcome(corpus, name).path, data_only=True)
    contacts = book["Contacts"]
    headers = [c.value for c in contacts[1]]
    status = contacts.cell(row=2, column=headers.index("Follow-up Status") + 1).value
    assert status, name
    assert book["Follow-ups"].max_row > 3, name


@pytest.mark.slow
@pytest.mark.skipif(not HAS_SOFFICE, reason="LibreOffice is not installed")
def test_every_synced_plan_converts_with_libreoffice(
        corpus: Corpus, tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    copies = []
    for index, found in enumerate(corpus.every().values()):
        copy = inputs / f"plan{index}{found.path.suffix}"
        shutil.copyfile(found.path, copy)
        copies.append(copy)
    out = tmp_path / "pdf"
    soffice("--convert-to", "pdf", "--outdir", str(out), *map(str, copies),
            profile=tmp_path / "lo")
    for copy in copies:
        pdf = out / (copy.stem + ".pdf")
        assert pdf.exists() and pdf.stat().st_size > 10_000, copy.name
