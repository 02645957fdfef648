"""netplan cohort report as a library call: one row per participant, aggregates by Group.

Built from the manifest (coordinator-provided: name, group) and the stored sync outcomes
(counts and dates only), never from the workbooks, so no contact, note, summary or other
text a participant typed can reach it. A Group's aggregates are shown only when at least
:data:`MIN_GROUP` of its participants have synced figures.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields
from typing import Any

from netplan_sheets.cell_text import cell_safe
from netplan_sheets.cohort.figures import FIGURE_KEYS, Figures, GoalCounts
from netplan_sheets.cohort.manifest import Manifest
from netplan_sheets.cohort.status import Outcome, SyncStatus, load_status

MIN_GROUP = 3
SUPPRESSED = f"suppressed (fewer than {MIN_GROUP})"
NO_GROUP = "(no group)"
EVERYONE = "All participants"


@dataclass(frozen=True)
class ParticipantLine:
    number: int  # 1-based, in manifest order: tells apart two people of the same name
    name: str  # from the roster
    group: str | None  # from the roster
    status: SyncStatus
    error: str | None
    synced_at: str | None
    figures: Figures | None

    def to_dict(self) -> dict[str, Any]:
        record: dict[str, Any] = {"number": self.number, "name": self.name,
                                  "group": self.group, "status": str(self.status),
                                  "error": self.error, "synced_at": self.synced_at}
        if self.figures is not None:
            record.update(self.figures.to_dict())
        else:
            record.update(dict.fromkeys(FIGURE_KEYS))
        return record


@dataclass(frozen=True)
class Aggregate:
    reporting: int  # participants with synced figures
    goals: GoalCounts  # summed over the reporting participants
    mean_progress: float | None  # mean of the participants' mean progress
    interactions_30d_mean: float  # per reporting participant
    followups_overdue: int
    behind_or_missed: int  # participants with at least one goal Behind or Missed
    with_shortlist: int
    with_problems: int  # participants whose workbook has validation problems
    not_synced: int  # participants whose latest sync failed, or who were never synced

    def to_dict(self) -> dict[str, Any]:
        record = {f.name: getattr(self, f.name) for f in fields(self) if f.name != "goals"}
        return {"reporting": self.reporting, **self.goals.to_dict(), **record}


@dataclass(frozen=True)
class GroupLine:
    group: str
    participants: int
    aggregate: Aggregate | None  # None: suppressed

    @property
    def suppressed(self) -> bool:
        return self.aggregate is None

    def to_dict(self) -> dict[str, Any]:
        return {"group": self.group, "participants": self.participants,
                "suppressed": self.suppressed, "note": SUPPRESSED if self.suppressed else None,
                "aggregate": self.aggregate.to_dict() if self.aggregate else None}


@dataclass(frozen=True)
class CohortReport:
    program: dict[str, Any]  # name, start, end
    participants: tuple[ParticipantLine, ...]
    groups: tuple[GroupLine, ...]  # by name, participants without a Group last
    overall: GroupLine

    def to_dict(self) -> dict[str, Any]:
        return {
            "program": self.program,
            "min_group_size": MIN_GROUP,
            "participants": [p.to_dict() for p in self.participants],
            "groups": [g.to_dict() for g in self.groups],
            "overall": self.overall.to_dict(),
        }


def build_report(manifest: Manifest) -> CohortReport:
    """The report of ``manifest``'s cohort from its stored sync outcomes."""
    outcomes = load_status(manifest)
    lines = tuple(_line(number, cell_safe(entry.name),
                        cell_safe(entry.group) if entry.group else None, outcomes.get(entry.key))
                  for number, entry in enumerate(manifest.participants, start=1))
    names = sorted({line.group for line in lines if line.group})
    groups = [_group(name, [line for line in lines if line.group == name]) for name in names]
    ungrouped = [line for line in lines if not line.group]
    if ungrouped:
        groups.append(_group(NO_GROUP, ungrouped))
    program = {k: manifest.program.get(k) for k in ("name", "start", "end")}
    return CohortReport(program, lines, tuple(groups), _group(EVERYONE, lines))


def _line(number: int, name: str, group: str | None, outcome: Outcome | None
          ) -> ParticipantLine:
    if outcome is None:
        return ParticipantLine(number, name, group, SyncStatus.NOT_SYNCED, None, None, None)
    return ParticipantLine(number, name, group, outcome.status, outcome.error,
                           outcome.synced_at, outcome.figures)


def _group(name: str, lines: Sequence[ParticipantLine]) -> GroupLine:
    figures = [line.figures for line in lines if line.figures is not None]
    if len(figures) < MIN_GROUP:
        return GroupLine(name, len(lines), None)
    progress = [f.mean_progress for f in figures if f.mean_progress is not None]
    aggregate = Aggregate(
        reporting=len(figures),
        goals=GoalCounts.total(f.goals for f in figures),
        mean_progress=sum(progress) / len(progress) if progress else None,
        interactions_30d_mean=sum(f.interactions_30d for f in figures) / len(figures),
        followups_overdue=sum(f.followups_overdue for f in figures),
        behind_or_missed=sum(1 for f in figures if f.goals.behind_or_missed),
        with_shortlist=sum(1 for f in figures if f.has_shortlist),
        with_problems=sum(1 for f in figures if f.problems),
        not_synced=sum(1 for line in lines
                       if line.status in (SyncStatus.FAILED, SyncStatus.NOT_SYNCED)),
    )
    return GroupLine(name, len(lines), aggregate)
