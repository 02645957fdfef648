"""The note (comment) on each header cell: what goes in the column, from its schema.

The same sentence serves Excel notes, the Google Sheets backend and anyone else who
wants to tell a person what a column is for.
"""

from __future__ import annotations

from typing import Any

from netplan_sheets.schema import Column, Kind, by_title
from netplan_sheets.template.resources import note_texts

AUTHOR = "netplan"
_CHARS_PER_LINE = 40  # roughly, at the note's width below
_NOTE_WIDTH = 260  # points


def reference_target(column: Column) -> tuple[str, Column] | None:
    """The sheet and column an x-ref column names, e.g. ("Contacts", the Name column)."""
    if column.ref is None:
        return None
    sheet_title, key = column.ref
    target = by_title(sheet_title)
    return target.title, target.column(key)


def header_note(column: Column) -> str:
    """Description, type or allowed values, required or computed, reference and default."""
    texts = note_texts()
    lines = [column.description] if column.description else []
    if column.kind is Kind.CHOICE:
        lines.append(texts["allowed_line"].format(choices=", ".join(column.choices)))
    else:
        lines.append(texts["type_line"].format(type=column.describe_type()))
    target = reference_target(column)
    if target is not None:
        lines.append(texts["reference_line"].format(sheet=target[0], column=target[1].title))
    if column.read_only:
        lines.append(texts["computed_line"])
    else:
        lines.append(texts["required_line"] if column.required else texts["optional_line"])
    if column.default is not None:
        lines.append(texts["default_line"].format(default=column.default))
    return "\n".join(lines)


def note(text: str) -> Any:
    """An openpyxl note sized so its text shows without scrolling."""
    from openpyxl.comments import Comment  # only the openpyxl writers need it

    comment = Comment(text, AUTHOR)
    lines = sum(max(1, -(-len(line) // _CHARS_PER_LINE)) for line in text.splitlines())
    comment.width = _NOTE_WIDTH
    comment.height = max(60, 16 * lines + 16)
    return comment
