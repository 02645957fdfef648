"""Checks across rows and sheets, after each sheet's own: unique keys (Goal ID, contact
Name), then references to contacts and goals.

Of duplicate keys the first row is kept. A row that names a contact or goal that does not
exist, or whose row was left out for a problem, is itself left out and reported.
"""

from __future__ import annotations

from netplan_sheets.problems import Problem, ProblemType
from netplan_sheets.schema import SheetSchema, input_schemas
from netplan_sheets.sheet_checks import SheetRows

# (sheet title, column key) -> key value -> the row it first appears in
FirstRows = dict[tuple[str, str], dict[str, int]]


def cross_sheet_checks(
    tables: dict[str, SheetRows]
) -> tuple[dict[str, list[int]], list[Problem]]:
    """Row numbers kept for the computations, by sheet key, and the problems found."""
    left_out = {key: set(table.bad_rows) for key, table in tables.items()}
    first_rows, duplicates, problems = unique_keys(tables)
    for key, rows in duplicates.items():
        left_out[key] |= rows
    referencing, found = unknown_references(tables, first_rows, left_out)
    problems.extend(found)
    for key, rows in referencing.items():
        left_out[key] |= rows
    kept = {
        key: [n for n in table.rows if n not in left_out[key]] for key, table in tables.items()
    }
    return kept, problems


def unique_keys(
    tables: dict[str, SheetRows]
) -> tuple[FirstRows, dict[str, set[int]], list[Problem]]:
    """Where each key value first appears; the later rows repeating one, by sheet key; and
    a problem for each of those."""
    schemas = _schemas()
    first_rows: FirstRows = {}
    duplicates: dict[str, set[int]] = {key: set() for key in tables}
    problems: list[Problem] = []
    for key, table in tables.items():
        for column in schemas[key].columns:
            if not column.unique:
                continue
            seen: dict[str, int] = {}
            first_rows[(schemas[key].title, column.key)] = seen
            for number, typed in table.rows.items():
                value = typed.get(column.key)
                if value is None:
                    continue
                if value in seen:
                    duplicates[key].add(number)
                    problems.append(table.layout.problem(
                        ProblemType.DUPLICATE_KEY,
                        f'{column.title} "{value}" is already used in row {seen[value]}; '
                        f"each {column.title} must be unique",
                        number, table.layout.columns.get(column.key), value))
                else:
                    seen[value] = number
    return first_rows, duplicates, problems


def unknown_references(
    tables: dict[str, SheetRows], first_rows: FirstRows, left_out: dict[str, set[int]]
) -> tuple[dict[str, set[int]], list[Problem]]:
    """Rows naming a contact or goal that is not there, or whose row is in ``left_out``
    (the sheets named, Contacts and Goals, name nothing themselves), by sheet key; and a
    problem for each."""
    schemas = _schemas()
    titles_to_keys = {s.title: s.key for s in schemas.values()}
    referencing: dict[str, set[int]] = {key: set() for key in tables}
    problems: list[Problem] = []
    for key, table in tables.items():
        references = [c for c in schemas[key].columns if c.ref]
        for number, typed in table.rows.items():
            for column in references:
                value = typed.get(column.key)
                if value is None or column.ref is None:
                    continue
                target_title, target_key = column.ref
                target = titles_to_keys[target_title]
                target_row = first_rows.get((target_title, target_key), {}).get(value)
                if not tables[target].readable:
                    message = (f'"{value}" cannot be looked up: the {target_title} sheet cannot '
                               f"be read until its own problem is fixed")
                elif target_row is None:
                    message = (f"there is no {target_title} row with "
                               f'{schemas[target].column(target_key).title} "{value}"')
                elif target_row in left_out[target]:
                    message = (f'"{value}" is left out because its row in {target_title} '
                               f"(row {target_row}) has a problem; fix that row first")
                else:
                    continue
                referencing[key].add(number)
                problems.append(table.layout.problem(
                    ProblemType.UNKNOWN_REFERENCE, message, number,
                    table.layout.columns.get(column.key), value))
    return referencing, problems


def _schemas() -> dict[str, SheetSchema]:
    return {s.key: s for s in input_schemas()}
