"""netplan init: the template workbook, written for real and re-read with openpyxl."""

from __future__ import annotations

import csv
import json
import os
import shutil
import stat
import subprocess
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner
from openpyxl.utils import get_column_letter, range_boundaries

from netplan_sheets.cli import cli
from netplan_sheets.schema import (
    Column,
    Kind,
    Layout,
    SheetSchema,
    by_title,
    input_schemas,
    output_schemas,
    sheet_schema,
)
from netplan_sheets.template import VERSION_PROPERTY, styles, template_version
from netplan_sheets.template.contents import template_sheets
from netplan_sheets.writeback import trimmed

CONTRACT_VERSION = 1  # the product's contract: "The workbook (template version 1)"

# The SPEC's order (the user-facing contract), then the hidden lists behind the dropdowns.
SPEC_ORDER = [
    "Start Here", "Profile", "Settings", "Goals", "Contacts", "Interactions", "Actions",
    "Events", "Reviews", "Dashboard", "Follow-ups", "Mentor Shortlist", "Problems", "Lists",
]
ROWS = 5000  # templates/template.json "validated_rows"
DATE_ERROR = "expected a date like 2026-11-03"

TABLES = [s for s in input_schemas() if s.layout is Layout.TABLE]
FIELDS = [s for s in input_schemas() if s.layout is Layout.FIELDS]


def _input_columns(*kinds: Kind) -> list[Any]:
    return [pytest.param(s, c, id=f"{s.title}.{c.title}")
            for s in input_schemas() for c in s.input_columns if c.kind in kinds]


ENUM_COLUMNS = _input_columns(Kind.CHOICE)
DATE_COLUMNS = _input_columns(Kind.DATE)
NUMBER_COLUMNS = _input_columns(Kind.INTEGER, Kind.NUMBER)
REF_COLUMNS = [pytest.param(s, c, id=f"{s.title}.{c.title}")
               for s in input_schemas() for c in s.columns if c.ref]


@pytest.fixture(scope="module")
def plan(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("init") / "p.xlsx"
    result = CliRunner().invoke(cli, ["init", str(path)])
    assert result.exit_code == 0, result.output
    return path


@pytest.fixture(scope="module")
def book(plan: Path) -> Any:
    return openpyxl.load_workbook(plan)


def cell_of(ws: Any, schema: SheetSchema, column: Column) -> str:
    """Where a column's first value goes: row 2 of a table, the Value cell of a field."""
    if schema.layout is Layout.FIELDS:
        return f"B{schema.columns.index(column) + 2}"
    return f"{get_column_letter(schema.columns.index(column) + 1)}2"


def validation_at(ws: Any, coordinate: str) -> Any:
    found = [dv for dv in ws.data_validations.dataValidation if coordinate in dv.sqref]
    assert len(found) == 1, f"{ws.title}!{coordinate}: {len(found)} validations"
    return found[0]


def resolve(book: Any, formula: str) -> tuple[str, str]:
    """(sheet title, range) a dropdown offers: its formula must be a workbook-level defined
    name (a direct cross-sheet reference would be saved by Excel in an x14 extension that
    openpyxl drops), standing for a range such as 'Lists'!$A$2:$A$7."""
    name = formula.lstrip("=")
    assert "!" not in name, f"{formula} refers to another sheet directly"
    sheet, _, area = book.defined_names[name].attr_text.rpartition("!")
    return sheet.strip("'"), area.replace("$", "")


def test_init_then_validate_says_valid(tmp_path: Path) -> None:
    path = tmp_path / "p.xlsx"
    runner = CliRunner()
    made = runner.invoke(cli, ["init", str(path)])
    assert made.exit_code == 0, made.output
    checked = runner.invoke(cli, ["validate", str(path)])
    assert checked.exit_code == 0, checked.output
    assert "the plan is valid" in checked.output


def test_sheets_in_spec_order_with_lists_hidden(book: Any) -> None:
    assert book.sheetnames == SPEC_ORDER
    assert book["Lists"].sheet_state == "hidden"
    assert all(book[t].sheet_state == "visible" for t in SPEC_ORDER[:-1])
    assert book.active.title == "Start Here"


@pytest.mark.parametrize("schema", [*TABLES, *output_schemas()], ids=lambda s: s.title)
def test_table_sheets_have_schema_headers_frozen_and_filtered(book: Any,
                                                              schema: SheetSchema) -> None:
    ws = book[schema.title]
    assert next(ws.iter_rows(max_row=1, values_only=True)) == schema.headers
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == f"A1:{get_column_letter(len(schema.columns))}{ROWS}"
    assert not ws.tables, "an Excel Table object breaks when a user renames a header"


@pytest.mark.parametrize("schema", FIELDS, ids=lambda s: s.title)
def test_field_sheets_are_exactly_field_and_value(book: Any, schema: SheetSchema) -> None:
    ws = book[schema.title]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0] == ("Field", "Value")
    assert [row[0] for row in rows[1:]] == [c.title for c in schema.columns]
    assert ws.max_column == 2, "no Default column: defaults live in the notes"
    assert ws.freeze_panes == "A2"


