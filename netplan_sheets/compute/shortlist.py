"""The mentor shortlist (docs/computations.md, "Mentor shortlist", with the choices settled
there).

Components and the score are computed exactly (weights taken as typed, so a weight of 0.1
is one tenth), and the score is rounded half-up to one decimal: a raw 82.45 is 82.5, never
82.4 from binary rounding. Each component is a whole number of steps out of a count that
depends only on the profile, so a contact's score is an integer sum: Fraction arithmetic
per contact would cost more than the rest of the shortlist.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from functools import cached_property

from netplan_sheets.compute.results import Candidate
from netplan_sheets.labels import Availability, Relationship
from netplan_sheets.rows import Contact, Plan, Profile, Settings
from netplan_sheets.wording import plural

CANDIDATE_RELATIONSHIPS = frozenset({
    Relationship.POTENTIAL_MENTOR,
    Relationship.KEY_CONNECTION,
    Relationship.PEER,
    Relationship.OTHER,
})
COMPONENTS = ("field", "expertise", "seniority", "values", "relationship", "availability")
AVAILABILITY_TENTHS: dict[Availability | None, int] = {
    Availability.HIGH: 10,
    Availability.MEDIUM: 6,
    Availability.UNKNOWN: 3,
    None: 3,
    Availability.LOW: 1,
}
REASON_AVAILABILITY = frozenset({Availability.HIGH, Availability.MEDIUM})
STRONG_TIE = 3  # Strength from which asking for advice or mentoring is natural
MAX_REASONS = 3


def norm(item: str) -> str:
    return item.strip().casefold()


def round_half_up(value: Fraction, places: int = 1) -> Decimal:
    """``value`` rounded half away from zero to ``places`` decimals, exactly."""
    scaled, below = abs(value.numerator) * 10**places, value.denominator
    digits = (2 * scaled + below) // (2 * below)  # floor(scaled / below + 1/2)
    return Decimal(digits if value.numerator >= 0 else -digits).scaleb(-places)


@dataclass(frozen=True)
class Scored:
    contact: Contact
    steps: Mapping[str, int]  # each component, in steps of 1 / full[name]
    full: Mapping[str, int]
    score: Decimal
    matched: tuple[str, ...]

    @cached_property
    def components(self) -> dict[str, Fraction]:
        return {name: Fraction(self.steps[name], self.full[name]) for name in COMPONENTS}


def weights(settings: Settings) -> dict[str, Fraction]:
    exact = {name: Fraction(repr(w)) for name, w in settings.weights().items()}
    if not any(exact.values()):
        return weights(Settings())
    return exact


def skills(profile: Profile) -> set[str]:
    """The profile's Skills To Develop, compared trimmed and case-insensitively."""
    return {norm(s) for s in profile.skills_to_develop if norm(s)}


def matched_expertise(contact: Contact, wanted: set[str]) -> tuple[str, ...]:
    matched: dict[str, str] = {}
    for item in contact.expertise:
        if norm(item) in wanted:
            matched.setdefault(norm(item), item.strip())
    return tuple(matched.values())


def full_steps(wanted: set[str]) -> dict[str, int]:
    """How many steps make each component 1."""
    return {"field": 1, "expertise": len(wanted) or 1, "seniority": 10, "values": 4,
            "relationship": 4, "availability": 10}


def component_steps(
    contact: Contact, profile: Profile, matched: tuple[str, ...]
) -> dict[str, int]:
    """Each component in steps (see :func:`full_steps`)."""
    same_field = (
        bool(contact.industry) and bool(profile.industry)
        and norm(contact.industry or "") == norm(profile.industry or "")
    )
    seniority = 0
    if contact.years_experience is not None and profile.years_experience is not None:
        seniority = min(max(contact.years_experience - profile.years_experience, 0), 10)
    return {
        "field": 1 if same_field else 0,
        "expertise": len(matched),
        "seniority": seniority,
        "values": _one_to_five(contact.shares_values),
        "relationship": _one_to_five(contact.strength),
        "availability": AVAILABILITY_TENTHS[contact.availability],
    }


def _one_to_five(value: int | None) -> int:
    return value - 1 if value is not None else 0


class Scorer:
    """100 × Σ weight × component ÷ Σ weights, rounded half-up to one decimal, computed
    from steps as one integer sum over a common denominator."""

    def __init__(self, w: Mapping[str, Fraction], full: Mapping[str, int]) -> None:
        total = sum(w.values(), Fraction(0))
        per_step = [100 * w[name] / (total * full[name]) for name in COMPONENTS]
        self.denominator = math.lcm(*(f.denominator for f in per_step))
        self.points = [int(f * self.denominator) for f in per_step]  # per step, over it

    def score(self, steps: Mapping[str, int]) -> Decimal:
        total = sum(p * steps[name] for p, name in zip(self.points, COMPONENTS, strict=True))
        return round_half_up(Fraction(total, self.denominator))


def shortlist(plan: Plan) -> tuple[Candidate, ...]:
    """The top Shortlist Size candidates with a score above 0, best first."""
    w = weights(plan.settings)
    contacts = [c for c in plan.contacts if c.relationship in CANDIDATE_RELATIONSHIPS]
    if not contacts:
        return ()
    wanted = skills(plan.profile)
    full = full_steps(wanted)
    scorer = Scorer(w, full)
    scored = []
    for c in contacts:
        matched = matched_expertise(c, wanted)
        steps = component_steps(c, plan.profile, matched)
        scored.append(Scored(c, steps, full, scorer.score(steps), matched))
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
        wanted = len(skills(profile))
        listed = ", ".join(s.matched)
        if len(s.matched) == wanted:
            return (f"knows your skill to develop ({listed})" if wanted == 1
                    else f"knows all {wanted} of your skills to develop ({listed})")
        return f"knows {len(s.matched)} of your {wanted} skills to develop ({listed})"
    if name == "seniority":
        assert c.years_experience is not None and profile.years_experience is not None
        extra = c.years_experience - profile.years_experience
        return f"has {plural(extra, 'more year')} of experience than you"
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
