"""The mentor shortlist (SPEC "Mentor shortlist").

Components and the score are computed with exact fractions (weights taken as typed, so a
weight of 0.1 is one tenth), and the score is rounded half-up to one decimal: a raw 82.45
is 82.5, never 82.4 from binary rounding.

Choices where SPEC is silent:

- "Score 0 never listed" applies to the rounded score: a raw 0.04 shows as 0.0 and is left
  out like a 0.
- Ranks are 1, 2, 3, ... with no shared ranks; equal rounded scores are ordered by name,
  case-insensitively (then by exact text).
- Skills To Develop and Expertise are compared trimmed and case-insensitively, each counted
  once (a skill listed twice on the Profile counts once in the denominator).
- Matched Expertise lists the contact's own spelling of the matching items, in their order,
  separated by "; " (the product's list separator); blank when nothing matches.
- Why names up to three reasons, strongest first by weighted contribution (weight ×
  component; ties in the column order). Availability is a reason only when High or Medium.
  A candidate with no such reason gets a sentence naming what to fill in.
- Suggested Next Step depends on Availability (Low: one question by email), Strength (3 or
  more: ask for advice or mentoring) and otherwise proposes an informational interview,
  about the matched expertise, else their role, else their career path.
- If all six weights are 0 (validation reports that and uses the defaults), the default
  weights are used here too.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from netplan_sheets.compute.results import Candidate
from netplan_sheets.labels import Availability, Relationship
from netplan_sheets.rows import Contact, Plan, Profile, Settings

CANDIDATE_RELATIONSHIPS = frozenset({
    Relationship.POTENTIAL_MENTOR,
    Relationship.KEY_CONNECTION,
    Relationship.PEER,
    Relationship.OTHER,
})
COMPONENTS = ("field", "expertise", "seniority", "values", "relationship", "availability")
AVAILABILITY: dict[Availability | None, Fraction] = {
    Availability.HIGH: Fraction(1),
    Availability.MEDIUM: Fraction(3, 5),
    Availability.UNKNOWN: Fraction(3, 10),
    None: Fraction(3, 10),
    Availability.LOW: Fraction(1, 10),
}
REASON_AVAILABILITY = frozenset({Availability.HIGH, Availability.MEDIUM})
STRONG_TIE = 3  # Strength from which asking for advice or mentoring is natural
MAX_REASONS = 3


def norm(item: str) -> str:
    return item.strip().casefold()


def round_half_up(value: Fraction, places: int = 1) -> Decimal:
    """``value`` rounded half away from zero to ``places`` decimals, exactly."""
    scaled = abs(value) * 10**places
    digits = math.floor(scaled + Fraction(1, 2))
    return Decimal(digits if value >= 0 else -digits).scaleb(-places)


@dataclass(frozen=True)
class Scored:
    contact: Contact
    components: Mapping[str, Fraction]
    score: Decimal
    matched: tuple[str, ...]


def weights(settings: Settings) -> dict[str, Fraction]:
    exact = {name: Fraction(repr(w)) for name, w in settings.weights().items()}
    if not any(exact.values()):
        return weights(Settings())
    return exact


def matched_expertise(contact: Contact, profile: Profile) -> tuple[str, ...]:
    wanted = {norm(s) for s in profile.skills_to_develop if norm(s)}
    matched: dict[str, str] = {}
    for item in contact.expertise:
        if norm(item) in wanted:
            matched.setdefault(norm(item), item.strip())
    return tuple(matched.values())


def components(contact: Contact, profile: Profile, matched: tuple[str, ...]) -> dict[str, Fraction]:
    same_field = (
        bool(contact.industry) and bool(profile.industry)
        and norm(contact.industry or "") == norm(profile.industry or "")
    )
    skills = {norm(s) for s in profile.skills_to_develop if norm(s)}
    seniority = Fraction(0)
    if contact.years_experience is not None and profile.years_experience is not None:
        extra = Fraction(contact.years_experience - profile.years_experience, 10)
        seniority = min(max(extra, Fraction(0)), Fraction(1))
    return {
        "field": Fraction(1 if same_field else 0),
        "expertise": Fraction(len(matched), len(skills)) if skills else Fraction(0),
        "seniority": seniority,
        "values": _one_to_five(contact.shares_values),
        "relationship": _one_to_five(contact.strength),
        "availability": AVAILABILITY[contact.availability],
    }


def _one_to_five(value: int | None) -> Fraction:
    return Fraction(value - 1, 4) if value is not None else Fraction(0)


def score(parts: Mapping[str, Fraction], w: Mapping[str, Fraction]) -> Decimal:
    total = sum(w.values(), Fraction(0))
    weighted = sum((w[name] * parts[name] for name in COMPONENTS), Fraction(0))
    return round_half_up(100 * weighted / total)


def score_contact(contact: Contact, profile: Profile, w: Mapping[str, Fraction]) -> Scored:
    matched = matched_expertise(contact, profile)
    parts = components(contact, profile, matched)
    return Scored(contact, parts, score(parts, w), matched)


def shortlist(plan: Plan) -> tuple[Candidate, ...]:
    """The top Shortlist Size candidates with a score above 0, best first."""
    w = weights(plan.settings)
    scored = [
        score_contact(c, plan.profile, w)
        for c in plan.contacts
        if c.relationship in CANDIDATE_RELATIONSHIPS
    ]
    listed = sorted(
        (s for s in scored if s.score > 0),
        key=lambda s: (-s.score, s.contact.name.casefold(), s.contact.name),
    )[: plan.settings.shortlist_size]
    return tuple(
        candidate(rank, s, plan.profile, w) for rank, s in enumerate(listed, start=1)
    )


def candidate(rank: int, s: Scored, profile: Profile, w: Mapping[str, Fraction]) -> Candidate:
    c = s.contact
    return Candidate(
        rank=rank,
        name=c.name,
        organization=c.organization,
        role=c.role,
        score=float(s.score),
        field=float(s.components["field"]),
        expertise=float(s.components["expertise"]),
        seniority=float(s.components["seniority"]),
        values=float(s.components["values"]),
        relationship=float(s.components["relationship"]),
        availability=float(s.components["availability"]),
        matched_expertise="; ".join(s.matched) or None,
        why=why(s, profile, w),
        suggested_next_step=next_step(s),
    )


def why(s: Scored, profile: Profile, w: Mapping[str, Fraction]) -> str:
    """A sentence naming the strongest reasons, e.g. "Dana Lee works in your field
    (Software), knows 2 of your 3 skills to develop (hiring, public speaking) and has 12
    more years of experience than you."."""
    c = s.contact
    ranked = sorted(
        (name for name in COMPONENTS if w[name] * s.components[name] > 0),
        key=lambda name: -(w[name] * s.components[name]),  # stable: column order breaks ties
    )
    phrases = [p for p in (_reason(name, s, profile) for name in ranked) if p][:MAX_REASONS]
    if phrases:
        return f"{c.name} {_and(phrases)}."
    blanks = [
        label for label, value in (
            ("Industry", c.industry), ("Expertise", c.expertise),
            ("Years Experience", c.years_experience), ("Shares Values", c.shares_values),
            ("Strength", c.strength),
        ) if value is None or value == ()
    ]
    shown = str(c.availability) if c.availability else "blank, counted as Unknown"
    lead = f"{c.name} scores only on availability ({shown})"
    return f"{lead}; fill in {_and(blanks)} to compare them fully." if blanks else lead + "."


