"""netplan cohort report --aggregate-only: the report to share beyond the coordinators.

No row names a participant: there are the Group rows and the all-participants row only.
A group with fewer than ``threshold`` reporting participants is hidden, together with
enough other groups that its figures cannot be derived from the totals (see
``suppression``); every hidden row reads the same note, so it does not say which groups
were the small ones.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from netplan_sheets.cohort.manifest import Manifest
from netplan_sheets.cohort.report import (
    EVERYONE,
    GroupLine,
    ParticipantLine,
    aggregate,
    by_group,
    participant_lines,
    program_of,
)
from netplan_sheets.cohort.suppression import (
    DEFAULT_THRESHOLD,
    everyone_hidden,
    hidden_groups,
)


def hidden_note(threshold: int) -> str:
    return (f"hidden: groups of fewer than {threshold} are hidden, with enough others that "
            "they cannot be worked out from the totals")


@dataclass(frozen=True)
class AggregateReport:
    program: dict[str, Any]  # name, start, end
    threshold: int
    groups: tuple[GroupLine, ...]  # by name, participants without a Group last
    overall: GroupLine
    participants: int  # how many are in the cohort
    latest_sync: str | None  # ISO time of the latest sync of anyone

    def to_dict(self) -> dict[str, Any]:
        return {
            "report": "aggregate-only",
            "program": self.program,
            "threshold": self.threshold,
            "groups": [g.to_dict() for g in self.groups],
            "overall": self.overall.to_dict(),
        }


def build_aggregate_report(manifest: Manifest, threshold: int = DEFAULT_THRESHOLD
                           ) -> AggregateReport:
    """The aggregate-only report of ``manifest``'s cohort from its stored sync outcomes."""
    if threshold < 2:
        raise ValueError("a threshold below 2 would show a single participant's figures")
    lines = participant_lines(manifest)
    groups = by_group(lines)
    reporting = {name: sum(1 for m in members if m.figures is not None)
                 for name, members in groups}
    hidden = hidden_groups(reporting, threshold)
    note = hidden_note(threshold)

    def line(name: str, members: Sequence[ParticipantLine], hide: bool) -> GroupLine:
        if hide:
            return GroupLine(name, len(members), None, note)
        return GroupLine(name, len(members), aggregate(members))

    latest = max((p.synced_at for p in lines if p.synced_at), default=None)
    return AggregateReport(
        program=program_of(manifest),
        threshold=threshold,
        groups=tuple(line(name, members, name in hidden) for name, members in groups),
        overall=line(EVERYONE, lines, everyone_hidden(reporting, threshold)),
        participants=len(lines),
        latest_sync=latest,
    )
