"""Counted nouns in messages: one rule for "1 goal" and "3 goals"."""

from __future__ import annotations

import pytest

from netplan_sheets.wording import noun, plural


@pytest.mark.parametrize(("count", "expected"),
                         [(0, "0 goals"), (1, "1 goal"), (2, "2 goals")])
def test_plural_counts_with_the_noun(count: int, expected: str) -> None:
    assert plural(count, "goal") == expected


def test_irregular_plurals_and_the_noun_alone() -> None:
    assert plural(3, "person", "people") == "3 people"
    assert plural(1, "person", "people") == "1 person"
    assert noun(2, "column") == "columns" and noun(1, "column") == "column"
