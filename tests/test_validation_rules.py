"""Every validation rule at once: one workbook with a deliberate error for each rule gets
exactly those problems, at exactly those cells, and the rows with problems are left out.

Sheet structure (a missing sheet, a renamed column) stops a sheet's rows being read at all:
those rules are in test_validation_structure.py.
"""

from __future__ import annotations

from datetime import date

import pytest
from plans import build_plan
from problem_checks import assert_readable, triples

from netplan_sheets.labels import ActionStatus, Attended, Relationship, YesNo
from netplan_sheets.problems import ProblemType
from netplan_sheets.schema import sheet_schema
from netplan_sheets.validation import ValidationReport
from netplan_sheets.workbooks import validate_source

T = ProblemType
CONTACT_HEADERS = [*sheet_schema("contacts").headers, "My Tag"]
EVENT_HEADERS = [*sheet_schema("events").headers, "notes"]  # Notes twice: a duplicate header

GOOD_GOAL = {"Goal": "Meet people", "Metric": "interactions", "Target": 10,
             "Start": "2026-09-01", "Due": "2026-12-31"}


def goal(goal_id: str, **changes: object) -> dict[str, object]:
    return {"Goal ID": goal_id, **GOOD_GOAL, **changes}


EVERY_RULE = {
    "Profile": {"Email": "alex@", "Years Experience": "many",
                "LinkedIn": "linkedin.com/in/alex", "Industry": "Software"},
    "Settings": {"As Of": "tomorrow", "Cadence Mentor": 0, "Cadence Peer": 45,
                 "Thank-You Window": -1, "Shortlist Size": 2.5,
                 **{f"Weight {w}": 0 for w in ("Field", "Expertise", "Seniority", "Values",
                                               "Relationship", "Availability")}},
    "Goals": [
        goal("G1"),                                       # 2 kept
        goal("G2", Target=0),                             # 3 exclusiveMinimum
        goal("G3", Target=-2),                            # 4
        goal("G4", Start="2026-09-01", Due="2026-08-31"),  # 5 Due before Start
        goal("G1", Goal="Again"),                         # 6 duplicate Goal ID
        goal("G5", Goal=None),                            # 7 required
        goal("G6", Horizon="Medium-term"),                # 8 enum
        goal("G7", Metric="Coffees"),                     # 9 enum
        goal("G8", **{"Manual Progress": "abc"}),         # 10 number
        goal("G9", Horizon="LONG-TERM"),                  # 11 kept: labels ignore case
    ],
    "Contacts": [
        {"Name": " Dana Lee ", "Relationship": "potential MENTOR", "Strength": 5},  # 2 kept
        {"Name": "Dana Lee", "Relationship": "Mentor"},              # 3 duplicate (trimmed)
        {"Name": "Ann", "Relationship": "Peer", "Strength": 0},      # 4
        {"Name": "Bo", "Relationship": "Peer", "Strength": 6},       # 5
        {"Name": "Cy", "Relationship": "Peer", "Shares Values": 6},  # 6
        {"Name": "Di", "Relationship": "Peer", "Years Experience": -1},  # 7
        {"Name": "Ed", "Relationship": "Peer", "Follow Up Every": 0},    # 8
        {"Name": "Flo", "Relationship": "Peer", "Email": "flo-at-example.com"},  # 9
        {"Name": "Gus"},                                             # 10 required
        {"Relationship": "Peer", "Role": "Engineer"},                # 11 required Name
        {"Name": "Hal", "Relationship": "Friend"},                   # 12 enum
        {"Name": "Ivy", "Relationship": "Peer", "Availability": "Sometimes"},  # 13
        {"Name": "Jo", "Relationship": "Peer"},                      # 14 formula (below)
        {"Name": "Kim", "Relationship": "Peer", "Added On": "03/11/2026"},  # 15
        {},                                                          # 16 blank: skipped
        {"My Tag": "soon"},                                          # 17 user column only
        {"Name": "Lu", "Relationship": "Peer", "Industry": "Software"},  # 18 merged D18:D19
        {"Name": "Mo", "Relationship": "Peer"},                      # 19
        {"Name": "Ned", "Relationship": "Key connection", "My Tag": "many"},  # 20 kept
        {"Name": "Oz", "Relationship": "Peer"},                      # 21 merged A21:A22
        {"Relationship": "Peer"},                                    # 22 (Name hidden)
    ],
    "Interactions": [
        {"Date": "2026-11-03", "Contact": "Dana Lee", "Type": "coffee CHAT",
         "Follow Up Done": True, "Opportunity": False, "Goal ID": "G1"},  # 2 kept
        {"Date": "2026-11-03", "Contact": "Zed", "Type": "Call"},         # 3 no such contact
        {"Date": "2026-11-03", "Contact": "Dana Lee", "Type": "Call", "Goal ID": "G99"},  # 4
        {"Date": "2026-11-03", "Contact": "Ann", "Type": "Call"},         # 5 left-out contact
        {"Date": "2026-11-03", "Contact": "Dana Lee", "Type": "Call", "Goal ID": "G2"},  # 6
        {"Date": "2026-11-03", "Contact": "Dana Lee", "Type": "Lunch"},   # 7 enum
        {"Date": "tomorrow", "Contact": "Dana Lee", "Type": "Call"},      # 8 date
        {"Date": "2026-11-03", "Contact": "Dana Lee", "Type": "Call",
         "Follow Up Done": "Maybe"},                                      # 9 enum
        {"Date": "2026-11-03", "Contact": "dana lee", "Type": "Call"},    # 10 exact match
        {"Date": "2026-11-04", "Contact": "  Dana Lee", "Type": "Email",
         "Opportunity": "yes"},                                           # 11 kept
        {"Date": "2026-11-03", "Type": "Call"},                           # 12 required
        {"Date": "2026-11-3", "Contact": "Dana Lee", "Type": "Call"},     # 13 date
    ],
    "Actions": [
        {"Action": "Ask Dana", "Goal ID": "G1", "Contact": "Dana Lee", "Due": "2026-11-15",
         "Status": "Done", "Done On": "2026-11-12"},                      # 2 kept
        {"Action": "a", "Due": "2026-11-15", "Status": "Done"},           # 3 Done On
        {"Action": "b", "Due": "2026-11-15", "Status": "done"},           # 4 Done On
        {"Action": "c", "Due": "2026-11-15", "Status": "Not started",
         "Strategy": "Networking"},                                       # 5 enum
        {"Action": "d", "Due": "2026-11-15", "Status": "Not started", "Contact": "Zed"},  # 6
        {"Action": "e", "Status": "Not started"},                         # 7 required
        {"Action": "f", "Due": "2026-11-15", "Status": "Finished"},       # 8 enum
        {"Action": "g", "Due": "2026-11-15", "Status": "Done",
         "Done On": "2026-13-01"},                                        # 9 no 13th month
        {"Action": "h", "Due": "2026-11-15", "Status": "In progress",
         "Goal ID": "G404"},                                              # 10 no such goal
    ],
    "Events": [
        {"Event": "Meetup", "Date": "2026-11-20", "Attended": True,
         "New Contacts": "3", "notes": "x"},                              # 2 kept
        {"Event": "a", "Date": "2026-11-20", "New Contacts": -1},         # 3
        {"Event": "b", "Date": "2026-11-20", "Attended": "Maybe"},        # 4 enum
        {"Event": "c", "Date": "2026-11-20", "Type": "Party"},            # 5 enum
        {"Event": "d"},                                                   # 6 required Date
        {"Event": "e", "Date": "2026-11-20", "New Contacts": 2.5},        # 7 whole number
        {"Event": "f", "Date": "2026-11-20", "New Contacts": "5 people"},  # 8
        {"Organization": "Meetup.com"},                                   # 9 two required
    ],
    "Reviews": [
        {"Date": 46300, "Feedback From": "Dana Lee"},                     # 2 kept (serial)
        {"Date": "2026-10-31", "Feedback From": "Zed"},                   # 3 no such contact
        {"Date": "2026-10-31", "Feedback From": "Bo"},                    # 4 left-out contact
        {"What Worked": "talks"},                                         # 5 required Date
    ],
}