def test_settings_notes_show_defaults(book: Any) -> None:
    ws = book["Settings"]
    schema = next(s for s in FIELDS if s.title == "Settings")
    for row, column in enumerate(schema.columns, start=2):
        text = ws.cell(row=row, column=1).comment.text
        assert column.description in text
        if column.default is not None:
            assert f"Default: {column.default}." in text
    assert "Default: 30." in ws["A3"].comment.text  # Cadence Key Connection, per SPEC


@pytest.mark.parametrize(("schema", "column"), ENUM_COLUMNS)
def test_every_enum_column_has_a_dropdown_of_its_choices(book: Any, schema: SheetSchema,
                                                          column: Column) -> None:
    ws = book[schema.title]
    rule = validation_at(ws, cell_of(ws, schema, column))
    assert rule.type == "list"
    assert rule.errorStyle == "stop"
    if schema.layout is Layout.TABLE:
        letter = get_column_letter(schema.columns.index(column) + 1)
        assert f"{letter}{ROWS}" in rule.sqref
    sheet, area = resolve(book, rule.formula1)
    assert sheet == "Lists"
    values = tuple(c.value for row in book[sheet][area] for c in row)
    assert values == column.choices


@pytest.mark.parametrize(("schema", "column"), REF_COLUMNS)
def test_reference_columns_offer_contact_names_and_goal_ids(book: Any, schema: SheetSchema,
                                                             column: Column) -> None:
    ws = book[schema.title]
    rule = validation_at(ws, cell_of(ws, schema, column))
    assert rule.type == "list"
    sheet, area = resolve(book, rule.formula1)
    expected_sheet, expected_header = {"Contacts.name": ("Contacts", "Name"),
                                       "Goals.goal_id": ("Goals", "Goal ID")}[".".join(column.ref)]
    assert sheet == expected_sheet
    min_col, min_row, max_col, max_row = range_boundaries(area)
    assert (min_col == max_col, min_row, max_row) == (True, 2, ROWS)
    assert book[sheet].cell(row=1, column=min_col).value == expected_header


@pytest.mark.parametrize(("schema", "column"), DATE_COLUMNS)
def test_date_columns_have_date_rule_and_format(book: Any, schema: SheetSchema,
                                                column: Column) -> None:
    ws = book[schema.title]
    coordinate = cell_of(ws, schema, column)
    rule = validation_at(ws, coordinate)
    assert (rule.type, rule.error, rule.showErrorMessage) == ("date", DATE_ERROR, True)
    if schema.layout is Layout.TABLE:
        letter = coordinate.rstrip("0123456789")
        assert ws.column_dimensions[letter].number_format == "yyyy-mm-dd"
    else:
        assert ws[coordinate].number_format == "yyyy-mm-dd"


