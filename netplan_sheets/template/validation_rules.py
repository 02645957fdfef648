"""Data validation for each input column, derived from its schema.

:func:`rule_for` says what a column accepts in spreadsheet terms (a list, a reference to
another sheet's column, a date, a whole number or a decimal within bounds), independent
of the file format, so every backend offers the same dropdowns and checks.
:func:`xlsx_validation` turns a rule into an openpyxl ``DataValidation``.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.utils.datetime import to_excel
from openpyxl.worksheet.datavalidation import DataValidation

from netplan_sheets.schema import Column, Kind, by_title, describe_bounds
from netplan_sheets.template.lists_sheet import ChoiceLists
from netplan_sheets.template.notes import reference_target
from netplan_sheets.template.resources import note_texts

# Excel stores dates as day numbers: 1 is 1900-01-01 and 2958465 is 9999-12-31, the
# bounds of a date column without formatMinimum / formatMaximum in its schema.
FIRST_DATE_SERIAL = 1
LAST_DATE_SERIAL = 2958465
_MAX_ERROR = 255  # Excel refuses longer error messages
_MAX_TITLE = 32  # ...and longer error titles
_UNBOUNDED = 1e15  # "any number": Excel's decimal rule needs two bounds


class RuleKind(StrEnum):
    LIST = "list"
    DATE = "date"
    WHOLE = "whole"
    DECIMAL = "decimal"


@dataclass(frozen=True)
class ColumnRule:
    """What a column accepts. ``low``/``high`` are inclusive unless ``exclusive_low``."""

    kind: RuleKind
    title: str  # the error box's title: the column's header
    error: str  # the sentence shown when a value is refused
    choices: tuple[str, ...] = ()
    ref: tuple[str, Column] | None = None  # (sheet title, column) a value must name
    low: float | None = None
    high: float | None = None
    exclusive_low: bool = False
    strict: bool = True  # False: a warning the user may dismiss


def rule_for(column: Column) -> ColumnRule | None:
    """The rule for an input column, or None when any text goes (or it is computed)."""
    if column.read_only:
        return None
    errors = note_texts()["errors"]
    title = column.title[:_MAX_TITLE]
    if column.kind is Kind.CHOICE:
        error = errors["choice"].format(choices=", ".join(column.choices))
        if len(error) > _MAX_ERROR:
            error = errors["choice_short"]
        return ColumnRule(RuleKind.LIST, title, error, choices=column.choices)
    target = reference_target(column)
    if target is not None:
        # A warning, not a stop: logging a meeting before adding the person is fine for a
        # moment; netplan validate reports the name until it is on Contacts.
        error = errors["reference"].format(sheet=target[0], column=target[1].title)
        return ColumnRule(RuleKind.LIST, title, error, ref=target, strict=False)
    if column.kind is Kind.DATE:
        low = to_excel(column.earliest) if column.earliest else FIRST_DATE_SERIAL
        high = to_excel(column.latest) if column.latest else LAST_DATE_SERIAL
        return ColumnRule(RuleKind.DATE, title, errors["date"], low=low, high=high)
    if column.kind in (Kind.INTEGER, Kind.NUMBER):
        kind = RuleKind.WHOLE if column.kind is Kind.INTEGER else RuleKind.DECIMAL
        bounds = describe_bounds(column)
        error = f"{errors[kind]} ({bounds})" if bounds else errors[f"{kind}_any"]
        exclusive = column.minimum is None and column.exclusive_minimum is not None
        low = column.minimum if column.minimum is not None else column.exclusive_minimum
        return ColumnRule(kind, title, error, low=low, high=column.maximum,
                          exclusive_low=exclusive)
    return None


def reference_range(target: tuple[str, Column], last_row: int) -> str:
    """Where the template keeps the referenced values, e.g. ``Contacts!$A$2:$A$5000``."""
    sheet_title, column = target
    schema = by_title(sheet_title)
    letter = get_column_letter(schema.columns.index(column) + 1)
    return f"{quote_sheetname(sheet_title)}!${letter}$2:${letter}${last_row}"


def xlsx_validation(rule: ColumnRule, sqref: str, lists: ChoiceLists,
                    last_row: int) -> DataValidation:
    """The openpyxl rule for ``sqref`` (e.g. ``C2:C5000``)."""
    validation = DataValidation(
        type=str(rule.kind), allow_blank=True, showErrorMessage=True,
        errorStyle="stop" if rule.strict else "warning",
        errorTitle=rule.title, error=rule.error, sqref=sqref,
    )
    if rule.kind is RuleKind.LIST:
        if rule.ref is not None:
            sheet_title, column = rule.ref
            validation.formula1 = lists.name(f"{sheet_title}_{column.title}",
                                             reference_range(rule.ref, last_row))
        else:
            validation.formula1 = lists.range_for(rule.choices, rule.title)
        return validation
    low = _number(rule.low if rule.low is not None else -_UNBOUNDED)
    high = _number(rule.high if rule.high is not None else _UNBOUNDED)
    if rule.low is not None and rule.high is None:
        validation.operator = "greaterThan" if rule.exclusive_low else "greaterThanOrEqual"
        validation.formula1 = low
    elif rule.low is None and rule.high is not None:
        validation.operator = "lessThanOrEqual"
        validation.formula1 = high
    else:
        # Both bounds, or none (any number). "between" is inclusive, so an exclusive
        # minimum with a maximum is checked a little loosely here; validate is exact.
        validation.operator = "between"
        validation.formula1, validation.formula2 = low, high
    return validation


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))

