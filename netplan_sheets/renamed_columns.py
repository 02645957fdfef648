"""Headers that look like a renamed schema column: a warning naming both.

Columns are found by their header text, so a column a person renamed (Organization to
Company) is not read: its values would be left unused without a word, and the mentor
shortlist's Organization would come out blank. When an optional column (or a Profile or
Settings field) is missing and a header of the user's own is close to it, a warning at that
header names the missing column and asks "did you mean ...?". Close means: an alias the
schema lists (``x-aliases``), the same words spelled with other spaces, dashes or case, the
same words plus or minus some, an abbreviation (Org), or a near spelling (Organisation).

A warning leaves nothing out and does not make the plan invalid (see ``problems``):
columns of the user's own are always welcome, and this only asks. A missing required
column is already an error of its own.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from netplan_sheets.cells import read_text
from netplan_sheets.layout import SheetLayout
from netplan_sheets.problems import Problem, ProblemType, Severity
from netplan_sheets.schema import FIELD_HEADER, Column, Layout

_WORD = re.compile(r"[^\W_]+")
_NEAR_SPELLING = 0.8  # difflib ratio: "Organisation" / "Organization" is 0.92
_SHORTEST_ABBREVIATION = 3


def renamed_columns(layout: SheetLayout) -> list[Problem]:
    """A warning per missing optional column whose likely new header is on the sheet."""
    sheet = layout.sheet
    if sheet is None:
        return []
    schema = layout.schema
    known = {c.title.casefold() for c in schema.columns}
    if schema.layout is Layout.FIELDS:
        found_keys = set(layout.field_rows)
        label_column = layout.columns.get(FIELD_HEADER)
        if label_column is None:
            return []
        places = [(number, label_column, read_text(sheet.row(number)[label_column - 1]))
                  for number in range(2, sheet.max_row + 1)
                  if label_column <= len(sheet.row(number))]
        noun, what = "field", "label"
    else:
        found_keys = set(layout.columns)
        places = [(1, index, read_text(value)) for index, value in enumerate(sheet.row(1), 1)]
        noun, what = "column", "header"
    missing = [c for c in schema.input_columns if not c.required and c.key not in found_keys]
    unknown = [(row, col, text) for row, col, text in places
               if text and text.casefold() not in known]
    problems = []
    for column, (row, col, text) in _pairs(missing, unknown):
        default = f", and the default ({column.default}) is used" \
            if column.default is not None else ""
        problems.append(layout.problem(
            ProblemType.RENAMED_COLUMN,
            f'the {noun} {column.title} is missing; did you mean "{text}"? Rename this '
            f'{what} to "{column.title}" so that netplan reads it (until then it is not '
            f"read{default})", row, col, header=text, severity=Severity.WARNING))
    return problems


def _pairs(missing: list[Column], unknown: list[tuple[int, int, str]]
           ) -> list[tuple[Column, tuple[int, int, str]]]:
    """Each missing column with its closest unknown header, each header used once, closest
    pairs first; in sheet order."""
    scored = sorted(
        ((score, place[:2], column.key, column, place)
         for column in missing for place in unknown
         if (score := closeness(column, place[2])) > 0),
        key=lambda item: (-item[0], item[1], item[2]))
    taken_columns: set[str] = set()
    taken_places: set[tuple[int, int]] = set()
    pairs = []
    for _, where, key, column, place in scored:
        if key in taken_columns or where in taken_places:
            continue
        taken_columns.add(key)
        taken_places.add(where)
        pairs.append((column, place))
    return sorted(pairs, key=lambda pair: pair[1][:2])


def closeness(column: Column, text: str) -> float:
    """How likely ``text`` is ``column``'s header renamed: 0 (not at all) to 1."""
    words = _words(text)
    title = _words(column.title)
    if not words:
        return 0.0
    if words == title or "".join(words) == "".join(title):
        return 1.0  # other spaces, dashes or case
    if any(_words(alias) == words for alias in column.extra.get("x-aliases", ())):
        return 0.95
    if set(words) < set(title) or set(title) < set(words):
        return 0.85  # "Organization Name", "Years"
    ratio = SequenceMatcher(None, "".join(words), "".join(title)).ratio()
    if ratio >= _NEAR_SPELLING:
        return ratio * 0.9
    if len(words) == len(title) and all(
            len(w) >= _SHORTEST_ABBREVIATION and t.startswith(w)
            for w, t in zip(words, title, strict=True)):
        return 0.7  # "Org", "Avail"
    return 0.0


def _words(text: str) -> list[str]:
    return _WORD.findall(text.casefold())
