"""Follow-ups owed and the contacts' computed columns (docs/computations.md, "Follow-ups",
with the choices settled there).

Only interactions dated on or before the as-of date D count as having happened, for every
rule here and for Last Contact and Interaction Count. A blank Contact or Item is ``None``.
The wording of Detail and Suggested Next Step is in ``followup_text``.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence

from netplan_sheets.compute import followup_text as text
from netplan_sheets.compute.dates import add_days
from netplan_sheets.compute.results import (
    DUE_SOON,
    NEVER_CONTACTED,
    OK,
    ContactResult,
    FollowUp,
    overdue_status,
)
from netplan_sheets.labels import ActionStatus, InteractionType, Reason, YesNo
from netplan_sheets.rows import Contact, Interaction, Plan, Settings

THANK_YOU_LOOK_BACK = 30  # days: older unthanked meetings are left to stay in touch
MEETINGS_TO_THANK = frozenset({
    InteractionType.COFFEE_CHAT,
    InteractionType.MEETING,
    InteractionType.INFORMATIONAL_INTERVIEW,
})
THANKS = frozenset({
    InteractionType.THANK_YOU_NOTE,
    InteractionType.EMAIL,
    InteractionType.MESSAGE,
    InteractionType.FOLLOW_UP,
})
OPEN_ACTIONS = frozenset({ActionStatus.NOT_STARTED, ActionStatus.IN_PROGRESS})
REASON_ORDER = {reason: index for index, reason in enumerate(Reason)}

History = Mapping[str, Sequence[Interaction]]


def history(plan: Plan, as_of: dt.date) -> dict[str, list[Interaction]]:
    """Interactions that have happened (dated <= D), by contact name, oldest first."""
    by_contact: dict[str, list[Interaction]] = defaultdict(list)
    for interaction in sorted(plan.interactions, key=lambda i: (i.date, i.row)):
        if interaction.date <= as_of:
            by_contact[interaction.contact].append(interaction)
    return dict(by_contact)


def cadence(contact: Contact, settings: Settings) -> int:
    if contact.follow_up_every is not None:
        return contact.follow_up_every
    return settings.cadence(contact.relationship)


def stay_in_touch_due(
    contact: Contact, past: Sequence[Interaction], settings: Settings, as_of: dt.date
) -> dt.date:
    every = cadence(contact, settings)
    if past:
        return add_days(past[-1].date, every)
    if contact.added_on is not None:
        return add_days(contact.added_on, every)
    return as_of


def contact_results(
    plan: Plan, as_of: dt.date, past_by_contact: History
) -> dict[int, ContactResult]:
    """The computed columns of every contact, keyed by row number, in row order;
    ``past_by_contact`` is ``history(plan, as_of)``."""
    results = [
        contact_result(contact, past_by_contact.get(contact.name, ()), plan.settings, as_of)
        for contact in plan.contacts
    ]
    return {r.row: r for r in sorted(results, key=lambda r: r.row)}


def contact_result(
    contact: Contact, past: Sequence[Interaction], settings: Settings, as_of: dt.date
) -> ContactResult:
    due = stay_in_touch_due(contact, past, settings, as_of)
    if not past and contact.added_on is None:
        status = NEVER_CONTACTED
    elif due < as_of:
        status = overdue_status((as_of - due).days)
    elif due <= add_days(as_of, settings.upcoming_window):
        status = DUE_SOON
    else:
        status = OK
    return ContactResult(
        row=contact.row,
        name=contact.name,
        last_contact=past[-1].date if past else None,
        interaction_count=len(past),
        next_follow_up=due,
        follow_up_status=status,
    )


def followups(plan: Plan, as_of: dt.date, past_by_contact: History) -> tuple[FollowUp, ...]:
    """Every follow-up due on or before D + Upcoming Window, sorted as the docs say;
    ``past_by_contact`` is ``history(plan, as_of)``."""
    horizon = add_days(as_of, plan.settings.upcoming_window)
    found: list[tuple[FollowUp, int]] = []  # with the source row, the last tie-break
    for contact in plan.contacts:
        past = past_by_contact.get(contact.name, ())
        found.append((_stay_in_touch(contact, past, plan.settings, as_of), contact.row))
        found.extend((f, row) for f, row in _promises(contact, past, as_of))
        found.extend((f, row) for f, row in _thank_yous(contact, past, plan.settings, as_of))
    found.extend(_actions(plan, as_of))
    review = _review(plan, as_of)
    if review is not None:
        found.append((review, 0))
    listed = [(f, row) for f, row in found if f.due <= horizon]
    listed.sort(key=lambda pair: (*sort_key(pair[0]), pair[1]))
    return tuple(f for f, _ in listed)


def sort_key(f: FollowUp) -> tuple[dt.date, int, str, str, str, str]:
    """Due, then Reason in :class:`Reason` order, then Contact, then Item (blank first)."""
    contact = f.contact or ""
    item = f.item or ""
    return (f.due, REASON_ORDER[f.reason], contact.casefold(), contact, item.casefold(), item)


def next_review_due(plan: Plan, as_of: dt.date) -> dt.date | None:
    """Latest review (<= D) + Review Every; with none, earliest Goal Start + Review Every."""
    every = plan.settings.review_every
    past = [r.date for r in plan.reviews if r.date <= as_of]
    if past:
        return add_days(max(past), every)
    if plan.goals:
        return add_days(min(g.start for g in plan.goals), every)
    return None


def _row(
    due: dt.date, as_of: dt.date, reason: Reason, contact: str | None, item: str | None,
    detail: str, step: str,
) -> FollowUp:
    return FollowUp(
        due=due,
        days_overdue=(as_of - due).days,
        reason=reason,
        contact=contact,
        item=item,
        detail=detail,
        suggested_next_step=step,
    )


def _stay_in_touch(
    contact: Contact, past: Sequence[Interaction], settings: Settings, as_of: dt.date
) -> FollowUp:
    due = stay_in_touch_due(contact, past, settings, as_of)
    every = cadence(contact, settings)
    last = past[-1] if past else None
    return _row(
        due, as_of, Reason.STAY_IN_TOUCH, contact.name, None,
        text.stay_in_touch_detail(contact, last, every),
        text.stay_in_touch_step(contact, last),
    )


def _promises(
    contact: Contact, past: Sequence[Interaction], as_of: dt.date
) -> Iterator[tuple[FollowUp, int]]:
    latest = past[-1].date if past else None
    for interaction in past:
        if interaction.follow_up_by is None or interaction.follow_up_done is YesNo.YES:
            continue
        # Any later interaction with them (already <= D) settles the promise.
        if latest is not None and latest > interaction.date:
            continue
        yield _row(
            interaction.follow_up_by, as_of, Reason.PROMISED_FOLLOW_UP, contact.name, None,
            text.promise_detail(interaction), text.promise_step(),
        ), interaction.row


def _thank_yous(
    contact: Contact, past: Sequence[Interaction], settings: Settings, as_of: dt.date
) -> Iterator[tuple[FollowUp, int]]:
    window = settings.thank_you_window
    for meeting in past:
        if meeting.type not in MEETINGS_TO_THANK:
            continue
        if not 0 <= (as_of - meeting.date).days <= THANK_YOU_LOOK_BACK:
            continue
        # ``past`` is already <= D, so "and <= D" holds for every candidate thanks.
        thanked = any(
            i.type in THANKS and meeting.date <= i.date <= add_days(meeting.date, window)
            for i in past
        )
        if thanked:
            continue
        yield _row(
            add_days(meeting.date, window), as_of, Reason.THANK_YOU_NOTE, contact.name, None,
            text.thank_you_detail(meeting), text.thank_you_step(contact),
        ), meeting.row


def _actions(plan: Plan, as_of: dt.date) -> Iterator[tuple[FollowUp, int]]:
    for action in plan.actions:
        if action.status not in OPEN_ACTIONS:
            continue
        yield _row(
            action.due, as_of, Reason.ACTION, action.contact, action.action,
            text.action_detail(action), text.action_step(action, as_of),
        ), action.row


def _review(plan: Plan, as_of: dt.date) -> FollowUp | None:
    due = next_review_due(plan, as_of)
    if due is None:
        return None
    past = [r.date for r in plan.reviews if r.date <= as_of]
    first_start = min(g.start for g in plan.goals) if plan.goals else None
    return _row(
        due, as_of, Reason.REVIEW, None, "Review",
        text.review_detail(max(past) if past else None, first_start, plan.settings.review_every),
        text.review_step(),
    )