EXPECTED = {
    ("Profile!B3", "Email", T.CONSTRAINT_ERROR),
    ("Profile!B6", "Years Experience", T.TYPE_ERROR),
    ("Profile!B10", "LinkedIn", T.CONSTRAINT_ERROR),
    ("Settings!B2", "As Of", T.TYPE_ERROR),
    ("Settings!B5", "Cadence Mentor", T.CONSTRAINT_ERROR),
    ("Settings!B9", "Thank-You Window", T.CONSTRAINT_ERROR),
    ("Settings!B12", "Shortlist Size", T.TYPE_ERROR),
    ("Settings!B13", "Weight Field", T.INVALID_SETTING),
    ("Goals!E3", "Target", T.CONSTRAINT_ERROR),
    ("Goals!E4", "Target", T.CONSTRAINT_ERROR),
    ("Goals!G5", "Due", T.DATE_ORDER),
    ("Goals!A6", "Goal ID", T.DUPLICATE_KEY),
    ("Goals!B7", "Goal", T.MISSING_CELL),
    ("Goals!C8", "Horizon", T.CONSTRAINT_ERROR),
    ("Goals!D9", "Metric", T.CONSTRAINT_ERROR),
    ("Goals!H10", "Manual Progress", T.TYPE_ERROR),
    ("Contacts!A3", "Name", T.DUPLICATE_KEY),
    ("Contacts!I4", "Strength", T.CONSTRAINT_ERROR),
    ("Contacts!I5", "Strength", T.CONSTRAINT_ERROR),
    ("Contacts!L6", "Shares Values", T.CONSTRAINT_ERROR),
    ("Contacts!K7", "Years Experience", T.CONSTRAINT_ERROR),
    ("Contacts!N8", "Follow Up Every", T.CONSTRAINT_ERROR),
    ("Contacts!E9", "Email", T.CONSTRAINT_ERROR),
    ("Contacts!H10", "Relationship", T.MISSING_CELL),
    ("Contacts!A11", "Name", T.MISSING_CELL),
    ("Contacts!H12", "Relationship", T.CONSTRAINT_ERROR),
    ("Contacts!M13", "Availability", T.CONSTRAINT_ERROR),
    ("Contacts!C14", "Role", T.FORMULA_WITHOUT_VALUE),
    ("Contacts!O15", "Added On", T.TYPE_ERROR),
    ("Contacts!D18", "Industry", T.MERGED_CELL),
    ("Contacts!D19", "Industry", T.MERGED_CELL),
    ("Contacts!A21", "Name", T.MERGED_CELL),
    ("Contacts!A22", "Name", T.MERGED_CELL),  # not also "Name is required": the merge hides it
    ("Interactions!B3", "Contact", T.UNKNOWN_REFERENCE),
    ("Interactions!H4", "Goal ID", T.UNKNOWN_REFERENCE),
    ("Interactions!B5", "Contact", T.UNKNOWN_REFERENCE),
    ("Interactions!H6", "Goal ID", T.UNKNOWN_REFERENCE),
    ("Interactions!C7", "Type", T.CONSTRAINT_ERROR),
    ("Interactions!A8", "Date", T.TYPE_ERROR),  # not also "Date is required"
    ("Interactions!F9", "Follow Up Done", T.CONSTRAINT_ERROR),
    ("Interactions!B10", "Contact", T.UNKNOWN_REFERENCE),
    ("Interactions!B12", "Contact", T.MISSING_CELL),
    ("Interactions!A13", "Date", T.TYPE_ERROR),
    ("Actions!G3", "Done On", T.MISSING_CELL),
    ("Actions!G4", "Done On", T.MISSING_CELL),
    ("Actions!C5", "Strategy", T.CONSTRAINT_ERROR),
    ("Actions!D6", "Contact", T.UNKNOWN_REFERENCE),
    ("Actions!E7", "Due", T.MISSING_CELL),
    ("Actions!F8", "Status", T.CONSTRAINT_ERROR),
    ("Actions!G9", "Done On", T.TYPE_ERROR),
    ("Actions!B10", "Goal ID", T.UNKNOWN_REFERENCE),
    ("Events!H1", "notes", T.DUPLICATE_COLUMN),
    ("Events!F3", "New Contacts", T.CONSTRAINT_ERROR),
    ("Events!E4", "Attended", T.CONSTRAINT_ERROR),
    ("Events!C5", "Type", T.CONSTRAINT_ERROR),
    ("Events!B6", "Date", T.MISSING_CELL),
    ("Events!F7", "New Contacts", T.TYPE_ERROR),
    ("Events!F8", "New Contacts", T.TYPE_ERROR),
    ("Events!A9", "Event", T.MISSING_CELL),  # each missing cell once
    ("Events!B9", "Date", T.MISSING_CELL),
    ("Reviews!D3", "Feedback From", T.UNKNOWN_REFERENCE),
    ("Reviews!D4", "Feedback From", T.UNKNOWN_REFERENCE),
    ("Reviews!A5", "Date", T.MISSING_CELL),
}