def _reason(name: str, s: Scored, profile: Profile) -> str | None:
    c = s.contact
    if name == "field":
        return f"works in your field ({c.industry})"
    if name == "expertise":
        skills = len({norm(x) for x in profile.skills_to_develop if norm(x)})
        listed = ", ".join(s.matched)
        if len(s.matched) == skills:
            return (f"knows your skill to develop ({listed})" if skills == 1
                    else f"knows all {skills} of your skills to develop ({listed})")
        return f"knows {len(s.matched)} of your {skills} skills to develop ({listed})"
    if name == "seniority":
        assert c.years_experience is not None and profile.years_experience is not None
        extra = c.years_experience - profile.years_experience
        return f"has {extra} more year{'' if extra == 1 else 's'} of experience than you"
    if name == "values":
        return f"shares your values ({c.shares_values}/5)"
    if name == "relationship":
        strength = c.strength or 0
        return (f"knows you well (strength {strength}/5)" if strength >= 4
                else f"already knows you (strength {strength}/5)")
    if c.availability in REASON_AVAILABILITY:
        return f"has {str(c.availability).lower()} availability"
    return None


def _and(phrases: list[str]) -> str:
    if len(phrases) == 1:
        return phrases[0]
    return ", ".join(phrases[:-1]) + " and " + phrases[-1]


def next_step(s: Scored) -> str:
    c = s.contact
    if s.matched:
        topic = " and ".join(s.matched[:2])
    elif c.role:
        topic = f"their work as {c.role}"
    else:
        topic = "their career path"
    if c.availability is Availability.LOW:
        return f"They have little time: email one focused question about {topic}."
    if (c.strength or 0) >= STRONG_TIE:
        if c.relationship is Relationship.POTENTIAL_MENTOR:
            return (f"Ask whether they would mentor you on {topic}, "
                    "for example a 30-minute call each month.")
        return f"Ask for their advice on {topic}; if it goes well, ask about regular mentoring."
    return f"Ask for a 20-minute informational interview about {topic}."
