"""The numbers a cohort report keeps of one participant's sync: counts and dates only.

Nothing here holds text from the participant's sheets (no contact, note, summary, goal
wording or sheet name): the report is built from these figures alone, so it cannot leak
what the participant wrote. Every figure is read from the sync's
:class:`~netplan_sheets.compute.Summary` (the one the Dashboard shows), never worked out
again, so they are exactly those of ``netplan sync --json`` for the same workbook and
as-of date.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, fields
from datetime import date
from typing import Any

from netplan_sheets.compute import RECENT_DAYS, Summary
from netplan_sheets.labels import GoalStatus
from netplan_sheets.sync import SyncResult

__all__ = ["FIGURE_KEYS", "RECENT_DAYS", "Figures", "GoalCounts", "figures_from"]


@dataclass(frozen=True)
class GoalCounts:
    """Goals by status: one participant's, or summed over a group."""

    goals_total: int = 0
    goals_done: int = 0
    goals_on_track: int = 0
    goals_behind: int = 0
    goals_missed: int = 0
    goals_not_started: int = 0

    @classmethod
    def of(cls, summary: Summary) -> GoalCounts:
        by_status = summary.goals_by_status
        return cls(summary.goals_total, by_status[GoalStatus.DONE],
                   by_status[GoalStatus.ON_TRACK], by_status[GoalStatus.BEHIND],
                   by_status[GoalStatus.MISSED], by_status[GoalStatus.NOT_STARTED])

    @classmethod
    def total(cls, counts: Iterable[GoalCounts]) -> GoalCounts:
        found = list(counts)
        return cls(*(sum(getattr(c, f.name) for c in found) for f in fields(cls)))

    @property
    def behind_or_missed(self) -> bool:
        return bool(self.goals_behind or self.goals_missed)

    def to_dict(self) -> dict[str, int]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


@dataclass(frozen=True)
class Figures:
    as_of: date
    goals: GoalCounts
    mean_progress: float | None  # mean of the goals' Progress; None without goals
    interactions_30d: int
    followups_overdue: int
    has_shortlist: bool
    last_activity: date | None
    problems: int

    def to_dict(self) -> dict[str, Any]:
        """Flat, as cohort-status.json and the report's JSON keep it."""
        return {
            "as_of": self.as_of.isoformat(),
            **self.goals.to_dict(),
            "mean_progress": self.mean_progress,
            "interactions_30d": self.interactions_30d,
            "followups_overdue": self.followups_overdue,
            "has_shortlist": self.has_shortlist,
            "last_activity": self.last_activity.isoformat() if self.last_activity else None,
            "problems": self.problems,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Figures:
        last = data.get("last_activity")
        goals = GoalCounts(**{f.name: data[f.name] for f in fields(GoalCounts)})
        return cls(
            as_of=date.fromisoformat(data["as_of"]),
            goals=goals,
            mean_progress=data["mean_progress"],
            interactions_30d=data["interactions_30d"],
            followups_overdue=data["followups_overdue"],
            has_shortlist=data["has_shortlist"],
            last_activity=date.fromisoformat(last) if last else None,
            problems=data["problems"],
        )


# The keys of Figures.to_dict(), in order: a participant without figures has them blank.
FIGURE_KEYS = ("as_of", *(f.name for f in fields(GoalCounts)), "mean_progress",
               "interactions_30d", "followups_overdue", "has_shortlist", "last_activity",
               "problems")


def figures_from(result: SyncResult) -> Figures:
    summary = result.results.summary
    return Figures(
        as_of=result.results.as_of,
        goals=GoalCounts.of(summary),
        mean_progress=summary.goals_mean_progress,
        interactions_30d=summary.interactions_recent,
        followups_overdue=summary.followups_overdue,
        has_shortlist=result.results.top_candidate is not None,
        last_activity=summary.last_activity,
        problems=len(result.report.errors),  # warnings leave the plan valid
    )