@pytest.fixture(scope="module")
def every_rule(tmp_path_factory: pytest.TempPathFactory) -> ValidationReport:
    book = build_plan(EVERY_RULE, headers={"Contacts": CONTACT_HEADERS, "Events": EVENT_HEADERS})
    contacts = book["Contacts"]
    contacts["C14"] = "=1+1"  # openpyxl saves formulas without a value
    contacts.merge_cells("D18:D19")
    contacts.merge_cells("A21:A22")
    contacts.merge_cells("X2:Y3")  # beside the table: the user's own space
    contacts.merge_cells("U20:V21")  # within the user's own column (My Tag): theirs
    book["Events"]["J2"] = "=NOW()"  # a formula in a column nobody reads
    path = tmp_path_factory.mktemp("rules") / "plan.xlsx"
    book.save(path)
    return validate_source(str(path))


def test_every_rule_gives_exactly_its_problems(every_rule: ValidationReport) -> None:
    found = triples(every_rule.problems)
    assert found == EXPECTED, (
        f"unexpected: {sorted(found - EXPECTED)}\nmissing: {sorted(EXPECTED - found)}")
    assert len(every_rule.problems) == len(EXPECTED), "a problem was reported twice"


def test_every_problem_type_is_exercised(every_rule: ValidationReport) -> None:
    missing_structure = {T.MISSING_SHEET, T.MISSING_COLUMN}  # test_validation_structure
    missing_structure.add(T.RENAMED_COLUMN)  # a warning: test_renamed_columns
    assert {p.type for p in every_rule.problems} == set(ProblemType) - missing_structure


