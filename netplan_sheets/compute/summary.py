"""The plan's headline figures, each worked out once: the Dashboard, the one-line summary
of a sync and the cohort report all read them from the :class:`Summary` made here.

Choices where docs/computations.md is silent:

- "Interactions in the last 30 days" counts interactions dated D − 29 .. D: 30 days up to
  and including the as-of date D. Interactions dated after D have not happened.
- Last activity is the latest day, up to D, the person logged doing something: an
  interaction, a contact added, an event attended, an action done or a review.
- Mean progress is the mean of the goals' Progress (not capped at 1); None without goals.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from netplan_sheets.compute.dates import add_days
from netplan_sheets.compute.results import (
    NEVER_CONTACTED,
    ContactResult,
    FollowUp,
    GoalResult,
    Summary,
)
from netplan_sheets.labels import Attended, GoalStatus, Reason
from netplan_sheets.rows import Plan

RECENT_DAYS = 30


def summarize(
    plan: Plan,
    as_of: dt.date,
    goals: Mapping[int, GoalResult],
    contacts: Mapping[int, ContactResult],
    followups: Sequence[FollowUp],
) -> Summary:
    by_status = dict.fromkeys(GoalStatus, 0)
    for goal in goals.values():
        by_status[goal.status] += 1
    by_reason = dict.fromkeys(Reason, 0)
    late_by_reason = dict.fromkeys(Reason, 0)
    for followup in followups:
        by_reason[followup.reason] += 1
        late_by_reason[followup.reason] += followup.overdue
    overdue = sum(late_by_reason.values())
    statuses = [c.follow_up_status for c in contacts.values()]
    progress = [goal.progress for goal in goals.values()]
    return Summary(
        goals_total=len(goals),
        goals_by_status=by_status,
        goals_mean_progress=sum(progress) / len(progress) if progress else None,
        followups_total=len(followups),
        followups_overdue=overdue,
        followups_due_soon=len(followups) - overdue,
        followups_by_reason=by_reason,
        followups_overdue_by_reason=late_by_reason,
        contacts_total=len(statuses),
        contacts_never_contacted=statuses.count(NEVER_CONTACTED),
        contacts_overdue=sum(1 for s in statuses if s.startswith("Overdue ")),
        interactions_recent=recent_interactions(plan, as_of),
        last_activity=last_activity(plan, as_of),
    )


def recent_interactions(plan: Plan, as_of: dt.date) -> int:
    since = add_days(as_of, 1 - RECENT_DAYS)
    return sum(1 for i in plan.interactions if since <= i.date <= as_of)


def last_activity(plan: Plan, as_of: dt.date) -> dt.date | None:
    days = [
        *(i.date for i in plan.interactions),
        *(c.added_on for c in plan.contacts if c.added_on),
        *(e.date for e in plan.events if e.attended is Attended.YES),
        *(a.done_on for a in plan.actions if a.done_on),
        *(r.date for r in plan.reviews),
    ]
    past = [day for day in days if day <= as_of]
    return max(past) if past else None
