"""The numbers a cohort report keeps of one participant's sync: counts and dates only.

Nothing here holds text from the participant's sheets (no contact, note, summary, goal
wording or sheet name): the report is built from these figures alone, so it cannot leak
what the participant wrote. Goal counts, overdue follow-ups and problems are exactly those
of ``netplan sync --json`` for the same workbook and as-of date.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, timedelta
from typing import Any

from netplan_sheets.compute import Results
from netplan_sheets.labels import Attended, GoalStatus
from netplan_sheets.rows import Plan
from netplan_sheets.sync import SyncResult

RECENT_DAYS = 30  # "interactions in the last 30 days": dated D-29 .. D


@dataclass(frozen=True)
class Figures:
    as_of: date
    goals_total: int
    goals_done: int
    goals_on_track: int
    goals_behind: int
    goals_missed: int
    goals_not_started: int
    mean_progress: float | None  # mean of the goals' Progress; None without goals
    interactions_30d: int
    followups_overdue: int
    has_shortlist: bool
    last_activity: date | None
    problems: int

    def to_dict(self) -> dict[str, Any]:
        record = asdict(self)
        record["as_of"] = self.as_of.isoformat()
        record["last_activity"] = self.last_activity.isoformat() if self.last_activity else None
        return record

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Figures:
        values = dict(data)
        values["as_of"] = date.fromisoformat(values["as_of"])
        last = values.get("last_activity")
        values["last_activity"] = date.fromisoformat(last) if last else None
        return cls(**values)


def figures_from(result: SyncResult) -> Figures:
    results = result.results
    by_status = results.summary.goals_by_status
    return Figures(
        as_of=results.as_of,
        goals_total=results.summary.goals_total,
        goals_done=by_status[GoalStatus.DONE],
        goals_on_track=by_status[GoalStatus.ON_TRACK],
        goals_behind=by_status[GoalStatus.BEHIND],
        goals_missed=by_status[GoalStatus.MISSED],
        goals_not_started=by_status[GoalStatus.NOT_STARTED],
        mean_progress=mean_progress(results),
        interactions_30d=recent_interactions(result.report.plan, results.as_of),
        followups_overdue=results.summary.followups_overdue,
        has_shortlist=bool(results.shortlist),
        last_activity=last_activity(result.report.plan, results.as_of),
        problems=len(result.report.problems),
    )


def mean_progress(results: Results) -> float | None:
    progress = [goal.progress for goal in results.goals.values()]
    return sum(progress) / len(progress) if progress else None


def recent_interactions(plan: Plan, as_of: date) -> int:
    since = as_of - timedelta(days=RECENT_DAYS - 1)
    return sum(1 for i in plan.interactions if since <= i.date <= as_of)


def last_activity(plan: Plan, as_of: date) -> date | None:
    """The latest day, up to the as-of date, the participant logged doing something:
    an interaction, a contact added, an event attended, an action done, a review."""
    days = [
        *(i.date for i in plan.interactions),
        *(c.added_on for c in plan.contacts if c.added_on),
        *(e.date for e in plan.events if e.attended is Attended.YES),
        *(a.done_on for a in plan.actions if a.done_on),
        *(r.date for r in plan.reviews),
    ]
    past = [day for day in days if day <= as_of]
    return max(past) if past else None
