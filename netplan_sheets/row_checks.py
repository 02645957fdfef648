"""Checking the rows of one sheet against its schema: cell types, then the row's JSON Schema.

Every problem is reported, not the first: a row with three bad cells gives three records.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from netplan_sheets.cells import CellError, FormulaWithoutValue, is_blank, read_cell, shown, to_json
from netplan_sheets.layout import SheetLayout
from netplan_sheets.problems import Problem, ProblemType
from netplan_sheets.schema import (
    VALUE_HEADER,
    Column,
    Kind,
    Layout,
    SheetSchema,
    describe_bounds,
)

_FORMAT_MESSAGES = {
    "email": "expected an email address like ann@example.com",
    "uri": "expected a web address like https://example.com",
    "date": "expected a date like 2026-11-03",
}


# How one cell reads: its typed value and the schema errors of that value alone, or why it
# cannot be read; None for a blank cell (spaces only).
Reading = tuple[Any, list[ValidationError]] | CellError | None
_UNREAD = object()


class RowChecker:
    """Checks rows of one sheet; built once per sheet so per-row work stays small.

    Most columns repeat a few values (dates, labels, names), so each distinct cell value is
    read and checked against its column's schema once, and each distinct row shape (which
    cells are filled, and the values the row-level rules look at) once. Free text without
    rules (Summary, Notes) is read as it comes: its values seldom repeat."""

    def __init__(self, layout: SheetLayout, epoch: date) -> None:
        self.layout = layout
        self.schema: SheetSchema = layout.schema
        self.epoch = epoch
        self.validator = self.schema.row_validator()
        self.rule_keys = self.schema.row_rule_keys()
        self.row_verdicts: dict[tuple[Any, ...], list[ValidationError]] = {}
        self.property_validators = self.schema.property_validators()
        self.fields_layout = self.schema.layout is Layout.FIELDS
        where = layout.field_rows if self.fields_layout else layout.columns
        self.present = [(c, where[c.key]) for c in self.schema.input_columns if c.key in where]
        self.position = {c.key: i for c, i in self.present}
        # (column, 0-based position, its Readings by (type, raw value), or None: not worth
        # caching)
        self.cells: list[tuple[Column, int, dict[tuple[type, Any], Any] | None]] = [
            (c, i - 1, None if c.kind is Kind.TEXT and c.key not in self.property_validators
             else {})
            for c, i in self.present
        ]
        self.date_order = [(c, self.schema.column(c.not_before))
                           for c, _ in self.present if c.not_before]
        self.then_condition = _then_condition(self.schema)

    def check(
        self, number: int, row: tuple[Any, ...], raw_of: dict[str, Any] | None = None
    ) -> tuple[dict[str, Any], list[Problem]]:
        """Typed values and problems of one row. ``raw_of`` (fields layout) gives the raw
        cell values by key instead of positions in ``row``."""
        return self._verdict(number, row, raw_of, *self._read_row(row, raw_of))

    def check_row(
        self, number: int, row: tuple[Any, ...]
    ) -> tuple[dict[str, Any], list[Problem]] | None:
        """:meth:`check` of a table row; None when all its input cells are blank."""
        typed, errors, unreadable = self._read_row(row, None)
        if not (typed or unreadable):
            return None
        return self._verdict(number, row, None, typed, errors, unreadable)

    def _read_row(
        self, row: tuple[Any, ...], raw_of: dict[str, Any] | None
    ) -> tuple[dict[str, Any], list[ValidationError], list[tuple[Column, Any, CellError]]]:
        """Typed values, the cells' own schema errors, and the cells that cannot be read."""
        typed: dict[str, Any] = {}
        errors: list[ValidationError] = []
        unreadable: list[tuple[Column, Any, CellError]] = []
        width = len(row)
        for column, index, readings in self.cells:
            if raw_of is not None:
                value = raw_of.get(column.key)
            else:
                value = row[index] if index < width else None
            if value is None:
                continue
            if readings is None:
                if value.__class__ is str:  # free text, read as read_cell would
                    if text := value.strip():
                        typed[column.key] = text
                    continue
                reading = self._read(column, value)
            else:
                # keyed by type too: True == 1 == 1.0, but they read differently
                reading = readings.get((value.__class__, value), _UNREAD)
                if reading is _UNREAD:
                    reading = readings[(value.__class__, value)] = self._read(column, value)
            if isinstance(reading, tuple):
                typed[column.key] = reading[0]
                if reading[1]:
                    errors.extend(reading[1])
            elif reading is not None:
                unreadable.append((column, value, reading))
        return typed, errors, unreadable

    def _verdict(
        self,
        number: int,
        row: tuple[Any, ...],
        raw_of: dict[str, Any] | None,
        typed: dict[str, Any],
        errors: list[ValidationError],
        unreadable: list[tuple[Column, Any, CellError]],
    ) -> tuple[dict[str, Any], list[Problem]]:
        errors[:0] = self._row_errors(typed)
        late = [(column, earlier) for column, earlier in self.date_order
                if column.key in typed and earlier.key in typed
                and typed[column.key] < typed[earlier.key]] if self.date_order else []
        if not (errors or unreadable or late):
            return typed, []
        return self._report(number, self._raw(row, raw_of), typed, errors, unreadable, late)

    def _read(self, column: Column, value: Any) -> Reading:
        if is_blank(value):
            return None
        try:
            typed = read_cell(value, column, self.epoch)
        except CellError as bad_cell:
            return bad_cell
        validator = self.property_validators.get(column.key)
        if validator is None:
            return typed, []
        errors = list(validator.iter_errors(to_json(typed)))
        for error in errors:
            error.path.appendleft(column.key)  # as if validated within the row
        return typed, errors

    def _row_errors(self, typed: dict[str, Any]) -> list[ValidationError]:
        # the filled keys, then the values of the keys the rules read (always as many)
        shape = (*typed, *[to_json(typed.get(k)) for k in self.rule_keys])
        found = self.row_verdicts.get(shape)
        if found is None:
            instance = {key: to_json(value) for key, value in typed.items()}
            found = self.row_verdicts[shape] = _one_per_keyword(self.validator, instance)
        return found

    def _raw(self, row: tuple[Any, ...], raw_of: dict[str, Any] | None) -> dict[str, Any]:
        """The row's non-blank raw values by key (problems quote them)."""
        if raw_of is None:
            raw_of = {c.key: row[i - 1] for c, i in self.present if i <= len(row)}
        return {c.key: raw_of[c.key] for c, _ in self.present
                if not is_blank(raw_of.get(c.key))}

    def _report(
        self,
        number: int,
        raw: dict[str, Any],
        typed: dict[str, Any],
        errors: list[ValidationError],
        unreadable: list[tuple[Column, Any, CellError]],
        late: list[tuple[Column, Column]],
    ) -> tuple[dict[str, Any], list[Problem]]:
        """The problems of a row that has some; values with a problem leave ``typed``."""
        problems = [
            self._problem(ProblemType.FORMULA_WITHOUT_VALUE
                          if isinstance(value, FormulaWithoutValue) else ProblemType.TYPE_ERROR,
                          str(bad_cell), number, column, value)
            for column, value, bad_cell in unreadable
        ]
        instance = {key: to_json(value) for key, value in typed.items()}
        bad: set[str] = set()
        for error in errors:
            for key, found in self._schema_problems(error, number, typed, raw, instance):
                bad.add(key)
                problems.append(found)
        for column, earlier in late:
            problems.append(self._problem(
                ProblemType.DATE_ORDER,
                f"{column.title} is before {earlier.title} ({shown(typed[earlier.key])})",
                number, column, raw[column.key]))
            bad.add(column.key)
        for key in bad:
            typed.pop(key, None)
        return typed, problems

    def _problem(
        self, kind: ProblemType, message: str, number: int, column: Column, value: Any
    ) -> Problem:
        if self.fields_layout:
            row = self.layout.field_rows.get(column.key, number)
            value_column = self.layout.columns.get(VALUE_HEADER)
            return self.layout.problem(kind, message, row, value_column, value, column.title)
        return self.layout.problem(kind, message, number, self.position.get(column.key), value,
                                   column.title)

    def _schema_problems(
        self,
        error: ValidationError,
        number: int,
        typed: dict[str, Any],
        raw: dict[str, Any],
        instance: dict[str, Any],
    ) -> Iterator[tuple[str, Problem]]:
        if error.validator == "required":
            conditional = "then" in error.relative_schema_path
            for key in error.validator_value:
                if key in raw:
                    continue  # present: blank-free, and any type problem is reported already
                column = self.schema.column(key)
                if key not in self.position:
                    continue  # the whole column is missing: reported once, for the sheet
                message = f"{column.title} is required"
                if conditional and self.then_condition:
                    message += f" when {self.then_condition}"
                yield key, self._problem(ProblemType.MISSING_CELL, message, number, column, None)
            return
        if not error.absolute_path:
            return
        key = str(error.absolute_path[0])
        column = self.schema.column(key)
        if key not in typed:
            return  # a type problem was already reported for this cell
        yield key, self._problem(ProblemType.CONSTRAINT_ERROR, _message(column, error),
                                 number, column, raw.get(key))


