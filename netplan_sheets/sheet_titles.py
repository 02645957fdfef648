"""Which sheet is which: the one rule for matching a workbook's sheet titles.

- Input sheets (Profile, Goals, Contacts, ...) belong to the user. People retype titles,
  so "goals" or " Goals " is still their Goals sheet; a sheet titled exactly as the
  template does wins over such a look-alike.
- Tool-owned sheets (Dashboard, Follow-ups, Mentor Shortlist, Problems) are rewritten
  whole by every sync, so they are recognised by their exact title only: a user's own
  "dashboard" or "PROBLEMS" sheet is theirs and is never taken for the tool's.

Excel and Google Sheets refuse two titles that differ only in case, so while a user's
"dashboard" is there the tool cannot add its "Dashboard": :func:`clashing_title` finds
such a sheet, and the backends refuse to write rather than touch it.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

from netplan_sheets.schema import output_schemas

DASHBOARD_TITLE = "Dashboard"


def loose(title: str) -> str:
    """A title as input sheets are matched: ignoring case and surrounding spaces."""
    return title.strip().casefold()


def find_input_sheet(titles: Iterable[str], wanted: str) -> str | None:
    """The title among ``titles`` of the input sheet ``wanted``: exactly ``wanted`` if
    there is one, else the first that matches it ignoring case and surrounding spaces."""
    candidates = list(titles)
    if wanted in candidates:
        return wanted
    key = loose(wanted)
    return next((title for title in candidates if loose(title) == key), None)


def find_tool_sheet(titles: Iterable[str], wanted: str) -> str | None:
    """``wanted`` if a sheet has exactly that title, else None: tool-owned sheets are
    never recognised by a look-alike title."""
    return wanted if wanted in set(titles) else None


@cache
def tool_sheet_titles() -> frozenset[str]:
    """The sheets every sync rewrites whole: the Dashboard and the tool-owned schemas'."""
    return frozenset({DASHBOARD_TITLE, *(schema.title for schema in output_schemas())})


def is_tool_sheet(title: str) -> bool:
    """True only for a tool-owned sheet's exact title."""
    return title in tool_sheet_titles()


def clashing_title(titles: Iterable[str], wanted: str) -> str | None:
    """A sheet among ``titles`` that is not ``wanted`` but differs from it only in case:
    spreadsheet apps take the two for one name, so ``wanted`` cannot be added beside it."""
    folded = wanted.casefold()
    return next((t for t in titles if t != wanted and t.casefold() == folded), None)


def clash_message(source: str, theirs: str, wanted: str) -> str:
    """The one line for a user's sheet standing where the tool's sheet must go."""
    return (f"{source}: the sheet {theirs!r} is not netplan's {wanted!r} sheet, but its name "
            f"differs only in case, so netplan cannot add its own; rename {theirs!r} and "
            "sync again (nothing was written)")
