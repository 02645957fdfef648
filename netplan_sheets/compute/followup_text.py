"""The wording of the Follow-ups sheet's Detail and Suggested Next Step columns.

The rules leave the wording open (docs/computations.md, "Follow-ups"). Detail says what
the row is about, from the user's own rows (dates as YYYY-MM-DD, the interaction's Summary
when there is one); Suggested Next Step is one concrete action, and names the cell to
update afterwards so the row goes away on the next sync.
"""

from __future__ import annotations

import datetime as dt

from netplan_sheets.labels import ActionStatus, Relationship
from netplan_sheets.rows import Action, Contact, Interaction

STAY_IN_TOUCH_STEPS: dict[Relationship, str] = {
    Relationship.MENTOR:
        "Book your next mentor meeting and share your progress since the last one.",
    Relationship.POTENTIAL_MENTOR:
        "Send a short update on your goals and ask one question about their expertise.",
    Relationship.KEY_CONNECTION:
        "Check in: share news, an article or an introduction that is useful to them.",
    Relationship.PEER: "Catch up: swap news and ask what they are working on.",
    Relationship.RECRUITER: "Send a brief update on your search and ask about open roles.",
    Relationship.OTHER: "Send a short check-in message.",
}


def _with_summary(lead: str, interaction: Interaction) -> str:
    return f"{lead}: {interaction.summary}" if interaction.summary else lead


def stay_in_touch_detail(contact: Contact, last: Interaction | None, every: int) -> str:
    cadence = f"stay in touch every {every} days"
    if last is not None:
        return f"Last contact {last.date.isoformat()} ({last.type}); {cadence}"
    if contact.added_on is not None:
        return f"Added {contact.added_on.isoformat()}, no interaction logged yet; {cadence}"
    return "Never contacted: no interaction logged and no Added On date"


def stay_in_touch_step(contact: Contact, last: Interaction | None) -> str:
    if last is None:
        how = f" ({contact.how_met})" if contact.how_met else ""
        return (f"Reach out: remind them how you met{how} and suggest a short call; "
                "then log it in Interactions.")
    return STAY_IN_TOUCH_STEPS[contact.relationship]


def promise_detail(interaction: Interaction) -> str:
    assert interaction.follow_up_by is not None
    lead = (f"You promised on {interaction.date.isoformat()} ({interaction.type}) to follow "
            f"up by {interaction.follow_up_by.isoformat()}")
    return _with_summary(lead, interaction)


def promise_step() -> str:
    return "Send what you promised, then set Follow Up Done to Yes on that interaction."


def thank_you_detail(meeting: Interaction) -> str:
    return _with_summary(f"{meeting.type} on {meeting.date.isoformat()}, not yet thanked",
                         meeting)


def thank_you_step(contact: Contact) -> str:
    return (f"Send {contact.name} a thank-you note that mentions one thing you learned; "
            "log it in Interactions as a Thank-you note.")


def action_detail(action: Action) -> str:
    parts = [f"Goal {action.goal_id}"] if action.goal_id else []
    if action.strategy:
        parts.append(action.strategy)
    parts.append(str(action.status))
    return " · ".join(parts)


def action_step(action: Action, as_of: dt.date) -> str:
    done = "when it is done, set Status to Done and fill in Done On."
    if action.due < as_of:
        return f"Do it now, or move its Due date if your plans changed; {done}"
    if action.status is ActionStatus.NOT_STARTED:
        return f"Block time in your calendar to start it; {done}"
    return f"Finish it; {done}"


def review_detail(last: dt.date | None, first_start: dt.date | None, every: int) -> str:
    cadence = f"review every {every} days"
    if last is not None:
        return f"Last review {last.isoformat()}; {cadence}"
    assert first_start is not None
    return f"No review yet; your first goal started {first_start.isoformat()}; {cadence}"


def review_step() -> str:
    return ("Look at the Dashboard: note what worked and what to adjust, ask a mentor or "
            "peer for feedback, and log it in Reviews.")
