"""What the computations produce: small frozen records, each with a JSON-ready ``to_dict``.

Field names are the schema keys of the columns they fill (goals, contacts, followups and
shortlist schemas), so a writer can map a field to its header through the schema. ``None``
means a blank cell and is ``null`` in JSON; dates are ISO text in JSON. ``to_dict`` always
gives every key, in a fixed order, so ``netplan sync --json`` is stable.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, fields
from enum import StrEnum
from typing import Any

from netplan_sheets.labels import GoalStatus, Reason


def json_value(value: Any) -> Any:
    """A value as JSON holds it: labels as text, dates as ISO text."""
    if isinstance(value, StrEnum):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _record(obj: Any) -> dict[str, Any]:
    return {f.name: json_value(getattr(obj, f.name)) for f in fields(obj)}


@dataclass(frozen=True)
class GoalResult:
    """The computed columns of one Goals row."""

    row: int
    goal_id: str
    actual: float  # a count (int), or Manual Progress as typed for Metric = Manual
    progress: float
    expected: float
    status: GoalStatus

    def to_dict(self) -> dict[str, Any]:
        return _record(self)


@dataclass(frozen=True)
class ContactResult:
    """The computed columns of one Contacts row."""

    row: int
    name: str
    last_contact: dt.date | None
    interaction_count: int
    next_follow_up: dt.date | None
    follow_up_status: str

    def to_dict(self) -> dict[str, Any]:
        return _record(self)


@dataclass(frozen=True)
class FollowUp:
    """One row of the Follow-ups sheet."""

    due: dt.date
    days_overdue: int
    reason: Reason
    contact: str | None
    item: str | None
    detail: str
    suggested_next_step: str

    @property
    def overdue(self) -> bool:
        return self.days_overdue > 0

    def to_dict(self) -> dict[str, Any]:
        return _record(self)


@dataclass(frozen=True)
class Candidate:
    """One row of the Mentor Shortlist sheet; components are in [0, 1]."""

    rank: int
    name: str
    organization: str | None
    role: str | None
    score: float  # rounded half-up to one decimal
    field: float
    expertise: float
    seniority: float
    values: float
    relationship: float
    availability: float
    matched_expertise: str | None
    why: str
    suggested_next_step: str

    def to_dict(self) -> dict[str, Any]:
        return _record(self)


@dataclass(frozen=True)
class Summary:
    """Headline figures for the Dashboard, the sync summary line and the cohort report."""

    goals_total: int
    goals_by_status: Mapping[GoalStatus, int]  # every status, in GoalStatus order
    goals_mean_progress: float | None  # mean of the goals' Progress; None without goals
    followups_total: int
    followups_overdue: int  # Days Overdue > 0
    followups_due_soon: int  # Days Overdue <= 0
    followups_by_reason: Mapping[Reason, int]  # every reason, in Reason order
    followups_overdue_by_reason: Mapping[Reason, int]  # every reason, in Reason order
    contacts_total: int
    contacts_never_contacted: int
    contacts_overdue: int  # contacts whose Follow-up Status is "Overdue N days"
    interactions_recent: int  # dated in the RECENT_DAYS days up to and including D
    last_activity: dt.date | None  # see the module's docstring

    def to_dict(self) -> dict[str, Any]:
        record: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, Mapping):
                value = {str(k): v for k, v in value.items()}
            record[f.name] = json_value(value)
        return record


@dataclass(frozen=True)
class Results:
    """Everything ``compute`` works out for one plan as of one date.

    ``goals`` and ``contacts`` are keyed by sheet row number, in row order.
    """

    as_of: dt.date
    goals: Mapping[int, GoalResult]
    contacts: Mapping[int, ContactResult]
    followups: tuple[FollowUp, ...]  # already sorted
    shortlist: tuple[Candidate, ...]  # already ranked
    next_review_due: dt.date | None
    summary: Summary  # the headline figures, worked out once (compute.summary)

    @property
    def top_candidate(self) -> Candidate | None:
        return self.shortlist[0] if self.shortlist else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "as_of": self.as_of.isoformat(),
            "summary": self.summary.to_dict(),
            "next_review_due": json_value(self.next_review_due),
            "goals": [g.to_dict() for g in self.goals.values()],
            "contacts": [c.to_dict() for c in self.contacts.values()],
            "followups": [f.to_dict() for f in self.followups],
            "shortlist": [c.to_dict() for c in self.shortlist],
        }


# Follow-up Status texts (docs/computations.md, "Follow-ups").
NEVER_CONTACTED = "Never contacted"
DUE_SOON = "Due soon"
OK = "OK"


def overdue_status(days: int) -> str:
    # "Overdue N days", kept for N = 1 too, so the column reads alike for every contact
    # and a filter on "Overdue" / "days" catches all of them.
    return f"Overdue {days} days"
