"""The template's data files in ``templates/``: its version, texts, colours and row range.

They ship inside the package (``netplan_sheets/templates``) and are read through
``importlib.resources``, so an installed wheel finds them as a source tree does.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any

from netplan_sheets.errors import SchemaError


@cache
def load(name: str) -> dict[str, Any]:
    """One JSON file of ``templates/``, parsed."""
    path = files("netplan_sheets") / "templates" / name
    try:
        data: dict[str, Any] = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError) as error:
        raise SchemaError(f"templates/{name} cannot be read: {error}") from None
    return data


def template_config() -> dict[str, Any]:
    return load("template.json")


def template_version() -> int:
    """The version of the workbook layout this package writes (templates/template.json)."""
    return int(template_config()["template_version"])


def validated_rows() -> int:
    """The last row that data validation and the autofilter cover on table sheets."""
    return int(template_config()["validated_rows"])


def start_here_texts() -> dict[str, Any]:
    return load("start_here.json")


def note_texts() -> dict[str, Any]:
    return load("notes.json")


@dataclass(frozen=True)
class ExtraSheet:
    """A sheet the template has that no schema describes (Start Here, Dashboard)."""

    title: str
    order: int
    description: str
    heading: str | None = None


def extra_sheets() -> tuple[ExtraSheet, ...]:
    return tuple(
        ExtraSheet(
            title=entry["title"],
            order=int(entry["order"]),
            description=entry["description"],
            heading=entry.get("heading"),
        )
        for entry in template_config()["extra_sheets"]
    )


def lists_sheet_title() -> str:
    return str(template_config()["lists_sheet"])
