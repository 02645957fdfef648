"""Every headline figure is worked out once, in compute's Summary: the Dashboard, the sync
summary line and the cohort figures all read it, so they agree."""

from __future__ import annotations

import ast
import json
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import openpyxl
from click.testing import CliRunner
from plans import write_plan

import netplan_sheets
from netplan_sheets.cli import cli
from netplan_sheets.cohort.figures import figures_from
from netplan_sheets.labels import GoalStatus, Reason
from netplan_sheets.sync import sync_xlsx

AS_OF = date(2026, 11, 3)


def day(offset: int) -> date:
    return AS_OF + timedelta(days=offset)


# Interactions on the edges of "the last 30 days": D and D-29 count, D-30 and D+1 do not.
PLAN: dict[str, Any] = {
    "Goals": [
        {"Goal ID": "G1", "Goal": "Talk", "Metric": "Interactions", "Target": 4,
         "Start": day(-60), "Due": day(60)},
        {"Goal ID": "G2", "Goal": "Events", "Metric": "Events attended", "Target": 1,
         "Start": day(-60), "Due": day(-1)},
        {"Goal ID": "G3", "Goal": "Later", "Metric": "Manual", "Target": 2,
         "Start": day(10), "Due": day(90), "Manual Progress": 1},
    ],
    "Contacts": [
        {"Name": "Dana Lee", "Relationship": "Mentor", "Added On": day(-90)},
        {"Name": "Sam Okafor", "Relationship": "Peer", "Added On": day(-3)},
        {"Name": "Ivy Chen", "Relationship": "Other"},
    ],
    "Interactions": [
        {"Date": AS_OF, "Contact": "Dana Lee", "Type": "Call"},
        {"Date": day(-29), "Contact": "Dana Lee", "Type": "Coffee chat"},
        {"Date": day(-30), "Contact": "Sam Okafor", "Type": "Email"},
        {"Date": day(1), "Contact": "Sam Okafor", "Type": "Call"},
    ],
    "Actions": [{"Action": "Write", "Due": day(-4), "Status": "Not started"}],
}
RECENT = 2  # D and D-29


def dashboard(path: Path) -> dict[str, Any]:
    """Column A label -> column B value, as the synced workbook holds them."""
    rows = openpyxl.load_workbook(path)["Dashboard"].iter_rows(values_only=True)
    return {row[0]: row[1:] for row in rows if row and row[0] is not None}


def test_dashboard_sync_line_and_cohort_figures_read_one_summary(plan_path: Path) -> None:
    write_plan(plan_path, PLAN)
    result = sync_xlsx(plan_path, as_of=AS_OF)
    summary = result.results.summary
    assert summary.interactions_recent == RECENT
    assert summary.last_activity == AS_OF  # D+1 has not happened yet
    shown = dashboard(plan_path)
    assert shown["Interactions in the last 30 days"][0] == RECENT
    assert shown["Goals"][0] == summary.goals_total == 3
    for status in GoalStatus:
        assert shown[f"Goals {status.value.lower()}"][0] == summary.goals_by_status[status]
    assert shown["Contacts"][0] == summary.contacts_total == 3
    assert shown["Follow-ups overdue"][0] == summary.followups_overdue > 0
    assert shown["Follow-ups due soon"][0] == summary.followups_due_soon
    for reason in Reason:
        late, soon, total = shown[reason.value][:3]
        assert (late, soon, total) == (
            summary.followups_overdue_by_reason[reason],
            summary.followups_by_reason[reason] - summary.followups_overdue_by_reason[reason],
            summary.followups_by_reason[reason])
    assert sum(summary.followups_overdue_by_reason.values()) == summary.followups_overdue

    figures = figures_from(result)
    assert figures.interactions_30d == RECENT
    assert figures.last_activity == summary.last_activity
    assert figures.mean_progress == summary.goals_mean_progress
    assert figures.goals.goals_total == summary.goals_total
    assert figures.goals.goals_missed == summary.goals_by_status[GoalStatus.MISSED] == 1  # G2
    assert figures.goals.goals_on_track == summary.goals_by_status[GoalStatus.ON_TRACK] == 1
    assert figures.followups_overdue == summary.followups_overdue

    out = CliRunner().invoke(cli, ["sync", str(plan_path), "--as-of", AS_OF.isoformat(),
                                   "--json"])
    data = json.loads(out.stdout)
    assert data["summary"] == result.summary()
    assert data["results"]["summary"]["interactions_recent"] == RECENT
    assert data["results"]["summary"]["last_activity"] == AS_OF.isoformat()
    assert datetime.combine(AS_OF, datetime.min.time()) == shown["As of"][0]


# Row fields of the plan that hold the records the headline figures count.
RECORDS = {"interactions", "events", "actions", "reviews", "followups"}


def test_readers_of_the_summary_do_not_count_records_themselves() -> None:
    package = Path(netplan_sheets.__file__).parent
    for name in ("dashboard.py", "cohort/figures.py", "cohort/report.py"):
        tree = ast.parse((package / name).read_text(encoding="utf-8"))
        counted = sorted({node.attr for node in ast.walk(tree)
                          if isinstance(node, ast.Attribute) and node.attr in RECORDS})
        assert counted == [], f"{name} counts {counted} again instead of reading Summary"