@pytest.mark.parametrize(("schema", "column"), NUMBER_COLUMNS)
def test_number_columns_have_their_bounds(book: Any, schema: SheetSchema,
                                          column: Column) -> None:
    rule = validation_at(book[schema.title], cell_of(book[schema.title], schema, column))
    assert rule.type == ("whole" if column.kind is Kind.INTEGER else "decimal")
    low = column.minimum if column.minimum is not None else column.exclusive_minimum
    if low is not None and column.maximum is not None:
        assert (rule.operator, float(rule.formula1), float(rule.formula2)) == (
            "between", low, column.maximum)
    elif column.minimum is not None:
        assert (rule.operator, float(rule.formula1)) == ("greaterThanOrEqual", low)
    elif column.exclusive_minimum is not None:
        assert (rule.operator, float(rule.formula1)) == ("greaterThan", low)
    else:  # any number: still refuses text
        assert rule.operator == "between"


@pytest.mark.parametrize(("sheet", "title", "kind", "operator", "bounds", "error"), [
    ("Contacts", "Strength", "whole", "between", ("1", "5"),
     "expected a whole number (from 1 to 5)"),
    ("Goals", "Target", "decimal", "greaterThan", ("0", None), "expected a number (above 0)"),
    ("Settings", "Cadence Mentor", "whole", "between", ("1", "36500"),
     "expected a whole number (from 1 to 36500)"),
    ("Settings", "Thank-You Window", "whole", "between", ("0", "36500"),
     "expected a whole number (from 0 to 36500)"),
    ("Settings", "Weight Field", "decimal", "greaterThanOrEqual", ("0", None),
     "expected a number (0 or more)"),
])
def test_spec_bounds_spot_checks(book: Any, sheet: str, title: str, kind: str, operator: str,
                                 bounds: tuple[str, str | None], error: str) -> None:
    schema = by_title(sheet)
    column = next(c for c in schema.columns if c.title == title)
    rule = validation_at(book[sheet], cell_of(book[sheet], schema, column))
    assert (rule.type, rule.operator, rule.formula1, rule.formula2) == (kind, operator, *bounds)
    assert (rule.error, rule.errorStyle, rule.showErrorMessage) == (error, "stop", True)


@pytest.mark.parametrize("schema", [*TABLES, *output_schemas()], ids=lambda s: s.title)
def test_every_header_has_a_note_with_its_description(book: Any, schema: SheetSchema) -> None:
    ws = book[schema.title]
    for index, column in enumerate(schema.columns, start=1):
        comment = ws.cell(row=1, column=index).comment
        assert comment is not None, f"{schema.title}: {column.title} has no note"
        assert column.description in comment.text
        if column.choices:
            assert ", ".join(column.choices) in comment.text


@pytest.mark.parametrize("schema", FIELDS, ids=lambda s: s.title)
def test_every_field_label_has_a_note_with_its_description(book: Any,
                                                           schema: SheetSchema) -> None:
    ws = book[schema.title]
    assert ws["A1"].comment is not None and ws["B1"].comment is not None
    for row, column in enumerate(schema.columns, start=2):
        assert column.description in ws.cell(row=row, column=1).comment.text


def _rgb(fill: Any) -> str:
    return str(fill.fgColor.rgb)[-6:]


@pytest.mark.parametrize("schema", TABLES, ids=lambda s: s.title)
def test_computed_columns_look_computed_and_inputs_are_unlocked(book: Any,
                                                                schema: SheetSchema) -> None:
    ws = book[schema.title]
    assert not ws.protection.sheet, "sheet protection would stop users adding columns"
    for index, column in enumerate(schema.columns, start=1):
        dimension = ws.column_dimensions[get_column_letter(index)]
        header = ws.cell(row=1, column=index)
        if column.read_only:
            assert _rgb(dimension.fill) == _rgb(styles.COMPUTED_FILL)
            assert dimension.protection.locked
            assert _rgb(header.fill) == _rgb(styles.COMPUTED_HEADER_FILL)
        else:
            assert dimension.fill.fill_type is None
            assert not dimension.protection.locked
            assert _rgb(header.fill) == _rgb(styles.INPUT_HEADER_FILL)
    assert _rgb(styles.COMPUTED_HEADER_FILL) != _rgb(styles.INPUT_HEADER_FILL)


