"""Follow-ups and contacts' computed columns (docs/computations.md, "Follow-ups"). As of
D = 2026-10-15 with the default Settings (Upcoming Window 7, Thank-You Window 2, Review
Every 30) unless a test says otherwise. Expectations are worked out by hand."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from netplan_sheets.compute import FollowUp, compute
from netplan_sheets.labels import (
    ActionStatus,
    InteractionType,
    Metric,
    Reason,
    Relationship,
    YesNo,
)
from netplan_sheets.rows import Action, Contact, Goal, Interaction, Plan, Review, Settings

D = dt.date(2026, 10, 15)
IT = InteractionType
R = Relationship


def day(month: int, d: int) -> dt.date:
    return dt.date(2026, month, d)


def met(when: dt.date, who: str = "Ann", kind: IT = IT.CALL, **kwargs: Any) -> Interaction:
    return Interaction(when, who, kind, **kwargs)


def rows_for(plan: Plan, reason: Reason, as_of: dt.date = D) -> list[FollowUp]:
    return [f for f in compute(plan, as_of).followups if f.reason is reason]


def with_ann(*interactions: Interaction, relationship: R = R.PEER, **settings: Any) -> Plan:
    contacts = (Contact("Ann", relationship, row=2), Contact("Ben", R.PEER, row=3))
    return Plan(settings=Settings(**settings), contacts=contacts,
                interactions=tuple(interactions))


# ---- Stay in touch and the contacts' computed columns ------------------------------------

@pytest.mark.parametrize(
    ("relationship", "next_follow_up", "status", "listed"),
    [
        # one Email on 10-01; D + Upcoming Window = 10-22
        (R.KEY_CONNECTION, day(10, 31), "OK", False),  # 30 days
        (R.POTENTIAL_MENTOR, day(10, 22), "Due soon", True),  # 21: last day of the window
        (R.MENTOR, day(10, 15), "Due soon", True),  # 14: due on D exactly
        (R.PEER, day(11, 30), "OK", False),  # 60
        (R.RECRUITER, day(11, 15), "OK", False),  # 45
        (R.OTHER, day(12, 30), "OK", False),  # 90
    ],
)
def test_default_cadence_for_each_relationship(
    relationship: R, next_follow_up: dt.date, status: str, listed: bool
) -> None:
    plan = with_ann(met(day(10, 1), kind=IT.EMAIL), relationship=relationship)
    result = compute(plan, D)
    ann = result.contacts[2]
    assert (ann.next_follow_up, ann.follow_up_status) == (next_follow_up, status)
    stay = [f for f in result.followups if f.reason is Reason.STAY_IN_TOUCH and f.contact == "Ann"]
    assert [(f.due, f.days_overdue) for f in stay] == (
        [(next_follow_up, (D - next_follow_up).days)] if listed else []
    )


@pytest.mark.parametrize(
    ("setting", "follow_up_every", "next_follow_up", "status"),
    [
        ({"cadence_peer": 5}, None, day(10, 6), "Overdue 9 days"),
        ({"cadence_peer": 5}, 13, day(10, 14), "Overdue 1 days"),  # the contact's own wins
        ({}, 14, day(10, 15), "Due soon"),
        ({"upcoming_window": 0}, 15, day(10, 16), "OK"),
        ({"upcoming_window": 0}, 14, day(10, 15), "Due soon"),
    ],
)
def test_settings_cadence_and_follow_up_every(
    setting: dict[str, Any], follow_up_every: int | None, next_follow_up: dt.date, status: str
) -> None:
    plan = Plan(settings=Settings(**setting),
                contacts=(Contact("Ann", R.PEER, follow_up_every=follow_up_every, row=2),),
                interactions=(met(day(10, 1)),))
    ann = compute(plan, D).contacts[2]
    assert (ann.next_follow_up, ann.follow_up_status) == (next_follow_up, status)


@pytest.mark.parametrize(
    ("dates", "added_on", "last", "count", "next_follow_up", "status"),
    [
        ((), None, None, 0, D, "Never contacted"),
        ((day(10, 20),), None, None, 0, D, "Never contacted"),  # after D: not happened
        ((), day(9, 1), None, 0, day(10, 1), "Overdue 14 days"),  # Added On + 30
        ((day(10, 20),), day(10, 10), None, 0, day(11, 9), "OK"),
        ((day(9, 1), day(10, 10), day(10, 16)), day(8, 1), day(10, 10), 2, day(11, 9), "OK"),
        ((day(9, 8),), None, day(9, 8), 1, day(10, 8), "Overdue 7 days"),
        ((day(9, 14),), None, day(9, 14), 1, day(10, 14), "Overdue 1 days"),
        ((day(9, 15),), None, day(9, 15), 1, day(10, 15), "Due soon"),  # due on D
        ((day(9, 22),), None, day(9, 22), 1, day(10, 22), "Due soon"),  # due on D + 7
        ((day(9, 23),), None, day(9, 23), 1, day(10, 23), "OK"),  # D + 8
        ((day(10, 15), day(10, 15)), None, day(10, 15), 2, day(11, 14), "OK"),
    ],
)
def test_contact_columns(
    dates: tuple[dt.date, ...], added_on: dt.date | None, last: dt.date | None, count: int,
    next_follow_up: dt.date, status: str,
) -> None:
    plan = Plan(contacts=(Contact("Ann", R.KEY_CONNECTION, added_on=added_on, row=4),),
                interactions=tuple(met(d) for d in dates))
    ann = compute(plan, D).contacts[4]
    assert (ann.name, ann.last_contact, ann.interaction_count) == ("Ann", last, count)
    assert (ann.next_follow_up, ann.follow_up_status) == (next_follow_up, status)


def test_never_contacted_is_listed_due_today() -> None:
    plan = Plan(contacts=(Contact("Ann", R.OTHER, row=2),))
    [row] = compute(plan, D).followups
    assert (row.due, row.days_overdue, row.reason, row.contact, row.item) == (
        D, 0, Reason.STAY_IN_TOUCH, "Ann", None)
    assert row.detail and row.suggested_next_step


# ---- Promised follow-up ------------------------------------------------------------------

PROMISE = met(day(10, 1), follow_up_by=day(10, 5), row=2)


@pytest.mark.parametrize(
    ("interactions", "expected"),
    [
        ((PROMISE,), [(day(10, 5), 10)]),
        ((met(day(10, 1), follow_up_by=day(10, 5), follow_up_done=YesNo.NO),), [(day(10, 5), 10)]),
        ((met(day(10, 1), follow_up_by=day(10, 5), follow_up_done=YesNo.YES),), []),
        ((PROMISE, met(day(10, 3))), []),  # a later interaction settles it
        ((PROMISE, met(day(10, 16))), [(day(10, 5), 10)]),  # ... but not one after D
        ((PROMISE, met(day(10, 1), kind=IT.EMAIL)), [(day(10, 5), 10)]),  # same date
        ((PROMISE, met(day(10, 3), who="Ben")), [(day(10, 5), 10)]),  # someone else
        ((met(day(10, 1), follow_up_by=D),), [(D, 0)]),  # due on D
        ((met(day(10, 1), follow_up_by=day(10, 22)),), [(day(10, 22), -7)]),  # D + window
        ((met(day(10, 1), follow_up_by=day(10, 23)),), []),  # one day past the window
        ((met(day(10, 16), follow_up_by=day(10, 17)),), []),  # promised after D
        ((met(day(10, 1)),), []),  # no Follow Up By
    ],
)
def test_promised_follow_up(
    interactions: tuple[Interaction, ...], expected: list[tuple[dt.date, int]]
) -> None:
    rows = rows_for(with_ann(*interactions), Reason.PROMISED_FOLLOW_UP)
    assert [(f.due, f.days_overdue) for f in rows] == expected
    assert all(f.contact == "Ann" and f.item is None for f in rows)


# ---- Thank-you note ----------------------------------------------------------------------

@pytest.mark.parametrize(
    ("interactions", "expected"),
    [
        ((met(day(10, 10), kind=IT.COFFEE_CHAT),), [(day(10, 12), 3)]),
        ((met(day(10, 10), kind=IT.MEETING), met(day(10, 12), kind=IT.THANK_YOU_NOTE)), []),
        ((met(day(10, 10), kind=IT.MEETING), met(day(10, 13), kind=IT.EMAIL)),
         [(day(10, 12), 3)]),  # thanks one day after the window
        ((met(day(10, 10), kind=IT.MEETING), met(day(10, 10), kind=IT.EMAIL)), []),  # same day
        ((met(day(10, 10), kind=IT.INFORMATIONAL_INTERVIEW), met(day(10, 11), kind=IT.MESSAGE)),
         []),
        ((met(day(10, 10), kind=IT.COFFEE_CHAT), met(day(10, 11), kind=IT.FOLLOW_UP)), []),
        ((met(day(10, 10), kind=IT.COFFEE_CHAT), met(day(10, 11), kind=IT.CALL)),
         [(day(10, 12), 3)]),  # a call is no thank-you
        ((met(day(10, 10), kind=IT.COFFEE_CHAT), met(day(10, 9), kind=IT.THANK_YOU_NOTE)),
         [(day(10, 12), 3)]),  # thanks before the meeting do not count
        ((met(day(10, 10), kind=IT.COFFEE_CHAT), met(day(10, 11), "Ben", IT.THANK_YOU_NOTE)),
         [(day(10, 12), 3)]),  # thanking someone else
        ((met(day(10, 10), kind=IT.CALL),), []),  # calls need no thank-you note
        ((met(day(9, 15), kind=IT.COFFEE_CHAT),), [(day(9, 17), 28)]),  # D - 30: still in
        ((met(day(9, 14), kind=IT.COFFEE_CHAT),), []),  # D - 31: left to stay in touch
        ((met(D, kind=IT.COFFEE_CHAT),), [(day(10, 17), -2)]),  # on D
        ((met(day(10, 16), kind=IT.COFFEE_CHAT),), []),  # after D
        ((met(day(10, 14), kind=IT.MEETING), met(day(10, 16), kind=IT.THANK_YOU_NOTE)),
         [(day(10, 16), -1)]),  # the note is dated after D: not sent yet
        ((met(day(10, 1), kind=IT.MEETING), met(day(10, 2), kind=IT.MEETING)),
         [(day(10, 3), 12), (day(10, 4), 11)]),  # each meeting on its own
    ],
)
def test_thank_you_note(
    interactions: tuple[Interaction, ...], expected: list[tuple[dt.date, int]]
) -> None:
    rows = rows_for(with_ann(*interactions), Reason.THANK_YOU_NOTE)
    assert [(f.due, f.days_overdue) for f in rows] == expected
    assert all(f.contact == "Ann" and f.item is None for f in rows)


@pytest.mark.parametrize(
    ("window", "thanks_on", "upcoming", "expected"),
    [
        (0, day(10, 10), 7, []),
        (0, day(10, 11), 7, [(day(10, 10), 5)]),
        (5, day(10, 15), 7, []),
        (2, None, 0, [(day(10, 12), 3)]),
    ],
)
def test_thank_you_window_setting(
    window: int, thanks_on: dt.date | None, upcoming: int, expected: list[tuple[dt.date, int]]
) -> None:
    log = [met(day(10, 10), kind=IT.MEETING)]
    if thanks_on is not None:
        log.append(met(thanks_on, kind=IT.THANK_YOU_NOTE))
    plan = with_ann(*log, thank_you_window=window, upcoming_window=upcoming)
    assert [(f.due, f.days_overdue) for f in rows_for(plan, Reason.THANK_YOU_NOTE)] == expected


def test_meeting_on_d_with_no_upcoming_window_is_not_yet_listed() -> None:
    plan = with_ann(met(D, kind=IT.MEETING), upcoming_window=0)
    assert rows_for(plan, Reason.THANK_YOU_NOTE) == []


# ---- Action ------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("status", "due", "contact", "expected"),
    [
        (ActionStatus.NOT_STARTED, day(10, 10), None, [(day(10, 10), 5, None)]),
        (ActionStatus.IN_PROGRESS, day(10, 22), "Ann", [(day(10, 22), -7, "Ann")]),
        (ActionStatus.IN_PROGRESS, day(10, 23), None, []),
        (ActionStatus.NOT_STARTED, D, None, [(D, 0, None)]),
        (ActionStatus.DONE, day(10, 10), None, []),
        (ActionStatus.DROPPED, day(10, 10), None, []),
    ],
)
def test_action(
    status: ActionStatus, due: dt.date, contact: str | None,
    expected: list[tuple[dt.date, int, str | None]],
) -> None:
    done_on = day(10, 9) if status is ActionStatus.DONE else None
    action = Action("Write a post", due, status, contact=contact, done_on=done_on, row=2)
    rows = rows_for(Plan(actions=(action,)), Reason.ACTION)
    assert [(f.due, f.days_overdue, f.contact) for f in rows] == expected
    assert all(f.item == "Write a post" for f in rows)


# ---- Review ------------------------------------------------------------------------------

def g(start: dt.date, row: int) -> Goal:
    return Goal(f"G{row}", "goal", Metric.MANUAL, 1, start, start + dt.timedelta(days=90),
                row=row)


@pytest.mark.parametrize(
    ("reviews", "goal_starts", "setting", "next_due", "listed"),
    [
        ((), (), {}, None, []),  # no review, no goal: no row
        ((), (day(10, 1), day(9, 1)), {}, day(10, 1), [(day(10, 1), 14)]),  # earliest Start
        ((day(9, 20), day(10, 1), day(10, 20)), (day(9, 1),), {}, day(10, 31), []),
        ((day(9, 22),), (), {}, day(10, 22), [(day(10, 22), -7)]),  # on the window's edge
        ((day(9, 23),), (), {}, day(10, 23), []),
        ((D,), (), {"review_every": 1}, day(10, 16), [(day(10, 16), -1)]),
        ((day(10, 20),), (day(10, 10),), {}, day(11, 9), []),  # a review after D is ignored
        ((day(10, 20),), (), {}, None, []),
    ],
)
def test_review(
    reviews: tuple[dt.date, ...], goal_starts: tuple[dt.date, ...], setting: dict[str, Any],
    next_due: dt.date | None, listed: list[tuple[dt.date, int]],
) -> None:
    plan = Plan(settings=Settings(**setting),
                goals=tuple(g(start, n) for n, start in enumerate(goal_starts, start=2)),
                reviews=tuple(Review(d, row=n) for n, d in enumerate(reviews, start=2)))
    result = compute(plan, D)
    assert result.next_review_due == next_due
    rows = [f for f in result.followups if f.reason is Reason.REVIEW]
    assert [(f.due, f.days_overdue) for f in rows] == listed
    assert all(f.item == "Review" and f.contact is None for f in rows)


# ---- Sorting and counts ------------------------------------------------------------------

def test_sorted_by_due_reason_contact_item() -> None:
    due = day(10, 10)
    plan = Plan(
        contacts=(
            Contact("Zed", R.PEER, follow_up_every=5, row=2),
            Contact("Amy", R.PEER, follow_up_every=9, row=3),
            Contact("Cal", R.PEER, follow_up_every=2, row=4),
            Contact("de Vries", R.PEER, follow_up_every=5, row=5),
        ),
        interactions=(
            met(day(10, 5), "Zed", row=2),
            met(day(10, 1), "Amy", follow_up_by=due, row=3),
            met(day(10, 8), "Cal", IT.COFFEE_CHAT, follow_up_by=due, row=4),
            met(day(10, 5), "de Vries", row=5),
        ),
        actions=(
            Action("b task", due, ActionStatus.NOT_STARTED, row=2),
            Action("late", day(10, 20), ActionStatus.NOT_STARTED, row=3),
            Action("Call Zed", due, ActionStatus.IN_PROGRESS, contact="Zed", row=4),
            Action("a task", due, ActionStatus.NOT_STARTED, row=5),
            Action("early", day(10, 1), ActionStatus.NOT_STARTED, row=6),
        ),
        reviews=(Review(day(9, 10), row=2),),
    )
    rows = compute(plan, D).followups
    assert [(f.due, f.reason, f.contact, f.item) for f in rows] == [
        (day(10, 1), Reason.ACTION, None, "early"),
        (due, Reason.STAY_IN_TOUCH, "Amy", None),
        (due, Reason.STAY_IN_TOUCH, "Cal", None),
        (due, Reason.STAY_IN_TOUCH, "de Vries", None),  # names compare case-insensitively
        (due, Reason.STAY_IN_TOUCH, "Zed", None),
        (due, Reason.PROMISED_FOLLOW_UP, "Amy", None),
        (due, Reason.PROMISED_FOLLOW_UP, "Cal", None),
        (due, Reason.THANK_YOU_NOTE, "Cal", None),
        (due, Reason.ACTION, None, "a task"),  # no contact first
        (due, Reason.ACTION, None, "b task"),
        (due, Reason.ACTION, "Zed", "Call Zed"),
        (due, Reason.REVIEW, None, "Review"),
        (day(10, 20), Reason.ACTION, None, "late"),
    ]
    assert [f.days_overdue for f in rows] == [14, *[5] * 11, -5]
    summary = compute(plan, D).summary
    assert (summary.followups_total, summary.followups_overdue, summary.followups_due_soon) == (
        13, 12, 1)
    assert dict(summary.followups_by_reason) == {
        Reason.STAY_IN_TOUCH: 4, Reason.PROMISED_FOLLOW_UP: 2, Reason.THANK_YOU_NOTE: 1,
        Reason.ACTION: 5, Reason.REVIEW: 1,
    }
    assert summary.contacts_overdue == 4


# ---- Properties over random plans --------------------------------------------------------

NAMES = ("Ann", "bo", "Cy", "Dee")
REASONS = list(Reason)
dates = st.dates(min_value=day(7, 1), max_value=day(12, 31))
interactions = st.builds(
    Interaction, date=dates, contact=st.sampled_from(NAMES), type=st.sampled_from(IT),
    follow_up_by=st.none() | dates, follow_up_done=st.none() | st.sampled_from(YesNo),
)
actions = st.builds(
    Action, action=st.sampled_from(("Post", "apply", "Call", "")), due=dates,
    status=st.sampled_from(ActionStatus), contact=st.none() | st.sampled_from(NAMES),
)
plans = st.builds(
    Plan,
    settings=st.builds(
        Settings, upcoming_window=st.integers(0, 30), thank_you_window=st.integers(0, 10),
        review_every=st.integers(1, 60), cadence_peer=st.integers(1, 90),
    ),
    contacts=st.lists(
        st.builds(Contact, name=st.sampled_from(NAMES), relationship=st.sampled_from(R),
                  follow_up_every=st.none() | st.integers(1, 90), added_on=st.none() | dates),
        unique_by=lambda c: c.name,
    ).map(lambda cs: tuple(replace(c, row=n) for n, c in enumerate(cs))),
    interactions=st.lists(interactions, max_size=15).map(tuple),
    actions=st.lists(actions, max_size=6).map(tuple),
    goals=st.lists(st.builds(g, dates, st.just(0)), max_size=1).map(tuple),
    reviews=st.lists(st.builds(Review, date=dates), max_size=3).map(tuple),
)


@settings(max_examples=200)
@given(plan=plans, as_of=dates)
def test_followups_sorted_and_within_the_window(plan: Plan, as_of: dt.date) -> None:
    result = compute(plan, as_of)
    rows = result.followups
    keys = [
        (f.due, REASONS.index(f.reason), (f.contact or "").casefold(), (f.item or "").casefold())
        for f in rows
    ]
    assert keys == sorted(keys)
    horizon = as_of + dt.timedelta(days=plan.settings.upcoming_window)
    for f in rows:
        assert f.due <= horizon
        assert f.days_overdue == (as_of - f.due).days
    # Stay in touch lists exactly the contacts whose Next Follow-up is within the window.
    stay = sorted(f.contact or "" for f in rows if f.reason is Reason.STAY_IN_TOUCH)
    assert stay == sorted(
        c.name for c in result.contacts.values()
        if c.next_follow_up is not None and c.next_follow_up <= horizon
    )
    for c in result.contacts.values():
        happened = [i.date for i in plan.interactions if i.contact == c.name and i.date <= as_of]
        assert c.interaction_count == len(happened)
        assert c.last_contact == (max(happened) if happened else None)