def _one_per_keyword(
    validator: Draft202012Validator, instance: dict[str, Any]
) -> list[ValidationError]:
    """The row's errors, one per failing keyword: ``required`` fails once per missing key,
    each error naming every required key, and the caller reports each missing key itself."""
    found: dict[tuple[Any, ...], ValidationError] = {}
    for error in validator.iter_errors(instance):
        found.setdefault((error.validator, *error.relative_schema_path), error)
    return list(found.values())


def _message(column: Column, error: ValidationError) -> str:
    if error.validator == "enum":
        return "expected one of: " + ", ".join(column.choices)
    if error.validator == "format":
        return _FORMAT_MESSAGES.get(str(error.validator_value), "has the wrong format")
    if error.validator in ("formatMinimum", "formatMaximum"):
        return f"expected a date {describe_bounds(column)}"
    if error.validator in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        noun = "a whole number" if column.kind.value == "integer" else "a number"
        return f"expected {noun} {describe_bounds(column)}"
    if error.validator == "minLength":
        return f"{column.title} is required"
    return f"{column.title} is not valid: {error.message}"


def _then_condition(schema: SheetSchema) -> str:
    """'Status is Done', from the schema's if/then, for the conditional-required message."""
    condition = schema.raw.get("if", {}).get("properties", {})
    parts = [
        f"{schema.column(key).title} is {spec['const']}"
        for key, spec in condition.items()
        if "const" in spec
    ]
    return " and ".join(parts)