@pytest.mark.parametrize("schema", output_schemas(), ids=lambda s: s.title)
def test_output_sheets_look_tool_owned(book: Any, schema: SheetSchema) -> None:
    ws = book[schema.title]
    assert ws.max_row == 1
    for index in range(1, len(schema.columns) + 1):
        dimension = ws.column_dimensions[get_column_letter(index)]
        assert _rgb(dimension.fill) == _rgb(styles.COMPUTED_FILL)
        assert dimension.protection.locked
        assert _rgb(ws.cell(row=1, column=index).fill) == _rgb(styles.OUTPUT_HEADER_FILL)


@pytest.mark.parametrize("schema", [*TABLES, *output_schemas()], ids=lambda s: s.title)
def test_column_widths(book: Any, schema: SheetSchema) -> None:
    ws = book[schema.title]
    for index, column in enumerate(schema.columns, start=1):
        width = ws.column_dimensions[get_column_letter(index)].width
        if column.width is not None:
            assert width == column.width
        else:
            assert len(column.title) < width <= 30


def test_no_styled_empty_cells_and_a_small_file(plan: Path, book: Any) -> None:
    for schema in [*TABLES, *output_schemas()]:
        assert book[schema.title].max_row == 1, schema.title
    assert plan.stat().st_size < 100_000


def test_template_version_property_and_start_here(book: Any) -> None:
    version = json.loads(Path(__file__).parents[1].joinpath("templates/template.json")
                         .read_text())["template_version"]
    assert template_version() == version == CONTRACT_VERSION
    props = {p.name: p.value for p in book.custom_doc_props}
    assert props[VERSION_PROPERTY] == version
    assert f"Template version {version}" in _start_here_text(book)


def _start_here_text(book: Any) -> str:
    return "\n".join(str(v) for row in book["Start Here"].iter_rows(values_only=True)
                     for v in row if v is not None)


def test_start_here_is_generated_from_the_schemas(book: Any) -> None:
    text = _start_here_text(book)
    for schema in [*input_schemas(), *output_schemas()]:
        assert schema.description in text
        for instruction in schema.instructions:
            assert instruction in text
    assert "netplan validate p.xlsx" in text
    assert "netplan sync p.xlsx" in text
    assert "Required: Goal ID, Goal, Metric, Target, Start, Due." in text
    assert "Filled in by netplan sync: Actual, Progress, Expected, Status." in text


def test_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    path = tmp_path / "p.xlsx"
    path.write_bytes(b"my precious plan")
    refused = CliRunner().invoke(cli, ["init", str(path)])
    assert refused.exit_code == 2
    assert refused.output.strip().splitlines() == [
        f"Error: {path}: already exists; use --force to overwrite it"]
    assert path.read_bytes() == b"my precious plan"
    forced = CliRunner().invoke(cli, ["init", str(path), "--force"])
    assert forced.exit_code == 0, forced.output
    assert openpyxl.load_workbook(path).sheetnames == SPEC_ORDER
    assert [p.name for p in tmp_path.iterdir()] == ["p.xlsx"], "no temporary file left"


def test_new_file_is_readable_by_others(tmp_path: Path) -> None:
    path = tmp_path / "p.xlsx"
    umask = os.umask(0o022)
    try:
        assert CliRunner().invoke(cli, ["init", str(path)]).exit_code == 0
    finally:
        os.umask(umask)
    # Not the private 0600 of the temporary file it was written as.
    assert stat.S_IMODE(path.stat().st_mode) == 0o644


