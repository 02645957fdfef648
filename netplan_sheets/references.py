"""Checks across rows and sheets: unique keys, and references to contacts and goals.

Of duplicate keys the first row is kept. A row that names a contact or goal that does not
exist, or whose row was left out for a problem, is itself left out and reported.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from netplan_sheets.checks import problem
from netplan_sheets.problems import Problem, ProblemType
from netplan_sheets.schema import input_schemas

if TYPE_CHECKING:
    from netplan_sheets.validation import SheetRows


def check_references(tables: dict[str, SheetRows]) -> tuple[dict[str, list[int]], list[Problem]]:
    """Row numbers kept for the computations, by sheet key, and the problems found."""
    problems: list[Problem] = []
    left_out = {key: set(table.bad_rows) for key, table in tables.items()}
    # key value -> row of its first occurrence, per (sheet title, column key)
    first_rows: dict[tuple[str, str], dict[str, int]] = {}
    schemas = {s.key: s for s in input_schemas()}
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
                    left_out[key].add(number)
                    problems.append(problem(
                        table.layout, ProblemType.DUPLICATE_KEY,
                        f'{column.title} "{value}" is already used in row {seen[value]}; '
                        f"each {column.title} must be unique",
                        number, table.layout.columns.get(column.key), value))
                else:
                    seen[value] = number
    titles_to_keys = {s.title: s.key for s in schemas.values()}
    for key, table in tables.items():
        references = [c for c in schemas[key].columns if c.ref]
        for number, typed in table.rows.items():
            for column in references:
                value = typed.get(column.key)
                if value is None or column.ref is None:
                    continue
                target_title, target_key = column.ref
                target = titles_to_keys[target_title]
                target_rows = first_rows.get((target_title, target_key), {})
                where = table.layout.columns.get(column.key)
                target_row = target_rows.get(value)
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
                left_out[key].add(number)
                problems.append(problem(table.layout, ProblemType.UNKNOWN_REFERENCE, message,
                                        number, where, value))
    kept = {
        key: [n for n in table.rows if n not in left_out[key]] for key, table in tables.items()
    }
    return kept, problems