def test_every_message_is_a_readable_sentence(every_rule: ValidationReport) -> None:
    for found in every_rule.problems:
        assert_readable(found.message)
        assert found.sheet and found.cell and found.row and found.column_index


def test_values_are_quoted_back_as_typed(every_rule: ValidationReport) -> None:
    by_place = {p.location: p for p in every_rule.problems}
    assert by_place["Goals!E3"].value == "0"
    assert by_place["Contacts!O15"].value == "03/11/2026"
    assert by_place["Contacts!C14"].value == "=1+1"
    assert by_place["Events!F7"].value == "2.5"
    assert by_place["Events!H1"].value == "notes"
    assert by_place["Contacts!H10"].value is None
    assert by_place["Contacts!D18"].value is None


@pytest.mark.parametrize(("where", "message"), [
    ("Profile!B6", "expected a whole number like 3"),
    ("Profile!B10", "expected a web address like https://example.com"),
    ("Settings!B2", "expected a date like 2026-11-03; the default (today) is used"),
    ("Settings!B5", "expected a whole number from 1 to 36500; the default (14) is used"),
    ("Settings!B9", "expected a whole number from 0 to 36500; the default (2) is used"),
    ("Settings!B12", "expected a whole number like 3; the default (5) is used"),
    ("Settings!B13", "all six mentor weights are 0; at least one must be above 0, so the "
                     "default weights are used"),
    ("Goals!E3", "expected a number above 0"),
    ("Goals!G5", "Due is before Start (2026-09-01)"),
    ("Goals!A6", 'Goal ID "G1" is already used in row 2; each Goal ID must be unique'),
    ("Goals!B7", "Goal is required"),
    ("Contacts!A3", 'Name "Dana Lee" is already used in row 2; each Name must be unique'),
    ("Contacts!I5", "expected a whole number from 1 to 5"),
    ("Contacts!E9", "expected an email address like ann@example.com"),
    ("Contacts!H12", "expected one of: Key connection, Potential mentor, Mentor, Peer, "
                     "Recruiter, Other"),
    ("Contacts!C14", "this formula has no saved value; open the file in Excel or LibreOffice, "
                     "save it, and run again"),
    ("Contacts!D18", "merged cells inside a table cannot be read; unmerge them"),
    ("Interactions!B3", 'there is no Contacts row with Name "Zed"'),
    ("Interactions!H4", 'there is no Goals row with Goal ID "G99"'),
    ("Interactions!B5", '"Ann" is left out because its row in Contacts (row 4) has a problem; '
                        "fix that row first"),
    ("Interactions!H6", '"G2" is left out because its row in Goals (row 3) has a problem; '
                        "fix that row first"),
    ("Actions!G3", "Done On is required when Status is Done"),
    ("Actions!G4", "Done On is required when Status is Done"),
    ("Actions!G9", "expected a date like 2026-11-03"),
    ("Events!H1", "notes appears more than once; only the first is used"),
])
def test_messages(every_rule: ValidationReport, where: str, message: str) -> None:
    assert [p.message for p in every_rule.problems if p.location == where] == [message]


