"""docs/sheets.md is generated from the schemas and must match them."""

from __future__ import annotations

from pathlib import Path

from netplan_sheets.column_reference import REGENERATE, render_markdown
from netplan_sheets.schema import all_schemas

DOC = Path(__file__).parents[1] / "docs" / "sheets.md"


def test_committed_sheet_reference_is_up_to_date() -> None:
    assert DOC.exists(), f"docs/sheets.md is missing; create it with: {REGENERATE}"
    assert DOC.read_text(encoding="utf-8") == render_markdown(), (
        f"docs/sheets.md differs from the schemas; regenerate it with: {REGENERATE}"
    )


def test_reference_names_every_sheet_and_column() -> None:
    text = render_markdown()
    for schema in all_schemas():
        assert f"\n## {schema.title}\n" in text
        for column in schema.columns:
            assert f"| {column.title} | {column.describe_type()}" in text
    for extra in ("Start Here", "Dashboard"):
        assert f"| {extra} |" in text
