"""Asserting on validation problems: where they are, and that people can read them."""

from __future__ import annotations

import re

from netplan_sheets.problems import Problem, ProblemType

# What a Python repr or a leaked exception looks like in a message: an exception's name, a
# dict, list or string repr ('Dana'), None, an escaped newline, an object's repr.
NOT_READABLE = re.compile(
    r"Error\b|Exception|Traceback|\{'|\['|(^|\s)'[^']*'|\bNone\b|\\n|<[\w.]+ object")


def triples(problems: list[Problem]) -> set[tuple[str, str | None, ProblemType]]:
    return {(p.location, p.column, p.type) for p in problems}


def assert_readable(message: str) -> None:
    """One line of words for a person: no code, no exception, no repr."""
    assert message == message.strip() and "\n" not in message, message
    assert re.match(r'^["\w]', message) and len(message.split()) >= 3, message
    assert not NOT_READABLE.search(message), message
