"""Typed rows: one frozen dataclass per input sheet, fields named as the schema's keys.

tests/test_schemas.py checks that each dataclass has exactly its schema's input columns.
``row`` is the sheet row the record came from (0 for a record not read from a sheet).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields
from functools import cache
from typing import Any, TypeVar

from netplan_sheets.labels import (
    ActionStatus,
    Attended,
    Availability,
    InteractionType,
    Metric,
    Relationship,
    YesNo,
)


@dataclass(frozen=True)
class Profile:
    name: str | None = None
    email: str | None = None
    target_role: str | None = None
    industry: str | None = None
    years_experience: int | None = None
    short_term_goal: str | None = None
    long_term_goal: str | None = None
    elevator_pitch: str | None = None
    linkedin: str | None = None
    website: str | None = None
    strengths: tuple[str, ...] = ()
    skills_to_develop: tuple[str, ...] = ()
    values: tuple[str, ...] = ()


@dataclass(frozen=True)
class Settings:
    as_of: dt.date | None = None
    cadence_key_connection: int = 30
    cadence_potential_mentor: int = 21
    cadence_mentor: int = 14
    cadence_peer: int = 60
    cadence_recruiter: int = 45
    cadence_other: int = 90
    thank_you_window: int = 2
    review_every: int = 30
    upcoming_window: int = 7
    shortlist_size: int = 5
    weight_field: float = 3
    weight_expertise: float = 3
    weight_seniority: float = 2
    weight_values: float = 2
    weight_relationship: float = 1
    weight_availability: float = 1

    def cadence(self, relationship: Relationship) -> int:
        days: int = getattr(self, "cadence_" + relationship.name.lower())
        return days

    def weights(self) -> dict[str, float]:
        """Mentor weights by component name (field, expertise, ...)."""
        return {
            f.name.removeprefix("weight_"): float(getattr(self, f.name))
            for f in fields(self)
            if f.name.startswith("weight_")
        }


@dataclass(frozen=True)
class Goal:
    goal_id: str
    goal: str
    metric: Metric
    target: float
    start: dt.date
    due: dt.date
    horizon: str | None = None
    manual_progress: float | None = None
    notes: str | None = None
    row: int = 0


@dataclass(frozen=True)
class Contact:
    name: str
    relationship: Relationship
    organization: str | None = None
    role: str | None = None
    industry: str | None = None
    email: str | None = None
    linkedin: str | None = None
    how_met: str | None = None
    strength: int | None = None
    expertise: tuple[str, ...] = ()
    years_experience: int | None = None
    shares_values: int | None = None
    availability: Availability | None = None
    follow_up_every: int | None = None
    added_on: dt.date | None = None
    notes: str | None = None
    row: int = 0


@dataclass(frozen=True)
class Interaction:
    date: dt.date
    contact: str
    type: InteractionType
    summary: str | None = None
    follow_up_by: dt.date | None = None
    follow_up_done: YesNo | None = None
    opportunity: YesNo | None = None
    goal_id: str | None = None
    row: int = 0


@dataclass(frozen=True)
class Action:
    action: str
    due: dt.date
    status: ActionStatus
    goal_id: str | None = None
    strategy: str | None = None
    contact: str | None = None
    done_on: dt.date | None = None
    notes: str | None = None
    row: int = 0


@dataclass(frozen=True)
class Event:
    event: str
    date: dt.date
    type: str | None = None
    organization: str | None = None
    attended: Attended | None = None
    new_contacts: int | None = None
    notes: str | None = None
    row: int = 0


@dataclass(frozen=True)
class Review:
    date: dt.date
    what_worked: str | None = None
    what_to_adjust: str | None = None
    feedback_from: str | None = None
    next_steps: str | None = None
    row: int = 0


@dataclass(frozen=True)
class Plan:
    """The valid rows of a workbook, ready for the computations."""

    profile: Profile = field(default_factory=Profile)
    settings: Settings = field(default_factory=Settings)
    goals: tuple[Goal, ...] = ()
    contacts: tuple[Contact, ...] = ()
    interactions: tuple[Interaction, ...] = ()
    actions: tuple[Action, ...] = ()
    events: tuple[Event, ...] = ()
    reviews: tuple[Review, ...] = ()


RECORD_TYPES: dict[str, type[Any]] = {
    "profile": Profile,
    "settings": Settings,
    "goals": Goal,
    "contacts": Contact,
    "interactions": Interaction,
    "actions": Action,
    "events": Event,
    "reviews": Review,
}

# Fields whose text is one of the labels: typed as the StrEnum on the record.
_ENUM_FIELDS: dict[str, type[Any]] = {
    "metric": Metric,
    "relationship": Relationship,
    "availability": Availability,
    "follow_up_done": YesNo,
    "opportunity": YesNo,
    "attended": Attended,
}
_ENUM_BY_RECORD: dict[type[Any], dict[str, type[Any]]] = {
    Interaction: {**_ENUM_FIELDS, "type": InteractionType},
    Action: {"status": ActionStatus},
}

R = TypeVar("R")


@cache
def _field_plan(cls: type[Any]) -> tuple[tuple[str, dict[str, Any] | None], ...]:
    """(field, its StrEnum's members by label, or None) for each field but ``row``: worked
    out once per class. A dict lookup costs a tenth of calling the StrEnum."""
    enums = _ENUM_BY_RECORD.get(cls, _ENUM_FIELDS)
    return tuple(
        (f.name, {m.value: m for m in enums[f.name]} if f.name in enums else None)
        for f in fields(cls)
        if f.name != "row"
    )


def make_record(cls: type[R], values: dict[str, Any], row: int = 0) -> R:
    """Build a record from validated typed values (blank fields absent or None); a choice
    must be one of its labels, as spelled in the schema."""
    record_type: Any = cls
    kwargs: dict[str, Any] = {"row": row} if "row" in record_type.__dataclass_fields__ else {}
    for name, members in _field_plan(record_type):
        value = values.get(name)
        if value is not None:
            kwargs[name] = value if members is None else members[value]
    return cls(**kwargs)
