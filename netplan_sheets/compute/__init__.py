"""The computations, as pure functions of a Plan and an as-of date. What each figure is, and
the choices the rules leave open, are in docs/computations.md; each module says which part.

``compute(plan, as_of)`` is the one entry point; the caller decides the as-of date (the
``--as-of`` option, else Settings' As Of, else today), so ``plan.settings.as_of`` is not read
here. The Plan holds only valid rows (validation leaves the others out); goal and contact
row numbers must be distinct, as they are for rows read from a sheet.
"""

from __future__ import annotations

import datetime as dt

from netplan_sheets.compute.followups import (
    contact_results,
    followups,
    history,
    next_review_due,
)
from netplan_sheets.compute.progress import goal_results
from netplan_sheets.compute.results import (
    Candidate,
    ContactResult,
    FollowUp,
    GoalResult,
    Results,
    Summary,
)
from netplan_sheets.compute.shortlist import shortlist
from netplan_sheets.compute.summary import RECENT_DAYS, summarize
from netplan_sheets.rows import Plan

__all__ = [
    "RECENT_DAYS",
    "Candidate",
    "ContactResult",
    "FollowUp",
    "GoalResult",
    "Results",
    "Summary",
    "compute",
]


def compute(plan: Plan, as_of: dt.date) -> Results:
    """Goal progress, contacts' computed columns, follow-ups, the mentor shortlist and the
    headline figures (:class:`Summary`)."""
    for sheet, rows in (("goals", plan.goals), ("contacts", plan.contacts)):
        numbers = [r.row for r in rows]
        if len(set(numbers)) != len(numbers):
            raise ValueError(f"{sheet}: row numbers must be distinct (results are keyed by row)")
    past_by_contact = history(plan, as_of)
    goals = goal_results(plan, as_of)
    contacts = contact_results(plan, as_of, past_by_contact)
    owed = followups(plan, as_of, past_by_contact)
    return Results(
        as_of=as_of,
        goals=goals,
        contacts=contacts,
        followups=owed,
        shortlist=shortlist(plan),
        next_review_due=next_review_due(plan, as_of),
        summary=summarize(plan, as_of, goals, contacts, owed),
    )
