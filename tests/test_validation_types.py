"""Cell types: a wrong type in any column of any sheet is one problem at that cell with a
readable message; the forms SPEC accepts (reordered and extra columns, ISO-text dates,
serial numbers, numbers as text, TRUE/FALSE for Yes/No) validate as valid."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl.utils import get_column_letter
from plans import build_plan, write_plan

from netplan_sheets.labels import Attended, Availability, Relationship, YesNo
from netplan_sheets.problems import ProblemType
from netplan_sheets.schema import Column, Kind, Layout, SheetSchema, input_schemas, sheet_schema
from netplan_sheets.validation import ValidationReport
from netplan_sheets.workbooks import validate_source

DATE = "expected a date like 2026-11-03"
WHOLE = "expected a whole number like 3"
NUMBER = "expected a number like 5 or 2.5"
EMAIL = "expected an email address like ann@example.com"
WEB = "expected a web address like https://example.com"
A_DATE_CELL = datetime(2026, 11, 3)

# Free text and lists take any value: there is no wrong type to give them. (References to
# contacts and goals are text too; test_validation_rules covers names that do not exist.)
ANY_VALUE = {
    "profile": {"name", "target_role", "industry", "short_term_goal", "long_term_goal",
                "elevator_pitch", "strengths", "skills_to_develop", "values"},
    "goals": {"goal_id", "goal", "notes"},
    "contacts": {"name", "organization", "role", "industry", "linkedin", "how_met", "expertise",
                 "notes"},
    "interactions": {"contact", "summary", "goal_id"},
    "actions": {"action", "goal_id", "contact", "notes"},
    "events": {"event", "organization", "notes"},
    "reviews": {"what_worked", "what_to_adjust", "feedback_from", "next_steps"},
}

# (value, problem type, message) for each kind of column; a choice column's message is built
# from its own labels.
WRONG = {
    Kind.DATE: [(v, ProblemType.TYPE_ERROR, DATE) for v in (
        "soon", "tomorrow", "2026-11-3", "03/11/2026", "2026/11/03", "2026-02-30", True, -3)],
    Kind.INTEGER: [(v, ProblemType.TYPE_ERROR, WHOLE) for v in (
        "many", 2.5, "2.5", "5 people", "1,000", "", True, A_DATE_CELL)],
    Kind.NUMBER: [(v, ProblemType.TYPE_ERROR, NUMBER) for v in (
        "abc", "5 people", "1,000", "1e999", "", True, A_DATE_CELL)],
}


def wrong_values(column: Column) -> list[tuple[Any, ProblemType, str]]:
    if column.kind is Kind.CHOICE:
        labels = "expected one of: " + ", ".join(column.choices)
        values: list[Any] = ["Sometimes", 3, A_DATE_CELL]
        if not column.accepts_boolean:
            values.append(True)
        return [(v, ProblemType.CONSTRAINT_ERROR, labels) for v in values]
    if column.text_format == "email":
        return [(v, ProblemType.CONSTRAINT_ERROR, EMAIL)
                for v in ("ann.example.com", "ann@", "ann @example.com")]
    if column.text_format == "uri":
        return [(v, ProblemType.CONSTRAINT_ERROR, WEB)
                for v in ("www.example.com", "ftp://example.com", "example")]
    # "" is not a wrong value: a cell holding empty text is blank
    return [(v, t, m) for v, t, m in WRONG.get(column.kind, []) if v != ""]


def columns_with_a_wrong_type() -> list[Any]:
    return [
        pytest.param(schema, column, id=f"{schema.title}.{column.title}")
        for schema in input_schemas()
        for column in schema.input_columns
        if column.key not in ANY_VALUE.get(schema.key, set())
    ]


def test_every_column_is_either_typed_or_listed_as_free() -> None:
    for schema in input_schemas():
        keys = {c.key for c in schema.input_columns}
        free = ANY_VALUE.get(schema.key, set())
        assert free <= keys, f"{schema.title}: no columns {free - keys}"
        for column in schema.input_columns:
            if column.key in free:
                assert column.kind in (Kind.TEXT, Kind.LIST) and column.text_format is None
            else:
                assert wrong_values(column), f"{schema.title}.{column.title}: no wrong value"


# A valid row per table sheet; n makes keys unique. Interactions and the rest name these.
BASE: dict[str, list[dict[str, Any]]] = {
    "Contacts": [{"Name": "Dana", "Relationship": "Peer"}],
    "Goals": [{"Goal ID": "G0", "Goal": "g", "Metric": "Manual", "Target": 5,
               "Start": date(2026, 9, 1), "Due": date(2026, 12, 31)}],
}


def valid_row(schema: SheetSchema, n: int) -> dict[str, Any]:
    return {
        "goals": {**BASE["Goals"][0], "Goal ID": f"G{n + 1}"},
        "contacts": {"Name": f"Person {n}", "Relationship": "Peer"},
        "interactions": {"Date": date(2026, 11, 3), "Contact": "Dana", "Type": "Call"},
        "actions": {"Action": f"step {n}", "Due": date(2026, 11, 15), "Status": "Not started"},
        "events": {"Event": f"event {n}", "Date": date(2026, 11, 20)},
        "reviews": {"Date": date(2026, 10, 31)},
    }[schema.key]


def one_problem(report: ValidationReport) -> tuple[str, str | None, ProblemType, str | None, str]:
    assert len(report.problems) == 1, [p.one_line() for p in report.problems]
    found = report.problems[0]
    return found.location, found.column, found.type, found.value, found.message


@pytest.mark.parametrize(("schema", "column"), columns_with_a_wrong_type())
def test_a_wrong_type_is_one_problem_at_its_cell(
    tmp_path: Path, schema: SheetSchema, column: Column
) -> None:
    cases = wrong_values(column)
    if schema.layout is Layout.FIELDS:
        row = 2 + [c.key for c in schema.columns].index(column.key)
        for n, (value, kind, message) in enumerate(cases):
            path = write_plan(tmp_path / f"plan{n}.xlsx", {schema.title: {column.title: value}})
            report = validate_source(str(path))
            if schema.key == "settings":
                default = "today" if column.default is None else str(column.default)
                message += f"; the default ({default}) is used"
            location, header, found_kind, _, found_message = one_problem(report)
            assert (location, header, found_kind, found_message) == (
                f"{schema.title}!B{row}", column.title, kind, message), repr(value)
            assert getattr(getattr(report.plan, schema.key), column.key) == column.default
        return
    rows: dict[str, list[dict[str, Any]]] = {title: list(rs) for title, rs in BASE.items()}
    first = 2 + len(rows.get(schema.title, []))
    rows.setdefault(schema.title, []).extend(
        {**valid_row(schema, n), column.title: value} for n, (value, _, _) in enumerate(cases))
    path = write_plan(tmp_path / "plan.xlsx", rows)
    report = validate_source(str(path))
    letter = get_column_letter(1 + list(schema.headers).index(column.title))
    expected = [(f"{schema.title}!{letter}{first + n}", column.title, kind, message)
                for n, (_, kind, message) in enumerate(cases)]
    assert [(p.location, p.column, p.type, p.message) for p in report.problems] == expected
    kept = [record.row for record in getattr(report.plan, schema.key)]
    assert kept == list(range(2, first))  # the base rows only: every bad row is left out


def test_a_problem_quotes_the_value_as_the_cell_shows_it(plan_path: Path) -> None:
    write_plan(plan_path, {"Events": [
        {"Event": "a", "Date": A_DATE_CELL, "New Contacts": A_DATE_CELL},
        {"Event": "b", "Date": True},
        {"Event": "c", "Date": "2026-11-20", "New Contacts": 2.5},
        {"Event": "d", "Date": "2026-11-20", "Type": 3},
    ]})
    report = validate_source(str(plan_path))
    assert [(p.location, p.value) for p in report.problems] == [
        ("Events!F2", "2026-11-03"), ("Events!B3", "TRUE"), ("Events!F4", "2.5"),
        ("Events!C5", "3")]


# --- dates and numbers are never guessed ---------------------------------------------------

@pytest.mark.parametrize("text", ["2026-11-3", "03/11/2026", "11/03/2026", "3 Nov 2026",
                                  "tomorrow", "2026-11-03T10:00", "20261103", "2026-11-03 x"])
def test_dates_are_never_guessed(plan_path: Path, text: str) -> None:
    write_plan(plan_path, {"Reviews": [{"Date": text}]})
    assert one_problem(validate_source(str(plan_path))) == (
        "Reviews!A2", "Date", ProblemType.TYPE_ERROR, text, DATE)


@pytest.mark.parametrize("text", ["5 people", "1,000", "1 000", "five", "5%", "$5", "0x10",
                                  "nan", "inf", "1e999"])
def test_numbers_are_never_guessed(plan_path: Path, text: str) -> None:
    write_plan(plan_path, {"Goals": [{**BASE["Goals"][0], "Target": text}]})
    assert one_problem(validate_source(str(plan_path))) == (
        "Goals!E2", "Target", ProblemType.TYPE_ERROR, text, NUMBER)


# --- what SPEC accepts ---------------------------------------------------------------------

CONTACT_HEADERS = ["  relationship ", "My Score", "NAME", "Added On", "Strength",
                   "Years Experience", "Availability", "Email", "Follow Up Every", "expertise",
                   "Due Next"]  # Due Next: a user column next to a schema one

VALID_VARIANTS: Mapping[str, Any] = {
    "Profile": {"Years Experience": "6", "Skills To Develop": "hiring; budgeting,  Rust ",
                "LinkedIn": "https://www.linkedin.com/in/alex"},
    "Settings": {"As Of": 46329, "Cadence Peer": "40", "Weight Field": "0.5",
                 "Weight Values": 0},
    "Contacts": [
        {"  relationship ": "potential MENTOR", "My Score": "many", "NAME": "  Dana Lee ",
         "Added On": "2026-10-01", "Strength": "5", "Years Experience": 15.0,
         "Availability": "high", "Email": "dana@example.com", "expertise": "hiring;  Rust",
         "Due Next": "soon"},
        {"  relationship ": "Peer", "NAME": "Eve", "Added On": 46000, "Strength": 3,
         "Follow Up Every": " 30 ", "My Score": -1},
        {"  relationship ": "Key connection", "NAME": "Fay",
         "Added On": datetime(2026, 10, 2, 13, 30), "My Score": "=BAD("},
    ],
    "Goals": [{"Goal ID": "G1", "Goal": "Meet", "Metric": "new CONTACTS", "Target": "2.5",
               "Start": "2026-09-01", "Due": "2026-09-01"}],  # Due = Start is fine
    "Interactions": [
        {"Date": 46329.75, "Contact": "Dana Lee", "Type": "coffee chat",
         "Follow Up Done": False, "Opportunity": "YES", "Goal ID": " G1 "},
    ],
    "Actions": [{"Action": "Thank Dana", "Due": "2026-11-05", "Status": "Done",
                 "Done On": "2026-11-04", "Strategy": "outreach", "Contact": "Dana Lee"}],
    "Events": [
        {"Event": "Meetup", "Date": "2026-11-20", "Attended": "planned", "New Contacts": "0"},
        {"Event": "Conf", "Date": "2026-10-20", "Attended": False, "New Contacts": 4.0},
    ],
    "Reviews": [{"Date": datetime(2026, 10, 31, 9, 0), "Feedback From": "Eve"}],
}


@pytest.fixture
def valid_variants(plan_path: Path) -> ValidationReport:
    book = build_plan(VALID_VARIANTS, headers={"Contacts": CONTACT_HEADERS})
    contacts = book["Contacts"]
    contacts.title = "CONTACTS "  # sheets are found ignoring case and spaces
    contacts.merge_cells("K2:K3")  # Due Next: the user's own column
    book.save(plan_path)
    return validate_source(str(plan_path))


def test_valid_variants_validate_as_valid(valid_variants: ValidationReport) -> None:
    assert valid_variants.valid, [p.one_line() for p in valid_variants.problems]
    assert valid_variants.rows_checked == {"goals": 1, "contacts": 3, "interactions": 1,
                                           "actions": 1, "events": 2, "reviews": 1}


def test_valid_variants_are_read_as_their_types(valid_variants: ValidationReport) -> None:
    plan = valid_variants.plan
    dana, eve, fay = plan.contacts
    assert (dana.name, dana.relationship, dana.strength, dana.years_experience) == (
        "Dana Lee", Relationship.POTENTIAL_MENTOR, 5, 15)
    assert type(dana.years_experience) is int and type(dana.strength) is int
    assert (dana.availability, dana.added_on, dana.expertise) == (
        Availability.HIGH, date(2026, 10, 1), ("hiring", "Rust"))
    assert (eve.added_on, eve.follow_up_every, fay.added_on) == (
        date(2025, 12, 9), 30, date(2026, 10, 2))  # serial 46000; a time part is dropped
    assert [c.row for c in plan.contacts] == [2, 3, 4]
    goal = plan.goals[0]
    assert (goal.metric, goal.target, goal.start, goal.due) == (
        "New contacts", 2.5, date(2026, 9, 1), date(2026, 9, 1))
    interaction = plan.interactions[0]
    assert (interaction.date, interaction.follow_up_done, interaction.opportunity,
            interaction.goal_id, interaction.contact) == (
        date(2026, 11, 3), YesNo.NO, YesNo.YES, "G1", "Dana Lee")
    assert plan.actions[0].strategy == "Outreach"
    assert [(e.attended, e.new_contacts) for e in plan.events] == [
        (Attended.PLANNED, 0), (Attended.NO, 4)]
    assert plan.reviews[0].date == date(2026, 10, 31)
    assert plan.profile.years_experience == 6
    assert plan.profile.skills_to_develop == ("hiring", "budgeting", "Rust")
    settings = plan.settings
    assert (settings.as_of, settings.cadence_peer, settings.weight_field,
            settings.weight_values) == (date(2026, 11, 3), 40, 0.5, 0)


def test_user_columns_are_never_an_error(plan_path: Path) -> None:
    """Every kind of value a schema column would refuse, in columns the schemas do not know."""
    headers = [*sheet_schema("goals").headers, "Deadline", "Count", "Status Note", "Status"]
    rows: Sequence[Mapping[str, Any]] = [
        {**BASE["Goals"][0], "Deadline": "soon", "Count": "many", "Status Note": True},
        {"Deadline": "=1+1", "Count": "1,000"},  # a row with only user columns: skipped
    ]
    book = build_plan({"Goals": rows, "Contacts": BASE["Contacts"]}, headers={"Goals": headers})
    book.save(plan_path)
    report = validate_source(str(plan_path))
    # "Status" is the Goals sheet's own computed column, written twice: that is reported
    assert [(p.location, p.type) for p in report.problems] == [
        ("Goals!Q1", ProblemType.DUPLICATE_COLUMN)]
    assert [g.row for g in report.plan.goals] == [2]
    assert report.rows_checked["goals"] == 1


def test_blank_rows_in_the_middle_are_skipped(plan_path: Path) -> None:
    book = build_plan({"Contacts": [
        {"Name": "Dana", "Relationship": "Peer"},
        {},
        {"Name": "  ", "Relationship": " ", "Notes": ""},  # spaces only: blank
        {"Name": "Eve", "Relationship": "Peer"},
    ]})
    ws = book["Contacts"]
    ws["Q3"] = date(2026, 1, 1)  # a computed column (Last Contact) does not make a row
    ws["Z4"] = "mine"  # nor does a user's cell beyond the table
    ws["A9"] = "Fay"
    ws["H9"] = "Mentor"
    book.save(plan_path)
    report = validate_source(str(plan_path))
    assert report.valid, [p.one_line() for p in report.problems]
    assert [c.row for c in report.plan.contacts] == [2, 5, 9]
    assert report.rows_checked["contacts"] == 3


def test_dates_with_time_parts_and_1904_workbooks(plan_path: Path) -> None:
    book = build_plan({"Interactions": [
        {"Date": datetime(2026, 11, 3, 17, 45), "Contact": "Dana", "Type": "Call"},
        {"Date": 46000, "Contact": "Dana", "Type": "Call"},
    ], "Contacts": [{"Name": "Dana", "Relationship": "Peer"}]})
    book.epoch = datetime(1904, 1, 1)  # a Mac 1904 workbook counts serials from 1904
    book.save(plan_path)
    report = validate_source(str(plan_path))
    assert report.valid, [p.one_line() for p in report.problems]
    assert [i.date for i in report.plan.interactions] == [date(2026, 11, 3), date(2029, 12, 10)]
