"""Date arithmetic that cannot overflow.

Dates in a plan run from 1900-01-01 to 9999-12-31 (what a spreadsheet can show; the
schemas say so), and day counts up to 36,500. A due date worked out from them can still
fall past 9999-12-31 (a contact added on 9999-12-01 with a 90-day cadence): it is held at
9999-12-31, the last day any spreadsheet can show, rather than stopping the sync. The
saturation is only ever visible for dates in year 9999, where it reads "as late as can be".
"""

from __future__ import annotations

import datetime as dt

_FIRST = dt.date.min.toordinal()
_LAST = dt.date.max.toordinal()


def add_days(day: dt.date, days: int) -> dt.date:
    """``day + days``, held within the dates Python can represent (year 1 to 9999)."""
    return dt.date.fromordinal(min(max(day.toordinal() + days, _FIRST), _LAST))
