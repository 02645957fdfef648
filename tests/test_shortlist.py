"""The mentor shortlist (docs/computations.md, "Mentor shortlist"): components, weights,
rounding, ties and the texts. Default weights are Field 3, Expertise 3, Seniority 2,
Values 2, Relationship 1, Availability 1 (sum 12). Expectations are worked out by hand."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from netplan_sheets.compute import Candidate, compute
from netplan_sheets.labels import Availability, Relationship
from netplan_sheets.rows import Contact, Plan, Profile, Settings

D = dt.date(2026, 10, 15)
R = Relationship
A = Availability
PROFILE = Profile(
    industry="Software", years_experience=5,
    skills_to_develop=("Hiring", "Public speaking", "Budgeting", "Negotiation"),
)
NO_WEIGHTS: dict[str, Any] = {f"weight_{name}": 0 for name in
              ("field", "expertise", "seniority", "values", "relationship", "availability")}


def person(name: str = "Dana Lee", relationship: R = R.PEER, **fields: Any) -> Contact:
    return Contact(name, relationship, **fields)


def shortlist(
    *contacts: Contact, profile: Profile = PROFILE, **settings: Any
) -> tuple[Candidate, ...]:
    numbered = tuple(replace(c, row=n) for n, c in enumerate(contacts, start=2))
    plan = Plan(profile=profile, settings=Settings(**settings), contacts=numbered)
    return compute(plan, D).shortlist


def only(**weights: float) -> dict[str, Any]:
    return {**NO_WEIGHTS, **{f"weight_{k}": w for k, w in weights.items()}}


def test_a_full_candidate() -> None:
    dana = person(
        relationship=R.POTENTIAL_MENTOR, organization="Acme", role="VP Engineering",
        industry="Software", expertise=("hiring", "Python", "public SPEAKING"),
        years_experience=15, shares_values=5, strength=3, availability=A.HIGH,
    )
    [c] = shortlist(dana)
    assert (c.rank, c.name, c.organization, c.role) == (1, "Dana Lee", "Acme", "VP Engineering")
    assert (c.field, c.expertise, c.seniority, c.values, c.relationship, c.availability) == (
        1, 0.5, 1, 1, 0.5, 1)
    # 100 × (3 + 1.5 + 2 + 2 + 0.5 + 1) / 12 = 83.33...
    assert c.score == 83.3
    assert c.matched_expertise == "hiring; public SPEAKING"
    # weighted: field 3, seniority 2, values 2 (tie: column order), expertise 1.5, ...
    assert c.why == ("Dana Lee works in your field (Software), has 10 more years of experience "
                     "than you and shares your values (5/5).")
    assert c.suggested_next_step == ("Ask whether they would mentor you on hiring and public "
                                     "SPEAKING, for example a 30-minute call each month.")


@pytest.mark.parametrize(
    ("availability", "component", "score"),
    [
        (A.HIGH, 1, 8.3),  # 100 × 1 / 12
        (A.MEDIUM, 0.6, 5.0),
        (A.UNKNOWN, 0.3, 2.5),
        (None, 0.3, 2.5),  # blank counts as Unknown
        (A.LOW, 0.1, 0.8),  # 0.833...
    ],
)
def test_availability(availability: A | None, component: float, score: float) -> None:
    [c] = shortlist(person(availability=availability))
    assert (c.availability, c.score) == (component, score)
    assert (c.field, c.expertise, c.seniority, c.values, c.relationship) == (0, 0, 0, 0, 0)
    assert c.matched_expertise is None


@pytest.mark.parametrize(
    ("relationship", "listed"),
    [
        (R.POTENTIAL_MENTOR, True),
        (R.KEY_CONNECTION, True),
        (R.PEER, True),
        (R.OTHER, True),
        (R.MENTOR, False),  # already a mentor
        (R.RECRUITER, False),
    ],
)
def test_who_is_a_candidate(relationship: R, listed: bool) -> None:
    assert len(shortlist(person(relationship=relationship, availability=A.HIGH))) == listed


@pytest.mark.parametrize(
    ("mine", "theirs", "field"),
    [
        ("Software", "SOFTWARE", 1),
        ("Software", "software", 1),
        ("Software", "Finance", 0),
        ("Software", None, 0),
        (None, "Software", 0),
        (None, None, 0),
    ],
)
def test_field(mine: str | None, theirs: str | None, field: float) -> None:
    [c] = shortlist(person(industry=theirs), profile=replace(PROFILE, industry=mine))
    assert c.field == field


@pytest.mark.parametrize(
    ("mine", "theirs", "seniority"),
    [
        (5, 5, 0),
        (5, 4, 0),  # clamped at 0
        (5, 10, 0.5),
        (5, 15, 1),
        (5, 30, 1),  # clamped at 1
        (0, 3, 0.3),  # 0 years is not blank
        (5, None, 0),
        (None, 20, 0),
    ],
)
def test_seniority(mine: int | None, theirs: int | None, seniority: float) -> None:
    profile = replace(PROFILE, years_experience=mine)
    [c] = shortlist(person(years_experience=theirs), profile=profile)
    assert c.seniority == pytest.approx(seniority)


@pytest.mark.parametrize(
    ("level", "component"), [(1, 0), (2, 0.25), (3, 0.5), (4, 0.75), (5, 1), (None, 0)]
)
def test_values_and_relationship(level: int | None, component: float) -> None:
    [c] = shortlist(person(shares_values=level, strength=level))
    assert (c.values, c.relationship) == (component, component)


@pytest.mark.parametrize(
    ("skills", "expertise", "component", "matched"),
    [
        (("Hiring", "Budgeting"), ("hiring ", "Python"), 0.5, "hiring"),
        (("Hiring", "hiring", "Budgeting"), ("HIRING",), 0.5, "HIRING"),  # counted once
        (("Hiring",), ("Hiring", "hiring"), 1, "Hiring"),
        (("Hiring",), ("Python",), 0, None),
        ((), ("Hiring",), 0, None),  # nothing to develop
        (("Hiring",), (), 0, None),
    ],
)
def test_expertise(
    skills: tuple[str, ...], expertise: tuple[str, ...], component: float, matched: str | None
) -> None:
    profile = replace(PROFILE, skills_to_develop=skills)
    [c] = shortlist(person(expertise=expertise), profile=profile)
    assert (c.expertise, c.matched_expertise) == (component, matched)


@pytest.mark.parametrize(
    ("field_weight", "relationship_weight", "score"),
    [
        (16.49, 3.51, 82.5),  # raw 82.45: half-up, not 82.4
        (16.45, 3.55, 82.3),  # raw 82.25: half-up, not half-even's 82.2
        (16.47, 3.53, 82.4),  # raw 82.35: float arithmetic gives 82.34999...
        (16.41, 3.59, 82.1),  # raw 82.05
    ],
)
def test_rounding_half_up(field_weight: float, relationship_weight: float, score: float) -> None:
    weights = only(field=field_weight, relationship=relationship_weight)
    [c] = shortlist(person(industry="Software", strength=1), **weights)
    assert c.score == score


@pytest.mark.parametrize(
    ("weights", "contact", "score"),
    [
        (only(expertise=1), person(expertise=("Hiring",)), 25.0),
        (only(expertise=1), person(expertise=("Hiring", "Budgeting", "Negotiation")), 75.0),
        (only(expertise=1), person(expertise=("Python",)), None),
        (only(availability=2), person(availability=A.MEDIUM), 60.0),
        (only(availability=2), person(availability=A.LOW), 10.0),
        (only(seniority=5), person(years_experience=12), 70.0),
        (only(values=0.5), person(shares_values=4), 75.0),
        (only(relationship=7), person(strength=2), 25.0),
        (only(field=1), person(industry="Finance", availability=A.HIGH), None),
    ],
)
def test_one_weight_only(weights: dict[str, Any], contact: Contact, score: float | None) -> None:
    result = shortlist(contact, **weights)
    assert [c.score for c in result] == ([] if score is None else [score])


def test_one_third_rounds_to_one_decimal() -> None:
    profile = replace(PROFILE, skills_to_develop=("A", "B", "C"))
    result = shortlist(person("One", expertise=("a",)), person("Two", expertise=("b", "c")),
                       profile=profile, **only(expertise=1))
    assert [(c.name, c.score) for c in result] == [("Two", 66.7), ("One", 33.3)]


def test_all_weights_zero_falls_back_to_defaults() -> None:
    [c] = shortlist(person(availability=A.HIGH), **NO_WEIGHTS)
    assert c.score == 8.3


def test_ties_on_rounded_score_go_by_name() -> None:
    weights = only(field=1000, availability=0.001)
    result = shortlist(
        person("Zoe", industry="Software", availability=A.HIGH),  # raw 100
        person("Abe", industry="Software", availability=A.LOW),  # raw 99.99991
        person("mia", industry="Software", availability=A.MEDIUM),  # raw 99.99996
        person("Ed", industry="Finance", availability=A.HIGH),  # raw 0.0001: shows 0.0
        **weights,
    )
    assert [(c.rank, c.name, c.score) for c in result] == [
        (1, "Abe", 100.0), (2, "mia", 100.0), (3, "Zoe", 100.0)]


def test_identical_candidates_go_by_name() -> None:
    twin: dict[str, Any] = {"industry": "Software", "strength": 4, "availability": A.MEDIUM}
    result = shortlist(person("bea", **twin), person("Al", **twin), person("Cy", **twin))
    assert [c.name for c in result] == ["Al", "bea", "Cy"]
    assert [c.rank for c in result] == [1, 2, 3]


@pytest.mark.parametrize(
    ("availability", "listed"),
    [(A.LOW, []), (A.HIGH, [0.4])],  # raw 0.0398 (shows 0.0) vs 0.398
)
def test_score_zero_never_listed(availability: A, listed: list[float]) -> None:
    result = shortlist(person(industry="Finance", availability=availability),
                       **only(field=1, availability=0.004))
    assert [c.score for c in result] == listed


@pytest.mark.parametrize(("size", "names"), [(1, ["P7"]), (3, ["P7", "P6", "P5"]),
                                             (None, ["P7", "P6", "P5", "P4", "P3"]),
                                             (10, [f"P{n}" for n in range(7, 0, -1)])])
def test_shortlist_size(size: int | None, names: list[str]) -> None:
    contacts = [person(f"P{n}", years_experience=n) for n in range(1, 8)]
    setting: dict[str, Any] = {} if size is None else {"shortlist_size": size}
    result = shortlist(*contacts, profile=replace(PROFILE, years_experience=0),
                       **only(seniority=1), **setting)
    assert [c.name for c in result] == names
    assert [c.score for c in result] == [10.0 * int(n[1:]) for n in names]


@pytest.mark.parametrize(
    ("weights", "contact", "why"),
    [
        (only(expertise=1), person("Ann", expertise=("Hiring", "budgeting")),
         "Ann knows 2 of your 4 skills to develop (Hiring, budgeting)."),
        (only(expertise=1),
         person("Ann", expertise=("Hiring", "Budgeting", "Negotiation", "Public speaking")),
         "Ann knows all 4 of your skills to develop (Hiring, Budgeting, Negotiation, "
         "Public speaking)."),
        (only(relationship=1), person("Ann", strength=5), "Ann knows you well (strength 5/5)."),
        (only(relationship=1), person("Ann", strength=2),
         "Ann already knows you (strength 2/5)."),
        (only(seniority=1), person("Ann", years_experience=6),
         "Ann has 1 more year of experience than you."),
        ({}, person("Ann", availability=A.HIGH), "Ann has high availability."),
        ({}, person("Ann", availability=A.MEDIUM, shares_values=3),
         "Ann shares your values (3/5) and has medium availability."),
        ({}, person("Bo"),
         "Bo scores only on availability (blank, counted as Unknown); fill in Industry, "
         "Expertise, Years Experience, Shares Values and Strength to compare them fully."),
        ({}, person("Bo", industry="Finance", expertise=("x",), years_experience=1,
                    shares_values=1, strength=1, availability=A.LOW),
         "Bo scores only on availability (Low)."),
    ],
)
def test_why(weights: dict[str, Any], contact: Contact, why: str) -> None:
    [c] = shortlist(contact, **weights)
    assert c.why == why


def test_why_with_a_single_skill_to_develop() -> None:
    [c] = shortlist(person("Ann", expertise=("hiring",)),
                    profile=replace(PROFILE, skills_to_develop=("Hiring",)))
    assert c.why == "Ann knows your skill to develop (hiring)."


@pytest.mark.parametrize(
    ("contact", "step"),
    [
        (person(expertise=("Hiring",), availability=A.LOW, strength=5),
         "They have little time: email one focused question about Hiring."),
        (person(expertise=("Hiring",), strength=4),
         "Ask for their advice on Hiring; if it goes well, ask about regular mentoring."),
        (person(relationship=R.POTENTIAL_MENTOR, role="CTO", strength=3),
         "Ask whether they would mentor you on their work as CTO, for example a 30-minute "
         "call each month."),
        (person(relationship=R.POTENTIAL_MENTOR, role="CTO", strength=2),
         "Ask for a 20-minute informational interview about their work as CTO."),
        (person(), "Ask for a 20-minute informational interview about their career path."),
    ],
)
def test_suggested_next_step(contact: Contact, step: str) -> None:
    [c] = shortlist(contact)
    assert c.suggested_next_step == step


# ---- Properties --------------------------------------------------------------------------

contacts = st.lists(
    st.builds(
        Contact,
        name=st.text("abAB ", min_size=1, max_size=4),
        relationship=st.sampled_from(R),
        industry=st.none() | st.sampled_from(("Software", "software", "Finance")),
        expertise=st.lists(st.sampled_from(("Hiring", "budgeting", "Python"))).map(tuple),
        years_experience=st.none() | st.integers(0, 40),
        shares_values=st.none() | st.integers(1, 5),
        strength=st.none() | st.integers(1, 5),
        availability=st.none() | st.sampled_from(A),
    ),
    max_size=12, unique_by=lambda c: c.name,
)
weights = st.fixed_dictionaries(
    {k: st.integers(0, 5) for k in NO_WEIGHTS}
).filter(lambda w: any(w.values()))


@given(contacts=contacts, weights=weights, size=st.integers(1, 6), factor=st.integers(2, 7))
def test_shortlist_ranked_and_scale_free(
    contacts: list[Contact], weights: dict[str, Any], size: int, factor: int
) -> None:
    result = shortlist(*contacts, shortlist_size=size, **weights)
    eligible = {c.name for c in contacts if c.relationship not in (R.MENTOR, R.RECRUITER)}
    assert len(result) <= size
    assert [c.rank for c in result] == list(range(1, len(result) + 1))
    assert {c.name for c in result} <= eligible
    keys = [(-c.score, c.name.casefold(), c.name) for c in result]
    assert keys == sorted(keys)
    for c in result:
        assert 0 < c.score <= 100
        parts = (c.field, c.expertise, c.seniority, c.values, c.relationship, c.availability)
        assert all(0 <= p <= 1 for p in parts)
    scaled = shortlist(*contacts, shortlist_size=size,
                       **{k: w * factor for k, w in weights.items()})
    assert scaled == result