@pytest.mark.parametrize(("name", "message"), [
    ("p.xls", "the file name must end in .xlsx"),
    ("missing/p.xlsx", "does not exist"),
    ("folder.xlsx", "is a folder"),
])
def test_refuses_bad_paths_in_one_line(tmp_path: Path, name: str, message: str) -> None:
    (tmp_path / "folder.xlsx").mkdir()
    result = CliRunner().invoke(cli, ["init", str(tmp_path / name)])
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and message in lines[0]


def test_json_output(tmp_path: Path) -> None:
    path = tmp_path / "p.xlsx"
    result = CliRunner().invoke(cli, ["init", str(path), "--json"])
    assert result.exit_code == 0
    assert json.loads(result.output) == {"path": str(path), "template_version": CONTRACT_VERSION,
                                         "sheets": SPEC_ORDER}


SOFFICE = shutil.which("soffice")
needs_soffice = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not on PATH")


def _soffice(plan: Path, out: Path, target: str) -> None:
    # A private profile: parallel soffice runs sharing one profile fail silently.
    profile = (out / "profile").as_uri()
    subprocess.run([str(SOFFICE), f"-env:UserInstallation={profile}", "--headless",
                    "--convert-to", target, "--outdir", str(out), str(plan)],
                   check=True, capture_output=True, timeout=180)


@needs_soffice
@pytest.mark.slow
def test_libreoffice_reads_every_sheet(plan: Path, tmp_path: Path) -> None:
    # Filter options: comma, quote, UTF-8, ..., and -1 at the end: one CSV per sheet.
    _soffice(plan, tmp_path, "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,"
                             "false,false,false,-1")
    for schema in [*TABLES, *output_schemas()]:
        with (tmp_path / f"p-{schema.title}.csv").open(encoding="utf-8") as handle:
            assert next(csv.reader(handle)) == list(schema.headers)
    start = (tmp_path / "p-Start Here.csv").read_text(encoding="utf-8")
    assert f"Template version {CONTRACT_VERSION}" in start


@needs_soffice
@pytest.mark.slow
def test_libreoffice_keeps_the_dropdowns(plan: Path, tmp_path: Path) -> None:
    _soffice(plan, tmp_path, "xlsx")
    saved = openpyxl.load_workbook(tmp_path / "p.xlsx")
    ws = saved["Interactions"]
    kinds = {dv.type for dv in ws.data_validations.dataValidation}
    assert kinds == {"list", "date"}
    contact = validation_at(ws, "B2")
    assert resolve(saved, contact.formula1) == ("Contacts", f"A2:A{ROWS}")


def _values(ws: Any) -> list[list[Any]]:
    return trimmed([list(row) for row in ws.iter_rows(values_only=True)])


def test_the_xlsx_template_holds_exactly_the_backend_neutral_contents(book: Any) -> None:
    """Google's template is written from template_sheets(): the .xlsx must not drift."""
    sheets = template_sheets("p.xlsx")
    assert [s.title for s in sheets] == book.sheetnames[:-1]  # the hidden Lists last
    for sheet in sheets:
        assert _values(book[sheet.title]) == trimmed([list(r) for r in sheet.rows]), sheet.title
    start_here = next(s for s in sheets if s.title == "Start Here")
    assert ("Template version 1",) in start_here.rows
    assert ("netplan validate p.xlsx" in " ".join(str(r[0]) for r in start_here.rows if r))


def test_a_template_sheet_takes_values_by_row_and_column() -> None:
    goals = next(s for s in template_sheets() if s.title == "Goals")
    filled = goals.with_values({(3, 2): "Meet people", (2, 1): "G1"})
    assert filled.rows[0] == goals.rows[0]
    assert filled.rows[1:] == (("G1",), (None, "Meet people"))
    assert goals.rows == (sheet_schema("goals").headers,), "the original is left as it was"
    assert goals.tool_owned is False and filled.schema is goals.schema
    assert {s.title for s in template_sheets() if s.tool_owned} == {
        "Start Here", "Dashboard", "Follow-ups", "Mentor Shortlist", "Problems"}
