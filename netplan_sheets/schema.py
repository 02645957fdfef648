"""Loading the JSON Schemas that describe every sheet: the single source of truth.

A schema becomes a :class:`SheetSchema` of :class:`Column` records that the template
writer, the validator, the computations and the docs all read. Nothing here knows a
particular sheet; the schemas' ``x-`` annotations say what is special.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from functools import cache
from importlib.resources import files
from typing import Any

from jsonschema import Draft202012Validator

from netplan_sheets.errors import SchemaError


class Kind(StrEnum):
    """How a column's cells are read and written."""

    TEXT = "text"
    INTEGER = "integer"
    NUMBER = "number"
    DATE = "date"
    CHOICE = "choice"
    LIST = "list"


class Layout(StrEnum):
    TABLE = "table"  # a header row, then one record per row
    FIELDS = "fields"  # two columns, Field | Value: the whole sheet is one record


DATE_FORMAT = "yyyy-mm-dd"
FIELD_HEADER = "Field"
VALUE_HEADER = "Value"


@dataclass(frozen=True)
class Column:
    key: str
    title: str
    kind: Kind
    description: str
    required: bool
    read_only: bool
    choices: tuple[str, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    exclusive_minimum: float | None = None
    earliest: date | None = None  # dates: formatMinimum
    latest: date | None = None  # dates: formatMaximum
    text_format: str | None = None  # "email", "uri"
    ref: tuple[str, str] | None = None  # (sheet title, column key) the value must name
    unique: bool = False
    not_before: str | None = None  # key of a date column this one must not precede
    default: Any = None
    width: int | None = None
    number_format: str | None = None
    examples: tuple[Any, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @property
    def cell_format(self) -> str | None:
        """The number format its cells are shown with (dates, percentages, decimals)."""
        if self.number_format:
            return self.number_format
        return DATE_FORMAT if self.kind is Kind.DATE else None

    @property
    def accepts_boolean(self) -> bool:
        """Yes/No choices (and Attended) take TRUE/FALSE cells too."""
        return self.kind is Kind.CHOICE and {"Yes", "No"} <= set(self.choices)

    def describe_type(self) -> str:
        """The type in words, for docs and notes."""
        if self.kind is Kind.CHOICE:
            return "one of: " + ", ".join(self.choices)
        words = {
            Kind.TEXT: "text",
            Kind.INTEGER: "whole number",
            Kind.NUMBER: "number",
            Kind.DATE: "date (YYYY-MM-DD)",
            Kind.LIST: "list separated by ; or ,",
        }[self.kind]
        if self.text_format == "email":
            words = "email address"
        elif self.text_format == "uri":
            words = "web address (https://...)"
        bounds = describe_bounds(self)
        return f"{words}, {bounds}" if bounds else words


def describe_bounds(column: Column) -> str:
    def num(x: float) -> str:
        return str(int(x)) if float(x).is_integer() else str(x)

    if column.earliest is not None and column.latest is not None:
        return f"from {column.earliest.isoformat()} to {column.latest.isoformat()}"
    if column.minimum is not None and column.maximum is not None:
        return f"from {num(column.minimum)} to {num(column.maximum)}"
    if column.minimum is not None:
        return f"{num(column.minimum)} or more"
    if column.exclusive_minimum is not None:
        return f"above {num(column.exclusive_minimum)}"
    if column.maximum is not None:
        return f"{num(column.maximum)} or less"
    return ""


@dataclass(frozen=True)
class SheetSchema:
    key: str  # file stem: "contacts"
    title: str  # sheet name: "Contacts"
    description: str
    layout: Layout
    order: int
    tool_owned: bool
    columns: tuple[Column, ...]
    instructions: tuple[str, ...]
    raw: dict[str, Any] = field(compare=False, hash=False, repr=False)

    def column(self, key: str) -> Column:
        for column in self.columns:
            if column.key == key:
                return column
        raise KeyError(f"{self.title} has no column {key!r}")

    @property
    def input_columns(self) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if not c.read_only)

    @property
    def computed_columns(self) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if c.read_only)

    @property
    def headers(self) -> tuple[str, ...]:
        return tuple(c.title for c in self.columns)

    def row_validator(self) -> Draft202012Validator:
        """The schema's row-level rules (required, if/then), without its properties."""
        return _row_validator(self.key)

    def row_rule_keys(self) -> tuple[str, ...]:
        """Properties whose values the row-level rules look at (in if/then); whether the
        rules pass depends on nothing else but which keys are present."""
        return _row_rule_keys(self.key)

    def property_validators(self) -> dict[str, Draft202012Validator]:
        """A validator per property whose schema constrains more than its type (which
        reading the cell already guarantees): bounds, enums, formats, lengths."""
        return _property_validators(self.key)


