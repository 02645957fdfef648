"""The Dashboard sheet's content: headline counts, goal progress with a bar chart,
follow-ups by reason, the next review and the validation status.

Built as a plain grid of values plus formats and a chart description, so the xlsx and
Google backends draw the same dashboard.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from netplan_sheets.labels import GoalStatus, Reason
from netplan_sheets.sheet_titles import DASHBOARD_TITLE
from netplan_sheets.wording import plural

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
    problems = len(report.problems)
    add("Validation", "Valid" if not problems
        else f"{plural(problems, 'problem')}: see the Problems sheet")
    review = results.next_review_due
    row = add("Next review due", review if review else "No goals or reviews yet")
    if review:
        formats[(row, 2)] = "yyyy-mm-dd"
    add()
    headings.append(add("Headline"))
    statuses = Counter(g.status for g in results.goals.values())
    plan = report.plan
    month_ago = d - timedelta(days=30)
    recent = sum(1 for i in plan.interactions if month_ago < i.date <= d)
    overdue = sum(1 for f in results.followups if f.days_overdue > 0)
    add("Goals", len(results.goals))
    for status in GoalStatus:
        add(f"Goals {status.value.lower()}", statuses.get(status, 0))
    add("Contacts", len(plan.contacts))
    add("Interactions in the last 30 days", recent)
    add("Follow-ups overdue", overdue)
    add("Follow-ups due soon", len(results.followups) - overdue)
    top = results.shortlist[0] if results.shortlist else None
    add("Top mentor candidate", f"{top.name} ({top.score:.1f})" if top else "None yet")
    add()
    headings.append(add("Goal progress"))
    headers.append(header_row := add(*GOAL_HEADERS))
    goals_by_row = {g.row: g for g in plan.goals}
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
        items = [f for f in results.followups if f.reason is reason]
        late = sum(1 for f in items if f.days_overdue > 0)
        add(reason.value, late, len(items) - late, len(items))
    return DashboardSheet(DASHBOARD_TITLE, tuple(rows), formats, tuple(headings),
                          tuple(headers), chart)


