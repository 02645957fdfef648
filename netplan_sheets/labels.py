"""Labels the code has to name. The schemas define them; tests/test_schemas.py checks that
every enum here equals the schema's list, in the same order."""

from __future__ import annotations

from enum import StrEnum


class Relationship(StrEnum):
    KEY_CONNECTION = "Key connection"
    POTENTIAL_MENTOR = "Potential mentor"
    MENTOR = "Mentor"
    PEER = "Peer"
    RECRUITER = "Recruiter"
    OTHER = "Other"


class Metric(StrEnum):
    NEW_CONTACTS = "New contacts"
    INTERACTIONS = "Interactions"
    INFORMATIONAL_INTERVIEWS = "Informational interviews"
    EVENTS_ATTENDED = "Events attended"
    MENTOR_MEETINGS = "Mentor meetings"
    FOLLOW_UPS_SENT = "Follow-ups sent"
    OPPORTUNITIES_PURSUED = "Opportunities pursued"
    ACTIONS_COMPLETED = "Actions completed"
    MANUAL = "Manual"


class GoalStatus(StrEnum):
    DONE = "Done"
    MISSED = "Missed"
    NOT_STARTED = "Not started"
    ON_TRACK = "On track"
    BEHIND = "Behind"


class InteractionType(StrEnum):
    COFFEE_CHAT = "Coffee chat"
    MEETING = "Meeting"
    CALL = "Call"
    EMAIL = "Email"
    MESSAGE = "Message"
    INFORMATIONAL_INTERVIEW = "Informational interview"
    EVENT_CONVERSATION = "Event conversation"
    THANK_YOU_NOTE = "Thank-you note"
    FOLLOW_UP = "Follow-up"
    SOCIAL_MEDIA = "Social media"
    OTHER = "Other"


class ActionStatus(StrEnum):
    NOT_STARTED = "Not started"
    IN_PROGRESS = "In progress"
    DONE = "Done"
    DROPPED = "Dropped"


class Availability(StrEnum):
    HIGH = "High"
    MEDIUM = "Medium"
    LOW = "Low"
    UNKNOWN = "Unknown"


class Attended(StrEnum):
    YES = "Yes"
    NO = "No"
    PLANNED = "Planned"


class YesNo(StrEnum):
    YES = "Yes"
    NO = "No"


class Reason(StrEnum):
    """Follow-up reasons, in the order rows with the same Due date are listed."""

    STAY_IN_TOUCH = "Stay in touch"
    PROMISED_FOLLOW_UP = "Promised follow-up"
    THANK_YOU_NOTE = "Thank-you note"
    ACTION = "Action"
    REVIEW = "Review"


# (enum, schema key, property key): the places in the schemas each enum mirrors.
SCHEMA_ENUMS: tuple[tuple[type[StrEnum], str, str], ...] = (
    (Relationship, "contacts", "relationship"),
    (Metric, "goals", "metric"),
    (GoalStatus, "goals", "status"),
    (InteractionType, "interactions", "type"),
    (ActionStatus, "actions", "status"),
    (Availability, "contacts", "availability"),
    (Attended, "events", "attended"),
    (YesNo, "interactions", "follow_up_done"),
    (YesNo, "interactions", "opportunity"),
    (Reason, "followups", "reason"),
)