def _kind(prop: dict[str, Any]) -> Kind:
    if "enum" in prop:
        return Kind.CHOICE
    kind = prop.get("type")
    if kind == "array":
        return Kind.LIST
    if kind == "integer":
        return Kind.INTEGER
    if kind == "number":
        return Kind.NUMBER
    if kind == "string" and prop.get("format") == "date":
        return Kind.DATE
    if kind == "string":
        return Kind.TEXT
    raise SchemaError(f"unsupported property schema: {prop!r}")


def _ref(ref: str | None) -> tuple[str, str] | None:
    if not ref:
        return None
    sheet, column = ref.split(".", 1)
    return sheet, column


def _column(key: str, prop: dict[str, Any], required: set[str]) -> Column:
    ref = prop.get("x-ref")
    text_format = prop.get("format")
    return Column(
        key=key,
        title=prop["title"],
        kind=_kind(prop),
        description=prop.get("description", ""),
        required=key in required,
        read_only=bool(prop.get("readOnly", False)),
        choices=tuple(prop.get("enum", ())),
        minimum=prop.get("minimum"),
        maximum=prop.get("maximum"),
        exclusive_minimum=prop.get("exclusiveMinimum"),
        earliest=_iso(prop.get("formatMinimum")),
        latest=_iso(prop.get("formatMaximum")),
        text_format=text_format if text_format in ("email", "uri") else None,
        ref=_ref(ref),
        unique=bool(prop.get("x-unique", False)),
        not_before=prop.get("x-not-before"),
        default=prop.get("default"),
        width=prop.get("x-width"),
        number_format=prop.get("x-number-format"),
        examples=tuple(prop.get("examples", ())),
        extra={k: v for k, v in prop.items() if k.startswith("x-")},
    )


def _iso(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _schema_names() -> list[str]:
    folder = files("netplan_sheets") / "schemas"
    return sorted(
        entry.name.removesuffix(".schema.json")
        for entry in folder.iterdir()
        if entry.name.endswith(".schema.json")
    )


@cache
def raw_schema(key: str) -> dict[str, Any]:
    text = (files("netplan_sheets") / "schemas" / f"{key}.schema.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


# Keywords that say nothing about validity, and "type", which cell reading enforces.
_NOT_CONSTRAINTS = frozenset(
    {"title", "description", "examples", "default", "readOnly", "type", "$comment"}
)


def _constrains(prop: dict[str, Any]) -> bool:
    keys = {k for k in prop if not k.startswith("x-")} - _NOT_CONSTRAINTS
    if keys == {"items"}:
        return _constrains(prop["items"])
    return bool(keys)


@cache
def _row_validator(key: str) -> Draft202012Validator:
    from netplan_sheets.formats import FORMAT_CHECKER, PlanValidator

    row_rules = {k: v for k, v in raw_schema(key).items() if k != "properties"}
    validator: Draft202012Validator = PlanValidator(row_rules, format_checker=FORMAT_CHECKER)
    return validator


@cache
def _row_rule_keys(key: str) -> tuple[str, ...]:
    found: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            found.update(node.get("properties", {}))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk({k: v for k, v in raw_schema(key).items() if k != "properties"})
    return tuple(sorted(found))


@cache
def _property_validators(key: str) -> dict[str, Draft202012Validator]:
    from netplan_sheets.formats import FORMAT_CHECKER, PlanValidator

    return {
        name: PlanValidator(prop, format_checker=FORMAT_CHECKER)
        for name, prop in raw_schema(key)["properties"].items()
        if _constrains(prop)
    }


@cache
def sheet_schema(key: str) -> SheetSchema:
    raw = raw_schema(key)
    required = set(raw.get("required", ()))
    return SheetSchema(
        key=key,
        title=raw["title"],
        description=raw.get("description", ""),
        layout=Layout(raw.get("x-layout", "table")),
        order=int(raw["x-order"]),
        tool_owned=raw.get("x-owner") == "tool",
        columns=tuple(_column(k, p, required) for k, p in raw["properties"].items()),
        instructions=tuple(raw.get("x-instructions", ())),
        raw=raw,
    )


@cache
def all_schemas() -> tuple[SheetSchema, ...]:
    """Every sheet schema, in workbook order."""
    # Only schemas with a layout describe a sheet; others (program.schema.json) describe
    # files the cohort commands read.
    names = [k for k in _schema_names() if "x-layout" in raw_schema(k)]
    return tuple(sorted((sheet_schema(k) for k in names), key=lambda s: s.order))


def input_schemas() -> tuple[SheetSchema, ...]:
    return tuple(s for s in all_schemas() if not s.tool_owned)


def output_schemas() -> tuple[SheetSchema, ...]:
    return tuple(s for s in all_schemas() if s.tool_owned)


def by_title(title: str) -> SheetSchema:
    """The schema of the sheet titled exactly ``title`` (as the schemas and templates
    spell it; a workbook's own titles are matched by :mod:`netplan_sheets.sheet_titles`)."""
    for schema in all_schemas():
        if schema.title == title:
            return schema
    raise KeyError(title)
