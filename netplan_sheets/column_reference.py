"""The column reference for people, generated from the schemas.

:func:`reference` is what ``netplan schema --json`` prints; :func:`render_text` is its text
form and :func:`render_markdown` is ``docs/sheets.md``. Regenerate the docs with::

    python -m netplan_sheets.column_reference > docs/sheets.md
"""

from __future__ import annotations

from typing import Any

from netplan_sheets.schema import Column, Layout, SheetSchema, all_schemas
from netplan_sheets.sheet_titles import loose
from netplan_sheets.template.notes import reference_target
from netplan_sheets.template.resources import extra_sheets, template_version

REGENERATE = "python -m netplan_sheets.column_reference > docs/sheets.md"


def find_sheet(name: str) -> SheetSchema:
    """The schema whose sheet title (or file name, e.g. ``shortlist``) is ``name``, any case.

    Raises ``KeyError`` naming the sheets there are.
    """
    wanted = loose(name)
    for schema in all_schemas():
        if wanted in (loose(schema.title), loose(schema.key)):
            return schema
    raise KeyError(f"no sheet named {name!r}; the sheets are: {', '.join(sheet_names())}")


def sheet_names() -> tuple[str, ...]:
    return tuple(schema.title for schema in all_schemas())


def column_entry(column: Column) -> dict[str, Any]:
    target = reference_target(column)
    return {
        "name": column.title,
        "key": column.key,
        "type": column.describe_type(),
        "allowed_values": list(column.choices),
        "required": column.required,
        "computed": column.read_only,
        "refers_to": f"{target[0]}.{target[1].title}" if target else None,
        "default": column.default,
        "description": column.description,
    }


def sheet_entry(schema: SheetSchema) -> dict[str, Any]:
    return {
        "sheet": schema.title,
        "description": schema.description,
        "layout": str(schema.layout),
        "tool_owned": schema.tool_owned,
        "instructions": list(schema.instructions),
        "columns": [column_entry(column) for column in schema.columns],
    }


def reference(sheet: str | None = None) -> dict[str, Any]:
    """Every sheet's columns, or one sheet's (``sheet`` matched ignoring case)."""
    schemas = (find_sheet(sheet),) if sheet is not None else all_schemas()
    return {
        "template_version": template_version(),
        "sheets": [sheet_entry(schema) for schema in schemas],
    }


def _flags(column: dict[str, Any]) -> str:
    if column["computed"]:
        return "computed"
    return "required" if column["required"] else "optional"


def _details(column: dict[str, Any]) -> list[str]:
    details = [column["type"]]
    if column["refers_to"]:
        sheet, _, name = column["refers_to"].partition(".")
        details.append(f"a {name} from {sheet}")
    if column["default"] is not None:
        details.append(f"default {column['default']}")
    return details


def render_text(data: dict[str, Any]) -> str:
    """The reference as plain text: a block per sheet, two lines per column."""
    blocks = []
    for sheet in data["sheets"]:
        lines = [sheet["sheet"], f"  {sheet['description']}"]
        if sheet["layout"] == str(Layout.FIELDS):
            lines.append("  Two columns, Field | Value; one row per field below.")
        for column in sheet["columns"]:
            lines.append(f"  {column['name']} ({_flags(column)}): {'; '.join(_details(column))}")
            if column["description"]:
                lines.append(f"      {column['description']}")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_markdown(data: dict[str, Any] | None = None) -> str:
    """docs/sheets.md: the sheets in order, then a column table per schema sheet."""
    data = data if data is not None else reference()
    described = {sheet["sheet"]: sheet["description"] for sheet in data["sheets"]}
    described.update({extra.title: extra.description for extra in extra_sheets()})
    order = {schema.title: schema.order for schema in all_schemas()}
    order.update({extra.title: extra.order for extra in extra_sheets()})
    out = [
        "# The workbook's sheets and columns",
        "",
        f"<!-- Generated from schemas/ by `{REGENERATE}`; do not edit by hand. -->",
        "",
        f"Template version {data['template_version']}. Columns are found by their header "
        "text, so they may be in any order, and columns of your own are kept. "
        "Required columns are marked *required*; *computed* columns are filled in by "
        "`netplan sync`.",
        "",
        "| Sheet | What it is for |",
        "|---|---|",
    ]
    for title in sorted(described, key=lambda t: order[t]):
        out.append(f"| {_cell(title)} | {_cell(described[title])} |")
    for sheet in data["sheets"]:
        out += ["", f"## {sheet['sheet']}", "", sheet["description"], ""]
        if sheet["layout"] == str(Layout.FIELDS):
            out += ["Two columns, **Field | Value**: one row per field below.", ""]
        out += [f"- {instruction}" for instruction in sheet["instructions"]]
        if sheet["instructions"]:
            out.append("")
        name = "Field" if sheet["layout"] == str(Layout.FIELDS) else "Column"
        out += [f"| {name} | Type | Required | Description |", "|---|---|---|---|"]
        for column in sheet["columns"]:
            out.append(f"| {_cell(column['name'])} | {_cell('; '.join(_details(column)))} "
                       f"| {_flags(column)} | {_cell(column['description'])} |")
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    print(render_markdown(), end="")
