"""Goal progress (docs/computations.md, "Goal progress"): Actual for every Metric, window
edges, Expected, Status, and the Results object around them. Expectations are worked out
by hand."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from netplan_sheets.compute import compute
from netplan_sheets.labels import (
    ActionStatus,
    Attended,
    GoalStatus,
    InteractionType,
    Metric,
    Relationship,
    YesNo,
)
from netplan_sheets.rows import Action, Contact, Event, Goal, Interaction, Plan

D = dt.date(2026, 10, 15)
IT = InteractionType


def day(month: int, d: int) -> dt.date:
    return dt.date(2026, month, d)


START, DUE = day(10, 1), day(10, 31)


def goal(
    metric: Metric = Metric.MANUAL,
    target: float = 10,
    start: dt.date = START,
    due: dt.date = DUE,
    goal_id: str = "G1",
    row: int = 2,
    manual_progress: float | None = None,
) -> Goal:
    return Goal(goal_id, f"goal {goal_id}", metric, target, start, due,
                manual_progress=manual_progress, row=row)


# One plan with records on both sides of each window edge of G1 = [10-01, min(10-31, D)],
# i.e. [10-01, 10-15]. Counts for G1 are in METRIC_CASES.
CONTACTS = (
    Contact("Ann", Relationship.MENTOR, added_on=day(10, 1), row=2),  # in: Start
    Contact("Ben", Relationship.POTENTIAL_MENTOR, added_on=day(10, 15), row=3),  # in: D
    Contact("Cy", Relationship.PEER, added_on=day(9, 30), row=4),  # out: day before Start
    Contact("Dee", Relationship.KEY_CONNECTION, added_on=day(10, 16), row=5),  # out: after D
    Contact("Eve", Relationship.RECRUITER, row=6),  # blank Added On
    Contact("Fay", Relationship.OTHER, added_on=day(10, 8), row=7),  # in
    Contact("Gus", Relationship.PEER, added_on=day(10, 2), row=8),  # in
    Contact("Hal", Relationship.PEER, added_on=day(10, 3), row=9),  # in
)
INTERACTIONS = (
    Interaction(day(10, 1), "Ann", IT.COFFEE_CHAT, row=2),  # 1
    Interaction(day(10, 15), "Ben", IT.INFORMATIONAL_INTERVIEW, row=3),  # 2
    Interaction(day(9, 30), "Ann", IT.MEETING, opportunity=YesNo.YES, row=4),  # out: before Start
    Interaction(day(10, 16), "Ben", IT.CALL, opportunity=YesNo.YES, row=5),  # out: after D
    Interaction(day(10, 5), "Cy", IT.CALL, row=6),  # 5: a peer, not a mentor meeting
    Interaction(day(10, 6), "Eve", IT.THANK_YOU_NOTE, row=7),  # 6
    Interaction(day(10, 7), "Dee", IT.FOLLOW_UP, opportunity=YesNo.YES, row=8),  # 7
    Interaction(day(10, 8), "Ann", IT.EMAIL, opportunity=YesNo.YES, row=9),  # 8
    Interaction(day(10, 9), "Ann", IT.CALL, goal_id="G2", opportunity=YesNo.YES, row=10),  # G2
    Interaction(day(10, 10), "Ben", IT.MEETING, goal_id="G1", row=11),  # 10
    Interaction(day(10, 11), "Ann", IT.MESSAGE, opportunity=YesNo.NO, row=12),  # 11
    Interaction(day(10, 12), "Ann", IT.INFORMATIONAL_INTERVIEW, goal_id="G2", row=13),  # G2
    Interaction(day(10, 13), "Dee", IT.THANK_YOU_NOTE, row=14),  # 13
    Interaction(day(10, 14), "Cy", IT.FOLLOW_UP, goal_id="G1", row=15),  # 14
)
EVENTS = (
    *(Event(f"yes {d}", day(10, d), attended=Attended.YES, row=d) for d in (1, 2, 3, 4, 8, 15)),
    Event("no", day(10, 14), attended=Attended.NO, row=20),
    Event("planned", day(10, 13), attended=Attended.PLANNED, row=21),
    Event("blank", day(10, 3), row=22),
    Event("after D", day(10, 16), attended=Attended.YES, row=23),
    Event("before Start", day(9, 30), attended=Attended.YES, row=24),
)
ACTIONS = (
    *(Action(f"done {d}", day(10, 20), ActionStatus.DONE, goal_id="G1", done_on=day(10, d),
             row=d) for d in (1, 2, 3, 4, 5, 6, 15)),
    Action("other goal", day(10, 20), ActionStatus.DONE, goal_id="G2", done_on=day(10, 10),
           row=30),
    Action("no goal", day(10, 20), ActionStatus.DONE, done_on=day(10, 10), row=31),
    Action("in progress", day(10, 20), ActionStatus.IN_PROGRESS, goal_id="G1", row=32),
    Action("dropped", day(10, 20), ActionStatus.DROPPED, goal_id="G1", row=33),
    Action("done before Start", day(10, 20), ActionStatus.DONE, goal_id="G1",
           done_on=day(9, 30), row=34),
    Action("done after D", day(10, 20), ActionStatus.DONE, goal_id="G1",
           done_on=day(10, 16), row=35),
)


def big_plan(*goals: Goal) -> Plan:
    return Plan(goals=goals, contacts=CONTACTS, interactions=INTERACTIONS, events=EVENTS,
                actions=ACTIONS)


# G1: Start 10-01, Due 10-31, Target 10, D = 10-15: Expected = 14/30; On track from 4.67.
METRIC_CASES = [
    # untagged in window 1,2,5,6,7,8,11,13 + G1-tagged 10,14; reaches Target: Done
    (Metric.INTERACTIONS, 10, GoalStatus.DONE),
    (Metric.INFORMATIONAL_INTERVIEWS, 1, GoalStatus.BEHIND),  # 2 (13 is tagged G2)
    (Metric.MENTOR_MEETINGS, 3, GoalStatus.BEHIND),  # 1 (Ann), 2 and 10 (Ben); not Cy's call
    (Metric.FOLLOW_UPS_SENT, 4, GoalStatus.BEHIND),  # 6, 7, 13, 14
    (Metric.OPPORTUNITIES_PURSUED, 2, GoalStatus.BEHIND),  # 7, 8 (not 9: G2; 3, 4: outside)
    (Metric.NEW_CONTACTS, 5, GoalStatus.ON_TRACK),  # Ann, Ben, Fay, Gus, Hal
    (Metric.EVENTS_ATTENDED, 6, GoalStatus.ON_TRACK),  # the six "yes" events
    (Metric.ACTIONS_COMPLETED, 7, GoalStatus.ON_TRACK),  # the seven "done" with G1
]


@pytest.mark.parametrize(("metric", "actual", "status"), METRIC_CASES)
def test_actual_for_each_counted_metric(metric: Metric, actual: int, status: GoalStatus) -> None:
    plan = big_plan(goal(metric), goal(Metric.INTERACTIONS, 100, goal_id="G2", row=3))
    result = compute(plan, D).goals[2]
    assert result.goal_id == "G1"
    assert result.actual == actual
    assert result.progress == pytest.approx(actual / 10)
    assert result.expected == pytest.approx(14 / 30)
    assert result.status is status


@pytest.mark.parametrize(
    ("metric", "actual"),
    [
        # untagged 1,2,5,6,7,8,11,13 and G2-tagged 9 and 12 (not the G1-tagged 10, 14)
        (Metric.INTERACTIONS, 10),
        (Metric.INFORMATIONAL_INTERVIEWS, 2),  # 2, 13
        # 1, 2 untagged; 9, 13 tagged G2; 10 is a mentor meeting but tagged G1, whose metric
        # (Follow-ups sent) it does not match: it counts nowhere
        (Metric.MENTOR_MEETINGS, 4),
    ],
)
def test_tagged_interactions_count_only_toward_their_goal(metric: Metric, actual: int) -> None:
    plan = big_plan(goal(Metric.FOLLOW_UPS_SENT), goal(metric, 100, goal_id="G2", row=3))
    results = compute(plan, D).goals
    assert results[2].actual == 4  # 6, 7, 13, 14: interaction 10 is no follow-up
    assert results[3].actual == actual


def test_manual_uses_manual_progress_without_window() -> None:
    plan = big_plan(goal(Metric.MANUAL, manual_progress=2.5))
    result = compute(plan, D).goals[2]
    assert (result.actual, result.progress, result.status) == (2.5, 0.25, GoalStatus.BEHIND)
    # no window: counted even before Start
    early = compute(big_plan(goal(Metric.MANUAL, manual_progress=3)), day(9, 1)).goals[2]
    assert (early.actual, early.status) == (3, GoalStatus.NOT_STARTED)


def test_blank_manual_progress_is_zero() -> None:
    result = compute(Plan(goals=(goal(Metric.MANUAL),)), D).goals[2]
    assert (result.actual, result.progress) == (0, 0)


@pytest.mark.parametrize(
    ("as_of", "when", "counted"),
    [
        (day(10, 20), day(10, 1), 1),  # Start itself
        (day(10, 20), day(9, 30), 0),  # the day before Start
        (day(10, 20), day(10, 10), 1),  # Due itself (Due < D)
        (day(10, 20), day(10, 11), 0),  # after Due, before D
        (day(10, 5), day(10, 5), 1),  # D itself (D < Due)
        (day(10, 5), day(10, 6), 0),  # after D, before Due
        (day(9, 20), day(10, 1), 0),  # D before Start: empty window
    ],
)
def test_window_edges(as_of: dt.date, when: dt.date, counted: int) -> None:
    g = goal(Metric.INTERACTIONS, start=day(10, 1), due=day(10, 10))
    plan = Plan(goals=(g,), contacts=(Contact("Ann", Relationship.PEER, row=2),),
                interactions=(Interaction(when, "Ann", IT.CALL, row=2),))
    assert compute(plan, as_of).goals[2].actual == counted


@pytest.mark.parametrize(
    ("as_of", "manual", "expected", "status"),
    [
        (day(10, 16), 5, 0.5, GoalStatus.ON_TRACK),  # Progress = Expected exactly
        (day(10, 16), 4.9, 0.5, GoalStatus.BEHIND),
        (day(10, 11), 3.4, 1 / 3, GoalStatus.ON_TRACK),
        (day(10, 11), 3.3, 1 / 3, GoalStatus.BEHIND),
        (day(10, 1), 0, 0, GoalStatus.ON_TRACK),  # D = Start: nothing expected yet
        (day(9, 30), 3, 0, GoalStatus.NOT_STARTED),  # clamped to 0
        (day(9, 30), 10, 0, GoalStatus.DONE),  # Done wins over Not started
        (day(10, 31), 9, 1, GoalStatus.BEHIND),  # D = Due: not missed yet
        (day(10, 31), 10, 1, GoalStatus.DONE),
        (day(11, 1), 9, 1, GoalStatus.MISSED),  # clamped to 1
        (day(11, 1), 12, 1, GoalStatus.DONE),  # Done wins over Missed
    ],
)
def test_expected_and_status(
    as_of: dt.date, manual: float, expected: float, status: GoalStatus
) -> None:
    plan = Plan(goals=(goal(Metric.MANUAL, 10, day(10, 1), day(10, 31), manual_progress=manual),))
    result = compute(plan, as_of).goals[2]
    assert result.expected == pytest.approx(expected)
    assert result.progress == pytest.approx(manual / 10)  # not capped at 1
    assert result.status is status


@pytest.mark.parametrize(
    ("as_of", "manual", "status"),
    [
        (day(10, 9), 0, GoalStatus.NOT_STARTED),
        (day(10, 10), 0, GoalStatus.BEHIND),
        (day(10, 10), 1, GoalStatus.DONE),
        (day(10, 11), 0, GoalStatus.MISSED),
    ],
)
def test_due_equal_to_start_expects_everything(
    as_of: dt.date, manual: float, status: GoalStatus
) -> None:
    g = goal(Metric.MANUAL, 1, day(10, 10), day(10, 10), manual_progress=manual)
    result = compute(Plan(goals=(g,)), as_of).goals[2]
    assert result.expected == 1
    assert result.status is status


def test_due_equal_to_start_counts_that_day_only() -> None:
    g = goal(Metric.EVENTS_ATTENDED, 2, day(10, 10), day(10, 10))
    events = tuple(Event(f"e{d}", day(10, d), attended=Attended.YES, row=d) for d in (9, 10, 11))
    assert compute(Plan(goals=(g,), events=events), D).goals[2].actual == 1


def test_results_keyed_by_row_and_json_ready() -> None:
    plan = big_plan(goal(Metric.NEW_CONTACTS, row=7), goal(Metric.MANUAL, goal_id="G2", row=3))
    results = compute(plan, D)
    assert list(results.goals) == [3, 7]
    data = json.loads(json.dumps(results.to_dict()))
    assert data["as_of"] == "2026-10-15"
    assert data["goals"][1] == {
        "row": 7, "goal_id": "G1", "actual": 5, "progress": 0.5,
        "expected": pytest.approx(14 / 30), "status": "On track",
    }
    assert data["summary"]["goals_by_status"] == {
        "Done": 0, "Missed": 0, "Not started": 0, "On track": 1, "Behind": 1,
    }
    assert set(data) == {"as_of", "summary", "next_review_due", "goals", "contacts",
                         "followups", "shortlist"}


def test_duplicate_row_numbers_are_refused() -> None:
    with pytest.raises(ValueError, match="goals"):
        compute(Plan(goals=(goal(row=0), goal(goal_id="G2", row=0))), D)


dates = st.dates(min_value=dt.date(2026, 1, 1), max_value=dt.date(2027, 12, 31))


@given(
    target=st.floats(min_value=0.01, max_value=1000, allow_nan=False),
    manual=st.none() | st.floats(min_value=-10, max_value=2000, allow_nan=False),
    start=dates, length=st.integers(0, 400), as_of=dates,
)
def test_progress_is_actual_over_target(
    target: float, manual: float | None, start: dt.date, length: int, as_of: dt.date
) -> None:
    g = goal(Metric.MANUAL, target, start, start + dt.timedelta(days=length),
             manual_progress=manual)
    result = compute(Plan(goals=(g,)), as_of).goals[2]
    assert result.actual == (manual or 0)
    assert result.progress == result.actual / target
    assert 0 <= result.expected <= 1
    assert (result.status is GoalStatus.DONE) == (result.actual >= target)
    if result.status is GoalStatus.ON_TRACK:
        assert result.progress >= result.expected


@given(
    when=st.lists(dates, max_size=20), start=dates, length=st.integers(0, 200), as_of=dates,
)
def test_interactions_counted_are_those_in_the_window(
    when: list[dt.date], start: dt.date, length: int, as_of: dt.date
) -> None:
    due = start + dt.timedelta(days=length)
    plan = Plan(
        goals=(goal(Metric.INTERACTIONS, 5, start, due),),
        contacts=(Contact("Ann", Relationship.PEER, row=2),),
        interactions=tuple(Interaction(w, "Ann", IT.CALL, row=n) for n, w in enumerate(when)),
    )
    assert compute(plan, as_of).goals[2].actual == sum(
        1 for w in when if start <= w <= min(due, as_of)
    )
