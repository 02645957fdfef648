"""docs/sheets.md is generated from the schemas and must match them."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from netplan_sheets.column_reference import REGENERATE, render_markdown
from netplan_sheets.schema import all_schemas

DOC = Path(__file__).parents[1] / "docs" / "sheets.md"
COMPUTATIONS = DOC.with_name("computations.md")


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


def test_compute_docstrings_cite_sections_of_the_computations_doc() -> None:
    """The computations are explained in docs/computations.md; the code points there."""
    headings = set(re.findall(r"^## (.+)$", COMPUTATIONS.read_text("utf-8"), re.M))
    cited = {}
    for path in sorted((Path(__file__).parents[1] / "netplan_sheets" / "compute").glob("*.py")):
        doc = ast.get_docstring(ast.parse(path.read_text("utf-8"))) or ""
        assert "SPEC" not in doc, f"{path.name} cites a SPEC that is not in the repository"
        cited[path.name] = re.findall(r'docs/computations\.md,\s+"([^"]+)"', doc)
    assert all(cited[name] for name in ("followups.py", "progress.py", "shortlist.py"))
    for name, sections in cited.items():
        for section in sections:
            assert any(h.startswith(section) for h in headings), f"{name}: no '{section}'"
