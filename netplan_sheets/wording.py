"""Counting things in sentences for people: "1 goal", "3 goals", "0 problems"."""

from __future__ import annotations


def noun(count: int, singular: str, plural: str | None = None) -> str:
    """The noun for ``count`` of them: ``singular`` for exactly one, else the plural
    (``singular + "s"`` unless given)."""
    if count == 1:
        return singular
    return plural if plural is not None else singular + "s"


def plural(count: int, singular: str, plural: str | None = None) -> str:
    """``count`` and its noun: ``plural(1, "goal")`` is "1 goal", ``plural(0, "goal")``
    "0 goals"."""
    return f"{count} {noun(count, singular, plural)}"