def test_rows_with_problems_are_left_out(every_rule: ValidationReport) -> None:
    plan = every_rule.plan
    assert [g.row for g in plan.goals] == [2, 11]
    assert [c.row for c in plan.contacts] == [2, 20]
    assert [i.row for i in plan.interactions] == [2, 11]
    assert [a.row for a in plan.actions] == [2]
    assert [e.row for e in plan.events] == [2]
    assert [r.row for r in plan.reviews] == [2]
    assert every_rule.kept_rows["contacts"] == [2, 20]


def test_kept_rows_carry_canonical_labels_and_trimmed_names(every_rule: ValidationReport) -> None:
    plan = every_rule.plan
    dana = plan.contacts[0]
    assert (dana.name, dana.relationship) == ("Dana Lee", Relationship.POTENTIAL_MENTOR)
    assert plan.goals[1].horizon == "Long-term"
    first, second = plan.interactions
    assert (first.type, first.follow_up_done, first.opportunity) == (
        "Coffee chat", YesNo.YES, YesNo.NO)
    assert (second.contact, second.opportunity) == ("Dana Lee", YesNo.YES)
    assert plan.events[0].attended is Attended.YES
    assert plan.events[0].new_contacts == 3
    assert plan.actions[0].status is ActionStatus.DONE
    assert plan.reviews[0].date == date(2026, 10, 5)  # serial 46300


def test_invalid_settings_use_their_defaults(every_rule: ValidationReport) -> None:
    settings = every_rule.plan.settings
    assert settings.as_of is None  # today
    assert (settings.cadence_mentor, settings.thank_you_window, settings.shortlist_size) == (
        14, 2, 5)
    assert settings.cadence_peer == 45  # a valid setting is kept
    assert settings.weights() == {"field": 3, "expertise": 3, "seniority": 2, "values": 2,
                                  "relationship": 1, "availability": 1}


def test_invalid_profile_fields_are_left_out(every_rule: ValidationReport) -> None:
    profile = every_rule.plan.profile
    assert (profile.email, profile.years_experience, profile.linkedin) == (None, None, None)
    assert profile.industry == "Software"


def test_blank_and_user_only_rows_are_not_checked(every_rule: ValidationReport) -> None:
    contacts = EVERY_RULE["Contacts"]
    assert isinstance(contacts, list)
    assert every_rule.rows_checked["contacts"] == len(contacts) - 2  # rows 16 and 17
