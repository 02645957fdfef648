"""Goal progress: Actual, Progress, Expected and Status of each goal (docs/computations.md,
"Goal progress", with the choices settled there).

Actual is an ``int`` count, or Manual Progress as typed (``int`` or ``float``). Progress
and Expected are plain floats; Status compares them as exact fractions, so a goal exactly
on schedule is On track whatever the binary rounding of the two floats.
"""

from __future__ import annotations

import datetime as dt
import math
import sys
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from netplan_sheets.compute.results import GoalResult
from netplan_sheets.labels import (
    ActionStatus,
    Attended,
    GoalStatus,
    InteractionType,
    Metric,
    Relationship,
    YesNo,
)
from netplan_sheets.rows import Contact, Goal, Interaction, Plan

MENTOR_RELATIONSHIPS = frozenset({Relationship.MENTOR, Relationship.POTENTIAL_MENTOR})
MEETING_TYPES = frozenset({
    InteractionType.COFFEE_CHAT,
    InteractionType.MEETING,
    InteractionType.CALL,
    InteractionType.INFORMATIONAL_INTERVIEW,
})
FOLLOW_UP_TYPES = frozenset({InteractionType.THANK_YOU_NOTE, InteractionType.FOLLOW_UP})

InteractionTest = Callable[[Interaction, Mapping[str, Contact]], bool]

# Which interactions each interaction-based metric counts.
INTERACTION_METRICS: dict[Metric, InteractionTest] = {
    Metric.INTERACTIONS: lambda i, contacts: True,
    Metric.INFORMATIONAL_INTERVIEWS:
        lambda i, contacts: i.type is InteractionType.INFORMATIONAL_INTERVIEW,
    Metric.MENTOR_MEETINGS: lambda i, contacts: (
        i.type in MEETING_TYPES
        and i.contact in contacts
        and contacts[i.contact].relationship in MENTOR_RELATIONSHIPS
    ),
    Metric.FOLLOW_UPS_SENT: lambda i, contacts: i.type in FOLLOW_UP_TYPES,
    Metric.OPPORTUNITIES_PURSUED: lambda i, contacts: i.opportunity is YesNo.YES,
}


def goal_results(plan: Plan, as_of: dt.date) -> dict[int, GoalResult]:
    """The computed columns of every goal, keyed by row number, in row order."""
    counted = CountedDates.of(plan)
    results = [goal_result(goal, counted, as_of) for goal in plan.goals]
    return {r.row: r for r in sorted(results, key=lambda r: r.row)}


def goal_result(goal: Goal, counted: CountedDates, as_of: dt.date) -> GoalResult:
    actual = counted.actual(goal, as_of)
    expected = expected_fraction(goal, as_of)
    progress = _exact(actual) / _exact(goal.target)
    return GoalResult(
        row=goal.row,
        goal_id=goal.goal_id,
        actual=actual,
        progress=_showable(actual / goal.target),
        expected=float(expected),
        status=goal_status(goal, actual, progress, expected, as_of),
    )


def _showable(value: float) -> float:
    """A Target so small that the quotient overflows (1e-320) gives the largest number a
    cell can hold: no cell can hold an infinite one."""
    return value if math.isfinite(value) else sys.float_info.max


@dataclass(frozen=True)
class CountedDates:
    """The dates of the records each metric counts, sorted, so that a goal's window is
    counted by bisection: a large plan (200 goals, 20,000 interactions) stays fast."""

    shared: Mapping[Metric, Sequence[dt.date]]  # count toward every goal of the metric
    tagged: Mapping[tuple[Metric, str], Sequence[dt.date]]  # only toward that Goal ID

    @classmethod
    def of(cls, plan: Plan) -> CountedDates:
        contacts = {c.name: c for c in plan.contacts}
        shared: dict[Metric, list[dt.date]] = defaultdict(list)
        tagged: dict[tuple[Metric, str], list[dt.date]] = defaultdict(list)
        shared[Metric.NEW_CONTACTS] = [c.added_on for c in plan.contacts if c.added_on]
        shared[Metric.EVENTS_ATTENDED] = [
            e.date for e in plan.events if e.attended is Attended.YES
        ]
        for a in plan.actions:
            # Only actions that name the goal count toward it: no shared list.
            if a.status is ActionStatus.DONE and a.goal_id and a.done_on:
                tagged[(Metric.ACTIONS_COMPLETED, a.goal_id)].append(a.done_on)
        for i in plan.interactions:
            for metric, matches in INTERACTION_METRICS.items():
                if not matches(i, contacts):
                    continue
                # A goal-tagged interaction serves only its own goal; an untagged one, all.
                if i.goal_id is None:
                    shared[metric].append(i.date)
                else:
                    tagged[(metric, i.goal_id)].append(i.date)
        return cls(
            shared={k: sorted(v) for k, v in shared.items()},
            tagged={k: sorted(v) for k, v in tagged.items()},
        )

    def actual(self, goal: Goal, as_of: dt.date) -> float:
        if goal.metric is Metric.MANUAL:
            # No window: the user's own running count.
            return goal.manual_progress if goal.manual_progress is not None else 0
        return (
            in_window(self.shared.get(goal.metric, ()), goal, as_of)
            + in_window(self.tagged.get((goal.metric, goal.goal_id), ()), goal, as_of)
        )


def in_window(dates: Sequence[dt.date], goal: Goal, as_of: dt.date) -> int:
    """How many of the sorted ``dates`` are in [Start, min(Due, As Of)], ends included."""
    end = min(goal.due, as_of)
    if end < goal.start:
        return 0
    return bisect_right(dates, end) - bisect_left(dates, goal.start)


def expected_fraction(goal: Goal, as_of: dt.date) -> Fraction:
    """How far through its timeline the goal is, in [0, 1]; 1 when Due = Start."""
    length = (goal.due - goal.start).days
    if length <= 0:
        return Fraction(1)
    elapsed = (as_of - goal.start).days
    return min(max(Fraction(elapsed, length), Fraction(0)), Fraction(1))


def goal_status(
    goal: Goal, actual: float, progress: Fraction, expected: Fraction, as_of: dt.date
) -> GoalStatus:
    """The first that applies: Done, Missed, Not started, On track, Behind."""
    if _exact(actual) >= _exact(goal.target):
        return GoalStatus.DONE
    if as_of > goal.due:
        return GoalStatus.MISSED
    if as_of < goal.start:
        return GoalStatus.NOT_STARTED
    if progress >= expected:
        return GoalStatus.ON_TRACK
    return GoalStatus.BEHIND


def _exact(number: float) -> Fraction:
    # Through repr, so a typed 0.1 is one tenth, not its binary neighbour.
    return Fraction(repr(number))
