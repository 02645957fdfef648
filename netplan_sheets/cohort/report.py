"""netplan cohort report, the coordinator's: one row per participant, totals by Group.

Built from the manifest (coordinator-provided: name, group) and the stored sync outcomes
(counts and dates only), never from the workbooks, so no contact, note, summary or other
text a participant typed can reach it. It names every participant with their figures, so
it is for the program's coordinators only; group totals are shown in full (hiding small
groups here would protect nobody who can read the rows). To share beyond them, build the
aggregate-only report (``aggregate_report``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields
from typing import Any

from netplan_sheets.cell_text import cell_safe
from netplan_sheets.cohort.figures import FIGURE_KEYS, Figures, GoalCounts
from netplan_sheets.cohort.manifest import Manifest
from netplan_sheets.cohort.status import Outcome, SyncStatus, load_status

NO_GROUP = "(no group)"
EVERYONE = "All participants"
NOT_SYNCED_YET = "no participant has synced yet"


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
    aggregate: Aggregate | None  # None: nothing shown, ``note`` says why
    note: str | None = None

    @property
    def shown(self) -> bool:
        return self.aggregate is not None

    def to_dict(self) -> dict[str, Any]:
        return {"group": self.group, "participants": self.participants,
                "shown": self.shown, "note": self.note,
                "aggregate": self.aggregate.to_dict() if self.aggregate else None}


@dataclass(frozen=True)
class CohortReport:
    program: dict[str, Any]  # name, start, end
    participants: tuple[ParticipantLine, ...]
    groups: tuple[GroupLine, ...]  # by name, participants without a Group last
    overall: GroupLine

    def to_dict(self) -> dict[str, Any]:
        return {
            "report": "coordinator",
            "program": self.program,
            "participants": [p.to_dict() for p in self.participants],
            "groups": [g.to_dict() for g in self.groups],
            "overall": self.overall.to_dict(),
        }


def build_report(manifest: Manifest) -> CohortReport:
    """The coordinator's report of ``manifest``'s cohort from its stored sync outcomes."""
    lines = participant_lines(manifest)
    groups = tuple(_line(name, members) for name, members in by_group(lines))
    return CohortReport(program_of(manifest), lines, groups, _line(EVERYONE, lines))


def participant_lines(manifest: Manifest) -> tuple[ParticipantLine, ...]:
    outcomes = load_status(manifest)
    return tuple(_participant(number, cell_safe(entry.name),
                              cell_safe(entry.group) if entry.group else None,
                              outcomes.get(entry.key))
                 for number, entry in enumerate(manifest.participants, start=1))


def program_of(manifest: Manifest) -> dict[str, Any]:
    return {k: manifest.program.get(k) for k in ("name", "start", "end")}


def by_group(lines: Sequence[ParticipantLine]
             ) -> list[tuple[str, list[ParticipantLine]]]:
    """The participants of each Group, by name; those without a Group last."""
    names = sorted({line.group for line in lines if line.group})
    groups = [(name, [line for line in lines if line.group == name]) for name in names]
    ungrouped = [line for line in lines if not line.group]
    if ungrouped:
        groups.append((NO_GROUP, ungrouped))
    return groups


def _participant(number: int, name: str, group: str | None, outcome: Outcome | None
                 ) -> ParticipantLine:
    if outcome is None:
        return ParticipantLine(number, name, group, SyncStatus.NOT_SYNCED, None, None, None)
    return ParticipantLine(number, name, group, outcome.status, outcome.error,
                           outcome.synced_at, outcome.figures)


def _line(name: str, lines: Sequence[ParticipantLine]) -> GroupLine:
    found = aggregate(lines)
    return GroupLine(name, len(lines), found, None if found else NOT_SYNCED_YET)


def aggregate(lines: Sequence[ParticipantLine]) -> Aggregate | None:
    """The figures of ``lines`` together; None when none of them has synced figures."""
    figures = [line.figures for line in lines if line.figures is not None]
    if not figures:
        return None
    progress = [f.mean_progress for f in figures if f.mean_progress is not None]
    return Aggregate(
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
