"""The Dashboard sheet's content: headline counts, goal progress with a bar chart,
follow-ups by reason, the next review and the validation status.

Every figure is read from ``compute``'s :class:`~netplan_sheets.compute.Summary`, never
counted again here, so the Dashboard, the sync summary line and the cohort report agree.

Built as a plain grid of values plus formats and a chart description, so the xlsx and
Google backends draw the same dashboard.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from netplan_sheets.compute.summary import RECENT_DAYS
from netplan_sheets.labels import GoalStatus, Reason
from netplan_sheets.sheet_titles import DASHBOARD_TITLE

if TYPE_CHECKING:
    from netplan_sheets.compute import Results
    from netplan_sheets.validation import ValidationReport

GOAL_HEADERS = ("Goal ID", "Goal", "Metric", "Actual", "Target", "Progress", "Expected",
                "Status")
REASON_HEADERS = ("Reason", "Overdue", "Due soon", "Total")


@dataclass(frozen=True)
class ChartSpec:
    """A bar chart of one column against another, rows first_row..last_row (1-based)."""

    title: str
    category_column: int
    value_column: int
    header_row: int
    first_row: int
    last_row: int
    anchor: str  # top-left cell, e.g. "K2"


@dataclass(frozen=True)
class DashboardSheet:
    title: str
    rows: tuple[tuple[Any, ...], ...]
    number_formats: dict[tuple[int, int], str] = field(default_factory=dict)
    heading_rows: tuple[int, ...] = ()  # section titles
    header_rows: tuple[int, ...] = ()  # table headers
    chart: ChartSpec | None = None


def validation_status(report: ValidationReport) -> str:
    """'Valid', 'Valid; 1 warning: see the Problems sheet', '3 problems: see ...'."""
    errors, warnings = len(report.errors), len(report.warnings)
    counted = [f"{errors} problem{'s' if errors != 1 else ''}"] if errors else ["Valid"]
    if warnings:
        counted.append(f"{warnings} warning{'s' if warnings != 1 else ''}")
    return "; ".join(counted) + (": see the Problems sheet" if errors or warnings else "")


def build_dashboard(report: ValidationReport, results: Results) -> DashboardSheet:
    d = results.as_of
    rows: list[tuple[Any, ...]] = []
    formats: dict[tuple[int, int], str] = {}
    headings: list[int] = []
    headers: list[int] = []

    def add(*values: Any) -> int:
        rows.append(tuple(values))
        return len(rows)

    headings.append(add("Networking plan dashboard"))
    formats[(add("As of", d), 2)] = "yyyy-mm-dd"
    add("Validation", validation_status(report))
    review = results.next_review_due
    row = add("Next review due", review if review else "No goals or reviews yet")
    if review:
        formats[(row, 2)] = "yyyy-mm-dd"
    add()
    headings.append(add("Headline"))
    summary = results.summary
    add("Goals", summary.goals_total)
    for status in GoalStatus:
        add(f"Goals {status.value.lower()}", summary.goals_by_status[status])
    add("Contacts", summary.contacts_total)
    add(f"Interactions in the last {RECENT_DAYS} days", summary.interactions_recent)
    add("Follow-ups overdue", summary.followups_overdue)
    add("Follow-ups due soon", summary.followups_due_soon)
    top = results.top_candidate
    add("Top mentor candidate", f"{top.name} ({top.score:.1f})" if top else "None yet")
    add()
    headings.append(add("Goal progress"))
    headers.append(header_row := add(*GOAL_HEADERS))
    goals_by_row = {g.row: g for g in report.plan.goals}
    for number, result in sorted(results.goals.items()):
        goal = goals_by_row[number]
        row = add(goal.goal_id, goal.goal, goal.metric.value, result.actual, goal.target,
                  result.progress, result.expected, result.status.value)
        formats[(row, 6)] = formats[(row, 7)] = "0%"
    chart = None
    if results.goals:
        chart = ChartSpec("Progress by goal", 1, 6, header_row, header_row + 1, len(rows), "K2")
    add()
    headings.append(add("Follow-ups by reason"))
    headers.append(add(*REASON_HEADERS))
    for reason in Reason:
        total = summary.followups_by_reason[reason]
        late = summary.followups_overdue_by_reason[reason]
        add(reason.value, late, total - late, total)
    return DashboardSheet(DASHBOARD_TITLE, tuple(rows), formats, tuple(headings),
                          tuple(headers), chart)


